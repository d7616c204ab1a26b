#!/usr/bin/python3
"""Runs interop cases against a Probe server (see Protos/probe.proto) with grpcio as the client.

Usage: probe_client.py --port N [--cases unary,duplex,...]    or    probe_client.py --list
Prints "PASS <case>" or "FAIL <case>: <reason>" per case; exits 1 if any case failed.
"""
import argparse
import queue
import sys
import time
import traceback

import grpc

sys.dont_write_bytecode = True  # no __pycache__ next to the scripts
import probe_proto  # noqa: E402

pb = probe_proto.load()
TIMEOUT = 10  # seconds; every call has a deadline so a misbehaving server cannot hang a case
ERROR_MESSAGE = "bad \u2713 100%"  # non-ASCII and '%' exercise grpc-message percent-encoding


class Probe:
    """Multi-callables for the four Probe methods (grpc's generic API; no generated stubs)."""

    def __init__(self, channel):
        self.channel = channel
        ser, des = pb.ProbeRequest.SerializeToString, pb.ProbeReply.FromString
        self.unary = channel.unary_unary(probe_proto.method("Unary"), ser, des)
        self.server_stream = channel.unary_stream(probe_proto.method("ServerStream"), ser, des)
        self.client_stream = channel.stream_unary(probe_proto.method("ClientStream"), ser, des)
        self.duplex = channel.stream_stream(probe_proto.method("Duplex"), ser, des)


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def expect_error(fn, code, details=None):
    """Calls fn, which must fail with `code` (and `details`); returns the grpc.RpcError."""
    try:
        result = fn()
    except grpc.RpcError as e:
        check(e.code() == code, "expected %s, got %s (%r)" % (code, e.code(), e.details()))
        if details is not None:
            check(e.details() == details, "expected details %r, got %r" % (details, e.details()))
        return e
    raise AssertionError("expected %s, but the call succeeded: %r" % (code, result))


def case_unary(probe):
    reply = probe.unary(pb.ProbeRequest(message="hello"), timeout=TIMEOUT)
    check(reply.message == "hello", "reply %r" % reply)


def case_server_stream(probe):
    replies = list(probe.server_stream(pb.ProbeRequest(message="s", count=5), timeout=TIMEOUT))
    check([(r.message, r.index) for r in replies] == [("s", i) for i in range(5)], "replies %r" % replies)
    check(list(probe.server_stream(pb.ProbeRequest(count=0), timeout=TIMEOUT)) == [], "count=0 sent messages")


def case_client_stream(probe):
    requests = iter([pb.ProbeRequest(message=m) for m in ("a", "b", "c")])
    reply = probe.client_stream(requests, timeout=TIMEOUT)
    check(reply.message == "a,b,c", "reply %r" % reply)
    reply = probe.client_stream(iter([]), timeout=TIMEOUT)
    check(reply.message == "", "reply to no requests %r" % reply)


def case_duplex(probe):
    # Ping-pong: the next request is only written after the previous reply was read, so a server
    # that waits for the end of the request stream before answering fails (by deadline).
    requests = queue.Queue()
    replies = probe.duplex(iter(requests.get, None), timeout=TIMEOUT)
    for i in range(3):
        requests.put(pb.ProbeRequest(message="ping %d" % i))
        reply = next(replies)
        check((reply.message, reply.index) == ("ping %d" % i, i), "reply %d: %r" % (i, reply))
    requests.put(None)  # ends the request stream
    rest = list(replies)
    check(rest == [], "extra replies %r" % rest)
    check(replies.code() == grpc.StatusCode.OK, "status %s" % replies.code())


def case_error_unary(probe):
    req = pb.ProbeRequest(fail_code=grpc.StatusCode.INVALID_ARGUMENT.value[0], fail_message=ERROR_MESSAGE)
    expect_error(lambda: probe.unary(req, timeout=TIMEOUT), grpc.StatusCode.INVALID_ARGUMENT, ERROR_MESSAGE)
    req = pb.ProbeRequest(fail_code=grpc.StatusCode.NOT_FOUND.value[0], fail_message="plain")
    expect_error(lambda: probe.unary(req, timeout=TIMEOUT), grpc.StatusCode.NOT_FOUND, "plain")
    # An error from a client-streaming call, raised on the second request.
    reqs = [pb.ProbeRequest(message="ok"), pb.ProbeRequest(fail_code=grpc.StatusCode.PERMISSION_DENIED.value[0], fail_message=ERROR_MESSAGE)]
    expect_error(lambda: probe.client_stream(iter(reqs), timeout=TIMEOUT), grpc.StatusCode.PERMISSION_DENIED, ERROR_MESSAGE)


def case_error_after_stream(probe):
    req = pb.ProbeRequest(message="m", count=3, fail_code=grpc.StatusCode.ABORTED.value[0], fail_message=ERROR_MESSAGE)
    received = []

    def read_all():
        for reply in probe.server_stream(req, timeout=TIMEOUT):
            received.append(reply.index)

    expect_error(read_all, grpc.StatusCode.ABORTED, ERROR_MESSAGE)
    check(received == [0, 1, 2], "messages before the error: %r" % received)


def case_metadata(probe):
    sent = [("x-text", "hello world"), ("x-data-bin", b"\x00\x01\xfe\xff"), ("other", "not echoed")]

    def check_echo(initial, trailing, what):
        initial, trailing = dict(initial or ()), dict(trailing or ())
        check(initial.get("x-text") == "hello world", "%s: initial x-text: %r" % (what, initial))
        check(initial.get("x-data-bin") == b"\x00\x01\xfe\xff", "%s: initial x-data-bin: %r" % (what, initial))
        check("other" not in initial, "%s: 'other' echoed: %r" % (what, initial))
        check(trailing.get("x-text-trailer") == "hello world", "%s: trailer x-text-trailer: %r" % (what, trailing))
        check(trailing.get("x-data-trailer-bin") == b"\x00\x01\xfe\xff", "%s: trailer x-data-trailer-bin: %r" % (what, trailing))

    # Unary success.
    reply, call = probe.unary.with_call(pb.ProbeRequest(message="md", echo_metadata=True), metadata=sent, timeout=TIMEOUT)
    check(reply.message == "md", "reply %r" % reply)
    check_echo(call.initial_metadata(), call.trailing_metadata(), "unary")
    # Unary failure: the trailers come with the error status.
    req = pb.ProbeRequest(echo_metadata=True, fail_code=grpc.StatusCode.FAILED_PRECONDITION.value[0], fail_message="with trailers")
    err = expect_error(lambda: probe.unary(req, metadata=sent, timeout=TIMEOUT), grpc.StatusCode.FAILED_PRECONDITION, "with trailers")
    check_echo(err.initial_metadata(), err.trailing_metadata(), "unary error")
    # Server streaming: headers arrive before the messages.
    call = probe.server_stream(pb.ProbeRequest(message="md", count=2, echo_metadata=True), metadata=sent, timeout=TIMEOUT)
    initial = call.initial_metadata()
    check(len(list(call)) == 2, "server stream message count")
    check_echo(initial, call.trailing_metadata(), "server stream")


def case_deadline(probe):
    start = time.monotonic()
    expect_error(lambda: probe.unary(pb.ProbeRequest(sleep_ms=5000), timeout=0.3), grpc.StatusCode.DEADLINE_EXCEEDED)
    elapsed = time.monotonic() - start
    check(elapsed < 3, "DEADLINE_EXCEEDED took %.1fs" % elapsed)
    # Same for a server-streaming call.
    expect_error(lambda: list(probe.server_stream(pb.ProbeRequest(count=1, sleep_ms=5000), timeout=0.3)), grpc.StatusCode.DEADLINE_EXCEEDED)
    # The server sees the deadline (grpc-timeout) ...
    reply = probe.unary(pb.ProbeRequest(message="d"), timeout=TIMEOUT)
    check(reply.peer_deadline == "set", "with timeout: peer_deadline %r" % reply.peer_deadline)
    # ... and no deadline when none is set (the wait is bounded on our side instead).
    reply = probe.unary.future(pb.ProbeRequest(message="d")).result(timeout=TIMEOUT)
    check(reply.peer_deadline == "none", "without timeout: peer_deadline %r" % reply.peer_deadline)


def case_cancellation(probe):
    # Duplex first: the reply to the first request proves the server method is running, so the
    # cancellation (RST_STREAM) must reach it while it sleeps on the second request.
    requests = queue.Queue()
    replies = probe.duplex(iter(requests.get, None), timeout=TIMEOUT)
    requests.put(pb.ProbeRequest(message="first"))
    check(next(replies).message == "first", "no reply to the first request")
    requests.put(pb.ProbeRequest(message="second", sleep_ms=5000))
    time.sleep(0.2)
    replies.cancel()
    requests.put(None)  # releases the request-sending thread
    expect_error(lambda: next(replies), grpc.StatusCode.CANCELLED)
    # A unary call cancelled while the server sleeps (the channel is connected by now).
    future = probe.unary.future(pb.ProbeRequest(sleep_ms=5000), timeout=TIMEOUT)
    time.sleep(0.2)
    if not future.cancel():
        raise AssertionError("the call ended before it was cancelled: %r" % (future.exception() or future.result()))
    # The channel still works.
    reply = probe.unary(pb.ProbeRequest(message="after"), timeout=TIMEOUT)
    check(reply.message == "after", "reply after cancel %r" % reply)


def case_unimplemented_method(probe):
    nope = probe.channel.unary_unary(probe_proto.method("Nope"), pb.ProbeRequest.SerializeToString, pb.ProbeReply.FromString)
    expect_error(lambda: nope(pb.ProbeRequest(), timeout=TIMEOUT), grpc.StatusCode.UNIMPLEMENTED)
    other = probe.channel.unary_unary("/faultline.interop.NoSuchService/Unary", pb.ProbeRequest.SerializeToString, pb.ProbeReply.FromString)
    expect_error(lambda: other(pb.ProbeRequest(), timeout=TIMEOUT), grpc.StatusCode.UNIMPLEMENTED)


def case_large_message(probe):
    payload = "".join(chr(ord("a") + i % 26) for i in range(1024 * 1024))  # 1 MiB
    reply = probe.unary(pb.ProbeRequest(message=payload), timeout=TIMEOUT)
    check(reply.message == payload, "1 MiB unary echo differs (got %d chars)" % len(reply.message))
    replies = list(probe.server_stream(pb.ProbeRequest(message=payload, count=2), timeout=TIMEOUT))
    check([r.message == payload for r in replies] == [True, True], "1 MiB server stream echo differs")


def case_compression(probe):
    # Requests gzip-compressed by us; "compress-reply" asks the server to gzip its responses too.
    gzip, reply_gzip = grpc.Compression.Gzip, [("compress-reply", "gzip")]
    payload = "compress me " * 10000
    reply = probe.unary(pb.ProbeRequest(message=payload), compression=gzip, timeout=TIMEOUT)
    check(reply.message == payload, "gzip request: unary echo differs")
    reply = probe.unary(pb.ProbeRequest(message=payload), compression=gzip, metadata=reply_gzip, timeout=TIMEOUT)
    check(reply.message == payload, "gzip both ways: unary echo differs")
    replies = list(probe.server_stream(pb.ProbeRequest(message=payload, count=3), metadata=reply_gzip, timeout=TIMEOUT))
    check([r.message == payload for r in replies] == [True] * 3, "gzip replies: server stream echo differs")
    reply = probe.client_stream(iter([pb.ProbeRequest(message="x" * 1000)] * 3), compression=gzip, timeout=TIMEOUT)
    check(reply.message == ",".join(["x" * 1000] * 3), "gzip requests: client stream reply differs")


CASES = {
    "unary": case_unary,
    "server_stream": case_server_stream,
    "client_stream": case_client_stream,
    "duplex": case_duplex,
    "error_unary": case_error_unary,
    "error_after_stream": case_error_after_stream,
    "metadata": case_metadata,
    "deadline": case_deadline,
    "cancellation": case_cancellation,
    "unimplemented_method": case_unimplemented_method,
    "large_message": case_large_message,
    "compression": case_compression,
}


def describe(e):
    """One line for a failure: the assertion, or the unexpected error and where it was raised."""
    if isinstance(e, AssertionError):
        return str(e)
    frames = [f for f in traceback.extract_tb(e.__traceback__) if f.filename == __file__]
    where = " (probe_client.py:%d %s)" % (frames[-1].lineno, frames[-1].line) if frames else ""
    if isinstance(e, grpc.RpcError):
        return "unexpected RpcError %s %r%s" % (e.code(), e.details(), where)
    return "%s: %s%s" % (type(e).__name__, e, where)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int)
    parser.add_argument("--list", action="store_true", help="print the case names and exit")
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated; default all: " + ",".join(CASES))
    args = parser.parse_args()
    if args.list:
        print("\n".join(CASES))
        return
    if args.port is None:
        parser.error("--port is required")

    failed = False
    with grpc.insecure_channel("127.0.0.1:%d" % args.port) as channel:
        probe = Probe(channel)
        for name in args.cases.split(","):
            try:
                CASES[name](probe)
                print("PASS %s" % name, flush=True)
            except Exception as e:  # noqa: BLE001 - every failure becomes a FAIL line
                failed = True
                print("FAIL %s: %s" % (name, describe(e)), flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
