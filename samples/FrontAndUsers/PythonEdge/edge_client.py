#!/usr/bin/python3
"""The Python edge client of the FrontAndUsers sample, on grpcio: calls front.v1.Accounts and prints
what each call ends with: the status code, the message, and the google.rpc details the front sent in
grpc-status-details-bin, decoded with google/rpc/status.proto and error_details.proto.

Usage: edge_client.py --front 127.0.0.1:50062 [--deadline 2]
The demo runs it from the build output, where protos/ holds front.proto and google/rpc/*.proto.
Debian ships no grpc_tools, so protoc generates the message classes at start-up (into a temporary
directory) and the calls use grpcio's generic multi-callables. Exits 3, saying why on stderr, when
grpcio, protobuf or protoc is missing.
"""
import argparse
import atexit
import importlib
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the build output

MISSING = 3
PROTO_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "protos")
PROTOS = ["front.proto", "google/rpc/status.proto", "google/rpc/error_details.proto"]
DETAILS_TRAILER = "grpc-status-details-bin"
CLOSE_ACCOUNT = "/front.v1.Accounts/CloseAccount"
CALL_TIMEOUT = 30  # seconds: every edge call has a deadline; the slow one a short one


def missing(reason):
    print(reason, file=sys.stderr)
    sys.exit(MISSING)


try:
    import grpc
    import google.protobuf
except ImportError as error:
    missing("python3-grpcio or python3-protobuf is not installed (%s)" % error)


def load():
    """Returns (front_pb2, status_pb2, error_details_pb2), generated with protoc."""
    protoc = shutil.which("protoc", path="/usr/bin") or shutil.which("protoc")
    if protoc is None:
        missing("protoc (protobuf-compiler) is not installed")
    out = tempfile.mkdtemp(prefix="faultline-edge-pb2-")
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    # google/protobuf/{any,duration}.proto, imported by the google.rpc protos, come with protoc (/usr/include).
    includes = [d for d in ("/usr/include", "/usr/local/include") if os.path.exists(os.path.join(d, "google", "protobuf", "any.proto"))]
    subprocess.run([protoc, "--proto_path=" + PROTO_DIR] + ["--proto_path=" + d for d in includes] + ["--python_out=" + out] + PROTOS, check=True)
    # `google` is a namespace package (python3-protobuf's google.protobuf): google/rpc joins it from here.
    sys.path.insert(0, out)
    importlib.invalidate_caches()
    return (importlib.import_module("front_pb2"),
            importlib.import_module("google.rpc.status_pb2"),
            importlib.import_module("google.rpc.error_details_pb2"))


front_pb2, status_pb2, error_details_pb2 = load()


def rich_status(error):
    """The google.rpc.Status of a failed call, or None; like grpcio-status's from_call, it must agree with the call."""
    for key, value in error.trailing_metadata() or ():
        if key == DETAILS_TRAILER:
            status = status_pb2.Status.FromString(value)
            if status.code != error.code().value[0] or status.message != error.details():
                raise ValueError("grpc-status-details-bin (%d, %r) disagrees with the call's status" % (status.code, status.message))
            return status
    return None


def print_failure(call, error):
    print("  %s: %s: %s" % (call, error.code().name, error.details() or "(no message)"))
    status = rich_status(error)
    for detail in status.details if status else ():
        if detail.Is(error_details_pb2.PreconditionFailure.DESCRIPTOR):
            precondition = error_details_pb2.PreconditionFailure()
            detail.Unpack(precondition)
            for violation in precondition.violations:
                print("    PreconditionFailure: %s %s: %s" % (violation.type, violation.subject, violation.description))
        elif detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            metadata = ", ".join("%s=%s" % item for item in sorted(info.metadata.items()))
            print("    ErrorInfo: %s in %s {%s}" % (info.reason, info.domain, metadata))
        else:
            print("    %s" % detail.type_url)


def close_account(stub, user_id, call, timeout):
    try:
        reply = stub(front_pb2.CloseAccountRequest(user_id=user_id), timeout=timeout)
        print("  %s: closed the account of %s" % (call, reply.display_name))
    except grpc.RpcError as error:
        print_failure(call, error)


def main():
    parser = argparse.ArgumentParser(description="Calls front.v1.Accounts and prints each status with its details.")
    parser.add_argument("--front", required=True, help="host:port of the front service")
    parser.add_argument("--deadline", type=float, default=2.0, help="seconds: the deadline of the slow call")
    args = parser.parse_args()

    print("Python edge (grpcio %s) -> front.v1.Accounts:" % grpc.__version__)
    with grpc.insecure_channel(args.front) as channel:
        stub = channel.unary_unary(CLOSE_ACCOUNT, request_serializer=front_pb2.CloseAccountRequest.SerializeToString,
                                   response_deserializer=front_pb2.CloseAccountResponse.FromString)
        close_account(stub, "u-2", "CloseAccount(u-2)", CALL_TIMEOUT)
        close_account(stub, "u-42", "CloseAccount(u-42)", CALL_TIMEOUT)
        close_account(stub, "slow", "CloseAccount(slow) with a %g s deadline" % args.deadline, args.deadline)


if __name__ == "__main__":
    main()
