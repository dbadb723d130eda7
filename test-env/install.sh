#!/usr/bin/env bash
# Installs the real servers the tests talk to (Debian packages). Idempotent:
# does nothing when everything is already present.
set -euo pipefail
need=()
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }
have unbound        || need+=(unbound)
have dnsperf        || need+=(dnsperf)
have clamd          || need+=(clamav-daemon)
have clamdscan      || need+=(clamdscan)
have spamd          || need+=(spamd)
have spamassassin   || need+=(spamassassin)
have spamc          || need+=(spamc)
have rspamd         || need+=(rspamd)
have postfix        || need+=(postfix)
have swaks          || need+=(swaks)
have miltertest     || need+=(miltertest)
[ -f /usr/share/publicsuffix/public_suffix_list.dat ] || need+=(publicsuffix)
if [ ${#need[@]} -gt 0 ]; then
  echo "test-env: installing ${need[*]}"
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi
