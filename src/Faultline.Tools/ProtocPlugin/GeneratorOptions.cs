namespace Faultline.ProtocPlugin;

/// <summary>An error to report to protoc (it prints it and fails the compilation).</summary>
internal sealed class GeneratorException(string message) : Exception(message);

/// <summary>
/// The plugin's options, passed by protoc as the comma-separated <c>--grpc_opt</c> value (Grpc.Tools
/// sets <c>no_server</c> for <c>GrpcServices="Client"</c>, <c>no_client</c> for <c>"Server"</c> and
/// <c>internal_access</c> for <c>Access="Internal"</c>).
/// </summary>
internal sealed record GeneratorOptions
{
    /// <summary>Whether to generate the service base class and <c>BindService</c>.</summary>
    public bool GenerateServer { get; init; } = true;

    /// <summary>Whether to generate the typed client.</summary>
    public bool GenerateClient { get; init; } = true;

    /// <summary>Whether the generated service classes are <c>internal</c> instead of <c>public</c>.</summary>
    public bool InternalAccess { get; init; }

    /// <summary>The output file name suffix; Grpc.Tools expects the default.</summary>
    public string FileSuffix { get; init; } = ProtoNames.DefaultFileSuffix;

    /// <summary>Parses protoc's parameter string, e.g. <c>no_server,internal_access</c>.</summary>
    /// <exception cref="GeneratorException">An option is unknown or malformed.</exception>
    public static GeneratorOptions Parse(string? parameter)
    {
        var options = new GeneratorOptions();
        if (string.IsNullOrWhiteSpace(parameter))
        {
            return options;
        }

        foreach (var raw in parameter.Split(','))
        {
            var item = raw.Trim();
            if (item.Length == 0)
            {
                continue;
            }

            int eq = item.IndexOf('=');
            string key = eq < 0 ? item : item[..eq].Trim();
            string? value = eq < 0 ? null : item[(eq + 1)..].Trim();
            options = key switch
            {
                "no_server" when value is null => options with { GenerateServer = false },
                "no_client" when value is null => options with { GenerateClient = false },
                "internal_access" when value is null => options with { InternalAccess = true },
                "file_suffix" when !string.IsNullOrEmpty(value) => options with { FileSuffix = value },
                _ => throw new GeneratorException(
                    $"Unknown Faultline generator option '{item}'. Supported: no_server, no_client, internal_access, file_suffix=SUFFIX."),
            };
        }

        return options;
    }
}
