using Google.Protobuf.WellKnownTypes;

namespace Faultline.Bench;

/// <summary>
/// Method descriptors of the benchmark service, written by hand (what generated code would declare).
/// The request and response are <see cref="BytesValue"/>: a length-delimited field, so the payload
/// size is whatever the benchmark asks for.
/// </summary>
public static class EchoMethods
{
    public const string ServiceName = "bench.Echo";

    /// <summary>The path of the unary echo method, served by both the Faultline and the raw handler.</summary>
    public const string UnaryPath = "/" + ServiceName + "/Unary";

    public static readonly Marshaller<BytesValue> Marshaller = Marshallers.ForProtobuf(BytesValue.Parser);

    public static readonly Method<BytesValue, BytesValue> Unary = new(MethodType.Unary, ServiceName, "Unary", Marshaller, Marshaller);

    /// <summary>Always ends the call with NOT_FOUND by throwing a <see cref="GrpcException"/>.</summary>
    public static readonly Method<BytesValue, BytesValue> Fail = new(MethodType.Unary, ServiceName, "Fail", Marshaller, Marshaller);
}

/// <summary>The benchmark service: unary echo, and a method that fails with a status.</summary>
[BindServiceMethod(typeof(EchoService), nameof(BindService))]
public class EchoService
{
    public const string FailMessage = "No such thing.";

    public static void BindService<TService>(ServiceMethodBinder<TService> binder)
        where TService : EchoService
    {
        binder.AddUnaryMethod(EchoMethods.Unary, (s, r, c) => s.Unary(r, c));
        binder.AddUnaryMethod(EchoMethods.Fail, (s, r, c) => s.Fail(r, c));
    }

    public virtual Task<BytesValue> Unary(BytesValue request, ServerCallContext context) =>
        Task.FromResult(new BytesValue { Value = request.Value });

    public virtual Task<BytesValue> Fail(BytesValue request, ServerCallContext context) =>
        throw new GrpcException(StatusCode.NotFound, FailMessage);
}
