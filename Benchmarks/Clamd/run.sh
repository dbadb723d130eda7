#!/usr/bin/env bash
# The clamd benchmarks: starts two clamd instances with test-env/servers/clamd.sh (one with
# StreamMaxLength 1M for the throughput run, one with 100M for the 50 MiB stream), runs both load
# tools, stops the daemons by PID. Usage: bash Benchmarks/Clamd/run.sh [MESSAGES]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
messages=${1:-300}
work=$(mktemp -d /tmp/sift-clamd-bench.XXXXXX)
export RUN_DIR=$work/small
big_run=$work/big
mkdir -p "$RUN_DIR" "$big_run"
: > "$RUN_DIR/pids"; : > "$RUN_DIR/env"; : > "$big_run/pids"; : > "$big_run/env"
stop() {
  local pid
  for f in "$RUN_DIR/pids" "$big_run/pids"; do
    while read -r pid; do [ -n "$pid" ] && kill -TERM -- "-$pid" 2>/dev/null; done < "$f"
  done
  rm -rf "$work"
}
trap stop EXIT
bash "$root/test-env/servers/clamd.sh" "$RUN_DIR" 1M
RUN_DIR=$big_run bash "$root/test-env/servers/clamd.sh" "$big_run" 100M
source "$RUN_DIR/env"
small_unix=$SIFT_TEST_CLAMD_UNIX small_tcp=$SIFT_TEST_CLAMD_TCP small_conf=$SIFT_TEST_CLAMD_CONF custom=$SIFT_TEST_CLAMD_CUSTOM
source "$big_run/env"
dotnet build "$root/Benchmarks/Benchmarks.csproj" -c Release -v q -nologo >/dev/null
bench="$root/Benchmarks/bin/Release/net10.0/Sift.Benchmarks"
"$bench" clamd-throughput --address "unix:$small_unix" --tcp "$small_tcp" --conf "$small_conf" \
  --custom "$custom" --messages "$messages" --dir "$work/messages"
# A first 50 MiB stream warms clamd up (its first large scan is slower); its figure is not reported.
"$bench" clamd-bigstream --address "unix:$SIFT_TEST_CLAMD_UNIX" --file "$work/big.eml" --mib 50 >/dev/null
"$bench" clamd-bigstream --address "unix:$SIFT_TEST_CLAMD_UNIX" --file "$work/big.eml" --mib 50
"$bench" clamd-bigstream --address "$SIFT_TEST_CLAMD_TCP" --file "$work/big.eml" --mib 50
