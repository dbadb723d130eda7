#!/usr/bin/env bash
# rspamd 3.4 in the foreground with its own config, database, run and log folders;
# one normal worker on a free loopback port, DNS pointed at a dead loopback port so
# that nothing is ever asked of the system resolver, fuzzy checks off. Exports
# SIFT_TEST_RSPAMD=http://127.0.0.1:PORT and SIFT_TEST_RSPAMD_UNIX=unix:PATH (the same worker).
# Cold start compiles the regexp maps into DBDIR (~12 s); the compiled files are kept
# in a cache folder between runs (SIFT_RSPAMD_CACHE, default /var/tmp/sift-rspamd-dbdir)
# and copied into this run's own DBDIR, so concurrent runs never share a database.
# SIFT_RSPAMD_WORKERS sets the normal worker count (the benchmark raises it).
set -euo pipefail
RUN_DIR=$1
source "$(dirname "$0")/../lib.sh"
dir="$RUN_DIR/rspamd"
conf="$dir/conf"; db="$dir/db"; run="$dir/run"; logs="$dir/log"
cache=${SIFT_RSPAMD_CACHE:-/var/tmp/sift-rspamd-dbdir}
mkdir -p "$conf/local.d" "$db" "$run" "$logs"
port=$(free_port)

cat > "$conf/rspamd.conf" <<CONF
.include "\$CONFDIR/common.conf"
options {
    pidfile = "\$RUNDIR/rspamd.pid";
    .include "\$CONFDIR/options.inc"
    .include(try=true; priority=1,duplicate=merge) "\$LOCAL_CONFDIR/local.d/options.inc"
}
logging {
    type = "file";
    filename = "\$LOGDIR/rspamd.log";
    level = "warning";
}
worker "normal" {
    bind_socket = "127.0.0.1:$port";
    bind_socket = "$run/normal.sock mode=0666";
    .include "\$CONFDIR/worker-normal.inc"
    count = ${SIFT_RSPAMD_WORKERS:-1};
}
CONF
cat > "$conf/local.d/options.inc" <<'CONF'
dns { nameserver = ["127.0.0.1:1"]; timeout = 200ms; retransmits = 1; }
local_addrs = [];
control_socket = "$RUNDIR/rspamd.sock mode=0600";
CONF
# A settings block the tests select with Settings-ID: it makes a plain text message a reject.
cat > "$conf/local.d/settings.conf" <<'CONF'
sift_test_strict {
  id = "sift-test-strict";
  apply {
    MIME_GOOD = 50.0;
  }
}
CONF
# Ask for an X-Spam-Status header on every answer, so the milter block carries add_headers.
echo 'use = ["x-spam-status"]; skip_local = false; skip_authenticated = false;' > "$conf/local.d/milter_headers.conf"
for m in fuzzy_check rbl surbl spf dkim dmarc asn emails phishing mx_check; do
  echo 'enabled = false;' > "$conf/local.d/$m.conf"
done

if [ -d "$cache" ] && [ -r "$cache" ]; then cp -a "$cache/." "$db/" 2>/dev/null || true; fi
chown -R _rspamd:_rspamd "$dir"
start_bg "$logs/stdout.log" /usr/bin/rspamd -f -u _rspamd -g _rspamd \
  -c "$conf/rspamd.conf" \
  --var="LOCAL_CONFDIR=$conf" --var="DBDIR=$db" --var="RUNDIR=$run" --var="LOGDIR=$logs"

# Ready when /ping answers on the worker (the master binds before the worker is up).
ready=0
for ((i = 0; i < 120 * 10; i++)); do  # a cold start under load can take a minute
  if ! kill -0 "$BG_PID" 2>/dev/null; then break; fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GET /ping HTTP/1.0\r\n\r\n' >&3 && head -c 12 <&3 | grep -q ' 200') 2>/dev/null; then
    ready=1; break
  fi
  sleep 0.1
done
if [ "$ready" != 1 ]; then cat "$logs/rspamd.log" >> "$logs/stdout.log" 2>/dev/null; fail_with_log rspamd "$logs/stdout.log"; exit 1; fi

# Keep the compiled maps for the next run when this run compiled any the cache lacks
# (atomically: a fresh folder, then a rename; a concurrent run that wins keeps its copy).
stale=0
for f in "$db"/*.hs*; do [ -e "$f" ] && [ ! -e "$cache/$(basename "$f")" ] && stale=1; done
if [ "$stale" = 1 ] && mkdir -p "$(dirname "$cache")" 2>/dev/null; then
  tmp="$cache.new.$$"; old="$cache.old.$$"
  mkdir -p "$tmp" && cp -a "$db"/*.hs* "$tmp"/ 2>/dev/null || true
  if [ -d "$cache" ]; then mv -T "$cache" "$old" 2>/dev/null || true; fi
  mv -T "$tmp" "$cache" 2>/dev/null || rm -rf "$tmp"
  rm -rf "$old"
fi
if ! wait_file "$run/normal.sock" 10; then fail_with_log rspamd "$logs/stdout.log"; exit 1; fi
export_env SIFT_TEST_RSPAMD "http://127.0.0.1:$port"
export_env SIFT_TEST_RSPAMD_UNIX "unix:$run/normal.sock"
