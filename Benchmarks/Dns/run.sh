#!/usr/bin/env bash
# DNS benchmarks, in one run against one local unbound (started with test-env/servers/dns.sh):
#  1. queries per second: dnsperf and Sift's client (dns-load, cache off) alternately, ROUNDS
#     times each, same query file, same number of queries in flight, same duration, both
#     sending EDNS(0) queries; each side's CPU (user+sys) per query is measured too, and the
#     median ratio is printed at the end;
#  2. six concurrent lookups whose answers are each delayed 50 ms by a delaying forwarder.
# Usage: bash Benchmarks/Dns/run.sh [IN_FLIGHT=64] [SECONDS=5] [ROUNDS=3]
#        (extra dns-load options in SIFT_DNS_LOAD_ARGS, e.g. "--sockets 1"; SIFT_DNS_COMPARE_DLL=path
#        to another build's Sift.Benchmarks.dll, e.g. of an older commit, adds it to every round)
# Runs inside a fresh network namespace (only lo) when one can be made.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
inflight=${1:-64}
seconds=${2:-5}
rounds=${3:-3}
if [ "${SIFT_NETNS:-}" != 1 ]; then
  dotnet build "$root/Benchmarks" -c Release -v q -nologo >/dev/null
  if unshare -n true 2>/dev/null; then
    exec unshare -n env SIFT_NETNS=1 bash "$0" "$inflight" "$seconds" "$rounds"
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
timed() { /usr/bin/time -f 'cpu %U %S' -o "$RUN_DIR/cpu" "$@"; }
# cpu_per_query QUERIES: microseconds of user+sys CPU per completed query of the last timed command.
cpu_per_query() { awk -v q="$1" '/^cpu/ { printf "%.1f", ($2 + $3) * 1e6 / (q > 0 ? q : 1) }' "$RUN_DIR/cpu"; }

run_dnsperf() {
  timed dnsperf -e -s "$host" -p "$port" -d "$queries" -q "$inflight" -l "$seconds" -t 2 > "$RUN_DIR/out" 2>&1
  local qps done lost
  qps=$(awk '/Queries per second/ { printf "%.0f", $4 }' "$RUN_DIR/out")
  done=$(awk '/Queries completed/ { print $3 }' "$RUN_DIR/out")
  lost=$(awk '/Queries lost/ { print $3 }' "$RUN_DIR/out")
  echo "$qps $(cpu_per_query "$done") $lost"
}
run_sift() {
  # shellcheck disable=SC2086
  dotnet "${1:-$root/Benchmarks/bin/Release/net10.0/Sift.Benchmarks.dll}" dns-load --server "$SIFT_TEST_DNS" \
    --file "$queries" --concurrency "$inflight" --seconds "$seconds" ${SIFT_DNS_LOAD_ARGS:-} > "$RUN_DIR/out" 2>&1 || true
  local qps cpu failed
  qps=$(sed -n 's/.* \([0-9]*\) qps.*/\1/p' "$RUN_DIR/out")
  # The tool's own figure: CPU of the measured interval (without .NET start-up and JIT) per query.
  cpu=$(sed -n 's/.* \([0-9.]*\) µs cpu\/query.*/\1/p' "$RUN_DIR/out")
  failed=$(sed -n 's/.* answered, \([0-9]*\) failed.*/\1/p' "$RUN_DIR/out")
  [ -n "$qps" ] || { cat "$RUN_DIR/out" >&2; qps=0; cpu=0; failed=?; }
  echo "$qps $cpu $failed"
}

echo "== queries per second: $inflight in flight, $seconds s, $rounds rounds, dnsperf and sift dns-load (cache off) alternately"
printf '%-6s %-8s %10s %12s %6s %10s %12s %6s %7s\n' round load dnsperf 'µs cpu/q' lost sift 'µs cpu/q' failed ratio
ratios=()
for r in $(seq 1 "$rounds"); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  # Alternate which side goes first, so that neither always gets the warmer (or quieter) slot.
  if [ $((r % 2)) = 1 ]; then d=$(run_dnsperf); s=$(run_sift); else s=$(run_sift); d=$(run_dnsperf); fi
  read -r dq dc dl <<< "$d"; read -r sq sc sf <<< "$s"
  ratio=$(awk -v a="$sq" -v b="$dq" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  ratios+=("$ratio")
  printf '%-6s %-8s %10s %12s %6s %10s %12s %6s %6sx\n' "$r" "$load" "$dq" "$dc" "$dl" "$sq" "$sc" "$sf" "$ratio"
  if [ -n "${SIFT_DNS_COMPARE_DLL:-}" ]; then
    read -r cq cc cf <<< "$(run_sift "$SIFT_DNS_COMPARE_DLL")"
    printf '%-6s %-8s %10s %12s %6s %10s %12s %6s %6sx  (compared build)\n' "" "" "" "" "" "$cq" "$cc" "$cf" \
      "$(awk -v a="$cq" -v b="$dq" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
  fi
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }')
echo "median sift/dnsperf: ${median}x"

if [ "${SIFT_DNS_SKIP_DELAY:-}" != 1 ]; then
  echo "== sift dns-delay"
  tool dns-delay --server "$SIFT_TEST_DNS" --delay-ms 50 --lookups 6 --rounds 20
fi
