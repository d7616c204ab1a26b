"""Compiles the protos with the system protoc and imports the generated modules.

Debian ships neither grpc_tools nor googleapis-common-protos for Python, so rich_errors_pb2 and
google.rpc's status_pb2 / error_details_pb2 are generated at run time into a temporary directory
from ../Protos (google/rpc/*.proto are our own declarations of the google.rpc messages). protoc's own include
directory (/usr/include) provides google/protobuf/{any,duration}.proto; their Python modules come
with python3-protobuf.
"""
import atexit
import importlib
import os
import shutil
import subprocess
import sys
import tempfile

PROTO_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Protos")
SERVICE = "faultline.richinterop.RichErrors"
# The same four methods with grpc-dotnet's EnableDetailedErrors on the Faultline server (DebugInfo is sent).
DETAILED_SERVICE = "faultline.richinterop.RichErrorsDetailed"
PROTOS = ["rich_errors.proto", "google/rpc/status.proto", "google/rpc/error_details.proto"]


def _protoc():
    """Debian's protoc (/usr/bin), else whatever protoc is on PATH."""
    return shutil.which("protoc", path="/usr/bin") or shutil.which("protoc") or "protoc"


def _include_dirs():
    """Where google/protobuf/*.proto live for protoc (Debian: /usr/include)."""
    return [d for d in ("/usr/include", "/usr/local/include") if os.path.exists(os.path.join(d, "google", "protobuf", "any.proto"))]


class Modules:
    """The generated modules: rich (rich_errors_pb2), status (google.rpc.status_pb2), details (google.rpc.error_details_pb2)."""

    def __init__(self, rich, status, details):
        self.rich, self.status, self.details = rich, status, details


def load():
    out = tempfile.mkdtemp(prefix="faultline-rich-pb2-")
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    args = [_protoc(), "--proto_path=" + PROTO_DIR] + ["--proto_path=" + d for d in _include_dirs()]
    subprocess.run(args + ["--python_out=" + out] + PROTOS, check=True)
    # `google` is a namespace package (python3-protobuf's google.protobuf), so google/rpc from the
    # temporary directory joins it once that directory is on sys.path.
    sys.path.insert(0, out)
    importlib.invalidate_caches()
    return Modules(
        importlib.import_module("rich_errors_pb2"),
        importlib.import_module("google.rpc.status_pb2"),
        importlib.import_module("google.rpc.error_details_pb2"),
    )


def check():
    """`rich_proto.py --check`: proves grpcio, protobuf and protoc work; prints their versions."""
    import grpc
    import google.protobuf
    pb = load()
    assert pb.rich.ErrorRequest(case="x", path=pb.rich.SET_STATUS).SerializeToString() == b"\n\x01x\x20\x01"
    assert pb.details.ErrorInfo(reason="R").SerializeToString() == b"\n\x01R"
    assert pb.status.Status(code=5).SerializeToString() == b"\x08\x05"
    assert hasattr(grpc.ServicerContext, "abort_with_status"), "grpcio too old: no ServicerContext.abort_with_status"
    protoc = subprocess.run([_protoc(), "--version"], check=True, capture_output=True, text=True).stdout.strip()
    print("grpcio %s, protobuf %s, %s" % (grpc.__version__, google.protobuf.__version__, protoc))


def method(name, service=SERVICE):
    """The HTTP/2 path of a method, e.g. /faultline.richinterop.RichErrors/Unary."""
    return "/%s/%s" % (service, name)


if __name__ == "__main__" and sys.argv[1:] == ["--check"]:
    check()
