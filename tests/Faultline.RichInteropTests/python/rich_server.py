#!/usr/bin/python3
"""The RichErrors service (Protos/rich_errors.proto) on grpcio: every call fails with a rich status,
set exactly the way grpcio-status does: context.abort_with_status(to_status(google.rpc.Status)).

Usage: rich_server.py --port N   (0 = any free port)
Listens on 127.0.0.1, prints "READY <port>" once serving, and stops on stdin EOF or SIGTERM.

Besides the catalog cases (rich_cases.expected), three broken trailers that to_status would never
produce are sent by hand, for the client's strict and lenient readers:
  mismatch_code     grpc-status INVALID_ARGUMENT, but the details status says NOT_FOUND
  mismatch_message  same code, but the details status has another message
  malformed         grpc-status-details-bin is not a google.rpc.Status at all
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


def broken(case):
    """The grpc.Status for a broken case (built by hand: to_status keeps code and message consistent)."""
    info = rich_status.DETAILS_KEY
    if case == "mismatch_code":
        details = rich_cases.expected(pb, "error_info")
        details.code, details.message = rich_cases.NOT_FOUND, "Mismatched details."
        return rich_status.Status(grpc.StatusCode.INVALID_ARGUMENT, "Mismatched details.", ((info, details.SerializeToString()),))
    if case == "mismatch_message":
        details = rich_cases.expected(pb, "error_info")
        details.code, details.message = rich_cases.FAILED_PRECONDITION, "A different message."
        return rich_status.Status(grpc.StatusCode.FAILED_PRECONDITION, "The call's message.", ((info, details.SerializeToString()),))
    if case == "malformed":
        return rich_status.Status(grpc.StatusCode.INTERNAL, "Malformed details.", ((info, MALFORMED),))
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
    handler = grpc.method_handlers_generic_handler(rich_proto.SERVICE, {
        "Unary": grpc.unary_unary_rpc_method_handler(unary, des, ser),
        "ServerStream": grpc.unary_stream_rpc_method_handler(server_stream, des, ser),
        "ClientStream": grpc.stream_unary_rpc_method_handler(client_stream, des, ser),
        "Duplex": grpc.stream_stream_rpc_method_handler(duplex, des, ser),
    })
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16), handlers=[handler])
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
