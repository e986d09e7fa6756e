#!/bin/sh
# cli_eval.sh MARSAD FIXTURES -- `marsad eval` end to end: the table, JSON
# and verbose output on a fixture directory, malformed gold files and
# records (reported with file and line, exit 1, the rest still scored),
# `marsad eval DIR` without articles, usage errors, and --ner.
. "$(dirname "$0")/../lib.sh" "$@"
F=$SRC
has() { # file pattern what
    if grep -q -- "$2" "$1"; then ok; else bad "$3: no '$2' in $1"; sed 's/^/  | /' "$1" >&2; fi
}
row() { # label P R F1 tp fp fn: one line of the total table
    if grep -Eq "^ +$1 +$2 +$3 +$4 +$5 +$6 +$7\$" "$T/out"; then ok; else
        bad "row '$1' is not $2 $3 $4 $5 $6 $7"; grep -E "^ +$1 " "$T/out" >&2
    fi
}

# ---- the fixture set: alpha (a type mismatch, an `also` match and a
# second prediction of it), beta (right, one place without coordinates),
# gamma (no record: all misses), and a record for a document without gold
expect_rc 0 "$M" eval --gold "$F/gold" --pred "$F/pred.jsonl"
has "$T/out" "3 documents scored, 0 skipped; 4 gold events, 4 predicted" "summary line"
row "identification" 0.750 0.750 0.750 3 1 1
row "classification \(event F1\)" 0.500 0.500 0.500 2 2 2
row "actor" 0.750 0.600 0.667 3 1 2
row "quantities" 1.000 1.000 1.000 1 0 0
row "destination" - - - 0 0 0
row "arrested" - 0.000 0.000 0 0 1
row "all slots \(argument F1\)" 0.917 0.733 0.815 11 1 4
has "$T/out" "^  modality  *0.667  *2  *3$" "modality accuracy"
has "$T/out" "^  acc@10km  *0.667  *2  *3$" "acc@10km"
has "$T/out" "^  gamma$" "gamma listed without a prediction"
has "$T/err" 'no record for document "gamma"' "missing record reported"
has "$T/err" "1 record(s) for documents without a gold file" "extra record reported"

expect_rc 0 "$M" eval --gold "$F/gold" --pred "$F/pred.jsonl" --verbose
has "$T/out" "^== alpha" "per-document section"
has "$T/out" "spurious  event       airstrike «raid» 10-14 (a second prediction" "second prediction"
has "$T/out" "type      event       predicted shelling  in armed-clash" "type mismatch"
has "$T/out" "missed    actor       ISIS  in armed-clash" "missed argument"
has "$T/out" "geocoding origin      «Tadmr» 20-25 (no coordinates predicted)" "geocoding note"
has "$T/out" "missed    arrested    2  in arrest" "missed count"

expect_rc 0 "$M" eval --gold "$F/gold" --pred "$F/pred.jsonl" --json --verbose
if command -v python3 >/dev/null; then
    if python3 - "$T/out" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
assert j["documents"] == 3 and j["skipped"] == 0, j
assert j["events"]["classification"]["f1"] == 0.5
assert j["arguments"]["destination"]["f1"] is None
assert j["geocoding"]["acc@161km"]["total"] == 3
assert j["types"]["shelling"]["fp"] == 1
assert j["no_prediction"] == ["gamma"]
docs = {d["id"]: d for d in j["per_document"]}
assert docs["gamma"]["status"] == "no-prediction"
assert any(n["kind"] == "type" for n in docs["alpha"]["notes"])
EOF
    then ok; else bad "--json output"; fi
else
    has "$T/out" '"classification": {"tp": 2' "--json output"
fi

# ---- malformed inputs: a broken gold file and a broken record are
# reported with file and line; those documents are skipped and counted
mkdir "$T/gold"
cp "$F"/gold/*.gold.json "$T/gold/"
printf '{\n  "doc": {"id": "delta"},\n  "events": [,]\n}\n' >"$T/gold/delta.gold.json"
sed '2s/.\{40\}$//' "$F/pred.jsonl" >"$T/pred.jsonl" # beta's record, cut short
expect_rc 1 "$M" eval --gold "$T/gold" --pred "$T/pred.jsonl"
has "$T/err" "delta.gold.json:3: invalid JSON" "broken gold file named with its line"
has "$T/err" "pred.jsonl:2: invalid JSON" "broken record named with its line"
has "$T/out" "2 documents scored, 2 skipped" "the others are still scored"
has "$T/out" "beta.gold.json: its record ($T/pred.jsonl:2) is malformed" "beta skipped"
has "$T/out" "delta.gold.json: line 3: invalid JSON" "delta skipped"
row "identification" 0.667 0.667 0.667 2 1 1

# a record of the wrong shape
printf '%s\n' '{"doc": {"id": "beta"}, "events": [{"type": "x", "trigger": {"start": 9, "end": 2}}]}' \
    >"$T/shape.jsonl"
expect_rc 1 "$M" eval --gold "$F/gold" --pred "$T/shape.jsonl"
has "$T/err" 'shape.jsonl:1: events\[0\].trigger: "end" (2) is before "start" (9)' "field error"

# a missing prediction file, an empty gold directory
expect_rc 1 "$M" eval --gold "$F/gold" --pred "$T/none.jsonl"
has "$T/err" "none.jsonl: cannot open" "missing prediction file"
mkdir "$T/empty"
expect_rc 1 "$M" eval --gold "$T/empty" --pred "$F/pred.jsonl"
has "$T/err" "no \*.gold.json files" "empty gold directory"

# ---- eval DIR: extraction of each NAME.txt; these gold files have no
# article beside them, which is reported per document (exit 1)
expect_rc 1 "$M" eval "$F/gold"
has "$T/err" "alpha.txt: cannot open" "eval DIR names the missing article"

# ---- usage errors
expect_rc 2 "$M" eval
expect_rc 2 "$M" eval --gold "$F/gold"
expect_rc 2 "$M" eval --pred "$F/pred.jsonl"
expect_rc 2 "$M" eval --bogus
has "$T/err" "Try 'marsad help eval'" "usage hint"
expect_rc 0 "$M" eval --ner "$F/gold.conll"   # tagged by the built-in tagger
expect_rc 2 "$M" eval --ner "$F/gold.conll" --gold "$F/gold" --pred "$F/pred.conll"
expect_rc 0 "$M" help eval
has "$T/out" "^usage: marsad eval DIR" "help eval"

# ---- NER
expect_rc 0 "$M" eval --ner "$F/gold.conll" --pred "$F/pred.conll"
row "LOC" 0.000 0.000 0.000 0 1 1
row "MISC" 0.000 - 0.000 0 1 0
row "PERS" 1.000 1.000 1.000 1 0 0
row "micro" 0.500 0.667 0.571 2 2 1
expect_rc 0 "$M" eval --ner "$F/gold.conll" --pred "$F/pred.conll" --json
has "$T/out" '"micro": {"tp": 2, "fp": 2, "fn": 1' "NER JSON"
sed '4s/^New/Old/' "$F/pred.conll" >"$T/shifted.conll"
expect_rc 1 "$M" eval --ner "$F/gold.conll" --pred "$T/shifted.conll"
has "$T/err" "shifted.conll:4: token 4 is \"Old\" but .*gold.conll line 4 has \"New\"" \
    "token mismatch with line numbers"

echo "cli_eval: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
