#!/usr/bin/env bash
# Runs every Faultline test: unit, functional (real Kestrel on loopback), code generation and
# cross-language interop with Debian's python3-grpcio and grpc-go. Installs the peers first if missing.
set -euo pipefail
cd "$(dirname "$0")"

# The cross-language peers: Debian's grpcio (Python) and grpc-go with genproto (Go, built offline by
# tests/Faultline.RichInteropTests from /usr/share/gocode).
packages=()
/usr/bin/python3 -c 'import grpc, google.protobuf' 2>/dev/null || packages+=(python3-grpcio python3-protobuf)
command -v protoc >/dev/null 2>&1 || packages+=(protobuf-compiler)
[ -x /usr/bin/go ] || packages+=(golang-go)
[ -d /usr/share/gocode/src/google.golang.org/grpc/status ] || packages+=(golang-google-grpc-dev)
[ -d /usr/share/gocode/src/google.golang.org/genproto/googleapis/rpc/errdetails ] || packages+=(golang-google-genproto-dev)
if [ "${#packages[@]}" -gt 0 ]; then
  echo "== Installing the gRPC peers (${packages[*]})"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${packages[@]}" >/dev/null
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
