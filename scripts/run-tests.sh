#!/bin/sh
# run-tests.sh -- sets up a fresh Debian machine and runs the whole test
# suite three times: gcc (optimised), gcc Debug with ASan + UBSan
# (-fno-sanitize-recover=all), and clang.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
J=$(nproc)
run() { # dir cc build-type
    echo "== $1: CC=$2 $3" >&2
    CC=$2 cmake -S . -B "$1" -DCMAKE_BUILD_TYPE="$3" >/dev/null
    cmake --build "$1" -j"$J" >/dev/null
    (cd "$1" && ctest --output-on-failure -j"$J")
}
run build gcc RelWithDebInfo
run build-asan gcc Debug
run build-clang clang RelWithDebInfo
