#!/usr/bin/env python3
"""utf8_python_check.py MARSAD -- random byte strings repaired by marsad agree
with Python's bytes.decode('utf-8', 'replace') (NUL, which marsad treats as
invalid, is U+FFFD on our side and U+0000 on Python's: one code point each)."""
import random
import subprocess
import sys

marsad = sys.argv[1]
rnd = random.Random(20261124)
pool = [b"\x80", b"\xbf", b"\xc0", b"\xc2", b"\xdf", b"\xe0", b"\xe1", b"\xed", b"\xef", b"\xf0",
        b"\xf4", b"\xf5", b"\xff", b"\xa0", b"\x9f", b"\x90", b"\x8f", b"a", b"\x00", "ح".encode(),
        "😀".encode(), b"\xe2\x82", b"\xf0\x9f\x98"]
passed = failed = 0
for i in range(300):
    data = b"".join(rnd.choice(pool) for _ in range(rnd.randint(0, 24)))
    want = data.decode("utf-8", "replace").replace("\x00", "\ufffd")
    # --only with no folds: repair only
    got = subprocess.run([marsad, "normalize", "--only", "", "-"], input=data,
                         capture_output=True).stdout.decode("utf-8")
    if got == want:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {data!r}: want {want!r} got {got!r}", file=sys.stderr)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
