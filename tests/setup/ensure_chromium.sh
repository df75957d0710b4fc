#!/usr/bin/env bash
# Install Debian's chromium for the end-to-end UI test (tests/test_e2e_ui.py) if it is missing.
# Idempotent: does nothing when /usr/bin/chromium exists. Uses sudo only when not root.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -q
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends chromium fonts-noto-cjk
/usr/bin/chromium --version
