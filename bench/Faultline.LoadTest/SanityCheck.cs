using Faultline.Bench;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;

namespace Faultline.LoadTest;

/// <summary>
/// Before anything is measured, one real grpc-dotnet client call per scenario proves the server
/// answers what the scenario claims: the echoed bytes, or RESOURCE_EXHAUSTED with its message and
/// exactly one <c>grpc-status-details-bin</c> holding the QuotaFailure (read with Grpc.StatusProto,
/// not with Faultline). h2load only sees HTTP 200s, so this is what makes its counts mean something.
/// </summary>
internal static class SanityCheck
{
    private static readonly Marshaller<Payload> PayloadMarshaller = Marshallers.Create(payload => payload.ToByteArray(), Payload.Parser.ParseFrom);

    public static async Task RunAsync(int port, Scenario scenario)
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var method = new Method<Payload, Payload>(MethodType.Unary, "bench.Bench", scenario.Method, PayloadMarshaller, PayloadMarshaller);
        var request = BenchRequest.Create();
        try
        {
            var reply = await channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10)), request);
            if (scenario.Fails || !reply.Equals(request))
            {
                throw Wrong(scenario, scenario.Fails ? "the call succeeded" : "the reply differs from the request");
            }
        }
        catch (RpcException ex) when (scenario.Fails)
        {
            var detailsTrailers = ex.Trailers.Count(entry => entry.Key == "grpc-status-details-bin");
            var status = ex.GetRpcStatus();
            var violation = status?.GetDetail<QuotaFailure>()?.Violations.SingleOrDefault();
            if (ex.StatusCode != QuotaError.Code || ex.Status.Detail != QuotaError.Message || detailsTrailers != 1
                || status is null || status.Code != (int)QuotaError.Code || status.Message != QuotaError.Message
                || violation is null || violation.Subject != QuotaError.Subject || violation.Description != QuotaError.Description)
            {
                throw Wrong(scenario, $"got {ex.Status} with {detailsTrailers} grpc-status-details-bin trailer(s) decoding to {status}");
            }
        }
    }

    private static InvalidOperationException Wrong(Scenario scenario, string what) =>
        new($"Scenario {scenario.Name} does not answer as it should: {what}.");
}
