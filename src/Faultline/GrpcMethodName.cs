using System.Diagnostics.CodeAnalysis;

namespace Faultline;

/// <summary>
/// A gRPC method name in its three parts (grpc_interceptor's <c>MethodName</c>; named apart from
/// grpc-dotnet's retry-configuration <c>MethodName</c>), as parsed from the path of a call:
/// <c>/foo.bar.SearchService/Search</c> is package <c>foo.bar</c>, service <c>SearchService</c>,
/// method <c>Search</c>.
/// </summary>
/// <param name="Package">The protobuf package; empty when the .proto declares none.</param>
/// <param name="Service">The service's own name, without the package.</param>
/// <param name="Method">The method's name.</param>
public sealed record GrpcMethodName(string Package, string Service, string Method)
{
    /// <summary>The service name with its package (<c>foo.bar.SearchService</c>); no leading dot when the package is empty.</summary>
    public string FullyQualifiedService => Package.Length == 0 ? Service : Package + "." + Service;

    /// <summary>The path of calls to this method, <c>/foo.bar.SearchService/Search</c>.</summary>
    public string Path => "/" + FullyQualifiedService + "/" + Method;

    /// <summary>Parses a method path, <c>/package.Service/Method</c>.</summary>
    /// <exception cref="FormatException"><paramref name="path"/> is not of that form; the message says what is wrong.</exception>
    public static GrpcMethodName Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return TryParse(path, out var name, out var problem)
            ? name
            : throw new FormatException($"'{path}' is not a gRPC method path ({problem}); expected /package.Service/Method.");
    }

    /// <summary>Parses a method path; false when it is not of the form <c>/package.Service/Method</c>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? path, [NotNullWhen(true)] out GrpcMethodName? name) =>
        TryParse(path, out name, out _);

    /// <inheritdoc />
    public override string ToString() => Path;

    private static bool TryParse(string? path, [NotNullWhen(true)] out GrpcMethodName? name, out string problem)
    {
        name = null;
        if (string.IsNullOrEmpty(path) || path[0] != '/')
        {
            problem = "it does not start with '/'";
            return false;
        }

        var slash = path.IndexOf('/', 1);
        if (slash < 0)
        {
            problem = "there is no '/' between the service and the method";
            return false;
        }

        if (path.IndexOf('/', slash + 1) >= 0)
        {
            problem = "it has more than two '/'";
            return false;
        }

        var service = path.AsSpan(1, slash - 1);
        var method = path.AsSpan(slash + 1);
        var dot = service.LastIndexOf('.');
        var serviceName = dot < 0 ? service : service[(dot + 1)..];
        var package = dot < 0 ? [] : service[..dot];
        if (serviceName.IsEmpty)
        {
            problem = "the service name is empty";
            return false;
        }

        if (method.IsEmpty)
        {
            problem = "the method name is empty";
            return false;
        }

        if (dot == 0 || package.EndsWith(".") || package.StartsWith(".") || package.Contains("..", StringComparison.Ordinal))
        {
            problem = "the package has an empty part";
            return false;
        }

        problem = string.Empty;
        name = new GrpcMethodName(package.ToString(), serviceName.ToString(), method.ToString());
        return true;
    }
}
