#!/usr/bin/python3
"""grpcio client for the rich-error cases: calls a RichErrors server (normally Faultline) and checks
each rich status it fails with, as an application using grpcio-status would read it.

Usage: rich_client.py --port N [--expected FILE] [--cases quota@unary,...] [--python-server]
       rich_client.py --list

Case ids are "<case>@<kind>" (kind: unary, server_stream, client_stream, duplex). For each it checks:
  * the call fails with the catalog's code and message (grpc-status / grpc-message as grpcio decodes them);
  * from_call (rich_status.py, like grpcio-status) finds grpc-status-details-bin, and its code and
    message agree with the call's (or that there is no such trailer when the case has no details);
  * the trailer's bytes equal, byte for byte, both the Python catalog's serialized status
    (rich_cases.py) and, with --expected, the bytes the C# catalog published (RichCases.cs);
  * every detail unpacks to its type and re-serializes to exactly the bytes it arrived as.
Prints "PASS <id>" or "FAIL <id>: <reason>", then "DETAILS <id> <json>" with what it read (for the
identical-details test); exits 1 if any case failed.
"""
import argparse
import base64
import json
import queue
import sys
import traceback

import grpc

sys.dont_write_bytecode = True  # no __pycache__ next to the scripts
import rich_cases  # noqa: E402
import rich_proto  # noqa: E402
import rich_status  # noqa: E402

pb = rich_proto.load()
TIMEOUT = 10  # seconds; every call has a deadline so a misbehaving server cannot hang a case


def ids(cases):
    return ["%s@%s" % (c, k) for c in cases for k in rich_cases.KINDS]


ALL_IDS = ids(rich_cases.COMMON + rich_cases.FAULTLINE_SERVER_ONLY)


class Stub:
    """Multi-callables for the four RichErrors methods (grpc's generic API; no generated stubs)."""

    def __init__(self, channel):
        ser, des = pb.rich.ErrorRequest.SerializeToString, pb.rich.ErrorReply.FromString
        self.unary = channel.unary_unary(rich_proto.method("Unary"), ser, des)
        self.server_stream = channel.unary_stream(rich_proto.method("ServerStream"), ser, des)
        self.client_stream = channel.stream_unary(rich_proto.method("ClientStream"), ser, des)
        self.duplex = channel.stream_stream(rich_proto.method("Duplex"), ser, des)


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def b64(data):
    return None if data is None else base64.b64encode(data).decode("ascii")


def first_difference(a, b):
    """Where two byte strings first differ, for failure messages."""
    n = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
    return "lengths %d/%d, first difference at byte %d: %s vs %s" % (len(a), len(b), n, a[n:n + 16].hex(), b[n:n + 16].hex())


def call(stub, case, kind, case_id):
    """Makes the call for case@kind; returns (the grpc.RpcError it failed with, replies before it)."""
    req = pb.rich.ErrorRequest
    md = [("x-case-id", case_id)]
    replies = []
    try:
        if kind == "unary":
            replies.append(stub.unary(req(case=case, name=rich_cases.NAME), metadata=md, timeout=TIMEOUT))
        elif kind == "server_stream":
            for reply in stub.server_stream(req(case=case, name=rich_cases.NAME, count=rich_cases.MESSAGES_BEFORE_ERROR), metadata=md, timeout=TIMEOUT):
                replies.append(reply)
        elif kind == "client_stream":
            requests = [req(name=rich_cases.NAME)] * rich_cases.MESSAGES_BEFORE_ERROR + [req(case=case, name=rich_cases.NAME)]
            replies.append(stub.client_stream(iter(requests), metadata=md, timeout=TIMEOUT))
        elif kind == "duplex":
            # Ping-pong: echo requests first, each answered before the next is sent; then the failing one.
            requests = queue.Queue()
            stream = stub.duplex(iter(requests.get, None), metadata=md, timeout=TIMEOUT)
            try:
                for _ in range(rich_cases.MESSAGES_BEFORE_ERROR):
                    requests.put(req(name=rich_cases.NAME))
                    replies.append(next(stream))
                requests.put(req(case=case, name=rich_cases.NAME))
                replies.extend(stream)
            finally:
                requests.put(None)  # ends the request stream and its sending thread
        else:
            raise ValueError("unknown kind %r" % kind)
    except grpc.RpcError as error:
        return error, replies
    raise AssertionError("the call succeeded: %r" % replies)


def run_case(stub, case_id, csharp, python_server):
    """Runs one case; returns what was read (for the DETAILS line). Raises AssertionError on a failed check."""
    case, kind = case_id.split("@")
    want = rich_cases.expected(pb, case)
    # A Faultline server sends no grpc-status-details-bin for a status without details; to_status
    # (grpcio-status, and rich_server.py) always sends one, with just code and message.
    want_bytes = want.SerializeToString() if want.details or python_server else None
    error, replies = call(stub, case, kind, case_id)
    read = {"code": error.code().value[0], "message": error.details(), "raw": None, "reserialized": None, "details": []}

    expected_replies = rich_cases.MESSAGES_BEFORE_ERROR if kind in ("server_stream", "duplex") else 0
    check(len(replies) == expected_replies, "expected %d replies before the error, got %r" % (expected_replies, replies))

    trailing = error.trailing_metadata() or ()
    raw_values = [v for k, v in trailing if k == rich_status.DETAILS_KEY]
    check(len(raw_values) <= 1, "grpc-status-details-bin %d times: %r" % (len(raw_values), raw_values))
    raw = raw_values[0] if raw_values else None
    read["raw"] = b64(raw)

    rich = rich_status.from_call(error, pb.status.Status)  # raises ValueError if code or message disagree
    if rich is not None:
        read["reserialized"] = b64(rich.SerializeToString())
        read["details"] = [[d.type_url, b64(d.value)] for d in rich.details]

    if csharp is not None and not python_server:
        # First against what the Faultline server was given (the C# catalog): a difference here is the server's.
        theirs = csharp[case]
        theirs_bytes = base64.b64decode(theirs["status"]) if theirs["status"] else None
        check((error.code().value[0], error.details()) == (theirs["code"], theirs["message"]),
              "code/message %r, but the C# catalog has %r" % ((error.code().value[0], error.details()), (theirs["code"], theirs["message"])))
        if raw != theirs_bytes:
            raise AssertionError("grpc-status-details-bin differs from the C# catalog's status (%s)\n got      %s\n expected %s" % (
                first_difference(raw or b"", theirs_bytes or b""), b64(raw), b64(theirs_bytes)))
        # Then the two catalogs must agree (else the tests, not the wire, are wrong).
        check((theirs["code"], theirs["message"]) == (want.code, want.message), "CATALOGS DISAGREE on code/message: C# %r, Python %r" % ((theirs["code"], theirs["message"]), (want.code, want.message)))
        check(theirs_bytes == want_bytes, "CATALOGS DISAGREE on the serialized status: C# %s, Python %s" % (b64(theirs_bytes), b64(want_bytes)))

    # The call's own status (grpc-status, grpc-message) against the Python catalog.
    check(error.code() == rich_status.code_from_int(want.code), "code %s, expected %s (message %r)" % (error.code(), rich_status.code_from_int(want.code), error.details()))
    check(error.details() == want.message, "grpc-message %r, expected %r" % (error.details(), want.message))

    if want_bytes is None:
        check(raw is None and rich is None, "no details expected, but got grpc-status-details-bin %s" % b64(raw))
        return read

    check(raw is not None, "no grpc-status-details-bin in the trailing metadata %r" % (trailing,))
    check(rich is not None, "from_call found no status")
    check(raw == want_bytes, "grpc-status-details-bin differs from the expected status (%s)\n got      %s\n expected %s" % (first_difference(raw, want_bytes), b64(raw), b64(want_bytes)))
    reserialized = rich.SerializeToString()
    check(reserialized == raw, "the parsed status re-serializes differently (%s)" % first_difference(reserialized, raw))
    check((rich.code, rich.message) == (want.code, want.message), "status %r/%r, expected %r/%r" % (rich.code, rich.message, want.code, want.message))

    # Every detail: same type URL and bytes as expected, unpacks to its type, re-serializes to the same bytes.
    classes = rich_cases.detail_classes(pb)
    check(len(rich.details) == len(want.details), "%d details, expected %d" % (len(rich.details), len(want.details)))
    for i, (got, exp) in enumerate(zip(rich.details, want.details)):
        check(got.type_url == exp.type_url, "detail %d: type %s, expected %s" % (i, got.type_url, exp.type_url))
        check(got.value == exp.value, "detail %d (%s): bytes differ (%s)" % (i, got.type_url, first_difference(got.value, exp.value)))
        cls = classes[got.type_url]
        message, expected_message = cls(), cls()
        check(got.Unpack(message), "detail %d: does not unpack as %s" % (i, cls.DESCRIPTOR.full_name))
        exp.Unpack(expected_message)
        check(message == expected_message, "detail %d: %r, expected %r" % (i, message, expected_message))
        check(message.SerializeToString(deterministic=True) == got.value, "detail %d (%s): does not re-serialize to the bytes it arrived as" % (i, got.type_url))
    return read


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int)
    parser.add_argument("--expected", help="JSON from the C# tests: case -> {code, message, status (base64 or null)}")
    parser.add_argument("--cases", help="comma-separated case ids (default: all)")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--python-server", action="store_true", help="the server is rich_server.py (a harness self-check)")
    args = parser.parse_args()
    if args.list:
        print("\n".join(ALL_IDS))
        return 0

    csharp = None
    if args.expected:
        with open(args.expected, encoding="utf-8") as f:
            csharp = json.load(f)
    selected = args.cases.split(",") if args.cases else ALL_IDS
    failed = 0
    with grpc.insecure_channel("127.0.0.1:%d" % args.port) as channel:
        grpc.channel_ready_future(channel).result(timeout=TIMEOUT)
        stub = Stub(channel)
        for case_id in selected:
            try:
                read = run_case(stub, case_id, csharp, args.python_server)
                print("PASS %s" % case_id)
                print("DETAILS %s %s" % (case_id, json.dumps(read, ensure_ascii=True)))
            except Exception as e:  # noqa: BLE001 - every failure is reported per case
                failed += 1
                reason = "%s: %s" % (type(e).__name__, e) if isinstance(e, (AssertionError, ValueError)) else traceback.format_exc()
                print("FAIL %s: %s" % (case_id, reason.replace("\n", "\n    ")))
            sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
