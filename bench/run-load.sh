#!/usr/bin/env bash
# The load test of docs/performance.md: bare grpc-dotnet, grpc-dotnet with AddFaultline() and a
# hand-written Kestrel handler, each pinned to CPU 0, loaded by h2load pinned to CPU 1.
# Installs h2load (Debian's nghttp2-client) if missing. Options go to the load test, e.g.
#   bench/run-load.sh --rounds 5 --duration 10 --out /tmp/load.md
# Defaults take about 8 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v h2load >/dev/null 2>&1; then
  echo "== Installing h2load (nghttp2-client)"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nghttp2-client >/dev/null
fi

if [ "$(nproc --all)" -lt 2 ]; then
  echo "The load test needs two cores: one for the server, one for h2load." >&2
  exit 2
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "== Building bench/Faultline.LoadTest"
dotnet build bench/Faultline.LoadTest/Faultline.LoadTest.csproj -c Release -nologo -clp:ErrorsOnly

# The driver mostly waits; it shares h2load's core so that the server's core is the server's alone.
exec taskset -c 1 bench/Faultline.LoadTest/bin/Release/net10.0/Faultline.LoadTest "$@"
