#!/usr/bin/env python3
"""check_records_jsonl.py INPUT.jsonl[.gz] OUTPUT.jsonl [--all] [--quiet]

Checks the marsad/1 records that `marsad extract` wrote for a JSON Lines
input, pairing each record with its article by doc.id (an article without
an id is INPUT:LINE, as the reader names it):
  - every output line is one valid JSON object with the record's fields;
  - doc.chars is the article's length in code points;
  - every span of the record (mentions, triggers, also, actors, places,
    quantities, date expressions, sources, framing) lies inside the text and
    equals the evidence text it claims;
  - modality, source_type and confidence take their documented values.
With --all every article must have a record (none failed).  Prints a
summary and the first failures; exits 1 when any check failed.  The
single-text variant is check_record.py."""
import gzip
import json
import sys

MODALITY = {"asserted", "claimed", "denied", "negated", "future", "hypothetical"}
SOURCE_TYPE = {"outlet", "correspondent", "anonymous", "local", "official", "organization",
               "witness", "media"}


def articles(path):
    """id -> text, as marsad's reader sees it (a NUL is repaired to U+FFFD)."""
    opener = gzip.open if path.endswith(".gz") else open
    out = {}
    with opener(path, "rt", encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                o = json.loads(line)
            except (ValueError, RecursionError):
                continue  # the reader refuses it too
            if not isinstance(o, dict) or not isinstance(o.get("text"), str):
                continue
            i = o.get("id")
            if isinstance(i, bool) or i is None or i == "":
                i = f"{path}:{n}"
            elif not isinstance(i, str):
                i = json.dumps(i)
            out[i] = o["text"].replace("\x00", "\ufffd")
    return out


class Checker:
    def __init__(self, quiet):
        self.ok = self.bad = 0
        self.quiet = quiet
        self.shown = 0

    def check(self, cond, what):
        if cond:
            self.ok += 1
            return
        self.bad += 1
        if self.shown < 30 and not self.quiet:
            print("FAIL:", what)
            self.shown += 1

    def span(self, text, where, s, e, claim):
        if not isinstance(s, int) or not isinstance(e, int) or isinstance(s, bool):
            return
        inside = 0 <= s <= e <= len(text)
        self.check(inside, f"{where}: [{s}:{e}] outside the text of {len(text)} chars")
        if inside and claim is not None:
            self.check(text[s:e] == claim,
                       f"{where}: [{s}:{e}] is {text[s:e]!r}, the record says {claim!r}")

    def walk(self, text, where, v):
        """Every object with a span: {start,end,text}, {text_start,text_end,text}
        (dates) and {source,start,end} (attributions)."""
        if isinstance(v, list):
            for x in v:
                self.walk(text, where, x)
            return
        if not isinstance(v, dict):
            return
        claim = v.get("source") if "source" in v else v.get("text")
        if "start" in v and "end" in v and (claim is None or isinstance(claim, str)):
            self.span(text, where, v["start"], v["end"], claim)
        if "text_start" in v:
            self.span(text, where + " date", v["text_start"], v.get("text_end"), v.get("text"))
        for k, x in v.items():
            if k != "doc":
                self.walk(text, where, x)


def main(argv):
    flags = [a for a in argv[1:] if a.startswith("--")]
    args = [a for a in argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        print(__doc__.split("\n")[0], file=sys.stderr)
        return 2
    texts = articles(args[0])
    c = Checker("--quiet" in flags)
    seen = set()
    records = 0
    with open(args[1], encoding="utf-8", errors="strict") as f:
        for n, line in enumerate(f, 1):
            where = f"{args[1]}:{n}"
            try:
                r = json.loads(line)
            except ValueError as e:
                c.check(False, f"{where}: not valid JSON: {e}")
                continue
            records += 1
            c.check(isinstance(r, dict) and r.get("schema") == "marsad/1", f"{where}: schema")
            if not isinstance(r, dict):
                continue
            for k in ("marsad", "doc", "mentions", "events", "framing"):
                c.check(k in r, f"{where}: no field {k}")
            doc = r.get("doc") or {}
            i = doc.get("id")
            c.check(i in texts, f"{where}: doc.id {i!r} is not an input article")
            if i not in texts:
                continue
            c.check(i not in seen, f"{where}: a second record for {i!r}")
            seen.add(i)
            text = texts[i]
            c.check(doc.get("chars") == len(text),
                    f"{where}: doc.chars {doc.get('chars')} but the text has {len(text)}")
            where = f"{where} ({i})"
            c.walk(text, where, {k: v for k, v in r.items() if k != "doc"})
            for e in r.get("events", []):
                c.check(e.get("modality") in MODALITY, f"{where} {e.get('id')}: modality")
                a = e.get("attribution") or {}
                c.check(a.get("source_type") in SOURCE_TYPE, f"{where} {e.get('id')}: source_type")
                conf = e.get("confidence")
                c.check(isinstance(conf, (int, float)) and 0 <= conf <= 1,
                        f"{where} {e.get('id')}: confidence {conf}")
    if "--all" in flags:
        missing = [i for i in texts if i not in seen]
        c.check(not missing, f"{len(missing)} articles have no record, e.g. {missing[:3]}")
    print(f"{len(texts)} articles, {records} records, {c.ok} checks passed, {c.bad} failed")
    return 1 if c.bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
