#!/usr/bin/env bash
# Starts every server in test-env/servers/ on loopback, runs the built test
# suite against them, stops them by PID (also when the run fails) and prints
# one line "N passed, N failed[, N skipped]". Called by test-env/test.sh,
# inside a fresh network namespace when one can be made.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
if [ "${SIFT_NETNS:-}" = 1 ]; then ip link set lo up; fi

export RUN_DIR=$(mktemp -d /tmp/sift-test.XXXXXX)
chmod 755 "$RUN_DIR"
: > "$RUN_DIR/pids"; : > "$RUN_DIR/env"
stop_all() {
  local pid
  while read -r pid; do
    [ -n "$pid" ] || continue
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
  done < "$RUN_DIR/pids"
  sleep 0.3
  while read -r pid; do
    [ -n "$pid" ] || continue
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
  done < "$RUN_DIR/pids"
  [ "${SIFT_KEEP_RUN_DIR:-}" = 1 ] || rm -rf "$RUN_DIR"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

source "$here/lib.sh"
for s in "$here"/servers/*.sh; do
  [ -e "$s" ] || continue
  name=$(basename "$s" .sh)
  if ! bash "$s" "$RUN_DIR"; then
    echo "test-env: server '$name' failed to start: the tests that need it will fail" >&2
  fi
done
source "$RUN_DIR/env"
export SIFT_TEST_ENV=1

results="$RUN_DIR/results"
dotnet test "$root/engine.sln" --no-build -c Release \
  --logger "trx;LogFileName=results.trx" --results-directory "$results" \
  ${SIFT_TEST_FILTER:+--filter "$SIFT_TEST_FILTER"} 2>&1 | grep -v -E '^\s*$'
code=${PIPESTATUS[0]}

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  p=$(get passed); f=$(get failed); e=$(get error); t=$(get total); x=$(get executed)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0}))
  skipped=$((skipped + ${t:-0} - ${x:-0}))
done
line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
if [ "$code" -ne 0 ] || [ "$failed" -gt 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
exit 0
