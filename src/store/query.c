/*
 * query.c -- the event store's queries: filters checked and composed into
 * one SQL statement (R*Tree for --near, FTS5 for --text), and the matching
 * events written as a table, marsad/1 records or the flat exports.
 */
#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/export.h"
#include "../kb/kb_internal.h"
#include "store_internal.h"

#define EARTH_KM 6371.0088

/* Great-circle distance in km (haversine). */
static double km_between(double lat1, double lon1, double lat2, double lon2) {
    const double r = M_PI / 180.0;
    double dlat = (lat2 - lat1) * r, dlon = (lon2 - lon1) * r;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * r) * cos(lat2 * r) * sin(dlon / 2) * sin(dlon / 2);
    if (a > 1) a = 1;
    return 2 * EARTH_KM * asin(sqrt(a));
}

/* SQL: marsad_km(lat1, lon1, lat2, lon2); NULL when an argument is NULL. */
static void sql_km(sqlite3_context *c, int argc, sqlite3_value **v) {
    (void)argc;
    for (int i = 0; i < 4; i++)
        if (sqlite3_value_type(v[i]) == SQLITE_NULL) {
            sqlite3_result_null(c);
            return;
        }
    sqlite3_result_double(c, km_between(sqlite3_value_double(v[0]), sqlite3_value_double(v[1]),
                                        sqlite3_value_double(v[2]), sqlite3_value_double(v[3])));
}

int marsadStoreRegister(sqlite3 *db);
int marsadStoreRegister(sqlite3 *db) {
    return sqlite3_create_function(db, "marsad_km", 4,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                   sql_km, NULL, NULL);
}

/* ---- filter checks ---- */

static int bad(marsad_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int bad(marsad_error *err, const char *fmt, ...) {
    if (!err) return -1;
    va_list ap;
    va_start(ap, fmt);
    char msg[sizeof err->msg];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    marsadErrorSet(err, MARSAD_ERR_ARG, NULL, 0, "%s", msg);
    return -1;
}

static int days_in(int y, int m) {
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : d[m - 1];
}

/* YYYY, YYYY-MM or YYYY-MM-DD to the first (`last` 0) or last day it
 * covers, as YYYY-MM-DD in out[11].  0, or -1. */
static int read_date(const char *s, int last, char out[16]) {
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        if (!(isdigit((unsigned char)s[i]) || (s[i] == '-' && (i == 4 || i == 7)))) return -1;
    int y = 0, m = 0, d = 0;
    if (n == 4 && sscanf(s, "%4d", &y) == 1) {
        m = last ? 12 : 1;
        d = last ? 31 : 1;
    } else if (n == 7 && s[4] == '-' && sscanf(s, "%4d-%2d", &y, &m) == 2) {
        if (m < 1 || m > 12) return -1;
        d = last ? days_in(y, m) : 1;
    } else if (n == 10 && s[4] == '-' && s[7] == '-' && sscanf(s, "%4d-%2d-%2d", &y, &m, &d) == 3) {
        if (m < 1 || m > 12 || d < 1 || d > days_in(y, m)) return -1;
    } else {
        return -1;
    }
    if (y < 1) return -1;
    snprintf(out, 16, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    return 0;
}

static int in_list(const char *v, const char *const *list, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(v, list[i]) == 0) return 1;
    return 0;
}

static const char *const modalities[] = {"asserted", "claimed",  "denied",
                                         "negated",  "future",   "hypothetical"};
static const char *const source_types[] = {"outlet",       "correspondent", "anonymous", "local",
                                           "official",     "organization",  "witness",   "media"};
#define NELEM(a) (sizeof(a) / sizeof *(a))

static void join(char *out, size_t cap, const char *const *list, size_t n) {
    size_t k = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && k < cap; i++) {
        int w = snprintf(out + k, cap - k, "%s%s", i ? ", " : "", list[i]);
        if (w < 0) break;
        k += (size_t)w;
    }
}

/* Actor codes: letters, digits, '_' and '-'; upper-cased into out. */
static int read_code(const char *s, char *out, size_t cap) {
    size_t n = strlen(s);
    if (n == 0 || n >= cap) return -1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!isalnum(c) && c != '_' && c != '-') return -1;
        out[i] = (char)toupper(c);
    }
    out[n] = '\0';
    return 0;
}

/* A checked filter, ready to bind. */
typedef struct qfilter {
    marsad_store_filter f;
    char actor[64], country[4], since[16], until[16];
    char *fts; /* the normalized full-text query (marsad_free) */
} qfilter;

static int check(marsad_store *st, const marsad_store_filter *in, qfilter *q, marsad_error *err) {
    memset(q, 0, sizeof *q);
    /* documents ingested in the open batch are searchable too */
    if (st->n_fts && marsadStoreFlushFts(st, err)) return -1;
    if (in) q->f = *in;
    const marsad_store_filter *f = &q->f;
    const marsad_kb *kb = marsadStoreKb();
    char list[1024];
    if (f->type) {
        int ok = 0;
        for (size_t i = 0; kb && i < kb->n_types && !ok; i++)
            ok = strcmp(marsadKbStr(kb, kb->types[i].col[0]), f->type) == 0;
        if (!ok) {
            size_t k = 0;
            list[0] = '\0';
            for (size_t i = 0; kb && i < kb->n_types && k < sizeof list; i++) {
                int w = snprintf(list + k, sizeof list - k, "%s%s", i ? ", " : "",
                                 marsadKbStr(kb, kb->types[i].col[0]));
                if (w < 0) break;
                k += (size_t)w;
            }
            return bad(err, "type: '%s' is not an event type (one of: %s)", f->type, list);
        }
    }
    if (f->actor && read_code(f->actor, q->actor, sizeof q->actor))
        return bad(err, "actor: '%s' is not an actor code (letters, digits, '_' or '-': ISIS, "
                        "SDF, SYRMIL)",
                   f->actor);
    if (f->country) {
        int ok = strlen(f->country) == 3;
        for (int i = 0; ok && i < 3; i++) {
            ok = isalpha((unsigned char)f->country[i]) != 0;
            q->country[i] = (char)toupper((unsigned char)f->country[i]);
        }
        if (ok && kb) ok = marsadExportCountryName(kb, q->country) != NULL;
        if (!ok)
            return bad(err, "country: '%s' is not an ISO 3166-1 alpha-3 code (SYR, IRQ, YEM)",
                       f->country);
    }
    if (f->near) {
        if (!isfinite(f->lat) || f->lat < -90 || f->lat > 90)
            return bad(err, "near: latitude %g is outside -90..90", f->lat);
        if (!isfinite(f->lon) || f->lon < -180 || f->lon > 180)
            return bad(err, "near: longitude %g is outside -180..180", f->lon);
        if (!isfinite(f->km) || f->km <= 0 || f->km > 20040)
            return bad(err, "km: the radius must be more than 0 and at most 20040 km, not %g",
                       f->km);
    }
    if (f->since && read_date(f->since, 0, q->since))
        return bad(err, "since: '%s' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)", f->since);
    if (f->until && read_date(f->until, 1, q->until))
        return bad(err, "until: '%s' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)", f->until);
    if (f->since && f->until && strcmp(q->since, q->until) > 0)
        return bad(err, "since %s is after until %s", f->since, f->until);
    if (f->modality && !in_list(f->modality, modalities, NELEM(modalities))) {
        join(list, sizeof list, modalities, NELEM(modalities));
        return bad(err, "modality: '%s' is not a modality (one of: %s)", f->modality, list);
    }
    if (f->source_type && !in_list(f->source_type, source_types, NELEM(source_types))) {
        join(list, sizeof list, source_types, NELEM(source_types));
        return bad(err, "source-type: '%s' is not a source type (one of: %s)", f->source_type,
                   list);
    }
    if (f->text) {
        size_t n = strlen(f->text);
        if (!marsad_utf8_valid(f->text, n)) return bad(err, "text: the query is not valid UTF-8");
        q->fts = marsad_normalize(f->text, n, MARSAD_NORM_DEFAULT & ~(unsigned)MARSAD_NORM_CASE, &n,
                                  NULL);
        if (!q->fts) {
            marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
            return -1;
        }
        /* let FTS5 parse it now, so that a syntax error is a filter error */
        sqlite3_stmt *s;
        if (sqlite3_prepare_v2(st->db,
                               "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?1 "
                               "LIMIT 1",
                               -1, &s, NULL) != SQLITE_OK) {
            marsadStoreFail(st, err, MARSAD_ERR_IO, "full-text search");
            return -1;
        }
        sqlite3_bind_text(s, 1, q->fts, -1, SQLITE_STATIC);
        int rc = sqlite3_step(s);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            bad(err, "text: '%s' is not a full-text query (%s); quote phrases with \"...\"",
                f->text, sqlite3_errmsg(st->db));
            sqlite3_finalize(s);
            return -1;
        }
        sqlite3_finalize(s);
    }
    return 0;
}

int marsad_store_filter_check(marsad_store *st, const marsad_store_filter *f, marsad_error *err) {
    if (!st) return bad(err, "no store given");
    qfilter q;
    int rc = check(st, f, &q, err);
    marsad_free(q.fts);
    return rc;
}

/* ---- the statement ---- */

enum {
    COL_EID,
    COL_DOC,
    COL_ORD,
    COL_DOC_ID,
    COL_EVENT_ID,
    COL_TYPE,
    COL_MODALITY,
    COL_SOURCE_TYPE,
    COL_COUNTRY,
    COL_DATE_START,
    COL_DATE_END,
    COL_TRIGGER,
    COL_CONFIDENCE,
    COL_PLACE,
    COL_LAT,
    COL_LON,
    COL_ACTORS,
    COL_RECIPIENTS
};

static sqlite3_stmt *prepare(marsad_store *st, const qfilter *q, marsad_error *err) {
    marsadBuf sql;
    marsadBufInit(&sql);
    marsadBufPuts(
        &sql,
        "SELECT e.id, e.doc, e.ord, d.doc_id, e.event_id, e.type, e.modality, t.source_type,"
        " e.country, e.date_start, e.date_end, e.trigger_text, e.confidence,"
        " coalesce(p.name, p.text), p.lat, p.lon,"
        " (SELECT group_concat(coalesce(code, text), ', ') FROM event_actors"
        "   WHERE event = e.id AND role = 'actor'),"
        " (SELECT group_concat(coalesce(code, text), ', ') FROM event_actors"
        "   WHERE event = e.id AND role = 'recipient')"
        " FROM events e JOIN documents d ON d.id = e.doc"
        " LEFT JOIN attributions t ON t.event = e.id"
        " LEFT JOIN event_places p ON p.id = (SELECT p2.id FROM event_places p2"
        "   WHERE p2.event = e.id ORDER BY (p2.lat IS NULL OR p2.lon IS NULL),"
        "   CASE p2.slot WHEN 'location' THEN 0 WHEN 'origin' THEN 1 ELSE 2 END LIMIT 1)"
        " WHERE 1");
    const marsad_store_filter *f = &q->f;
    if (f->type) marsadBufPuts(&sql, " AND e.type = :type");
    if (f->actor)
        marsadBufPuts(&sql, " AND e.id IN (SELECT event FROM event_actors WHERE code = :actor)");
    if (f->country) marsadBufPuts(&sql, " AND e.country = :country");
    if (f->near)
        marsadBufPuts(&sql,
                      " AND e.id IN (SELECT p3.event FROM event_places_rtree r"
                      " JOIN event_places p3 ON p3.id = r.id"
                      " WHERE r.max_lat >= :lat0 AND r.min_lat <= :lat1"
                      " AND r.max_lon >= :lon0 AND r.min_lon <= :lon1"
                      " AND marsad_km(p3.lat, p3.lon, :lat, :lon) <= :km)");
    if (f->since) marsadBufPuts(&sql, " AND e.date_hi >= :since");
    if (f->until) marsadBufPuts(&sql, " AND e.date_lo <= :until");
    if (f->modality) marsadBufPuts(&sql, " AND e.modality = :modality");
    if (f->source_type) marsadBufPuts(&sql, " AND t.source_type = :source_type");
    if (f->text)
        marsadBufPuts(&sql, " AND e.doc IN (SELECT rowid FROM documents_fts"
                            " WHERE documents_fts MATCH :text)");
    if (f->doc_id) marsadBufPuts(&sql, " AND d.doc_id = :doc_id");
    marsadBufPuts(&sql, " ORDER BY e.doc, e.ord");
    if (f->limit) marsadBufPuts(&sql, " LIMIT :limit");
    if (sql.failed) {
        marsadBufFree(&sql);
        marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, sql.data, (int)sql.len, &s, NULL);
    marsadBufFree(&sql);
    if (rc != SQLITE_OK) {
        marsadStoreFail(st, err, MARSAD_ERR_IO, "preparing the query");
        return NULL;
    }
#define BIND_TEXT(name, v)                                                                     \
    sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, name), v, -1, SQLITE_STATIC)
#define BIND_DOUBLE(name, v) sqlite3_bind_double(s, sqlite3_bind_parameter_index(s, name), v)
    if (f->type) BIND_TEXT(":type", f->type);
    if (f->actor) BIND_TEXT(":actor", q->actor);
    if (f->country) BIND_TEXT(":country", q->country);
    if (f->near) {
        /* the box around the circle; the exact test is marsad_km */
        double dlat = f->km / 111.19 * 1.01;
        double c = cos(f->lat * M_PI / 180.0);
        double dlon = c > 1e-6 ? dlat / c : 360.0;
        double lon0 = f->lon - dlon, lon1 = f->lon + dlon;
        if (dlon >= 180.0 || lon0 < -180.0 || lon1 > 180.0) {
            lon0 = -180.0; /* the box crosses the antimeridian or a pole */
            lon1 = 180.0;
        }
        BIND_DOUBLE(":lat0", f->lat - dlat);
        BIND_DOUBLE(":lat1", f->lat + dlat);
        BIND_DOUBLE(":lon0", lon0);
        BIND_DOUBLE(":lon1", lon1);
        BIND_DOUBLE(":lat", f->lat);
        BIND_DOUBLE(":lon", f->lon);
        BIND_DOUBLE(":km", f->km);
    }
    if (f->since) BIND_TEXT(":since", q->since);
    if (f->until) BIND_TEXT(":until", q->until);
    if (f->modality) BIND_TEXT(":modality", f->modality);
    if (f->source_type) BIND_TEXT(":source_type", f->source_type);
    if (f->text) BIND_TEXT(":text", q->fts);
    if (f->doc_id) BIND_TEXT(":doc_id", f->doc_id);
    if (f->limit)
        sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":limit"),
                           f->limit > (size_t)INT64_MAX ? INT64_MAX : (sqlite3_int64)f->limit);
#undef BIND_TEXT
#undef BIND_DOUBLE
    return s;
}

static const char *col(sqlite3_stmt *s, int i) { return (const char *)sqlite3_column_text(s, i); }

static void fill_hit(sqlite3_stmt *s, marsad_store_hit *h) {
    memset(h, 0, sizeof *h);
    h->doc_id = col(s, COL_DOC_ID);
    h->event_id = col(s, COL_EVENT_ID);
    h->type = col(s, COL_TYPE);
    h->modality = col(s, COL_MODALITY);
    h->source_type = col(s, COL_SOURCE_TYPE);
    h->country = col(s, COL_COUNTRY);
    h->date_start = col(s, COL_DATE_START);
    h->date_end = col(s, COL_DATE_END);
    h->trigger = col(s, COL_TRIGGER);
    h->place = col(s, COL_PLACE);
    h->confidence = sqlite3_column_double(s, COL_CONFIDENCE);
    if (sqlite3_column_type(s, COL_LAT) != SQLITE_NULL &&
        sqlite3_column_type(s, COL_LON) != SQLITE_NULL) {
        h->has_coords = 1;
        h->lat = sqlite3_column_double(s, COL_LAT);
        h->lon = sqlite3_column_double(s, COL_LON);
    }
}

static int step_error(marsad_store *st, marsad_error *err) {
    marsadStoreFail(st, err, MARSAD_ERR_IO, "running the query");
    return -1;
}

long marsad_store_query(marsad_store *st, const marsad_store_filter *f,
                        int (*fn)(const marsad_store_hit *hit, void *ud), void *ud,
                        marsad_error *err) {
    if (!st) return bad(err, "no store given");
    qfilter q;
    if (check(st, f, &q, err)) {
        marsad_free(q.fts);
        return -1;
    }
    sqlite3_stmt *s = prepare(st, &q, err);
    long n = -1;
    if (s) {
        int rc;
        n = 0;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            marsad_store_hit h;
            fill_hit(s, &h);
            n++;
            if (fn && fn(&h, ud)) break;
        }
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) n = step_error(st, err);
        sqlite3_finalize(s);
    }
    marsad_free(q.fts);
    return n;
}

/* ---- exports ---- */

typedef struct exporter {
    marsad_store *st;
    marsad_record_format fmt;
    int (*write)(const char *, size_t, void *);
    void *ud;
    marsad_error *err;
    marsadBuf b;
    size_t written; /* items on the stream (GeoJSON separators) */
    long items;
    sqlite3_int64 doc; /* the document being gathered, 0 none */
    unsigned char *keep;
    size_t nkeep, capkeep;
} exporter;

static int out(exporter *x) {
    if (x->b.failed) {
        marsadErrorSet(x->err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
        return -1;
    }
    if (x->b.len && x->write(x->b.data, x->b.len, x->ud)) {
        marsadErrorSet(x->err, MARSAD_ERR_IO, NULL, 0, "cannot write the output");
        return -1;
    }
    x->b.len = 0;
    return 0;
}

/* Exports the kept events of the gathered document. */
static int flush_doc(exporter *x) {
    if (!x->doc) return 0;
    sqlite3_stmt *s = marsadStoreStmt(x->st, SQ_LOAD_DOC, x->err);
    if (!s) return -1;
    sqlite3_bind_int64(s, 1, x->doc);
    if (sqlite3_step(s) != SQLITE_ROW) {
        sqlite3_reset(s);
        return step_error(x->st, x->err);
    }
    const char *rec_str = (const char *)sqlite3_column_text(s, 0);
    size_t rec_len = (size_t)sqlite3_column_bytes(s, 0);
    const char *text = (const char *)sqlite3_column_text(s, 1);
    size_t text_len = (size_t)sqlite3_column_bytes(s, 1);
    json_error_t je;
    json_t *rec = rec_str ? json_loadb(rec_str, rec_len, 0, &je) : NULL;
    int rc = 0;
    if (!rec) {
        marsadErrorSet(x->err, MARSAD_ERR_PARSE, x->st->path, 0,
                       "the stored record of document %lld does not parse", (long long)x->doc);
        rc = -1;
    } else {
        const json_t *ev = json_object_get(rec, "events");
        size_t ne = json_is_array(ev) ? json_array_size(ev) : 0;
        if (ne > x->capkeep) {
            unsigned char *k = realloc(x->keep, ne);
            if (!k) {
                marsadErrorSet(x->err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
                rc = -1;
            } else {
                memset(k + x->capkeep, 0, ne - x->capkeep);
                x->keep = k;
                x->capkeep = ne;
            }
        }
        unsigned char *keep = x->keep;
        if (!rc) {
            long n = marsadExportRecord(&x->b, x->fmt, rec, text, text_len, keep, marsadStoreKb(),
                                        &x->written);
            if (n < 0) {
                marsadErrorSet(x->err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
                rc = -1;
            } else {
                x->items += n;
            }
        }
        json_decref(rec);
    }
    sqlite3_reset(s);
    x->doc = 0;
    if (x->keep) memset(x->keep, 0, x->capkeep);
    x->nkeep = 0;
    return rc ? rc : out(x);
}

static int keep_event(exporter *x, sqlite3_int64 doc, sqlite3_int64 ord) {
    if (doc != x->doc && flush_doc(x)) return -1;
    x->doc = doc;
    if (ord < 0) return 0;
    size_t i = (size_t)ord;
    if (i >= x->capkeep) {
        size_t cap = x->capkeep ? x->capkeep : 16;
        while (cap <= i) cap *= 2;
        unsigned char *k = realloc(x->keep, cap);
        if (!k) {
            marsadErrorSet(x->err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
            return -1;
        }
        memset(k + x->capkeep, 0, cap - x->capkeep);
        x->keep = k;
        x->capkeep = cap;
    }
    x->keep[i] = 1;
    if (i + 1 > x->nkeep) x->nkeep = i + 1;
    return 0;
}

static const char *or_(const char *v, const char *def) { return v ? v : def; }

static void table_line(marsadBuf *b, sqlite3_stmt *s) {
    const char *ds = col(s, COL_DATE_START), *de = col(s, COL_DATE_END);
    if (ds && de && strcmp(ds, de) != 0) marsadBufPrintf(b, "%s..%s", ds, de);
    else marsadBufPrintf(b, "%-10s", ds ? ds : de ? de : "?");
    marsadBufPrintf(b, "  %-18s %-12s %-3s", or_(col(s, COL_TYPE), "?"),
                    or_(col(s, COL_MODALITY), "?"), or_(col(s, COL_COUNTRY), "-"));
    marsadBufPrintf(b, "  %s -> %s", or_(col(s, COL_ACTORS), "-"), or_(col(s, COL_RECIPIENTS), "-"));
    marsadBufPrintf(b, "  @ %s", or_(col(s, COL_PLACE), "-"));
    if (sqlite3_column_type(s, COL_LAT) != SQLITE_NULL)
        marsadBufPrintf(b, " (%.4f, %.4f)", sqlite3_column_double(s, COL_LAT),
                        sqlite3_column_double(s, COL_LON));
    marsadBufPrintf(b, "  «%s»  [%s/%s, %s]\n", or_(col(s, COL_TRIGGER), ""),
                    or_(col(s, COL_DOC_ID), "?"), or_(col(s, COL_EVENT_ID), "?"),
                    or_(col(s, COL_SOURCE_TYPE), "?"));
}

long marsad_store_export(marsad_store *st, const marsad_store_filter *f, marsad_record_format fmt,
                         int (*write)(const char *data, size_t len, void *ud), void *ud,
                         marsad_error *err) {
    if (!st || !write) return bad(err, "no store or writer given");
    if (fmt == MARSAD_RECORD_PRETTY) fmt = MARSAD_RECORD_JSON;
    if (fmt != MARSAD_RECORD_JSON && fmt != MARSAD_RECORD_TABLE &&
        fmt != MARSAD_RECORD_ACLED_CSV && fmt != MARSAD_RECORD_GEOJSON &&
        fmt != MARSAD_RECORD_PLOVER)
        return bad(err, "unknown export format %d", (int)fmt);
    qfilter q;
    if (check(st, f, &q, err)) {
        marsad_free(q.fts);
        return -1;
    }
    sqlite3_stmt *s = prepare(st, &q, err);
    if (!s) {
        marsad_free(q.fts);
        return -1;
    }
    exporter x;
    memset(&x, 0, sizeof x);
    x.st = st;
    x.fmt = fmt;
    x.write = write;
    x.ud = ud;
    x.err = err;
    marsadBufInit(&x.b);
    int rc = 0, step = SQLITE_DONE;
    marsadBufPuts(&x.b, marsad_export_header(fmt));
    rc = out(&x);
    while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
        if (fmt == MARSAD_RECORD_TABLE) {
            table_line(&x.b, s);
            x.items++;
            rc = out(&x);
        } else {
            rc = keep_event(&x, sqlite3_column_int64(s, COL_DOC), sqlite3_column_int64(s, COL_ORD));
        }
    }
    if (!rc && step != SQLITE_DONE) rc = step_error(st, err);
    if (!rc) rc = flush_doc(&x);
    if (!rc) {
        marsadBufPuts(&x.b, marsad_export_footer(fmt));
        rc = out(&x);
    }
    sqlite3_finalize(s);
    marsadBufFree(&x.b);
    free(x.keep);
    marsad_free(q.fts);
    return rc ? -1 : x.items;
}
