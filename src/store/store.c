/*
 * store.c -- the event store's SQLite file: opening, the versioned schema and
 * its migrations, and idempotent, batched, crash-safe ingest of marsad/1
 * records (from analysed documents or from JSON Lines).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../io/export.h"
#include "../text/text_priv.h"
#include "store_internal.h"

/* PRAGMA application_id of a marsad store: "MRSD". */
#define STORE_APP_ID 0x4D525344

/* ---- the schema: migrations[v] brings user_version v to v + 1 ---- */

static const char *const schema_v1[] = {
    "CREATE TABLE documents (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  doc_id TEXT NOT NULL UNIQUE,\n"
    "  outlet TEXT, url TEXT, title TEXT, published TEXT, language TEXT,\n"
    "  chars INTEGER, focus_country TEXT,\n"
    "  text TEXT,\n"
    "  content_hash TEXT NOT NULL,\n"
    "  kb_version TEXT, marsad_version TEXT,\n"
    "  record TEXT NOT NULL,\n"
    "  ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))",
    "CREATE INDEX documents_published ON documents(published)",
    "CREATE TABLE events (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  ord INTEGER NOT NULL, event_id TEXT NOT NULL, type TEXT NOT NULL,\n"
    "  plover_event TEXT, plover_mode TEXT, plover_context TEXT,\n"
    "  acled_event_type TEXT, acled_sub_event_type TEXT, cameo TEXT,\n"
    "  trigger_text TEXT, trigger_start INTEGER, trigger_end INTEGER,\n"
    "  sentence_index INTEGER, sentence_start INTEGER, sentence_end INTEGER,\n"
    "  date_start TEXT, date_end TEXT, date_precision TEXT, date_basis TEXT,\n"
    "  date_text TEXT, date_text_start INTEGER, date_text_end INTEGER,\n"
    "  date_lo TEXT, date_hi TEXT,\n"
    "  country TEXT, modality TEXT, confidence REAL,\n"
    "  UNIQUE (doc, ord))",
    "CREATE INDEX events_type ON events(type, date_lo)",
    "CREATE INDEX events_country ON events(country, date_lo)",
    "CREATE INDEX events_date ON events(date_lo, date_hi)",
    "CREATE INDEX events_modality ON events(modality)",
    "CREATE TABLE event_actors (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  event INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,\n"
    "  role TEXT NOT NULL CHECK (role IN ('actor', 'recipient')), ord INTEGER NOT NULL,\n"
    "  code TEXT, name TEXT, country TEXT, sector TEXT,\n"
    "  text TEXT, span_start INTEGER, span_end INTEGER)",
    "CREATE INDEX event_actors_event ON event_actors(event)",
    "CREATE INDEX event_actors_code ON event_actors(code)",
    "CREATE TABLE event_places (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  event INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,\n"
    "  slot TEXT NOT NULL CHECK (slot IN ('location', 'origin', 'destination')),\n"
    "  place_id TEXT, geonameid INTEGER, name TEXT,\n"
    "  text TEXT, span_start INTEGER, span_end INTEGER,\n"
    "  lat REAL, lon REAL, country TEXT, admin1 TEXT, feature TEXT, resolution INTEGER,\n"
    "  relation TEXT)",
    "CREATE INDEX event_places_event ON event_places(event)",
    "CREATE INDEX event_places_place ON event_places(place_id)",
    "CREATE VIRTUAL TABLE event_places_rtree USING rtree(id, min_lat, max_lat, min_lon, max_lon)",
    "CREATE TRIGGER event_places_ai AFTER INSERT ON event_places\n"
    "  WHEN new.lat IS NOT NULL AND new.lon IS NOT NULL BEGIN\n"
    "  INSERT INTO event_places_rtree VALUES (new.id, new.lat, new.lat, new.lon, new.lon);\n"
    "END",
    "CREATE TRIGGER event_places_ad AFTER DELETE ON event_places BEGIN\n"
    "  DELETE FROM event_places_rtree WHERE id = old.id;\n"
    "END",
    "CREATE TABLE quantities (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  event INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,\n"
    "  ord INTEGER NOT NULL, value REAL, approx INTEGER, unit TEXT,\n"
    "  text TEXT, span_start INTEGER, span_end INTEGER)",
    "CREATE INDEX quantities_event ON quantities(event)",
    "CREATE TABLE counts (\n"
    "  event INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('dead', 'injured', 'arrested')),\n"
    "  value INTEGER NOT NULL,\n"
    "  PRIMARY KEY (event, kind)) WITHOUT ROWID",
    "CREATE TABLE attributions (\n"
    "  event INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,\n"
    "  source TEXT, source_type TEXT, entity TEXT, verb TEXT, stance TEXT,\n"
    "  span_start INTEGER, span_end INTEGER, via TEXT)",
    "CREATE INDEX attributions_source_type ON attributions(source_type)",
    "CREATE TABLE mentions (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  ord INTEGER NOT NULL, label TEXT, ref TEXT,\n"
    "  text TEXT, span_start INTEGER, span_end INTEGER)",
    "CREATE INDEX mentions_doc ON mentions(doc)",
    "CREATE INDEX mentions_ref ON mentions(ref)",
    "CREATE TABLE framing (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  ord INTEGER NOT NULL, technique TEXT,\n"
    "  text TEXT, span_start INTEGER, span_end INTEGER)",
    "CREATE INDEX framing_doc ON framing(doc)",
    "CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, tokenize = 'trigram')",
    "CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN\n"
    "  DELETE FROM documents_fts WHERE rowid = old.id;\n"
    "END",
    "CREATE VIEW event_view AS\n"
    "  SELECT e.id, d.doc_id, e.event_id, e.type, e.modality, e.date_start, e.date_end,\n"
    "         e.date_lo, e.date_hi, e.country, p.name AS place, p.lat, p.lon,\n"
    "         a.source_type, a.source, e.trigger_text, e.confidence, d.outlet, d.published\n"
    "  FROM events e JOIN documents d ON d.id = e.doc\n"
    "  LEFT JOIN attributions a ON a.event = e.id\n"
    "  LEFT JOIN event_places p ON p.event = e.id AND p.slot = 'location'",
    NULL};

static const char *const *const migrations[MARSAD_STORE_SCHEMA] = {schema_v1};

/* The statements of the ingest and export paths, prepared once. */
static const char *const stmt_sql[SQ_N] = {
    [SQ_FIND_DOC] = "SELECT id, content_hash, kb_version FROM documents WHERE doc_id = ?1",
    [SQ_DELETE_DOC] = "DELETE FROM documents WHERE id = ?1",
    [SQ_INSERT_DOC] =
        "INSERT INTO documents (doc_id, outlet, url, title, published, language, chars,"
        " focus_country, text, content_hash, kb_version, marsad_version, record)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    [SQ_INSERT_FTS] = "INSERT INTO documents_fts (rowid, title, text) VALUES (?1, ?2, ?3)",
    [SQ_INSERT_EVENT] =
        "INSERT INTO events (doc, ord, event_id, type, plover_event, plover_mode,"
        " plover_context, acled_event_type, acled_sub_event_type, cameo, trigger_text,"
        " trigger_start, trigger_end, sentence_index, sentence_start, sentence_end,"
        " date_start, date_end, date_precision, date_basis, date_text, date_text_start,"
        " date_text_end, date_lo, date_hi, country, modality, confidence)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
        " ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)",
    [SQ_INSERT_ACTOR] =
        "INSERT INTO event_actors (event, role, ord, code, name, country, sector, text,"
        " span_start, span_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [SQ_INSERT_PLACE] =
        "INSERT INTO event_places (event, slot, place_id, geonameid, name, text, span_start,"
        " span_end, lat, lon, country, admin1, feature, resolution, relation)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    [SQ_INSERT_QUANTITY] =
        "INSERT INTO quantities (event, ord, value, approx, unit, text, span_start, span_end)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [SQ_INSERT_COUNT] = "INSERT INTO counts (event, kind, value) VALUES (?1, ?2, ?3)",
    [SQ_INSERT_ATTRIBUTION] =
        "INSERT INTO attributions (event, source, source_type, entity, verb, stance,"
        " span_start, span_end, via) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [SQ_INSERT_MENTION] =
        "INSERT INTO mentions (doc, ord, label, ref, text, span_start, span_end)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [SQ_INSERT_FRAMING] =
        "INSERT INTO framing (doc, ord, technique, text, span_start, span_end)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [SQ_LOAD_DOC] = "SELECT record, text FROM documents WHERE id = ?1",
};

/* ---- helpers ---- */

void marsadStoreFail(marsad_store *st, marsad_error *err, marsad_status code, const char *what) {
    marsadErrorSet(err, code, st ? st->path : NULL, 0, "%s: %s", what,
                   st && st->db ? sqlite3_errmsg(st->db) : "out of memory");
}

sqlite3_stmt *marsadStoreStmt(marsad_store *st, int i, marsad_error *err) {
    if (!st->stmt[i] &&
        sqlite3_prepare_v3(st->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &st->stmt[i],
                           NULL) != SQLITE_OK) {
        marsadStoreFail(st, err, MARSAD_ERR_IO, "preparing a statement");
        return NULL;
    }
    sqlite3_reset(st->stmt[i]);
    sqlite3_clear_bindings(st->stmt[i]);
    return st->stmt[i];
}

int marsadStoreExec(marsad_store *st, const char *sql, marsad_error *err) {
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        marsadErrorSet(err, MARSAD_ERR_IO, st->path, 0, "%s", msg ? msg : "SQLite error");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

const marsad_kb *marsadStoreKb(void) { return marsadBuiltinKb(NULL); }

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* An integer of a single-row query; `def` when there is no row. */
static int pragma_int(marsad_store *st, const char *sql, long long *out, marsad_error *err) {
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
        marsadStoreFail(st, err, MARSAD_ERR_IO, "cannot read the file");
        return -1;
    }
    int rc = sqlite3_step(s);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        marsadStoreFail(st, err, MARSAD_ERR_IO, "cannot read the file");
        return -1;
    }
    return 0;
}

int marsadStoreRegister(sqlite3 *db); /* query.c */

static int migrate(marsad_store *st, marsad_error *err) {
    for (;;) {
        if (marsadStoreExec(st, "BEGIN IMMEDIATE", err)) return -1;
        long long v;
        /* read again inside the write lock: another process may have migrated */
        if (pragma_int(st, "PRAGMA user_version", &v, err)) goto fail;
        if (v >= MARSAD_STORE_SCHEMA) return marsadStoreExec(st, "COMMIT", err);
        const char *const *step = migrations[v];
        while (*step && !marsadStoreExec(st, *step, err)) step++;
        if (*step) {
            marsadErrorSet(err, MARSAD_ERR_IO, st->path, 0,
                           "cannot migrate the schema to version %lld (is this SQLite built with "
                           "FTS5 and R*Tree?): %s",
                           v + 1, sqlite3_errmsg(st->db));
            goto fail;
        }
        char sql[96];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %lld; PRAGMA application_id = %d", v + 1,
                 STORE_APP_ID);
        if (marsadStoreExec(st, sql, err) || marsadStoreExec(st, "COMMIT", err)) goto fail;
    }
fail:
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

static void fts_drop(marsad_store *st, size_t from) {
    for (size_t i = from; i < st->n_fts; i++) {
        marsad_free(st->fts[i].title);
        marsad_free(st->fts[i].text);
        st->fts_bytes -= st->fts[i].title_len + st->fts[i].text_len;
    }
    st->n_fts = from;
}

/* Forgets the pending row of a document deleted in the same batch: one of
 * the first `before` rows (its replacement may reuse its rowid). */
static void fts_forget(marsad_store *st, sqlite3_int64 rowid, size_t before) {
    for (size_t i = 0; i < before && i < st->n_fts; i++)
        if (st->fts[i].rowid == rowid) {
            ftsPending p = st->fts[i];
            memmove(st->fts + i, st->fts + i + 1, (st->n_fts - i - 1) * sizeof *st->fts);
            st->fts[st->n_fts - 1] = p;
            fts_drop(st, st->n_fts - 1);
            return;
        }
}

int marsadStoreFlushFts(marsad_store *st, marsad_error *err) {
    int rc = 0;
    for (size_t i = 0; i < st->n_fts && !rc; i++) {
        sqlite3_stmt *s = marsadStoreStmt(st, SQ_INSERT_FTS, err);
        if (!s) {
            rc = -1;
            break;
        }
        sqlite3_bind_int64(s, 1, st->fts[i].rowid);
        if (st->fts[i].title)
            sqlite3_bind_text(s, 2, st->fts[i].title, (int)st->fts[i].title_len, SQLITE_STATIC);
        if (st->fts[i].text)
            sqlite3_bind_text(s, 3, st->fts[i].text, (int)st->fts[i].text_len, SQLITE_STATIC);
        int r = sqlite3_step(s);
        sqlite3_reset(s);
        if (r != SQLITE_DONE) {
            marsadStoreFail(st, err, MARSAD_ERR_IO, "indexing the documents' text");
            rc = -1;
        }
    }
    fts_drop(st, 0);
    if (rc && st->in_tx) {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        st->in_tx = 0;
        st->batch_docs = 0;
    }
    return rc;
}

static void store_free(marsad_store *st) {
    if (!st) return;
    fts_drop(st, 0);
    free(st->fts);
    for (int i = 0; i < SQ_N; i++) sqlite3_finalize(st->stmt[i]);
    sqlite3_close(st->db);
    free(st->path);
    free(st);
}

marsad_store *marsad_store_open(const char *path, unsigned flags, marsad_error *err) {
    if (!path) {
        marsadErrorSet(err, MARSAD_ERR_ARG, NULL, 0, "no database file given");
        return NULL;
    }
    marsad_store *st = calloc(1, sizeof *st);
    if (st) st->path = strdup(path);
    if (!st || !st->path) {
        marsadErrorSet(err, MARSAD_ERR_NOMEM, path, 0, "out of memory");
        store_free(st);
        return NULL;
    }
    st->flags = flags;
    st->batch_limit = 256;
    int ro = (flags & MARSAD_STORE_READONLY) != 0;
    /* a store belongs to one thread: no mutexes on its connection */
    int of = (ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
             SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &st->db, of, NULL) != SQLITE_OK) {
        marsadStoreFail(st, err, MARSAD_ERR_IO, "cannot open");
        store_free(st);
        return NULL;
    }
    sqlite3_busy_timeout(st->db, 10000);
    long long app, ver, objects;
    if (pragma_int(st, "PRAGMA application_id", &app, err) ||
        pragma_int(st, "PRAGMA user_version", &ver, err) ||
        pragma_int(st, "SELECT count(*) FROM sqlite_master", &objects, err)) {
        store_free(st);
        return NULL;
    }
    if (app != STORE_APP_ID && (app != 0 || ver != 0 || objects != 0)) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, path, 0,
                       "is a SQLite database of another application, not a marsad store");
        store_free(st);
        return NULL;
    }
    if (ver > MARSAD_STORE_SCHEMA) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, path, 0,
                       "has store schema %lld, newer than this marsad's %d: use a newer marsad",
                       ver, MARSAD_STORE_SCHEMA);
        store_free(st);
        return NULL;
    }
    if (ro && ver < MARSAD_STORE_SCHEMA) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, path, 0,
                       ver == 0 ? "is not a marsad store (it is empty): create it with marsad ingest"
                                : "has an older store schema: open it once for writing (marsad "
                                  "ingest) to migrate it");
        store_free(st);
        return NULL;
    }
    if (marsadStoreRegister(st->db) != SQLITE_OK) {
        marsadStoreFail(st, err, MARSAD_ERR_IO, "cannot register functions");
        store_free(st);
        return NULL;
    }
    if (ro) {
        if (marsadStoreExec(st, "PRAGMA query_only = ON", err)) {
            store_free(st);
            return NULL;
        }
        return st;
    }
    if (marsadStoreExec(st, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                            "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;"
                            "PRAGMA cache_size = -65536",
                        err) ||
        migrate(st, err)) {
        store_free(st);
        return NULL;
    }
    return st;
}

int marsad_store_commit(marsad_store *st, marsad_error *err) {
    if (!st || !st->in_tx) return 0;
    if (marsadStoreFlushFts(st, err)) return -1;
    st->in_tx = 0;
    st->batch_docs = 0;
    if (marsadStoreExec(st, "COMMIT", err)) {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    return 0;
}

int marsad_store_close(marsad_store *st, marsad_error *err) {
    if (!st) return 0;
    int rc = marsad_store_commit(st, err);
    if (!(st->flags & MARSAD_STORE_READONLY)) sqlite3_exec(st->db, "PRAGMA optimize", NULL, NULL, NULL);
    store_free(st);
    return rc;
}

void marsad_store_set_batch(marsad_store *st, size_t docs) {
    if (st) st->batch_limit = docs ? docs : 1;
}

/* ---- the content hash: FNV-1a 64 over the fields that decide a record ---- */

static uint64_t fnv(uint64_t h, const void *p, size_t n) {
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static uint64_t fnv_field(uint64_t h, const char *s, size_t n) {
    unsigned char tag = s ? 1 : 0;
    h = fnv(h, &tag, 1);
    if (!s) return h;
    uint64_t len = n;
    h = fnv(h, &len, sizeof len);
    return fnv(h, s, n);
}

static void hash_input(const char *text, size_t len, const char *published, const char *outlet,
                       const char *url, const char *title, char out[40]) {
    uint64_t h = 0xcbf29ce484222325ULL;
    h = fnv_field(h, text ? text : "", text ? len : 0);
    h = fnv_field(h, published, published ? strlen(published) : 0);
    h = fnv_field(h, outlet, outlet ? strlen(outlet) : 0);
    h = fnv_field(h, url, url ? strlen(url) : 0);
    h = fnv_field(h, title, title ? strlen(title) : 0);
    snprintf(out, 40, "text:%016llx", (unsigned long long)h);
}

/* 1: stored with this hash and KB version; 0: not; with *rowid the stored
 * document's id (0 when absent); -1 on error. */
static int find_doc(marsad_store *st, const char *doc_id, const char *hash, const char *kbv,
                    sqlite3_int64 *rowid, marsad_error *err) {
    *rowid = 0;
    sqlite3_stmt *s = marsadStoreStmt(st, SQ_FIND_DOC, err);
    if (!s) return -1;
    sqlite3_bind_text(s, 1, doc_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) return 0;
    if (rc != SQLITE_ROW) {
        marsadStoreFail(st, err, MARSAD_ERR_IO, "looking up a document");
        return -1;
    }
    *rowid = sqlite3_column_int64(s, 0);
    const char *h = (const char *)sqlite3_column_text(s, 1);
    const char *k = (const char *)sqlite3_column_text(s, 2);
    int same = h && strcmp(h, hash) == 0 && ((!k && !kbv) || (k && kbv && strcmp(k, kbv) == 0));
    sqlite3_reset(s);
    return same;
}

int marsad_store_is_current(marsad_store *st, const marsad_doc_input *in,
                            const char *kb_version) {
    if (!st || !in || !in->id || (!in->text && in->len)) return 0;
    const char *text = in->text ? in->text : "";
    char *fixed = NULL;
    size_t len = in->len;
    if (!marsad_utf8_valid(text, len)) {
        fixed = marsad_utf8_repair(text, len, &len, NULL);
        if (!fixed) return 0;
        text = fixed;
    }
    char hash[40];
    hash_input(text, len, in->published, in->outlet, in->url, in->title, hash);
    marsad_free(fixed);
    sqlite3_int64 rowid;
    return find_doc(st, in->id, hash, kb_version, &rowid, NULL) == 1;
}

/* ---- binding members of a parsed record ---- */

static const json_t *jget(const json_t *o, const char *k) {
    return json_is_object(o) ? json_object_get(o, k) : NULL;
}

static const char *jstr(const json_t *o, const char *k) {
    const json_t *v = jget(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static void bind_str(sqlite3_stmt *s, int i, const char *v) {
    if (v) sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else sqlite3_bind_null(s, i);
}

static void bind_jstr(sqlite3_stmt *s, int i, const json_t *o, const char *k) {
    bind_str(s, i, jstr(o, k));
}

static void bind_jnum(sqlite3_stmt *s, int i, const json_t *o, const char *k) {
    const json_t *v = jget(o, k);
    if (json_is_integer(v)) sqlite3_bind_int64(s, i, (sqlite3_int64)json_integer_value(v));
    else if (json_is_real(v)) sqlite3_bind_double(s, i, json_real_value(v));
    else if (json_is_true(v)) sqlite3_bind_int(s, i, 1);
    else if (json_is_false(v)) sqlite3_bind_int(s, i, 0);
    else sqlite3_bind_null(s, i);
}

static int step_done(marsad_store *st, sqlite3_stmt *s, const char *what, marsad_error *err) {
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        marsadStoreFail(st, err, MARSAD_ERR_IO, what);
        return -1;
    }
    return 0;
}

static int insert_actors(marsad_store *st, sqlite3_int64 ev, const char *role, const json_t *list,
                         marsad_error *err) {
    for (size_t i = 0; json_is_array(list) && i < json_array_size(list); i++) {
        const json_t *a = json_array_get(list, i);
        sqlite3_stmt *s = marsadStoreStmt(st, SQ_INSERT_ACTOR, err);
        if (!s) return -1;
        sqlite3_bind_int64(s, 1, ev);
        bind_str(s, 2, role);
        sqlite3_bind_int64(s, 3, (sqlite3_int64)i);
        bind_jstr(s, 4, a, "code");
        bind_jstr(s, 5, a, "name");
        bind_jstr(s, 6, a, "country");
        bind_jstr(s, 7, a, "sector");
        bind_jstr(s, 8, a, "text");
        bind_jnum(s, 9, a, "start");
        bind_jnum(s, 10, a, "end");
        if (step_done(st, s, "storing an actor", err)) return -1;
    }
    return 0;
}

static int insert_place(marsad_store *st, sqlite3_int64 ev, const char *slot, const json_t *p,
                        marsad_error *err) {
    if (!json_is_object(p)) return 0;
    sqlite3_stmt *s = marsadStoreStmt(st, SQ_INSERT_PLACE, err);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, ev);
    bind_str(s, 2, slot);
    bind_jstr(s, 3, p, "place_id");
    bind_jnum(s, 4, p, "geonameid");
    bind_jstr(s, 5, p, "name");
    bind_jstr(s, 6, p, "text");
    bind_jnum(s, 7, p, "start");
    bind_jnum(s, 8, p, "end");
    bind_jnum(s, 9, p, "lat");
    bind_jnum(s, 10, p, "lon");
    bind_jstr(s, 11, p, "country");
    bind_jstr(s, 12, p, "admin1");
    bind_jstr(s, 13, p, "feature");
    bind_jnum(s, 14, p, "resolution");
    bind_jstr(s, 15, p, "relation");
    return step_done(st, s, "storing a place", err);
}

static int insert_event(marsad_store *st, sqlite3_int64 doc, size_t ord, const json_t *rec,
                        const json_t *e, marsad_error *err) {
    sqlite3_stmt *s = marsadStoreStmt(st, SQ_INSERT_EVENT, err);
    if (!s) return -1;
    const json_t *pl = jget(e, "plover"), *ac = jget(e, "acled"), *tr = jget(e, "trigger");
    const json_t *se = jget(e, "sentence"), *dt = jget(e, "date");
    /* PLOVER contexts as one '|'-separated string, as marsad_event has them */
    marsadBuf ctx;
    marsadBufInit(&ctx);
    const json_t *cl = jget(pl, "context");
    for (size_t i = 0; json_is_array(cl) && i < json_array_size(cl); i++) {
        const json_t *c = json_array_get(cl, i);
        if (!json_is_string(c)) continue;
        if (ctx.len) marsadBufPutc(&ctx, '|');
        marsadBufPuts(&ctx, json_string_value(c));
    }
    const char *ev_id = jstr(e, "id");
    char fallback[32];
    if (!ev_id) {
        snprintf(fallback, sizeof fallback, "e%zu", ord + 1);
        ev_id = fallback;
    }
    const char *type = jstr(e, "type");
    const char *ds = jstr(dt, "start"), *de = jstr(dt, "end");
    sqlite3_bind_int64(s, 1, doc);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)ord);
    bind_str(s, 3, ev_id);
    bind_str(s, 4, type ? type : "unknown");
    bind_jstr(s, 5, pl, "event");
    bind_jstr(s, 6, pl, "mode");
    if (ctx.len && !ctx.failed) sqlite3_bind_text(s, 7, ctx.data, (int)ctx.len, SQLITE_STATIC);
    else sqlite3_bind_null(s, 7);
    bind_jstr(s, 8, ac, "event_type");
    bind_jstr(s, 9, ac, "sub_event_type");
    bind_jstr(s, 10, e, "cameo");
    bind_jstr(s, 11, tr, "text");
    bind_jnum(s, 12, tr, "start");
    bind_jnum(s, 13, tr, "end");
    bind_jnum(s, 14, se, "index");
    bind_jnum(s, 15, se, "start");
    bind_jnum(s, 16, se, "end");
    bind_str(s, 17, ds);
    bind_str(s, 18, de);
    bind_jstr(s, 19, dt, "precision");
    bind_jstr(s, 20, dt, "basis");
    bind_jstr(s, 21, dt, "text");
    bind_jnum(s, 22, dt, "text_start");
    bind_jnum(s, 23, dt, "text_end");
    bind_str(s, 24, ds ? ds : de);
    bind_str(s, 25, de ? de : ds);
    bind_str(s, 26, marsadExportCountry(rec, e));
    bind_jstr(s, 27, e, "modality");
    bind_jnum(s, 28, e, "confidence");
    int rc = step_done(st, s, "storing an event", err);
    marsadBufFree(&ctx);
    if (rc) return -1;
    sqlite3_int64 ev = sqlite3_last_insert_rowid(st->db);

    if (insert_actors(st, ev, "actor", jget(e, "actor"), err) ||
        insert_actors(st, ev, "recipient", jget(e, "recipient"), err) ||
        insert_place(st, ev, "location", jget(e, "location"), err) ||
        insert_place(st, ev, "origin", jget(e, "origin"), err) ||
        insert_place(st, ev, "destination", jget(e, "destination"), err))
        return -1;
    const json_t *ql = jget(e, "quantities");
    for (size_t i = 0; json_is_array(ql) && i < json_array_size(ql); i++) {
        const json_t *q = json_array_get(ql, i);
        if (!(s = marsadStoreStmt(st, SQ_INSERT_QUANTITY, err))) return -1;
        sqlite3_bind_int64(s, 1, ev);
        sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
        bind_jnum(s, 3, q, "value");
        bind_jnum(s, 4, q, "approx");
        bind_jstr(s, 5, q, "unit");
        bind_jstr(s, 6, q, "text");
        bind_jnum(s, 7, q, "start");
        bind_jnum(s, 8, q, "end");
        if (step_done(st, s, "storing a quantity", err)) return -1;
    }
    static const char *const kinds[] = {"dead", "injured", "arrested"};
    const json_t *co = jget(e, "counts");
    for (int i = 0; i < 3; i++) {
        const json_t *v = jget(co, kinds[i]);
        if (!v || (json_typeof(v) != JSON_INTEGER && json_typeof(v) != JSON_REAL)) continue;
        if (!(s = marsadStoreStmt(st, SQ_INSERT_COUNT, err))) return -1;
        sqlite3_bind_int64(s, 1, ev);
        bind_str(s, 2, kinds[i]);
        sqlite3_bind_int64(s, 3, (sqlite3_int64)json_number_value(v));
        if (step_done(st, s, "storing a count", err)) return -1;
    }
    const json_t *at = jget(e, "attribution");
    if (json_is_object(at)) {
        if (!(s = marsadStoreStmt(st, SQ_INSERT_ATTRIBUTION, err))) return -1;
        sqlite3_bind_int64(s, 1, ev);
        bind_jstr(s, 2, at, "source");
        bind_jstr(s, 3, at, "source_type");
        bind_jstr(s, 4, at, "entity");
        bind_jstr(s, 5, at, "verb");
        bind_jstr(s, 6, at, "stance");
        bind_jnum(s, 7, at, "start");
        bind_jnum(s, 8, at, "end");
        bind_jstr(s, 9, at, "via");
        if (step_done(st, s, "storing an attribution", err)) return -1;
    }
    return 0;
}

/* The normalized form the full-text index holds (and queries are read in). */
static char *fts_form(const char *s, size_t *n) {
    if (!s || !marsad_utf8_valid(s, strlen(s))) {
        *n = 0;
        return NULL;
    }
    return marsad_normalize(s, strlen(s), MARSAD_NORM_DEFAULT & ~(unsigned)MARSAD_NORM_CASE, n,
                            NULL);
}

static int insert_document(marsad_store *st, const json_t *rec, const char *rec_str,
                           size_t rec_len, const char *text, const char *hash,
                           sqlite3_int64 *rowid, marsad_error *err) {
    const json_t *doc = jget(rec, "doc"), *ms = jget(rec, "marsad");
    sqlite3_stmt *s = marsadStoreStmt(st, SQ_INSERT_DOC, err);
    if (!s) return -1;
    bind_jstr(s, 1, doc, "id");
    bind_jstr(s, 2, doc, "outlet");
    bind_jstr(s, 3, doc, "url");
    bind_jstr(s, 4, doc, "title");
    bind_jstr(s, 5, doc, "published");
    bind_jstr(s, 6, doc, "language");
    bind_jnum(s, 7, doc, "chars");
    bind_jstr(s, 8, doc, "focus_country");
    bind_str(s, 9, text);
    bind_str(s, 10, hash);
    bind_jstr(s, 11, ms, "kb");
    bind_jstr(s, 12, ms, "version");
    sqlite3_bind_text(s, 13, rec_str, (int)rec_len, SQLITE_STATIC);
    if (step_done(st, s, "storing a document", err)) return -1;
    *rowid = sqlite3_last_insert_rowid(st->db);

    if (st->n_fts == st->cap_fts) {
        size_t cap = st->cap_fts ? st->cap_fts * 2 : 64;
        ftsPending *p = realloc(st->fts, cap * sizeof *p);
        if (!p) {
            marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
            return -1;
        }
        st->fts = p;
        st->cap_fts = cap;
    }
    ftsPending *p = &st->fts[st->n_fts];
    memset(p, 0, sizeof *p);
    p->rowid = *rowid;
    p->title = fts_form(jstr(doc, "title"), &p->title_len);
    p->text = fts_form(text, &p->text_len);
    st->n_fts++;
    st->fts_bytes += p->title_len + p->text_len;
    if ((jstr(doc, "title") && !p->title) || (text && !p->text)) {
        marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
        return -1;
    }

    const json_t *ml = jget(rec, "mentions");
    for (size_t i = 0; json_is_array(ml) && i < json_array_size(ml); i++) {
        const json_t *m = json_array_get(ml, i);
        if (!(s = marsadStoreStmt(st, SQ_INSERT_MENTION, err))) return -1;
        sqlite3_bind_int64(s, 1, *rowid);
        sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
        bind_jstr(s, 3, m, "label");
        bind_jstr(s, 4, m, "ref");
        bind_jstr(s, 5, m, "text");
        bind_jnum(s, 6, m, "start");
        bind_jnum(s, 7, m, "end");
        if (step_done(st, s, "storing a mention", err)) return -1;
    }
    const json_t *fl = jget(rec, "framing");
    for (size_t i = 0; json_is_array(fl) && i < json_array_size(fl); i++) {
        const json_t *f = json_array_get(fl, i);
        if (!(s = marsadStoreStmt(st, SQ_INSERT_FRAMING, err))) return -1;
        sqlite3_bind_int64(s, 1, *rowid);
        sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
        bind_jstr(s, 3, f, "technique");
        bind_jstr(s, 4, f, "text");
        bind_jnum(s, 5, f, "start");
        bind_jnum(s, 6, f, "end");
        if (step_done(st, s, "storing a framing span", err)) return -1;
    }
    const json_t *el = jget(rec, "events");
    for (size_t i = 0; json_is_array(el) && i < json_array_size(el); i++)
        if (json_is_object(json_array_get(el, i)) &&
            insert_event(st, *rowid, i, rec, json_array_get(el, i), err))
            return -1;
    return 0;
}

/* Stores one parsed record inside the batch transaction, in a savepoint:
 * all of the document or nothing. */
static marsad_ingest_result ingest_json(marsad_store *st, const json_t *rec, const char *rec_str,
                                        size_t rec_len, const char *text, const char *hash,
                                        marsad_error *err) {
    const char *doc_id = jstr(jget(rec, "doc"), "id");
    const char *kbv = jstr(jget(rec, "marsad"), "kb");
    if (!doc_id || !*doc_id) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, NULL, 0, "the record has no doc.id");
        return MARSAD_INGEST_ERROR;
    }
    if (st->flags & MARSAD_STORE_READONLY) {
        marsadErrorSet(err, MARSAD_ERR_ARG, st->path, 0, "the store is open read-only");
        return MARSAD_INGEST_ERROR;
    }
    if (st->in_tx && (st->batch_docs >= st->batch_limit || now_s() - st->batch_started > 1.0) &&
        marsad_store_commit(st, err))
        return MARSAD_INGEST_ERROR;
    if (!st->in_tx) {
        if (marsadStoreExec(st, "BEGIN IMMEDIATE", err)) return MARSAD_INGEST_ERROR;
        st->in_tx = 1;
        st->batch_docs = 0;
        st->batch_started = now_s();
    }
    /* between documents, outside any savepoint */
    if (st->fts_bytes > ((size_t)32 << 20) && marsadStoreFlushFts(st, err))
        return MARSAD_INGEST_ERROR;
    if (marsadStoreExec(st, "SAVEPOINT doc", err)) return MARSAD_INGEST_ERROR;
    size_t fts_mark = st->n_fts;
    sqlite3_int64 old, rowid;
    marsad_ingest_result res = MARSAD_INGEST_ERROR;
    int same = find_doc(st, doc_id, hash, kbv, &old, err);
    if (same == 1) {
        res = MARSAD_INGEST_UNCHANGED;
    } else if (same == 0) {
        sqlite3_stmt *s = old ? marsadStoreStmt(st, SQ_DELETE_DOC, err) : NULL;
        if (s) sqlite3_bind_int64(s, 1, old);
        if ((!old || (s && !step_done(st, s, "removing a document's old rows", err))) &&
            !insert_document(st, rec, rec_str, rec_len, text, hash, &rowid, err))
            res = old ? MARSAD_INGEST_REPLACED : MARSAD_INGEST_ADDED;
    }
    if (res == MARSAD_INGEST_ERROR) {
        sqlite3_exec(st->db, "ROLLBACK TO doc; RELEASE doc", NULL, NULL, NULL);
        fts_drop(st, fts_mark);
        if (sqlite3_get_autocommit(st->db)) {
            /* SQLite rolled the whole batch back (disk full, I/O error) */
            st->in_tx = 0;
            fts_drop(st, 0);
            char msg[sizeof err->msg];
            snprintf(msg, sizeof msg, "%s", err ? err->msg : "");
            marsadErrorSet(err, MARSAD_ERR_IO, st->path, 0,
                           "%s (the open batch was rolled back: ingest its documents again)", msg);
        }
        return res;
    }
    if (marsadStoreExec(st, "RELEASE doc", err)) return MARSAD_INGEST_ERROR;
    if (res == MARSAD_INGEST_REPLACED) fts_forget(st, old, fts_mark); /* when of this batch */
    if (res != MARSAD_INGEST_UNCHANGED) st->batch_docs++;
    return res;
}

marsad_ingest_result marsad_store_ingest(marsad_store *st, const marsad_doc *d,
                                         marsad_error *err) {
    if (!st || !d) {
        marsadErrorSet(err, MARSAD_ERR_ARG, NULL, 0, "no store or document given");
        return MARSAD_INGEST_ERROR;
    }
    const marsad_doc_input *in = marsad_doc_input_of(d);
    const marsad_text *t = marsad_doc_text(d);
    const char *text = marsad_text_utf8(t);
    size_t tlen = marsad_text_bytes(t);
    char hash[40];
    hash_input(text, tlen, in->published, in->outlet, in->url, in->title, hash);
    size_t n;
    char *js = marsad_doc_render(d, MARSAD_RECORD_JSON, &n);
    if (!js) {
        marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory rendering the record");
        return MARSAD_INGEST_ERROR;
    }
    if (n && js[n - 1] == '\n') n--;
    json_error_t je;
    json_t *rec = json_loadb(js, n, 0, &je);
    if (!rec) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, in->id, 0, "the record does not parse: %s", je.text);
        marsad_free(js);
        return MARSAD_INGEST_ERROR;
    }
    marsad_ingest_result r = ingest_json(st, rec, js, n, text, hash, err);
    json_decref(rec);
    marsad_free(js);
    return r;
}

marsad_ingest_result marsad_store_ingest_record(marsad_store *st, const char *json, size_t len,
                                                const char *text, size_t text_len,
                                                marsad_error *err) {
    if (!st || !json) {
        marsadErrorSet(err, MARSAD_ERR_ARG, NULL, 0, "no store or record given");
        return MARSAD_INGEST_ERROR;
    }
    json_error_t je;
    json_t *rec = json_loadb(json, len, 0, &je);
    if (!rec || !json_is_object(rec)) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, NULL, 0, "%s",
                       rec ? "the record is not a JSON object" : je.text);
        if (err && !rec) err->pos = (size_t)je.position;
        json_decref(rec);
        return MARSAD_INGEST_ERROR;
    }
    json_t *doc = json_object_get(rec, "doc");
    json_t *own_text = NULL;
    if (!text && json_is_string(json_object_get(doc, "text"))) {
        own_text = json_incref(json_object_get(doc, "text"));
        text = json_string_value(own_text);
        text_len = json_string_length(own_text);
    }
    int had_text = json_is_object(doc) && json_object_get(doc, "text") != NULL;
    if (had_text) json_object_del(doc, "text"); /* kept in documents.text */
    char *fixed = NULL;
    if (text && !marsad_utf8_valid(text, text_len)) {
        fixed = marsad_utf8_repair(text, text_len, &text_len, NULL);
        text = fixed;
    }
    /* the record is stored as given, unless its text was taken out of it or
     * its hash is that of its canonical form (no text) */
    marsadBuf canon;
    marsadBufInit(&canon);
    const char *rec_str = json;
    size_t rec_len = len;
    while (rec_len && (json[rec_len - 1] == '\n' || json[rec_len - 1] == '\r')) rec_len--;
    if (had_text || !text) {
        marsadExportJson(&canon, rec);
        rec_str = canon.data;
        rec_len = canon.len;
    }
    char hash[40];
    marsad_ingest_result r = MARSAD_INGEST_ERROR;
    if (canon.failed) {
        marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
    } else {
        if (text) {
            hash_input(text, text_len, jstr(doc, "published"), jstr(doc, "outlet"),
                       jstr(doc, "url"), jstr(doc, "title"), hash);
        } else {
            uint64_t h = fnv(0xcbf29ce484222325ULL, canon.data, canon.len);
            snprintf(hash, sizeof hash, "record:%016llx", (unsigned long long)h);
        }
        /* text with a NUL cannot be stored as TEXT: the record's offsets
         * would not match it; such text is not stored */
        if (text && strlen(text) != text_len) text = NULL;
        r = ingest_json(st, rec, rec_str, rec_len, text, hash, err);
    }
    marsadBufFree(&canon);
    marsad_free(fixed);
    json_decref(own_text);
    json_decref(rec);
    return r;
}

/* ---- statistics ---- */

int marsad_store_stats_get(marsad_store *st, marsad_store_stats *out, marsad_error *err) {
    if (!st || !out) {
        marsadErrorSet(err, MARSAD_ERR_ARG, NULL, 0, "no store given");
        return -1;
    }
    memset(out, 0, sizeof *out);
    static const struct {
        const char *sql;
        size_t off;
    } q[] = {
        {"SELECT count(*) FROM documents", offsetof(marsad_store_stats, documents)},
        {"SELECT count(*) FROM events", offsetof(marsad_store_stats, events)},
        {"SELECT count(*) FROM event_actors", offsetof(marsad_store_stats, actors)},
        {"SELECT count(*) FROM event_places", offsetof(marsad_store_stats, places)},
        {"SELECT count(*) FROM event_places_rtree", offsetof(marsad_store_stats, located)},
        {"SELECT count(*) FROM quantities", offsetof(marsad_store_stats, quantities)},
        {"SELECT count(*) FROM counts", offsetof(marsad_store_stats, counts)},
        {"SELECT count(*) FROM attributions", offsetof(marsad_store_stats, attributions)},
        {"SELECT count(*) FROM mentions", offsetof(marsad_store_stats, mentions)},
        {"SELECT count(*) FROM framing", offsetof(marsad_store_stats, framing)},
        {"SELECT count(*) FROM documents_fts", offsetof(marsad_store_stats, fts)},
    };
    long long v;
    if (pragma_int(st, "PRAGMA user_version", &v, err)) return -1;
    out->schema = (int)v;
    for (size_t i = 0; i < sizeof q / sizeof *q; i++) {
        if (pragma_int(st, q[i].sql, &v, err)) return -1;
        memcpy((char *)out + q[i].off, &(size_t){(size_t)v}, sizeof(size_t));
    }
    return 0;
}
