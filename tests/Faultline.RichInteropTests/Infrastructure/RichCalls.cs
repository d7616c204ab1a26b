using Faultline.RichInteropTests.Catalog;
using Google.Protobuf;
using Xunit.Sdk;

namespace Faultline.RichInteropTests.Infrastructure;

/// <summary>
/// The Faultline client's side of a case: makes the failing call exactly as python/rich_client.py
/// and go/rich_client.go do, on whichever of the two services the case names. The methods are
/// described here rather than taken from the generated clients, so one code path serves both services.
/// </summary>
public static class RichCalls
{
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    private static readonly Marshaller<ErrorRequest> RequestMarshaller = Marshallers.Create(r => r.ToByteArray(), ErrorRequest.Parser.ParseFrom);
    private static readonly Marshaller<ErrorReply> ReplyMarshaller = Marshallers.Create(r => r.ToByteArray(), ErrorReply.Parser.ParseFrom);

    /// <summary>
    /// Makes the call of <paramref name="id"/> through <paramref name="invoker"/> (headers
    /// <c>x-case-id</c> and <c>x-client: faultline</c>); returns the exception it failed with and the
    /// replies that came before it. A call that succeeds fails the test.
    /// </summary>
    public static async Task<(RpcException Error, List<ErrorReply> Replies)> FailAsync(CallInvoker invoker, CaseId id)
    {
        var service = RichCases.Service(id.Case);
        var options = new CallOptions(new Metadata { { "x-case-id", id.ToString() }, { "x-client", "faultline" } }, DateTime.UtcNow + CallTimeout);
        var path = id.Path ?? FailurePath.Throw;
        var replies = new List<ErrorReply>();
        ErrorRequest Echo() => new() { Name = RichCases.Name };
        ErrorRequest Failing(int count = 0) => new() { Case = id.Case, Name = RichCases.Name, Count = count, Path = path };
        try
        {
            switch (id.Kind)
            {
                case "unary":
                    replies.Add(await invoker.AsyncUnaryCall(Method(MethodType.Unary, service, "Unary"), null, options, Failing()));
                    break;

                case "server_stream":
                {
                    using var call = invoker.AsyncServerStreamingCall(Method(MethodType.ServerStreaming, service, "ServerStream"), null, options, Failing(CaseId.MessagesBeforeError));
                    while (await call.ResponseStream.MoveNext(CancellationToken.None))
                    {
                        replies.Add(call.ResponseStream.Current);
                    }

                    break;
                }

                case "client_stream":
                {
                    using var call = invoker.AsyncClientStreamingCall(Method(MethodType.ClientStreaming, service, "ClientStream"), null, options);
                    for (var i = 0; i < CaseId.MessagesBeforeError; i++)
                    {
                        await call.RequestStream.WriteAsync(Echo());
                    }

                    await call.RequestStream.WriteAsync(Failing());
                    await call.RequestStream.CompleteAsync();
                    replies.Add(await call.ResponseAsync);
                    break;
                }

                case "duplex":
                {
                    // Ping-pong: each echo request is answered before the next one is written; then the failing one.
                    using var call = invoker.AsyncDuplexStreamingCall(Method(MethodType.DuplexStreaming, service, "Duplex"), null, options);
                    for (var i = 0; i < CaseId.MessagesBeforeError; i++)
                    {
                        await call.RequestStream.WriteAsync(Echo());
                        if (!await call.ResponseStream.MoveNext(CancellationToken.None))
                        {
                            throw new XunitException($"duplex: the stream ended before reply {i}");
                        }

                        replies.Add(call.ResponseStream.Current);
                    }

                    await call.RequestStream.WriteAsync(Failing());
                    while (await call.ResponseStream.MoveNext(CancellationToken.None))
                    {
                        replies.Add(call.ResponseStream.Current);
                    }

                    break;
                }

                default:
                    throw new ArgumentException($"Unknown call kind '{id.Kind}'.", nameof(id));
            }
        }
        catch (RpcException ex)
        {
            return (ex, replies);
        }

        throw new XunitException($"The call {id} succeeded with {replies.Count} replies; it should have failed.");
    }

    /// <summary>The raw grpc-status-details-bin the client kept in the exception's trailers, or null.</summary>
    public static byte[]? RawDetails(RpcException ex)
    {
        var entries = ex.Trailers.Where(e => e.Key == "grpc-status-details-bin").ToList();
        Assert.True(entries.Count <= 1, $"grpc-status-details-bin {entries.Count} times in the trailers");
        return entries.Count == 0 ? null : entries[0].ValueBytes;
    }

    private static Method<ErrorRequest, ErrorReply> Method(MethodType type, string service, string name) =>
        new(type, service, name, RequestMarshaller, ReplyMarshaller);
}
