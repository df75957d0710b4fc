#!/usr/bin/env bash
# Install Debian's poppler-utils (pdftotext) if missing: `make bench` measures the PDF reader
# against `pdftotext -layout` on the same files. Idempotent; uses sudo only when not root.
set -euo pipefail

if command -v pdftotext >/dev/null 2>&1; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -q
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends poppler-utils
pdftotext -v 2>&1 | head -1
