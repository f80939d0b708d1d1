#!/usr/bin/env bash
# Browser tests drive Debian's chromium through Playwright. Install it when missing and we are root.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium >/dev/null
  exit 0
fi
cat >&2 <<MSG
Browser tests need Debian's chromium at /usr/bin/chromium, and this user cannot install it.
Ask an administrator to run:  sudo apt-get install chromium
(the browser tests are skipped until then; run 'make test-fast' meanwhile).
MSG
exit 0
