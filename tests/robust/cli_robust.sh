#!/bin/sh
# cli_robust.sh MARSAD SRCDIR [sanitized] -- `marsad extract` on bad input
# (docs/robustness.md): empty input, missing and unreadable files, a
# directory with a binary file, malformed JSON lines, 100 MB documents, the
# token limits, the worst case at the analysis limit, exit statuses 0/1/2.
# Inputs are written under a temp directory and removed.  With "sanitized"
# (an ASan build) the two tests that need several hundred MB are skipped.
set -u
M=$1
SRC=$2
SAN=${3:-}
W=$(mktemp -d "${TMPDIR:-/tmp}/marsad-robust.XXXXXX")
trap 'chmod -R u+rwx "$W" 2>/dev/null; rm -rf "$W"' EXIT
fails=0
n=0

fail() {
    echo "FAIL: $*" >&2
    fails=$((fails + 1))
}

# run NAME EXPECTED-STATUS ARGS...: runs `marsad extract ARGS`, stdout in
# $W/out, stderr in $W/err, and checks the exit status.
run() {
    name=$1
    want=$2
    shift 2
    n=$((n + 1))
    "$M" extract "$@" >"$W/out" 2>"$W/err" </dev/null
    got=$?
    [ "$got" -eq "$want" ] || fail "$name: exit status $got, expected $want; stderr: $(head -c 400 "$W/err")"
}

# Prints the peak memory of a command in MB (python3's getrusage of the
# child) and its exit status; callers split the two with `set --`.
peak_mb() {
    python3 - "$@" <<'EOF'
import resource, subprocess, sys
args = sys.argv[1:]
stdin = None
if args[0] == "<":
    stdin = open(args[1], "rb")
    args = args[2:]
p = subprocess.run(args, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
sys.stderr.buffer.write(p.stderr)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, p.returncode)
EOF
}

lines() { wc -l <"$1" | tr -d ' '; }

has() { grep -q -- "$2" "$1" || fail "$3: '$2' not in $(basename "$1"): $(head -c 400 "$1")"; }

# ---- empty input: no error ----
: >"$W/empty.txt"
run "empty text file" 0 "$W/empty.txt"
[ "$(lines "$W/out")" -eq 1 ] || fail "an empty text file gives one record with no events"
has "$W/out" '"chars":0' "empty text file"
: >"$W/empty.jsonl"
run "empty JSON Lines file" 0 "$W/empty.jsonl"
[ ! -s "$W/out" ] || fail "an empty JSON Lines file gives no record"
n=$((n + 1))
"$M" extract - </dev/null >"$W/out" 2>"$W/err" || fail "empty standard input: exit status $?"
if [ -s "$W/out" ] || [ -s "$W/err" ]; then fail "empty standard input gives nothing"; fi

# ---- a missing file: reported, the other inputs processed, status 1 ----
printf 'قتل خمسة مدنيين في قصف على حلب.\n' >"$W/good.txt"
run "missing file" 1 "$W/nope.txt" "$W/good.txt"
has "$W/err" "nope.txt: cannot open" "missing file"
[ "$(lines "$W/out")" -eq 1 ] || fail "missing file: the other file is still processed"

# ---- an unreadable file ----
# Root reads a chmod 000 file: as root the command runs as nobody (setpriv)
# when it can, else the case is skipped.
cp "$W/good.txt" "$W/locked.txt"
chmod 000 "$W/locked.txt"
as=""
if [ "$(id -u)" -eq 0 ]; then
    if command -v setpriv >/dev/null && chmod 755 "$W" &&
        setpriv --reuid=nobody --regid=nogroup --clear-groups "$M" --version >/dev/null 2>&1; then
        as="setpriv --reuid=nobody --regid=nogroup --clear-groups"
    else
        as=skip
        echo "skipped: unreadable file (running as root, which reads a chmod 000 file)" >&2
    fi
fi
if [ "$as" != skip ]; then
    n=$((n + 1))
    $as "$M" extract "$W/locked.txt" "$W/good.txt" >"$W/out" 2>"$W/err" </dev/null
    st=$?
    [ "$st" -eq 1 ] || fail "unreadable file: exit status $st, expected 1"
    has "$W/err" "locked.txt: cannot open: Permission denied" "unreadable file"
    [ "$(lines "$W/out")" -eq 1 ] || fail "unreadable file: the other file is still processed"
fi
chmod 644 "$W/locked.txt"

# ---- a directory with a binary file among text files ----
mkdir "$W/dir"
printf 'قتل خمسة مدنيين في قصف على حلب.\n' >"$W/dir/a.txt"
printf '\177ELF\002\001\001\000\000\000binary' >"$W/dir/b.bin"
head -c 4096 /dev/urandom >"$W/dir/c.dat"
printf 'اعتقلت الشرطة ثلاثة أشخاص في دمشق.\n' >"$W/dir/d.txt"
run "directory with binary files" 1 "$W/dir"
has "$W/err" "b.bin: binary file" "directory"
has "$W/err" "c.dat: binary file" "directory"
[ "$(lines "$W/out")" -eq 2 ] || fail "directory: the two text files give two records, not $(lines "$W/out")"
has "$W/out" '"id":"a"' "directory"
has "$W/out" '"id":"d"' "directory"

# ---- malformed JSON lines among good ones ----
{
    printf '{"id":"r1","text":"قتل خمسة مدنيين في قصف على حلب."}\n'
    printf '{"id":"r2","text": "ناقص\n'
    printf '{"id":"r3","text":"اعتقلت الشرطة ثلاثة أشخاص."}\n'
    printf '[1, 2]\n'
    printf '{"id":"r5"}\n'
    printf '{"id":"r6","text":"\\u0000 نص"}\n'
    printf '{"id":"r7","text":"x","a":%s%s}\n' "$(printf '%03000d' 0 | tr 0 '[')" "$(printf '%03000d' 0 | tr 0 ']')"
    printf '{"id":"r8","text":"هاجم مسلحون حاجزا في الأنبار."}'
} >"$W/mixed.jsonl"
run "malformed JSON lines" 1 "$W/mixed.jsonl"
has "$W/err" "mixed.jsonl:2: malformed JSON" "malformed lines"
has "$W/err" "mixed.jsonl:4: not a JSON object" "malformed lines"
has "$W/err" 'mixed.jsonl:5: no "text" member' "malformed lines"
has "$W/err" "mixed.jsonl:7: JSON nested deeper than the limit MARSAD_MAX_JSON_DEPTH" "JSON depth"
[ "$(grep -c . "$W/err")" -eq 4 ] || fail "malformed lines: 4 errors expected: $(cat "$W/err")"
ids=$(sed -n 's/.*"doc":{"id":"\([^"]*\)".*/\1/p' "$W/out" | tr '\n' ' ')
[ "$ids" = "r1 r3 r6 r8 " ] || fail "malformed lines: records '$ids', expected 'r1 r3 r6 r8 '"
if command -v python3 >/dev/null; then
    python3 "$SRC/tests/check_records_jsonl.py" "$W/mixed.jsonl" "$W/out" >"$W/check" ||
        fail "malformed lines: the records do not check: $(cat "$W/check")"
fi

# ---- 100 MB documents: refused with the limit, in bounded memory ----
yes 'قتل خمسة مدنيين في قصف على حلب يوم الثلاثاء.' | head -c 100000000 >"$W/big.txt"
# shellcheck disable=SC2046
set -- $(peak_mb "$M" extract "$W/big.txt" 2>"$W/err")
n=$((n + 1))
[ "$2" -eq 1 ] || fail "100 MB text file: exit status $2, expected 1"
has "$W/err" "MARSAD_MAX_DOC_BYTES" "100 MB text file"
[ "$1" -lt 150 ] || fail "100 MB text file: $1 MB of memory (refused from its size, never read)"
# shellcheck disable=SC2046
set -- $(peak_mb "<" "$W/big.txt" "$M" extract --input text - 2>"$W/err")
n=$((n + 1))
[ "$2" -eq 1 ] || fail "100 MB on standard input: exit status $2, expected 1"
has "$W/err" "MARSAD_MAX_DOC_BYTES" "100 MB on standard input"
[ "$1" -lt 400 ] || fail "100 MB on standard input: $1 MB of memory"
{
    printf '{"id":"big","text":"'
    tr -d '\n' <"$W/big.txt"
    printf '"}\n{"id":"after","text":"اعتقلت الشرطة ثلاثة أشخاص."}\n'
} >"$W/big.jsonl"
rm -f "$W/big.txt"
# shellcheck disable=SC2046
set -- $(peak_mb "$M" extract "$W/big.jsonl" 2>"$W/err")
n=$((n + 1))
[ "$2" -eq 1 ] || fail "a 100 MB JSON line: exit status $2, expected 1"
has "$W/err" "big.jsonl:1: line over the limit" "a 100 MB JSON line"
[ "$1" -lt 400 ] || fail "a 100 MB JSON line: $1 MB of memory"
"$M" extract "$W/big.jsonl" 2>/dev/null | grep -q '"id":"after"' ||
    fail "a 100 MB JSON line: the next line is not processed"
rm -f "$W/big.jsonl"
# a sparse 100 MB file reads as binary (NUL bytes), at once
truncate -s 100M "$W/sparse.txt" 2>/dev/null || dd if=/dev/zero of="$W/sparse.txt" bs=1M count=100 2>/dev/null
run "sparse 100 MB file" 1 "$W/sparse.txt"
has "$W/err" "binary file" "sparse 100 MB file"
rm -f "$W/sparse.txt"

# ---- the token limits ----
yes 'قتل خمسة مدنيين في قصف على حلب يوم الثلاثاء.' | head -c 2000000 >"$W/long.txt"
run "a document over MARSAD_MAX_ANALYSIS_TOKENS" 1 "$W/long.txt" "$W/good.txt"
has "$W/err" "MARSAD_MAX_ANALYSIS_TOKENS" "analysis limit"
[ "$(lines "$W/out")" -eq 1 ] || fail "analysis limit: the next file is still processed"
if [ "$SAN" != sanitized ]; then
    # 2.5 million one-comma tokens: refused by the text stage near 500 MB
    yes ',' | head -c 5000000 >"$W/marks.txt"
    n=$((n + 1))
    # shellcheck disable=SC2046
    set -- $(peak_mb "$M" tokenize "$W/marks.txt" 2>"$W/err")
    rm -f "$W/marks.txt"
    [ "$2" -eq 1 ] || fail "MARSAD_MAX_DOC_TOKENS: exit status $2, expected 1"
    has "$W/err" "MARSAD_MAX_DOC_TOKENS" "document token limit"
    [ "$1" -lt 1200 ] || fail "MARSAD_MAX_DOC_TOKENS: $1 MB of memory"
fi
# the worst case found for extraction: trigger, agent and place words with
# no sentence end (..حلب وقصفت..), 99,000 tokens, just under the analysis
# limit: bounded by the sentence cut (without it, minutes)
# (a third of it in a sanitizer build, several times slower)
reps=33000
[ "$SAN" = sanitized ] && reps=11000
yes 'قصفت الطائرات حلب و' | head -n $reps | tr -d '\n' >"$W/dense.txt"
start=$(date +%s)
run "a dense document of $((3 * reps)) tokens" 0 "$W/dense.txt"
secs=$(($(date +%s) - start))
echo "dense document of $((3 * reps)) tokens: $secs s" >&2
has "$W/out" '"events":\[{' "dense document"

# ---- usage errors: status 2, nothing on standard output ----
for args in "--bogus" "--format xml" "--published 2015-13-01" "--input yaml" "--published"; do
    # shellcheck disable=SC2086
    run "usage: $args" 2 $args "$W/good.txt"
    [ ! -s "$W/out" ] || fail "usage: $args: something on standard output"
    has "$W/err" "marsad help extract" "usage: $args"
done

run "usage: a missing value" 2 "$W/good.txt" --outlet
has "$W/err" "needs a value" "usage: a missing value"

# ---- all good: status 0, one valid record each ----
run "good inputs" 0 "$W/good.txt" "$W/dir/a.txt"
[ "$(lines "$W/out")" -eq 2 ] || fail "good inputs: two records"
[ ! -s "$W/err" ] || fail "good inputs: something on standard error: $(cat "$W/err")"

echo "$n cases, $fails failed" >&2
[ "$fails" -eq 0 ]
