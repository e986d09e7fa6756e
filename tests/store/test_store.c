/* test_store.c -- the event store (src/store) and the exports (src/io/export.c)
 * through the API on real SQLite files under /tmp: ingest, idempotence,
 * replacement, filters good and bad, exports, foreign files.  argv[1]: the tree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "marsad.h"

static char tmpdir[64];
static const char *srcdir = ".";
static char *sample;
static size_t sample_len;
static marsad_kb *kb;

static const char *tpath(const char *name) {
    static char buf[8][512];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

static char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0, k;
    char *b = malloc(cap);
    while (b && (k = fread(b + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (cap - n - 1 == 0) {
            char *nb = realloc(b, cap * 2);
            if (!nb) free(b);
            b = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (b) b[n] = '\0';
    *len = n;
    return b;
}

static marsad_doc *sample_doc(const char *published) {
    marsad_doc_input in;
    memset(&in, 0, sizeof in);
    in.id = "sputnik-hasakah-prison";
    in.text = sample;
    in.len = sample_len;
    in.published = published;
    in.outlet = "Sputnik Arabic";
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_doc *d = marsad_doc_new(kb, &in, &err);
    assert_non_null(d);
    return d;
}

static marsad_store *fresh(const char *name) {
    unlink(tpath(name));
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_store *st = marsad_store_open(tpath(name), 0, &err);
    if (!st) fprintf(stderr, "%s\n", err.msg);
    assert_non_null(st);
    return st;
}

typedef struct sink {
    char *data;
    size_t len;
} sink;

static int sink_write(const char *d, size_t n, void *ud) {
    sink *s = ud;
    char *nb = realloc(s->data, s->len + n + 1);
    if (!nb) return -1;
    memcpy(nb + s->len, d, n);
    s->len += n;
    nb[s->len] = '\0';
    s->data = nb;
    return 0;
}

typedef struct hits {
    size_t n;
    int all_ok;
    const char *want_type, *want_modality, *want_country;
} hits;

static int on_hit(const marsad_store_hit *h, void *ud) {
    hits *x = ud;
    x->n++;
    if (x->want_type && (!h->type || strcmp(h->type, x->want_type))) x->all_ok = 0;
    if (x->want_modality && (!h->modality || strcmp(h->modality, x->want_modality))) x->all_ok = 0;
    if (x->want_country && (!h->country || strcmp(h->country, x->want_country))) x->all_ok = 0;
    if (!h->doc_id || !h->event_id) x->all_ok = 0;
    return 0;
}

static long count(marsad_store *st, const marsad_store_filter *f) {
    hits h = {0, 1, NULL, NULL, NULL};
    marsad_error err;
    memset(&err, 0, sizeof err);
    long n = marsad_store_query(st, f, on_hit, &h, &err);
    if (n < 0) fprintf(stderr, "query: %s\n", err.msg);
    assert_true(h.all_ok);
    return n;
}

/* ---- tests ---- */

static void test_ingest_idempotent_replace(void **state) {
    (void)state;
    marsad_store *st = fresh("a.db");
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_doc *d = sample_doc("2022-01-27");
    assert_int_equal(marsad_store_ingest(st, d, &err), MARSAD_INGEST_ADDED);
    assert_int_equal(marsad_store_ingest(st, d, &err), MARSAD_INGEST_UNCHANGED);
    assert_int_equal(marsad_store_commit(st, &err), 0);
    marsad_store_stats s1;
    assert_int_equal(marsad_store_stats_get(st, &s1, &err), 0);
    assert_int_equal(s1.schema, MARSAD_STORE_SCHEMA);
    assert_int_equal(s1.documents, 1);
    assert_int_equal(s1.events, marsad_doc_event_count(d));
    assert_true(s1.located > 0 && s1.located <= s1.places);
    assert_int_equal(s1.fts, 1);
    assert_true(s1.mentions > 0 && s1.attributions == s1.events && s1.actors > 0);

    marsad_doc_input in = *marsad_doc_input_of(d);
    in.text = sample;
    in.len = sample_len;
    assert_int_equal(marsad_store_is_current(st, &in, marsad_kb_version(kb)), 1);
    assert_int_equal(marsad_store_is_current(st, &in, "another-kb"), 0);
    in.published = "2022-01-28";
    assert_int_equal(marsad_store_is_current(st, &in, marsad_kb_version(kb)), 0);

    /* a changed document replaces its rows: same counts, nothing orphaned */
    marsad_doc *d2 = sample_doc("2022-01-28");
    assert_int_equal(marsad_store_ingest(st, d2, &err), MARSAD_INGEST_REPLACED);
    assert_int_equal(marsad_store_commit(st, &err), 0);
    marsad_store_stats s2;
    assert_int_equal(marsad_store_stats_get(st, &s2, &err), 0);
    assert_int_equal(s2.documents, 1);
    assert_int_equal(s2.events, marsad_doc_event_count(d2));
    assert_int_equal(s2.fts, 1);
    assert_int_equal(s2.mentions, s1.mentions);
    assert_int_equal(s2.located, s1.located);
    /* replaced twice within one batch (rowids are reused): one full-text
     * row, found by a query before the commit */
    assert_int_equal(marsad_store_ingest(st, d, &err), MARSAD_INGEST_REPLACED);
    assert_int_equal(marsad_store_ingest(st, d2, &err), MARSAD_INGEST_REPLACED);
    marsad_store_filter f;
    memset(&f, 0, sizeof f);
    f.text = "الحسكة";
    assert_int_equal(marsad_store_query(st, &f, NULL, NULL, &err), (long)s2.events);
    assert_int_equal(marsad_store_ingest(st, d, &err), MARSAD_INGEST_REPLACED);
    assert_int_equal(marsad_store_commit(st, &err), 0);
    assert_int_equal(marsad_store_stats_get(st, &s2, &err), 0);
    assert_int_equal(s2.documents, 1);
    assert_int_equal(s2.fts, 1);
    assert_int_equal(marsad_store_query(st, &f, NULL, NULL, &err), (long)s2.events);
    assert_int_equal(marsad_store_ingest(st, d2, &err), MARSAD_INGEST_REPLACED);
    assert_int_equal(marsad_store_commit(st, &err), 0);
    assert_int_equal(marsad_store_stats_get(st, &s2, &err), 0);
    marsad_doc_free(d);
    marsad_doc_free(d2);
    assert_int_equal(marsad_store_close(st, &err), 0);

    /* the file is reopened read-only as it was left */
    st = marsad_store_open(tpath("a.db"), MARSAD_STORE_READONLY, &err);
    assert_non_null(st);
    marsad_store_stats s3;
    assert_int_equal(marsad_store_stats_get(st, &s3, &err), 0);
    assert_memory_equal(&s2, &s3, sizeof s2);
    marsad_doc *d3 = sample_doc("2022-01-27");
    assert_int_equal(marsad_store_ingest(st, d3, &err), MARSAD_INGEST_ERROR);
    marsad_doc_free(d3);
    marsad_store_close(st, NULL);
}

static void test_records(void **state) {
    (void)state;
    marsad_store *st = fresh("r.db");
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_doc *d = sample_doc("2022-01-27");
    size_t n;
    char *rec = marsad_doc_render(d, MARSAD_RECORD_JSON, &n);
    assert_non_null(rec);
    assert_int_equal(marsad_store_ingest_record(st, rec, n, NULL, 0, &err), MARSAD_INGEST_ADDED);
    assert_int_equal(marsad_store_ingest_record(st, rec, n, NULL, 0, &err),
                     MARSAD_INGEST_UNCHANGED);
    /* with its text the record has the hash of the document: the analysed
     * document is then current, and the text is searchable */
    assert_int_equal(marsad_store_ingest_record(st, rec, n, sample, sample_len, &err),
                     MARSAD_INGEST_REPLACED);
    assert_int_equal(marsad_store_ingest(st, d, &err), MARSAD_INGEST_UNCHANGED);
    marsad_store_filter f;
    memset(&f, 0, sizeof f);
    f.text = "الحسكة";
    assert_int_equal(count(st, &f), (long)marsad_doc_event_count(d));

    /* bad records */
    memset(&err, 0, sizeof err);
    assert_int_equal(marsad_store_ingest_record(st, "{\"doc\":", 7, NULL, 0, &err),
                     MARSAD_INGEST_ERROR);
    assert_int_equal(err.code, MARSAD_ERR_PARSE);
    assert_int_equal(marsad_store_ingest_record(st, "[1]", 3, NULL, 0, &err), MARSAD_INGEST_ERROR);
    assert_int_equal(err.code, MARSAD_ERR_PARSE);
    const char *noid = "{\"schema\":\"marsad/1\",\"doc\":{\"title\":\"x\"},\"events\":[]}";
    assert_int_equal(marsad_store_ingest_record(st, noid, strlen(noid), NULL, 0, &err),
                     MARSAD_INGEST_ERROR);
    assert_int_equal(err.code, MARSAD_ERR_PARSE);
    /* a failed document leaves the others in place */
    marsad_store_stats s;
    assert_int_equal(marsad_store_stats_get(st, &s, &err), 0);
    assert_int_equal(s.documents, 1);
    marsad_free(rec);
    marsad_doc_free(d);
    assert_int_equal(marsad_store_close(st, &err), 0);
}

static void test_filters(void **state) {
    (void)state;
    marsad_store *st = fresh("q.db");
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_doc *d = sample_doc("2022-01-27");
    assert_int_equal(marsad_store_ingest(st, d, &err), MARSAD_INGEST_ADDED);
    long all = (long)marsad_doc_event_count(d);
    assert_int_equal(count(st, NULL), all);
    marsad_store_filter f;

    memset(&f, 0, sizeof f);
    f.type = "prisoner-transfer";
    hits h = {0, 1, "prisoner-transfer", NULL, NULL};
    assert_true(marsad_store_query(st, &f, on_hit, &h, &err) > 0 && h.all_ok);

    memset(&f, 0, sizeof f);
    f.actor = "isis"; /* any case */
    long isis = count(st, &f);
    assert_true(isis > 0 && isis < all);

    memset(&f, 0, sizeof f);
    f.country = "SYR";
    hits hc = {0, 1, NULL, NULL, "SYR"};
    assert_true(marsad_store_query(st, &f, on_hit, &hc, &err) > 0 && hc.all_ok);
    f.country = "YEM";
    assert_int_equal(count(st, &f), 0);

    memset(&f, 0, sizeof f);
    f.near = 1;
    f.lat = 36.50;
    f.lon = 40.75;
    f.km = 10;
    long near = count(st, &f);
    assert_true(near > 0);
    f.km = 1; /* al-Hasakah prison is about 2.6 km away */
    assert_true(count(st, &f) < near);
    f.lat = 0;
    f.lon = 0;
    f.km = 100;
    assert_int_equal(count(st, &f), 0);

    memset(&f, 0, sizeof f);
    f.since = "2022-01";
    f.until = "2022-01-31";
    assert_int_equal(count(st, &f), all);
    f.since = "2023";
    f.until = NULL;
    assert_int_equal(count(st, &f), 0);
    f.since = NULL;
    f.until = "2021-12-31";
    assert_int_equal(count(st, &f), 0);

    memset(&f, 0, sizeof f);
    f.modality = "claimed";
    hits hm = {0, 1, NULL, "claimed", NULL};
    assert_true(marsad_store_query(st, &f, on_hit, &hm, &err) > 0 && hm.all_ok);

    memset(&f, 0, sizeof f);
    f.source_type = "anonymous";
    assert_true(count(st, &f) > 0);
    f.source_type = "witness";
    assert_int_equal(count(st, &f), 0);

    memset(&f, 0, sizeof f);
    f.text = "سجن الصناعة";
    assert_int_equal(count(st, &f), all);
    f.text = "\"سجن الصناعة\" NOT كابول";
    assert_int_equal(count(st, &f), all);
    f.text = "بيونغيانغ";
    assert_int_equal(count(st, &f), 0);

    memset(&f, 0, sizeof f);
    f.limit = 3;
    assert_int_equal(count(st, &f), 3);
    f.limit = 0;
    f.doc_id = "nope";
    assert_int_equal(count(st, &f), 0);

    /* composed: type and actor and country */
    memset(&f, 0, sizeof f);
    f.type = "prisoner-transfer";
    f.actor = "USAMIL";
    f.country = "SYR";
    assert_true(count(st, &f) >= 1);
    marsad_doc_free(d);
    marsad_store_close(st, NULL);
}

static void expect_bad(marsad_store *st, const marsad_store_filter *f, const char *word) {
    marsad_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(marsad_store_filter_check(st, f, &err), -1);
    assert_int_equal(err.code, MARSAD_ERR_ARG);
    if (!strstr(err.msg, word)) fprintf(stderr, "message without '%s': %s\n", word, err.msg);
    assert_non_null(strstr(err.msg, word));
    memset(&err, 0, sizeof err);
    assert_int_equal(marsad_store_query(st, f, NULL, NULL, &err), -1);
    assert_int_equal(err.code, MARSAD_ERR_ARG);
}

static void test_bad_filters(void **state) {
    (void)state;
    marsad_store *st = fresh("b.db");
    marsad_store_filter f;
#define BAD(field, value, word)                                                                \
    do {                                                                                       \
        memset(&f, 0, sizeof f);                                                               \
        f.field = value;                                                                       \
        expect_bad(st, &f, word);                                                              \
    } while (0)
    BAD(type, "shooting", "armed-clash");
    BAD(actor, "IS IS", "actor");
    BAD(country, "SY", "alpha-3");
    BAD(country, "ZZZ", "alpha-3");
    BAD(since, "2022-13-01", "since");
    BAD(since, "2022-02-30", "since");
    BAD(until, "yesterday", "until");
    BAD(modality, "maybe", "asserted");
    BAD(source_type, "rumour", "official");
    BAD(text, "\"unbalanced", "text");
#undef BAD
    memset(&f, 0, sizeof f);
    f.since = "2022-02";
    f.until = "2022-01";
    expect_bad(st, &f, "after");
    memset(&f, 0, sizeof f);
    f.near = 1;
    f.lat = 91;
    f.km = 5;
    expect_bad(st, &f, "latitude");
    f.lat = 0;
    f.lon = 181;
    expect_bad(st, &f, "longitude");
    f.lon = 0;
    f.km = 0;
    expect_bad(st, &f, "km");
    memset(&f, 0, sizeof f);
    f.since = "2024-02-29"; /* a leap day is a date */
    marsad_error err;
    assert_int_equal(marsad_store_filter_check(st, &f, &err), 0);
    marsad_store_close(st, NULL);
}

static void test_exports(void **state) {
    (void)state;
    marsad_store *st = fresh("e.db");
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_doc *d = sample_doc("2022-01-27");
    assert_int_equal(marsad_store_ingest(st, d, &err), MARSAD_INGEST_ADDED);
    size_t events = marsad_doc_event_count(d);

    const char *hdr = marsad_export_header(MARSAD_RECORD_ACLED_CSV);
    assert_non_null(strstr(hdr, "event_date,time_precision,event_type,sub_event_type,actor1,"));
    assert_non_null(strstr(hdr, ",doc_id,marsad_type,plover_event,modality,"
                                "attribution_source_type,event_id\r\n"));
    assert_string_equal(marsad_export_footer(MARSAD_RECORD_ACLED_CSV), "");
    assert_string_equal(marsad_export_separator(MARSAD_RECORD_GEOJSON), ",\n");
    assert_string_equal(marsad_export_header(MARSAD_RECORD_JSON), "");

    /* the store writes what the document renders, framed */
    static const marsad_record_format fmts[] = {MARSAD_RECORD_ACLED_CSV, MARSAD_RECORD_GEOJSON,
                                                MARSAD_RECORD_PLOVER, MARSAD_RECORD_JSON};
    for (size_t i = 0; i < sizeof fmts / sizeof *fmts; i++) {
        size_t n;
        char *doc = marsad_doc_render(d, fmts[i], &n);
        assert_non_null(doc);
        sink s = {NULL, 0};
        long k = marsad_store_export(st, NULL, fmts[i], sink_write, &s, &err);
        assert_true(k > 0);
        if (fmts[i] != MARSAD_RECORD_GEOJSON) assert_int_equal(k, (long)events);
        const char *h = marsad_export_header(fmts[i]), *t = marsad_export_footer(fmts[i]);
        assert_int_equal(s.len, strlen(h) + n + strlen(t));
        assert_memory_equal(s.data, h, strlen(h));
        assert_memory_equal(s.data + strlen(h), doc, n);
        assert_string_equal(s.data + strlen(h) + n, t);
        free(s.data);
        marsad_free(doc);
    }
    /* CSV: one CRLF row per event */
    size_t n;
    char *csv = marsad_doc_render(d, MARSAD_RECORD_ACLED_CSV, &n);
    size_t rows = 0;
    for (size_t i = 0; i + 1 < n; i++)
        if (csv[i] == '\r' && csv[i + 1] == '\n') rows++;
    assert_int_equal(rows, events);
    marsad_free(csv);
    /* a filtered marsad/1 export keeps only the matching events */
    marsad_store_filter f;
    memset(&f, 0, sizeof f);
    f.type = "prisoner-transfer";
    sink s = {NULL, 0};
    long k = marsad_store_export(st, &f, MARSAD_RECORD_JSON, sink_write, &s, &err);
    assert_true(k >= 1 && k < (long)events);
    assert_null(strstr(s.data, "\"type\":\"armed-clash\""));
    assert_non_null(strstr(s.data, "\"type\":\"prisoner-transfer\""));
    free(s.data);
    /* a failing writer stops the export */
    assert_int_equal(marsad_store_export(st, NULL, MARSAD_RECORD_PLOVER, NULL, NULL, &err), -1);
    marsad_doc_free(d);
    marsad_store_close(st, NULL);
}

static int fail_write(const char *d, size_t n, void *ud) {
    (void)d;
    (void)n;
    (void)ud;
    return 1;
}

static void test_write_failure(void **state) {
    (void)state;
    marsad_store *st = fresh("w.db");
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_doc *d = sample_doc("2022-01-27");
    assert_int_equal(marsad_store_ingest(st, d, &err), MARSAD_INGEST_ADDED);
    assert_int_equal(marsad_store_export(st, NULL, MARSAD_RECORD_PLOVER, fail_write, NULL, &err),
                     -1);
    assert_int_equal(err.code, MARSAD_ERR_IO);
    marsad_doc_free(d);
    marsad_store_close(st, NULL);
}

static void test_refusals(void **state) {
    (void)state;
    marsad_error err;
    memset(&err, 0, sizeof err);
    assert_null(marsad_store_open(NULL, 0, &err));
    assert_int_equal(err.code, MARSAD_ERR_ARG);
    unlink(tpath("none.db"));
    assert_null(marsad_store_open(tpath("none.db"), MARSAD_STORE_READONLY, &err));
    assert_int_equal(err.code, MARSAD_ERR_IO);
    /* not a database */
    FILE *f = fopen(tpath("text.db"), "wb");
    assert_non_null(f);
    fputs("this is not a database, but it is long enough to have a header........\n", f);
    fclose(f);
    assert_null(marsad_store_open(tpath("text.db"), 0, &err));
    assert_int_equal(err.code, MARSAD_ERR_IO);
    /* another application's database */
    unlink(tpath("other.db"));
    sqlite3 *db;
    assert_int_equal(sqlite3_open(tpath("other.db"), &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_null(marsad_store_open(tpath("other.db"), 0, &err));
    assert_int_equal(err.code, MARSAD_ERR_PARSE);
    /* a newer schema */
    marsad_store *st = fresh("new.db");
    marsad_store_close(st, NULL);
    assert_int_equal(sqlite3_open(tpath("new.db"), &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_null(marsad_store_open(tpath("new.db"), 0, &err));
    assert_int_equal(err.code, MARSAD_ERR_PARSE);
    assert_non_null(strstr(err.msg, "newer"));
    /* NULLs are refused, not crashed on */
    assert_int_equal(marsad_store_close(NULL, NULL), 0);
    assert_int_equal(marsad_store_ingest(NULL, NULL, &err), MARSAD_INGEST_ERROR);
    assert_int_equal(marsad_store_query(NULL, NULL, NULL, NULL, &err), -1);
    assert_int_equal(marsad_store_is_current(NULL, NULL, NULL), 0);
}

static void test_doc_exports(void **state) {
    (void)state;
    marsad_doc *d = sample_doc("2022-01-27");
    size_t n;
    char *gj = marsad_doc_render(d, MARSAD_RECORD_GEOJSON, &n);
    assert_non_null(gj);
    assert_true(n > 0);
    assert_memory_equal(gj, "{\"type\":\"Feature\"", 17);
    assert_true(gj[n - 1] == '}'); /* a fragment: no trailing separator */
    assert_non_null(strstr(gj, "\"coordinates\":[40.7625,36.4775]")); /* [lon, lat] */
    marsad_free(gj);
    char *pl = marsad_doc_render(d, MARSAD_RECORD_PLOVER, &n);
    assert_non_null(pl);
    size_t lines = 0;
    for (size_t i = 0; i < n; i++) lines += pl[i] == '\n';
    assert_int_equal(lines, marsad_doc_event_count(d));
    assert_non_null(strstr(pl, "\"size\":{\"dead\":"));
    marsad_free(pl);
    /* a document without events renders to nothing in every export */
    marsad_doc_input in;
    memset(&in, 0, sizeof in);
    in.id = "empty";
    in.text = "";
    marsad_error err;
    marsad_doc *e = marsad_doc_new(kb, &in, &err);
    assert_non_null(e);
    static const marsad_record_format fmts[] = {MARSAD_RECORD_ACLED_CSV, MARSAD_RECORD_GEOJSON,
                                                MARSAD_RECORD_PLOVER};
    for (size_t i = 0; i < 3; i++) {
        char *s = marsad_doc_render(e, fmts[i], &n);
        assert_non_null(s);
        assert_int_equal(n, 0);
        marsad_free(s);
    }
    marsad_doc_free(e);
    marsad_doc_free(d);
}

int main(int argc, char **argv) {
    if (argc > 1) srcdir = argv[1];
    char path[1024];
    snprintf(path, sizeof path, "%s/samples/sputnik-hasakah-prison.txt", srcdir);
    sample = read_all(path, &sample_len);
    if (!sample) {
        fprintf(stderr, "cannot read %s\n", path);
        return 1;
    }
    snprintf(tmpdir, sizeof tmpdir, "/tmp/marsad-store-XXXXXX");
    if (!mkdtemp(tmpdir)) return 1;
    marsad_error err;
    kb = marsad_kb_load_builtin(&err);
    if (!kb) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ingest_idempotent_replace),
        cmocka_unit_test(test_records),
        cmocka_unit_test(test_filters),
        cmocka_unit_test(test_bad_filters),
        cmocka_unit_test(test_exports),
        cmocka_unit_test(test_write_failure),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_doc_exports),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    marsad_kb_free(kb);
    free(sample);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (rc == 0 && system(cmd) != 0) rc = 1;
    return rc;
}
