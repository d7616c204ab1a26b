#!/usr/bin/python3
"""The gRPC interop test client on Python grpcio: runs named cases against any TestService server.

Usage: interop_client.py --server_host=127.0.0.1 --server_port=N --test_case=NAME|all|a,b,c
                         [--use_tls=false] [--use_test_ca=false --ca_file=PEM] [--server_host_override=HOST]
       interop_client.py --list
Prints "PASS <case>", "FAIL <case>: <reason>" or "SKIP <case>: <reason>" per case; exits 1 if any
case failed. Cases follow doc/interop-test-descriptions.md in grpc/grpc.

What grpcio 1.51 cannot do from its public API, and how the cases deal with it:
  * It does not expose the compressed flag of received messages, so server_compressed_unary and
    server_compressed_streaming check the responses but cannot check that flag (the spec makes
    that check "if supported by the implementation"; the Faultline test harness checks it on the
    server's side of the wire instead).
  * It has no per-message "do not compress" switch for requests. client_compressed_streaming needs
    one (its second message must go uncompressed in a gzip call), so it sets grpc core's
    GRPC_WRITE_NO_COMPRESS write flag for that one message through grpcio's internals
    (grpc._channel._EMPTY_FLAGS); if those internals are not there, the case is a SKIP.
"""
import argparse
import queue
import sys
import traceback

import grpc

sys.dont_write_bytecode = True  # no __pycache__ next to the scripts
import interop_proto  # noqa: E402

empty_pb2, messages_pb2 = interop_proto.load()
m = messages_pb2

CALL_TIMEOUT = 30  # seconds; every call that the spec does not give a deadline gets this one
ECHO_INITIAL = ("x-grpc-test-echo-initial", "test_initial_metadata_value")
ECHO_TRAILING = ("x-grpc-test-echo-trailing-bin", b"\xab\xab\xab")
SPECIAL_MESSAGE = "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001f608\t\n"


class Skip(Exception):
    """The case cannot run with this grpcio; the message says why."""


class Stubs:
    """Multi-callables for TestService and UnimplementedService (no generated stubs in Debian)."""

    def __init__(self, channel):
        def method(name, req, resp, kind="unary_unary", service=interop_proto.TEST_SERVICE):
            return getattr(channel, kind)(interop_proto.method(service, name), req.SerializeToString, resp.FromString)

        e = empty_pb2.Empty
        self.empty_call = method("EmptyCall", e, e)
        self.unary_call = method("UnaryCall", m.SimpleRequest, m.SimpleResponse)
        self.streaming_output_call = method("StreamingOutputCall", m.StreamingOutputCallRequest, m.StreamingOutputCallResponse, "unary_stream")
        self.streaming_input_call = method("StreamingInputCall", m.StreamingInputCallRequest, m.StreamingInputCallResponse, "stream_unary")
        self.full_duplex_call = method("FullDuplexCall", m.StreamingOutputCallRequest, m.StreamingOutputCallResponse, "stream_stream")
        self.unimplemented_call = method("UnimplementedCall", e, e)
        self.unimplemented_service_call = method("UnimplementedCall", e, e, service=interop_proto.UNIMPLEMENTED_SERVICE)


class Pipe:
    """A request iterator fed one message at a time (for ping-pong and cancellation)."""

    _END = object()

    def __init__(self):
        self._queue = queue.Queue()

    def add(self, request):
        self._queue.put(request)

    def close(self):
        self._queue.put(self._END)

    def __iter__(self):
        while True:
            item = self._queue.get()
            if item is self._END:
                return
            yield item


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def zeros(size):
    return m.Payload(type=m.COMPRESSABLE, body=b"\x00" * size)


def check_payload(payload, size, what):
    check(len(payload.body) == size, "%s: payload body is %d bytes, expected %d" % (what, len(payload.body), size))
    check(payload.body.count(0) == size, "%s: payload body is not all zeros" % what)


def expect_error(fn, code, details=None):
    """Calls fn, which must fail with `code` (and `details`); returns the grpc.RpcError."""
    try:
        result = fn()
    except grpc.RpcError as e:
        check(e.code() == code, "expected %s, got %s (%r)" % (code, e.code(), e.details()))
        if details is not None:
            check(e.details() == details, "expected status message %r, got %r" % (details, e.details()))
        return e
    raise AssertionError("expected %s, but the call succeeded (response: %s)" % (code, summarize(result)))


def summarize(message):
    """A short description of a response (payloads of zeros make printing whole messages useless)."""
    if isinstance(message, list):
        return "[%s]" % ", ".join(summarize(m) for m in message)
    payload = getattr(message, "payload", None)
    if payload is not None and hasattr(message, "HasField") and message.HasField("payload"):
        return "%s with a %d-byte payload" % (type(message).__name__, len(payload.body))
    text = str(message).replace("\n", " ").strip()
    return "%s {%s}" % (type(message).__name__, text[:200])


def large_request(**fields):
    return m.SimpleRequest(response_type=m.COMPRESSABLE, response_size=314159, payload=zeros(271828), **fields)


# --- cases ---------------------------------------------------------------------------------------

def empty_unary(stubs):
    response = stubs.empty_call(empty_pb2.Empty(), timeout=CALL_TIMEOUT)
    check(response is not None and response.ByteSize() == 0, "response %r" % response)


def large_unary(stubs):
    response = stubs.unary_call(large_request(), timeout=CALL_TIMEOUT)
    check_payload(response.payload, 314159, "response")


def client_compressed_unary(stubs):
    # 1. The feature probe: an uncompressed request that claims to be compressed must be refused.
    expect_error(lambda: stubs.unary_call(large_request(expect_compressed=m.BoolValue(value=True)), timeout=CALL_TIMEOUT),
                 grpc.StatusCode.INVALID_ARGUMENT)
    # 2. Compressed (gzip for the whole call: grpc core compresses the message).
    response = stubs.unary_call(large_request(expect_compressed=m.BoolValue(value=True)),
                                compression=grpc.Compression.Gzip, timeout=CALL_TIMEOUT)
    check_payload(response.payload, 314159, "compressed request's response")
    # 3. Uncompressed.
    response = stubs.unary_call(large_request(expect_compressed=m.BoolValue(value=False)), timeout=CALL_TIMEOUT)
    check_payload(response.payload, 314159, "uncompressed request's response")


def server_compressed_unary(stubs):
    for compressed in (True, False):
        response = stubs.unary_call(large_request(response_compressed=m.BoolValue(value=compressed)), timeout=CALL_TIMEOUT)
        check_payload(response.payload, 314159, "response_compressed=%s" % compressed)
    return "grpcio cannot see the compressed flag of responses; checked on the server's wire by the harness"


def client_streaming(stubs):
    sizes = (27182, 8, 1828, 45904)
    response = stubs.streaming_input_call(iter([m.StreamingInputCallRequest(payload=zeros(s)) for s in sizes]), timeout=CALL_TIMEOUT)
    check(response.aggregated_payload_size == 74922, "aggregated_payload_size %d, expected 74922" % response.aggregated_payload_size)


class _NoCompressFlag:
    """
    Sends chosen request messages of a client-streaming call with grpc core's GRPC_WRITE_NO_COMPRESS.
    grpcio 1.51 builds each SendMessageOperation with the module global grpc._channel._EMPTY_FLAGS,
    read in the thread that consumes the request iterator right after the iterator yields; setting
    it around one yield flags exactly that message. Only valid with one call in flight.
    """

    def __init__(self):
        try:
            from grpc import _channel
            from grpc._cython import cygrpc
            self._module = _channel
            self._flag = cygrpc.WriteFlag.no_compress
            available = getattr(_channel, "_EMPTY_FLAGS", None) == 0
        except (ImportError, AttributeError):
            available = False
        if not available:
            raise Skip("grpcio %s has no per-message compression switch for requests, and the internals this client "
                       "uses instead (grpc._channel._EMPTY_FLAGS, cygrpc.WriteFlag.no_compress) are missing" % grpc.__version__)

    def requests(self, messages):
        """messages: (request, compress) pairs."""
        try:
            for request, compress in messages:
                self._module._EMPTY_FLAGS = 0 if compress else self._flag
                yield request
                self._module._EMPTY_FLAGS = 0
        finally:
            self._module._EMPTY_FLAGS = 0


def client_compressed_streaming(stubs):
    no_compress = _NoCompressFlag()
    # 1. The feature probe: an uncompressed message that claims to be compressed must be refused.
    probe = m.StreamingInputCallRequest(expect_compressed=m.BoolValue(value=True), payload=zeros(27182))
    expect_error(lambda: stubs.streaming_input_call(iter([probe]), timeout=CALL_TIMEOUT), grpc.StatusCode.INVALID_ARGUMENT)
    # 2. A gzip call: the first message compressed, the second sent without compression.
    requests = no_compress.requests([
        (m.StreamingInputCallRequest(expect_compressed=m.BoolValue(value=True), payload=zeros(27182)), True),
        (m.StreamingInputCallRequest(expect_compressed=m.BoolValue(value=False), payload=zeros(45904)), False),
    ])
    response = stubs.streaming_input_call(requests, compression=grpc.Compression.Gzip, timeout=CALL_TIMEOUT)
    check(response.aggregated_payload_size == 73086, "aggregated_payload_size %d, expected 73086" % response.aggregated_payload_size)


def server_streaming(stubs):
    sizes = [31415, 9, 2653, 58979]
    request = m.StreamingOutputCallRequest(response_type=m.COMPRESSABLE, response_parameters=[m.ResponseParameters(size=s) for s in sizes])
    call = stubs.streaming_output_call(request, timeout=CALL_TIMEOUT)
    responses = list(call)
    check([len(r.payload.body) for r in responses] == sizes, "response sizes %r, expected %r" % ([len(r.payload.body) for r in responses], sizes))
    for i, response in enumerate(responses):
        check_payload(response.payload, sizes[i], "response %d" % i)
    check(call.code() == grpc.StatusCode.OK, "status %s" % call.code())


def server_compressed_streaming(stubs):
    request = m.StreamingOutputCallRequest(response_type=m.COMPRESSABLE, response_parameters=[
        m.ResponseParameters(compressed=m.BoolValue(value=True), size=31415),
        m.ResponseParameters(compressed=m.BoolValue(value=False), size=92653),
    ])
    responses = list(stubs.streaming_output_call(request, timeout=CALL_TIMEOUT))
    check([len(r.payload.body) for r in responses] == [31415, 92653], "response sizes %r" % [len(r.payload.body) for r in responses])
    return "grpcio cannot see the compressed flag of responses; checked on the server's wire by the harness"


def ping_pong(stubs):
    requests = [(31415, 27182), (9, 8), (2653, 1828), (58979, 45904)]
    pipe = Pipe()
    call = stubs.full_duplex_call(iter(pipe), timeout=CALL_TIMEOUT)
    try:
        for i, (response_size, payload_size) in enumerate(requests):
            pipe.add(m.StreamingOutputCallRequest(response_type=m.COMPRESSABLE, response_parameters=[m.ResponseParameters(size=response_size)],
                                                  payload=zeros(payload_size)))
            response = next(call)
            check_payload(response.payload, response_size, "response %d" % i)
    finally:
        pipe.close()
    rest = list(call)
    check(rest == [], "%d extra responses" % len(rest))
    check(call.code() == grpc.StatusCode.OK, "status %s" % call.code())


def empty_stream(stubs):
    call = stubs.full_duplex_call(iter([]), timeout=CALL_TIMEOUT)
    responses = list(call)
    check(responses == [], "%d responses, expected none" % len(responses))
    check(call.code() == grpc.StatusCode.OK, "status %s" % call.code())


def _status_echo(stubs, message):
    status = m.EchoStatus(code=2, message=message)
    expect_error(lambda: stubs.unary_call(m.SimpleRequest(response_status=status), timeout=CALL_TIMEOUT), grpc.StatusCode.UNKNOWN, message)
    return status


def status_code_and_message(stubs):
    status = _status_echo(stubs, "test status message")
    call = stubs.full_duplex_call(iter([m.StreamingOutputCallRequest(response_status=status)]), timeout=CALL_TIMEOUT)
    expect_error(lambda: list(call), grpc.StatusCode.UNKNOWN, "test status message")


def special_status_message(stubs):
    _status_echo(stubs, SPECIAL_MESSAGE)


def custom_metadata(stubs):
    metadata = [ECHO_INITIAL, ECHO_TRAILING]

    def check_echo(initial, trailing, what):
        initial, trailing = dict(initial or ()), dict(trailing or ())
        check(initial.get(ECHO_INITIAL[0]) == ECHO_INITIAL[1], "%s: initial metadata %r lacks %r" % (what, initial, ECHO_INITIAL))
        check(trailing.get(ECHO_TRAILING[0]) == ECHO_TRAILING[1], "%s: trailing metadata %r lacks %r" % (what, trailing, ECHO_TRAILING))

    response, call = stubs.unary_call.with_call(large_request(), metadata=metadata, timeout=CALL_TIMEOUT)
    check_payload(response.payload, 314159, "unary response")
    check_echo(call.initial_metadata(), call.trailing_metadata(), "UnaryCall")

    request = m.StreamingOutputCallRequest(response_type=m.COMPRESSABLE, response_parameters=[m.ResponseParameters(size=314159)], payload=zeros(271828))
    call = stubs.full_duplex_call(iter([request]), metadata=metadata, timeout=CALL_TIMEOUT)
    initial = call.initial_metadata()
    responses = list(call)
    check(len(responses) == 1, "FullDuplexCall: %d responses" % len(responses))
    check_payload(responses[0].payload, 314159, "FullDuplexCall response")
    check_echo(initial, call.trailing_metadata(), "FullDuplexCall")


def unimplemented_method(stubs):
    expect_error(lambda: stubs.unimplemented_call(empty_pb2.Empty(), timeout=CALL_TIMEOUT), grpc.StatusCode.UNIMPLEMENTED)


def unimplemented_service(stubs):
    expect_error(lambda: stubs.unimplemented_service_call(empty_pb2.Empty(), timeout=CALL_TIMEOUT), grpc.StatusCode.UNIMPLEMENTED)


def cancel_after_begin(stubs):
    pipe = Pipe()
    future = stubs.streaming_input_call.future(iter(pipe), timeout=CALL_TIMEOUT)
    try:
        # The request headers go out when the call starts; no message has been sent.
        if not future.cancel():
            raise AssertionError("the call could not be cancelled: it already ended with %s" % future.code())
        check(future.cancelled(), "the call does not report itself cancelled")
        check(future.code() == grpc.StatusCode.CANCELLED, "status %s, expected CANCELLED" % future.code())
    finally:
        pipe.close()


def cancel_after_first_response(stubs):
    pipe = Pipe()
    call = stubs.full_duplex_call(iter(pipe), timeout=CALL_TIMEOUT)
    try:
        pipe.add(m.StreamingOutputCallRequest(response_type=m.COMPRESSABLE, response_parameters=[m.ResponseParameters(size=31415)],
                                              payload=zeros(27182)))
        response = next(call)
        check_payload(response.payload, 31415, "first response")
        call.cancel()
        expect_error(lambda: next(call), grpc.StatusCode.CANCELLED)
        check(call.code() == grpc.StatusCode.CANCELLED, "status %s, expected CANCELLED" % call.code())
    finally:
        pipe.close()


def timeout_on_sleeping_server(stubs):
    pipe = Pipe()
    call = stubs.full_duplex_call(iter(pipe), timeout=0.001)
    try:
        pipe.add(m.StreamingOutputCallRequest(payload=zeros(27182)))
        expect_error(lambda: next(call), grpc.StatusCode.DEADLINE_EXCEEDED)
    finally:
        pipe.close()


CASES = {
    "empty_unary": empty_unary,
    "large_unary": large_unary,
    "client_streaming": client_streaming,
    "server_streaming": server_streaming,
    "ping_pong": ping_pong,
    "empty_stream": empty_stream,
    "status_code_and_message": status_code_and_message,
    "special_status_message": special_status_message,
    "custom_metadata": custom_metadata,
    "unimplemented_method": unimplemented_method,
    "unimplemented_service": unimplemented_service,
    "cancel_after_begin": cancel_after_begin,
    "cancel_after_first_response": cancel_after_first_response,
    "timeout_on_sleeping_server": timeout_on_sleeping_server,
    "client_compressed_unary": client_compressed_unary,
    "server_compressed_unary": server_compressed_unary,
    "client_compressed_streaming": client_compressed_streaming,
    "server_compressed_streaming": server_compressed_streaming,
}


def describe(e):
    """One line for a failure: the assertion, or the unexpected error and where it was raised."""
    if isinstance(e, AssertionError):
        return str(e)
    frames = [f for f in traceback.extract_tb(e.__traceback__) if f.filename == __file__]
    where = " (interop_client.py:%d %s)" % (frames[-1].lineno, frames[-1].line) if frames else ""
    if isinstance(e, grpc.RpcError) and hasattr(e, "code"):
        return "unexpected RpcError %s %r%s" % (e.code(), e.details(), where)
    return "%s: %s%s" % (type(e).__name__, e, where)


def create_channel(args):
    target = "%s:%d" % (args.server_host, args.server_port)
    if not args.use_tls:
        return grpc.insecure_channel(target)
    root = None
    if args.use_test_ca:
        if not args.ca_file:
            raise SystemExit("--use_test_ca=true needs --ca_file=PEM (e.g. the file the Faultline server wrote with --cert_file)")
        with open(args.ca_file, "rb") as f:
            root = f.read()
    options = [("grpc.ssl_target_name_override", args.server_host_override)] if args.server_host_override else []
    return grpc.secure_channel(target, grpc.ssl_channel_credentials(root_certificates=root), options=options)


def main():
    parser = argparse.ArgumentParser(description="gRPC interop test client on Python grpcio.")
    parser.add_argument("--server_host", default="localhost")
    parser.add_argument("--server_host_override", default="", help="the host name claimed for TLS (SNI and certificate check)")
    parser.add_argument("--server_port", type=int)
    parser.add_argument("--test_case", default="large_unary", help="a case, a comma-separated list, or 'all'")
    parser.add_argument("--use_tls", type=interop_proto.parse_bool, default=False)
    parser.add_argument("--use_test_ca", type=interop_proto.parse_bool, default=False,
                        help="trust only --ca_file instead of the system roots")
    parser.add_argument("--ca_file", default="", help="PEM root certificate(s) for --use_test_ca=true")
    parser.add_argument("--list", action="store_true", help="print the case names and exit")
    args = parser.parse_args()
    if args.list:
        print("\n".join(CASES))
        return
    if args.server_port is None:
        parser.error("--server_port is required")

    names = list(CASES) if args.test_case == "all" else args.test_case.split(",")
    unknown = [n for n in names if n not in CASES]
    if unknown:
        parser.error("unknown test case(s) %s; known: %s" % (", ".join(unknown), ", ".join(CASES)))

    failed = False
    with create_channel(args) as channel:
        stubs = Stubs(channel)
        for name in names:
            try:
                note = CASES[name](stubs)
                print("PASS %s%s" % (name, " (%s)" % note if note else ""), flush=True)
            except Skip as e:
                print("SKIP %s: %s" % (name, e), flush=True)
            except Exception as e:  # noqa: BLE001 - every failure becomes a FAIL line
                failed = True
                print("FAIL %s: %s" % (name, describe(e)), flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
