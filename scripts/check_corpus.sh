#!/bin/sh
# check_corpus.sh [MARSAD] [CORPUS.jsonl.gz] -- runs every article of a news
# corpus (default: all 31,012 of ../shared/data/news/saudinewsnet-2015.jsonl.gz)
# through `marsad extract` and checks the output as the CI test
# robust/saudinewsnet-500-sanitized does for 500 of them: every article
# gives a record, standard error stays empty (no sanitizer report, no failed
# record), every output line is valid JSON and every span lies inside its
# text and equals the evidence it claims (tests/check_records_jsonl.py).
#
# Not part of CI (it takes minutes).  Use the sanitizer build for the
# thorough run (docs/robustness.md has the figures):
#   sh scripts/run-tests.sh    # or: cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug && cmake --build build-asan
#   sh scripts/check_corpus.sh build-asan/marsad
# MARSAD defaults to build/marsad; JOBS (default: the number of cores) sets
# `marsad extract -j`; KEEP=DIR keeps the records and standard error there.
set -eu
cd "$(dirname "$0")/.."
M=${1:-build/marsad}
CORPUS=${2:-../shared/data/news/saudinewsnet-2015.jsonl.gz}
JOBS=${JOBS:-$(nproc)}
[ -x "$M" ] || { echo "check_corpus: no marsad binary at $M" >&2; exit 2; }
[ -f "$CORPUS" ] || { echo "check_corpus: no corpus at $CORPUS" >&2; exit 2; }
if [ -n "${KEEP:-}" ]; then
    W=$KEEP
    mkdir -p "$W"
else
    W=$(mktemp -d "${TMPDIR:-/tmp}/marsad-check-corpus.XXXXXX")
    trap 'rm -rf "$W"' EXIT
fi
start=$(date +%s)
st=0
"$M" extract -j "$JOBS" --no-progress "$CORPUS" >"$W/out.jsonl" 2>"$W/err" || st=$?
secs=$(($(date +%s) - start))
echo "check_corpus: $(wc -l <"$W/out.jsonl" | tr -d ' ') records in $secs s (-j $JOBS), exit status $st" >&2
fails=0
if [ "$st" -ne 0 ] || [ -s "$W/err" ]; then
    echo "check_corpus: FAIL: standard error ($(wc -l <"$W/err" | tr -d ' ') lines):" >&2
    head -n 40 "$W/err" >&2
    fails=1
fi
python3 tests/check_records_jsonl.py --all "$CORPUS" "$W/out.jsonl" || fails=1
[ "$fails" -eq 0 ] && echo "check_corpus: OK" >&2
exit "$fails"
