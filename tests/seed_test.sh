#!/bin/sh
# seed_test.sh MARSAD SRCDIR -- the foundation issue's checks on the bundled
# seed article: its sentences, and the segmentations and numbers it names.
set -u
M=$1
SRC=$2
F="$SRC/samples/sputnik-hasakah-prison.txt"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$M" tokenize "$F" >"$out" || { echo "tokenize failed"; exit 1; }
pass=0
fail=0
has() { # text kind seg value
    if awk -F'\t' -v t="$1" -v k="$2" -v s="$3" -v v="$4" \
        '$5==t && $4==k && $7==s && $8==v {f=1} END {exit !f}' "$out"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1)); echo "FAIL: no token $1 ($2, $3, $4)" >&2
    fi
}
has والاشتباكات word و+ال+اشتباكات ""
has والزهور word و+ال+زهور ""
has بالطبع word ب+ال+طبع ""
has بمدينة word ب+مدينة ""
has وسط word وسط ""
has لـ word ل ""
has داعش word داعش ""
has "“" punct "“" ""
has 750 number 750 750
has ثلاث number ثلاث 3
n=$("$M" tokenize --sentences "$F" | wc -l)
if [ "$n" -ge 10 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $n sentences" >&2; fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
