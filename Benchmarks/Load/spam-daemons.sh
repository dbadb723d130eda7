#!/usr/bin/env bash
# Starts spamd and rspamd on loopback (with test-env's scripts, inside a fresh network
# namespace when one can be made) and runs the spamc-load and rspamd-load tools against
# them: Sift's clients vs spamc / rspamc on the same messages, 1/4/16 in flight.
# spamd is restarted for each level with --max-children equal to the level; rspamd runs
# SIFT_RSPAMD_WORKERS normal workers (default 2, one per core of the benchmark machine).
# Usage: bash Benchmarks/Load/spam-daemons.sh [MESSAGES_SPAMD] [MESSAGES_RSPAMD]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
if [ "${SIFT_NETNS:-}" != 1 ] && unshare -n true 2>/dev/null; then
  exec unshare -n env SIFT_NETNS=1 bash "$0" "$@"
fi
[ "${SIFT_NETNS:-}" = 1 ] && ip link set lo up
spamd_messages=${1:-200}
rspamd_messages=${2:-400}
dll="$root/Benchmarks/bin/Release/net10.0/Sift.Benchmarks.dll"
[ -f "$dll" ] || dotnet build "$root/Benchmarks/Benchmarks.csproj" -c Release -v q -nologo >/dev/null
top=$(mktemp -d /tmp/sift-bench.XXXXXX); chmod 755 "$top"

stop_dir() {
  local pid
  [ -f "$1/pids" ] || return 0
  while read -r pid; do [ -n "$pid" ] && kill -TERM -- "-$pid" 2>/dev/null; done < "$1/pids"
  sleep 0.5
  while read -r pid; do [ -n "$pid" ] && kill -KILL -- "-$pid" 2>/dev/null; done < "$1/pids"
  : > "$1/pids"
}
cleanup() { for d in "$top"/*/; do stop_dir "$d"; done; rm -rf "$top"; }
trap cleanup EXIT

phase() { local d="$top/$1"; mkdir -p "$d"; chmod 755 "$d"; : > "$d/pids"; : > "$d/env"; echo "$d"; }

echo "| daemon | in flight | baseline | Sift | Sift / baseline |"
echo "|---|---|---|---|---|"
for c in 1 4 16; do
  d=$(phase "spamd-$c")
  SIFT_SPAMD_CHILDREN=$c bash "$root/test-env/servers/spamd.sh" "$d" >&2
  source "$d/env"
  dotnet "$dll" spamc-load --address "$SIFT_TEST_SPAMD" --messages "$spamd_messages" --concurrency "$c"
  stop_dir "$d"
done
d=$(phase rspamd)
SIFT_RSPAMD_WORKERS=${SIFT_RSPAMD_WORKERS:-2} bash "$root/test-env/servers/rspamd.sh" "$d" >&2
source "$d/env"
dotnet "$dll" rspamd-load --address "$SIFT_TEST_RSPAMD" --messages "$rspamd_messages" --concurrency 1,4,16
