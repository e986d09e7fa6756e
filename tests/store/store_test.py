#!/usr/bin/env python3
"""store_test.py -- the event store through the marsad command, on real SQLite
files: ingest the bundled sample (always) and the dev articles (with the
published dates and outlets of their .gold.json; skipped when absent),
re-ingest (nothing changes), replace a changed document, kill an ingest with a
signal at random points and resume (no loss, no duplicates: the same rows as a
clean ingest), query with each filter (checked against independent SQL and
Python), bad filters (exit 2), and round-trip the exports: CSV (python csv,
RFC 4180), GeoJSON (RFC 7946 structure), PLOVER (the manual's fields).

usage: store_test.py MARSAD SRCDIR DEVDIR
"""
import csv
import io
import json
import math
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

MARSAD, SRC, DEV = sys.argv[1], sys.argv[2], sys.argv[3]
SAMPLE = os.path.join(SRC, "samples", "sputnik-hasakah-prison.txt")
TMP = tempfile.mkdtemp(prefix="marsad-store-cli-")
FAILS = []
CSV_COLUMNS = ("event_date,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,"
               "inter1,actor2,assoc_actor_2,inter2,interaction,country,admin1,admin2,admin3,"
               "location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,"
               "doc_id,marsad_type,plover_event,modality,attribution_source_type,event_id").split(",")


def check(cond, what):
    if not cond:
        FAILS.append(what)
        print("FAIL:", what, flush=True)
    return cond


def run(*args, ok=(0,), stdin=None):
    p = subprocess.run([MARSAD, *args], capture_output=True, input=stdin)
    if p.returncode not in ok:
        print(p.stderr.decode("utf-8", "replace"), file=sys.stderr)
        raise SystemExit(f"marsad {' '.join(args)}: exit {p.returncode}")
    return p


def tpath(name):
    return os.path.join(TMP, name)


def fresh(name):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(tpath(name) + suffix):
            os.remove(tpath(name) + suffix)
    return tpath(name)


TABLES = ["documents", "events", "event_actors", "event_places", "event_places_rtree",
          "quantities", "counts", "attributions", "mentions", "framing", "documents_fts"]


def counts(db):
    con = sqlite3.connect(db)
    r = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    con.close()
    return r


def content(db):
    """What the store says, independent of row ids and ingest times."""
    con = sqlite3.connect(db)
    docs = sorted(con.execute("SELECT doc_id, content_hash, kb_version, record, text FROM documents"))
    ev = sorted(con.execute(
        "SELECT d.doc_id, e.ord, e.event_id, e.type, e.country, e.date_lo, e.date_hi, e.modality,"
        " (SELECT group_concat(role || ':' || coalesce(code, '') || ':' || span_start, ',')"
        "  FROM event_actors WHERE event = e.id),"
        " (SELECT group_concat(slot || ':' || coalesce(place_id, '') || ':' || coalesce(lat, ''), ',')"
        "  FROM event_places WHERE event = e.id),"
        " (SELECT group_concat(kind || value, ',') FROM counts WHERE event = e.id),"
        " (SELECT count(*) FROM quantities WHERE event = e.id),"
        " (SELECT source_type FROM attributions WHERE event = e.id)"
        " FROM events e JOIN documents d ON d.id = e.doc"))
    con.close()
    return docs, ev


def integrity(db, what):
    con = sqlite3.connect(db)
    check(con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"{what}: integrity_check")
    con.execute("PRAGMA foreign_keys = ON")
    check(con.execute("PRAGMA foreign_key_check").fetchall() == [], f"{what}: foreign keys")
    located = con.execute("SELECT count(*) FROM event_places WHERE lat IS NOT NULL AND lon IS NOT NULL").fetchone()[0]
    rtree = con.execute("SELECT count(*) FROM event_places_rtree").fetchone()[0]
    check(located == rtree, f"{what}: R*Tree rows {rtree} == located places {located}")
    orphan = con.execute("SELECT count(*) FROM event_places_rtree WHERE id NOT IN (SELECT id FROM event_places)").fetchone()[0]
    check(orphan == 0, f"{what}: no orphan R*Tree rows")
    fts = con.execute("SELECT count(*) FROM documents_fts").fetchone()[0]
    docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    check(fts == docs, f"{what}: full-text rows {fts} == documents {docs}")
    orphan = con.execute("SELECT count(*) FROM documents_fts WHERE rowid NOT IN (SELECT id FROM documents)").fetchone()[0]
    check(orphan == 0, f"{what}: no orphan full-text rows")
    con.close()


# ---- inputs -------------------------------------------------------------

def dev_articles():
    """The dev articles as JSON Lines with their gold dates and outlets."""
    out = []
    if not os.path.isdir(DEV):
        return out
    for name in sorted(os.listdir(DEV)):
        if not name.endswith(".gold.json"):
            continue
        gold = json.load(open(os.path.join(DEV, name), encoding="utf-8"))
        doc = gold.get("doc", {})
        txt = os.path.join(DEV, doc.get("file") or name[: -len(".gold.json")] + ".txt")
        if not os.path.exists(txt):
            continue
        text = open(txt, "rb").read().decode("utf-8", "replace")
        out.append({"id": doc.get("id") or name[: -len(".gold.json")], "text": text,
                    "published": doc.get("published"), "outlet": doc.get("outlet")})
    return out


def write_jsonl(path, docs):
    with open(path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    return path


# the sample is ingested from its own file (with its sidecar); the dev set's
# copy of it is left out so that every input document is distinct
DEVDOCS = [d for d in dev_articles() if d["id"] != "sputnik-hasakah-prison"]
if not DEVDOCS:
    print(f"note: no dev articles under {DEV}; the sample alone is used")
dev_jsonl = write_jsonl(tpath("dev.jsonl"), DEVDOCS)
INPUTS = [SAMPLE, dev_jsonl]

# ---- clean ingest, re-ingest ----------------------------------------------

clean = fresh("clean.db")
p = run("ingest", "--db", clean, *INPUTS)
err = p.stderr.decode()
c0 = counts(clean)
check(c0["documents"] >= 1 and c0["events"] > 0, f"clean ingest stored documents and events: {c0}")
expected_docs = len({d["id"] for d in DEVDOCS} | {"sputnik-hasakah-prison"})
check(c0["documents"] == expected_docs, f"{c0['documents']} documents == {expected_docs}")
integrity(clean, "clean ingest")
content0 = content(clean)

threaded = fresh("threaded.db")
run("ingest", "-j", "3", "--db", threaded, *INPUTS)
check(content(threaded) == content0 and counts(threaded) == c0,
      "ingest -j 3 (workers analyse, one thread stores) stores the same as one thread")

p = run("ingest", "--db", clean, *INPUTS)
err = p.stderr.decode()
check("0 added, 0 replaced" in err, f"re-ingest adds and replaces nothing: {err.strip()}")
check(counts(clean) == c0 and content(clean) == content0, "re-ingest changes nothing")

# ---- records in, exports equal to extraction --------------------------------

recs = tpath("records.jsonl")
with open(recs, "wb") as f:
    f.write(run("extract", *INPUTS).stdout)
rdb = fresh("records.db")
run("ingest", "--records", "--db", rdb, recs)
check(counts(rdb)["events"] == c0["events"], "ingest --records stores the same events")
check(run("export", "--db", rdb, "--format", "marsad").stdout == open(recs, "rb").read(),
      "export --format marsad of an ingest --records store gives back the records")
check("0 added" in run("ingest", "--records", "--db", rdb, recs).stderr.decode(),
      "re-ingest of records adds nothing")
for fmt in ("marsad", "acled-csv", "geojson", "plover"):
    check(run("export", "--db", clean, "--format", fmt).stdout == run("extract", "--format", fmt, *INPUTS).stdout,
          f"export --format {fmt} of the store == extract --format {fmt}")

# ---- a changed document is replaced, then restored --------------------------

if DEVDOCS:
    changed = [dict(d) for d in DEVDOCS]
    changed[0]["text"] += "\nوقالت مصادر محلية إن اشتباكات عنيفة اندلعت في مدينة الموصل."
    changed_jsonl = write_jsonl(tpath("changed.jsonl"), changed)
    err = run("ingest", "--db", clean, changed_jsonl).stderr.decode()
    check("1 replaced" in err, f"a changed document is replaced: {err.strip()}")
    integrity(clean, "after a replacement")
    check(counts(clean)["documents"] == c0["documents"], "a replacement adds no document")
    err = run("ingest", "--db", clean, dev_jsonl).stderr.decode()
    check("1 replaced" in err, "the original replaces it back")
    check(content(clean) == content0 and counts(clean) == c0, "after restoring, the store is as before")

# ---- kill an ingest at random points, resume ---------------------------------

copies = max(1, 200 // max(1, len(DEVDOCS) + 1))
big = []
base = DEVDOCS + [{"id": "sputnik-hasakah-prison", "published": "2022-01-27", "outlet": "Sputnik Arabic",
                   "text": open(SAMPLE, "rb").read().decode("utf-8", "replace")}]
for k in range(copies):
    for d in base:
        big.append(dict(d, id=f"{d['id']}~{k}"))
big_jsonl = write_jsonl(tpath("big.jsonl"), big)

bclean = fresh("big-clean.db")
t0 = time.monotonic()
run("ingest", "--db", bclean, "--batch", "8", big_jsonl)
t_clean = time.monotonic() - t0
cb = counts(bclean)
check(cb["documents"] == len(big), f"big clean ingest: {cb['documents']} documents == {len(big)}")
content_b = content(bclean)

seed = int(os.environ.get("MARSAD_TEST_SEED", random.randrange(1 << 30)))
rng = random.Random(seed)
print(f"kill test: {len(big)} documents, clean ingest {t_clean:.2f} s, seed {seed}")
bkill = fresh("big-kill.db")
t0 = time.monotonic()
run("ingest", "--db", fresh("startup.db"), "--quiet", os.devnull)
t_start = time.monotonic() - t0
killed = partial = 0
signals = (signal.SIGKILL, signal.SIGTERM, signal.SIGKILL, signal.SIGINT)
for rnd in range(12):
    if partial >= 4:
        break
    sig = signals[rnd % len(signals)]
    stored = counts(bkill)["documents"] if os.path.exists(bkill) else 0
    if stored == len(big):
        bkill = fresh("big-kill.db")  # complete: start over for another kill midway
        stored = 0
    left = (len(big) - stored) / len(big)
    # a random point of what is left to do, after the start-up
    delay = t_start + rng.uniform(0.0, 0.8 * left * max(0.05, t_clean - t_start))
    jobs = ["-j", "2"] if sig == signal.SIGTERM else []
    proc = subprocess.Popen([MARSAD, "ingest", *jobs, "--db", bkill, "--batch", "8", "--quiet", big_jsonl],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(sig)
        killed += 1
    proc.wait()
    if os.path.exists(bkill):
        integrity(bkill, f"after {signal.Signals(sig).name} at {delay:.2f} s")
        docs_k, ev_k = content(bkill)
        ids = {d[0] for d in docs_k}
        check(set(docs_k) <= set(content_b[0]) and set(ev_k) == {e for e in content_b[1] if e[0] in ids},
              f"after {signal.Signals(sig).name}: every stored document is complete and as in a clean ingest")
        partial += proc.returncode < 0 and stored < len(docs_k) < len(big)
        print(f"  {signal.Signals(sig).name}{' -j 2' if jobs else ''} after {delay:.2f} s "
              f"(exit {proc.returncode}): {stored} -> {len(docs_k)} documents stored")
check(partial > 0, "some ingest was killed midway, with documents stored and documents left")
err = run("ingest", "--db", bkill, "--batch", "8", big_jsonl).stderr.decode()
print("  resumed:", err.strip().splitlines()[0])
check(counts(bkill) == cb, f"after kills and a resume, the counts equal a clean ingest: {counts(bkill)} vs {cb}")
check(content(bkill) == content_b, "after kills and a resume, the content equals a clean ingest")
integrity(bkill, "resumed")

# ---- queries -----------------------------------------------------------------

con = sqlite3.connect(clean)
con.row_factory = sqlite3.Row
ALL = {(r["doc_id"], r["event_id"]) for r in con.execute(
    "SELECT d.doc_id, e.event_id FROM events e JOIN documents d ON d.id = e.doc")}


def q(*filters):
    out = run("query", "--db", clean, "--format", "plover", *filters).stdout.decode("utf-8")
    got = [json.loads(line) for line in out.splitlines() if line.strip()]
    ids = [(r["doc_id"], r["event_id"]) for r in got]
    check(len(ids) == len(set(ids)), f"query {filters}: no event twice")
    return set(ids)


def sql_ids(where, *params):
    return {(r[0], r[1]) for r in con.execute(
        "SELECT d.doc_id, e.event_id FROM events e JOIN documents d ON d.id = e.doc "
        "LEFT JOIN attributions a ON a.event = e.id WHERE " + where, params)}


check(q() == ALL, "query without filters finds every event")
types = [r[0] for r in con.execute("SELECT type FROM events GROUP BY type ORDER BY count(*) DESC")]
t = types[0]
got = q("--type", t)
check(got == sql_ids("e.type = ?", t) and got, f"--type {t}")
actor = con.execute("SELECT code FROM event_actors WHERE code IS NOT NULL GROUP BY code "
                    "ORDER BY count(*) DESC").fetchone()[0]
got = q("--actor", actor)
check(got and got == sql_ids("e.id IN (SELECT event FROM event_actors WHERE code = ?)", actor),
      f"--actor {actor}")
check(q("--actor", actor.lower()) == got, "--actor is case-insensitive")
country = con.execute("SELECT country FROM events WHERE country IS NOT NULL GROUP BY country "
                      "ORDER BY count(*) DESC").fetchone()[0]
got = q("--country", country)
check(got and got == sql_ids("e.country = ?", country), f"--country {country}")


def haversine(a, b, c, d):
    r = math.pi / 180
    h = math.sin((c - a) * r / 2) ** 2 + math.cos(a * r) * math.cos(c * r) * math.sin((d - b) * r / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


lat, lon = 36.50, 40.75  # al-Hasakah
for km in (5, 50, 500):
    want = set()
    for r in con.execute("SELECT d.doc_id, e.event_id, p.lat, p.lon FROM event_places p "
                         "JOIN events e ON e.id = p.event JOIN documents d ON d.id = e.doc "
                         "WHERE p.lat IS NOT NULL"):
        if haversine(lat, lon, r[2], r[3]) <= km:
            want.add((r[0], r[1]))
    got = q("--near", f"{lat},{lon}", "--km", str(km))
    check(got == want and (km < 50 or got), f"--near {lat},{lon} --km {km}: {len(got)} vs {len(want)}")
dates = sorted(r[0] for r in con.execute("SELECT date_lo FROM events WHERE date_lo IS NOT NULL"))
mid = dates[len(dates) // 2]
got = q("--since", mid)
check(got == sql_ids("e.date_hi >= ?", mid), f"--since {mid}")
got = q("--until", mid)
check(got == sql_ids("e.date_lo <= ?", mid), f"--until {mid}")
check(q("--since", mid, "--until", mid) == sql_ids("e.date_hi >= ? AND e.date_lo <= ?", mid, mid),
      "--since and --until")
year = mid[:4]
check(q("--since", year, "--until", year) == sql_ids("e.date_hi >= ? AND e.date_lo <= ?",
                                                     f"{year}-01-01", f"{year}-12-31"), "--since YYYY --until YYYY")
for m in ("asserted", "claimed"):
    got = q("--modality", m)
    check(got == sql_ids("e.modality = ?", m), f"--modality {m}")
st = con.execute("SELECT source_type FROM attributions GROUP BY source_type ORDER BY count(*) DESC").fetchone()[0]
got = q("--source-type", st)
check(got and got == sql_ids("a.source_type = ?", st), f"--source-type {st}")

# full text: the documents whose text holds the word, clitics and all
word = "داعش"
texts = {r[0]: r[1] for r in con.execute("SELECT doc_id, text FROM documents")}
want_docs = {d for d, tx in texts.items() if tx and word in tx.replace("\u0640", "")}
got = q("--text", word)
check(got and {d for d, _ in got} == {d for d in want_docs if any(x[0] == d for x in ALL)},
      f"--text {word}: the documents that contain it")
check(q("--text", "بيونغيانغ") == set(), "--text of a word no article has finds nothing")
got = q("--text", "\"سجن الصناعة\"")
check({d for d, _ in got} >= {"sputnik-hasakah-prison"}, "--text with a phrase")
# composed filters are the intersection of single ones
check(q("--type", t, "--country", country) == q("--type", t) & q("--country", country),
      "composed filters are the intersection")
check(len(q("--limit", "3")) == 3, "--limit 3")
check(q("--doc", "sputnik-hasakah-prison") == {x for x in ALL if x[0] == "sputnik-hasakah-prison"}, "--doc")
table = run("query", "--db", clean, "--type", t).stdout.decode()
check(len(table.splitlines()) == len(sql_ids("e.type = ?", t)), "--format table: a line per event")

for bad in (["--type", "shooting"], ["--country", "SY"], ["--country", "ZZZ"],
            ["--near", "100,0", "--km", "5"], ["--near", "1;2", "--km", "5"], ["--near", "1,2"],
            ["--km", "5"], ["--near", "1,2", "--km", "-1"], ["--since", "2022-02-30"],
            ["--until", "tomorrow"], ["--since", "2022-02", "--until", "2022-01"],
            ["--modality", "maybe"], ["--source-type", "rumour"], ["--text", "\"unbalanced"],
            ["--limit", "0"], ["--format", "xml"], ["--actor", "A B"], ["--bogus"]):
    p = run("query", "--db", clean, *bad, ok=(2,))
    msg = p.stderr.decode()
    check(msg.startswith("marsad: query: ") and len(msg.splitlines()[0]) > 25,
          f"bad filter {bad}: a clear message ({msg.splitlines()[0] if msg else ''})")
p = run("query", "--db", tpath("missing.db"), ok=(1,))
check("missing.db" in p.stderr.decode(), "a missing store is an error naming the file")
run("query", ok=(2,))
con.close()

# ---- exports round trip ---------------------------------------------------------

con = sqlite3.connect(clean)
n_events = con.execute("SELECT count(*) FROM events").fetchone()[0]

raw = run("export", "--db", clean, "--format", "acled-csv").stdout
text = raw.decode("utf-8")  # strict: UTF-8
check(not text.startswith("\ufeff"), "CSV: no BOM")
check(text.endswith("\r\n") and "\n" not in text.replace("\r\n", ""),
      "CSV: CRLF line ends (RFC 4180), no bare newlines")
rows = list(csv.reader(io.StringIO(text, newline="")))
check(rows[0] == CSV_COLUMNS, "CSV: the header row has SCHEMA.md's columns and marsad's")
body = rows[1:]
check(len(body) == n_events, f"CSV: one row per event ({len(body)} vs {n_events})")
check(all(len(r) == len(CSV_COLUMNS) for r in body), "CSV: every row has every column")
col = {c: i for i, c in enumerate(CSV_COLUMNS)}
check({(r[col["doc_id"]], r[col["event_id"]]) for r in body} == ALL, "CSV: the rows are the events")
for r in body:
    ok = r[col["time_precision"]] in ("1", "2", "3")
    ok &= r[col["geo_precision"]] in ("", "1", "2", "3")
    ok &= r[col["fatalities"]].isdigit()
    ok &= r[col["interaction"]] == "" or (r[col["interaction"]].isdigit() and len(r[col["interaction"]]) == 2
                                          and r[col["interaction"]][0] <= r[col["interaction"]][1] or r[col["interaction"]].endswith("0"))
    if r[col["latitude"]]:
        ok &= -90 <= float(r[col["latitude"]]) <= 90 and -180 <= float(r[col["longitude"]]) <= 180
    if not check(ok, f"CSV: codes in range in row {r[col['doc_id']]}/{r[col['event_id']]}"):
        break
check(any(any("\u0600" <= ch <= "\u06ff" for ch in r[col["notes"]]) for r in body),
      "CSV: the notes carry the Arabic evidence sentences")
ex = run("extract", "--format", "acled-csv", *INPUTS).stdout.decode("utf-8")
check(ex.count("event_date,time_precision,") == 1 and sorted(ex.splitlines()) == sorted(text.splitlines()),
      "CSV: extract of many documents writes the header once, then the store's rows")

gj = json.loads(run("export", "--db", clean, "--format", "geojson").stdout)
check(gj.get("type") == "FeatureCollection" and isinstance(gj.get("features"), list),
      "GeoJSON: a FeatureCollection with a features array")
located = {(r[0], r[1]) for r in con.execute(
    "SELECT DISTINCT d.doc_id, e.event_id FROM event_places p JOIN events e ON e.id = p.event "
    "JOIN documents d ON d.id = e.doc WHERE p.lat IS NOT NULL AND p.lon IS NOT NULL")}
feats = gj["features"]
check(len(feats) == len(located) and len(feats) > 0, f"GeoJSON: one feature per located event ({len(feats)} vs {len(located)})")
coords = {}
for r in con.execute("SELECT d.doc_id, e.event_id, p.lat, p.lon FROM event_places p JOIN events e ON e.id = p.event "
                     "JOIN documents d ON d.id = e.doc WHERE p.lat IS NOT NULL"):
    coords.setdefault((r[0], r[1]), set()).add((r[2], r[3]))
for f in feats:
    g = f.get("geometry") or {}
    c = g.get("coordinates")
    ok = f.get("type") == "Feature" and g.get("type") == "Point" and isinstance(c, list) and len(c) == 2
    ok = ok and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in c)
    ok = ok and -180 <= c[0] <= 180 and -90 <= c[1] <= 90
    props = f.get("properties")
    ok = ok and isinstance(props, dict) and list(props) == CSV_COLUMNS
    key = (props["doc_id"], props["event_id"]) if ok else None
    ok = ok and (c[1], c[0]) in coords.get(key, set())  # [lon, lat]
    ok = ok and props["latitude"] == c[1] and props["longitude"] == c[0]
    if not check(ok, f"GeoJSON: feature {f.get('id')} is a Point [lon, lat] of its event with the CSV properties"):
        break
check("crs" not in gj, "GeoJSON: no crs member (RFC 7946: WGS 84 implied)")
many = json.loads(run("extract", "--format", "geojson", *INPUTS).stdout)
check(len(many["features"]) == len(feats), "GeoJSON: extract streams the features of many documents into one collection")
empty = json.loads(run("query", "--db", clean, "--format", "geojson", "--text", "بيونغيانغ").stdout)
check(empty == {"type": "FeatureCollection", "features": []}, "GeoJSON: no match is an empty collection")

plover = [json.loads(line) for line in run("export", "--db", clean, "--format", "plover").stdout.decode().splitlines()]
check(len(plover) == n_events, "PLOVER: one record per event")
for r in plover:
    ok = isinstance(r.get("id"), str) and r["id"]
    ok = ok and (r.get("date") is None or (len(r["date"]) == 10 and r["date"][4] == "-"))
    ok = ok and all(k in r for k in ("has_event", "enddate", "actor", "recipient", "event", "event_loc",
                                      "event_text", "mode", "context", "text_info", "cite_info", "size"))
    ok = ok and isinstance(r["event"], list) and isinstance(r["mode"], list) and isinstance(r["context"], list)
    ok = ok and all(isinstance(a, dict) and "code" in a and "sector" in a for a in r["actor"] + r["recipient"])
    ok = ok and all(len(a["code"]) == 3 for a in r["actor"] + r["recipient"])
    ok = ok and set(r["size"]) == {"dead", "injured", "arrested"}
    ok = ok and (r["event_loc"] is None or all(k in r["event_loc"] for k in (
        "extracted_place", "resolved_place", "geonameid", "lat", "lon", "country_code", "resolution")))
    ok = ok and r["has_event"] == bool(r["event"])
    if not check(ok, f"PLOVER: record {r.get('id')} has the manual's fields"):
        break
check(len({r["id"] for r in plover}) == len(plover), "PLOVER: ids are unique")
con.close()

# ---- a newer schema is refused --------------------------------------------------
newer = fresh("newer.db")
run("ingest", "--db", newer, SAMPLE)
c = sqlite3.connect(newer)
c.execute("PRAGMA user_version = 99")
c.commit()
c.close()
p = run("query", "--db", newer, ok=(1,))
check("newer" in p.stderr.decode(), "a newer store schema is refused with a message")

if FAILS:
    print(f"{len(FAILS)} check(s) failed; files kept in {TMP}")
    sys.exit(1)
subprocess.run(["rm", "-rf", TMP])
print("store: all checks passed")
