#!/usr/bin/python3
"""The Probe service (see Protos/probe.proto) on grpcio, the reference peer for the interop tests.

Usage: probe_server.py --port N   (0 = any free port)
Listens on 127.0.0.1, prints "READY <port>" once serving, and stops on stdin EOF or SIGTERM.
Extra (not in the proto): a request header "compress-reply: gzip" makes it gzip its responses.
"""
import argparse
import signal
import sys
import threading
from concurrent import futures

import grpc

sys.dont_write_bytecode = True  # no __pycache__ next to the scripts
import probe_proto  # noqa: E402

pb = probe_proto.load()
STATUS = {c.value[0]: c for c in grpc.StatusCode}  # int -> grpc.StatusCode


def trailer_key(key):
    """x-foo -> x-foo-trailer, x-foo-bin -> x-foo-trailer-bin (binary stays binary)."""
    return key[:-4] + "-trailer-bin" if key.endswith("-bin") else key + "-trailer"


class Call:
    """Per-call helpers shared by the four methods."""

    def __init__(self, context):
        self.context = context
        self.echoed = False
        self.done = threading.Event()  # set when the call ends (completed, cancelled or deadline)
        context.add_callback(self.done.set)
        metadata = dict(context.invocation_metadata())
        if metadata.get("compress-reply") == "gzip":
            context.set_compression(grpc.Compression.Gzip)
        # With no deadline grpc reports ~infinite time remaining.
        self.deadline = "set" if context.time_remaining() < 1e6 else "none"

    def handle(self, request):
        """Applies echo_metadata, sleep_ms and fail_code of one request (in that order)."""
        if request.echo_metadata and not self.echoed:
            self.echoed = True
            echo = [(k, v) for k, v in self.context.invocation_metadata() if k.startswith("x-")]
            self.context.send_initial_metadata(echo)
            self.context.set_trailing_metadata([(trailer_key(k), v) for k, v in echo])
        if request.sleep_ms and self.done.wait(request.sleep_ms / 1000.0):
            self.context.abort(grpc.StatusCode.CANCELLED, "cancelled while sleeping")
        if request.fail_code:
            self.context.abort(STATUS[request.fail_code], request.fail_message)

    def reply(self, message, index=0):
        return pb.ProbeReply(message=message, index=index, peer_deadline=self.deadline)


def unary(request, context):
    call = Call(context)
    call.handle(request)
    return call.reply(request.message)


def server_stream(request, context):
    call = Call(context)
    fail_code, request.fail_code = request.fail_code, 0  # fail only after the messages
    call.handle(request)
    for i in range(request.count):
        yield call.reply(request.message, i)
    if fail_code:
        context.abort(STATUS[fail_code], request.fail_message)


def client_stream(requests, context):
    call = Call(context)
    messages = []
    for request in requests:
        call.handle(request)
        messages.append(request.message)
    return call.reply(",".join(messages))


def duplex(requests, context):
    call = Call(context)
    for i, request in enumerate(requests):
        call.handle(request)
        yield call.reply(request.message, i)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()

    des, ser = pb.ProbeRequest.FromString, pb.ProbeReply.SerializeToString
    handler = grpc.method_handlers_generic_handler(probe_proto.SERVICE, {
        "Unary": grpc.unary_unary_rpc_method_handler(unary, des, ser),
        "ServerStream": grpc.unary_stream_rpc_method_handler(server_stream, des, ser),
        "ClientStream": grpc.stream_unary_rpc_method_handler(client_stream, des, ser),
        "Duplex": grpc.stream_stream_rpc_method_handler(duplex, des, ser),
    })
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=32), handlers=[handler])
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
