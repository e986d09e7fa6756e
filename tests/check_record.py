#!/usr/bin/env python3
"""check_record.py TEXT RECORDS.jsonl -- every span of marsad/1 records points
at the text it claims: mentions, triggers, also, actors, places, quantities,
dates, attributions, framing.  Also checks the record's required fields."""
import json
import sys

text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
ok = bad = 0


def check(cond, what):
    global ok, bad
    if cond:
        ok += 1
    else:
        bad += 1
        print("FAIL:", what)


def span(obj, where, start="start", end="end", key="text"):
    if obj is None or obj.get(key) is None or obj.get(start) is None:
        return
    s, e = obj[start], obj[end]
    check(0 <= s <= e <= len(text) and text[s:e] == obj[key],
          f"{where}: [{s}:{e}] is {text[s:e]!r}, record says {obj[key]!r}")


for line in open(sys.argv[2], encoding="utf-8"):
    r = json.loads(line)
    check(r["schema"] == "marsad/1", "schema")
    for k in ("marsad", "doc", "mentions", "events", "framing"):
        check(k in r, f"field {k}")
    check(r["doc"]["chars"] == len(text), "doc.chars")
    for m in r["mentions"]:
        span(m, "mention")
    for f in r["framing"]:
        span(f, "framing")
    for e in r["events"]:
        span(e["trigger"], f"{e['id']} trigger")
        for a in e["also"]:
            span(a, f"{e['id']} also")
        for a in e["actor"] + e["recipient"]:
            span(a, f"{e['id']} actor")
            check(a["code"], f"{e['id']} actor code")
        for slot in ("location", "origin", "destination"):
            span(e[slot], f"{e['id']} {slot}")
        for q in e["quantities"]:
            span(q, f"{e['id']} quantity")
        span(e["date"], f"{e['id']} date", "text_start", "text_end")
        a = e["attribution"]
        if a["source"] is not None:
            span({"start": a["start"], "end": a["end"], "text": a["source"]}, f"{e['id']} source")
        check(e["modality"] in ("asserted", "claimed", "denied", "negated", "future", "hypothetical"),
              f"{e['id']} modality {e['modality']}")
        check(a["source_type"] in ("outlet", "correspondent", "anonymous", "local", "official",
                                   "organization", "witness", "media"), f"{e['id']} source_type")
        check(0 <= e["confidence"] <= 1, f"{e['id']} confidence")
print(f"{ok} passed, {bad} failed")
sys.exit(1 if bad else 0)
