#!/bin/sh
# ner_bench.sh [BUILD_DIR] -- NER tagging speed on the first 32 MB of the
# SaudiNewsNet corpus (../shared beside the checkout), one article a line.
# Build first: cmake --build BUILD_DIR (the ner_bench target comes with the
# tests).  Prints documents, tokens, entities, text-stage and tagging speed.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
news=$here/../shared/data/news/saudinewsnet-2015.jsonl.gz
[ -f "$news" ] || { echo "ner_bench: $news not found" >&2; exit 1; }
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
zcat "$news" | head -c 33554432 >"$tmp"
echo "machine: $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
bin=$build/tests/ner_bench; [ -x "$bin" ] || bin=$build/ner_bench
"$bin" "$here/data/ner-model.bin" --lines --max-mb 32 --repeat 3 "$tmp"
