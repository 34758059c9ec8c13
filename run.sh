#!/usr/bin/env bash
# monotowns-kz: the two commands of the README.
#   bash run.sh build   set everything up, then build all reports (python run_all.py)
#   bash run.sh test    set everything up, then run the test suite
# Set-up is idempotent: system packages are installed only when missing (needs root),
# the Python environment (.venv) only when requirements.lock or pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=.venv
# Debian packages the project needs: fonts with Kazakh glyphs for charts and PDFs, the Pango
# libraries WeasyPrint draws PDFs with, Graphviz (the diagrams), Chromium (the browser test) and
# poppler-utils (pdftotext: the check of every PDF page for words outside the text area).
SYSTEM_PACKAGES=(fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 graphviz chromium poppler-utils)

say() { printf '[run.sh] %s\n' "$*" >&2; }

need_python() {
  if ! command -v "$PYTHON" >/dev/null 2>&1; then
    say "no $PYTHON found: install Python 3.11 (Debian: apt-get install python3 python3-venv)"; exit 1
  fi
  "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || {
    say "Python >= 3.11 is needed, $PYTHON is $("$PYTHON" -V 2>&1)"; exit 1; }
}

system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || { say "not a Debian system: install ${SYSTEM_PACKAGES[*]} yourself"; return 0; }
  local missing=()
  for p in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  "$PYTHON" -m venv --help >/dev/null 2>&1 && "$PYTHON" -c 'import ensurepip' 2>/dev/null || missing+=(python3-venv)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    say "missing system packages: ${missing[*]}"
    say "install them as root: apt-get update && apt-get install -y ${missing[*]}"; exit 1
  fi
  wait_for_apt
  say "installing system packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=$APT_WAIT update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=$APT_WAIT install -y -qq "${missing[@]}" >/dev/null
}

# On a freshly booted machine another package manager (unattended upgrades, a first apt-get
# update) may hold the package lock: wait for it, up to APT_WAIT seconds, and say so.
APT_WAIT=${APT_WAIT:-300}
wait_for_apt() {
  command -v pgrep >/dev/null 2>&1 || return 0
  local waited=0
  while pgrep -x 'apt|apt-get|dpkg|unattended-upgr|aptitude' >/dev/null 2>&1; do
    [ "$waited" -eq 0 ] && say "another package manager is running; waiting for it (up to ${APT_WAIT} s)"
    if [ "$waited" -ge "$APT_WAIT" ]; then
      say "the package manager is still busy after ${APT_WAIT} s; try again later (or set APT_WAIT)"; exit 1
    fi
    sleep 5; waited=$((waited + 5))
  done
}

python_env() {
  local stamp="$VENV/.installed" want
  want=$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  say "creating the Python environment in $VENV (a few minutes, once)"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -r requirements.lock
  "$VENV/bin/python" -m pip install -q --no-deps -e .
  echo "$want" > "$stamp"
}

case "${1:-}" in
  build) shift; need_python; system_packages; python_env; exec "$VENV/bin/python" run_all.py "$@" ;;
  test)  shift; need_python; system_packages; python_env; exec "$VENV/bin/python" -m pytest "$@" ;;
  *) echo "usage: bash run.sh build|test [args...]" >&2; exit 2 ;;
esac
