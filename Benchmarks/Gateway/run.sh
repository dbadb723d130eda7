#!/usr/bin/env bash
# The milter gateway benchmark through real Postfix, in one run: three private Postfix
# instances relaying to smtp-sink — no milter, Sift's milter (`sift serve`), rspamd's proxy
# in milter mode — each fed by smtp-source (messages per second) and by the smtp-latency
# load tool (p50/p99 per message) at each session count. Both milters run one DNSBL
# lookup per connection against the same unbound. Everything on loopback; every process
# started here is stopped by PID on exit.
# Usage: bash Benchmarks/Gateway/run.sh [SESSIONS...]   (default: 1 50 100 500)
# Needs a Release build: dotnet build engine.sln -c Release
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
sessions=${*:-1 50 100 500}
export RUN_DIR=$(mktemp -d /tmp/sift-gwbench.XXXXXX)
chmod 755 "$RUN_DIR"
: > "$RUN_DIR/pids"; : > "$RUN_DIR/env"
stop_all() {
  local pid
  while read -r pid; do [ -n "$pid" ] && { kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null; }; done < "$RUN_DIR/pids"
  sleep 0.5
  while read -r pid; do [ -n "$pid" ] && { kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null; }; done < "$RUN_DIR/pids"
  [ "${SIFT_KEEP_RUN_DIR:-}" = 1 ] || rm -rf "$RUN_DIR"
}
trap stop_all EXIT
source "$root/test-env/lib.sh"

bash "$root/test-env/servers/dns.sh" "$RUN_DIR" || exit 1
source "$RUN_DIR/env"
sift_port=$(free_port); rspamd_port=$(free_port)
for cfg in none sift rspamd; do
  case $cfg in
    none) milter=none ;;
    sift) milter="inet:127.0.0.1:$sift_port" ;;
    rspamd) milter="inet:127.0.0.1:$rspamd_port" ;;
  esac
  SIFT_POSTFIX_NAME="pf-$cfg" SIFT_POSTFIX_MILTER="$milter" SIFT_POSTFIX_PROCS=600 SIFT_POSTFIX_SINK_DUMP=0 \
    SIFT_POSTFIX_ENV="BENCH_${cfg^^}" bash "$root/test-env/servers/postfix.sh" "$RUN_DIR" || exit 1
done
bash "$here/rspamd-milter.sh" "$RUN_DIR" "$SIFT_TEST_DNS" "$rspamd_port" 2 || exit 1
SIFT_BENCH_MILTER_PORT=$sift_port SIFT_BENCH_DNS=$SIFT_TEST_DNS \
  start_bg "$RUN_DIR/sift.log" "$root/Host/bin/Release/net10.0/sift" serve --config "$here/sift-bench.conf"
wait_tcp 127.0.0.1 "$sift_port" 30 || { fail_with_log sift "$RUN_DIR/sift.log"; exit 1; }
source "$RUN_DIR/env"
latency=(dotnet "$root/Benchmarks/bin/Release/net10.0/Sift.Benchmarks.dll" load smtp-latency)

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %-7s %12s %12s %10s %10s %s\n' sessions milter "source msg/s" "tool msg/s" "p50 ms" "p99 ms" "not accepted"
for s in $sessions; do
  case $s in 1) m=100 ;; 50|100) m=1000 ;; *) m=2000 ;; esac
  for cfg in none sift rspamd; do
    var="BENCH_${cfg^^}_SMTP"; smtp=${!var}
    /usr/sbin/smtp-source -s "$s" -m "$s" -l 2000 -f load@example.org -t sink@example.net -M load.example "$smtp" >/dev/null 2>&1
    t0=$(date +%s.%N)
    /usr/sbin/smtp-source -s "$s" -m "$m" -l 2000 -f load@example.org -t sink@example.net -M load.example "$smtp" >/dev/null 2>&1
    t1=$(date +%s.%N)
    rate=$(echo "$m / ($t1 - $t0)" | bc -l)
    line=$("${latency[@]}" "${smtp}" "$s" "$m" 2000)
    tool=$(sed -n 's/.*per-second=\([0-9.]*\).*/\1/p' <<<"$line")
    p50=$(sed -n 's/.*p50=\([0-9.]*\)ms.*/\1/p' <<<"$line")
    p99=$(sed -n 's/.*p99=\([0-9.]*\)ms.*/\1/p' <<<"$line")
    bad=$(sed -n 's/.*not-accepted=\([0-9]*\).*/\1/p' <<<"$line")
    printf '%-8s %-7s %12.0f %12s %10s %10s %s\n' "$s" "$cfg" "$rate" "$tool" "$p50" "$p99" "$bad"
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for cfg in none sift rspamd; do
  log="$RUN_DIR/pf-$cfg/maillog"
  echo "milter rejects ($cfg): $(grep -c milter-reject "$log") $(grep -m1 milter-reject "$log" | cut -c1-200)"
done
