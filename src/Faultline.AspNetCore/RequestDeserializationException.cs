namespace Faultline.AspNetCore;

/// <summary>
/// A request message of <see cref="Method"/> could not be deserialized. Faultline's pipeline ends
/// the call with INTERNAL (as grpc-go and grpc-java do) and logs it; in client-streaming and duplex
/// calls it is what reading the request stream throws, so the handler and interceptors see it too.
/// </summary>
public sealed class RequestDeserializationException : Exception
{
    /// <summary>The message of the status a client receives.</summary>
    public const string StatusMessage = "The request message could not be deserialized.";

    /// <summary>Creates the exception.</summary>
    /// <param name="method">The method's path.</param>
    /// <param name="requestType">The message type expected.</param>
    /// <param name="innerException">What the deserializer threw.</param>
    public RequestDeserializationException(string method, Type requestType, Exception innerException)
        : base($"A request message of {method} could not be deserialized as {requestType.Name}: {innerException.Message}", innerException)
    {
        Method = method;
        RequestType = requestType;
    }

    /// <summary>The method's path, <c>/package.Service/Method</c>.</summary>
    public string Method { get; }

    /// <summary>The request message type.</summary>
    public Type RequestType { get; }
}
