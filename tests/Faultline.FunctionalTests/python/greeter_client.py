"""Calls the Greeter sample's server as a plain grpcio client would, and prints what each failed call
read: `<call> <CODE> <message> <grpc-status-details-bin as hex>`, one line a call.

Usage: greeter_client.py <address host:port> <dir of helloworld.proto> <name>
       greeter_client.py --check
"""
import importlib
import os
import shutil
import subprocess
import sys
import tempfile


def load_helloworld(proto_dir):
    out = tempfile.mkdtemp(prefix="faultline-greeter-pb2-")
    protoc = shutil.which("protoc", path="/usr/bin") or "protoc"
    subprocess.run([protoc, "--proto_path=" + proto_dir, "--python_out=" + out, "helloworld.proto"], check=True)
    sys.path.insert(0, out)
    importlib.invalidate_caches()
    return importlib.import_module("helloworld_pb2"), out


def describe(label, error):
    details = b""
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            details = value
    return f"{label} {error.code().name} {error.details()} {details.hex()}"


def main():
    import grpc

    if sys.argv[1:] == ["--check"]:
        print("grpcio", grpc.__version__)
        return
    address, proto_dir, name = sys.argv[1:4]
    helloworld, out = load_helloworld(proto_dir)
    try:
        with grpc.insecure_channel(address) as channel:
            say_hello = channel.unary_unary(
                "/helloworld.Greeter/SayHello",
                request_serializer=helloworld.HelloRequest.SerializeToString,
                response_deserializer=helloworld.HelloReply.FromString)
            print("ok", say_hello(helloworld.HelloRequest(name=name), timeout=10).message)
            for label, request in (("quota", helloworld.HelloRequest(name=name)), ("empty", helloworld.HelloRequest(name=""))):
                try:
                    say_hello(request, timeout=10)
                    print(label, "OK")
                except grpc.RpcError as error:
                    print(describe(label, error))
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
