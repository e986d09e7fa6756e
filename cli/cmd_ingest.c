/*
 * cmd_ingest.c -- `marsad ingest`: articles (extracted here) or marsad/1
 * records into the SQLite event store, idempotent and resumable.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "cli.h"

static const char usage[] =
    "usage: marsad ingest --db FILE [--records] [--input auto|text|jsonl]\n"
    "                     [--published YYYY-MM-DD] [--outlet NAME] [--kb FILE | --kb-dir DIR]\n"
    "                     [--batch N] [--quiet] [FILE|DIR|-]...\n"
    "\n"
    "Extracts the events of Arabic news articles (as marsad extract reads them)\n"
    "and stores documents, events, actors, places, quantities, counts,\n"
    "attributions, mentions and framing spans in the SQLite database FILE\n"
    "(created when missing; docs/store.md).\n"
    "\n"
    "A document already stored with the same content and knowledge-base version\n"
    "is skipped without being analysed; a changed one replaces its old rows in one\n"
    "transaction.  Documents are committed in batches: after a crash or a kill,\n"
    "run the same command again to finish -- nothing is lost or stored twice.\n"
    "\n"
    "options:\n"
    "  --db FILE       the store (required)\n"
    "  --records       the inputs are marsad/1 records (JSON Lines, as marsad extract\n"
    "                  writes them; .gz read too) instead of articles\n"
    "  --input I       auto (default), text or jsonl (articles)\n"
    "  --published D   publication date of text inputs\n"
    "  --outlet NAME   the outlet of text inputs\n"
    "  --kb FILE       a compiled knowledge base; --kb-dir DIR compiles one from DIR\n"
    "  --batch N       documents per transaction (default 256)\n"
    "  --quiet         no summary on stderr\n"
    "\n"
    "Exit status: 0 when every document was stored (or was current), 1 when some\n"
    "failed (each reported on stderr with its file and line), 2 for usage errors.\n";

typedef struct tally {
    size_t added, replaced, unchanged, failed;
} tally;

static void count(tally *t, marsad_ingest_result r, const marsad_error *err, const char *where,
                  size_t line) {
    switch (r) {
    case MARSAD_INGEST_ADDED:
        t->added++;
        break;
    case MARSAD_INGEST_REPLACED:
        t->replaced++;
        break;
    case MARSAD_INGEST_UNCHANGED:
        t->unchanged++;
        break;
    default:
        t->failed++;
        if (line)
            fprintf(stderr, "marsad: %s:%zu: %s\n", where, line, err->msg);
        else
            fprintf(stderr, "marsad: %s: %s\n", where, err->msg);
        break;
    }
}

/* Articles: read, skip the current ones, analyse the rest and store them. */
static void ingest_articles(marsad_store *st, const marsad_kb *kb, const char *path,
                            marsad_input_format input, const char *published, const char *outlet,
                            tally *t) {
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_reader *r = marsad_reader_open(path, input, &err);
    if (!r) {
        cli_print_error(&err);
        t->failed++;
        return;
    }
    const char *kbv = marsad_kb_version(kb);
    for (;;) {
        marsad_doc_input in;
        memset(&in, 0, sizeof in);
        memset(&err, 0, sizeof err);
        int rc = marsad_reader_next(r, &in, &err);
        if (rc == 0) break;
        if (rc < 0) {
            cli_print_error(&err);
            t->failed++;
            if (err.code == MARSAD_ERR_ARG) break;
            continue;
        }
        if (!in.published) in.published = published;
        if (!in.outlet) in.outlet = outlet;
        if (marsad_store_is_current(st, &in, kbv)) {
            t->unchanged++;
            continue;
        }
        marsad_doc *d = marsad_doc_new(kb, &in, &err);
        if (!d) {
            count(t, MARSAD_INGEST_ERROR, &err, in.id ? in.id : path, 0);
            continue;
        }
        count(t, marsad_store_ingest(st, d, &err), &err, in.id ? in.id : path, 0);
        marsad_doc_free(d);
    }
    marsad_reader_close(r);
}

/* Records: one marsad/1 object a line, plain or gzip'd. */
static void ingest_records(marsad_store *st, const char *path, tally *t) {
    int is_stdin = strcmp(path, "-") == 0;
    gzFile f = is_stdin ? gzdopen(0, "rb") : gzopen(path, "rb");
    if (!f) {
        fprintf(stderr, "marsad: %s: cannot open\n", path);
        t->failed++;
        return;
    }
    size_t cap = 1 << 16, lineno = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fprintf(stderr, "marsad: %s: out of memory\n", path);
        t->failed++;
        gzclose(f);
        return;
    }
    for (;;) {
        size_t len = 0;
        int got = 0;
        for (;;) {
            if (cap - len < 2) {
                char *nb = cap < ((size_t)1 << 30) ? realloc(buf, cap * 2) : NULL;
                if (!nb) break;
                buf = nb;
                cap *= 2;
            }
            if (!gzgets(f, buf + len, (int)(cap - len > (size_t)1 << 30 ? (size_t)1 << 30
                                                                         : cap - len)))
                break;
            got = 1;
            len += strlen(buf + len);
            if (len && buf[len - 1] == '\n') break;
        }
        if (!got) break;
        lineno++;
        while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r')) len--;
        size_t k = 0;
        while (k < len && (buf[k] == ' ' || buf[k] == '\t')) k++;
        if (k == len) continue;
        marsad_error err;
        memset(&err, 0, sizeof err);
        count(t, marsad_store_ingest_record(st, buf, len, NULL, 0, &err), &err, path, lineno);
    }
    int errnum = 0;
    const char *msg = gzerror(f, &errnum);
    if (errnum != Z_OK && errnum != Z_STREAM_END) {
        fprintf(stderr, "marsad: %s: %s\n", path, msg);
        t->failed++;
    }
    free(buf);
    gzclose(f);
}

static double seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int run(int argc, char **argv) {
    const char *db = NULL, *kb_dir = NULL, *kb_file = NULL, *published = NULL, *outlet = NULL;
    int records = 0, quiet = 0, nfiles = 0;
    long batch = 0;
    marsad_input_format input = MARSAD_INPUT_AUTO;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    if (!files) return CLI_SOME_FAILED;
#define FAIL(...)                                                                        \
    do {                                                                                 \
        free((void *)files);                                                             \
        return cli_usage_error("ingest", __VA_ARGS__);                                   \
    } while (0)
#define NEED()                                                                           \
    do {                                                                                 \
        if (i + 1 >= argc) FAIL("%s needs a value", a);                                  \
    } while (0)
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--db")) {
            NEED();
            db = argv[++i];
        } else if (!strcmp(a, "--records")) {
            records = 1;
        } else if (!strcmp(a, "--quiet")) {
            quiet = 1;
        } else if (!strcmp(a, "--input")) {
            NEED();
            const char *f = argv[++i];
            if (!strcmp(f, "auto")) input = MARSAD_INPUT_AUTO;
            else if (!strcmp(f, "text")) input = MARSAD_INPUT_TEXT;
            else if (!strcmp(f, "jsonl")) input = MARSAD_INPUT_JSONL;
            else FAIL("unknown input '%s' (auto, text or jsonl)", f);
        } else if (!strcmp(a, "--published")) {
            NEED();
            published = argv[++i];
            int y, m, d;
            if (sscanf(published, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 ||
                d > 31)
                FAIL("--published needs a date YYYY-MM-DD, not '%s'", published);
        } else if (!strcmp(a, "--outlet")) {
            NEED();
            outlet = argv[++i];
        } else if (!strcmp(a, "--kb")) {
            NEED();
            kb_file = argv[++i];
        } else if (!strcmp(a, "--kb-dir")) {
            NEED();
            kb_dir = argv[++i];
        } else if (!strcmp(a, "--batch")) {
            NEED();
            char *end;
            batch = strtol(argv[++i], &end, 10);
            if (*end || end == argv[i] || batch < 1 || batch > 1000000)
                FAIL("--batch needs a number of documents 1..1000000, not '%s'", argv[i]);
        } else if (a[0] == '-' && a[1] != '\0') {
            FAIL("unknown option '%s'", a);
        } else {
            files[nfiles++] = a;
        }
    }
    if (!db) FAIL("--db FILE is required");
    if (records && (kb_dir || kb_file || published || outlet || input != MARSAD_INPUT_AUTO))
        FAIL("--records reads finished records: --input, --published, --outlet and --kb do not "
             "apply");
#undef NEED
#undef FAIL
    if (nfiles == 0) files[nfiles++] = "-";
    marsad_kb *kb = NULL;
    if (!records && !(kb = cli_load_kb_any(kb_file, kb_dir))) {
        free((void *)files);
        return CLI_SOME_FAILED;
    }
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_store *st = marsad_store_open(db, 0, &err);
    if (!st) {
        cli_print_error(&err);
        marsad_kb_free(kb);
        free((void *)files);
        return CLI_SOME_FAILED;
    }
    if (batch) marsad_store_set_batch(st, (size_t)batch);
    tally t = {0, 0, 0, 0};
    double t0 = seconds();
    for (int f = 0; f < nfiles; f++) {
        if (records) ingest_records(st, files[f], &t);
        else ingest_articles(st, kb, files[f], input, published, outlet, &t);
    }
    memset(&err, 0, sizeof err);
    marsad_store_stats stats;
    int have_stats = marsad_store_commit(st, &err) == 0 && marsad_store_stats_get(st, &stats, &err) == 0;
    if (!have_stats) {
        cli_print_error(&err);
        t.failed++;
    }
    if (marsad_store_close(st, &err)) {
        cli_print_error(&err);
        t.failed++;
    }
    double el = seconds() - t0;
    size_t docs = t.added + t.replaced + t.unchanged;
    if (!quiet) {
        fprintf(stderr,
                "marsad: ingest: %zu documents in %.2f s (%.1f docs/s): %zu added, %zu replaced, "
                "%zu unchanged, %zu failed\n",
                docs, el, el > 0 ? (double)docs / el : 0.0, t.added, t.replaced, t.unchanged,
                t.failed);
        if (have_stats)
            fprintf(stderr,
                    "marsad: ingest: %s holds %zu documents, %zu events (%zu places with "
                    "coordinates)\n",
                    db, stats.documents, stats.events, stats.located);
    }
    marsad_kb_free(kb);
    free((void *)files);
    return t.failed ? CLI_SOME_FAILED : CLI_OK;
}

const cli_command cli_ingest = {"ingest", "store articles' events in a SQLite database", usage,
                                run};
