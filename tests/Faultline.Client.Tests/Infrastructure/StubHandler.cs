using System.Net;
using System.Net.Http.Headers;

namespace Faultline.Client.Tests.Infrastructure;

/// <summary>An in-memory handler: answers each request with whatever the test builds, no network.</summary>
public sealed class StubHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    public HttpRequestMessage? LastRequest { get; private set; }

    public static HttpResponseMessage GrpcResponse(byte[] body, Action<HttpResponseHeaders>? trailers = null, Version? version = null)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            Version = version ?? HttpVersion.Version20,
            Content = new ByteArrayContent(body),
        };
        response.Content.Headers.TryAddWithoutValidation("content-type", "application/grpc");
        trailers?.Invoke(response.TrailingHeaders);
        return response;
    }

    public static GrpcChannel Channel(StubHandler handler, GrpcChannelOptions? options = null, string address = "http://stub.test")
    {
        options ??= new GrpcChannelOptions();
        options.HttpHandler = handler;
        return GrpcChannel.ForAddress(address, options);
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        LastRequest = request;
        return respond(request, cancellationToken);
    }
}
