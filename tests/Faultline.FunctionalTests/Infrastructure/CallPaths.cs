namespace Faultline.FunctionalTests.Infrastructure;

/// <summary>The HTTP paths of the <c>Calls</c> service's methods, by call kind.</summary>
public static class CallPaths
{
    public const string Unary = "/faultline.functional.Calls/Unary";
    public const string ServerStream = "/faultline.functional.Calls/ServerStream";
    public const string ClientStream = "/faultline.functional.Calls/ClientStream";
    public const string Duplex = "/faultline.functional.Calls/Duplex";

    public static string Of(MethodType kind) => kind switch
    {
        MethodType.Unary => Unary,
        MethodType.ServerStreaming => ServerStream,
        MethodType.ClientStreaming => ClientStream,
        _ => Duplex,
    };

    public static readonly MethodType[] AllKinds = [MethodType.Unary, MethodType.ServerStreaming, MethodType.ClientStreaming, MethodType.DuplexStreaming];

    /// <summary><see cref="AllKinds"/> as theory data.</summary>
    public static TheoryData<MethodType> Kinds => new(AllKinds);
}
