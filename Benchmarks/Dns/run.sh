#!/usr/bin/env bash
# DNS benchmarks, in one run against one local unbound (started with test-env/servers/dns.sh):
#  1. queries per second: dnsperf, then Sift's client (dns-load, cache off), same query file,
#     same number of queries in flight, same duration;
#  2. six concurrent lookups whose answers are each delayed 50 ms by a delaying forwarder.
# Usage: bash Benchmarks/Dns/run.sh [IN_FLIGHT=64] [SECONDS=5]
# Runs inside a fresh network namespace (only lo) when one can be made.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
inflight=${1:-64}
seconds=${2:-5}
if [ "${SIFT_NETNS:-}" != 1 ]; then
  dotnet build "$root/Benchmarks" -c Release -v q -nologo >/dev/null
  if unshare -n true 2>/dev/null; then
    exec unshare -n env SIFT_NETNS=1 bash "$0" "$inflight" "$seconds"
  fi
fi
[ "${SIFT_NETNS:-}" = 1 ] && ip link set lo up

export RUN_DIR=$(mktemp -d /tmp/sift-dnsbench.XXXXXX)
: > "$RUN_DIR/pids"; : > "$RUN_DIR/env"
stop() {
  while read -r pid; do [ -n "$pid" ] && kill -TERM -- "-$pid" 2>/dev/null || true; done < "$RUN_DIR/pids"
  rm -rf "$RUN_DIR"
}
trap stop EXIT
THREADS=1 bash "$root/test-env/servers/dns.sh" "$RUN_DIR"
source "$RUN_DIR/env"
host=${SIFT_TEST_DNS%:*}; port=${SIFT_TEST_DNS##*:}

# 20,000 distinct names: half answer an A record (load.dns.test redirect), half NXDOMAIN.
queries="$RUN_DIR/queries.txt"
for i in $(seq 1 10000); do echo "h$i.load.dns.test A"; echo "n$i.bl.dns.test A"; done > "$queries"

tool() { dotnet "$root/Benchmarks/bin/Release/net10.0/Sift.Benchmarks.dll" "$@"; }

echo "== dnsperf: $inflight in flight, $seconds s"
dnsperf -s "$host" -p "$port" -d "$queries" -q "$inflight" -l "$seconds" -t 2 2>&1 \
  | grep -E 'Queries (sent|completed|lost)|Queries per second|Average Latency'
echo "== sift dns-load: $inflight in flight, $seconds s, cache off"
tool dns-load --server "$SIFT_TEST_DNS" --file "$queries" --concurrency "$inflight" --seconds "$seconds"
echo "== sift dns-load, same, with DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 (socket completions on the epoll thread)"
DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 tool dns-load --server "$SIFT_TEST_DNS" --file "$queries" --concurrency "$inflight" --seconds "$seconds"
echo "== sift dns-delay"
tool dns-delay --server "$SIFT_TEST_DNS" --delay-ms 50 --lookups 6 --rounds 20
