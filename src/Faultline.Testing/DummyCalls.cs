using Grpc.Core;

namespace Faultline.Testing;

/// <summary>
/// One call of any kind to the dummy service in one line, for tests that run the same case on every
/// kind: <c>await client.CallAsync(MethodType.DuplexStreaming, ["a", "b", "error"])</c>.
/// </summary>
public static class DummyCalls
{
    /// <summary>The four call kinds, one method each: Execute, ExecuteClientStream, ExecuteServerStream, ExecuteClientServerStream.</summary>
    public static IReadOnlyList<MethodType> Kinds { get; } = [MethodType.Unary, MethodType.ClientStreaming, MethodType.ServerStreaming, MethodType.DuplexStreaming];

    /// <summary>The dummy method of <paramref name="kind"/>, e.g. <c>ExecuteServerStream</c>.</summary>
    public static string MethodOf(MethodType kind) => kind switch
    {
        MethodType.Unary => "Execute",
        MethodType.ClientStreaming => "ExecuteClientStream",
        MethodType.ServerStreaming => "ExecuteServerStream",
        MethodType.DuplexStreaming => "ExecuteClientServerStream",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a call kind."),
    };

    /// <summary>Makes a call of <paramref name="kind"/> with one input.</summary>
    public static Task<DummyCallResult> CallAsync(this DummyService.DummyServiceClient client, MethodType kind, string input, Metadata? headers = null, CancellationToken cancellationToken = default) =>
        client.CallAsync(kind, [input], headers, cancellationToken);

    /// <summary>
    /// Makes a call of <paramref name="kind"/>: streams every input on the kinds with a request stream
    /// (a duplex call reads as it writes), and returns what was received and how the call ended. A
    /// failure of the call does not throw: it is the result's <see cref="DummyCallResult.Error"/>.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="kind">Which of the four methods to call.</param>
    /// <param name="inputs">The inputs: exactly one for unary and server-streaming calls.</param>
    /// <param name="headers">Request headers.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task<DummyCallResult> CallAsync(this DummyService.DummyServiceClient client, MethodType kind, IEnumerable<string> inputs, Metadata? headers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(inputs);
        var requests = inputs.Select(input => new DummyRequest { Input = input }).ToList();
        var outputs = new List<string>();
        try
        {
            switch (kind)
            {
                case MethodType.Unary:
                    outputs.Add((await client.ExecuteAsync(Single(requests, kind), headers, cancellationToken: cancellationToken).ResponseAsync.ConfigureAwait(false)).Output);
                    break;
                case MethodType.ClientStreaming:
                    outputs.Add(await ClientStreamAsync(client, requests, headers, cancellationToken).ConfigureAwait(false));
                    break;
                case MethodType.ServerStreaming:
                    using (var call = client.ExecuteServerStream(Single(requests, kind), headers, cancellationToken: cancellationToken))
                    {
                        await ReadAllAsync(call.ResponseStream, outputs, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                case MethodType.DuplexStreaming:
                    await DuplexAsync(client, requests, headers, outputs, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a call kind.");
            }
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException)
        {
            return new DummyCallResult(outputs, ex);
        }

        return new DummyCallResult(outputs, null);
    }

    private static DummyRequest Single(List<DummyRequest> requests, MethodType kind) =>
        requests.Count == 1 ? requests[0] : throw new ArgumentException($"A {kind} call takes exactly one input, not {requests.Count}.", "inputs");

    private static async Task<string> ClientStreamAsync(DummyService.DummyServiceClient client, List<DummyRequest> requests, Metadata? headers, CancellationToken cancellationToken)
    {
        using var call = client.ExecuteClientStream(headers, cancellationToken: cancellationToken);
        // A server that fails mid-stream ends the call, and writing on fails too; the response then
        // tells why, so the write's own error is not the result.
        await WriteAllAsync(call.RequestStream, requests).ConfigureAwait(false);
        return (await call.ResponseAsync.ConfigureAwait(false)).Output;
    }

    private static async Task DuplexAsync(DummyService.DummyServiceClient client, List<DummyRequest> requests, Metadata? headers, List<string> outputs, CancellationToken cancellationToken)
    {
        using var call = client.ExecuteClientServerStream(headers, cancellationToken: cancellationToken);
        var writing = WriteAllAsync(call.RequestStream, requests);
        await ReadAllAsync(call.ResponseStream, outputs, cancellationToken).ConfigureAwait(false);
        await writing.ConfigureAwait(false);
    }

    private static async Task WriteAllAsync(IClientStreamWriter<DummyRequest> stream, List<DummyRequest> requests)
    {
        try
        {
            foreach (var request in requests)
            {
                await stream.WriteAsync(request).ConfigureAwait(false);
            }

            await stream.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or OperationCanceledException)
        {
            // The call ended while writing: its status is read from the response side.
        }
    }

    private static async Task ReadAllAsync(IAsyncStreamReader<DummyResponse> stream, List<string> outputs, CancellationToken cancellationToken)
    {
        while (await stream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            outputs.Add(stream.Current.Output);
        }
    }
}
