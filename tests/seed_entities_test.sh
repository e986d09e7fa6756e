#!/bin/sh
# seed_entities_test.sh MARSAD SRCDIR -- the knowledge-base issue's checks on
# the seed article: al-Hasakah's places within 10 km of its centre, curated
# places with points, القوات الأمريكية -> USAMIL, ISO3 countries.
set -u
M=$1
SRC=$2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$M" entities --json --published 2022-01-27 "$SRC/samples/sputnik-hasakah-prison.txt" >"$out" ||
    { echo "entities failed"; exit 1; }
python3 - "$out" <<'PY'
import json, math, sys
ms = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
def km(a, b, c, d):
    r = math.pi / 180
    x = math.sin((c - a) * r / 2) ** 2 + math.cos(a * r) * math.cos(c * r) * math.sin((d - b) * r / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(x))
ok = bad = 0
def check(cond, what):
    global ok, bad
    if cond: ok += 1
    else:
        bad += 1
        print("FAIL:", what)
def place(text):
    return [m["place"] for m in ms if m["kind"] == "place" and text in m["text"] and m["place"]]
for name in ("غويران", "سجن الصناعة"):
    ps = place(name)
    check(ps and ps[0]["lat"] is not None and km(36.50, 40.75, ps[0]["lat"], ps[0]["lon"]) <= 10,
          f"{name} within 10 km of al-Hasakah")
for name in ("بادية البوكمال", "جبل البشري", "جسر البيروتي"):
    ps = place(name)
    check(ps and ps[0]["place_id"].startswith("marsad:") and ps[0]["lat"] is not None,
          f"{name} from the curated supplement with a point")
check(any(m["kind"] == "actor" and m["text"] == "القوات الأمريكية" and m["code"] == "USAMIL" for m in ms),
      "القوات الأمريكية -> USAMIL")
check(all(len(m["place"]["country"]) == 3 for m in ms if m["kind"] == "place" and m["place"] and m["place"]["country"]),
      "countries are ISO3")
print(f"{ok} passed, {bad} failed")
sys.exit(1 if bad else 0)
PY
