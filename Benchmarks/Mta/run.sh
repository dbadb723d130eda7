#!/usr/bin/env bash
# The milter benchmark through real Postfix (issue 7), all on loopback:
#   unbound (test-env/servers/dns.sh, DNSBL zone bl.dns.test from test-env/zones/dns.conf: it lists
#   127.0.0.2, not the sender's 127.0.0.1, so the load passes), smtp-sink, one private Postfix relaying
#   everything to it (test-env/servers/postfix.sh: the same configuration as the Postfix tests); then for each configuration (smtpd_milters changed with postconf + reload):
#     none    no milter (the ceiling)
#     rspamd  rspamd 3.4's proxy worker in milter mode, self_scan, one rbl rule on bl.dns.test
#     standin the Sift milter library with an accept-all handler (Benchmarks milter-accept-all): no checks
#     sift    `sift serve` with a generated HOCON config: one dnsbl check on bl.dns.test
#     baseline  the same `sift serve` config run from another build (BASELINE_DLL), for before/after in one run
#     noop    a libmilter (C) milter that does nothing (Benchmarks/Mta/noop-milter.c, built here; needs gcc and
#             libmilter-dev): end of message only, accept — the floor under any milter
#   a preflight message from 127.0.0.2 (listed: rspamd and sift must reject it), a warm-up (WARMUP messages
#   at 50 sessions), then mta-load (Benchmarks/Mta/SmtpLoad.cs) at each session count — with the CPU time
#   per message of the milter's processes, of Postfix's (master and every child, reaped ones included)
#   and of the whole machine (/proc/PID/stat utime+stime+cutime+cstime, /proc/stat) — then smtp-source (Postfix's own
#   load generator, the issue's tool) at each of SOURCE_SESSIONS (default 1 and 100) as a cross-check of the throughput, then (standin, sift) milter-idle-external holding IDLE sessions on the
#   milter process and reading its RSS. Prints a Markdown table and writes it to OUT.
# Usage: bash Benchmarks/Mta/run.sh [OUT.md]      (default OUT: $RUN_DIR/results.md)
# Knobs: CONFIGS="none rspamd standin sift" (sift only when SIFT_DLL has a serve command; NAME:N runs a
#   configuration again as round N, e.g. "baseline:1 sift:1 baseline:2 sift:2" to interleave on a noisy machine),
#   SESSIONS="1 50 100 500", SOURCE_SESSIONS="1 100" (smtp-source rows; "" for none), LOG_LEVEL=warning|info
#   (both milters' log level), MSGS_ONE=1000, MSGS_MANY=6000 (shorter rows measure ramp-up and tail more than the
#   steady rate: see docs/benchmarks.md), SIZE=2000 (body bytes), IDLE=10000 (0: skip),
#   SIFT_DLL=Host/bin/Release/net10.0/sift.dll, SIFT_MILTER_CMD="argv with {config} and {port}"
#   (overrides the sift command), SIFT_DNSBL=0 (sift without its check), BASELINE_DLL=/path/to/other/sift.dll
#   and BASELINE_LABEL=text (the baseline configuration), WARMUP=1000 (messages at 50 sessions before
#   measuring; 0: none), MILTER_ENV="VAR=value ..." (environment of the milter process: sift, baseline,
#   standin, rspamd), STANDIN_ENV (default: sift's own runtime settings, see docs/operations.md),
#   LOAD_ENV="VAR=value ..." (environment of the load client), TMPDIR (where the run folder goes; default /tmp),
#   STANDIN_ARGS="--every-stage [--no-reply]" (what the stand-in asks Postfix to send), RSPAMD_PROXIES=2 (proxy worker processes), KEEP=1 (keep RUN_DIR).
# Everything it starts is stopped by PID (process group) on exit. Needs root (Postfix, rspamd users).
# Runs inside a fresh network namespace (only lo) when one can be made.
# The body is one { ... } block, read whole before it runs: editing this file mid-run is harmless.
{
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
if [ "${SIFT_NETNS:-}" != 1 ] && unshare -n true 2>/dev/null; then
  exec unshare -n env SIFT_NETNS=1 bash "$0" "$@"
fi
if [ "${SIFT_NETNS:-}" = 1 ]; then
  ip link set lo up
  # Thousands of connections leave their source ports in TIME_WAIT: in this namespace they come from
  # 40001 and up, the servers' ports from below (a milter restarted mid-run could not bind otherwise).
  sysctl -q -w net.ipv4.ip_local_port_range="40001 65000" && export SIFT_PORT_LOW=20000 SIFT_PORT_HIGH=40000
fi
RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sift-mta.XXXXXX")
chmod 755 "$RUN_DIR"
: > "$RUN_DIR/pids"; : > "$RUN_DIR/env"
source "$repo/test-env/lib.sh"
OUT=${1:-$RUN_DIR/results.md}
SESSIONS=${SESSIONS:-1 50 100 500}
MSGS_ONE=${MSGS_ONE:-1000}
SOURCE_SESSIONS=${SOURCE_SESSIONS-1 100}
# Both milters log at the same level: warning (nothing per message) by default; LOG_LEVEL=info gives
# rspamd level info and Sift level information (its verdict line per message) — the cost of logging.
LOG_LEVEL=${LOG_LEVEL:-warning}
MSGS_MANY=${MSGS_MANY:-6000}
SIZE=${SIZE:-2000}
IDLE=${IDLE:-10000}
WARMUP=${WARMUP:-1000}
MILTER_ENV=${MILTER_ENV:-}
# The stand-in gets the runtime settings `sift` sets for itself (docs/operations.md, Runtime settings).
STANDIN_ENV=${STANDIN_ENV:-DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1}
LOAD_ENV=${LOAD_ENV:-}
BASELINE_DLL=${BASELINE_DLL:-}
RSPAMD_PROXIES=${RSPAMD_PROXIES:-2}
SIFT_DLL=${SIFT_DLL:-$repo/Host/bin/Release/net10.0/sift.dll}
bench_dll=$repo/Benchmarks/bin/Release/net10.0/Sift.Benchmarks.dll
pf="$RUN_DIR/postfix"

stop_all() {
  [ -f "$pf/etc/main.cf" ] && timeout 20 /usr/sbin/postfix -c "$pf/etc" stop >/dev/null 2>&1 || true
  local pid
  for pid in $(tac "$RUN_DIR/pids" 2>/dev/null); do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done
  for ((i = 0; i < 50; i++)); do
    local alive=0
    for pid in $(cat "$RUN_DIR/pids" 2>/dev/null); do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in $(cat "$RUN_DIR/pids" 2>/dev/null); do kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; done
  if [ "${KEEP:-0}" = 1 ]; then echo "run folder kept: $RUN_DIR" >&2; else rm -rf "$RUN_DIR"; fi
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# stop_one PID: stops one server started with start_bg (its process group), bounded.
stop_one() {
  kill -TERM -- "-$1" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$1" 2>/dev/null || true
}

[ -f "$bench_dll" ] || { echo "build first: dotnet build engine.sln -c Release" >&2; exit 1; }
if [ -z "${CONFIGS:-}" ]; then
  CONFIGS="none rspamd standin"
  if [ -n "${SIFT_MILTER_CMD:-}" ] || { [ -f "$SIFT_DLL" ] && timeout 60 dotnet "$SIFT_DLL" serve --help >/dev/null 2>&1; }; then
    CONFIGS="$CONFIGS sift"
  fi
fi

# --- DNS -------------------------------------------------------------------------------------
bash "$repo/test-env/servers/dns.sh" "$RUN_DIR"
source "$RUN_DIR/env"
dns=$SIFT_TEST_DNS; dns_port=${dns##*:}
zone=bl.dns.test

# --- smtp-sink and Postfix -------------------------------------------------------------------
# test-env's Postfix (the same main.cf as the Postfix tests), without a milter at first, smtp-sink
# keeping nothing, delivery 100 at a time, a process limit above the largest session count.
procs=$(( $(echo "$SESSIONS" | tr ' ' '\n' | sort -n | tail -1) + 100 ))
SIFT_POSTFIX_MILTER=none SIFT_POSTFIX_PROCS=$procs SIFT_POSTFIX_DELIVERY=100 SIFT_POSTFIX_SINK_DUMP=0 \
  SIFT_POSTFIX_ENV=MTA_POSTFIX bash "$repo/test-env/servers/postfix.sh" "$RUN_DIR"
source "$RUN_DIR/env"
smtp_port=${MTA_POSTFIX_SMTP##*:}; milter_port=$MTA_POSTFIX_MILTER_PORT

# reload_postfix: `postfix reload`, then wait (at most 10 s) for the smtpd processes started before it
# to exit. Used when the milter changes (an smtpd started before keeps the old milter until it exits)
# and before every row, so that no row begins with the idle smtpd processes of the one before (after
# the 500-session row, hundreds). It did not remove the swing of the 1-session rows between rounds
# (161–280 msg/s for one build in one run; docs/benchmarks.md), whose cause is not known.
reload_postfix() {
  local old; old=$(pgrep -x smtpd -P "$(tr -d ' ' < "$pf/queue/pid/master.pid" 2>/dev/null || echo 1)" || true)
  /usr/sbin/postfix -c "$pf/etc" reload >/dev/null 2>&1
  local p i alive
  for i in $(seq 1 50); do
    alive=0; for p in $old; do kill -0 "$p" 2>/dev/null && { alive=1; break; }; done
    [ "$alive" = 0 ] && break
    sleep 0.2
  done
}
set_milter() {
  /usr/sbin/postconf -c "$pf/etc" -e "smtpd_milters = $1"
  reload_postfix
}

# --- the milters -----------------------------------------------------------------------------
MILTER_PID=
start_rspamd() {
  local d="$RUN_DIR/rspamd" cache=${SIFT_RSPAMD_CACHE:-/var/tmp/sift-rspamd-dbdir}
  mkdir -p "$d/conf/local.d" "$d/conf/override.d" "$d/db" "$d/run" "$d/log"
  cat > "$d/conf/rspamd.conf" <<CONF
.include "\$CONFDIR/common.conf"
options {
    pidfile = "\$RUNDIR/rspamd.pid";
    .include "\$CONFDIR/options.inc"
    .include(try=true; priority=1,duplicate=merge) "\$LOCAL_CONFDIR/local.d/options.inc"
}
logging { type = "file"; filename = "\$LOGDIR/rspamd.log"; level = "$( [ "$LOG_LEVEL" = info ] && echo info || echo warning )"; }
worker "rspamd_proxy" {
    bind_socket = "127.0.0.1:$milter_port";
    milter = yes;
    timeout = 120s;
    upstream "local" { default = yes; self_scan = yes; }
    count = $RSPAMD_PROXIES;
    max_retries = 5;
    discard_on_reject = false;
    quarantine_on_reject = false;
    reject_message = "Spam message rejected";
}
CONF
  cat > "$d/conf/local.d/options.inc" <<CONF
dns { nameserver = ["$dns"]; timeout = 1s; retransmits = 2; }
local_addrs = [];
control_socket = "\$RUNDIR/rspamd.sock mode=0600";
CONF
  # The one DNS check, as Sift's: the connecting IP against bl.dns.test, local addresses included.
  cat > "$d/conf/override.d/rbl.conf" <<CONF
rbls {
  sift_bl {
    symbol = "SIFT_BL";
    rbl = "$zone";
    ipv4 = true; ipv6 = false;
    from = true; received = false;
    exclude_local = false;
    exclude_private_ips = false;
  }
}
CONF
  echo 'symbols { "SIFT_BL" { weight = 20.0; description = "Listed in the benchmark DNSBL"; } }' > "$d/conf/local.d/rbl_group.conf"
  # Every other module that asks DNS (or fuzzy storage) off: the check sets are equivalent.
  for m in fuzzy_check surbl spf dkim dmarc asn emails phishing mx_check hfilter dkim_signing arc; do
    echo 'enabled = false;' > "$d/conf/local.d/$m.conf"
  done
  if [ -d "$cache" ] && [ -r "$cache" ]; then cp -a "$cache/." "$d/db/" 2>/dev/null || true; fi
  chown -R _rspamd:_rspamd "$d"
  start_bg "$d/log/stdout.log" env $MILTER_ENV /usr/bin/rspamd -f -u _rspamd -g _rspamd -c "$d/conf/rspamd.conf" \
    --var="LOCAL_CONFDIR=$d/conf" --var="DBDIR=$d/db" --var="RUNDIR=$d/run" --var="LOGDIR=$d/log"
  MILTER_PID=$BG_PID
  wait_tcp 127.0.0.1 "$milter_port" 120 || { cat "$d/log/rspamd.log" >> "$d/log/stdout.log" 2>/dev/null; fail_with_log rspamd "$d/log/stdout.log"; exit 1; }
}

start_milter_process() { # NAME ARGV... (any milter run from argv: dotnet, or the no-op C one)
  local name=$1; shift
  start_bg "$RUN_DIR/$name.log" env $MILTER_ENV "$@"
  MILTER_PID=$BG_PID
  wait_tcp 127.0.0.1 "$milter_port" 60 || { fail_with_log "$name" "$RUN_DIR/$name.log"; exit 1; }
}

start_noop() { # builds Benchmarks/Mta/noop-milter.c (gcc, libmilter-dev) into the run folder and starts it
  local bin="$RUN_DIR/noop-milter"
  [ -f /usr/include/libmilter/mfapi.h ] || { echo "noop: libmilter-dev is not installed (apt-get install libmilter-dev)" >&2; exit 2; }
  [ -x "$bin" ] || gcc -O2 -o "$bin" "$repo/Benchmarks/Mta/noop-milter.c" -lmilter -lpthread || { echo "noop: gcc failed" >&2; exit 2; }
  start_milter_process noop "$bin" "inet:$milter_port@127.0.0.1"
}

start_sift() { # NAME [DLL] (default SIFT_DLL)
  local name=$1 dll=${2:-$SIFT_DLL} conf="$RUN_DIR/sift.conf"
  cat > "$conf" <<CONF
# Generated by Benchmarks/Mta/run.sh: Sift's gateway with one DNSBL check, as rspamd's rbl rule.
sift {
  milter {
    listen = "inet:$milter_port@127.0.0.1"
    max-connections = $(( IDLE + 1000 ))
  }
  dns { nameservers = ["$dns"] }
  checks {
$( [ "${SIFT_DNSBL:-1}" = 1 ] && echo "    sift_bl { kind = dnsbl, zone = \"$zone\", weight = 10, stage = connect }" )
  }
  scoring { reject-at = 8.0, tempfail-at = 100.0 }
  logging { level = $( [ "$LOG_LEVEL" = info ] && echo information || echo warning ) }
}
CONF
  local cmd=${SIFT_MILTER_CMD:-"dotnet {dll} serve --config {config}"} c='{config}' p='{port}' l='{dll}'
  [ -n "${2:-}" ] && cmd="dotnet {dll} serve --config {config}"
  cmd=${cmd//"$c"/$conf}; cmd=${cmd//"$p"/$milter_port}; cmd=${cmd//"$l"/$dll}
  local argv; read -ra argv <<< "$cmd"
  start_milter_process "$name" "${argv[@]}"
}

label() {
  local round=""; [[ "$1" == *:* ]] && round=" (round ${1#*:})"
  echo "$(label_of "${1%%:*}")$round"
}
label_of() {
  case $1 in
    none) echo "no milter (Postfix alone)";;
    rspamd) echo "rspamd 3.4 proxy, milter mode, rbl";;
    standin) echo "Sift milter library, no checks${STANDIN_ARGS:+ ($STANDIN_ARGS)}";;
    noop) echo "libmilter (C) milter that does nothing";;
    sift) if [ "${SIFT_DNSBL:-1}" = 1 ]; then echo "Sift gateway (sift serve), dnsbl"; else echo "Sift gateway (sift serve), no checks"; fi;;
    baseline) echo "Sift baseline${BASELINE_LABEL:+ ($BASELINE_LABEL)}, $( [ "${SIFT_DNSBL:-1}" = 1 ] && echo dnsbl || echo no checks)";;
  esac
}

load() { # SESSIONS MESSAGES [extra args]: prints the RESULT line's fields
  local s=$1 m=$2; shift 2
  timeout 400 env $LOAD_ENV dotnet "$bench_dll" mta-load --smtp "127.0.0.1:$smtp_port" --sessions "$s" --messages "$m" \
    --size "$SIZE" --deadline 300 --maillog "$pf/maillog" "$@" | tee -a "$RUN_DIR/load.log" | sed -n 's/^RESULT //p'
}
messages_for() { if [ "$1" = 1 ]; then echo "$MSGS_ONE"; else echo "$MSGS_MANY"; fi; } # SESSIONS: messages of a row
field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<< "$2"; }

declare -A RATE P50 P99 DELIV FAIL SRC IDLE_RSS PRE CPU_M CPU_P CPU_W
load_avg() { cut -d' ' -f1-3 /proc/loadavg; }

# CPU time, in clock ticks. tree_ticks ROOT: utime+stime+cutime+cstime of ROOT and of every live
# descendant; a child that exits between two readings is counted through its parent's cutime/cstime
# once reaped, so the difference of two readings is the tree's CPU in between (Postfix's smtpd and
# cleanup processes come and go). machine_ticks: every busy jiffy of /proc/stat (not idle/iowait).
clk_tck=$(getconf CLK_TCK)
tree_ticks() {
  [ -n "${1:-}" ] || { echo 0; return; }
  # A process that exits between the glob and the read makes cat fail: not an error here.
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v root="$1" '
    { i = length($0); while (i > 0 && substr($0, i, 1) != ")") i--
      n = split(substr($0, i + 2), f, " ")
      if (n < 15) next
      parent[$1] = f[2]; ticks[$1] = f[12] + f[13] + f[14] + f[15] }
    END { total = 0
      for (p in ticks) { q = p; for (d = 0; d < 64 && q != "" && q != root && q > 1; d++) q = parent[q]
        if (q == root) total += ticks[p] }
      print total }'
}
# ctx_switches PID: voluntary + involuntary context switches of PID's live threads (a cost per message
# that the machine's load does not change much: each thread-pool hand-off is one wake-up).
ctx_switches() {
  [ -n "${1:-}" ] || { echo 0; return; }
  { cat /proc/"$1"/task/*/status 2>/dev/null || true; } | awk '/^(non)?voluntary_ctxt_switches/ { n += $2 } END { print n + 0 }'
}
machine_ticks() { awk '/^cpu /{ print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
per_msg_ms() { # TICKS MESSAGES
  if [ "${2:-0}" -gt 0 ]; then printf '%.2f' "$(echo "$1 * 1000 / $clk_tck / $2" | bc -l)"; else echo n/a; fi
}
postfix_master=$(tr -d ' ' < "$pf/queue/pid/master.pid" 2>/dev/null || true)
# drain_queue: waits (at most 120 s) until Postfix's queue is empty, so that no row starts while
# Postfix still delivers an earlier row's messages (smtp-source does not wait for delivery, and a
# row's delivery count would take in earlier messages' deliveries).
queue_files() { find "$pf/queue/incoming" "$pf/queue/active" "$pf/queue/deferred" "$pf/queue/maildrop" -type f 2>/dev/null | wc -l; }
drain_queue() {
  local i
  for i in $(seq 1 600); do [ "$(queue_files)" -eq 0 ] && return 0; sleep 0.2; done
  echo "drain: $(queue_files) messages still queued after 120 s" | tee -a "$RUN_DIR/load.log"
}
echo "mta bench: $(nproc) cores, load average $(load_avg), configs: $CONFIGS, sessions: $SESSIONS" | tee "$RUN_DIR/load.log"

for cfg in $CONFIGS; do
  MILTER_PID=
  case ${cfg%%:*} in
    none) set_milter "";;
    rspamd) start_rspamd; set_milter "inet:127.0.0.1:$milter_port";;
    standin) MILTER_ENV="$STANDIN_ENV $MILTER_ENV" start_milter_process standin dotnet "$bench_dll" milter-accept-all \
               --listen "inet:$milter_port@127.0.0.1" --max-connections $(( IDLE + 1000 )) --minutes 30 ${STANDIN_ARGS:-}
             set_milter "inet:127.0.0.1:$milter_port";;
    sift) start_sift sift; set_milter "inet:127.0.0.1:$milter_port";;
    noop) start_noop; set_milter "inet:127.0.0.1:$milter_port";;
    baseline) [ -f "$BASELINE_DLL" ] || { echo "baseline: BASELINE_DLL=$BASELINE_DLL is not a file" >&2; exit 2; }
              start_sift baseline "$BASELINE_DLL"; set_milter "inet:127.0.0.1:$milter_port";;
    *) echo "unknown configuration $cfg" >&2; exit 2;;
  esac
  echo "== $(label "$cfg")" | tee -a "$RUN_DIR/load.log"
  # Preflight: one message from the listed 127.0.0.2 (rejected when the DNSBL check runs), then warm-up.
  pre=$(load 1 1 --source 127.0.0.2 || true)
  PRE[$cfg]=$(field failures "$pre"); [ "${PRE[$cfg]}" = none ] && PRE[$cfg]="accepted"
  # Warm-up: JIT, pools, Postfix's process pool, rspamd's maps, at a realistic concurrency.
  drain_queue
  if [ "$WARMUP" -gt 0 ]; then load 50 "$WARMUP" >/dev/null || true; else load 1 20 >/dev/null || true; fi
  for s in $SESSIONS; do
    m=$(messages_for "$s")
    drain_queue; reload_postfix
    m0=$(tree_ticks "$MILTER_PID"); p0=$(tree_ticks "$postfix_master"); w0=$(machine_ticks); x0=$(ctx_switches "$MILTER_PID")
    r=$(load "$s" "$m" || true)
    m1=$(tree_ticks "$MILTER_PID"); p1=$(tree_ticks "$postfix_master"); w1=$(machine_ticks); x1=$(ctx_switches "$MILTER_PID")
    n=$(field accepted "$r"); n=${n:-0}
    [ "$n" -gt 0 ] && [ -n "$MILTER_PID" ] && echo "cpu: $cfg $s sessions: milter $(per_msg_ms $((m1 - m0)) "$n") ms/msg, $(echo "($x1 - $x0) / $n" | bc -l | xargs printf '%.1f') context switches/msg (milter main process threads)" | tee -a "$RUN_DIR/load.log"
    CPU_M[$cfg,$s]=$( [ -n "$MILTER_PID" ] && per_msg_ms $((m1 - m0)) "$n" || echo "–" )
    CPU_P[$cfg,$s]=$(per_msg_ms $((p1 - p0)) "$n"); CPU_W[$cfg,$s]=$(per_msg_ms $((w1 - w0)) "$n")
    RATE[$cfg,$s]=$(field per_second "$r"); DELIV[$cfg,$s]=$(field delivered_per_second "$r")
    P50[$cfg,$s]=$(field p50_ms "$r"); P99[$cfg,$s]=$(field p99_ms "$r"); FAIL[$cfg,$s]=$(field failures "$r")
  done
  # Cross-check with Postfix's own load generator: wall time of MSGS_ONE (1 session) or MSGS_MANY messages.
  for s in $SOURCE_SESSIONS; do
    m=$(messages_for "$s")
    drain_queue; reload_postfix
    t0=$(date +%s.%N)
    if timeout 300 /usr/sbin/smtp-source -s "$s" -m "$m" -l "$SIZE" -f sender@client.sift.test \
         -t rcpt@dest.sift.test -M client.sift.test "127.0.0.1:$smtp_port" >>"$RUN_DIR/load.log" 2>&1; then
      SRC[$cfg,$s]=$(echo "$m / ($(date +%s.%N) - $t0)" | bc -l | xargs printf '%.1f')
    else
      SRC[$cfg,$s]="failed"
    fi
    echo "smtp-source -s $s -m $m: ${SRC[$cfg,$s]} msg/s" | tee -a "$RUN_DIR/load.log"
  done
  if [ "$IDLE" -gt 0 ] && [ -n "$MILTER_PID" ] && [ "${cfg%%:*}" != rspamd ] && [ "${cfg%%:*}" != baseline ] && [ "${cfg%%:*}" != noop ]; then
    set_milter ""   # Postfix lets go of its milter connections first
    idle=$(timeout 120 dotnet "$bench_dll" milter-idle-external --count "$IDLE" --target "127.0.0.1:$milter_port" --pid "$MILTER_PID" \
      | tee -a "$RUN_DIR/load.log" | sed -n 's/^RESULT //p' || true)
    IDLE_RSS[$cfg]="$(field rss_idle_kib "$idle") → $(field rss_sessions_kib "$idle") KiB"
  fi
  [ -n "$MILTER_PID" ] && stop_one "$MILTER_PID"
done

# --- the table -------------------------------------------------------------------------------
ratio() { # A B: A/B with two decimals, or n/a
  if [[ "$1" =~ ^[0-9.]+$ && "$2" =~ ^[0-9.]+$ ]] && [ "$(echo "$2 > 0" | bc -l)" = 1 ]; then
    printf '%.2f×' "$(echo "$1 / $2" | bc -l)"; else echo "n/a"; fi
}
{
  echo "Postfix $(/usr/sbin/postconf -d -h mail_version), $(nproc) cores, load average at the end $(load_avg); $SIZE-byte bodies; one message per SMTP connection; $MSGS_ONE messages at 1 session, $MSGS_MANY at the others."
  echo
  echo "CPU columns: ms of CPU per accepted message during that row (milter: its process tree; Postfix: master and every child; machine: all busy CPU, load client and anything else running included)."
  echo
  echo "| configuration | sessions | msg/s accepted | msg/s delivered | p50 ms | p99 ms | vs rspamd (msg/s) | vs no milter (msg/s) | milter CPU ms/msg | Postfix CPU ms/msg | machine CPU ms/msg | not accepted |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  for cfg in $CONFIGS; do
    for s in $SESSIONS; do
      vr=n/a; vn=n/a
      [[ " $CONFIGS " == *" rspamd "* ]] && vr=$(ratio "${RATE[$cfg,$s]:-}" "${RATE[rspamd,$s]:-}")
      [[ " $CONFIGS " == *" none "* ]] && vn=$(ratio "${RATE[$cfg,$s]:-}" "${RATE[none,$s]:-}")
      echo "| $(label "$cfg") | $s | ${RATE[$cfg,$s]:-} | ${DELIV[$cfg,$s]:-} | ${P50[$cfg,$s]:-} | ${P99[$cfg,$s]:-} | $vr | $vn | ${CPU_M[$cfg,$s]:-} | ${CPU_P[$cfg,$s]:-} | ${CPU_W[$cfg,$s]:-} | ${FAIL[$cfg,$s]:-} |"
    done
  done
  echo
  head="| configuration |"; rule="|---|"
  for s in $SOURCE_SESSIONS; do head+=" smtp-source -s $s (msg/s, wall time) | ÷ rspamd |"; rule+="---:|---:|"; done
  echo "$head message from listed 127.0.0.2 | milter RSS: idle → $IDLE idle sessions |"
  echo "$rule---|---|"
  for cfg in $CONFIGS; do
    row="| $(label "$cfg") |"
    for s in $SOURCE_SESSIONS; do
      vr=n/a; [[ " $CONFIGS " == *" rspamd "* ]] && vr=$(ratio "${SRC[$cfg,$s]:-}" "${SRC[rspamd,$s]:-}")
      row+=" ${SRC[$cfg,$s]:-} | $vr |"
    done
    echo "$row ${PRE[$cfg]:-} | ${IDLE_RSS[$cfg]:-n/a} |"
  done
} > "$RUN_DIR/table.md"
cp "$RUN_DIR/table.md" "$OUT" 2>/dev/null || true
cat "$RUN_DIR/table.md"
exit 0
}
