namespace Faultline.RichInteropTests.Services;

/// <summary>
/// RichErrors (Protos/rich_errors.proto) on grpc-dotnet with the Faultline server pipeline and its
/// default options: the four methods of <see cref="RichFailures"/>, and <c>Attempt</c> for the retry tests.
/// </summary>
public sealed class RichErrorsService(AttemptLog attempts) : RichErrors.RichErrorsBase
{
    public override Task<ErrorReply> Unary(ErrorRequest request, ServerCallContext context) =>
        RichFailures.Unary(request, context);

    public override Task ServerStream(ErrorRequest request, IServerStreamWriter<ErrorReply> responseStream, ServerCallContext context) =>
        RichFailures.ServerStream(request, responseStream, context);

    public override Task<ErrorReply> ClientStream(IAsyncStreamReader<ErrorRequest> requestStream, ServerCallContext context) =>
        RichFailures.ClientStream(requestStream, context);

    public override Task Duplex(IAsyncStreamReader<ErrorRequest> requestStream, IServerStreamWriter<ErrorReply> responseStream, ServerCallContext context) =>
        RichFailures.Duplex(requestStream, responseStream, context);

    /// <summary>
    /// Attempt n of the call <c>key</c> fails while n ≤ <c>fail_attempts</c>, with the request's code
    /// and, if asked, a RetryInfo (which Faultline also announces as grpc-retry-pushback-ms); then succeeds.
    /// </summary>
    public override Task<ErrorReply> Attempt(AttemptRequest request, ServerCallContext context)
    {
        var previous = context.RequestHeaders.GetValue("grpc-previous-rpc-attempts");
        var attempt = attempts.Record(request.Key, previous);
        if (attempt > request.FailAttempts)
        {
            return Task.FromResult(new ErrorReply { Message = $"attempt {attempt} succeeded", Index = attempt });
        }

        var builder = RichStatus.Create((StatusCode)request.Code, $"attempt {attempt} failed");
        if (request.RetryInfo)
        {
            builder.AddRetryInfo(TimeSpan.FromMilliseconds(request.RetryDelayMs));
        }

        if (request.Path == FailurePath.SetStatus)
        {
            context.SetRichStatus(builder.Build());
            return Task.FromResult(new ErrorReply { Message = "not to be sent" });
        }

        throw builder.ToException();
    }
}
