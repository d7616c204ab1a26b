using Faultline.Interop.Server.WireTap;
using Faultline.Interop.WireTap;

namespace Faultline.InteropSuite.Tests.Infrastructure;

/// <summary>
/// What each case must look like on the interop server's side of the wire (grpc-dotnet with Faultline's
/// server pipeline), checked whatever the client (ours or grpcio's). This covers what a client cannot see for itself: grpcio cannot see
/// the compressed flag of responses, nor whether the server noticed a cancellation, nor the raw
/// percent-encoded grpc-message.
/// </summary>
public static class ServerWireChecks
{
    private const string Service = "/grpc.testing.TestService/";

    /// <summary>The percent-encoding of special_status_message's message, as PROTOCOL-HTTP2.md prescribes.</summary>
    public const string SpecialStatusMessageOnWire = "%09%0Atest with whitespace%0D%0Aand Unicode BMP %E2%98%BA and non-BMP %F0%9F%98%88%09%0A";

    /// <summary>Problems with the calls the server saw for <paramref name="case"/>; empty when all is as expected.</summary>
    public static IReadOnlyList<string> Check(string @case, IReadOnlyList<CallRecord> calls)
    {
        var problems = new List<string>();
        void Expect(bool condition, string problem)
        {
            if (!condition)
            {
                problems.Add(problem);
            }
        }

        IReadOnlyList<CallRecord> Calls(string method, int count)
        {
            var found = calls.Where(c => c.Path == Service + method).ToList();
            Expect(found.Count == count, $"server saw {found.Count} {method} call(s), expected {count}");
            return found.Count == count ? found : [];
        }

        void Flags(GrpcFrameScanner frames, bool[] compressed, string what) =>
            Expect(
                frames.Frames.Select(f => f.Compressed).SequenceEqual(compressed),
                $"{what}: compressed flags on the wire {frames}, expected [{string.Join(" ", compressed.Select(c => c ? "C" : "U"))}]");

        // A failed call carries its status alone: the message a unary handler returns with
        // SetRichStatus (which the Faultline pipeline discards) must not reach the wire.
        void NoResponseMessage(CallRecord call) =>
            Expect(call.ResponseFrames.Count == 0, $"{call.Method}: response messages {call.ResponseFrames} with an error status, expected none");

        void Status(CallRecord call, string status, string what) =>
            Expect(call.GrpcStatus == status, $"{what}: grpc-status {call.GrpcStatus ?? "none"}, expected {status}");

        switch (@case)
        {
            case "empty_unary":
                foreach (var call in Calls("EmptyCall", 1))
                {
                    Expect(call.RequestFrames.Frames is [{ Length: 0, Compressed: false }], $"request {call.RequestFrames}, expected one empty message [U0]");
                    Expect(call.ResponseFrames.Frames is [{ Length: 0, Compressed: false }], $"response {call.ResponseFrames}, expected one empty message [U0]");
                    Status(call, "0", "EmptyCall");
                }

                break;

            case "large_unary":
            case "custom_metadata":
                foreach (var call in Calls("UnaryCall", 1))
                {
                    Flags(call.RequestFrames, [false], "request");
                    Flags(call.ResponseFrames, [false], "response");
                    Status(call, "0", "UnaryCall");
                }

                if (@case == "custom_metadata")
                {
                    foreach (var call in Calls("FullDuplexCall", 1))
                    {
                        Status(call, "0", "FullDuplexCall");
                    }
                }

                break;

            case "client_streaming":
                foreach (var call in Calls("StreamingInputCall", 1))
                {
                    Flags(call.RequestFrames, [false, false, false, false], "requests");
                    Status(call, "0", "StreamingInputCall");
                }

                break;

            case "server_streaming":
                foreach (var call in Calls("StreamingOutputCall", 1))
                {
                    Flags(call.ResponseFrames, [false, false, false, false], "responses");
                    Status(call, "0", "StreamingOutputCall");
                }

                break;

            case "ping_pong":
                foreach (var call in Calls("FullDuplexCall", 1))
                {
                    Expect(call.RequestFrames.Count == 4 && call.ResponseFrames.Count == 4, $"requests {call.RequestFrames}, responses {call.ResponseFrames}: expected 4 each");
                    Status(call, "0", "FullDuplexCall");
                }

                break;

            case "empty_stream":
                foreach (var call in Calls("FullDuplexCall", 1))
                {
                    Expect(call.RequestFrames.Count == 0 && call.ResponseFrames.Count == 0, $"requests {call.RequestFrames}, responses {call.ResponseFrames}: expected none");
                    Status(call, "0", "FullDuplexCall");
                }

                break;

            case "status_code_and_message":
                foreach (var call in Calls("UnaryCall", 1).Concat(Calls("FullDuplexCall", 1)))
                {
                    Status(call, "2", call.Method);
                    Expect(call.GrpcMessage == "test status message", $"{call.Method}: grpc-message {call.GrpcMessage ?? "none"}");
                    NoResponseMessage(call);
                }

                break;

            case "special_status_message":
                foreach (var call in Calls("UnaryCall", 1))
                {
                    Status(call, "2", "UnaryCall");
                    Expect(call.GrpcMessage == SpecialStatusMessageOnWire, $"grpc-message on the wire {call.GrpcMessage ?? "none"}, expected {SpecialStatusMessageOnWire}");
                    NoResponseMessage(call);
                }

                break;

            case "unimplemented_method":
            case "unimplemented_service":
                var path = @case == "unimplemented_method" ? Service + "UnimplementedCall" : "/grpc.testing.UnimplementedService/UnimplementedCall";
                var unimplemented = calls.Where(c => c.Path == path).ToList();
                Expect(unimplemented.Count == 1, $"server saw {unimplemented.Count} calls to {path}, expected 1");
                foreach (var call in unimplemented)
                {
                    // UNIMPLEMENTED comes as HTTP 200 + grpc-status 12, never an HTTP 404.
                    Expect(call.HttpStatus == 200 && call.GrpcStatus == "12", $"{path}: HTTP {call.HttpStatus} grpc-status {call.GrpcStatus ?? "none"}, expected HTTP 200 and grpc-status 12");
                }

                break;

            case "cancel_after_begin":
                // A client may cancel before its request headers leave; if the call arrived, it was cancelled.
                foreach (var call in calls.Where(c => c.Method == "StreamingInputCall"))
                {
                    Expect(call.Aborted, "StreamingInputCall: the server did not see the client's cancellation (RST_STREAM)");
                    Expect(call.RequestFrames.Count == 0, $"StreamingInputCall: request messages {call.RequestFrames}, expected none");
                }

                break;

            case "cancel_after_first_response":
                foreach (var call in Calls("FullDuplexCall", 1))
                {
                    Expect(call.Aborted, "FullDuplexCall: the server did not see the client's cancellation (RST_STREAM)");
                    Expect(call.ResponseFrames.Count == 1, $"FullDuplexCall: responses {call.ResponseFrames}, expected exactly one");
                }

                break;

            case "timeout_on_sleeping_server":
                // With a 1 ms deadline the client may give up before the request leaves; if it arrived, it had a deadline.
                foreach (var call in calls.Where(c => c.Method == "FullDuplexCall"))
                {
                    Expect(call.Timeout is not null, "FullDuplexCall: no grpc-timeout header");
                    Expect(call.GrpcStatus is null or "4" || call.Aborted, $"FullDuplexCall: grpc-status {call.GrpcStatus}, expected DEADLINE_EXCEEDED (4) or a reset");
                }

                break;

            case "client_compressed_unary":
                var unary = calls.Where(c => c.Method == "UnaryCall").ToList();
                if (unary.Count == 3)
                {
                    Flags(unary[0].RequestFrames, [false], "probe request");
                    Status(unary[0], "3", "probe (uncompressed, expect_compressed=true)");
                    Flags(unary[1].RequestFrames, [true], "compressed request");
                    Expect(unary[1].RequestEncoding == "gzip", $"compressed request: grpc-encoding {unary[1].RequestEncoding ?? "none"}, expected gzip");
                    Status(unary[1], "0", "compressed request");
                    Flags(unary[2].RequestFrames, [false], "uncompressed request");
                    Status(unary[2], "0", "uncompressed request");
                }
                else
                {
                    problems.Add($"server saw {unary.Count} UnaryCall calls, expected 3 (probe, compressed, uncompressed)");
                }

                break;

            case "server_compressed_unary":
                var responses = Calls("UnaryCall", 2);
                if (responses.Count == 2)
                {
                    Flags(responses[0].ResponseFrames, [true], "response to response_compressed=true");
                    Expect(responses[0].ResponseEncoding == "gzip", $"response to response_compressed=true: grpc-encoding {responses[0].ResponseEncoding ?? "none"}, expected gzip");
                    Flags(responses[1].ResponseFrames, [false], "response to response_compressed=false");
                }

                break;

            case "client_compressed_streaming":
                var streams = Calls("StreamingInputCall", 2);
                if (streams.Count == 2)
                {
                    Flags(streams[0].RequestFrames, [false], "probe request");
                    Status(streams[0], "3", "probe (uncompressed, expect_compressed=true)");
                    Flags(streams[1].RequestFrames, [true, false], "requests of the compressed call");
                    Expect(streams[1].RequestEncoding == "gzip", $"compressed call: grpc-encoding {streams[1].RequestEncoding ?? "none"}, expected gzip");
                    Status(streams[1], "0", "compressed call");
                }

                break;

            case "server_compressed_streaming":
                foreach (var call in Calls("StreamingOutputCall", 1))
                {
                    Flags(call.ResponseFrames, [true, false], "responses");
                    Expect(call.ResponseEncoding == "gzip", $"grpc-encoding {call.ResponseEncoding ?? "none"}, expected gzip");
                    Status(call, "0", "StreamingOutputCall");
                }

                break;

            default:
                problems.Add($"no server-side checks for case '{@case}'");
                break;
        }

        return problems;
    }
}
