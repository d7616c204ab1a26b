#!/usr/bin/python3
"""The RichErrors services (Protos/rich_errors.proto) on grpcio: every call fails with a rich status,
set exactly the way grpcio-status does: context.abort_with_status(to_status(google.rpc.Status)).
RichErrorsDetailed has the same handlers (grpcio has no DebugInfo policy to differ on).

Usage: rich_server.py --port N   (0 = any free port)
Listens on 127.0.0.1, prints "READY <port>" once serving, and stops on stdin EOF or SIGTERM.

Besides the catalog cases (rich_cases.expected), broken trailers that to_status would never produce
are sent by hand, for the clients' strict and lenient readers:
  mismatch_code     grpc-status INVALID_ARGUMENT, but the details status says NOT_FOUND
  mismatch_message  same code, but the details status has another message
  details_code_ok   grpc-status INTERNAL, but the details status has no code (0, OK)
  malformed         grpc-status-details-bin is a truncated google.rpc.Status
  garbage           grpc-status-details-bin is bytes protobuf cannot parse at all
  wrong_type        grpc-status-details-bin is another message (an ErrorInfo), which parses as a
                    google.rpc.Status with code 0
"""
import argparse
import signal
import sys
from concurrent import futures

import grpc

sys.dont_write_bytecode = True  # no __pycache__ next to the scripts
import rich_cases  # noqa: E402
import rich_proto  # noqa: E402
import rich_status  # noqa: E402

pb = rich_proto.load()

# Bytes that do not parse as a google.rpc.Status: field 2 (message) claims 16 bytes, 9 follow.
MALFORMED = b"\x12\x10truncated"
# Field 15 with wire type 7, which does not exist.
GARBAGE = b"\x7f\xff\xff\xff\xff"


def broken(case):
    """The grpc.Status for a broken case (built by hand: to_status keeps code and message consistent)."""
    def status(code, message, details_bytes):
        return rich_status.Status(code, message, ((rich_status.DETAILS_KEY, details_bytes),))

    if case == "mismatch_code":
        details = rich_cases.expected(pb, "error_info")
        details.code, details.message = rich_cases.NOT_FOUND, "Mismatched details."
        return status(grpc.StatusCode.INVALID_ARGUMENT, "Mismatched details.", details.SerializeToString())
    if case == "mismatch_message":
        details = rich_cases.expected(pb, "error_info")
        details.code, details.message = rich_cases.FAILED_PRECONDITION, "A different message."
        return status(grpc.StatusCode.FAILED_PRECONDITION, "The call's message.", details.SerializeToString())
    if case == "details_code_ok":
        details = rich_cases.expected(pb, "request_info")
        details.code = 0
        return status(grpc.StatusCode.INTERNAL, details.message, details.SerializeToString())
    if case == "malformed":
        return status(grpc.StatusCode.INTERNAL, "Malformed details.", MALFORMED)
    if case == "garbage":
        return status(grpc.StatusCode.UNAVAILABLE, "Garbage details.", GARBAGE)
    if case == "wrong_type":
        info = pb.details.ErrorInfo(reason="WRONG_TYPE", domain="Another message.", metadata={"k": "v"})
        return status(grpc.StatusCode.NOT_FOUND, "Another message.", info.SerializeToString(deterministic=True))
    return None


def fail(context, request):
    """Ends the call with the status `request.case` names (raises, like context.abort)."""
    status = broken(request.case) or rich_status.to_status(rich_cases.expected(pb, request.case, request.name))
    context.abort_with_status(status)


def unary(request, context):
    fail(context, request)


def server_stream(request, context):
    for i in range(request.count):
        yield pb.rich.ErrorReply(message="reply %d" % i, index=i)
    fail(context, request)


def client_stream(requests, context):
    last = None
    for request in requests:
        last = request
    fail(context, last or pb.rich.ErrorRequest())


def duplex(requests, context):
    for i, request in enumerate(requests):
        if request.case:
            fail(context, request)
        yield pb.rich.ErrorReply(message="echo " + request.name, index=i)
    context.abort(grpc.StatusCode.INVALID_ARGUMENT, "The request stream ended without naming a case.")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()

    des, ser = pb.rich.ErrorRequest.FromString, pb.rich.ErrorReply.SerializeToString
    handlers = {
        "Unary": grpc.unary_unary_rpc_method_handler(unary, des, ser),
        "ServerStream": grpc.unary_stream_rpc_method_handler(server_stream, des, ser),
        "ClientStream": grpc.stream_unary_rpc_method_handler(client_stream, des, ser),
        "Duplex": grpc.stream_stream_rpc_method_handler(duplex, des, ser),
    }
    services = [grpc.method_handlers_generic_handler(name, handlers) for name in (rich_proto.SERVICE, rich_proto.DETAILED_SERVICE)]
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16), handlers=services)
    port = server.add_insecure_port("127.0.0.1:%d" % args.port)
    if port == 0:
        sys.exit("could not bind 127.0.0.1:%d" % args.port)
    server.start()

    def stop(*_):
        server.stop(grace=0)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    print("READY %d" % port, flush=True)
    sys.stdin.read()  # blocks until the parent closes stdin (or dies)
    stop()


if __name__ == "__main__":
    main()
