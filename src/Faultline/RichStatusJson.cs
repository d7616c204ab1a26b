using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Faultline;

/// <summary>
/// Renders a <see cref="RichStatus"/> as JSON in the google.rpc.Status JSON mapping
/// (<c>{"code": 5, "message": "...", "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", ...}]}</c>),
/// for logs and tools. The standard error detail types are known; add others with a registry.
/// A detail of an unknown type is rendered as its type URL and base64 bytes instead of failing.
/// </summary>
public static class RichStatusJson
{
    /// <summary>
    /// The types of the standard error details (google/rpc/error_details.proto) and google.rpc.Status,
    /// for JSON formatters and parsers that meet them inside <see cref="Any"/>.
    /// </summary>
    public static TypeRegistry StandardTypes { get; } = TypeRegistry.FromFiles(
        Google.Rpc.ErrorDetailsReflection.Descriptor,
        Google.Rpc.StatusReflection.Descriptor);

    // After StandardTypes: static initializers run in the order they are written.
    private static readonly JsonFormatter StandardFormatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(StandardTypes));

    /// <summary>Formats <paramref name="status"/>; <paramref name="extraTypes"/> are the descriptors of custom detail types.</summary>
    public static string Format(RichStatus status, params MessageDescriptor[] extraTypes)
    {
        ArgumentNullException.ThrowIfNull(status);
        var formatter = extraTypes.Length == 0
            ? StandardFormatter
            : new JsonFormatter(JsonFormatter.Settings.Default.WithTypeRegistry(TypeRegistry.FromFiles(
                new[] { Google.Rpc.ErrorDetailsReflection.Descriptor, Google.Rpc.StatusReflection.Descriptor }.Concat(extraTypes.Select(t => t.File)).Distinct().ToArray())));

        var builder = new StringBuilder();
        builder.Append("{ \"code\": ").Append((int)status.Code);
        builder.Append(", \"message\": ").Append(JsonSerializer.Serialize(status.Message));
        builder.Append(", \"details\": [");
        for (var i = 0; i < status.Details.Count; i++)
        {
            builder.Append(i == 0 ? " " : ", ").Append(FormatDetail(formatter, status.Details[i]));
        }

        builder.Append(status.Details.Count > 0 ? " ] }" : "] }");
        return builder.ToString();
    }

    private static string FormatDetail(JsonFormatter formatter, Any detail)
    {
        try
        {
            return formatter.Format(detail);
        }
        catch (InvalidOperationException)
        {
            // Not in the registry: keep it visible rather than lose it.
            return $"{{ \"@type\": {JsonSerializer.Serialize(detail.TypeUrl)}, \"value\": \"{detail.Value.ToBase64()}\" }}";
        }
        catch (InvalidProtocolBufferException)
        {
            return $"{{ \"@type\": {JsonSerializer.Serialize(detail.TypeUrl)}, \"value\": \"{detail.Value.ToBase64()}\", \"error\": \"unparseable\" }}";
        }
    }
}
