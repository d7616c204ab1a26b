namespace Faultline;

/// <summary>Describes a gRPC method: its kind, name and how its messages are (de)serialized.</summary>
/// <typeparam name="TRequest">The request message type.</typeparam>
/// <typeparam name="TResponse">The response message type.</typeparam>
public sealed class Method<TRequest, TResponse> : IMethod
{
    /// <summary>Creates a method descriptor.</summary>
    public Method(MethodType type, string serviceName, string name, Marshaller<TRequest> requestMarshaller, Marshaller<TResponse> responseMarshaller)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceName);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Type = type;
        ServiceName = serviceName;
        Name = name;
        RequestMarshaller = requestMarshaller ?? throw new ArgumentNullException(nameof(requestMarshaller));
        ResponseMarshaller = responseMarshaller ?? throw new ArgumentNullException(nameof(responseMarshaller));
        FullName = "/" + serviceName + "/" + name;
    }

    /// <inheritdoc />
    public MethodType Type { get; }

    /// <inheritdoc />
    public string ServiceName { get; }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string FullName { get; }

    /// <summary>Serializes requests and deserializes them on the server.</summary>
    public Marshaller<TRequest> RequestMarshaller { get; }

    /// <summary>Serializes responses and deserializes them on the client.</summary>
    public Marshaller<TResponse> ResponseMarshaller { get; }

    /// <inheritdoc />
    public override string ToString() => FullName;
}
