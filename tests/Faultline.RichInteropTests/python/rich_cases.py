"""The Python catalog of rich statuses, built independently of the C# one (Catalog/RichCases.cs).

expected(pb, case, name) is the google.rpc.Status that should arrive for `case`: what the Python
server sends, and what the Python client expects from a Faultline server with default options
(which withholds DebugInfo unless the service has detailed errors, and makes oversized statuses
fit). The tests check that this catalog and RichCases.cs serialize to the same bytes.

Protobuf does not fix the order of map entries on the wire: C# writes insertion order, Python with
deterministic=True sorts by key. RichCases.cs inserts in key order, and details are packed here
with deterministic=True, so both catalogs produce the same bytes.

`python3 rich_cases.py --dump` prints "<case> <base64 of the serialized status>" for every case a
Faultline server serves (for the catalog test).
"""
import base64
import sys

from google.protobuf import any_pb2, duration_pb2, struct_pb2

NAME = "Ada"
# The longest LocalizedMessage text that still fits a Faultline server's default 8 KiB status budget
# (see RichCases.NearLimitLength for the arithmetic).
NEAR_LIMIT_LENGTH = 5559
MESSAGES_BEFORE_ERROR = 2
KINDS = ["unary", "server_stream", "client_stream", "duplex"]
PATHS = ["throw", "set"]
SINGLE_DETAIL = ["error_info", "retry_info", "debug_info", "quota_failure", "precondition_failure", "bad_request",
                 "request_info", "resource_info", "help", "localized_message"]
COMMON = SINGLE_DETAIL + ["many_details", "unknown_details", "non_ascii", "whitespace_message", "empty_message",
                          "no_details", "near_limit"]
FAULTLINE_SERVER_ONLY = ["debug_info_stripped", "oversized", "over_limit", "long_message", "relayed_trailers"]
BROKEN = ["mismatch_code", "mismatch_message", "details_code_ok", "malformed", "garbage", "wrong_type"]
# Cases served by the service with detailed errors (a Faultline server sends DebugInfo only there).
DETAILED = ["debug_info", "many_details"]

OPAQUE_TYPE_URL = "type.example.com/acme.v1.Opaque"
OPAQUE_VALUE = b"\x08\x96\x01\xff\x00\x7f\x80"

# grpc status codes used below (google.rpc.Code numbers).
UNKNOWN, INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, PERMISSION_DENIED = 2, 3, 5, 6, 7
RESOURCE_EXHAUSTED, FAILED_PRECONDITION, ABORTED, OUT_OF_RANGE = 8, 9, 10, 11
INTERNAL, UNAVAILABLE, DATA_LOSS, UNAUTHENTICATED = 13, 14, 15, 16

# 9000 characters percent-encoded (BMP only); a Faultline server cuts it to fit a quarter of its budget.
LONG_MESSAGE = "Überlänge ✓ " * 300


def percent_encoded_length(text):
    """Length of grpc-message's percent-encoding: UTF-8, each byte outside 0x20-0x7E and '%' as %XX."""
    return sum(1 if 0x20 <= b <= 0x7E and b != 0x25 else 3 for b in text.encode("utf-8"))


def truncated_long_message():
    """The longest prefix whose encoding plus "..." fits 8 KiB / 4 = 2048 characters, then "..."."""
    n = 0
    while n < len(LONG_MESSAGE) and percent_encoded_length(LONG_MESSAGE[:n + 1]) + 3 <= 8 * 1024 // 4:
        n += 1
    return LONG_MESSAGE[:n] + "..."


def service(case):
    """The service a case is called on (see DETAILED)."""
    return "faultline.richinterop.RichErrorsDetailed" if case in DETAILED else "faultline.richinterop.RichErrors"


def _pack(message):
    if isinstance(message, any_pb2.Any):
        return message
    detail = any_pb2.Any()
    detail.Pack(message, deterministic=True)
    return detail


def _status(pb, code, message, *details):
    return pb.status.Status(code=code, message=message, details=[_pack(d) for d in details])


def _delay(ms):
    return duration_pb2.Duration(seconds=ms // 1000, nanos=(ms % 1000) * 1_000_000)


def expected(pb, case, name=NAME):
    d = pb.details
    if case == "error_info":
        return _status(pb, PERMISSION_DENIED, "The Greeter API is disabled for this project.",
                       d.ErrorInfo(reason="API_DISABLED", domain="greeter.faultline.example", metadata={
                           "consumer": "projects/123",
                           "quota_limit": "GreetingsPerDay",
                           "service": "greeter.faultline.example",
                       }))
    if case == "retry_info":
        return _status(pb, ABORTED, "Concurrent update; try again.", d.RetryInfo(retry_delay=_delay(1500)))
    if case == "debug_info":
        return _status(pb, UNKNOWN, "The handler failed; debug details attached.",
                       d.DebugInfo(stack_entries=["at Greeter.SayHello(HelloRequest request)", 'File "rich_server.py", line 1, in handler'],
                                   detail="NullReferenceException: name was null"))
    if case == "quota_failure":
        return _status(pb, RESOURCE_EXHAUSTED, "Request limit exceeded.",
                       d.QuotaFailure(violations=[d.QuotaFailure.Violation(subject="name: " + name, description="Limit one greeting per person")]))
    if case == "precondition_failure":
        return _status(pb, FAILED_PRECONDITION, "The account is not ready.",
                       d.PreconditionFailure(violations=[
                           d.PreconditionFailure.Violation(type="TOS", subject="greeter.faultline.example", description="Terms of service not accepted"),
                           d.PreconditionFailure.Violation(type="AGE", subject="accounts/42", description="Age not verified"),
                       ]))
    if case == "bad_request":
        return _status(pb, INVALID_ARGUMENT, "The greeting request is invalid.",
                       d.BadRequest(field_violations=[
                           d.BadRequest.FieldViolation(field="name", description="must not be empty"),
                           d.BadRequest.FieldViolation(field="count", description="must be between 0 and 10"),
                           d.BadRequest.FieldViolation(field="address.postal_code", description="must have 5 digits"),
                       ]))
    if case == "request_info":
        return _status(pb, INTERNAL, "Something went wrong; quote the request id.",
                       d.RequestInfo(request_id="req-7f3a9c21", serving_data="shard=3;replica=b"))
    if case == "resource_info":
        return _status(pb, NOT_FOUND, "Account not found.",
                       d.ResourceInfo(resource_type="greeter.faultline.example/Account", resource_name="accounts/42",
                                      owner="user:ada@example.com", description="The account does not exist."))
    if case == "help":
        return _status(pb, UNAUTHENTICATED, "Sign in first.",
                       d.Help(links=[
                           d.Help.Link(description="Signing in", url="https://greeter.faultline.example/sign-in"),
                           d.Help.Link(description="API keys", url="https://greeter.faultline.example/keys"),
                       ]))
    if case == "localized_message":
        return _status(pb, ALREADY_EXISTS, "Greeting already exists.", d.LocalizedMessage(locale="fr-FR", message="Ce message existe déjà."))
    if case == "many_details":
        return _status(pb, FAILED_PRECONDITION, "Several things went wrong.",
                       d.LocalizedMessage(locale="en-US", message="Your account needs attention before you can greet."),
                       d.Help(links=[
                           d.Help.Link(description="Terms of service", url="https://greeter.faultline.example/tos"),
                           d.Help.Link(description="Quota documentation", url="https://greeter.faultline.example/quota"),
                       ]),
                       d.RetryInfo(retry_delay=_delay(1500)),
                       d.ResourceInfo(resource_type="greeter.faultline.example/Account", resource_name="accounts/42",
                                      owner="user:ada@example.com", description="The account needs the writer role."),
                       d.PreconditionFailure(violations=[
                           d.PreconditionFailure.Violation(type="TOS", subject="greeter.faultline.example", description="Terms of service not accepted"),
                       ]),
                       d.RequestInfo(request_id="req-7f3a9c21", serving_data="shard=3;replica=b"),
                       d.ErrorInfo(reason="TOS_NOT_ACCEPTED", domain="greeter.faultline.example"),
                       d.QuotaFailure(violations=[d.QuotaFailure.Violation(subject="project:123", description="Daily greetings exceeded")]),
                       d.BadRequest(field_violations=[d.BadRequest.FieldViolation(field="accept_tos", description="must be true")]),
                       d.DebugInfo(stack_entries=["at Greeter.Check()"], detail="precondition check"))
    if case == "unknown_details":
        custom = pb.rich.CustomDetail(tenant="acme", retry_budget=3, tags=["alpha", "beta"], blob=b"\x00\x01\xfe\xff",
                                      nested=pb.rich.CustomDetail.Nested(ratio=0.25, flag=True))
        struct = struct_pb2.Struct()
        struct.update({"attempt": 2, "nested": {"a": None, "b": "c"}, "reason": "conflict", "retryable": True, "tags": ["x", "y"]})
        opaque = any_pb2.Any(type_url=OPAQUE_TYPE_URL, value=OPAQUE_VALUE)
        return _status(pb, DATA_LOSS, "Details of unknown types attached.", custom, struct, opaque)
    if case == "non_ascii":
        return _status(pb, NOT_FOUND, "Grüße an 世界 nicht gefunden — 100% ✓ 🚀",
                       d.LocalizedMessage(locale="de-DE", message="„Welt“ wurde nicht gefunden ✓"),
                       d.ResourceInfo(resource_type="Gruß", resource_name="名前/🚀", owner="Zoë", description="ünïcödé ½"))
    if case == "whitespace_message":
        return _status(pb, UNAVAILABLE, "  spaces at both ends, a tab\tand a newline\nin the middle  ", d.RetryInfo(retry_delay=_delay(250)))
    if case == "empty_message":
        return _status(pb, INTERNAL, "", d.ErrorInfo(reason="EMPTY_MESSAGE", domain="faultline.example"))
    if case == "no_details":
        return _status(pb, OUT_OF_RANGE, "No details at all.")
    if case == "near_limit":
        return _status(pb, RESOURCE_EXHAUSTED, "Near the limit.", d.LocalizedMessage(locale="en", message="x" * NEAR_LIMIT_LENGTH))
    if case == "debug_info_stripped":
        # Sent with a DebugInfo first; a Faultline server without detailed errors removes it.
        return _status(pb, DATA_LOSS, "Debug info must not leave the server.", d.LocalizedMessage(locale="en", message="Something was lost."))
    if case == "oversized":
        # Sent with a ~20 KB BadRequest first; above MaxStatusTrailerSize (8 KiB) it is the detail dropped.
        return _status(pb, RESOURCE_EXHAUSTED, "Too much detail.",
                       d.LocalizedMessage(locale="en", message="Fewer details were sent."),
                       d.Help(links=[d.Help.Link(description="Limits", url="https://greeter.faultline.example/limits")]))
    if case == "over_limit":
        # Sent with a LocalizedMessage one character longer than near_limit's; over the budget, the server drops it.
        return _status(pb, RESOURCE_EXHAUSTED, "Near the limit.")
    if case == "long_message":
        # Sent with LONG_MESSAGE; the server truncates it in grpc-message and in the details status alike.
        return _status(pb, INVALID_ARGUMENT, truncated_long_message(), d.ErrorInfo(reason="MESSAGE_TOO_LONG", domain="faultline.example"))
    if case == "relayed_trailers":
        # The Faultline service also hands over trailers with another status's grpc-status-details-bin;
        # the status it fails with has no details, and only its own status may arrive.
        return _status(pb, NOT_FOUND, "Greeting not found.")
    raise ValueError("unknown case %r" % case)


def detail_classes(pb):
    """type URL -> message class, for every type a catalog status may carry that Python knows."""
    classes = [pb.details.RetryInfo, pb.details.DebugInfo, pb.details.QuotaFailure, pb.details.ErrorInfo,
               pb.details.PreconditionFailure, pb.details.BadRequest, pb.details.RequestInfo, pb.details.ResourceInfo,
               pb.details.Help, pb.details.LocalizedMessage, pb.rich.CustomDetail, struct_pb2.Struct]
    return {"type.googleapis.com/" + c.DESCRIPTOR.full_name: c for c in classes}


if __name__ == "__main__" and sys.argv[1:] == ["--dump"]:
    sys.dont_write_bytecode = True
    import rich_proto  # noqa: E402
    modules = rich_proto.load()
    for name in COMMON + FAULTLINE_SERVER_ONLY:
        print("%s %s" % (name, base64.b64encode(expected(modules, name).SerializeToString()).decode("ascii")))
