#!/usr/bin/env bash
# Install Debian packages when a command they provide is missing; idempotent, sudo only when not root.
#   ensure_debian.sh COMMAND PACKAGE...
# The Makefile uses it for what the tests and the benchmark need beyond pip: chromium (the UI and
# report browser tests), LibreOffice Writer (legacy .doc), poppler-utils (pdftotext, the PDF floor).
set -euo pipefail

command="$1"; shift
if command -v "$command" >/dev/null 2>&1; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -q
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "$@"
command -v "$command"
