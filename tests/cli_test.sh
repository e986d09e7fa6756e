#!/bin/sh
# cli_test.sh MARSAD SRCDIR -- the command's behaviour: versions, help,
# usage errors (exit 2 with a hint), missing and bad files (exit 1, the
# rest still processed), stdin, empty input.
. "$(dirname "$0")/lib.sh" "$@"

expect_rc 0 "$M" --version
grep -q '^marsad 0\.1\.0 (knowledge base ' "$T/out" && ok || bad "--version output"
expect_rc 0 "$M" help
grep -q 'tokenize' "$T/out" && ok || bad "help lists tokenize"
expect_rc 0 "$M" help tokenize
grep -q '^usage: marsad tokenize' "$T/out" && ok || bad "help tokenize"
expect_rc 2 "$M"
grep -q "Try 'marsad help'" "$T/err" && ok || bad "usage hint"
expect_rc 2 "$M" frobnicate
expect_rc 2 "$M" tokenize --bogus
grep -q "Try 'marsad help tokenize'" "$T/err" && ok || bad "tokenize usage hint"
expect_rc 2 "$M" help frobnicate

# a missing file is reported and the others still processed
printf 'قال' >"$T/a.txt"
expect_rc 1 "$M" tokenize "$T/missing.txt" "$T/a.txt"
grep -q 'missing.txt: cannot open' "$T/err" && ok || bad "missing file message"
grep -q 'قال' "$T/out" && ok || bad "other file still processed"

# stdin, empty input, invalid bytes
printf 'قال' | "$M" tokenize >"$T/out" 2>&1 && grep -q 'قال' "$T/out" && ok || bad "stdin"
: >"$T/empty.txt"
expect_rc 0 "$M" tokenize "$T/empty.txt"
[ ! -s "$T/out" ] && ok || bad "empty input gives no tokens"
printf 'a\377b' >"$T/bad.txt"
expect_rc 0 "$M" tokenize "$T/bad.txt"
grep -q '1 invalid UTF-8 sequence' "$T/err" && ok || bad "invalid UTF-8 is reported"

# a directory given as a file
expect_rc 1 "$M" tokenize "$T"

# --kb-dir with the repository's data and with a broken copy
expect_rc 0 "$M" tokenize --kb-dir "$SRC/data" "$T/a.txt"
mkdir "$T/kb" && cp "$SRC"/data/*.tsv "$SRC"/data/kb-version.txt "$T/kb/"
printf 'x\tnot-a-number\tunit\n' >>"$T/kb/numbers.tsv"
expect_rc 1 "$M" tokenize --kb-dir "$T/kb" "$T/a.txt"
grep -q 'numbers.tsv:[0-9]*: value' "$T/err" && ok || bad "data error names file:line"

# JSON Lines output is one valid JSON object a line
if command -v python3 >/dev/null; then
    "$M" tokenize --json "$SRC/samples/sputnik-hasakah-prison.txt" |
        python3 -c 'import sys,json; [json.loads(l) for l in sys.stdin]' && ok || bad "--json"
fi

finish
