#!/bin/sh
# corpus.sh MARSAD CORPUS.jsonl.gz SRCDIR N -- the first N articles of a real
# news corpus through `marsad extract` (registered for the ASan + UBSan
# build): every article gives a record, nothing on standard error (no
# sanitizer report, no failed record), every output line is valid JSON and
# every span equals its evidence (tests/check_records_jsonl.py --all).
# Exits 77 (skipped) when the corpus or python3 is absent.
set -u
M=$1
CORPUS=$2
SRC=$3
N=${4:-500}
if [ ! -f "$CORPUS" ]; then
    echo "skipped: $CORPUS is absent" >&2
    exit 77
fi
if ! command -v python3 >/dev/null; then
    echo "skipped: no python3 to check the records" >&2
    exit 77
fi
W=$(mktemp -d "${TMPDIR:-/tmp}/marsad-corpus.XXXXXX")
trap 'rm -rf "$W"' EXIT
python3 - "$CORPUS" "$N" >"$W/in.jsonl" <<'PY'
import gzip, itertools, sys
with gzip.open(sys.argv[1], "rb") as f:
    for line in itertools.islice(f, int(sys.argv[2])):
        sys.stdout.buffer.write(line)
PY
start=$(date +%s)
"$M" extract "$W/in.jsonl" >"$W/out.jsonl" 2>"$W/err"
st=$?
echo "$N articles in $(($(date +%s) - start)) s, exit status $st" >&2
fails=0
if [ "$st" -ne 0 ] || [ -s "$W/err" ]; then
    echo "FAIL: marsad extract: exit status $st; standard error:" >&2
    head -n 40 "$W/err" >&2
    fails=1
fi
python3 "$SRC/tests/check_records_jsonl.py" --all "$W/in.jsonl" "$W/out.jsonl" >&2 || fails=1
exit $fails
