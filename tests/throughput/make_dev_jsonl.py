#!/usr/bin/env python3
"""make_dev_jsonl.py DEVDIR OUT -- writes the dev articles (DEVDIR/*.txt, with
published and outlet from each NAME.gold.json) as JSON Lines.  Exits 77
(skip) when DEVDIR has no articles."""
import glob
import json
import os
import sys

dev, out = sys.argv[1], sys.argv[2]
paths = sorted(glob.glob(os.path.join(dev, "*.txt")))
if not paths:
    print("no dev articles in %s: skipped" % dev)
    sys.exit(77)
with open(out, "w", encoding="utf-8") as f:
    for p in paths:
        doc = {"id": os.path.basename(p)[:-4]}
        gold = p[:-4] + ".gold.json"
        if os.path.exists(gold):
            with open(gold, encoding="utf-8") as g:
                meta = json.load(g).get("doc", {})
            for k in ("published", "outlet"):
                if meta.get(k):
                    doc[k] = meta[k]
        with open(p, encoding="utf-8", errors="surrogateescape") as t:
            doc["text"] = t.read()
        f.write(json.dumps(doc, ensure_ascii=False) + "\n")
