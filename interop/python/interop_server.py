#!/usr/bin/python3
"""grpc.testing.TestService on Python grpcio: the reference peer of Faultline's interop suite.

Usage: interop_server.py --port=N [--use_tls=false] [--exit_on_stdin_eof=true]
Listens on 127.0.0.1 (--port=0: any free port), prints
"Python grpcio interop server listening on 127.0.0.1:<port> (h2c)" once serving, and stops on
SIGTERM / Ctrl+C (or, with --exit_on_stdin_eof=true, when stdin reaches its end).

Server features (doc/interop-test-descriptions.md in grpc/grpc): EmptyCall, UnaryCall,
CacheableUnaryCall, StreamingOutputCall, StreamingInputCall, FullDuplexCall, HalfDuplexCall, Echo
Metadata, Echo Status, CompressedResponse, interval_us. UnimplementedCall and UnimplementedService
are not implemented, so grpcio answers UNIMPLEMENTED.

Not implemented: CompressedRequest (expect_compressed). grpcio's server API exposes neither the
request's grpc-encoding (it is not in invocation_metadata) nor the per-message compressed flag, so
this server cannot tell whether a request arrived compressed; it ignores expect_compressed, as the
spec allows servers that cannot check it (clients probe for the feature). TLS is not implemented
either (--use_tls=true is refused): grpcio needs a key pair this script has no way to make.
"""
import argparse
import signal
import sys
import threading
import time
from concurrent import futures

import grpc

sys.dont_write_bytecode = True  # no __pycache__ next to the scripts
import interop_proto  # noqa: E402

empty_pb2, messages_pb2 = interop_proto.load()
STATUS = {c.value[0]: c for c in grpc.StatusCode}  # int -> grpc.StatusCode
ECHO_INITIAL = "x-grpc-test-echo-initial"
ECHO_TRAILING = "x-grpc-test-echo-trailing-bin"


def _payload(response_type, size, context):
    if response_type != messages_pb2.COMPRESSABLE:
        context.abort(grpc.StatusCode.INVALID_ARGUMENT, "unsupported response_type %d" % response_type)
    return messages_pb2.Payload(type=messages_pb2.COMPRESSABLE, body=b"\x00" * size)


def _echo_initial(context):
    """Echo Metadata: x-grpc-test-echo-initial goes back in the response headers. Returns whether sent."""
    initial = [(k, v) for k, v in context.invocation_metadata() if k == ECHO_INITIAL]
    if initial:
        context.send_initial_metadata(initial)
    return bool(initial)


def _echo_trailing(context):
    """Echo Metadata: x-grpc-test-echo-trailing-bin goes back in the trailers."""
    trailing = [(k, v) for k, v in context.invocation_metadata() if k == ECHO_TRAILING]
    if trailing:
        context.set_trailing_metadata(trailing)


def _echo_status(status, context):
    """Echo Status: end the call with the requested code and message."""
    if status is not None and status.code != 0:
        code = STATUS.get(status.code)
        if code is None:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "response_status.code %d is not a gRPC status code" % status.code)
        context.abort(code, status.message)


def _compressed(parameter):
    return parameter.HasField("compressed") and parameter.compressed.value


def _write_responses(response_type, parameters, context):
    for parameter in parameters:
        if parameter.interval_us > 0:
            time.sleep(parameter.interval_us / 1e6)
        if not _compressed(parameter):
            # Per message: only the messages asked for carry the compressed flag.
            context.disable_next_message_compression()
        yield messages_pb2.StreamingOutputCallResponse(payload=_payload(response_type, parameter.size, context))


def empty_call(request, context):
    _echo_initial(context)
    _echo_trailing(context)
    return empty_pb2.Empty()


def unary_call(request, context):
    if request.HasField("response_compressed"):
        context.set_compression(grpc.Compression.Gzip if request.response_compressed.value else grpc.Compression.NoCompression)
    _echo_initial(context)
    _echo_trailing(context)
    _echo_status(request.response_status, context)
    return messages_pb2.SimpleResponse(payload=_payload(request.response_type, request.response_size, context))


def cacheable_unary_call(request, context):
    _echo_initial(context)
    _echo_trailing(context)
    body = str(time.time_ns()).encode("ascii")
    return messages_pb2.SimpleResponse(payload=messages_pb2.Payload(type=messages_pb2.COMPRESSABLE, body=body))


def streaming_output_call(request, context):
    if any(_compressed(p) for p in request.response_parameters):
        context.set_compression(grpc.Compression.Gzip)
    _echo_initial(context)
    _echo_trailing(context)
    yield from _write_responses(request.response_type, request.response_parameters, context)
    _echo_status(request.response_status, context)


def streaming_input_call(request_iterator, context):
    _echo_initial(context)
    _echo_trailing(context)
    # expect_compressed cannot be checked with grpcio (see the module docstring).
    size = sum(len(request.payload.body) for request in request_iterator)
    return messages_pb2.StreamingInputCallResponse(aggregated_payload_size=size)


def full_duplex_call(request_iterator, context):
    started = _echo_initial(context)
    _echo_trailing(context)
    for request in request_iterator:
        _echo_status(request.response_status, context)
        if not started and any(_compressed(p) for p in request.response_parameters):
            context.set_compression(grpc.Compression.Gzip)
        started = started or len(request.response_parameters) > 0
        yield from _write_responses(request.response_type, request.response_parameters, context)


def half_duplex_call(request_iterator, context):
    requests = list(request_iterator)
    if any(_compressed(p) for r in requests for p in r.response_parameters):
        context.set_compression(grpc.Compression.Gzip)
    _echo_initial(context)
    _echo_trailing(context)
    for request in requests:
        _echo_status(request.response_status, context)
        yield from _write_responses(request.response_type, request.response_parameters, context)


def handler():
    m = messages_pb2
    e = empty_pb2.Empty

    def unary(fn, req, resp):
        return grpc.unary_unary_rpc_method_handler(fn, req.FromString, resp.SerializeToString)

    return grpc.method_handlers_generic_handler(interop_proto.TEST_SERVICE, {
        "EmptyCall": unary(empty_call, e, e),
        "UnaryCall": unary(unary_call, m.SimpleRequest, m.SimpleResponse),
        "CacheableUnaryCall": unary(cacheable_unary_call, m.SimpleRequest, m.SimpleResponse),
        "StreamingOutputCall": grpc.unary_stream_rpc_method_handler(
            streaming_output_call, m.StreamingOutputCallRequest.FromString, m.StreamingOutputCallResponse.SerializeToString),
        "StreamingInputCall": grpc.stream_unary_rpc_method_handler(
            streaming_input_call, m.StreamingInputCallRequest.FromString, m.StreamingInputCallResponse.SerializeToString),
        "FullDuplexCall": grpc.stream_stream_rpc_method_handler(
            full_duplex_call, m.StreamingOutputCallRequest.FromString, m.StreamingOutputCallResponse.SerializeToString),
        "HalfDuplexCall": grpc.stream_stream_rpc_method_handler(
            half_duplex_call, m.StreamingOutputCallRequest.FromString, m.StreamingOutputCallResponse.SerializeToString),
    })


def main():
    parser = argparse.ArgumentParser(description="gRPC interop test server (grpc.testing.TestService) on Python grpcio.")
    parser.add_argument("--port", type=int, default=8080, help="port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--use_tls", type=interop_proto.parse_bool, default=False, help="must be false: TLS is not implemented")
    parser.add_argument("--exit_on_stdin_eof", type=interop_proto.parse_bool, default=False,
                        help="stop when stdin reaches its end (for test harnesses)")
    args = parser.parse_args()
    if args.use_tls:
        sys.exit("interop_server.py: --use_tls=true is not supported (plaintext h2c only)")

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=32), handlers=[handler()])
    port = server.add_insecure_port("127.0.0.1:%d" % args.port)
    if port == 0:
        sys.exit("interop_server.py: could not bind 127.0.0.1:%d" % args.port)
    server.start()

    stopped = threading.Event()

    def stop(*_):
        stopped.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("Python grpcio interop server listening on 127.0.0.1:%d (h2c)" % port, flush=True)
    if args.exit_on_stdin_eof:
        threading.Thread(target=lambda: (sys.stdin.read(), stopped.set()), daemon=True).start()
    while not stopped.wait(3600):
        pass
    server.stop(grace=0).wait()


if __name__ == "__main__":
    main()
