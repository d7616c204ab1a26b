using Faultline.Internal.Wire;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace Faultline.Tests.Infrastructure;

/// <summary>Encodes statuses under chosen policies and makes details and trailers of chosen sizes.</summary>
internal static class WireSamples
{
    public static StatusEncodingPolicy Policy(int maxSize = StatusEncodingPolicy.DefaultMaxSize, bool debugInfo = false, bool pushback = true) =>
        new(maxSize, debugInfo, pushback);

    public static EncodedStatus Encode(RichStatus status, int maxSize = StatusEncodingPolicy.DefaultMaxSize, bool debugInfo = false, bool pushback = true, IEnumerable<Metadata.Entry>? trailers = null) =>
        StatusEncoder.Encode(status, trailers, Policy(maxSize, debugInfo, pushback));

    /// <summary>A BadRequest whose serialized size is a little over <paramref name="bytes"/>.</summary>
    public static BadRequest BadRequestOf(int bytes, string field = "field") =>
        new() { FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = new string('b', bytes) } } };

    public static DebugInfo DebugInfoOf(int bytes, string detail = "debug") =>
        new() { Detail = detail, StackEntries = { new string('d', bytes) } };

    public static Help HelpOf(int bytes) =>
        new() { Links = { new Help.Types.Link { Description = new string('h', bytes), Url = "https://example.com" } } };

    public static Metadata.Entry Text(string key, int length, char fill = 'v') => new(key, new string(fill, length));

    /// <summary>The full type names of <paramref name="details"/>, in order.</summary>
    public static string[] TypeNames(IEnumerable<Any> details) => details.Select(d => Any.GetTypeName(d.TypeUrl)).ToArray();

    /// <summary>Whether <paramref name="text"/> is well-formed UTF-16 (no unpaired surrogate).</summary>
    public static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
