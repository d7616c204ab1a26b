using System.Reflection;
using Codegen.Common;
using Codegen.TestPkg.V1;
using Empty = Google.Protobuf.WellKnownTypes.Empty;

namespace Faultline.CodeGen.Tests;

/// <summary>The generated typed client of all_kinds.proto.</summary>
public class ClientSideTests
{
    private static readonly Type[] HeaderParameters = [typeof(Metadata), typeof(DateTime?), typeof(CancellationToken)];

    private readonly RecordingInvoker _invoker = new();
    private readonly AllKinds.AllKindsClient _client;

    public ClientSideTests() => _client = new AllKinds.AllKindsClient(_invoker);

    private static MethodInfo ClientMethod(string name, params Type[] parameters) =>
        typeof(AllKinds.AllKindsClient).GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters)
        ?? throw new Xunit.Sdk.XunitException($"AllKindsClient.{name}({string.Join(", ", parameters.Select(p => p.Name))}) is missing");

    [Theory]
    [InlineData("Unary", typeof(Reply), true)]
    [InlineData("UnaryAsync", typeof(AsyncUnaryCall<Reply>), true)]
    [InlineData("ServerStream", typeof(AsyncServerStreamingCall<Reply>), true)]
    [InlineData("ClientStream", typeof(AsyncClientStreamingCall<Request, Reply>), false)]
    [InlineData("Duplex", typeof(AsyncDuplexStreamingCall<Request, Reply>), false)]
    public void Client_has_a_headers_overload_and_an_options_overload(string name, Type returnType, bool takesRequest)
    {
        Type[] leading = takesRequest ? [typeof(Request)] : [];

        var withHeaders = ClientMethod(name, [.. leading, .. HeaderParameters]);
        var withOptions = ClientMethod(name, [.. leading, typeof(CallOptions)]);

        Assert.Equal(returnType, withHeaders.ReturnType);
        Assert.Equal(returnType, withOptions.ReturnType);
        Assert.True(withHeaders.IsVirtual && withOptions.IsVirtual);
        var optional = withHeaders.GetParameters().Skip(leading.Length).ToArray();
        Assert.Equal(["headers", "deadline", "cancellationToken"], optional.Select(p => p.Name));
        Assert.All(optional, p => Assert.True(p.IsOptional));
    }

    [Fact]
    public void Client_derives_from_ClientBase_and_has_channel_and_invoker_constructors()
    {
        Assert.Equal(typeof(ClientBase<AllKinds.AllKindsClient>), typeof(AllKinds.AllKindsClient).BaseType);
        Assert.NotNull(typeof(AllKinds.AllKindsClient).GetConstructor([typeof(ChannelBase)]));
        Assert.NotNull(typeof(AllKinds.AllKindsClient).GetConstructor([typeof(CallInvoker)]));
        Assert.Null(typeof(AllKinds.AllKindsClient).GetMethod("ClientStreamAsync"));
    }

    [Fact]
    public void Blocking_unary_call_passes_method_request_and_options()
    {
        var request = new Request { Text = "x" };
        var headers = new Metadata { { "k", "v" } };
        var deadline = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        using var cts = new CancellationTokenSource();

        var reply = _client.Unary(request, headers, deadline, cts.Token);

        Assert.NotNull(reply);
        Assert.Equal(nameof(CallInvoker.BlockingUnaryCall), _invoker.LastKind);
        Assert.Equal("/codegen.test_pkg.v1.AllKinds/Unary", _invoker.LastMethod!.FullName);
        Assert.Equal(MethodType.Unary, _invoker.LastMethod.Type);
        Assert.Null(_invoker.LastHost);
        Assert.Same(request, _invoker.LastRequest);
        Assert.Same(headers, _invoker.LastOptions.Headers);
        Assert.Equal(deadline, _invoker.LastOptions.Deadline);
        Assert.Equal(cts.Token, _invoker.LastOptions.CancellationToken);
    }

    [Fact]
    public async Task Async_unary_call_passes_the_given_options()
    {
        var options = new CallOptions(compression: "gzip");
        var request = new Request();

        var reply = await _client.UnaryAsync(request, options);

        Assert.NotNull(reply);
        Assert.Equal(nameof(CallInvoker.AsyncUnaryCall), _invoker.LastKind);
        Assert.Equal("/codegen.test_pkg.v1.AllKinds/Unary", _invoker.LastMethod!.FullName);
        Assert.Equal(options, _invoker.LastOptions);
        Assert.Same(request, _invoker.LastRequest);
    }

    [Fact]
    public void Streaming_calls_use_the_matching_invoker_method()
    {
        using (var call = _client.ServerStream(new Request()))
        {
            Assert.Equal(nameof(CallInvoker.AsyncServerStreamingCall), _invoker.LastKind);
            Assert.Equal(MethodType.ServerStreaming, _invoker.LastMethod!.Type);
            Assert.Equal("/codegen.test_pkg.v1.AllKinds/ServerStream", _invoker.LastMethod.FullName);
        }

        using (var call = _client.ClientStream())
        {
            Assert.Equal(nameof(CallInvoker.AsyncClientStreamingCall), _invoker.LastKind);
            Assert.Equal(MethodType.ClientStreaming, _invoker.LastMethod!.Type);
            Assert.Null(_invoker.LastRequest);
        }

        var headers = new Metadata();
        using (var call = _client.Duplex(headers))
        {
            Assert.Equal(nameof(CallInvoker.AsyncDuplexStreamingCall), _invoker.LastKind);
            Assert.Equal(MethodType.DuplexStreaming, _invoker.LastMethod!.Type);
            Assert.Same(headers, _invoker.LastOptions.Headers);
        }

        using (var call = _client.DeeperStream(new CallOptions()))
        {
            Assert.IsType<Method<Outer.Types.Inner.Types.Deeper, Ping>>(_invoker.LastMethod);
        }
    }

    [Fact]
    public async Task Nested_and_well_known_types_are_used_as_messages()
    {
        Empty reply = await _client.NestedAsync(new Outer.Types.Inner { Value = 1 });

        Assert.NotNull(reply);
        Assert.IsType<Method<Outer.Types.Inner, Empty>>(_invoker.LastMethod);
    }

    [Fact]
    public void Client_built_on_a_channel_uses_the_channel_invoker()
    {
        var client = new AllKinds.AllKindsClient(new RecordingChannel(_invoker));

        client.Unary(new Request());

        Assert.Equal("/codegen.test_pkg.v1.AllKinds/Unary", _invoker.LastMethod!.FullName);
    }
}
