using System.Globalization;
using Faultline.FunctionalTests.Infrastructure;
using Faultline.Server;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Faultline.FunctionalTests.RichErrors;

/// <summary>Method descriptors of <see cref="RichErrorService"/>, one per call kind.</summary>
internal static class RichMethods
{
    public const string ServiceName = "faultline.rich.RichErrorService";

    public static readonly Marshaller<StringValue> Marshaller = Marshallers.ForProtobuf(StringValue.Parser);

    public static readonly Method<StringValue, StringValue> Unary = new(MethodType.Unary, ServiceName, "Unary", Marshaller, Marshaller);
    public static readonly Method<StringValue, StringValue> ServerStreaming = new(MethodType.ServerStreaming, ServiceName, "ServerStreaming", Marshaller, Marshaller);
    public static readonly Method<StringValue, StringValue> ClientStreaming = new(MethodType.ClientStreaming, ServiceName, "ClientStreaming", Marshaller, Marshaller);
    public static readonly Method<StringValue, StringValue> Duplex = new(MethodType.DuplexStreaming, ServiceName, "Duplex", Marshaller, Marshaller);

    public static Method<StringValue, StringValue> For(MethodType kind) => kind switch
    {
        MethodType.Unary => Unary,
        MethodType.ServerStreaming => ServerStreaming,
        MethodType.ClientStreaming => ClientStreaming,
        _ => Duplex,
    };

    public static string Path(MethodType kind) => For(kind).FullName;

    /// <summary>The instruction a test sends: which status, how the method ends with it, and how many messages it sends first.</summary>
    public static string Instruction(string scenario, string how = "throw", int messagesFirst = 0) =>
        string.Create(CultureInfo.InvariantCulture, $"{scenario}|{how}|{messagesFirst}");
}

/// <summary>
/// The statuses the rich error tests send, by name. The service builds them from here, and the
/// tests build the same ones to compare with what arrived.
/// </summary>
internal static class RichScenarios
{
    public const string UnknownTypeUrl = "type.example.com/acme.billing.v1.InvoiceHold";

    public static readonly byte[] UnknownBytes = [0x0A, 0x03, 0x61, 0x62, 0x63, 0x10, 0x2A, 0xFF, 0x00];

    /// <summary>Size of the application trailer the "trailers" scenarios add.</summary>
    public const int BigTrailerLength = 6000;

    public static Any Unknown() => new() { TypeUrl = UnknownTypeUrl, Value = ByteString.CopyFrom(UnknownBytes) };

    /// <summary>A message well beyond any trailer limit: ASCII with some multi-byte characters, which percent-encoding inflates.</summary>
    public static string HugeMessage() => string.Concat(Enumerable.Range(0, 2000).Select(i => i % 10 == 0 ? "é✓ " : "xxxxxxxxx "));

    public static RichStatus Get(string scenario)
    {
        if (scenario.StartsWith("code-", StringComparison.Ordinal))
        {
            var code = (StatusCode)int.Parse(scenario.AsSpan(5), CultureInfo.InvariantCulture);
            var name = StatusCodeNames.GetName(code);
            return RichStatus.Create(code, $"failed with {name}")
                .AddErrorInfo(name, "rich.faultline.test", [new("code", ((int)code).ToString(CultureInfo.InvariantCulture))])
                .AddBadRequest((name.ToLowerInvariant(), "bad"))
                .Build();
        }

        return scenario switch
        {
            "typical" => RichStatus.Create(StatusCode.InvalidArgument, "Invalid request: 100% wrong ✓")
                .AddBadRequest(("name", "must not be empty"), ("age", "must be positive"))
                .AddErrorInfo("FIELD_INVALID", "rich.faultline.test", [new("field", "name")])
                .AddRetryInfo(TimeSpan.FromMilliseconds(1500))
                .AddHelp(("docs", "https://example.com/help"))
                .AddLocalizedMessage("fr-FR", "Requête invalide")
                .AddDetail(new Struct { Fields = { ["tenant"] = Value.ForString("acme") } })
                .AddDetail(Unknown())
                .Build(),

            "debug" => RichStatus.Create(StatusCode.Internal, "internal failure")
                .AddRequestInfo("req-7", "shard 3")
                .AddDebugInfo(["at A.B()", "at C.D()"], "NullReferenceException: boom")
                .Build(),

            // Far beyond 8 KiB: a huge message, a DebugInfo, one large detail, one medium and one small.
            "huge" or "huge-trailers" => RichStatus.Create(StatusCode.FailedPrecondition, HugeMessage())
                .AddDebugInfo(Enumerable.Range(0, 100).Select(i => $"at Frame{i:D3}.Method() in /src/file{i}.cs:line {i}"), "boom")
                .AddBadRequest(Enumerable.Range(0, 10).Select(i => ($"field{i}", new string('b', 80))).ToArray())
                .AddResourceInfo("blob", "blobs/1", "owner", new string('r', 5000))
                .AddRequestInfo("req-huge")
                .Build(),

            // Large, but within the default 8 KiB: must arrive intact.
            "big" => RichStatus.Create(StatusCode.NotFound, "big but fits")
                .AddResourceInfo("blob", "blobs/2", "owner", new string('r', 4500))
                .AddRequestInfo("req-big")
                .Build(),

            // A moderate status next to a large application trailer.
            "trailers" => RichStatus.Create(StatusCode.Aborted, new string('m', 3000))
                .AddRequestInfo("req-trailers")
                .Build(),

            // The application trailer alone is over the limit.
            "trailers-too-big" => RichStatus.Create(StatusCode.Aborted, "short")
                .AddRequestInfo("req-trailers")
                .Build(),

            _ => throw new ArgumentException("unknown scenario " + scenario),
        };
    }
}

/// <summary>
/// A hand-written service with one method per call kind. The first request tells it which status
/// to end with (<see cref="RichScenarios"/>), how, and how many messages to send before.
/// </summary>
[BindServiceMethod(typeof(RichErrorService), nameof(BindService))]
public class RichErrorService
{
    public static void BindService<TService>(ServiceMethodBinder<TService> binder)
        where TService : RichErrorService
    {
        binder.AddUnaryMethod(RichMethods.Unary, (s, r, c) => s.Unary(r, c));
        binder.AddServerStreamingMethod(RichMethods.ServerStreaming, (s, r, w, c) => s.ServerStreaming(r, w, c));
        binder.AddClientStreamingMethod(RichMethods.ClientStreaming, (s, r, c) => s.ClientStreaming(r, c));
        binder.AddDuplexStreamingMethod(RichMethods.Duplex, (s, r, w, c) => s.Duplex(r, w, c));
    }

    public async Task<StringValue> Unary(StringValue request, ServerCallContext context)
    {
        var instruction = Parse(request.Value);
        if (instruction.MessagesFirst > 0)
        {
            await context.WriteResponseHeadersAsync(new Metadata { { "x-started", "yes" } });
        }

        End(instruction, context);
        return new StringValue { Value = "returned normally" };
    }

    public async Task ServerStreaming(StringValue request, IServerStreamWriter<StringValue> responses, ServerCallContext context)
    {
        var instruction = Parse(request.Value);
        for (var i = 0; i < instruction.MessagesFirst; i++)
        {
            await responses.WriteAsync(new StringValue { Value = "message " + i });
        }

        End(instruction, context);
    }

    public async Task<StringValue> ClientStreaming(IAsyncStreamReader<StringValue> requests, ServerCallContext context)
    {
        Instruction? instruction = null;
        while (await requests.MoveNext(context.CancellationToken))
        {
            instruction ??= Parse(requests.Current.Value);
        }

        if (instruction!.MessagesFirst > 0)
        {
            await context.WriteResponseHeadersAsync(new Metadata { { "x-started", "yes" } });
        }

        End(instruction, context);
        return new StringValue { Value = "returned normally" };
    }

    public async Task Duplex(IAsyncStreamReader<StringValue> requests, IServerStreamWriter<StringValue> responses, ServerCallContext context)
    {
        if (!await requests.MoveNext(context.CancellationToken))
        {
            throw new InvalidOperationException("no instruction");
        }

        var instruction = Parse(requests.Current.Value);
        for (var i = 0; i < instruction.MessagesFirst; i++)
        {
            await responses.WriteAsync(new StringValue { Value = "message " + i });
        }

        End(instruction, context);
    }

    private static void End(Instruction instruction, ServerCallContext context)
    {
        var status = RichScenarios.Get(instruction.Scenario);
        if (instruction.Scenario.StartsWith("trailers", StringComparison.Ordinal))
        {
            var length = instruction.Scenario == "trailers-too-big" ? 9000 : RichScenarios.BigTrailerLength;
            context.ResponseTrailers.Add("x-app-trailer", new string('t', length));
        }

        switch (instruction.How)
        {
            case "throw":
                throw GrpcException.Create(status);
            case "abort":
                context.AbortWithStatus(status);
                break;
            case "set":
                context.RichStatus = status;
                break;
            case "set-then-status":
                // Setting the plain Status afterwards replaces the rich one, details and all.
                context.RichStatus = status;
                context.Status = new Status(StatusCode.DataLoss, "plain status wins");
                break;
            case "unhandled":
                throw new InvalidOperationException("secret internal detail 42");
            case "foreign-trailer":
                // A status without details, thrown with trailers that already carry some other
                // google.rpc.Status (as a proxy that re-maps a downstream error would do).
                throw new GrpcException(
                    new Status(StatusCode.Unavailable, "downstream failed"),
                    new Metadata { { GrpcException.StatusDetailsTrailer, status.ToTrailerBytes() } });
            case "relay":
                // The grpcio-status way: a plain status, with the matching google.rpc.Status put in the trailers by hand.
                throw new GrpcException(status.Status, new Metadata { { GrpcException.StatusDetailsTrailer, status.ToTrailerBytes() } });
            default:
                throw new ArgumentException("unknown how " + instruction.How);
        }
    }

    private static Instruction Parse(string value)
    {
        var parts = value.Split('|');
        return new Instruction(parts[0], parts[1], int.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    private sealed record Instruction(string Scenario, string How, int MessagesFirst);
}

/// <summary>Starts a <see cref="TestServer"/> with <see cref="RichErrorService"/> and hand-written raw endpoints.</summary>
internal static class RichServer
{
    /// <summary>The google.rpc.Status the raw "mismatch" endpoints put in grpc-status-details-bin.</summary>
    public static RichStatus MismatchProto() =>
        RichStatus.Create(StatusCode.Internal, "proto message").AddResourceInfo("book", "b1").Build();

    public static readonly byte[] Garbage = [0xFF, 0xFF, 0xFF, 0xFF, 0x01];

    public static Task<TestServer> StartAsync(Action<FaultlineServerOptions>? configure = null) =>
        TestServer.StartAsync(configure, map: app =>
        {
            app.MapGrpcService<RichErrorService>();
            app.MapPost("/rich.Raw/{name}", WriteRawAsync);
        });

    /// <summary>A gRPC response written by hand, to send what the Faultline server never would.</summary>
    private static async Task WriteRawAsync(HttpContext http, string name)
    {
        await http.Request.Body.CopyToAsync(Stream.Null);
        http.Response.ContentType = "application/grpc";

        var (code, message, details) = name switch
        {
            "Malformed" => ("5", "raw not found", Convert.ToBase64String(Garbage)),
            "MalformedTrailersOnly" => ("7", "raw denied", Convert.ToBase64String(Garbage)),
            "InvalidBase64" => ("5", "raw not found", "!!not*base64!!"),
            "CodeMismatch" => ("5", "proto message", Convert.ToBase64String(MismatchProto().ToTrailerBytes())),
            "MessageMismatch" => ("13", "call message", Convert.ToBase64String(MismatchProto().ToTrailerBytes())),
            _ => ("12", "no raw endpoint " + name, null),
        };

        if (name == "MalformedTrailersOnly")
        {
            http.Response.Headers["grpc-status"] = code;
            http.Response.Headers["grpc-message"] = message;
            http.Response.Headers["grpc-status-details-bin"] = details;
            return;
        }

        await http.Response.StartAsync();
        http.Response.AppendTrailer("grpc-status", code);
        http.Response.AppendTrailer("grpc-message", message);
        if (details is not null)
        {
            http.Response.AppendTrailer("grpc-status-details-bin", details);
        }
    }
}
