# lib.sh -- shared by the shell tests (sourced): MARSAD SRCDIR arguments, a
# scratch directory T removed at exit, pass/fail counters and helpers.
# Usage: . "$(dirname "$0")/lib.sh" "$@"   ...   finish
set -u
M=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
expect_rc() { # want cmd...
    want=$1; shift
    "$@" >"$T/out" 2>"$T/err"; rc=$?
    if [ "$rc" -eq "$want" ]; then ok; else bad "exit $rc, want $want: $*"; cat "$T/err" >&2; fi
}
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
