# Helpers sourced by test-env/suite.sh and by each test-env/servers/*.sh script.
# Every server runs from a folder under $RUN_DIR, on loopback, on a free port,
# and is recorded in $RUN_DIR/pids so that the suite stops it by PID on exit.

# free_port: prints a loopback port that is free for TCP and UDP right now, between
# SIFT_PORT_LOW and SIFT_PORT_HIGH (default 20000–60000).
free_port() {
  SIFT_PORT_LOW=${SIFT_PORT_LOW:-20000} SIFT_PORT_HIGH=${SIFT_PORT_HIGH:-60000} /usr/bin/python3 - <<'PY'
import os, socket, random
low, high = int(os.environ["SIFT_PORT_LOW"]), int(os.environ["SIFT_PORT_HIGH"])
for _ in range(200):
    p = random.randint(low, high)
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        t.bind(("127.0.0.1", p)); u.bind(("127.0.0.1", p))
        print(p); break
    except OSError:
        pass
    finally:
        t.close(); u.close()
PY
}

# record_pid PID: the suite kills it (and its process group) on exit.
record_pid() { echo "$1" >> "$RUN_DIR/pids"; }

# export_env NAME VALUE: made visible to the test run.
export_env() { printf 'export %s=%q\n' "$1" "$2" >> "$RUN_DIR/env"; }

# wait_tcp HOST PORT SECONDS: true once something accepts on HOST:PORT.
wait_tcp() {
  local host=$1 port=$2 limit=$3 i
  for ((i = 0; i < limit * 20; i++)); do
    if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  return 1
}

# wait_file PATH SECONDS: true once PATH exists (a unix socket, a pid file).
wait_file() {
  local path=$1 limit=$2 i
  for ((i = 0; i < limit * 20; i++)); do
    [ -e "$path" ] && return 0
    sleep 0.05
  done
  return 1
}

# fail_with_log NAME LOGFILE: prints why a server did not start, and fails.
fail_with_log() {
  echo "test-env: $1 did not start; its log follows" >&2
  [ -f "$2" ] && tail -n 60 "$2" >&2
  return 1
}

# start_bg LOGFILE CMD ARGS...: starts CMD (argv, no shell) in its own session
# and process group, output to LOGFILE, and records its PID. Sets $BG_PID.
start_bg() {
  local log=$1; shift
  setsid "$@" >"$log" 2>&1 < /dev/null &
  BG_PID=$!
  record_pid "$BG_PID"
}
