#!/bin/sh
# setup.sh -- installs the Debian packages marsad builds and tests with,
# only those that are missing.  Used by run-sample.sh and run-tests.sh.
set -eu
PKGS="gcc clang make cmake pkg-config python3 libutf8proc-dev libjansson-dev zlib1g-dev libsqlite3-dev libcmocka-dev libclang-rt-14-dev libstemmer-dev"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "setup: installing:$missing" >&2
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi
