#!/usr/bin/env bash
# The whole test suite: installs the real servers (apt-get) and the NuGet
# packages, builds, then runs test-env/suite.sh, which starts the servers on
# loopback, runs the tests and stops the servers by PID.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash test-env/install.sh
dotnet restore engine.sln -v q
dotnet build engine.sln --no-restore -c Release -v q -nologo
# A fresh network namespace (only 'lo') guarantees the run sends nothing off
# this machine; fall back to the host's namespace where one cannot be made.
if unshare -n true 2>/dev/null; then
  exec unshare -n env SIFT_NETNS=1 bash test-env/suite.sh
else
  exec bash test-env/suite.sh
fi
