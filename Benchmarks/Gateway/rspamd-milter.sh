#!/usr/bin/env bash
# rspamd's proxy worker in milter mode (self_scan) for the gateway benchmark, with the
# check set of Sift's benchmark policy: one DNSBL rule on bl.gateway.test asked of the
# test unbound, and nothing else (a settings rule enables only that symbol).
# Usage: rspamd-milter.sh RUN_DIR DNS_HOST:PORT MILTER_PORT [WORKERS]
set -euo pipefail
RUN_DIR=$1; dns=$2; milter_port=$3; workers=${4:-2}
source "$(dirname "$0")/../../test-env/lib.sh"
dir="$RUN_DIR/rspamd-milter"
conf="$dir/conf"; db="$dir/db"; run="$dir/run"; logs="$dir/log"
cache=${SIFT_RSPAMD_CACHE:-/var/tmp/sift-rspamd-dbdir}
mkdir -p "$conf/local.d" "$db" "$run" "$logs"
cat > "$conf/rspamd.conf" <<CONF
.include "\$CONFDIR/common.conf"
options {
    pidfile = "\$RUNDIR/rspamd.pid";
    .include "\$CONFDIR/options.inc"
    .include(try=true; priority=1,duplicate=merge) "\$LOCAL_CONFDIR/local.d/options.inc"
}
logging { type = "file"; filename = "\$LOGDIR/rspamd.log"; level = "error"; }
worker "rspamd_proxy" {
    bind_socket = "127.0.0.1:$milter_port";
    milter = yes;
    timeout = 120s;
    upstream "local" { default = yes; self_scan = yes; }
    count = $workers;
}
CONF
cat > "$conf/local.d/options.inc" <<CONF
dns { nameserver = ["$dns"]; timeout = 1s; retransmits = 2; }
local_addrs = [];
control_socket = "\$RUNDIR/rspamd.sock mode=0600";
CONF
cat > "$conf/local.d/rbl.conf" <<'CONF'
rbls {
  gateway_bl {
    symbol = "GATEWAY_BL";
    rbl = "bl.gateway.test";
    ipv4 = true;
    ipv6 = false;
    received = false;
    from = true;
    exclude_local = false;
    exclude_private_ips = false;
  }
}
CONF
cat > "$conf/local.d/settings.conf" <<'CONF'
gateway_benchmark {
  priority = high;
  ip = "127.0.0.0/8";
  apply {
    symbols_enabled = ["GATEWAY_BL"];
  }
}
CONF
for m in fuzzy_check surbl spf dkim dmarc asn emails phishing mx_check; do
  echo 'enabled = false;' > "$conf/local.d/$m.conf"
done
if [ -d "$cache" ] && [ -r "$cache" ]; then cp -a "$cache/." "$db/" 2>/dev/null || true; fi
chown -R _rspamd:_rspamd "$dir"
start_bg "$logs/stdout.log" /usr/bin/rspamd -f -u _rspamd -g _rspamd -c "$conf/rspamd.conf" \
  --var="LOCAL_CONFDIR=$conf" --var="DBDIR=$db" --var="RUNDIR=$run" --var="LOGDIR=$logs"
if ! wait_tcp 127.0.0.1 "$milter_port" 120; then cat "$logs/rspamd.log" >> "$logs/stdout.log" 2>/dev/null; fail_with_log rspamd-milter "$logs/stdout.log"; exit 1; fi
