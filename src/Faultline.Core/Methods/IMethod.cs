namespace Faultline;

/// <summary>A gRPC method, independent of its message types.</summary>
public interface IMethod
{
    /// <summary>The call kind.</summary>
    MethodType Type { get; }

    /// <summary>The fully qualified service name, e.g. <c>helloworld.Greeter</c>.</summary>
    string ServiceName { get; }

    /// <summary>The method name, e.g. <c>SayHello</c>.</summary>
    string Name { get; }

    /// <summary>The HTTP/2 path, <c>/{ServiceName}/{Name}</c>.</summary>
    string FullName { get; }
}
