#!/usr/bin/env bash
# Starts unbound as the test DNS server: authoritative-only answers from the
# local-zone/local-data files in test-env/zones/*.conf (one file per area; add
# yours there), nothing ever sent to the root servers. Listens on 127.0.0.1
# and, when the namespace has it, on ::1, same port, UDP and TCP.
# Exports SIFT_TEST_DNS=127.0.0.1:PORT and SIFT_TEST_DNS6=[::1]:PORT.
# Usage: dns.sh RUN_DIR            (THREADS=n in the environment for benchmarks)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
RUN_DIR=${1:?usage: dns.sh RUN_DIR}
source "$here/../lib.sh"
dir="$RUN_DIR/dns"
mkdir -p "$dir"
port=$(free_port)
zones=$(cd "$here/../zones" && pwd)
v6=no
if /usr/bin/python3 -c "import socket; s=socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.bind(('::1', $port))" 2>/dev/null; then v6=yes; fi

cat > "$dir/unbound.conf" <<CONF
server:
  do-daemonize: no
  chroot: ""
  username: ""
  directory: "$dir"
  pidfile: "$dir/unbound.pid"
  logfile: ""
  use-syslog: no
  verbosity: 1
  num-threads: ${THREADS:-1}
  interface: 127.0.0.1@$port
$( [ "$v6" = yes ] && echo "  interface: ::1@$port" )
  do-ip6: $v6
  access-control: 127.0.0.0/8 allow
  access-control: ::1/128 allow
  module-config: "iterator"
  local-zone: "." static
  do-not-query-localhost: yes
  edns-buffer-size: 1232
  max-udp-size: 1232
  incoming-num-tcp: 64
  so-rcvbuf: 8m
  so-sndbuf: 8m
  num-queries-per-thread: 4096
  msg-cache-size: 4m
  rrset-cache-size: 8m
  hide-version: yes
  include: "$zones/*.conf"
remote-control:
  control-enable: no
CONF

start_bg "$dir/unbound.log" /usr/sbin/unbound -d -c "$dir/unbound.conf"
if ! wait_tcp 127.0.0.1 "$port" 5; then fail_with_log unbound "$dir/unbound.log"; exit 1; fi
export_env SIFT_TEST_DNS "127.0.0.1:$port"
[ "$v6" = yes ] && export_env SIFT_TEST_DNS6 "[::1]:$port"
exit 0
