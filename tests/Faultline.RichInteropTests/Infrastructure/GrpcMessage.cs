using System.Text;

namespace Faultline.RichInteropTests.Infrastructure;

/// <summary>
/// grpc-message's percent-encoding (gRPC over HTTP/2: UTF-8, every byte outside 0x20-0x7E and '%'
/// itself as %XX), decoded here independently of grpc-dotnet and Faultline.
/// </summary>
public static class GrpcMessage
{
    /// <summary>The message a raw <c>grpc-message</c> value stands for ("" when absent).</summary>
    public static string Decode(string? raw)
    {
        if (raw is null)
        {
            return "";
        }

        var bytes = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '%' && i + 2 < raw.Length && Uri.IsHexDigit(raw[i + 1]) && Uri.IsHexDigit(raw[i + 2]))
            {
                bytes.Add(Convert.ToByte(raw.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add((byte)raw[i]);
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>Whether <paramref name="raw"/> is a valid encoding: printable ASCII only, '%' only before two hex digits.</summary>
    public static bool IsWellFormed(string raw)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] is < ' ' or > '~')
            {
                return false;
            }

            if (raw[i] == '%' && !(i + 2 < raw.Length && Uri.IsHexDigit(raw[i + 1]) && Uri.IsHexDigit(raw[i + 2])))
            {
                return false;
            }
        }

        return true;
    }
}
