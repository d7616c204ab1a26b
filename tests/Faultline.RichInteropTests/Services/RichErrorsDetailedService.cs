namespace Faultline.RichInteropTests.Services;

/// <summary>
/// RichErrorsDetailed: the same four methods (<see cref="RichFailures"/>) on a service with
/// grpc-dotnet's <c>EnableDetailedErrors</c> on, so a DebugInfo detail is sent instead of withheld.
/// </summary>
public sealed class RichErrorsDetailedService : RichErrorsDetailed.RichErrorsDetailedBase
{
    public override Task<ErrorReply> Unary(ErrorRequest request, ServerCallContext context) =>
        RichFailures.Unary(request, context);

    public override Task ServerStream(ErrorRequest request, IServerStreamWriter<ErrorReply> responseStream, ServerCallContext context) =>
        RichFailures.ServerStream(request, responseStream, context);

    public override Task<ErrorReply> ClientStream(IAsyncStreamReader<ErrorRequest> requestStream, ServerCallContext context) =>
        RichFailures.ClientStream(requestStream, context);

    public override Task Duplex(IAsyncStreamReader<ErrorRequest> requestStream, IServerStreamWriter<ErrorReply> responseStream, ServerCallContext context) =>
        RichFailures.Duplex(requestStream, responseStream, context);
}
