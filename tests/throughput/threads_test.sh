#!/bin/sh
# threads_test.sh MARSAD SRCDIR [DEVDIR] -- marsad extract -j: -j 2 and -j 1
# write byte-identical records on a small JSON Lines file (with bad records,
# an unreadable input and a plain-text file among the inputs) and on the dev
# articles as JSON Lines; --unordered writes the same set of lines; errors
# keep their file:line and their order under -j 2; -j 0 and bad -j values.
set -u
M=$1
SRC=$2
DEV=${3:-}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
same() { # label file1 file2
    if cmp -s "$2" "$3"; then ok; else bad "$1"; diff "$2" "$3" | head -5 >&2; fi
}

# A small input: 40 short articles with two bad lines among them.
i=0
: >"$T/small.jsonl"
while [ $i -lt 40 ]; do
    i=$((i + 1))
    case $i in
    7) echo '{"id": "b7", "text": broken' >>"$T/small.jsonl" ;;
    23) echo '{"id": "b23", "text": 5}' >>"$T/small.jsonl" ;;
    *) printf '{"id": "s%d", "text": "قصفت طائرات التحالف مواقع للحوثيين في صعدة أمس وقتل %d أشخاص.", "published": "2015-07-21", "outlet": "test"}\n' $i $i >>"$T/small.jsonl" ;;
    esac
done
INPUTS="$T/small.jsonl $T/missing.jsonl $SRC/samples/sputnik-hasakah-prison.txt $T/small.jsonl"

# shellcheck disable=SC2086
"$M" extract -j 1 $INPUTS >"$T/j1.out" 2>"$T/j1.err"; rc1=$?
# shellcheck disable=SC2086
"$M" extract -j 2 $INPUTS >"$T/j2.out" 2>"$T/j2.err"; rc2=$?
[ "$rc1" -eq 1 ] && [ "$rc2" -eq 1 ] && ok || bad "exit 1 with bad records (-j 1: $rc1, -j 2: $rc2)"
[ "$(wc -l <"$T/j1.out")" -eq 77 ] && ok || bad "-j 1 writes 76 + 1 records"
same "-j 2 records equal -j 1" "$T/j1.out" "$T/j2.out"
same "-j 2 errors equal -j 1 (same lines, same order)" "$T/j1.err" "$T/j2.err"
grep -q 'small.jsonl:7: ' "$T/j2.err" && ok || bad "-j 2 error names file:line (7)"
grep -q 'small.jsonl:23: ' "$T/j2.err" && ok || bad "-j 2 error names file:line (23)"
grep -q 'missing.jsonl' "$T/j2.err" && ok || bad "-j 2 reports the missing input"
[ "$(wc -l <"$T/j2.err")" -eq 5 ] && ok || bad "-j 2 reports 5 errors"
# shellcheck disable=SC2086
"$M" extract -j 3 --unordered $INPUTS >"$T/u.out" 2>"$T/u.err"
sort "$T/j1.out" >"$T/j1.sorted"
sort "$T/u.out" >"$T/u.sorted"
same "--unordered writes the same set of lines" "$T/j1.sorted" "$T/u.sorted"
sort "$T/j1.err" >"$T/j1.err.sorted"
sort "$T/u.err" >"$T/u.err.sorted"
same "--unordered reports the same errors" "$T/j1.err.sorted" "$T/u.err.sorted"
"$M" extract -j 0 "$T/small.jsonl" >"$T/j0.out" 2>/dev/null
"$M" extract "$T/small.jsonl" >"$T/default.out" 2>/dev/null
same "-j 0 (all cores) equals the default" "$T/default.out" "$T/j0.out"
"$M" extract -j3 --format table "$T/small.jsonl" >"$T/t3.out" 2>/dev/null
"$M" extract --format table "$T/small.jsonl" >"$T/t1.out" 2>/dev/null
same "-j3 table equals the default table" "$T/t1.out" "$T/t3.out"
cat "$T/small.jsonl" | "$M" extract -j 2 - >"$T/stdin.out" 2>/dev/null
same "-j 2 from standard input" "$T/default.out" "$T/stdin.out"
"$M" extract -j 2 --progress "$T/small.jsonl" >/dev/null 2>"$T/p.err"
grep -q 'documents, 2 failed' "$T/p.err" && ok || bad "--progress ends with a summary"
"$M" extract -j 2 "$T/small.jsonl" >/dev/null 2>"$T/np.err"
grep -q 'docs/s' "$T/np.err" && bad "no progress when stderr is not a terminal" || ok
"$M" extract -j -1 x 2>/dev/null; [ $? -eq 2 ] && ok || bad "-j -1 is a usage error"
"$M" extract -j many x 2>/dev/null; [ $? -eq 2 ] && ok || bad "-j many is a usage error"
"$M" extract -j 2>/dev/null; [ $? -eq 2 ] && ok || bad "-j without a value is a usage error"

# The dev articles as JSON Lines (skipped when ../shared is absent).
if [ -n "$DEV" ] && [ -d "$DEV" ] && command -v python3 >/dev/null 2>&1 &&
    python3 "$SRC/tests/throughput/make_dev_jsonl.py" "$DEV" "$T/dev.jsonl" >/dev/null; then
    "$M" extract -j 1 "$T/dev.jsonl" >"$T/dev1.out" 2>"$T/dev1.err"
    "$M" extract -j 2 "$T/dev.jsonl" >"$T/dev2.out" 2>"$T/dev2.err"
    [ -s "$T/dev1.out" ] && ok || bad "dev: records written"
    same "dev: -j 2 records equal -j 1" "$T/dev1.out" "$T/dev2.out"
    same "dev: -j 2 errors equal -j 1" "$T/dev1.err" "$T/dev2.err"
    "$M" extract -j 2 --unordered "$T/dev.jsonl" | sort >"$T/devu.sorted"
    sort "$T/dev1.out" >"$T/dev1.sorted"
    same "dev: --unordered writes the same set of lines" "$T/dev1.sorted" "$T/devu.sorted"
else
    echo "dev articles absent: the dev part is skipped"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
