"""A grpcio server used as a real peer by the Faultline client tests.

Generic handlers with identity (bytes) serializers, so no generated code is needed. Prints the bound
port on the first line of stdout, then serves until stdin is closed (when the test process exits).
"""
import sys
import time
from concurrent import futures

import grpc

SERVICE = "interop.Test"


def echo(request, context):
    context.send_initial_metadata((("x-init", "v"), ("x-init-bin", b"\x00\xff")))
    context.set_trailing_metadata((("x-trail", "t"), ("x-trail-bin", b"\x01\x02\x03")))
    return request


def metadata(request, context):
    parts = []
    for key, value in context.invocation_metadata():
        if key.endswith("-bin"):
            value = "hex:" + value.hex()
        parts.append(f"{key}={value}")
    remaining = context.time_remaining()
    parts.append("deadline=" + ("none" if remaining is None or remaining > 10**9 else "set"))
    return ";".join(parts).encode()


def fail(request, context):
    context.set_trailing_metadata((("x-reason", "because"), ("grpc-status-details-bin", b"\x08\x03")))
    context.abort(grpc.StatusCode.INVALID_ARGUMENT, "bad thing: \u00fcn\u00efcode 100%")


def sleep(request, context):
    end = time.monotonic() + 5
    while context.is_active() and time.monotonic() < end:
        time.sleep(0.01)
    return b"woke"


def big(request, context):
    return b"b" * int(request.decode())


def compressed(request, context):
    context.set_compression(grpc.Compression.Gzip)
    return b"gz:" + request


def count(request, context):
    for i in range(int(request.decode())):
        yield str(i).encode()


def count_then_fail(request, context):
    yield b"0"
    yield b"1"
    context.abort(grpc.StatusCode.DATA_LOSS, "lost the rest")


def join(request_iterator, context):
    return b",".join(request_iterator)


def chat(request_iterator, context):
    for request in request_iterator:
        yield b"echo:" + request


def main():
    unary = lambda f: grpc.unary_unary_rpc_method_handler(f)
    server_streaming = lambda f: grpc.unary_stream_rpc_method_handler(f)
    handlers = {
        "Echo": unary(echo),
        "Metadata": unary(metadata),
        "Fail": unary(fail),
        "Sleep": unary(sleep),
        "Big": unary(big),
        "Compressed": unary(compressed),
        "Count": server_streaming(count),
        "CountThenFail": server_streaming(count_then_fail),
        "Join": grpc.stream_unary_rpc_method_handler(join),
        "Chat": grpc.stream_stream_rpc_method_handler(chat),
    }
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=16),
        handlers=(grpc.method_handlers_generic_handler(SERVICE, handlers),),
        options=(("grpc.max_receive_message_length", 16 * 1024 * 1024), ("grpc.max_send_message_length", 16 * 1024 * 1024)),
    )
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(port, flush=True)
    sys.stdin.read()
    server.stop(0)


if __name__ == "__main__":
    main()
