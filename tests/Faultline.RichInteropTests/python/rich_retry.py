#!/usr/bin/python3
"""grpcio client with a gRFC A6 retry policy (the grpc.service_config channel argument) for the
pushback tests: calls RichErrors/Attempt, whose first attempts fail with a status that may carry a
google.rpc.RetryInfo, which a Faultline server also announces as grpc-retry-pushback-ms.

Usage: rich_retry.py --port N --scenario NAME:KEY:CODE:FAIL_ATTEMPTS:RETRY_INFO:DELAY_MS:PATH:TIMEOUT_S ...
  RETRY_INFO 1 or 0; PATH throw or set (how the Faultline service fails); TIMEOUT_S the call's deadline.

The policy retries UNAVAILABLE only, up to 5 attempts, with a backoff of at most 10 ms, so a longer
wait between attempts can only be the server's pushback. The scenarios run concurrently, one channel
each; each prints "RETRY <name> <json>" with the call's outcome (code, message, the details from a
strict from_call, how long the call took) and the process exits 0 (the C# tests judge the outcomes).
"""
import argparse
import base64
import json
import sys
import threading
import time

import grpc

sys.dont_write_bytecode = True  # no __pycache__ next to the scripts
import rich_proto  # noqa: E402
import rich_status  # noqa: E402

pb = rich_proto.load()

MAX_ATTEMPTS = 5
SERVICE_CONFIG = json.dumps({
    "methodConfig": [{
        "name": [{"service": rich_proto.SERVICE, "method": "Attempt"}],
        "retryPolicy": {
            "maxAttempts": MAX_ATTEMPTS,
            "initialBackoff": "0.01s",
            "maxBackoff": "0.01s",
            "backoffMultiplier": 1,
            "retryableStatusCodes": ["UNAVAILABLE"],
        },
    }],
})


def run(port, scenario, results):
    name, key, code, fail_attempts, retry_info, delay_ms, path, timeout = scenario.split(":")
    request = pb.rich.AttemptRequest(key=key, fail_attempts=int(fail_attempts), code=int(code), retry_info=retry_info == "1",
                                     retry_delay_ms=int(delay_ms), path=pb.rich.SET_STATUS if path == "set" else pb.rich.THROW)
    options = [("grpc.service_config", SERVICE_CONFIG), ("grpc.enable_retries", 1)]
    result = {"code": 0, "message": "", "details": [], "error": ""}
    started = time.monotonic()
    with grpc.insecure_channel("127.0.0.1:%s" % port, options=options) as channel:
        attempt = channel.unary_unary(rich_proto.method("Attempt"), pb.rich.AttemptRequest.SerializeToString, pb.rich.ErrorReply.FromString)
        try:
            reply = attempt(request, timeout=float(timeout), metadata=[("x-case-id", key), ("x-client", "python")])
            result["message"] = reply.message
        except grpc.RpcError as error:
            result["code"], result["message"] = error.code().value[0], error.details() or ""
            try:
                rich = rich_status.from_call(error, pb.status.Status)
                result["details"] = [[d.type_url, base64.b64encode(d.value).decode("ascii")] for d in (rich.details if rich else [])]
            except ValueError as e:  # a strict reader's complaint is an outcome too
                result["error"] = str(e)
    result["elapsed_ms"] = round((time.monotonic() - started) * 1000)
    results[name] = result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--scenario", action="append", default=[])
    args = parser.parse_args()
    results = {}
    threads = [threading.Thread(target=run, args=(args.port, s, results)) for s in args.scenario]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for name in sorted(results):
        print("RETRY %s %s" % (name, json.dumps(results[name], ensure_ascii=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
