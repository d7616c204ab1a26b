using System.Reflection;
using System.Xml.Linq;

namespace Faultline.CodeGen.Tests;

/// <summary>The other test protos: GrpcServices="Client"/"Server", Access="Internal", csharp_namespace,
/// no package, name collisions, deprecated services and doc comments.</summary>
public class ProtoVariantsTests
{
    private static readonly Type[] HeaderParameters = [typeof(Metadata), typeof(DateTime?), typeof(CancellationToken)];

    [Fact]
    public void Client_only_file_has_a_client_but_no_base_class_or_BindService()
    {
        var service = typeof(Codegen.Halves.ClientOnly);

        Assert.NotNull(service.GetNestedType("ClientOnlyClient"));
        Assert.Null(service.GetNestedType("ClientOnlyBase"));
        Assert.Null(service.GetMethod("BindService"));
        Assert.Equal("codegen.halves.ClientOnly", Codegen.Halves.ClientOnly.Descriptor.FullName);

        var invoker = new RecordingInvoker();
        using var call = new Codegen.Halves.ClientOnly.ClientOnlyClient(invoker).Watch(new Codegen.Halves.HalfRequest());
        Assert.Equal("/codegen.halves.ClientOnly/Watch", invoker.LastMethod!.FullName);
        Assert.Equal(MethodType.ServerStreaming, invoker.LastMethod.Type);
    }

    [Fact]
    public void Server_only_file_has_a_base_class_and_BindService_but_no_client()
    {
        var service = typeof(Codegen.Halves.ServerOnly);

        Assert.NotNull(service.GetNestedType("ServerOnlyBase"));
        Assert.Null(service.GetNestedType("ServerOnlyClient"));

        var binder = new RecordingBinder<Codegen.Halves.ServerOnly.ServerOnlyBase>();
        Codegen.Halves.ServerOnly.BindService(binder);
        Assert.Equal(["/codegen.halves.ServerOnly/Get", "/codegen.halves.ServerOnly/Upload"], binder.Added.Select(a => a.Method.FullName));
        Assert.Equal([MethodType.Unary, MethodType.ClientStreaming], binder.Added.Select(a => a.Method.Type));
    }

    [Fact]
    public void Internal_access_makes_the_service_class_internal()
    {
        var service = typeof(Codegen.InternalAccess.InternalService);

        Assert.False(service.IsPublic);
        Assert.NotNull(service.GetNestedType("InternalServiceBase"));
        Assert.NotNull(service.GetNestedType("InternalServiceClient"));
        Assert.True(typeof(Codegen.TestPkg.V1.AllKinds).IsPublic);
    }

    [Fact]
    public void Csharp_namespace_option_is_used()
    {
        var binder = new RecordingBinder<CustomNamespace.Echo.EchoBase>();
        CustomNamespace.Echo.BindService(binder);

        Assert.Equal("Faultline.CodeGen.Tests.CustomNamespace", typeof(CustomNamespace.Echo).Namespace);
        Assert.Equal("/codegen.custom.Echo/Say", Assert.Single(binder.Added).Method.FullName);
        Assert.IsType<Method<CustomNamespace.EchoMessage, CustomNamespace.EchoMessage>>(binder.Added[0].Method);
    }

    [Fact]
    public void File_without_package_puts_the_service_in_the_global_namespace()
    {
        Assert.Null(typeof(global::GlobalService).Namespace);

        var binder = new RecordingBinder<global::GlobalService.GlobalServiceBase>();
        global::GlobalService.BindService(binder);
        Assert.Equal("/GlobalService/Call", Assert.Single(binder.Added).Method.FullName);
    }

    [Fact]
    public void Colliding_client_names_get_an_underscore_and_keep_the_proto_names_for_the_primary_methods()
    {
        var client = typeof(Codegen.Edge.Collisions.CollisionsClient);
        var msg = typeof(Codegen.Edge.Msg);

        // The proto method GetAsync keeps its name; Get's async variant becomes GetAsync_.
        Assert.Equal(msg, client.GetMethod("GetAsync", [msg, .. HeaderParameters])!.ReturnType);
        Assert.Equal(typeof(AsyncUnaryCall<Codegen.Edge.Msg>), client.GetMethod("GetAsync_", [msg, .. HeaderParameters])!.ReturnType);
        Assert.Equal(typeof(AsyncUnaryCall<Codegen.Edge.Msg>), client.GetMethod("GetAsyncAsync", [msg, .. HeaderParameters])!.ReturnType);
        Assert.NotNull(client.GetMethod("CallInvoker_", [msg, typeof(CallOptions)]));
        Assert.NotNull(client.GetMethod("CollisionsClient_", [msg, typeof(CallOptions)]));
        Assert.NotNull(client.GetMethod("event", [msg, typeof(CallOptions)]));
        Assert.NotNull(client.GetMethod("eventAsync", [msg, typeof(CallOptions)]));

        var invoker = new RecordingInvoker();
        var instance = new Codegen.Edge.Collisions.CollisionsClient(invoker);
        instance.GetAsync_(new Codegen.Edge.Msg());
        Assert.Equal("/codegen.edge.Collisions/Get", invoker.LastMethod!.FullName);
        instance.GetAsync(new Codegen.Edge.Msg());
        Assert.Equal("/codegen.edge.Collisions/GetAsync", invoker.LastMethod!.FullName);
        instance.CallInvoker_(new Codegen.Edge.Msg());
        Assert.Equal("/codegen.edge.Collisions/CallInvoker", invoker.LastMethod!.FullName);
    }

    [Fact]
    public void Server_names_are_the_proto_names()
    {
        var binder = new RecordingBinder<Codegen.Edge.Collisions.CollisionsBase>();
        Codegen.Edge.Collisions.BindService(binder);

        Assert.Equal(["Get", "GetAsync", "CallInvoker", "CollisionsClient", "event", "lowercase_name"], binder.Added.Select(a => a.Method.Name));
        Assert.NotNull(typeof(Codegen.Edge.Collisions.CollisionsBase).GetMethod("event"));
        Assert.NotNull(typeof(Codegen.Edge.Collisions.CollisionsBase).GetMethod("CollisionsClient"));
    }

    [Fact]
    public void Deprecated_service_class_is_obsolete()
    {
        var legacy = typeof(Codegen.Edge.Msg).Assembly.GetType("Codegen.Edge.Legacy", throwOnError: true)!;

        Assert.NotNull(legacy.GetCustomAttribute<ObsoleteAttribute>());
        Assert.Null(typeof(Codegen.Edge.Collisions).GetCustomAttribute<ObsoleteAttribute>());
    }

    [Fact]
    public void Proto_comments_become_xml_doc_comments()
    {
        var xmlPath = Path.ChangeExtension(typeof(ProtoVariantsTests).Assembly.Location, ".xml");
        var members = XDocument.Load(xmlPath).Descendants("member")
            .ToDictionary(
                m => (string)m.Attribute("name")!,
                m => string.Join("\n", (m.Element("summary")?.Value ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)));

        Assert.Equal(
            "Exercises every call kind.\nSecond line of the service comment, with <xml> & \"quotes\".",
            members["T:Codegen.TestPkg.V1.AllKinds"]);
        Assert.Equal("A unary call.", members["M:Codegen.TestPkg.V1.AllKinds.AllKindsBase.Unary(Codegen.TestPkg.V1.Request,Faultline.ServerCallContext)"]);
        Assert.Equal("Streams requests, returns one reply.",
            members["M:Codegen.TestPkg.V1.AllKinds.AllKindsClient.ClientStream(Faultline.CallOptions)"]);
        Assert.Equal("A unary call.",
            members["M:Codegen.TestPkg.V1.AllKinds.AllKindsClient.UnaryAsync(Codegen.TestPkg.V1.Request,Faultline.Metadata,System.Nullable{System.DateTime},System.Threading.CancellationToken)"]);
    }
}
