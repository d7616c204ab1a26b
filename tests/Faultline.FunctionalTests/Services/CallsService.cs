using Google.Protobuf;
using Google.Rpc;
using Status = Grpc.Core.Status;

namespace Faultline.FunctionalTests.Services;

/// <summary>
/// The functional tests' service: each call ends as its request's <c>mode</c> says (<see cref="Modes"/>),
/// after <c>count</c> streamed messages on the streaming kinds. It is written as an application would
/// write it, with nothing Faultline-specific but the exceptions and <c>SetRichStatus</c>.
/// </summary>
public sealed class CallsService(AttemptLog attempts) : Calls.CallsBase
{
    public const string Domain = "calls.faultline.test";

    public override async Task<CallReply> Unary(CallRequest request, ServerCallContext context)
    {
        if (await FailsBeforeRepliesAsync(request, context))
        {
            return new CallReply { Text = "not to be sent" };
        }

        await EndAsync(request, context);
        return new CallReply
        {
            Text = context.Status.StatusCode != StatusCode.OK ? "not to be sent"
                : request.Mode == Modes.EchoHeader ? context.ResponseTrailers.GetValue("x-echo")
                : "unary " + request.Text,
        };
    }

    public override async Task ServerStream(CallRequest request, IServerStreamWriter<CallReply> responseStream, ServerCallContext context)
    {
        if (await FailsBeforeRepliesAsync(request, context))
        {
            return;
        }

        for (var i = 0; i < request.Count; i++)
        {
            await responseStream.WriteAsync(new CallReply { Text = "reply", Index = i });
        }

        await EndAsync(request, context);
    }

    public override async Task<CallReply> ClientStream(IAsyncStreamReader<CallRequest> requestStream, ServerCallContext context)
    {
        CallRequest? first = null;
        var count = 0;
        await foreach (var request in requestStream.ReadAllAsync())
        {
            if (first is null)
            {
                first = request;
                if (await FailsBeforeRepliesAsync(first, context))
                {
                    return new CallReply { Text = "not to be sent" };
                }
            }

            count++;
        }

        await EndAsync(first ?? new CallRequest { Mode = Modes.Ok }, context);
        return new CallReply { Text = "received", Index = count };
    }

    public override async Task Duplex(IAsyncStreamReader<CallRequest> requestStream, IServerStreamWriter<CallReply> responseStream, ServerCallContext context)
    {
        CallRequest? first = null;
        var index = 0;
        while (await requestStream.MoveNext())
        {
            if (first is null)
            {
                first = requestStream.Current;
                if (await FailsBeforeRepliesAsync(first, context))
                {
                    return;
                }
            }

            if (index < first.Count)
            {
                await responseStream.WriteAsync(new CallReply { Text = requestStream.Current.Text, Index = index++ });
            }

            if (index >= first.Count)
            {
                break;
            }
        }

        await EndAsync(first ?? new CallRequest { Mode = Modes.Ok }, context);
    }

    /// <summary>
    /// What the modes that act on the call's first request do before any reply: true when the call is
    /// to end here, its failure status set (<see cref="Modes.FailFirstAttempts"/>).
    /// </summary>
    private async Task<bool> FailsBeforeRepliesAsync(CallRequest request, ServerCallContext context)
    {
        switch (request.Mode)
        {
            case Modes.FailFirstAttempts:
                var number = attempts.Record(request.Text);
                var attempt = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (number <= request.Size)
                {
                    context.ResponseTrailers.Add("x-attempt", attempt);
                    context.SetRichStatus(RichStatus.Create(StatusCode.Unavailable, "Busy, come back later.").AddRetryInfo(TimeSpan.FromMilliseconds(1)).Build());
                    return true;
                }

                await context.WriteResponseHeadersAsync(new Metadata { { "x-attempt", attempt } });
                return false;
            case Modes.Record:
                attempts.Record(request.Text);
                return false;
            default:
                return false;
        }
    }

    /// <summary>Ends the call as <paramref name="request"/>'s mode says: returns (success or status set) or throws.</summary>
    private async Task EndAsync(CallRequest request, ServerCallContext context)
    {
        switch (request.Mode)
        {
            case "" or Modes.Ok or Modes.FailFirstAttempts:
                return;
            case Modes.Record:
                await Task.Delay(request.Size, context.CancellationToken);
                return;
            case Modes.EchoHeader:
                var values = context.RequestHeaders.Where(e => e.Key == request.Text).Select(e => e.Value).ToList();
                context.ResponseTrailers.Add("x-echo", values.Count == 0 ? "(none)" : string.Join(",", values));
                return;
            case Modes.Slow:
                await Task.Delay(request.Size, context.CancellationToken);
                return;
            case Modes.ThrowTyped:
                throw RichStatus.Create(StatusCode.NotFound, "No such thing: " + request.Text)
                    .AddErrorInfo("THING_NOT_FOUND", Domain, [new("thing", request.Text)])
                    .AddResourceInfo("thing", request.Text)
                    .ToException();
            case Modes.ThrowRpc:
                throw new RpcException(new Status(StatusCode.PermissionDenied, "plain denial"), new Metadata { { "x-plain", "1" } });
            case Modes.ThrowStatusProto:
                throw new Google.Rpc.Status
                {
                    Code = (int)Code.FailedPrecondition,
                    Message = "from StatusProto",
                    Details = { Google.Protobuf.WellKnownTypes.Any.Pack(new PreconditionFailure { Violations = { new PreconditionFailure.Types.Violation { Type = "TOS", Subject = "user", Description = "not accepted" } } }) },
                }.ToRpcException();
            case Modes.ThrowUnexpected:
                throw new InvalidOperationException("secret internal detail");
            case Modes.ThrowFluentValidation:
                throw new global::FluentValidation.ValidationException([new("Text", "Text is required."), new("Size", "Size is too large.")]);
            case Modes.ThrowDomain:
                throw new ThingMissingException(request.Text);
            case Modes.SetRich:
                context.SetRichStatus(QuotaStatus(request.Text));
                return;
            case Modes.ThrowRich:
                throw QuotaStatus(request.Text).ToException();
            case Modes.FailAttempts:
                if (attempts.Record(request.Text) <= request.Count)
                {
                    context.SetRichStatus(RichStatus.Create(StatusCode.Unavailable, "Busy, come back later.").AddRetryInfo(TimeSpan.FromMilliseconds(request.Size)).Build());
                }

                return;
            case Modes.ThrowMalformedDetails:
                throw new RpcException(new Status(StatusCode.NotFound, "malformed details"), new Metadata { { "grpc-status-details-bin", new byte[] { 0x0a, 0xff, 0xff } } });
            case Modes.ThrowMismatchedDetails:
                throw new RpcException(new Status(StatusCode.NotFound, "what the headers say"), new Metadata { { "grpc-status-details-bin", new Google.Rpc.Status { Code = (int)Code.Internal, Message = "what the details say" }.ToByteArray() } });
            case Modes.HugeStatusProto:
                throw new Google.Rpc.Status
                {
                    Code = (int)Code.InvalidArgument,
                    Message = "Too many problems.",
                    Details = { Google.Protobuf.WellKnownTypes.Any.Pack(HugeBadRequest(request.Size)) },
                }.ToRpcException();
            case Modes.SetPlain:
                context.Status = new Status(StatusCode.Aborted, "plain set status");
                return;
            case Modes.SetRichThenPlain:
                context.SetRichStatus(QuotaStatus(request.Text));
                context.Status = new Status(StatusCode.Aborted, "plain set status");
                return;
            case Modes.SetRetryInfo:
                context.SetRichStatus(RichStatus.Create(StatusCode.Unavailable, "Busy, come back later.").AddRetryInfo(TimeSpan.FromMilliseconds(request.Size)).Build());
                return;
            case Modes.ThrowRetryInfo:
                throw new UnavailableException("Busy, come back later.", [new RetryInfo { RetryDelay = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMilliseconds(request.Size)) }]);
            case Modes.HugeDetails:
                throw RichStatus.Create(StatusCode.InvalidArgument, "Too many problems.")
                    .AddErrorInfo("TOO_MANY", Domain)
                    .AddDebugInfo(["frame"], "debug")
                    .AddDetail(HugeBadRequest(request.Size))
                    .ToException();
            case Modes.HugeMessage:
                throw RichStatus.Create(StatusCode.InvalidArgument, new string('m', request.Size))
                    .AddErrorInfo("LONG_MESSAGE", Domain)
                    .ToException();
            case Modes.NonAsciiTrailer:
                context.ResponseTrailers.Add("x-name", request.Text);
                context.ResponseTrailers.Add("x-fine", "ascii");
                throw new NotFoundException("No such user.");
            case Modes.NonAsciiExceptionTrailer:
                context.ResponseTrailers.Add("x-fine", "ascii");
                throw new NotFoundException("No such user.", trailers: new Metadata { { "x-name", request.Text } });
            case Modes.ThrowDebugInfo:
                throw RichStatus.Create(StatusCode.Internal, "Broken invariant.").AddDebugInfo(["at Secret.Method()"], "secret debug detail").ToException();
            case Modes.TrailersBoth:
                context.ResponseTrailers.Add("x-context", "from-context");
                throw new NotFoundException("Gone.", trailers: new Metadata { { "x-own", "from-exception" }, { "x-own-bin", new byte[] { 1, 2, 3 } } });
            case Modes.ThrowCanceledWhileRunning:
                throw new OperationCanceledException("a timeout inside the handler");
            case Modes.ThrowDeadline:
                throw RichStatus.Create(StatusCode.DeadlineExceeded, "The inventory service did not answer in time.").AddErrorInfo("DOWNSTREAM_TIMEOUT", Domain).ToException();
            default:
                throw new ArgumentException($"Unknown mode '{request.Mode}'.");
        }
    }

    /// <summary>The LimitedGreeter's status: one greeting per person.</summary>
    public static RichStatus QuotaStatus(string name) =>
        RichStatus.Create(StatusCode.ResourceExhausted, "Request limit exceeded.")
            .AddQuotaFailure(("name: " + name, "Limit one greeting per person"))
            .Build();

    /// <summary>A BadRequest of about <paramref name="size"/> bytes serialized.</summary>
    public static BadRequest HugeBadRequest(int size)
    {
        var badRequest = new BadRequest();
        for (var i = 0; i < Math.Max(1, size / 40); i++)
        {
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = $"field_{i:D6}", Description = "is not acceptable at all" });
        }

        return badRequest;
    }
}
