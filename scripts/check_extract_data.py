#!/usr/bin/env python3
"""Validate marsad's event-extraction data files.

    python3 scripts/check_extract_data.py [--repo DIR] [--shared DIR] [--stats]

Checks, in data/:
  ontology.tsv    the type table: 24 types, PLOVER events, modes and contexts from the PLOVER
                  manual, ACLED event and sub-event types from the ACLED codebook (each sub-type
                  under its own type), CAMEO codes; and, when ../shared/design/ONTOLOGY.md is
                  there, that every row agrees with ONTOLOGY.md's table (event, modes, ACLED,
                  CAMEO and their alternatives, meaning).
  triggers.tsv    pos verb|noun, a known type, a mode the type allows (or '-'), weight 0.5-1.0
                  with at most two decimals, a note when the weight is below 0.7 or the same
                  word is listed under several types; single words without the article.
  mode_cues.tsv   modes that some type of ontology.tsv allows.
  reporting.tsv   pos verb|verb-that|noun|particle; stance neutral|confirm|doubt|deny.
  sources.tsv     source_type outlet|correspondent|anonymous|local|official|organization|
                  witness|media.
  modality.tsv    modality negated|future|hypothetical|denied|claimed|state|undergoes; a known scope.
  casualties.tsv  slot dead|injured|arrested; a note starting 'verb.', 'noun.' or 'phrase.'
                  (phrases have spaces, verbs and nouns none).
  time_words.tsv  a known kind and a value of the form that kind takes.
  framing.tsv     ArAIEval persuasion-technique names.
  organisations.tsv  kind club|broadcaster|agency|press|company|igo|sport|ngo|party|government|
                  ministry|university (names for the name tagger's KB hook).
Every file: UTF-8, LF line ends, no BOM, a first line that is a '#' comment, a header comment that
names its sources, a '#'-prefixed column header line with the expected columns, no blank lines,
the column count of every row, no empty required field, no stray spaces, no tatweel or Arabic
diacritics, no exact duplicate rows and no duplicate keys - also after folding alef, hamza, ya and
ta marbuta and stripping the article from each word, which is how the matcher compares (framing
terms are literal: there the article is kept).
Across files: every type has triggers; a word that is both a trigger and a casualty word has a
note on its trigger row.
Prints file:line: reason for each problem; exits 1 if there was any. --stats prints row counts.
"""

import argparse
import collections
import os
import re
import sys

# ---- vocabularies -------------------------------------------------------------------------

PLOVER_EVENTS = set("AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT "
                    "THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT".split())
# Modes per event, PLOVER manual (2024) tables 3.1-3.11.
PLOVER_MODES = {
    "RETREAT": "withdraw release disarm ceasefire access resign",
    "REQUEST": "assist change yield meet",
    "REJECT": "assist change yield meet",
    "ACCUSE": "disapprove investigate allege",
    "THREATEN": "restrict arrest relations expel territory violence",
    "PROTEST": "demo riot strike hunger boycott obstruct vandalize",
    "SANCTION": "convict expel withdraw discontinue",
    "MOBILIZE": "troops weapons police militia",
    "COERCE": "seize restrict censor curfew martial-law arrest deport withhold misinformation cyber",
    "ASSAULT": "abduct beat torture sexual targeted destroy primitive firearms explosives "
               "suicide-attack aerial drone heavy-weapons crowd-control unconventional",
}
PLOVER_MODES = {k: set(v.split()) for k, v in PLOVER_MODES.items()}
ALL_PLOVER_MODES = set().union(*PLOVER_MODES.values())
PLOVER_CONTEXTS = set(
    "military intelligence executive legislative election political_institutions pro_democracy "
    "pro_autocracy economic legal reparations human_rights rights_freedoms repression human_security "
    "gender lgbt religion_ethnicity inequality diplomatic territory peacekeeping health asylum "
    "migration disasters natural_resource environment technology terrorism cbrn cyber misinformation "
    "crime corruption illegal_drugs trafficking".split())
ACLED = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                                   "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}
CAMEO = re.compile(r"^\d{3,4}$")
TYPE_NAME = re.compile(r"^[a-z]+(-[a-z]+)*$")

SOURCE_TYPES = set("outlet correspondent anonymous local official organization witness media".split())
STANCES = set("neutral confirm doubt deny".split())
MODALITIES = set("negated future hypothetical denied claimed state undergoes another agent told idiom".split())
SCOPES = set("before-verb prefix before-noun after-noun complement clause sentence".split())
SLOTS = set("dead injured arrested".split())
# ArAIEval 2024 persuasion techniques (the SemEval-2023 task 3 inventory).
TECHNIQUES = set(
    "Appeal_to_Authority Appeal_to_Fear-Prejudice Appeal_to_Hypocrisy Appeal_to_Popularity "
    "Appeal_to_Time Appeal_to_Values Causal_Oversimplification Consequential_Oversimplification "
    "Conversation_Killer Doubt Exaggeration-Minimisation False_Dilemma-No_Choice Flag_Waving "
    "Guilt_by_Association Loaded_Language Name_Calling-Labeling Obfuscation-Vagueness-Confusion "
    "Questioning_the_Reputation Red_Herring Repetition Slogans Straw_Man Whataboutism".split())
TIME_VALUES = {
    "relative-day": re.compile(r"^(0|[+-][1-9]\d?)$"),
    "relative-week": re.compile(r"^(0|[+-][1-9])w$"),
    "relative-month": re.compile(r"^(0|[+-][1-9]\d?)m$"),
    "relative-year": re.compile(r"^(0|[+-][1-9]\d?)y$"),
    "relative-range": re.compile(r"^(0|[-+]\d{1,3}[dm])\.\.(0|[-+]\d{1,3}[dm])$"),
    "modifier": re.compile(r"^(previous|current|next)$"),
    "position": re.compile(r"^(start|middle|end)$"),
    "part-of-day": re.compile(r"^(dawn|morning|noon|afternoon|evening|night|midnight|early-hours|eve)$"),
    "month": re.compile(r"^([1-9]|1[0-2])$"),
    "hijri-month": re.compile(r"^([1-9]|1[0-2])$"),
    "weekday": re.compile(r"^[0-6]$"),
    "ordinal-day": re.compile(r"^([1-9]|[12]\d|3[01])$"),
    "range-marker": re.compile(r"^(since|during|between|until|ago|after|before|recent|earlier|later)$"),
    "unit": re.compile(r"^[1-9]?[dwmyh]$"),
}

SPECS = {
    "ontology.tsv": ["type", "plover_event", "plover_mode", "plover_context", "acled_event_type",
                     "acled_sub_event_type", "cameo", "meaning", "plover_mode_alt", "plover_context_alt",
                     "plover_event_future", "acled_event_type_civilian", "acled_sub_event_type_civilian",
                     "acled_event_type_state", "acled_sub_event_type_state", "acled_by_mode",
                     "cameo_alt", "cameo_by_mode", "parties", "counts"],
    "triggers.tsv": ["term", "pos", "type", "mode", "weight", "notes"],
    "mode_cues.tsv": ["term", "mode", "note"],
    "reporting.tsv": ["term", "pos", "stance", "note"],
    "sources.tsv": ["term", "source_type", "note"],
    "modality.tsv": ["term", "modality", "scope", "note"],
    "casualties.tsv": ["term", "slot", "note"],
    "time_words.tsv": ["term", "kind", "value", "note"],
    "framing.tsv": ["term", "technique", "note"],
    "organisations.tsv": ["term", "kind", "note"],
}
ORG_KINDS = set("club broadcaster agency press company igo sport ngo party government ministry "
                "university".split())
OPTIONAL = {"notes", "note"}          # every other column is required ('-' spells null)
LITERAL = {"framing.tsv", "time_words.tsv"}  # terms written with the article where news has it
# Words that begin with the letters ال without the article (form VIII of roots with lam).
AL_NOT_ARTICLE = {"التحام", "التحامات", "التفاف", "التزام", "التقاء", "التقط", "التقى"}

BAD_AR = re.compile(r"[\u0640\u064B-\u0652\u0670]")  # tatweel, harakat, dagger alef
ARABIC = re.compile(r"[\u0600-\u06FF]")
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
ARTICLE = re.compile(r"^(?:وال|فال|بال|كال|لل|ال)(?=..)")


def fold(term, strip_article=True):
    """The matcher's view of a term: letter folds and, per word, the article stripped."""
    words = BAD_AR.sub("", term).translate(FOLD).split()
    if strip_article:
        words = [ARTICLE.sub("", w) for w in words]
    return " ".join(words)


class Checker:
    def __init__(self):
        self.errors = 0

    def err(self, path, line, reason):
        self.errors += 1
        print("%s:%d: %s" % (path, line, reason))

    def read(self, path, name):
        """Return [(line number, row dict)] after the file-level checks."""
        cols = SPECS[name]
        try:
            raw = open(path, "rb").read()
        except OSError as e:
            self.err(path, 0, "cannot read: %s" % e)
            return []
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
            return []
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if not lines or not lines[0].startswith("#"):
            self.err(path, 1, "the first line must be a '#' header comment naming the file's sources")
        header_text = []
        header_seen = False
        rows = []
        seen = {}
        for n, line in enumerate(lines, 1):
            if line.startswith("#"):
                fields = line[1:].split("\t")
                if fields == cols:
                    header_seen = True
                elif "\t" in line:
                    self.err(path, n, "comment line with tabs that is not the column header #%s" % "\\t".join(cols))
                elif not header_seen:
                    header_text.append(line)
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
                v = row[c]
                if v != v.strip() or "  " in v:
                    self.err(path, n, "%s has stray spaces: %r" % (c, v))
                if c not in OPTIONAL and not v:
                    self.err(path, n, "empty %s" % c)
                    bad = True
                if BAD_AR.search(v):
                    self.err(path, n, "%s has tatweel or Arabic diacritics: %r" % (c, v))
                if c == "term" and "_" in v:
                    self.err(path, n, "%s has '_' in Arabic text (join words with a space)" % c)
            if not bad:
                rows.append((n, row))
        if not header_seen:
            self.err(path, 1, "no '#' column header line (#%s)" % "\\t".join(cols))
        if header_text and not re.search(r"\bsources?\b", " ".join(header_text), re.I):
            self.err(path, 1, "the header comment does not name the file's sources ('Source: ...')")
        return rows

    def term(self, path, n, name, term):
        if not ARABIC.search(term):
            self.err(path, n, "term has no Arabic letter: %r" % term)
        if name not in LITERAL and " " not in term and term.startswith("ال") \
                and term not in AL_NOT_ARTICLE and len(term) > 3:
            self.err(path, n, "single word written with the article (write it without ال): %r" % term)

    def keys(self, path, rows, keyf, what):
        seen = {}
        for n, r in rows:
            k = keyf(r)
            if k in seen:
                self.err(path, n, "duplicate %s %r (line %d; compared after letter folds%s)"
                         % (what, k, seen[k], "" if os.path.basename(path) in LITERAL else " and article stripping"))
            else:
                seen[k] = n

    # ---- ontology --------------------------------------------------------------------------

    def check_ontology(self, path, ontology_md):
        rows = self.read(path, "ontology.tsv")
        types = {}
        for n, r in rows:
            t = r["type"]
            if not TYPE_NAME.match(t):
                self.err(path, n, "bad type name %r" % t)
            if t in types:
                self.err(path, n, "duplicate type %r" % t)
            types[t] = (n, r)
            ev = r["plover_event"]
            if ev != "-" and ev not in PLOVER_EVENTS:
                self.err(path, n, "unknown PLOVER event %r" % ev)
            allowed = PLOVER_MODES.get(ev, set())
            for col in ("plover_mode", "plover_mode_alt"):
                v = r[col]
                if v == "-":
                    continue
                if ev == "-":
                    self.err(path, n, "%s without a PLOVER event" % col)
                for m in v.split("|"):
                    if m not in allowed:
                        self.err(path, n, "%s %r is not a mode of PLOVER %s" % (col, m, ev))
            for col in ("plover_context", "plover_context_alt"):
                if r[col] != "-":
                    for c in r[col].split("|"):
                        if c not in PLOVER_CONTEXTS:
                            self.err(path, n, "unknown PLOVER context %r" % c)
            fut = r["plover_event_future"]
            if fut != "-" and fut not in PLOVER_EVENTS:
                self.err(path, n, "unknown PLOVER event %r in plover_event_future" % fut)
            if (fut == "-") != (ev == "-"):
                self.err(path, n, "plover_event_future must be '-' exactly when plover_event is")
            for tcol, scol in (("acled_event_type", "acled_sub_event_type"),
                               ("acled_event_type_civilian", "acled_sub_event_type_civilian"),
                               ("acled_event_type_state", "acled_sub_event_type_state")):
                self.acled(path, n, r[tcol], r[scol])
            modes = self.modes(r)
            for col in ("acled_by_mode", "cameo_by_mode"):
                if r[col] == "-":
                    continue
                for item in r[col].split("|"):
                    m, _, v = item.partition(":")
                    if m not in modes:
                        self.err(path, n, "%s: %r is not a mode of this type" % (col, m))
                    if col == "acled_by_mode":
                        et, _, st = v.partition(";")
                        self.acled(path, n, et, st)
                    elif not CAMEO.match(v):
                        self.err(path, n, "%s: bad CAMEO code %r" % (col, v))
            if r["parties"] not in ("both", "one", "actor"):
                self.err(path, n, "parties must be both, one or actor, not %r" % r["parties"])
            if r["counts"] != "-" and not set(r["counts"].split("|")) <= {"dead", "injured", "arrested"}:
                self.err(path, n, "counts must be '-' or dead, injured, arrested joined by '|', not %r" % r["counts"])
            for col in ("cameo", "cameo_alt"):
                if r[col] != "-":
                    for c in r[col].split("|"):
                        if not CAMEO.match(c):
                            self.err(path, n, "bad CAMEO code %r in %s" % (c, col))
        if len(types) != 24:
            self.err(path, 1, "%d types, ONTOLOGY.md has 24" % len(types))
        if ontology_md:
            self.compare_ontology(path, types, ontology_md)
        return {t: r for t, (n, r) in types.items()}

    def acled(self, path, n, et, st):
        if et == "-" and st == "-":
            return
        if et not in ACLED:
            self.err(path, n, "unknown ACLED event type %r" % et)
        elif st not in ACLED[et]:
            self.err(path, n, "%r is not an ACLED sub-event type of %r" % (st, et))

    @staticmethod
    def modes(r):
        out = set()
        for col in ("plover_mode", "plover_mode_alt"):
            if r[col] != "-":
                out.update(r[col].split("|"))
        return out

    def compare_ontology(self, path, types, md_path):
        try:
            md = open(md_path, encoding="utf-8").read()
        except OSError as e:
            self.err(md_path, 0, "cannot read: %s" % e)
            return
        seen = set()
        for line in md.split("\n"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) != 5 or not TYPE_NAME.match(cells[0]) or cells[0] == "type":
                continue
            t, meaning, plover, acled, cameo = cells
            seen.add(t)
            if t not in types:
                self.err(path, 1, "ONTOLOGY.md type %r is missing" % t)
                continue
            n, r = types[t]
            if r["meaning"] != meaning:
                self.err(path, n, "meaning differs from ONTOLOGY.md: %r" % meaning)
            # PLOVER: 'EVENT: m1, m2 (extra)', 'EVENT (context territory)', 'null (context: a or b)'
            m = re.match(r"^(\w+)(?::\s*([^()]*))?\s*(?:\((.*)\))?$", plover)
            if not m:
                self.err(path, n, "cannot read ONTOLOGY.md PLOVER cell %r" % plover)
                continue
            ev, modes, paren = m.group(1), m.group(2), m.group(3) or ""
            ev = "-" if ev == "null" else ev
            if r["plover_event"] != ev:
                self.err(path, n, "plover_event %r, ONTOLOGY.md has %r" % (r["plover_event"], ev))
            listed = [x.strip() for x in (modes or "").split(",") if x.strip()]
            pm = re.match(r"^([\w-]+) if named$", paren)
            if pm:
                listed.append(pm.group(1))
            if listed:
                if r["plover_mode"] != listed[0]:
                    self.err(path, n, "plover_mode %r, ONTOLOGY.md lists %r first" % (r["plover_mode"], listed[0]))
                for x in listed[1:]:
                    if x not in self.modes(r):
                        self.err(path, n, "ONTOLOGY.md mode %r is not in plover_mode_alt" % x)
            elif r["plover_mode"] != "-":
                self.err(path, n, "ONTOLOGY.md gives no default mode; plover_mode should be '-'")
            cm = re.match(r"^context:?\s*(.*)$", paren)
            if cm:
                ctx = set(re.split(r"\s+or\s+|,\s*", cm.group(1)))
                have = set()
                for col in ("plover_context", "plover_context_alt"):
                    if r[col] != "-":
                        have.update(r[col].split("|"))
                if ctx != have:
                    self.err(path, n, "contexts %s, ONTOLOGY.md has %s" % (sorted(have), sorted(ctx)))
            # ACLED: 'T / S1, S2' or 'T / S, or T2 / S2' or 'null'
            if acled == "null":
                if r["acled_event_type"] != "-":
                    self.err(path, n, "ONTOLOGY.md has no ACLED type")
            else:
                parts = acled.split(", or ")
                et, _, subs = parts[0].partition(" / ")
                subs = [s.strip() for s in subs.split(", ")]
                if (r["acled_event_type"], r["acled_sub_event_type"]) != (et, subs[0]):
                    self.err(path, n, "ACLED %s / %s, ONTOLOGY.md has %s / %s"
                             % (r["acled_event_type"], r["acled_sub_event_type"], et, subs[0]))
                alts = {r["acled_sub_event_type_state"]}
                if r["acled_by_mode"] != "-":
                    alts.update(x.partition(";")[2] for x in r["acled_by_mode"].split("|"))
                for s in subs[1:]:
                    if s not in alts:
                        self.err(path, n, "ONTOLOGY.md ACLED alternative %r is in no alternative column" % s)
                if len(parts) > 1:
                    et2, _, s2 = parts[1].partition(" / ")
                    if (r["acled_event_type_civilian"], r["acled_sub_event_type_civilian"]) != (et2, s2):
                        self.err(path, n, "ACLED civilian alternative %s / %s, ONTOLOGY.md has %s / %s"
                                 % (r["acled_event_type_civilian"], r["acled_sub_event_type_civilian"], et2, s2))
            # CAMEO: 'C', 'C (A, B)', 'C (A–B)', 'C, A', 'null'
            if cameo == "null":
                if r["cameo"] != "-":
                    self.err(path, n, "ONTOLOGY.md has no CAMEO code")
                continue
            codes = re.findall(r"\d+(?:\s*[–-]\s*\d+)?", cameo)
            expanded = []
            for c in codes:
                if re.search(r"[–-]", c):
                    lo, hi = re.split(r"\s*[–-]\s*", c)
                    expanded.extend(str(i) for i in range(int(lo), int(hi) + 1))
                else:
                    expanded.append(c)
            if r["cameo"] != expanded[0]:
                self.err(path, n, "cameo %r, ONTOLOGY.md has %r" % (r["cameo"], expanded[0]))
            alt = set() if r["cameo_alt"] == "-" else set(r["cameo_alt"].split("|"))
            if alt != set(expanded[1:]):
                self.err(path, n, "cameo_alt %s, ONTOLOGY.md has %s" % (sorted(alt), expanded[1:]))
        for t, (n, r) in types.items():
            if t not in seen:
                self.err(path, n, "type %r is not in ONTOLOGY.md" % t)

    # ---- the lexicon files -----------------------------------------------------------------

    def check_triggers(self, path, onto):
        rows = self.read(path, "triggers.tsv")
        by_word = collections.defaultdict(list)
        for n, r in rows:
            self.term(path, n, "triggers.tsv", r["term"])
            if r["pos"] not in ("verb", "noun"):
                self.err(path, n, "pos %r is not verb or noun" % r["pos"])
            if r["pos"] == "verb" and r["term"].split()[0].endswith("ة"):
                self.err(path, n, "a verb lemma cannot end in ta marbuta: %r" % r["term"])
            t = r["type"]
            if t not in onto:
                self.err(path, n, "unknown type %r (not in ontology.tsv)" % t)
            elif r["mode"] != "-" and r["mode"] not in self.modes(onto[t]):
                self.err(path, n, "mode %r is not allowed for %s (ontology.tsv: %s)"
                         % (r["mode"], t, "|".join(sorted(self.modes(onto[t]))) or "none"))
            if not re.match(r"^(0\.[5-9]\d?|1\.0)$", r["weight"]):
                self.err(path, n, "weight %r is not 0.5-1.0 with at most two decimals" % r["weight"])
            elif float(r["weight"]) < 0.7 and not r["notes"]:
                self.err(path, n, "weight %s below 0.7 needs a note on the reading" % r["weight"])
            by_word[(fold(r["term"]), r["pos"])].append((n, r))
        self.keys(path, rows, lambda r: (fold(r["term"]), r["pos"], r["type"]), "term, pos and type")
        for (w, pos), rs in by_word.items():
            if len({r["type"] for n, r in rs}) > 1:
                for n, r in rs:
                    if not r["notes"]:
                        self.err(path, n, "%r is listed under several types: this row needs a note" % r["term"])
        return rows

    def check_mode_cues(self, path, onto):
        rows = self.read(path, "mode_cues.tsv")
        allowed = set().union(*(self.modes(r) for r in onto.values())) if onto else ALL_PLOVER_MODES
        for n, r in rows:
            self.term(path, n, "mode_cues.tsv", r["term"])
            if r["mode"] not in allowed:
                self.err(path, n, "mode %r is allowed by no type of ontology.tsv" % r["mode"])
        self.keys(path, rows, lambda r: fold(r["term"]), "term")
        return rows

    def check_enum(self, path, name, col, values, key):
        rows = self.read(path, name)
        for n, r in rows:
            self.term(path, n, name, r["term"])
            if r[col] not in values:
                self.err(path, n, "%s %r is not one of %s" % (col, r[col], "|".join(sorted(values))))
        self.keys(path, rows, key, "key")
        return rows

    def check_reporting(self, path):
        rows = self.check_enum(path, "reporting.tsv", "stance", STANCES, lambda r: (fold(r["term"]), r["pos"]))
        for n, r in rows:
            if r["pos"] not in ("verb", "verb-that", "noun", "particle"):
                self.err(path, n, "pos %r is not verb, verb-that, noun or particle" % r["pos"])
        return rows

    def check_modality(self, path):
        rows = self.check_enum(path, "modality.tsv", "modality", MODALITIES, lambda r: fold(r["term"]))
        for n, r in rows:
            if r["scope"] not in SCOPES:
                self.err(path, n, "scope %r is not one of %s" % (r["scope"], "|".join(sorted(SCOPES))))
            if r["scope"] == "complement" and " " in r["term"]:
                self.err(path, n, "a complement row is a verb lemma, one word")
        return rows

    def check_casualties(self, path):
        rows = self.check_enum(path, "casualties.tsv", "slot", SLOTS, lambda r: fold(r["term"]))
        for n, r in rows:
            m = re.match(r"^(verb|noun|phrase)\.", r["note"])
            if not m:
                self.err(path, n, "the note must start with 'verb.', 'noun.' or 'phrase.'")
            elif (m.group(1) == "phrase") != (" " in r["term"]):
                self.err(path, n, "'phrase.' rows are multi-word terms and only they are")
        return rows

    def check_time_words(self, path):
        rows = self.read(path, "time_words.tsv")
        for n, r in rows:
            self.term(path, n, "time_words.tsv", r["term"])
            rx = TIME_VALUES.get(r["kind"])
            if rx is None:
                self.err(path, n, "kind %r is not one of %s" % (r["kind"], "|".join(sorted(TIME_VALUES))))
            elif not rx.match(r["value"]):
                self.err(path, n, "value %r is not a %s value" % (r["value"], r["kind"]))
        self.keys(path, rows, lambda r: (fold(r["term"]), r["kind"]), "term and kind")
        return rows

    def check_framing(self, path):
        rows = self.read(path, "framing.tsv")
        for n, r in rows:
            self.term(path, n, "framing.tsv", r["term"])
            if r["technique"] not in TECHNIQUES:
                self.err(path, n, "technique %r is not an ArAIEval technique name" % r["technique"])
        self.keys(path, rows, lambda r: fold(r["term"], strip_article=False), "term")
        return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repo", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    ap.add_argument("--shared", default=None,
                    help="the shared material (default: ../shared beside the repository)")
    ap.add_argument("--stats", action="store_true", help="print row counts per file and per type")
    a = ap.parse_args()
    data = os.path.join(a.repo, "data")
    shared = a.shared or os.path.join(a.repo, "..", "shared")
    md = os.path.join(shared, "design", "ONTOLOGY.md")
    c = Checker()
    p = lambda f: os.path.join(data, f)
    onto = c.check_ontology(p("ontology.tsv"), md if os.path.exists(md) else None)
    trig = c.check_triggers(p("triggers.tsv"), onto)
    cues = c.check_mode_cues(p("mode_cues.tsv"), onto)
    rep = c.check_reporting(p("reporting.tsv"))
    src = c.check_enum(p("sources.tsv"), "sources.tsv", "source_type", SOURCE_TYPES, lambda r: fold(r["term"]))
    mod = c.check_modality(p("modality.tsv"))
    cas = c.check_casualties(p("casualties.tsv"))
    tim = c.check_time_words(p("time_words.tsv"))
    fra = c.check_framing(p("framing.tsv"))
    org = c.check_enum(p("organisations.tsv"), "organisations.tsv", "kind", ORG_KINDS, lambda r: fold(r["term"]))
    # Cross-file checks.
    per_type = collections.Counter(r["type"] for n, r in trig)
    for t in onto:
        if per_type[t] == 0:
            c.err(p("triggers.tsv"), 1, "type %r has no trigger" % t)
    casualty_words = {fold(r["term"]) for n, r in cas}
    for n, r in trig:
        if fold(r["term"]) in casualty_words and not r["notes"]:
            c.err(p("triggers.tsv"), n, "%r is also a casualty word: the trigger row needs a note" % r["term"])
    if a.stats:
        for name, rows in (("ontology.tsv", onto), ("triggers.tsv", trig), ("mode_cues.tsv", cues),
                           ("reporting.tsv", rep), ("sources.tsv", src), ("modality.tsv", mod),
                           ("casualties.tsv", cas), ("time_words.tsv", tim), ("framing.tsv", fra),
                           ("organisations.tsv", org)):
            print("%-16s %5d rows" % (name, len(rows)))
        print("triggers per type:")
        for t in onto:
            pos = collections.Counter(r["pos"] for n, r in trig if r["type"] == t)
            print("  %-22s %4d  (verbs %d, nouns %d)" % (t, per_type[t], pos["verb"], pos["noun"]))
        for name, rows, col in (("mode_cues.tsv", cues, "mode"), ("reporting.tsv", rep, "stance"),
                                ("sources.tsv", src, "source_type"), ("modality.tsv", mod, "modality"),
                                ("casualties.tsv", cas, "slot"), ("time_words.tsv", tim, "kind"),
                                ("framing.tsv", fra, "technique"), ("organisations.tsv", org, "kind")):
            cnt = collections.Counter(r[col] for n, r in rows)
            print("%s by %s: %s" % (name, col, ", ".join("%s %d" % kv for kv in sorted(cnt.items()))))
    if c.errors:
        sys.stdout.flush()
        print("%d problem(s)" % c.errors, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
