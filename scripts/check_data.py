#!/usr/bin/env python3
"""Validate marsad's knowledge-base TSV files under data/.

Usage: scripts/check_data.py [DATA_DIR]     (default: data/ of this repo)

Checks data/countries.tsv, data/admin1.tsv, data/places.tsv,
data/places-extra.tsv and data/places-aliases.tsv (each when present):
  - UTF-8, LF line endings, no trailing spaces, comments start with '#';
  - column count per file;
  - places: id unique across places.tsv and places-extra.tsv, numeric lat
    in [-90, 90] and lon in [-180, 180], country an ISO3 code listed in
    countries.tsv, resolution 1..5, a known feature word, Arabic fields
    unvocalized and without tatweel, no alias equal to name_ar, no
    duplicate alias;
  - places-extra: id 'marsad:<slug>', coordinates with at least 2
    decimals, a non-empty source, an Arabic name, admin1 empty or a name
    that admin1.tsv lists for the row's country;
  - places-aliases: the id exists in places.tsv or places-extra.tsv, the
    alias is clean Arabic and is not already that place's name or alias;
  - admin1: iso2 listed in countries.tsv, (iso2, code) unique.
Prints 'file:line: reason' per problem and exits 1 if there is any.
Python 3 standard library only.
"""

import os
import re
import sys

PLACE_COLUMNS = ["id", "name_ar", "aliases_ar", "name_en", "lat", "lon", "country",
                 "feature", "admin1", "population", "resolution", "source"]
FEATURES = {
    # administrative and populated places
    "country", "governorate", "district", "subdistrict", "city", "town", "village",
    "hamlet", "neighbourhood", "settlement", "camp",
    # sites
    "prison", "bridge", "base", "airport", "border-crossing", "dam", "oilfield",
    "gasfield", "refinery", "port", "checkpoint", "hospital", "building", "square",
    "palace", "site", "island", "lake", "landmark",
    # areas
    "river", "desert", "region", "mountain", "plain", "valley", "coast", "sea",
}
VOCALIZATION = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
ARABIC = re.compile("[\u0600-\u06ff]")
SLUG = re.compile(r"^marsad:[a-z0-9]+(?:-[a-z0-9]+)*$")
DECIMALS2 = re.compile(r"^-?\d+\.\d{2,}$")


class Checker:
    def __init__(self):
        self.errors = 0

    def err(self, path, lineno, reason):
        self.errors += 1
        print("%s:%d: %s" % (path, lineno, reason))

    def rows(self, path, ncols):
        """Yield (lineno, fields) of data lines; check the text rules."""
        with open(path, "rb") as f:
            data = f.read()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            self.err(path, data[:e.start].count(b"\n") + 1, "not UTF-8")
            return
        if "\r" in text:
            self.err(path, text[:text.index("\r")].count("\n") + 1, "CR in file (want LF)")
        if text and not text.endswith("\n"):
            self.err(path, text.count("\n") + 1, "no newline at end of file")
        for lineno, line in enumerate(text.split("\n"), start=1):
            if line == "":
                continue
            if line != line.rstrip(" \t"):
                self.err(path, lineno, "trailing whitespace")
            if INVISIBLE.search(line):
                self.err(path, lineno, "invisible direction/joiner mark")
            if line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != ncols:
                self.err(path, lineno, "%d columns, want %d" % (len(fields), ncols))
                continue
            yield lineno, fields

    def arabic(self, path, lineno, what, text):
        if VOCALIZATION.search(text):
            self.err(path, lineno, "%s has vocalization or tatweel: %r" % (what, text))
        if text != text.strip() or "  " in text:
            self.err(path, lineno, "%s has stray spaces: %r" % (what, text))


def check(data_dir):
    c = Checker()
    path = os.path.join(data_dir, "countries.tsv")
    iso2 = {}
    iso3 = set()
    if not os.path.exists(path):
        c.err(path, 0, "missing (scripts/make_countries.py writes it)")
    else:
        for lineno, (a2, a3, name_en, name_ar) in c.rows(path, 4):
            if not re.match(r"^[A-Z]{2}$", a2) or not re.match(r"^[A-Z]{3}$", a3):
                c.err(path, lineno, "bad code %r %r" % (a2, a3))
            if a2 in iso2 or a3 in iso3:
                c.err(path, lineno, "duplicate code %s/%s" % (a2, a3))
            iso2[a2] = a3
            iso3.add(a3)
            if not name_en or not name_ar:
                c.err(path, lineno, "empty name")
            c.arabic(path, lineno, "name_ar", name_ar)

    path = os.path.join(data_dir, "admin1.tsv")
    admin1_names = {}
    if os.path.exists(path):
        seen = set()
        for lineno, (a2, code, name_en, name_ar, source) in c.rows(path, 5):
            admin1_names.setdefault(iso2.get(a2), set()).add(name_en)
            if a2 not in iso2:
                c.err(path, lineno, "iso2 %r not in countries.tsv" % a2)
            if (a2, code) in seen:
                c.err(path, lineno, "duplicate admin1 %s.%s" % (a2, code))
            seen.add((a2, code))
            if not code or not name_en or not source:
                c.err(path, lineno, "empty code, name_en or source")
            c.arabic(path, lineno, "name_ar", name_ar)

    places = {}
    for name in ("places.tsv", "places-extra.tsv"):
        path = os.path.join(data_dir, name)
        extra = name == "places-extra.tsv"
        if not os.path.exists(path):
            if not extra:
                c.err(path, 0, "missing (scripts/derive_places.py writes it)")
            continue
        for lineno, f in c.rows(path, len(PLACE_COLUMNS)):
            r = dict(zip(PLACE_COLUMNS, f))
            pid = r["id"]
            if not pid or pid != pid.strip():
                c.err(path, lineno, "empty or padded id")
            if pid in places:
                c.err(path, lineno, "duplicate id %s (first at %s)" % (pid, places[pid][0]))
            for key, lo, hi in (("lat", -90, 90), ("lon", -180, 180)):
                try:
                    v = float(r[key])
                    if not lo <= v <= hi:
                        c.err(path, lineno, "%s %s out of range" % (key, r[key]))
                except ValueError:
                    c.err(path, lineno, "%s %r not a number" % (key, r[key]))
                if extra and not DECIMALS2.match(r[key]):
                    c.err(path, lineno, "%s %r: want at least 2 decimals" % (key, r[key]))
            if r["country"] not in iso3:
                c.err(path, lineno, "country %r not an ISO3 code in countries.tsv" % r["country"])
            if r["resolution"] not in ("1", "2", "3", "4", "5"):
                c.err(path, lineno, "resolution %r not 1..5" % r["resolution"])
            if r["feature"] not in FEATURES:
                c.err(path, lineno, "unknown feature %r" % r["feature"])
            if (extra and r["admin1"] and r["feature"] != "governorate"
                    and r["admin1"] not in admin1_names.get(r["country"], ())):
                c.err(path, lineno, "admin1 %r is not a %s name in admin1.tsv"
                      % (r["admin1"], r["country"]))
            if r["population"] and not r["population"].isdigit():
                c.err(path, lineno, "population %r not a number" % r["population"])
            c.arabic(path, lineno, "name_ar", r["name_ar"])
            aliases = r["aliases_ar"].split("|") if r["aliases_ar"] else []
            for a in aliases:
                c.arabic(path, lineno, "alias", a)
                if not a:
                    c.err(path, lineno, "empty alias")
            if r["name_ar"] and r["name_ar"] in aliases:
                c.err(path, lineno, "alias equal to name_ar: %s" % r["name_ar"])
            if len(set(aliases)) != len(aliases):
                c.err(path, lineno, "duplicate alias")
            if not r["source"]:
                c.err(path, lineno, "empty source")
            if extra:
                if not SLUG.match(pid):
                    c.err(path, lineno, "id %r: want marsad:<lowercase-slug>" % pid)
                if not r["name_ar"] or not ARABIC.search(r["name_ar"]):
                    c.err(path, lineno, "no Arabic name")
                if not r["name_en"]:
                    c.err(path, lineno, "no English name")
            places[pid] = ("%s:%d" % (name, lineno), r["name_ar"], set(aliases))

    path = os.path.join(data_dir, "places-aliases.tsv")
    if os.path.exists(path):
        seen = set()
        for lineno, (pid, alias, source) in c.rows(path, 3):
            if pid not in places:
                c.err(path, lineno, "id %s not in places.tsv or places-extra.tsv" % pid)
            else:
                _, name_ar, aliases = places[pid]
                if alias == name_ar or alias in aliases:
                    c.err(path, lineno, "alias %s already a name of %s" % (alias, pid))
            if (pid, alias) in seen:
                c.err(path, lineno, "duplicate alias row")
            seen.add((pid, alias))
            if not ARABIC.search(alias):
                c.err(path, lineno, "alias not Arabic: %r" % alias)
            c.arabic(path, lineno, "alias", alias)
            if not source:
                c.err(path, lineno, "empty source")
    return c.errors


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    data_dir = argv[1] if len(argv) > 1 else os.path.join(root, "data")
    n = check(data_dir)
    if n:
        print("check_data: %d problem%s" % (n, "" if n == 1 else "s"))
        return 1
    print("check_data: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
