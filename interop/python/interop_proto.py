"""Compiles the interop protos (../Protos/grpc/testing) with the system protoc and imports them.

The protos declare the official interop messages and services (same names and field numbers) and
import each other as "src/proto/grpc/testing/*.proto", as upstream does; protoc maps that virtual
directory onto ours. Debian ships no
grpc_tools for Python, so only the message classes are generated (into a temporary directory, at
start-up); the service and client are written with grpc's generic handler / multi-callable API.
"""
import atexit
import importlib
import os
import shutil
import subprocess
import sys
import tempfile

PROTO_DIR = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Protos", "grpc", "testing"))
VIRTUAL_DIR = "src/proto/grpc/testing"
PROTOS = ("empty.proto", "messages.proto", "test.proto")
TEST_SERVICE = "grpc.testing.TestService"
UNIMPLEMENTED_SERVICE = "grpc.testing.UnimplementedService"


def _protoc():
    """Debian's protoc (/usr/bin), else whatever protoc is on PATH."""
    return shutil.which("protoc", path="/usr/bin") or shutil.which("protoc") or "protoc"


def load():
    """Returns (empty_pb2, messages_pb2)."""
    out = tempfile.mkdtemp(prefix="faultline-interop-pb2-")
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    subprocess.run(
        [_protoc(), "--proto_path=%s=%s" % (VIRTUAL_DIR, PROTO_DIR), "--python_out=" + out]
        + ["%s/%s" % (VIRTUAL_DIR, name) for name in PROTOS],
        check=True)
    # Regular packages, so no other "src" package on sys.path can shadow ours.
    package = out
    for part in VIRTUAL_DIR.split("/"):
        package = os.path.join(package, part)
        open(os.path.join(package, "__init__.py"), "a").close()
    sys.path.insert(0, out)
    prefix = VIRTUAL_DIR.replace("/", ".")
    return importlib.import_module(prefix + ".empty_pb2"), importlib.import_module(prefix + ".messages_pb2")


def method(service, name):
    """The HTTP/2 path of a method, e.g. /grpc.testing.TestService/UnaryCall."""
    return "/%s/%s" % (service, name)


def parse_bool(text):
    """Flag values as the official interop binaries take them: true/false (also 1/0, yes/no)."""
    value = text.strip().lower()
    if value in ("true", "1", "yes"):
        return True
    if value in ("false", "0", "no"):
        return False
    raise ValueError("not a boolean: %r" % text)


def check():
    """`interop_proto.py --check`: proves grpcio, protobuf and protoc work; prints their versions."""
    import grpc
    import google.protobuf
    _, messages = load()
    assert messages.SimpleRequest(response_size=3).SerializeToString() == b"\x10\x03"
    protoc = subprocess.run([_protoc(), "--version"], check=True, capture_output=True, text=True).stdout.strip()
    print("grpcio %s, protobuf %s, %s" % (grpc.__version__, google.protobuf.__version__, protoc))


if __name__ == "__main__" and sys.argv[1:] == ["--check"]:
    check()
