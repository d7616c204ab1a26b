using System.Text;
using Google.Protobuf.Reflection;

namespace Faultline;

/// <summary>
/// Field paths as AIP-193 wants them in a google.rpc.BadRequest: proto field names
/// (<c>display_name</c>, <c>address.postal_code</c>, <c>items[2].sku</c>), not the C# property names
/// validators report (<c>DisplayName</c>, <c>Address.PostalCode</c>, <c>Items[2].Sku</c>).
/// </summary>
public static class ProtoFieldPath
{
    /// <summary>
    /// The proto path of a C# property path of a message of type <paramref name="descriptor"/>. Segments
    /// that name no field (or follow a map or scalar) are kept as they are.
    /// </summary>
    public static string FromPropertyPath(MessageDescriptor? descriptor, string propertyPath)
    {
        ArgumentNullException.ThrowIfNull(propertyPath);
        if (descriptor is null || propertyPath.Length == 0)
        {
            return propertyPath;
        }

        var result = new StringBuilder(propertyPath.Length + 8);
        var current = descriptor;
        foreach (var segment in propertyPath.Split('.'))
        {
            if (result.Length > 0)
            {
                result.Append('.');
            }

            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? segment : segment[..bracket];
            var field = current?.Fields.InDeclarationOrder().FirstOrDefault(f => f.PropertyName == name);
            result.Append(field?.Name ?? name).Append(bracket < 0 ? string.Empty : segment[bracket..]);
            current = field is { FieldType: FieldType.Message, IsMap: false } ? field.MessageType : null;
        }

        return result.ToString();
    }
}
