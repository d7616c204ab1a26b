using System.Collections.Concurrent;
using Faultline.Testing.Tests.Infrastructure;
using Google.Protobuf;
using Faultline.Testing.Tests.Interceptors;
using Microsoft.Extensions.DependencyInjection;

namespace Faultline.Testing.Tests;

/// <summary>
/// grpc_interceptor's interceptor behaviours on Faultline's one-method <c>ServerInterceptor</c>, each on
/// the four call kinds, inside the Faultline server pipeline on real Kestrel.
/// </summary>
public class ServerInterceptorTests
{
    private static readonly Metadata Deny = new() { { "x-deny", "yes" } };

    [Fact]
    public async Task Counter_CountsEveryKindByMethodName_WithItsParsedNameAndKind()
    {
        var counter = new CallCounter();
        var plain = new PlainCallCounter();
        await using var host = await DummyServiceHost.StartAsync(serverInterceptors: [counter, plain]);

        foreach (var kind in DummyCalls.Kinds)
        {
            Assert.Null((await host.Client.CallAsync(kind, "x")).Error);
        }

        Assert.Equal(DummyCalls.Kinds.ToDictionary(DummyCalls.MethodOf, _ => 1), counter.Counts);
        foreach (var kind in DummyCalls.Kinds)
        {
            var (name, seenKind) = counter.Seen[DummyCalls.MethodOf(kind)];
            Assert.Equal(new GrpcMethodName("faultline.testing", "DummyService", DummyCalls.MethodOf(kind)), name);
            Assert.Equal(kind, seenKind);
        }

        Assert.Equal(DummyCalls.Kinds.ToDictionary(k => "/faultline.testing.DummyService/" + DummyCalls.MethodOf(k), _ => 1), plain.Counts);
    }

    [Theory]
    [MemberData(nameof(Kinds.All), MemberType = typeof(Kinds))]
    public async Task Chain_RunsInRegistrationOrder_OutermostFirst_AlsoWhenTheCallFails(MethodType kind)
    {
        var journal = new ConcurrentQueue<string>();
        var cases = new SpecialCases { { "fail", SpecialCases.Raises(new UnavailableException()) } };
        await using var host = await DummyServiceHost.StartAsync(cases, serverInterceptors: [new OrderRecorder("first", journal), new OrderRecorder("second", journal)]);

        var succeeded = await host.Client.CallAsync(kind, "ok");
        string[] once = ["first enter", "second enter", "second exit", "first exit"];
        Assert.Null(succeeded.Error);
        Assert.Equal(once, journal);

        var failed = await host.Client.CallAsync(kind, "fail");
        Assert.IsType<UnavailableException>(failed.Error);
        Assert.Equal([.. once, .. once], journal);
    }

    [Fact]
    public async Task Rewriter_ChangesEachRequestAndResponseMessage_OnEveryKind()
    {
        await using var host = await DummyServiceHost.StartAsync(serverInterceptors: [new Rewriter()]);

        var unary = await host.Client.CallAsync(MethodType.Unary, "ab");
        var clientStream = await host.Client.CallAsync(MethodType.ClientStreaming, ["a", "b"]);
        var serverStream = await host.Client.CallAsync(MethodType.ServerStreaming, "ab");
        var duplex = await host.Client.CallAsync(MethodType.DuplexStreaming, ["a", "b"]);

        Assert.Equal(["<AB>"], unary.Outputs);
        Assert.Equal(["<AB>"], clientStream.Outputs);
        Assert.Equal(["<A>", "<B>"], serverStream.Outputs);
        Assert.Equal(["<A>", "<B>"], duplex.Outputs);
    }

    [Fact]
    public async Task Replacer_ReplacesTheRequestAndTheResponse_WhereTheKindHasThem()
    {
        await using var host = await DummyServiceHost.StartAsync(serverInterceptors: [new Replacer()]);

        var unary = await host.Client.CallAsync(MethodType.Unary, "x");
        var clientStream = await host.Client.CallAsync(MethodType.ClientStreaming, ["a", "b"]);
        var serverStream = await host.Client.CallAsync(MethodType.ServerStreaming, "x");

        Assert.Equal(["[x-replaced]"], unary.Outputs);
        Assert.Equal(["[ab]"], clientStream.Outputs);
        Assert.Equal("x-replaced", serverStream.Output);
    }

    public static TheoryData<MethodType, Refusal> KindsAndRefusals()
    {
        var data = new TheoryData<MethodType, Refusal>();
        foreach (var kind in DummyCalls.Kinds)
        {
            data.Add(kind, Refusal.Throw);
            data.Add(kind, Refusal.SetStatus);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KindsAndRefusals))]
    public async Task Gatekeeper_EndsTheCallWithItsStatus_WithoutCallingNext(MethodType kind, Refusal refusal)
    {
        var inner = new CallCounter();
        await using var host = await DummyServiceHost.StartAsync(serverInterceptors: [new Gatekeeper(refusal), inner]);

        var denied = await host.Client.CallAsync(kind, "x", Deny);
        var allowed = await host.Client.CallAsync(kind, "y");

        var error = Assert.IsType<PermissionDeniedException>(denied.Error);
        Assert.Empty(denied.Outputs);
        Assert.Equal(Gatekeeper.Message, error.Status.Detail);
        Assert.Equal("DENIED", error.Reason);
        Assert.Equal("gatekeeper.example.com", error.Domain);
        Assert.Null(allowed.Error);
        Assert.Equal("y", allowed.Output);
        Assert.Equal(1, inner.Total);
        host.Logs.Errors.ToList().ForEach(e => Assert.Fail("Unexpected error log: " + e));
    }

    [Theory]
    [InlineData("/faultline.testing.DummyService/Missing")]
    [InlineData("/faultline.testing.NoSuchService/Execute")]
    public async Task UnknownMethod_IsUnimplemented_AndNoInterceptorRuns(string path)
    {
        var counter = new CallCounter();
        var plain = new PlainCallCounter();
        await using var host = await DummyServiceHost.StartAsync(serverInterceptors: [counter, plain]);
        var name = GrpcMethodName.Parse(path);
        var method = new Method<DummyRequest, DummyResponse>(MethodType.Unary, name.FullyQualifiedService, name.Method, Marshallers.Create(r => r.ToByteArray(), DummyRequest.Parser.ParseFrom), Marshallers.Create(r => r.ToByteArray(), DummyResponse.Parser.ParseFrom));
        var invoker = host.Channel.WithFaultline();

        var error = await Assert.ThrowsAsync<UnimplementedException>(() => invoker.AsyncUnaryCall(method, null, new CallOptions(), new DummyRequest { Input = "x" }).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Equal(0, counter.Total);
        Assert.Equal(0, plain.Total);
    }

    [Fact]
    public async Task Selectors_AtRegistrationOrInAppliesTo_LimitWhichMethodsAnInterceptorSees()
    {
        var executeOnly = new CallCounter();
        var allButExecute = new CallCounter(skipExecute: true);
        await using var host = await DummyServiceHost.StartAsync(new DummyServiceHostOptions
        {
            ServerInterceptors = [allButExecute],
            ConfigureServer = grpc => grpc.AddServerInterceptor(executeOnly, appliesTo: m => m.Method == "Execute"),
        });

        foreach (var kind in DummyCalls.Kinds)
        {
            Assert.Null((await host.Client.CallAsync(kind, "x")).Error);
        }

        Assert.Equal(new Dictionary<string, int> { ["Execute"] = 1 }, executeOnly.Counts);
        Assert.Equal(DummyCalls.Kinds.Skip(1).ToDictionary(DummyCalls.MethodOf, _ => 1), allButExecute.Counts);
    }

    [Fact]
    public async Task ExceptionFromAnInterceptor_BecomesAStatusThroughTheRegistry()
    {
        await using var host = await DummyServiceHost.StartAsync(serverInterceptors: [new ThrowingInterceptor(new KeyNotFoundException("secret key 42"))]);

        var result = await host.Client.CallAsync(MethodType.DuplexStreaming, ["x"]);

        var error = Assert.IsType<NotFoundException>(result.Error);
        Assert.Equal(NotFoundException.DefaultMessage, error.Status.Detail);
        Assert.DoesNotContain("secret", error.Status.Detail);
    }

    [Fact]
    public async Task PlainInterceptorsAndServerInterceptors_ShareTheServerList_InTheOrderGiven()
    {
        var journal = new ConcurrentQueue<string>();
        await using var host = await DummyServiceHost.StartAsync(serverInterceptors: [new PlainOrderRecorder("plain", journal), new OrderRecorder("chain", journal)]);

        Assert.Null((await host.Client.CallAsync(MethodType.Unary, "x")).Error);

        Assert.Equal(["plain enter", "chain enter", "chain exit", "plain exit"], journal);
    }

    [Fact]
    public async Task Recoverer_CatchingTheHandlersException_EndsTheCallSuccessfully()
    {
        var cases = new SpecialCases { { "missing", SpecialCases.Raises(() => new NotFoundException()) } };
        await using var host = await DummyServiceHost.StartAsync(cases, serverInterceptors: [new Recoverer()]);

        var unary = await host.Client.CallAsync(MethodType.Unary, "missing");
        var clientStream = await host.Client.CallAsync(MethodType.ClientStreaming, ["a", "missing"]);
        var duplex = await host.Client.CallAsync(MethodType.DuplexStreaming, ["a", "missing", "b"]);

        Assert.Equal(["fallback"], unary.Outputs);
        Assert.Null(unary.Error);
        Assert.Equal(["fallback"], clientStream.Outputs);
        Assert.Null(clientStream.Error);
        Assert.Equal(["a"], duplex.Outputs);
        Assert.Null(duplex.Error);
    }

    [Fact]
    public async Task SameInstanceRegisteredTwice_RunsTwicePerCall()
    {
        var counter = new CallCounter();
        await using var host = await DummyServiceHost.StartAsync(serverInterceptors: [counter, counter]);

        Assert.Null((await host.Client.CallAsync(MethodType.ServerStreaming, "x")).Error);

        Assert.Equal(2, counter.Counts["ExecuteServerStream"]);
    }
}
