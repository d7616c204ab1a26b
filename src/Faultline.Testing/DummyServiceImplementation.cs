using Grpc.Core;

namespace Faultline.Testing;

/// <summary>
/// grpc_interceptor's <c>DummyService</c> on grpc-dotnet (the generated <see cref="DummyService"/>
/// holds its base class and client): each method echoes, unless its input has a
/// <see cref="SpecialCase"/>, whose result is sent instead and whose exception fails the call. On the
/// streaming kinds a special case applies to each request message, so a stream can fail after any
/// number of messages; a server-streaming call applies it to its one request, before it streams.
/// </summary>
/// <remarks>
/// <see cref="DummyServiceHost"/> serves it; to serve it yourself, register a <see cref="SpecialCases"/>
/// singleton and <c>app.MapGrpcService&lt;DummyServiceImplementation&gt;()</c>.
/// </remarks>
/// <param name="specialCases">The special cases, read on every call (so cases added later apply).</param>
public sealed class DummyServiceImplementation(SpecialCases specialCases) : DummyService.DummyServiceBase
{
    /// <summary>Responds with the input, or its special case's output.</summary>
    public override async Task<DummyResponse> Execute(DummyRequest request, ServerCallContext context) =>
        new() { Output = await OutputOf(request.Input, context).ConfigureAwait(false) };

    /// <summary>Responds with the outputs of every input, in order, concatenated.</summary>
    public override async Task<DummyResponse> ExecuteClientStream(IAsyncStreamReader<DummyRequest> requestStream, ServerCallContext context)
    {
        var output = new System.Text.StringBuilder();
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
        {
            output.Append(await OutputOf(request.Input, context).ConfigureAwait(false));
        }

        return new DummyResponse { Output = output.ToString() };
    }

    /// <summary>
    /// Streams the output (the input, or its special case's output) one character a message; a
    /// character is a Unicode scalar value, as Python iterates a string, so no message splits a surrogate pair.
    /// </summary>
    public override async Task ExecuteServerStream(DummyRequest request, IServerStreamWriter<DummyResponse> responseStream, ServerCallContext context)
    {
        var output = await OutputOf(request.Input, context).ConfigureAwait(false);
        foreach (var character in output.EnumerateRunes())
        {
            await responseStream.WriteAsync(new DummyResponse { Output = character.ToString() }, context.CancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Answers each input as it arrives with its output.</summary>
    public override async Task ExecuteClientServerStream(IAsyncStreamReader<DummyRequest> requestStream, IServerStreamWriter<DummyResponse> responseStream, ServerCallContext context)
    {
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
        {
            var output = await OutputOf(request.Input, context).ConfigureAwait(false);
            await responseStream.WriteAsync(new DummyResponse { Output = output }, context.CancellationToken).ConfigureAwait(false);
        }
    }

    private ValueTask<string> OutputOf(string input, ServerCallContext context) =>
        specialCases.TryGetValue(input, out var special) ? special(input, context) : new ValueTask<string>(input);
}
