#!/usr/bin/env python3
"""check_floor.py MARSAD DEV_DIR FLOOR_FILE -- runs `marsad eval --json` on the
dev set and fails when a headline figure falls below its floor."""
import json
import os
import subprocess
import sys

marsad, dev, floor_file = sys.argv[1:4]
if not os.path.isdir(dev):
    print(f"skipped: the dev set {dev} is not here (it is in CI, beside the repository)")
    sys.exit(0)
floors = {}
for line in open(floor_file, encoding="utf-8"):
    if line.strip() and not line.startswith("#"):
        k, v = line.split()
        floors[k] = float(v)
out = subprocess.run([marsad, "eval", "--json", dev], capture_output=True, text=True)
d = json.loads(out.stdout)
got = {
    "event_f1": d["events"]["classification"]["f1"],
    "argument_f1": d["arguments"]["micro"]["f1"],
    "modality": d["attributes"]["modality"]["accuracy"],
    "source_type": d["attributes"]["source_type"]["accuracy"],
}
bad = 0
for k, v in floors.items():
    ok = got[k] >= v
    bad += not ok
    print(f"{k:12s} {got[k]:.3f}  floor {v:.3f}  {'ok' if ok else 'BELOW THE FLOOR'}")
print(f"{len(floors) - bad} passed, {bad} failed")
sys.exit(1 if bad else 0)
