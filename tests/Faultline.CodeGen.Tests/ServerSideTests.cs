using System.Reflection;
using Codegen.Common;
using Codegen.TestPkg.V1;
using Empty = Google.Protobuf.WellKnownTypes.Empty;

namespace Faultline.CodeGen.Tests;

/// <summary>The generated service base class and BindService of all_kinds.proto.</summary>
public class ServerSideTests
{
    private static readonly ServerCallContext Context = new FakeServerCallContext();

    private sealed class Unimplemented : AllKinds.AllKindsBase
    {
    }

    private sealed class Implemented : AllKinds.AllKindsBase
    {
        public override Task<Reply> Unary(Request request, ServerCallContext context) =>
            Task.FromResult(new Reply { Text = "unary:" + request.Text });

        public override async Task<Reply> ClientStream(IAsyncStreamReader<Request> requestStream, ServerCallContext context)
        {
            var texts = new List<string>();
            await foreach (var r in requestStream.ReadAllAsync())
            {
                texts.Add(r.Text);
            }

            return new Reply { Text = string.Join("+", texts), Count = texts.Count };
        }

        public override async Task ServerStream(Request request, IServerStreamWriter<Reply> responseStream, ServerCallContext context)
        {
            await responseStream.WriteAsync(new Reply { Text = request.Text + "1" });
            await responseStream.WriteAsync(new Reply { Text = request.Text + "2" });
        }

        public override async Task Duplex(IAsyncStreamReader<Request> requestStream, IServerStreamWriter<Reply> responseStream, ServerCallContext context)
        {
            await foreach (var r in requestStream.ReadAllAsync())
            {
                await responseStream.WriteAsync(new Reply { Text = "echo:" + r.Text });
            }
        }
    }

    [Theory]
    [InlineData("Unary", typeof(Task<Reply>), new[] { typeof(Request), typeof(ServerCallContext) })]
    [InlineData("ClientStream", typeof(Task<Reply>), new[] { typeof(IAsyncStreamReader<Request>), typeof(ServerCallContext) })]
    [InlineData("ServerStream", typeof(Task), new[] { typeof(Request), typeof(IServerStreamWriter<Reply>), typeof(ServerCallContext) })]
    [InlineData("Duplex", typeof(Task), new[] { typeof(IAsyncStreamReader<Request>), typeof(IServerStreamWriter<Reply>), typeof(ServerCallContext) })]
    [InlineData("Nested", typeof(Task<Empty>), new[] { typeof(Outer.Types.Inner), typeof(ServerCallContext) })]
    [InlineData("DeeperStream", typeof(Task), new[] { typeof(IAsyncStreamReader<Outer.Types.Inner.Types.Deeper>), typeof(IServerStreamWriter<Ping>), typeof(ServerCallContext) })]
    public void Base_class_has_a_virtual_method_per_rpc_with_the_expected_signature(string name, Type returnType, Type[] parameters)
    {
        var method = typeof(AllKinds.AllKindsBase).GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters);

        Assert.NotNull(method);
        Assert.Equal(returnType, method.ReturnType);
        Assert.True(method.IsVirtual);
        Assert.False(method.IsAbstract);
    }

    [Fact]
    public void Base_class_is_public_abstract_and_nested_in_the_service_class()
    {
        var type = typeof(AllKinds.AllKindsBase);
        Assert.True(type.IsAbstract);
        Assert.True(type.IsNestedPublic);
        Assert.Equal(typeof(AllKinds), type.DeclaringType);
        Assert.True(typeof(AllKinds).IsAbstract && typeof(AllKinds).IsSealed, "the service class is static");
        Assert.Equal("Codegen.TestPkg.V1", typeof(AllKinds).Namespace);
    }

    [Fact]
    public void Base_class_points_servers_at_BindService()
    {
        var attribute = typeof(Implemented).GetCustomAttribute<BindServiceMethodAttribute>(inherit: true);

        Assert.NotNull(attribute);
        Assert.Equal(typeof(AllKinds), attribute.BindType);
        Assert.Equal("BindService", attribute.BindMethodName);
        var bind = attribute.BindType.GetMethod(attribute.BindMethodName, BindingFlags.Public | BindingFlags.Static);
        Assert.NotNull(bind);
        Assert.True(bind.IsGenericMethodDefinition);
        var constraint = Assert.Single(bind.GetGenericArguments()[0].GetGenericParameterConstraints());
        Assert.Equal(typeof(AllKinds.AllKindsBase), constraint);
    }

    [Fact]
    public void BindService_registers_every_method_with_its_path_and_kind()
    {
        var binder = new RecordingBinder<Implemented>();
        AllKinds.BindService(binder);

        var expected = new (string Name, MethodType Type)[]
        {
            ("Unary", MethodType.Unary),
            ("ClientStream", MethodType.ClientStreaming),
            ("ServerStream", MethodType.ServerStreaming),
            ("Duplex", MethodType.DuplexStreaming),
            ("Nested", MethodType.Unary),
            ("DeeperStream", MethodType.DuplexStreaming),
            ("OldUnary", MethodType.Unary),
        };
        Assert.Equal(expected.Select(e => e.Name), binder.Added.Select(a => a.Method.Name));
        foreach (var (name, type) in expected)
        {
            var method = binder.Get(name).Method;
            Assert.Equal(type, method.Type);
            Assert.Equal("codegen.test_pkg.v1.AllKinds", method.ServiceName);
            Assert.Equal("/codegen.test_pkg.v1.AllKinds/" + name, method.FullName);
        }
    }

    [Fact]
    public void BindService_registers_typed_methods_and_matching_invokers()
    {
        var binder = new RecordingBinder<Implemented>();
        AllKinds.BindService(binder);

        var (unary, unaryInvoker) = binder.Get("Unary");
        Assert.IsType<Method<Request, Reply>>(unary);
        Assert.IsType<UnaryServerMethod<Implemented, Request, Reply>>(unaryInvoker);
        Assert.IsType<ClientStreamingServerMethod<Implemented, Request, Reply>>(binder.Get("ClientStream").Invoker);
        Assert.IsType<ServerStreamingServerMethod<Implemented, Request, Reply>>(binder.Get("ServerStream").Invoker);
        Assert.IsType<DuplexStreamingServerMethod<Implemented, Request, Reply>>(binder.Get("Duplex").Invoker);
        Assert.IsType<Method<Outer.Types.Inner, Empty>>(binder.Get("Nested").Method);
        Assert.IsType<Method<Outer.Types.Inner.Types.Deeper, Ping>>(binder.Get("DeeperStream").Method);
    }

    [Fact]
    public void Method_marshallers_round_trip_protobuf_messages()
    {
        var binder = new RecordingBinder<Implemented>();
        AllKinds.BindService(binder);
        var method = (Method<Request, Reply>)binder.Get("Unary").Method;

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        method.RequestMarshaller.Serialize(new Request { Text = "hi" }, buffer);
        var back = method.RequestMarshaller.Deserialize(new System.Buffers.ReadOnlySequence<byte>(buffer.WrittenMemory));

        Assert.Equal("hi", back.Text);
        Assert.True(method.ResponseMarshaller.TryGetSize(new Reply { Text = "abc" }, out var size));
        Assert.Equal(5, size);
    }

    [Fact]
    public async Task Bound_invokers_call_the_overridden_methods()
    {
        var binder = new RecordingBinder<Implemented>();
        AllKinds.BindService(binder);
        var service = new Implemented();

        var unary = (UnaryServerMethod<Implemented, Request, Reply>)binder.Get("Unary").Invoker;
        Assert.Equal("unary:a", (await unary(service, new Request { Text = "a" }, Context)).Text);

        var clientStream = (ClientStreamingServerMethod<Implemented, Request, Reply>)binder.Get("ClientStream").Invoker;
        var reply = await clientStream(service, new ListReader<Request>(new Request { Text = "x" }, new Request { Text = "y" }), Context);
        Assert.Equal("x+y", reply.Text);
        Assert.Equal(2, reply.Count);

        var serverStream = (ServerStreamingServerMethod<Implemented, Request, Reply>)binder.Get("ServerStream").Invoker;
        var written = new NullWriter<Reply>();
        await serverStream(service, new Request { Text = "s" }, written, Context);
        Assert.Equal(["s1", "s2"], written.Written.Select(r => r.Text));

        var duplex = (DuplexStreamingServerMethod<Implemented, Request, Reply>)binder.Get("Duplex").Invoker;
        var echoed = new NullWriter<Reply>();
        await duplex(service, new ListReader<Request>(new Request { Text = "d" }), echoed, Context);
        Assert.Equal("echo:d", Assert.Single(echoed.Written).Text);
    }

    public static TheoryData<string> AllMethodNames => ["Unary", "ClientStream", "ServerStream", "Duplex", "Nested", "DeeperStream", "OldUnary"];

    [Theory]
    [MemberData(nameof(AllMethodNames))]
    public async Task Methods_that_are_not_overridden_fail_with_Unimplemented(string name)
    {
        var binder = new RecordingBinder<Unimplemented>();
        AllKinds.BindService(binder);
        var service = new Unimplemented();
        var reader = new ListReader<Request>();

        var invoker = binder.Get(name).Invoker;
        Func<Task> call = invoker switch
        {
            UnaryServerMethod<Unimplemented, Request, Reply> u => () => u(service, new Request(), Context),
            UnaryServerMethod<Unimplemented, Outer.Types.Inner, Empty> n => () => n(service, new Outer.Types.Inner(), Context),
            ClientStreamingServerMethod<Unimplemented, Request, Reply> c => () => c(service, reader, Context),
            ServerStreamingServerMethod<Unimplemented, Request, Reply> s => () => s(service, new Request(), new NullWriter<Reply>(), Context),
            DuplexStreamingServerMethod<Unimplemented, Request, Reply> d => () => d(service, reader, new NullWriter<Reply>(), Context),
            DuplexStreamingServerMethod<Unimplemented, Outer.Types.Inner.Types.Deeper, Ping> dd => () => dd(service, new ListReader<Outer.Types.Inner.Types.Deeper>(), new NullWriter<Ping>(), Context),
            _ => throw new InvalidOperationException("unexpected invoker " + invoker.GetType()),
        };

        var e = await Assert.ThrowsAnyAsync<GrpcException>(call);
        Assert.Equal(StatusCode.Unimplemented, e.StatusCode);
        Assert.Contains("codegen.test_pkg.v1.AllKinds/" + name, e.Status.Message);
    }

    [Fact]
    public void Descriptor_is_the_protobuf_service_descriptor()
    {
        Assert.Equal("codegen.test_pkg.v1.AllKinds", AllKinds.Descriptor.FullName);
        Assert.Equal(7, AllKinds.Descriptor.Methods.Count);
        Assert.Equal("codegen.test_pkg.v1.Second", Second.Descriptor.FullName);
    }

    [Fact]
    public void A_second_service_in_the_same_file_gets_its_own_classes()
    {
        var binder = new RecordingBinder<Second.SecondBase>();
        Second.BindService(binder);

        var method = Assert.IsType<Method<Empty, Empty>>(Assert.Single(binder.Added).Method);
        Assert.Equal("/codegen.test_pkg.v1.Second/Check", method.FullName);
        Assert.NotNull(typeof(Second).GetNestedType("SecondClient"));
    }

    [Fact]
    public void Deprecated_methods_are_obsolete()
    {
        Assert.NotNull(typeof(AllKinds.AllKindsBase).GetMethod("OldUnary")!.GetCustomAttribute<ObsoleteAttribute>());
        Assert.Null(typeof(AllKinds.AllKindsBase).GetMethod("Unary")!.GetCustomAttribute<ObsoleteAttribute>());
        Assert.All(
            typeof(AllKinds.AllKindsClient).GetMethods().Where(m => m.Name.StartsWith("OldUnary", StringComparison.Ordinal)),
            m => Assert.NotNull(m.GetCustomAttribute<ObsoleteAttribute>()));
    }
}
