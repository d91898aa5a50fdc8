#!/usr/bin/env bash
# Installs the Debian packages the tests need, only when missing: Chromium (with its British
# English locale) for the browser tests, Cairo for PNG diagrams, DejaVu fonts so diagrams render the
# same everywhere, Poppler to turn the PDF guide into page images for the tests to look at; wrk for
# the page-speed benchmark.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -e /usr/lib/chromium/locales/en-GB.pak ] || missing+=(chromium-l10n)  # the browser tests run as in the UK
ldconfig -p 2>/dev/null | grep -q libcairo.so.2 || missing+=(libcairo2)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v npm >/dev/null 2>&1 || missing+=(npm)  # fetches axe-core, the accessibility checker, for the tests
command -v wrk >/dev/null 2>&1 || missing+=(wrk)  # the loopback load tool of bench/practice_bench.py
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing system packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "Please install these Debian packages as root: ${missing[*]}" >&2
    exit 1
  fi
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
