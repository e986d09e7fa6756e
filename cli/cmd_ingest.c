/*
 * cmd_ingest.c -- `marsad ingest`: articles (extracted here) or marsad/1
 * records into the SQLite event store, idempotent and resumable.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "cli.h"

static const char usage[] =
    "usage: marsad ingest --db FILE [--records] [--input auto|text|jsonl]\n"
    "                     [--published YYYY-MM-DD] [--outlet NAME] [--kb FILE | --kb-dir DIR]\n"
    "                     [-j N] [--batch N] [--quiet] [FILE|DIR|-]...\n"
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
    "  -j N            analyse with N worker threads while another stores, in input\n"
    "                  order (0: one per core); without -j one thread analyses and\n"
    "                  stores in turn\n"
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

/* ---- -j: workers analyse, this thread stores, in input order ---- */

#define MAX_JOBS 256

typedef struct job {
    marsad_doc_input in; /* copies, in buf */
    char *buf;
    size_t cap;
    char *rec;           /* the rendered record (marsad_free) */
    size_t rec_len;
    char *text;          /* the repaired text the offsets refer to (free) */
    size_t text_len;
    marsad_error err;    /* when rec is NULL */
    const char *where;
    int done;
} job;

typedef struct pool {
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    job *slots;
    size_t nslots;
    size_t next_seq, next_take, next_out; /* filled, taken by a worker, stored */
    int eof;
    const marsad_kb *kb;
} pool;

static void analyse(const marsad_kb *kb, job *j) {
    memset(&j->err, 0, sizeof j->err);
    marsad_doc *d = marsad_doc_new(kb, &j->in, &j->err);
    if (!d) return;
    const marsad_text *t = marsad_doc_text(d);
    j->text_len = marsad_text_bytes(t);
    j->text = malloc(j->text_len + 1);
    j->rec = j->text ? marsad_doc_render(d, MARSAD_RECORD_JSON, &j->rec_len) : NULL;
    if (j->text) memcpy(j->text, marsad_text_utf8(t), j->text_len + 1);
    if (!j->rec) snprintf(j->err.msg, sizeof j->err.msg, "out of memory");
    marsad_doc_free(d);
}

static void *worker(void *arg) {
    pool *pl = arg;
    pthread_mutex_lock(&pl->mu);
    for (;;) {
        while (pl->next_take == pl->next_seq && !pl->eof) pthread_cond_wait(&pl->work, &pl->mu);
        if (pl->next_take == pl->next_seq) break;
        job *j = &pl->slots[pl->next_take++ % pl->nslots];
        pthread_mutex_unlock(&pl->mu);
        analyse(pl->kb, j);
        pthread_mutex_lock(&pl->mu);
        j->done = 1;
        pthread_cond_broadcast(&pl->done);
    }
    pthread_mutex_unlock(&pl->mu);
    return NULL;
}

/* Stores the finished documents whose turn has come; with `wait`, waits
 * for the next one first. */
static void store_done(pool *pl, marsad_store *st, tally *t, int wait) {
    pthread_mutex_lock(&pl->mu);
    while (pl->next_out < pl->next_seq) {
        job *j = &pl->slots[pl->next_out % pl->nslots];
        if (!j->done) {
            if (!wait) break;
            pthread_cond_wait(&pl->done, &pl->mu);
            continue;
        }
        pthread_mutex_unlock(&pl->mu);
        if (j->rec) {
            marsad_error err;
            memset(&err, 0, sizeof err);
            count(t, marsad_store_ingest_record(st, j->rec, j->rec_len, j->text, j->text_len, &err),
                  &err, j->where, 0);
        } else {
            count(t, MARSAD_INGEST_ERROR, &j->err, j->where, 0);
        }
        marsad_free(j->rec);
        free(j->text);
        j->rec = j->text = NULL;
        j->done = 0;
        pthread_mutex_lock(&pl->mu);
        pl->next_out++;
        wait = 0;
    }
    pthread_mutex_unlock(&pl->mu);
}

static char *copy_field(char **w, const char *s) {
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    memcpy(*w, s, n);
    char *r = *w;
    *w += n;
    return r;
}

/* Hands a document to the workers (storing finished ones while the window
 * is full); -1 when memory runs out. */
static int pool_put(pool *pl, marsad_store *st, tally *t, const marsad_doc_input *in) {
    for (;;) {
        pthread_mutex_lock(&pl->mu);
        int full = pl->next_seq - pl->next_out == pl->nslots;
        pthread_mutex_unlock(&pl->mu);
        if (!full) break;
        store_done(pl, st, t, 1);
    }
    job *j = &pl->slots[pl->next_seq % pl->nslots];
    const char *f[] = {in->id, in->published, in->outlet, in->url, in->title};
    size_t need = in->len + 1;
    for (size_t i = 0; i < sizeof f / sizeof *f; i++)
        if (f[i]) need += strlen(f[i]) + 1;
    if (need > j->cap) {
        char *b = realloc(j->buf, need);
        if (!b) return -1;
        j->buf = b;
        j->cap = need;
    }
    char *w = j->buf;
    memset(&j->in, 0, sizeof j->in);
    j->in.text = w;
    if (in->len) memcpy(w, in->text, in->len);
    w[in->len] = '\0';
    j->in.len = in->len;
    w += in->len + 1;
    j->in.id = copy_field(&w, in->id);
    j->in.published = copy_field(&w, in->published);
    j->in.outlet = copy_field(&w, in->outlet);
    j->in.url = copy_field(&w, in->url);
    j->in.title = copy_field(&w, in->title);
    j->where = j->in.id ? j->in.id : "(document)";
    j->done = 0;
    pthread_mutex_lock(&pl->mu);
    pl->next_seq++;
    pthread_cond_signal(&pl->work);
    pthread_mutex_unlock(&pl->mu);
    store_done(pl, st, t, 0);
    return 0;
}

/* Articles: read, skip the current ones, analyse the rest and store them. */
static void ingest_articles(marsad_store *st, const marsad_kb *kb, pool *pl, const char *path,
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
        if (pl) {
            if (pool_put(pl, st, t, &in)) {
                fprintf(stderr, "marsad: %s: out of memory\n", in.id ? in.id : path);
                t->failed++;
            }
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
    int records = 0, quiet = 0, nfiles = 0, jobs = 0; /* 0: no worker threads */
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
        } else if (!strcmp(a, "-j") || !strncmp(a, "-j", 2)) {
            const char *v = a + 2;
            if (!*v) {
                NEED();
                v = argv[++i];
            }
            char *end;
            errno = 0;
            long n = strtol(v, &end, 10);
            if (errno || end == v || *end || n < 0 || n > MAX_JOBS)
                FAIL("-j needs a number of threads 0..%d, not '%s'", MAX_JOBS, v);
            if (n == 0) {
                long c = sysconf(_SC_NPROCESSORS_ONLN);
                n = c < 1 ? 1 : c > MAX_JOBS ? MAX_JOBS : c;
            }
            jobs = (int)n;
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
    pool pl;
    memset(&pl, 0, sizeof pl);
    pthread_t th[MAX_JOBS];
    int started = 0;
    if (!records && jobs > 0) {
        pl.kb = kb;
        pl.nslots = (size_t)jobs * 4;
        pl.slots = calloc(pl.nslots, sizeof *pl.slots);
        pthread_mutex_init(&pl.mu, NULL);
        pthread_cond_init(&pl.work, NULL);
        pthread_cond_init(&pl.done, NULL);
        while (pl.slots && started < jobs && !pthread_create(&th[started], NULL, worker, &pl))
            started++;
        if (!started) fprintf(stderr, "marsad: cannot start threads; running on one\n");
    }
    for (int f = 0; f < nfiles; f++) {
        if (records) ingest_records(st, files[f], &t);
        else ingest_articles(st, kb, started ? &pl : NULL, files[f], input, published, outlet, &t);
    }
    if (!records && jobs > 0) {
        pthread_mutex_lock(&pl.mu);
        pl.eof = 1;
        pthread_cond_broadcast(&pl.work);
        pthread_mutex_unlock(&pl.mu);
        for (int left = started; left;) {
            store_done(&pl, st, &t, 1);
            pthread_mutex_lock(&pl.mu);
            left = pl.next_out < pl.next_seq;
            pthread_mutex_unlock(&pl.mu);
        }
        for (int i = 0; i < started; i++) pthread_join(th[i], NULL);
        for (size_t i = 0; pl.slots && i < pl.nslots; i++) free(pl.slots[i].buf);
        free(pl.slots);
        pthread_cond_destroy(&pl.done);
        pthread_cond_destroy(&pl.work);
        pthread_mutex_destroy(&pl.mu);
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
