using Faultline.Server;

namespace Faultline.InteropTests.Services;

/// <summary>
/// The Probe service (Protos/probe.proto) on Faultline, with the same semantics as
/// python/probe_server.py, for the grpcio client to call.
/// </summary>
public sealed class ProbeService : Probe.ProbeBase
{
    public override async Task<ProbeReply> Unary(ProbeRequest request, ServerCallContext context)
    {
        var call = new ProbeCall(context);
        await call.HandleAsync(request);
        call.Complete();
        return call.Reply(request.Message);
    }

    public override async Task ServerStream(ProbeRequest request, IServerStreamWriter<ProbeReply> responseStream, ServerCallContext context)
    {
        var call = new ProbeCall(context);
        await call.HandleAsync(request, fail: false); // fail only after the messages
        for (var i = 0; i < request.Count; i++)
        {
            await responseStream.WriteAsync(call.Reply(request.Message, i), context.CancellationToken);
        }

        call.FailIfRequested(request);
        call.Complete();
    }

    public override async Task<ProbeReply> ClientStream(IAsyncStreamReader<ProbeRequest> requestStream, ServerCallContext context)
    {
        var call = new ProbeCall(context);
        var messages = new List<string>();
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            await call.HandleAsync(request);
            messages.Add(request.Message);
        }

        call.Complete();
        return call.Reply(string.Join(",", messages));
    }

    public override async Task Duplex(IAsyncStreamReader<ProbeRequest> requestStream, IServerStreamWriter<ProbeReply> responseStream, ServerCallContext context)
    {
        var call = new ProbeCall(context);
        var index = 0;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            await call.HandleAsync(request);
            await responseStream.WriteAsync(call.Reply(request.Message, index++), context.CancellationToken);
        }

        call.Complete();
    }

    /// <summary>Per-call state and the request-driven behaviour shared by the four methods.</summary>
    private sealed class ProbeCall
    {
        private readonly ServerCallContext _context;
        private readonly string _peerDeadline;
        private Metadata? _echoTrailers;

        public ProbeCall(ServerCallContext context)
        {
            _context = context;
            _peerDeadline = context.Deadline == DateTime.MaxValue ? "none" : "set";
            if (context.RequestHeaders.GetValue("compress-reply") == "gzip")
            {
                context.SetResponseCompression("gzip");
            }
        }

        /// <summary>Applies echo_metadata, sleep_ms and (unless <paramref name="fail"/> is false) fail_code, in that order.</summary>
        public async Task HandleAsync(ProbeRequest request, bool fail = true)
        {
            if (request.EchoMetadata && _echoTrailers is null)
            {
                var headers = new Metadata();
                _echoTrailers = new Metadata();
                foreach (var entry in _context.RequestHeaders.Where(e => e.Key.StartsWith("x-", StringComparison.Ordinal)))
                {
                    headers.Add(entry);
                    if (entry.IsBinary)
                    {
                        _echoTrailers.Add(entry.Key[..^Metadata.BinarySuffix.Length] + "-trailer" + Metadata.BinarySuffix, entry.ValueBytes);
                    }
                    else
                    {
                        _echoTrailers.Add(entry.Key + "-trailer", entry.Value);
                    }
                }

                await _context.WriteResponseHeadersAsync(headers);
            }

            if (request.SleepMs > 0)
            {
                // Throws when the call is cancelled or its deadline passes.
                await Task.Delay(request.SleepMs, _context.CancellationToken);
            }

            if (fail)
            {
                FailIfRequested(request);
            }
        }

        /// <summary>Ends the call with fail_code/fail_message (and the echoed trailers) if set.</summary>
        public void FailIfRequested(ProbeRequest request)
        {
            if (request.FailCode != 0)
            {
                throw new GrpcException(new Status((StatusCode)request.FailCode, request.FailMessage), _echoTrailers);
            }
        }

        /// <summary>A successful end: the echoed trailers go out with the OK status.</summary>
        public void Complete()
        {
            foreach (var entry in _echoTrailers ?? new Metadata())
            {
                _context.ResponseTrailers.Add(entry);
            }
        }

        public ProbeReply Reply(string message, int index = 0)
        {
            return new ProbeReply { Message = message, Index = index, PeerDeadline = _peerDeadline };
        }
    }
}
