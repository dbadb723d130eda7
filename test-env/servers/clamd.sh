#!/usr/bin/env bash
# clamd from Debian's clamav-daemon, on a unix socket and a loopback TCP port,
# with a signature database written here (freshclam cannot reach the internet
# and clamd refuses an empty database):
#   Sift.Test.Eicar.UNOFFICIAL   .hdb: the MD5 and size of the EICAR test file
#   Sift.Test.Custom.UNOFFICIAL  .ndb: a body signature for SIFT_CLAMD_CUSTOM_TEST_STRING
# StreamMaxLength is 1M so that the INSTREAM size-limit error is testable.
# Exports SIFT_TEST_CLAMD_TCP, SIFT_TEST_CLAMD_UNIX, SIFT_TEST_CLAMD_CONF.
# Usage: clamd.sh RUN_DIR [STREAM_MAX_LENGTH]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/lib.sh"
RUN_DIR=${1:?usage: clamd.sh RUN_DIR [STREAM_MAX_LENGTH]}
max_length=${2:-1M}
dir="$RUN_DIR/clamd"
mkdir -p "$dir/db"
chmod 755 "$dir" "$dir/db"

eicar='X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'
printf '%s' "$eicar" > "$dir/eicar.txt"
md5=$(md5sum "$dir/eicar.txt" | cut -d' ' -f1)
size=$(stat -c %s "$dir/eicar.txt")
rm -f "$dir/eicar.txt"
printf '%s:%s:Sift.Test.Eicar\n' "$md5" "$size" > "$dir/db/sift.hdb"
custom='SIFT-CLAMD-CUSTOM-TEST-SIGNATURE-7f3a'
hex=$(printf '%s' "$custom" | od -An -tx1 -v | tr -d ' \n')
printf 'Sift.Test.Custom:0:*:%s\n' "$hex" > "$dir/db/sift.ndb"

port=$(free_port)
cat > "$dir/clamd.conf" <<CONF
Foreground yes
LogFile $dir/clamd.log
LogVerbose no
DatabaseDirectory $dir/db
LocalSocket $dir/clamd.sock
LocalSocketMode 666
TCPSocket $port
TCPAddr 127.0.0.1
StreamMaxLength $max_length
MaxThreads 20
MaxConnectionQueueLength 64
ReadTimeout 30
CommandReadTimeout 10
SelfCheck 0
PidFile $dir/clamd.pid
CONF

start_bg "$dir/stdout.log" /usr/sbin/clamd --config-file="$dir/clamd.conf"
if ! wait_tcp 127.0.0.1 "$port" 30 || ! wait_file "$dir/clamd.sock" 5; then
  fail_with_log clamd "$dir/stdout.log"
  [ -f "$dir/clamd.log" ] && tail -n 30 "$dir/clamd.log" >&2
  exit 1
fi
export_env SIFT_TEST_CLAMD_TCP "127.0.0.1:$port"
export_env SIFT_TEST_CLAMD_UNIX "$dir/clamd.sock"
export_env SIFT_TEST_CLAMD_CONF "$dir/clamd.conf"
export_env SIFT_TEST_CLAMD_CUSTOM "$custom"
