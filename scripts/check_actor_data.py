#!/usr/bin/env python3
"""Validate marsad's actor knowledge-base files.

    python3 scripts/check_actor_data.py [--repo DIR]

Checks data/actors.tsv, data/agents.tsv and data/nationalities.tsv:
  * UTF-8, LF line ends, no BOM, a '#'-prefixed column header line naming the
    expected columns, '#' comment lines, no blank lines;
  * the column count of every row, no empty required field, no leading or
    trailing spaces, no tatweel, no Arabic diacritics, no '_' in Arabic text;
  * sectors: PLOVER's sector codes (COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK
    AGR BUS CRM CVL EDU ELI JRN LAB MED REF OPP PRE REL SOC) plus marsad's IGO
    and NGO;
  * ISO3 syntax (three capital letters), dates YYYY-MM-DD that exist and
    date_from <= date_to, number in sg/pl/du, role in the documented set,
    kind in country/adj/group (iso3 empty exactly for group);
  * no empty alias in aliases_ar (| separated), no exact duplicate rows;
  * actors.tsv carries every row of ../shared/eval/ACTOR_CODES.tsv (when that
    file is there) with the same code, sector and country.
Prints file:line: reason for each problem; exits 1 if there was any.
"""

import argparse
import datetime
import os
import re
import sys

SECTORS = set("COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED "
              "REF OPP PRE REL SOC IGO NGO".split())
ROLES = set("soldier officer commander pilot guard policeman official agent minister president "
            "deputy leader governor mayor ambassador diplomat envoy lawmaker judge militant fighter "
            "terrorist mercenary sniper suicide-bomber rebel member spokesman captive victim civilian "
            "resident child woman hostage detainee prisoner protester activist elder journalist "
            "refugee displaced doctor medic student teacher worker cleric".split())
NUMBERS = {"sg", "pl", "du"}
KINDS = {"country", "adj", "group"}
ISO3 = re.compile(r"^[A-Z]{3}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CODE = re.compile(r"^[A-Z][A-Z0-9_]*$")
BAD_AR = re.compile(r"[\u0640\u064B-\u0652\u0670]")  # tatweel, harakat, dagger alef
ARABIC = re.compile(r"[\u0600-\u06FF]")

SPECS = {
    "actors.tsv": ["code", "name_en", "sector", "country", "aliases_ar", "date_from", "date_to", "source"],
    "agents.tsv": ["term_ar", "sector", "role", "number", "source"],
    "nationalities.tsv": ["form_ar", "iso3", "kind", "source"],
}
REQUIRED = {
    "actors.tsv": {"code", "name_en", "sector", "aliases_ar", "source"},
    "agents.tsv": {"term_ar", "sector", "number", "source"},
    "nationalities.tsv": {"form_ar", "kind", "source"},
}


class Checker:
    def __init__(self):
        self.errors = 0

    def err(self, path, line, reason):
        self.errors += 1
        print("%s:%d: %s" % (path, line, reason))

    def arabic_text(self, path, n, what, text):
        if BAD_AR.search(text):
            self.err(path, n, "%s has tatweel or diacritics: %r" % (what, text))
        if "_" in text and ARABIC.search(text):
            self.err(path, n, "%s has '_' (join words with a space): %r" % (what, text))
        if text != text.strip() or "  " in text:
            self.err(path, n, "%s has stray spaces: %r" % (what, text))

    def date(self, path, n, what, s):
        if not s:
            return None
        if not DATE.match(s):
            self.err(path, n, "%s is not YYYY-MM-DD: %r" % (what, s))
            return None
        try:
            return datetime.date(*map(int, s.split("-")))
        except ValueError:
            self.err(path, n, "%s is not a real date: %r" % (what, s))
            return None

    def read(self, path, name):
        """Yield (line number, dict) for each data row, after file-level checks."""
        cols = SPECS[name]
        try:
            raw = open(path, "rb").read()
        except OSError as e:
            self.err(path, 0, "cannot read: %s" % e)
            return
        if raw.startswith(b"\xef\xbb\xbf"):
            self.err(path, 1, "starts with a BOM")
        if b"\r" in raw:
            self.err(path, 1, "has CR characters (use LF line ends)")
        if raw and not raw.endswith(b"\n"):
            self.err(path, raw.count(b"\n") + 1, "last line has no LF")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            self.err(path, raw[:e.start].count(b"\n") + 1, "not UTF-8: %s" % e)
            return
        header_seen = False
        seen = {}
        for n, line in enumerate(text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"), 1):
            if line.startswith("#"):
                fields = line[1:].split("\t")
                if fields == cols:
                    header_seen = True
                elif "\t" in line:
                    self.err(path, n, "comment line with tabs that is not the column header %s" % "\\t".join(cols))
                continue
            if not line.strip():
                self.err(path, n, "blank line")
                continue
            if not header_seen:
                self.err(path, n, "data before the '#' column header line")
                header_seen = True
            fields = line.split("\t")
            if len(fields) != len(cols):
                self.err(path, n, "%d columns, expected %d (%s)" % (len(fields), len(cols), ", ".join(cols)))
                continue
            if line in seen:
                self.err(path, n, "exact duplicate of line %d" % seen[line])
                continue
            seen[line] = n
            row = dict(zip(cols, fields))
            bad = False
            for c in cols:
                if c in REQUIRED[name] and not row[c]:
                    self.err(path, n, "empty %s" % c)
                    bad = True
                elif row[c] != row[c].strip():
                    self.err(path, n, "%s has leading or trailing spaces" % c)
            if not bad:
                yield n, row
        if not header_seen:
            self.err(path, 1, "no '#' column header line (#%s)" % "\\t".join(cols))

    def check_actors(self, path, canonical):
        found = {}
        rows = 0
        for n, r in self.read(path, "actors.tsv"):
            rows += 1
            if not CODE.match(r["code"]):
                self.err(path, n, "bad code %r" % r["code"])
            if r["sector"] not in SECTORS:
                self.err(path, n, "unknown sector %r" % r["sector"])
            if r["country"] and not ISO3.match(r["country"]):
                self.err(path, n, "country is not ISO3 syntax: %r" % r["country"])
            aliases = r["aliases_ar"].split("|")
            for a in aliases:
                if not a.strip():
                    self.err(path, n, "empty alias in aliases_ar")
                else:
                    self.arabic_text(path, n, "alias", a)
            if len(set(aliases)) != len(aliases):
                self.err(path, n, "repeated alias in aliases_ar")
            d1 = self.date(path, n, "date_from", r["date_from"])
            d2 = self.date(path, n, "date_to", r["date_to"])
            if d1 and d2 and d1 > d2:
                self.err(path, n, "date_from %s after date_to %s" % (d1, d2))
            if r["code"] in canonical and r["source"].startswith("ACTOR_CODES"):
                found[r["code"]] = (r["sector"], r["country"], n)
        for code, (sector, country) in canonical.items():
            if code not in found:
                self.err(path, 0, "canonical code %s from ACTOR_CODES.tsv is missing" % code)
            elif found[code][:2] != (sector, country):
                self.err(path, found[code][2], "canonical code %s changed: %s/%s, ACTOR_CODES.tsv has %s/%s" % (
                    code, found[code][0], found[code][1], sector, country))
        return rows

    def check_agents(self, path):
        rows = 0
        keys = {}
        for n, r in self.read(path, "agents.tsv"):
            rows += 1
            self.arabic_text(path, n, "term_ar", r["term_ar"])
            if r["sector"] not in SECTORS:
                self.err(path, n, "unknown sector %r" % r["sector"])
            if r["role"] and r["role"] not in ROLES:
                self.err(path, n, "unknown role %r (add it to ROLES in this script if it is meant)" % r["role"])
            if r["number"] not in NUMBERS:
                self.err(path, n, "number must be sg, pl or du: %r" % r["number"])
            k = r["term_ar"]
            if k in keys:
                self.err(path, n, "term %r already on line %d" % (k, keys[k]))
            keys[k] = n
        return rows

    def check_nationalities(self, path):
        rows = 0
        keys = {}
        for n, r in self.read(path, "nationalities.tsv"):
            rows += 1
            self.arabic_text(path, n, "form_ar", r["form_ar"])
            if r["kind"] not in KINDS:
                self.err(path, n, "kind must be country, adj or group: %r" % r["kind"])
            if r["kind"] == "group":
                if r["iso3"]:
                    self.err(path, n, "a group row has no iso3")
            elif not ISO3.match(r["iso3"]):
                self.err(path, n, "iso3 is not ISO3 syntax: %r" % r["iso3"])
            k = (r["form_ar"], r["kind"])
            if k in keys:
                self.err(path, n, "%s %r already on line %d (one form, one country)" % (r["kind"], r["form_ar"], keys[k]))
            keys[k] = n
        return rows


def load_canonical(path):
    out = {}
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            p = line.rstrip("\n").split("\t")
            if len(p) >= 4:
                out[p[0]] = (p[2], p[3])
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repo", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    args = ap.parse_args()
    data = os.path.join(args.repo, "data")
    rel = lambda p: os.path.relpath(p)
    canonical = load_canonical(os.path.join(os.path.dirname(os.path.abspath(args.repo)),
                                            "shared", "eval", "ACTOR_CODES.tsv"))
    c = Checker()
    counts = [
        ("actors.tsv", c.check_actors(rel(os.path.join(data, "actors.tsv")), canonical)),
        ("agents.tsv", c.check_agents(rel(os.path.join(data, "agents.tsv")))),
        ("nationalities.tsv", c.check_nationalities(rel(os.path.join(data, "nationalities.tsv")))),
    ]
    print("check_actor_data: %s; %d error(s)" % (", ".join("%s %d rows" % kv for kv in counts), c.errors),
          file=sys.stderr)
    return 1 if c.errors else 0


if __name__ == "__main__":
    sys.exit(main())
