#!/bin/sh
# run-sample.sh -- sets up a fresh Debian machine, builds marsad and runs
# its main job on the bundled sample article: the events of the seed
# article (published 2022-01-27 by Sputnik Arabic, from its .meta.json).
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
./build/marsad extract --format table samples/sputnik-hasakah-prison.txt
