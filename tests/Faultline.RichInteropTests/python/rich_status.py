"""The small part of grpcio-status (grpc_status.rpc_status) the tests need, written for them.

Debian has no python3-grpcio-status, so this module behaves like its two functions:
  to_status(status)  google.rpc.Status -> grpc.Status for ServicerContext.abort_with_status
  from_call(call)    the google.rpc.Status in a finished call's trailing metadata, or None; strict:
                     raises ValueError when its code, then its message, disagree with the call's,
                     and lets protobuf's DecodeError through when the trailer does not parse
"""
import collections

import grpc

DETAILS_KEY = "grpc-status-details-bin"

# int code -> grpc.StatusCode (grpc.StatusCode values are (int, "name") pairs).
_CODES = {code.value[0]: code for code in grpc.StatusCode}


def code_from_int(number):
    """grpc.StatusCode for an int code; ValueError for a code grpc does not know (as grpcio-status)."""
    try:
        return _CODES[number]
    except KeyError:
        raise ValueError("Invalid status code %s" % number) from None


class Status(collections.namedtuple("Status", ("code", "details", "trailing_metadata")), grpc.Status):
    """A grpc.Status (the interface abort_with_status takes) as a plain value."""


def to_status(status):
    """Converts a google.rpc.Status into a grpc.Status whose code and details (the grpc-message) are
    the status's own and whose only trailing metadata is the serialized status."""
    return Status(
        code=code_from_int(status.code),
        details=status.message,
        trailing_metadata=((DETAILS_KEY, status.SerializeToString()),),
    )


def from_call(call, status_class):
    """Returns the google.rpc.Status (parsed with `status_class`) in the call's trailing metadata, or
    None when there is none. As grpcio-status does: the first details entry counts; the code is
    checked first, then the message, against the call's own status. (grpcio-status imports status_pb2
    itself; here the generated class is passed in.)"""
    trailing = call.trailing_metadata()
    if trailing is None:
        return None
    for key, value in trailing:
        if key == DETAILS_KEY:
            rich = status_class.FromString(value)
            if call.code().value[0] != rich.code:
                raise ValueError("Code in Status proto (%s) doesn't match status code (%s)" % (code_from_int(rich.code), call.code()))
            if call.details() != rich.message:
                raise ValueError("Message in Status proto (%s) doesn't match status details (%s)" % (rich.message, call.details()))
            return rich
    return None
