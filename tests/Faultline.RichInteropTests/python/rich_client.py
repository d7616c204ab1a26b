#!/usr/bin/python3
"""grpcio client for the rich-error cases: calls a RichErrors server (normally Faultline) and checks
each rich status it fails with, as an application using grpcio-status would read it.

Usage: rich_client.py --port N [--expected FILE] [--cases ID,...] [--python-server | --strict-report]
       rich_client.py --list

Case ids are "<case>@<kind>@<path>" against a Faultline server (kind: unary, server_stream,
client_stream, duplex; path: throw or set, how the Faultline service fails) and "<case>@<kind>"
against rich_server.py (--python-server). For each it checks:
  * the call fails with the catalog's code and message (grpc-status / grpc-message as grpcio decodes
    them), after the expected number of replies;
  * from_call (rich_status.py, strict like grpcio-status) finds grpc-status-details-bin and accepts it;
  * the trailer's bytes equal, byte for byte, both the Python catalog's serialized status
    (rich_cases.py) and, with --expected, the bytes the C# catalog published (RichCases.cs);
  * every detail of a type Python knows unpacks and re-serializes to exactly the bytes it arrived as.
Prints "PASS <id>" or "FAIL <id>: <reason>", then "READ <id> <json>" with what it read; exits 1 if
any case failed. --strict-report only prints "STRICT <id> <json>": what from_call made of each call
(ok, none, mismatch_code, mismatch_message or malformed), for the broken cases of rich_server.py.
"""
import argparse
import base64
import json
import queue
import sys
import traceback

import grpc
from google.protobuf import message as protobuf_message

sys.dont_write_bytecode = True  # no __pycache__ next to the scripts
import rich_cases  # noqa: E402
import rich_proto  # noqa: E402
import rich_status  # noqa: E402

pb = rich_proto.load()
TIMEOUT = 10  # seconds; every call has a deadline so a misbehaving server cannot hang a case

FAULTLINE_IDS = ["%s@%s@%s" % (c, k, p) for c in rich_cases.COMMON + rich_cases.FAULTLINE_SERVER_ONLY
                 for k in rich_cases.KINDS for p in rich_cases.PATHS]
PYTHON_SERVER_IDS = ["%s@%s" % (c, k) for c in rich_cases.COMMON for k in rich_cases.KINDS]


class Stub:
    """Multi-callables for the four methods of one service (grpc's generic API; no generated stubs)."""

    def __init__(self, channel, service):
        ser, des = pb.rich.ErrorRequest.SerializeToString, pb.rich.ErrorReply.FromString
        self.unary = channel.unary_unary(rich_proto.method("Unary", service), ser, des)
        self.server_stream = channel.unary_stream(rich_proto.method("ServerStream", service), ser, des)
        self.client_stream = channel.stream_unary(rich_proto.method("ClientStream", service), ser, des)
        self.duplex = channel.stream_stream(rich_proto.method("Duplex", service), ser, des)


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def b64(data):
    return None if data is None else base64.b64encode(data).decode("ascii")


def first_difference(a, b):
    """Where two byte strings first differ, for failure messages."""
    n = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
    return "lengths %d/%d, first difference at byte %d: %s vs %s" % (len(a), len(b), n, a[n:n + 16].hex(), b[n:n + 16].hex())


def parse_id(case_id):
    """(case, kind, path) of "<case>@<kind>[@<path>]"; the path defaults to throw."""
    parts = case_id.split("@")
    return parts[0], parts[1], parts[2] if len(parts) > 2 else "throw"


def call(stubs, case_id):
    """Makes the call of case_id; returns (the grpc.RpcError it failed with, replies before it)."""
    case, kind, path = parse_id(case_id)
    stub = stubs[rich_cases.service(case)]
    path_value = pb.rich.SET_STATUS if path == "set" else pb.rich.THROW
    req = pb.rich.ErrorRequest
    md = [("x-case-id", case_id), ("x-client", "python")]
    replies = []
    try:
        if kind == "unary":
            replies.append(stub.unary(req(case=case, name=rich_cases.NAME, path=path_value), metadata=md, timeout=TIMEOUT))
        elif kind == "server_stream":
            failing = req(case=case, name=rich_cases.NAME, count=rich_cases.MESSAGES_BEFORE_ERROR, path=path_value)
            for reply in stub.server_stream(failing, metadata=md, timeout=TIMEOUT):
                replies.append(reply)
        elif kind == "client_stream":
            requests = [req(name=rich_cases.NAME)] * rich_cases.MESSAGES_BEFORE_ERROR + [req(case=case, name=rich_cases.NAME, path=path_value)]
            replies.append(stub.client_stream(iter(requests), metadata=md, timeout=TIMEOUT))
        elif kind == "duplex":
            # Ping-pong: echo requests first, each answered before the next is sent; then the failing one.
            requests = queue.Queue()
            stream = stub.duplex(iter(requests.get, None), metadata=md, timeout=TIMEOUT)
            try:
                for _ in range(rich_cases.MESSAGES_BEFORE_ERROR):
                    requests.put(req(name=rich_cases.NAME))
                    replies.append(next(stream))
                requests.put(req(case=case, name=rich_cases.NAME, path=path_value))
                replies.extend(stream)
            finally:
                requests.put(None)  # ends the request stream and its sending thread
        else:
            raise ValueError("unknown kind %r" % kind)
    except grpc.RpcError as error:
        return error, replies
    raise AssertionError("the call succeeded: %r" % replies)


def raw_details(error):
    trailing = error.trailing_metadata() or ()
    values = [v for k, v in trailing if k == rich_status.DETAILS_KEY]
    check(len(values) <= 1, "grpc-status-details-bin %d times: %r" % (len(values), values))
    return values[0] if values else None


def run_case(stubs, case_id, csharp):
    """Runs one case; returns what was read (for the READ line). Raises AssertionError on a failed check."""
    case, kind, _ = parse_id(case_id)
    want = rich_cases.expected(pb, case)
    want_bytes = want.SerializeToString()
    error, replies = call(stubs, case_id)
    read = {"code": error.code().value[0], "message": error.details() or "", "raw": None, "reserialized": None,
            "details": [], "replies": len(replies)}

    expected_replies = rich_cases.MESSAGES_BEFORE_ERROR if kind in ("server_stream", "duplex") else 0
    check(len(replies) == expected_replies, "expected %d replies before the error, got %r" % (expected_replies, replies))

    raw = raw_details(error)
    read["raw"] = b64(raw)
    rich = rich_status.from_call(error, pb.status.Status)  # raises ValueError if code or message disagree
    if rich is not None:
        read["reserialized"] = b64(rich.SerializeToString())
        read["details"] = [[d.type_url, b64(d.value)] for d in rich.details]

    if csharp is not None:
        # First against what the Faultline server was given (the C# catalog): a difference here is the server's.
        theirs = csharp[case]
        theirs_bytes = base64.b64decode(theirs["status"])
        check((read["code"], read["message"]) == (theirs["code"], theirs["message"]),
              "code/message %r, but the C# catalog has %r" % ((read["code"], read["message"]), (theirs["code"], theirs["message"])))
        if raw != theirs_bytes:
            raise AssertionError("grpc-status-details-bin differs from the C# catalog's status (%s)\n got      %s\n expected %s" % (
                first_difference(raw or b"", theirs_bytes), b64(raw), b64(theirs_bytes)))
        # Then the two catalogs must agree (else the tests, not the wire, are wrong).
        check((theirs["code"], theirs["message"]) == (want.code, want.message),
              "CATALOGS DISAGREE on code/message: C# %r, Python %r" % ((theirs["code"], theirs["message"]), (want.code, want.message)))
        check(theirs_bytes == want_bytes, "CATALOGS DISAGREE on the serialized status: C# %s, Python %s" % (b64(theirs_bytes), b64(want_bytes)))

    # The call's own status (grpc-status, grpc-message) against the Python catalog.
    check(error.code() == rich_status.code_from_int(want.code), "code %s, expected %s (message %r)" % (error.code(), rich_status.code_from_int(want.code), error.details()))
    check(read["message"] == want.message, "grpc-message %r, expected %r" % (error.details(), want.message))

    check(raw is not None, "no grpc-status-details-bin in the trailing metadata %r" % (error.trailing_metadata(),))
    check(rich is not None, "from_call found no status")
    check(raw == want_bytes, "grpc-status-details-bin differs from the expected status (%s)\n got      %s\n expected %s" % (first_difference(raw, want_bytes), b64(raw), b64(want_bytes)))
    reserialized = rich.SerializeToString()
    check(reserialized == raw, "the parsed status re-serializes differently (%s)" % first_difference(reserialized, raw))

    # Every detail: same type URL and bytes as expected; those of known types unpack and re-serialize to the same bytes.
    classes = rich_cases.detail_classes(pb)
    check(len(rich.details) == len(want.details), "%d details, expected %d" % (len(rich.details), len(want.details)))
    for i, (got, exp) in enumerate(zip(rich.details, want.details)):
        check(got.type_url == exp.type_url, "detail %d: type %s, expected %s" % (i, got.type_url, exp.type_url))
        check(got.value == exp.value, "detail %d (%s): bytes differ (%s)" % (i, got.type_url, first_difference(got.value, exp.value)))
        cls = classes.get(got.type_url)
        if cls is None:
            continue  # an Any of a type nobody has: its bytes are all there is to check
        message, expected_message = cls(), cls()
        check(got.Unpack(message), "detail %d: does not unpack as %s" % (i, cls.DESCRIPTOR.full_name))
        exp.Unpack(expected_message)
        check(message == expected_message, "detail %d: %r, expected %r" % (i, message, expected_message))
        check(message.SerializeToString(deterministic=True) == got.value, "detail %d (%s): does not re-serialize to the bytes it arrived as" % (i, got.type_url))
    return read


def strict_outcome(stubs, case_id):
    """What from_call makes of the call: the STRICT line's json."""
    error, _ = call(stubs, case_id)
    outcome, text = "ok", ""
    try:
        if rich_status.from_call(error, pb.status.Status) is None:
            outcome = "none"
    except ValueError as e:
        text = str(e)
        outcome = "mismatch_code" if text.startswith("Code in Status proto") else "mismatch_message" if text.startswith("Message in Status proto") else "value_error"
    except protobuf_message.DecodeError as e:
        outcome, text = "malformed", "%s: %s" % (type(e).__name__, e)
    return {"outcome": outcome, "code": error.code().value[0], "message": error.details() or "", "error": text}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int)
    parser.add_argument("--expected", help="JSON from the C# tests: case -> {code, message, status (base64)}")
    parser.add_argument("--cases", help="comma-separated case ids (default: all)")
    parser.add_argument("--list", action="store_true", help="print the case ids run against a Faultline server")
    parser.add_argument("--python-server", action="store_true", help="the server is rich_server.py (a harness self-check)")
    parser.add_argument("--strict-report", action="store_true", help="print what from_call makes of each call")
    args = parser.parse_args()
    if args.list:
        print("\n".join(FAULTLINE_IDS))
        return 0

    csharp = None
    if args.expected:
        with open(args.expected, encoding="utf-8") as f:
            csharp = json.load(f)
    selected = args.cases.split(",") if args.cases else PYTHON_SERVER_IDS if args.python_server else FAULTLINE_IDS
    failed = 0
    with grpc.insecure_channel("127.0.0.1:%d" % args.port) as channel:
        grpc.channel_ready_future(channel).result(timeout=TIMEOUT)
        stubs = {name: Stub(channel, name) for name in (rich_proto.SERVICE, rich_proto.DETAILED_SERVICE)}
        for case_id in selected:
            try:
                if args.strict_report:
                    print("STRICT %s %s" % (case_id, json.dumps(strict_outcome(stubs, case_id), ensure_ascii=True)))
                else:
                    read = run_case(stubs, case_id, csharp)
                    print("PASS %s" % case_id)
                    print("READ %s %s" % (case_id, json.dumps(read, ensure_ascii=True)))
            except Exception as e:  # noqa: BLE001 - every failure is reported per case
                failed += 1
                reason = "%s: %s" % (type(e).__name__, e) if isinstance(e, (AssertionError, ValueError)) else traceback.format_exc()
                print("FAIL %s: %s" % (case_id, reason.replace("\n", "\n    ")))
            sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
