using Faultline.RichInteropTests.Catalog;

namespace Faultline.RichInteropTests.Services;

/// <summary>
/// The four RichErrors methods, shared by both services: every call fails with the
/// <see cref="RichCases.Sent"/> status its request names, on the request's failure path: throwing
/// the <see cref="GrpcException"/> subclass of its code, or <c>context.SetRichStatus(status)</c> and
/// returning normally. Nothing here is Faultline-specific but those two lines.
/// </summary>
internal static class RichFailures
{
    public static Task<ErrorReply> Unary(ErrorRequest request, ServerCallContext context)
    {
        Fail(request, context);
        return Task.FromResult(NotSent);
    }

    public static async Task ServerStream(ErrorRequest request, IServerStreamWriter<ErrorReply> responseStream, ServerCallContext context)
    {
        for (var i = 0; i < request.Count; i++)
        {
            await responseStream.WriteAsync(new ErrorReply { Message = $"reply {i}", Index = i }, context.CancellationToken);
        }

        Fail(request, context);
    }

    public static async Task<ErrorReply> ClientStream(IAsyncStreamReader<ErrorRequest> requestStream, ServerCallContext context)
    {
        ErrorRequest? last = null;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            last = request;
        }

        Fail(last ?? new ErrorRequest(), context);
        return NotSent;
    }

    public static async Task Duplex(IAsyncStreamReader<ErrorRequest> requestStream, IServerStreamWriter<ErrorReply> responseStream, ServerCallContext context)
    {
        var index = 0;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            if (request.Case.Length > 0)
            {
                Fail(request, context);
                return;
            }

            await responseStream.WriteAsync(new ErrorReply { Message = $"echo {request.Name}", Index = index++ }, context.CancellationToken);
        }

        throw new InvalidArgumentException("The request stream ended without naming a case.");
    }

    // What a failed unary or client-streaming handler returns on the SetRichStatus path; the Faultline
    // pipeline discards it, so the client gets the status alone.
    private static ErrorReply NotSent => new() { Message = "not to be sent" };

    /// <summary>Throws the status of <paramref name="request"/>'s case, or sets it and returns.</summary>
    private static void Fail(ErrorRequest request, ServerCallContext context)
    {
        var status = RichCases.Sent(request.Case, request.Name);
        var relayed = RichCases.RelayedTrailers(request.Case);
        if (request.Path == FailurePath.SetStatus)
        {
            foreach (var entry in relayed ?? [])
            {
                context.ResponseTrailers.Add(entry);
            }

            context.SetRichStatus(status);
            return;
        }

        throw GrpcException.Create(status, relayed);
    }
}
