namespace Faultline.Testing;

/// <summary>
/// How a call made with <see cref="DummyCalls.CallAsync(DummyService.DummyServiceClient, Grpc.Core.MethodType, IEnumerable{string}, Grpc.Core.Metadata?, CancellationToken)"/>
/// ended: the outputs received, and the failure after them, if any.
/// </summary>
/// <param name="Outputs">The outputs received, in order: the one response of a unary or client-streaming call, each streamed one otherwise.</param>
/// <param name="Error">
/// What the call failed with after those outputs: with the Faultline client pipeline, the typed
/// exception of the status (<see cref="NotFoundException"/>...); null when it succeeded.
/// </param>
public sealed record DummyCallResult(IReadOnlyList<string> Outputs, Exception? Error)
{
    /// <summary>The outputs joined: the whole output of any call kind (e.g. a server-streamed input read back).</summary>
    public string Output => string.Concat(Outputs);

    /// <inheritdoc />
    public override string ToString() => $"[{string.Join(", ", Outputs)}]{(Error is null ? string.Empty : " then " + Error.GetType().Name + ": " + Error.Message)}";
}
