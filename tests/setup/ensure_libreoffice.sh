#!/usr/bin/env bash
# Install Debian's LibreOffice Writer (headless, no GUI) if missing: legacy Word 97-2003 .doc
# reports are converted to DOCX with `soffice --headless`. Idempotent; sudo only when not root.
set -euo pipefail

if command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -q
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends libreoffice-writer-nogui
soffice --version
