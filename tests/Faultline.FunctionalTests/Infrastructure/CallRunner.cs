namespace Faultline.FunctionalTests.Infrastructure;

/// <summary>What a call returned before it ended, and the exception it ended with (null on success).</summary>
public sealed record CallOutcome(IReadOnlyList<CallReply> Replies, Exception? Error)
{
    public TException ErrorOf<TException>()
        where TException : Exception => Assert.IsType<TException>(Error);
}

/// <summary>Makes one call of any kind with a <c>CallRequest</c>, the way an application would.</summary>
public static class CallRunner
{
    /// <summary>
    /// Calls <paramref name="kind"/> with <paramref name="request"/>: as the request itself, or as the
    /// first of the request stream (client streaming: two more follow; duplex: as many as the
    /// server echoes). Returns the replies received and the exception the call ended with.
    /// </summary>
    public static async Task<CallOutcome> RunAsync(Calls.CallsClient client, MethodType kind, CallRequest request, CallOptions options = default)
    {
        var replies = new List<CallReply>();
        try
        {
            switch (kind)
            {
                case MethodType.Unary:
                    replies.Add(await client.UnaryAsync(request, options));
                    break;

                case MethodType.ServerStreaming:
                    using (var call = client.ServerStream(request, options))
                    {
                        await foreach (var reply in call.ResponseStream.ReadAllAsync())
                        {
                            replies.Add(reply);
                        }
                    }

                    break;

                case MethodType.ClientStreaming:
                    using (var call = client.ClientStream(options))
                    {
                        await call.RequestStream.WriteAsync(request);
                        await call.RequestStream.WriteAsync(new CallRequest { Text = "second" });
                        await call.RequestStream.WriteAsync(new CallRequest { Text = "third" });
                        await call.RequestStream.CompleteAsync();
                        replies.Add(await call.ResponseAsync);
                    }

                    break;

                default:
                    using (var call = client.Duplex(options))
                    {
                        for (var i = 0; i < Math.Max(1, request.Count); i++)
                        {
                            await call.RequestStream.WriteAsync(i == 0 ? request : new CallRequest { Text = request.Text });
                        }

                        await foreach (var reply in call.ResponseStream.ReadAllAsync())
                        {
                            replies.Add(reply);
                        }

                        await call.RequestStream.CompleteAsync();
                    }

                    break;
            }

            return new CallOutcome(replies, null);
        }
        catch (Exception ex)
        {
            return new CallOutcome(replies, ex);
        }
    }

    /// <summary>The raw request body for <paramref name="kind"/> with <paramref name="request"/>, as <see cref="RunAsync"/> would send it.</summary>
    public static byte[] RawBody(MethodType kind, CallRequest request) => kind switch
    {
        MethodType.ClientStreaming => RawGrpcClient.Body(request, new CallRequest { Text = "second" }, new CallRequest { Text = "third" }),
        MethodType.DuplexStreaming => RawGrpcClient.Body(Enumerable.Range(0, Math.Max(1, request.Count)).Select(i => i == 0 ? request : new CallRequest { Text = request.Text }).ToArray()),
        _ => RawGrpcClient.Body(request),
    };
}
