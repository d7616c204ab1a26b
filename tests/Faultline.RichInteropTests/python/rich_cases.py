"""The Python catalog of rich statuses, built independently of the C# one (RichCases.cs).

expected(pb, case, name) is the google.rpc.Status that should arrive for `case`: what the Python
server sends, and what the Python client expects from a Faultline server with default options
(which removes DebugInfo and makes oversized statuses fit). The tests check that this catalog and
RichCases.cs serialize to the same bytes.

Protobuf does not fix the order of map entries on the wire: C# writes insertion order, Python with
deterministic=True sorts by key. RichCases.cs inserts in key order, and details are packed here
with deterministic=True, so both catalogs produce the same bytes.
"""
from google.protobuf import any_pb2, duration_pb2, struct_pb2

NAME = "Ada"
# The longest LocalizedMessage text that still fits a Faultline server's default 8 KiB status budget
# (see RichCases.NearLimitLength for the arithmetic).
NEAR_LIMIT_LENGTH = 5559
MESSAGES_BEFORE_ERROR = 2
KINDS = ["unary", "server_stream", "client_stream", "duplex"]
COMMON = ["quota", "bad_request", "error_info", "many_details", "custom_detail", "non_ascii",
          "whitespace_message", "empty_message", "no_details", "near_limit"]
FAULTLINE_SERVER_ONLY = ["debug_info_stripped", "oversized", "over_limit", "long_message", "relayed_trailers"]
PYTHON_SERVER_ONLY = ["debug_info"]
BROKEN = ["mismatch_code", "mismatch_message", "malformed"]

# grpc status codes used below (google.rpc.Code numbers).
UNKNOWN, INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED = 2, 3, 5, 7
RESOURCE_EXHAUSTED, FAILED_PRECONDITION, ABORTED, OUT_OF_RANGE = 8, 9, 10, 11
INTERNAL, UNAVAILABLE, DATA_LOSS = 13, 14, 15


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


def _pack(message):
    detail = any_pb2.Any()
    detail.Pack(message, deterministic=True)
    return detail


def _status(pb, code, message, *details):
    return pb.status.Status(code=code, message=message, details=[_pack(d) for d in details])


def expected(pb, case, name=NAME):
    d = pb.details
    if case == "quota":
        return _status(pb, RESOURCE_EXHAUSTED, "Request limit exceeded.",
                       d.QuotaFailure(violations=[d.QuotaFailure.Violation(subject="name: " + name, description="Limit one greeting per person")]))
    if case == "bad_request":
        return _status(pb, INVALID_ARGUMENT, "The greeting request is invalid.",
                       d.BadRequest(field_violations=[
                           d.BadRequest.FieldViolation(field="name", description="must not be empty"),
                           d.BadRequest.FieldViolation(field="count", description="must be between 0 and 10"),
                           d.BadRequest.FieldViolation(field="address.postal_code", description="must have 5 digits"),
                       ]))
    if case == "error_info":
        # Field 1 is `reason` in today's googleapis (`type` in Google.Api.CommonProtos 2.0.0): same wire.
        return _status(pb, PERMISSION_DENIED, "The Greeter API is disabled for this project.",
                       d.ErrorInfo(reason="API_DISABLED", domain="greeter.faultline.example", metadata={
                           "consumer": "projects/123",
                           "quota_limit": "GreetingsPerDay",
                           "service": "greeter.faultline.example",
                       }))
    if case == "many_details":
        return _status(pb, FAILED_PRECONDITION, "Several things went wrong.",
                       d.LocalizedMessage(locale="en-US", message="Your account needs attention before you can greet."),
                       d.Help(links=[
                           d.Help.Link(description="Terms of service", url="https://greeter.faultline.example/tos"),
                           d.Help.Link(description="Quota documentation", url="https://greeter.faultline.example/quota"),
                       ]),
                       d.RetryInfo(retry_delay=duration_pb2.Duration(seconds=1, nanos=500_000_000)),
                       d.ResourceInfo(resource_type="greeter.faultline.example/Account", resource_name="accounts/42",
                                      owner="user:ada@example.com", description="The account needs the writer role."),
                       d.PreconditionFailure(violations=[
                           d.PreconditionFailure.Violation(type="TOS", subject="greeter.faultline.example", description="Terms of service not accepted"),
                           d.PreconditionFailure.Violation(type="AGE", subject="accounts/42", description="Age not verified"),
                       ]),
                       d.RequestInfo(request_id="req-7f3a9c21", serving_data="shard=3;replica=b"),
                       d.ErrorInfo(reason="TOS_NOT_ACCEPTED", domain="greeter.faultline.example"),
                       d.QuotaFailure(violations=[d.QuotaFailure.Violation(subject="project:123", description="Daily greetings exceeded")]),
                       d.BadRequest(field_violations=[d.BadRequest.FieldViolation(field="accept_tos", description="must be true")]))
    if case == "custom_detail":
        custom = pb.rich.CustomDetail(tenant="acme", retry_budget=3, tags=["alpha", "beta"], blob=b"\x00\x01\xfe\xff",
                                      nested=pb.rich.CustomDetail.Nested(ratio=0.25, flag=True))
        struct = struct_pb2.Struct()
        struct.update({"attempt": 2, "nested": {"a": None, "b": "c"}, "reason": "conflict", "retryable": True, "tags": ["x", "y"]})
        return _status(pb, ABORTED, "Custom details attached.", custom, struct)
    if case == "non_ascii":
        return _status(pb, NOT_FOUND, "Grüße an 世界 nicht gefunden — 100% ✓ 🚀",
                       d.LocalizedMessage(locale="de-DE", message="„Welt“ wurde nicht gefunden ✓"),
                       d.ResourceInfo(resource_type="Gruß", resource_name="名前/🚀", owner="Zoë", description="ünïcödé ½"))
    if case == "whitespace_message":
        return _status(pb, UNAVAILABLE, "  spaces at both ends, a tab\tand a newline\nin the middle  ",
                       d.RetryInfo(retry_delay=duration_pb2.Duration(nanos=250_000_000)))
    if case == "empty_message":
        return _status(pb, INTERNAL, "", d.ErrorInfo(reason="EMPTY_MESSAGE", domain="faultline.example"))
    if case == "no_details":
        return _status(pb, OUT_OF_RANGE, "No details at all.")
    if case == "debug_info_stripped":
        # Sent with a DebugInfo first; a Faultline server without EnableDetailedErrors removes it.
        return _status(pb, DATA_LOSS, "Debug info must not leave the server.",
                       d.LocalizedMessage(locale="en", message="Something was lost."))
    if case == "oversized":
        # Sent with a ~20 KB BadRequest first; above MaxStatusTrailerSize (8 KiB) it is the detail dropped.
        return _status(pb, RESOURCE_EXHAUSTED, "Too much detail.",
                       d.LocalizedMessage(locale="en", message="Fewer details were sent."),
                       d.Help(links=[d.Help.Link(description="Limits", url="https://greeter.faultline.example/limits")]))
    if case == "near_limit":
        return _status(pb, RESOURCE_EXHAUSTED, "Near the limit.", d.LocalizedMessage(locale="en", message="x" * NEAR_LIMIT_LENGTH))
    if case == "over_limit":
        # Sent with a LocalizedMessage one character longer; over the budget, the server drops it.
        return _status(pb, RESOURCE_EXHAUSTED, "Near the limit.")
    if case == "long_message":
        # Sent with LONG_MESSAGE; the server truncates it in grpc-message and in the details status alike.
        return _status(pb, INVALID_ARGUMENT, truncated_long_message(), d.ErrorInfo(reason="MESSAGE_TOO_LONG", domain="faultline.example"))
    if case == "relayed_trailers":
        # The Faultline service also hands over trailers with another status's grpc-status-details-bin;
        # the status it fails with has no details, so no such trailer should arrive.
        return _status(pb, NOT_FOUND, "Greeting not found.")
    if case == "debug_info":
        return _status(pb, UNKNOWN, "Python sent a DebugInfo.",
                       d.DebugInfo(stack_entries=['File "rich_server.py", line 1, in handler'], detail="python detail"))
    raise ValueError("unknown case %r" % case)


def detail_classes(pb):
    """type URL -> message class, for every type a catalog status may carry."""
    classes = [pb.details.RetryInfo, pb.details.DebugInfo, pb.details.QuotaFailure, pb.details.ErrorInfo,
               pb.details.PreconditionFailure, pb.details.BadRequest, pb.details.RequestInfo, pb.details.ResourceInfo,
               pb.details.Help, pb.details.LocalizedMessage, pb.rich.CustomDetail, struct_pb2.Struct]
    return {"type.googleapis.com/" + c.DESCRIPTOR.full_name: c for c in classes}
