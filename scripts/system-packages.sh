#!/bin/sh
# Make sure the Debian packages Kring needs are present: `make run` and `make test` call this.
#
#   scripts/system-packages.sh run    what running Kring needs
#   scripts/system-packages.sh test   that, plus the browser and fonts for the browser tests
#
# As root it installs what is missing with apt-get; otherwise it stops and prints the exact
# command to run, so a fresh machine never fails half-way with a missing program.
set -eu

mode="${1:-run}"
python="${PYTHON:-python3}"
missing=""

need() {  # need PACKAGE: add a Debian package to the list of what is missing
  case " $missing " in *" $1 "*) ;; *) missing="$missing $1" ;; esac
}

command -v msgfmt >/dev/null 2>&1 || need gettext
command -v npm >/dev/null 2>&1 || need npm
"$python" -c 'import ensurepip, venv' >/dev/null 2>&1 || need python3-venv
if [ "$mode" = test ]; then
  command -v chromium >/dev/null 2>&1 || need chromium
  { command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi dejavu; } || need fonts-dejavu-core
fi

[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages:$missing"
  apt-get update -qq
  # shellcheck disable=SC2086 # one word per package
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  exit 0
fi

echo "Kring needs these Debian packages:$missing" >&2
echo "Install them once, then run make again:" >&2
echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
exit 1
