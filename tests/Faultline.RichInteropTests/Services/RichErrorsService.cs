using Faultline.Server;

namespace Faultline.RichInteropTests.Services;

/// <summary>
/// The RichErrors service (Protos/rich_errors.proto) on Faultline: every call fails with the
/// <see cref="RichCases.Sent"/> status its request names, in each of the ways a service can do it:
/// throwing <c>RichStatus.Create(...).ToException()</c> (unary), setting <c>context.RichStatus</c> and
/// returning normally (server streaming), and <c>context.AbortWithStatus(richStatus)</c> (client
/// streaming, duplex).
/// </summary>
public sealed class RichErrorsService : RichErrors.RichErrorsBase
{
    public override Task<ErrorReply> Unary(ErrorRequest request, ServerCallContext context)
    {
        if (request.Case == "quota")
        {
            // The LimitedGreeter example, written as an application would (RichCases.Sent("quota") is the same status).
            throw RichStatus.Create(StatusCode.ResourceExhausted, "Request limit exceeded.")
                .AddQuotaFailure(($"name: {request.Name}", "Limit one greeting per person"))
                .ToException();
        }

        // With the trailers of a downstream call for "relayed_trailers" (the relay pattern), none otherwise.
        throw GrpcException.Create(RichCases.Sent(request.Case, request.Name), RelayedTrailers(request.Case));
    }

    public override async Task ServerStream(ErrorRequest request, IServerStreamWriter<ErrorReply> responseStream, ServerCallContext context)
    {
        for (var i = 0; i < request.Count; i++)
        {
            await responseStream.WriteAsync(new ErrorReply { Message = $"reply {i}", Index = i }, context.CancellationToken);
        }

        AddRelayedTrailers(context, request.Case);

        // No exception: the call ends with the status set on the context.
        context.RichStatus = RichCases.Sent(request.Case, request.Name);
    }

    public override async Task<ErrorReply> ClientStream(IAsyncStreamReader<ErrorRequest> requestStream, ServerCallContext context)
    {
        ErrorRequest? last = null;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            last = request;
        }

        AddRelayedTrailers(context, last?.Case);
        context.AbortWithStatus(RichCases.Sent(last?.Case ?? "", last?.Name ?? ""));
        return null!; // not reached: AbortWithStatus throws
    }

    public override async Task Duplex(IAsyncStreamReader<ErrorRequest> requestStream, IServerStreamWriter<ErrorReply> responseStream, ServerCallContext context)
    {
        var index = 0;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            if (request.Case.Length > 0)
            {
                AddRelayedTrailers(context, request.Case);
                context.AbortWithStatus(RichCases.Sent(request.Case, request.Name));
            }

            await responseStream.WriteAsync(new ErrorReply { Message = $"echo {request.Name}", Index = index++ }, context.CancellationToken);
        }

        throw new InvalidArgumentException("The request stream ended without naming a case.");
    }

    /// <summary>
    /// For "relayed_trailers": the trailers of a downstream call that failed with the quota status, as
    /// the Faultline client hands them to an application (<c>GrpcException.Trailers</c> keeps
    /// grpc-status-details-bin), which a relaying service passes on with its own, different status.
    /// </summary>
    private static Metadata? RelayedTrailers(string? @case) => @case == "relayed_trailers"
        ? new Metadata
        {
            { "x-downstream", "rich_server.py" },
            { GrpcException.StatusDetailsTrailer, RichCases.Sent("quota").ToTrailerBytes() },
        }
        : null;

    private static void AddRelayedTrailers(ServerCallContext context, string? @case)
    {
        foreach (var entry in RelayedTrailers(@case) ?? [])
        {
            context.ResponseTrailers.Add(entry);
        }
    }
}
