#!/usr/bin/env bash
# A private Postfix instance on loopback: smtpd on a free port, every service
# unchrooted, relaying everything to smtp-sink on another free port, which
# dumps each message it receives to a file. smtpd calls a milter on a free port
# that nothing listens on yet: the Postfix tests start a Sift gateway there.
# Exports SIFT_TEST_POSTFIX_SMTP=127.0.0.1:P, SIFT_TEST_POSTFIX_MILTER_PORT=M,
# SIFT_TEST_POSTFIX_SINK_DIR=DIR (one file per delivered message),
# SIFT_TEST_POSTFIX_LOG=FILE (Postfix's maillog) and SIFT_TEST_POSTFIX_DIR.
# Knobs (for the benchmark): SIFT_POSTFIX_NAME (folder name, default postfix),
# SIFT_POSTFIX_MILTER (smtpd_milters value; "none" for no milter),
# SIFT_POSTFIX_PROCS (default_process_limit, default 100),
# SIFT_POSTFIX_DELIVERY (concurrency of delivery to the sink, default the process limit),
# SIFT_POSTFIX_SINK_DUMP=0 (smtp-sink keeps nothing), SIFT_POSTFIX_ENV (prefix of the
# exported names instead of SIFT_TEST_POSTFIX). Benchmarks/Mta/run.sh starts its Postfix here.
set -euo pipefail
RUN_DIR=$1
source "$(dirname "$0")/../lib.sh"
name=${SIFT_POSTFIX_NAME:-postfix}
dir="$RUN_DIR/$name"
mkdir -p "$dir/etc" "$dir/queue" "$dir/data" "$dir/sink"
smtp_port=$(free_port)
sink_port=$(free_port)
milter_port=$(free_port)
while [ "$sink_port" = "$smtp_port" ]; do sink_port=$(free_port); done
while [ "$milter_port" = "$smtp_port" ] || [ "$milter_port" = "$sink_port" ]; do milter_port=$(free_port); done
milter=${SIFT_POSTFIX_MILTER:-inet:127.0.0.1:$milter_port}
[ "$milter" = none ] && milter=
procs=${SIFT_POSTFIX_PROCS:-100}
delivery=${SIFT_POSTFIX_DELIVERY:-$procs}

cat > "$dir/etc/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.sift.test
mydomain = sift.test
myorigin = sift.test
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
relayhost = [127.0.0.1]:$sink_port
alias_maps =
alias_database =
local_recipient_maps =
maillog_file = $dir/maillog
maillog_file_prefixes = $dir
smtpd_peername_lookup = no
smtp_host_lookup = native
smtp_dns_support_level = disabled
smtpd_milters = $milter
milter_protocol = 6
milter_default_action = tempfail
milter_connect_macros = j {daemon_name} {daemon_addr} v _
milter_end_of_data_macros = i {client_addr} {client_name}
default_process_limit = $procs
smtpd_client_connection_count_limit = 0
smtpd_client_connection_rate_limit = 0
smtpd_client_message_rate_limit = 0
smtp_destination_concurrency_limit = $delivery
default_destination_concurrency_limit = $delivery
in_flow_delay = 0
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
smtpd_error_sleep_time = 0
smtpd_soft_error_limit = 100000
smtpd_hard_error_limit = 100000
smtp_connection_cache_on_demand = yes
biff = no
CF

cat > "$dir/etc/master.cf" <<CF
127.0.0.1:$smtp_port inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
CF
chown -R postfix "$dir/data"
chmod 755 "$dir" "$dir/etc"
: > "$dir/maillog"

# smtp-sink: one file per message under sink/ (when dumping), 1000 backlog.
sink_args=(-u postfix)
if [ "${SIFT_POSTFIX_SINK_DUMP:-1}" = 1 ]; then
  chown postfix "$dir/sink"
  sink_args+=(-c -d "$dir/sink/%Y%m%d%H%M%S.")
fi
start_bg "$dir/sink.log" /usr/sbin/smtp-sink "${sink_args[@]}" "127.0.0.1:$sink_port" 1000
if ! wait_tcp 127.0.0.1 "$sink_port" 10; then fail_with_log smtp-sink "$dir/sink.log"; exit 1; fi

/usr/sbin/postfix -c "$dir/etc" check >"$dir/check.log" 2>&1 || { fail_with_log "postfix check" "$dir/check.log"; exit 1; }
start_bg "$dir/postfix.log" /usr/sbin/postfix -c "$dir/etc" start-fg
if ! wait_tcp 127.0.0.1 "$smtp_port" 20; then fail_with_log postfix "$dir/postfix.log"; tail -n 20 "$dir/maillog" >&2; exit 1; fi
# master runs in a session of its own (master -s): record its PID too, so the suite stops it.
if wait_file "$dir/queue/pid/master.pid" 5; then record_pid "$(tr -d ' ' < "$dir/queue/pid/master.pid")"; fi

prefix=${SIFT_POSTFIX_ENV:-SIFT_TEST_POSTFIX}
export_env "${prefix}_SMTP" "127.0.0.1:$smtp_port"
export_env "${prefix}_MILTER_PORT" "$milter_port"
export_env "${prefix}_SINK_DIR" "$dir/sink"
export_env "${prefix}_LOG" "$dir/maillog"
export_env "${prefix}_DIR" "$dir/etc"
