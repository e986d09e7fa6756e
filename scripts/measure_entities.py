#!/usr/bin/env python3
"""measure_entities.py [MARSAD] [DEV_DIR] -- the knowledge-base issue's figures
on a gold set: share of gold place spans (location, origin, destination) found
as place mentions; of those with gold coordinates, the share resolved within
10 km (and 161 km); share of gold actor codes (actor, recipient) among the
article's resolved actors.  --verbose lists the misses."""
import json
import math
import os
import subprocess
import sys

argv = sys.argv[1:]
floor = None
if "--floor" in argv:  # --floor SPANS,GEO10,ACTORS (percent): exit 1 below any
    i = argv.index("--floor")
    floor = [float(x) for x in argv[i + 1].split(",")]
    del argv[i:i + 2]
args = [a for a in argv if not a.startswith("--")]
verbose = "--verbose" in argv
marsad = args[0] if args else "build/marsad"
dev = args[1] if len(args) > 1 else "../shared/eval/dev"
if not os.path.isdir(dev):
    print(f"skipped: the dev set {dev} is not here (it is in CI, beside the repository)")
    sys.exit(0)


def km(a, b, c, d):
    r = math.pi / 180
    x = math.sin((c - a) * r / 2) ** 2 + math.cos(a * r) * math.cos(c * r) * math.sin((d - b) * r / 2) ** 2
    return 2 * 6371 * math.asin(min(1, math.sqrt(x)))


spans = found = with_coords = within10 = within161 = 0
codes = codes_found = 0
for name in sorted(os.listdir(dev)):
    if not name.endswith(".gold.json"):
        continue
    gold = json.load(open(os.path.join(dev, name), encoding="utf-8"))
    txt = os.path.join(dev, name[:-len(".gold.json")] + ".txt")
    pub = gold["doc"].get("published") or ""
    out = subprocess.run([marsad, "entities", "--json", "--published", pub, txt],
                         capture_output=True, text=True).stdout
    ments = [json.loads(l) for l in out.splitlines() if l.strip()]
    places = [m for m in ments if m["kind"] == "place"]
    actors = {m["code"] for m in ments if m["kind"] == "actor" and m.get("code")}
    seen_spans = set()
    gold_codes = set()
    for ev in gold["events"]:
        for slot in ("location", "origin", "destination"):
            g = ev.get(slot)
            if not g or (g["start"], g["end"]) in seen_spans:
                continue
            seen_spans.add((g["start"], g["end"]))
            spans += 1
            hit = [p for p in places if p["start"] < g["end"] and g["start"] < p["end"]]
            if hit:
                found += 1
                if g.get("lat") is not None:
                    with_coords += 1
                    pl = hit[0].get("place") or {}
                    if pl.get("lat") is not None:
                        dist = km(g["lat"], g["lon"], pl["lat"], pl["lon"])
                        within10 += dist <= 10
                        within161 += dist <= 161
                        if dist > 10 and verbose:
                            print(f"{name}: {g['text']} -> {hit[0]['text']} {pl.get('place_id')} {dist:.0f} km")
                    elif verbose:
                        print(f"{name}: {g['text']} -> no coordinates")
            elif verbose:
                print(f"{name}: missed place {g['text']!r}")
        gold_codes.update(ev.get("actor") or [])
        gold_codes.update(ev.get("recipient") or [])
    codes += len(gold_codes)
    codes_found += len(gold_codes & actors)
    if verbose:
        for c in sorted(gold_codes - actors):
            print(f"{name}: missed actor {c}")


def pct(a, b):
    return f"{a}/{b} = {100 * a / b:.1f}%" if b else "n/a"


print(f"gold place spans found as place mentions: {pct(found, spans)}")
print(f"  of those with gold coordinates, within 10 km: {pct(within10, with_coords)}")
print(f"  within 161 km: {pct(within161, with_coords)}")
print(f"gold actor codes among resolved actors: {pct(codes_found, codes)}")
if floor:
    got = [100 * found / max(spans, 1), 100 * within10 / max(with_coords, 1),
           100 * codes_found / max(codes, 1)]
    bad = [f"{n} {g:.1f}% < {f}%" for n, g, f in zip(("spans", "geo@10km", "actors"), got, floor)
           if g < f]
    print(f"{3 - len(bad)} passed, {len(bad)} failed")
    for b in bad:
        print("below the floor:", b)
    sys.exit(1 if bad else 0)
