"""Compiles Protos/probe.proto with the system protoc and imports the generated probe_pb2.

Debian ships no grpc_tools for Python, so the message classes are generated at run time into a
temporary directory; the services are written with grpc's generic (method-handler) API instead.
"""
import atexit
import importlib
import os
import shutil
import subprocess
import sys
import tempfile

PROTO_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Protos")
SERVICE = "faultline.interop.Probe"


def _protoc():
    """Debian's protoc (/usr/bin), else whatever protoc is on PATH."""
    return shutil.which("protoc", path="/usr/bin") or shutil.which("protoc") or "protoc"


def load():
    """Returns the probe_pb2 module (ProbeRequest, ProbeReply)."""
    out = tempfile.mkdtemp(prefix="faultline-probe-pb2-")
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    subprocess.run([_protoc(), "--proto_path=" + PROTO_DIR, "--python_out=" + out, "probe.proto"], check=True)
    sys.path.insert(0, out)
    return importlib.import_module("probe_pb2")


def check():
    """`probe_proto.py --check`: proves grpcio, protobuf and protoc work; prints their versions."""
    import grpc  # noqa: F401 - the import is the check
    import google.protobuf
    pb = load()
    assert pb.ProbeRequest(message="x").SerializeToString() == b"\n\x01x"
    protoc = subprocess.run([_protoc(), "--version"], check=True, capture_output=True, text=True).stdout.strip()
    print("grpcio %s, protobuf %s, %s" % (grpc.__version__, google.protobuf.__version__, protoc))


def method(name):
    """The HTTP/2 path of a Probe method, e.g. /faultline.interop.Probe/Unary."""
    return "/%s/%s" % (SERVICE, name)


if __name__ == "__main__" and sys.argv[1:] == ["--check"]:
    check()
