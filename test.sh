#!/usr/bin/env bash
# Runs every Faultline test: unit, functional (real Kestrel on loopback), code generation and
# cross-language interop with Debian's python3-grpcio. Installs the Python peer first if missing.
set -euo pipefail
cd "$(dirname "$0")"

need_peer=0
/usr/bin/python3 -c 'import grpc, google.protobuf' 2>/dev/null || need_peer=1
command -v protoc >/dev/null 2>&1 || need_peer=1
if [ "$need_peer" = 1 ]; then
  echo "== Installing the Python gRPC peer (python3-grpcio, python3-protobuf, protobuf-compiler)"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-grpcio python3-protobuf protobuf-compiler >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "== Building"
dotnet build Faultline.slnx -c Release -nologo -clp:ErrorsOnly

echo "== Testing"
log=$(mktemp)
set +e
dotnet test Faultline.slnx -c Release --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line over all test assemblies, e.g. "Tests: 120 passed, 0 failed, 0 skipped".
awk '
  /(Passed|Failed)!  *- *Failed: / {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:")  { f += $(i+1) }
      if ($i == "Passed:")  { p += $(i+1) }
      if ($i == "Skipped:") { s += $(i+1) }
    }
    n++
  }
  END { gsub(",", "", p); printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s; if (n == 0) exit 1 }
' "$log" | sed 's/,,/,/g' || { echo "No test results found"; status=1; }
rm -f "$log"
exit "$status"
