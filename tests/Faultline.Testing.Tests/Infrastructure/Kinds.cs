namespace Faultline.Testing.Tests.Infrastructure;

/// <summary>The four call kinds as theory data, and the inputs that make each kind fail after some messages.</summary>
public static class Kinds
{
    public static TheoryData<MethodType> All => [.. DummyCalls.Kinds];

    /// <summary>
    /// Inputs ending with <paramref name="failing"/>: on the kinds with a request stream one ordinary
    /// message goes first, so the failure comes mid-stream (after one duplex response).
    /// </summary>
    public static string[] EndingWith(MethodType kind, string failing) =>
        kind is MethodType.ClientStreaming or MethodType.DuplexStreaming ? ["before", failing] : [failing];

    /// <summary>What the client receives before the failure of <see cref="EndingWith"/>.</summary>
    public static string[] OutputsBefore(MethodType kind) =>
        kind == MethodType.DuplexStreaming ? ["before"] : [];
}
