#!/usr/bin/env bash
# spamd (SpamAssassin's daemon) on a free loopback port, local rules only:
# no Bayes, no network tests, no user configs. Exports SIFT_TEST_SPAMD=127.0.0.1:PORT
# and SIFT_TEST_SPAMD_UNIX=unix:PATH (the same daemon on a unix socket).
# SIFT_SPAMD_CHILDREN sets --max-children (the benchmark raises it to its concurrency).
set -euo pipefail
RUN_DIR=$1
source "$(dirname "$0")/../lib.sh"
dir="$RUN_DIR/spamd"
mkdir -p "$dir/site"
cp /etc/spamassassin/*.pre "$dir/site/"
cat > "$dir/site/local.cf" <<'CF'
use_bayes 0
bayes_auto_learn 0
skip_rbl_checks 1
dns_available no
use_razor2 0
use_pyzor 0
CF
chmod -R a+rX "$dir"
port=$(free_port)
# debian-spamd's home may be unwritable inside the namespace; point HOME at our folder.
mkdir -p "$dir/home" && chown debian-spamd:debian-spamd "$dir/home" 2>/dev/null || true
start_bg "$dir/spamd.log" env HOME="$dir/home" /usr/sbin/spamd -L \
  --listen="127.0.0.1:$port" --listen="$dir/spamd.sock" -u debian-spamd -g debian-spamd \
  --siteconfigpath="$dir/site" --nouser-config \
  --max-children="${SIFT_SPAMD_CHILDREN:-2}" \
  --pidfile="$dir/spamd.pid" -s stderr
if ! wait_tcp 127.0.0.1 "$port" 30; then fail_with_log spamd "$dir/spamd.log"; exit 1; fi
# spamd binds before it compiles its rules; the pid file appears once it serves.
if ! wait_file "$dir/spamd.pid" 30 || ! wait_file "$dir/spamd.sock" 10; then fail_with_log spamd "$dir/spamd.log"; exit 1; fi
export_env SIFT_TEST_SPAMD "127.0.0.1:$port"
export_env SIFT_TEST_SPAMD_UNIX "unix:$dir/spamd.sock"
