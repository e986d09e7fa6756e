#!/bin/sh
# extract_cli_test.sh MARSAD SRCDIR -- marsad extract's inputs, formats and
# errors: JSON Lines with a malformed line (reported with file:line, the
# rest processed, exit 1), text files, --format table, --pretty, usage errors.
. "$(dirname "$0")/lib.sh" "$@"
cat >"$T/in.jsonl" <<'J'
{"id": "a1", "text": "قصفت طائرات التحالف مواقع للحوثيين في صعدة أمس.", "published": "2015-07-21", "outlet": "test"}
{"id": "a2", "text": broken
{"id": "a3", "text": "اعتقلت الشرطة العراقية 5 أشخاص في بغداد.", "published": "2015-07-21"}
J
"$M" extract "$T/in.jsonl" >"$T/out" 2>"$T/err"; rc=$?
[ "$rc" -eq 1 ] && ok || bad "exit $rc with a malformed line, want 1"
grep -q 'in.jsonl:2' "$T/err" && ok || bad "error names file:line"
[ "$(wc -l <"$T/out")" -eq 2 ] && ok || bad "the two good records are written"
python3 -c 'import sys,json; [json.loads(l) for l in open(sys.argv[1])]' "$T/out" && ok || bad "valid JSON Lines"
grep -q '"type":"airstrike"' "$T/out" && ok || bad "an airstrike in a1"
grep -q '"date":{"start":"2015-07-20"' "$T/out" && ok || bad "أمس resolved to 2015-07-20"
grep -q '"type":"arrest"' "$T/out" && ok || bad "an arrest in a3"
"$M" extract --format table "$SRC/samples/sputnik-hasakah-prison.txt" >"$T/table" && ok || bad "table"
grep -q 'prisoner-transfer' "$T/table" && ok || bad "table lists the transfer"
"$M" extract --pretty "$SRC/samples/sputnik-hasakah-prison.txt" >"$T/pretty" && ok || bad "pretty"
python3 -c 'import sys,json; json.load(open(sys.argv[1]))' "$T/pretty" && ok || bad "pretty is one JSON document"
printf 'قال مصدر أمني إن مسلحين هاجموا نقطة تفتيش.' | "$M" extract --published 2015-07-21 - >"$T/stdin" && ok || bad "stdin"
"$M" extract --format nope x 2>/dev/null; [ $? -eq 2 ] && ok || bad "bad format is a usage error"
"$M" extract --published 21/07/2015 x 2>/dev/null; [ $? -eq 2 ] && ok || bad "bad date is a usage error"
"$M" extract "$T/missing.txt" 2>"$T/err"; [ $? -eq 1 ] && ok || bad "missing file exit 1"
# marsad eval --ner FILE.conll tags the file's tokens with the built-in tagger
printf 'وصل\tO\nأحمد\tB-PERS\nإلى\tO\nبغداد\tB-LOC\n\nقالت\tO\nالأمم\tB-ORG\nالمتحدة\tI-ORG\n' >"$T/g.conll"
"$M" eval --ner "$T/g.conll" >"$T/ner" 2>"$T/err" && ok || bad "eval --ner FILE"
grep -q 'micro' "$T/ner" && ok || bad "eval --ner prints a micro line"
finish
