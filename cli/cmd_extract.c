/*
 * cmd_extract.c -- `marsad extract`: articles in, one marsad/1 record per
 * article out (JSON Lines), or a readable table of events.  With -j N the
 * main thread reads and N workers sharing the one KB analyse; records keep
 * the input order through a bounded reorder window (docs/performance.md).
 */
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char usage[] =
    "usage: marsad extract [--format marsad|table|acled-csv|geojson|plover] [--pretty] [-o FILE]\n"
    "                      [--input auto|text|jsonl] [--published YYYY-MM-DD] [--outlet NAME]\n"
    "                      [--kb FILE | --kb-dir DIR] [-j N] [--unordered]\n"
    "                      [--progress | --no-progress] [FILE|DIR|-]...\n"
    "\n"
    "Reads Arabic news articles and writes their events: who did what to whom,\n"
    "where, when, how many, according to whom, with the evidence span of each\n"
    "field (the marsad/1 record, ../shared/design/SCHEMA.md).\n"
    "\n"
    "Input: plain-text files (one article each; the id is the file name; a\n"
    "NAME.meta.json beside NAME.txt may give published, outlet, title, url), or JSON\n"
    "Lines with fields id, text, published, outlet, url, title (the default for\n"
    ".jsonl and .jsonl.gz files), directories of them, or standard input ('-' or\n"
    "none).  Input is streamed: memory does not grow with the number of articles.\n"
    "\n"
    "options:\n"
    "  --format F      marsad (default: one JSON record a line) or table (for people);\n"
    "                  exports: acled-csv, geojson (one FeatureCollection), plover\n"
    "                  (docs/store.md)\n"
    "  --pretty        indent the JSON records\n"
    "  -o FILE         write to FILE instead of standard output\n"
    "  --input I       auto (default), text or jsonl\n"
    "  --published D   publication date of text inputs (relative dates resolve against it)\n"
    "  --outlet NAME   the outlet of text inputs (the `via` of attributions)\n"
    "  --kb FILE       a compiled knowledge base; --kb-dir DIR compiles one from DIR\n"
    "  -j N            analyse with N worker threads (0: one per core; default 1);\n"
    "                  at most 4 x N articles are held in memory at once\n"
    "  --unordered     with -j, write records as they finish instead of in input order\n"
    "  --progress      a progress line on stderr (documents, MB, docs/s, MB/s, ETA),\n"
    "                  then a summary; the default when stderr is a terminal\n"
    "  --no-progress   no progress line, even on a terminal\n"
    "\n"
    "Exit status: 0 when every input succeeded, 1 when some failed (each reported\n"
    "on stderr with its file and line, in input order; the rest are still\n"
    "processed), 2 for usage errors.\n";

/* Output formats by name.  A new export format is one more row here (and,
 * when the library renders it another way, a case in render()). */
typedef struct out_format {
    const char *name;
    marsad_record_format fmt;
} out_format;
static const out_format out_formats[] = {
    {"marsad", MARSAD_RECORD_JSON},
    {"table", MARSAD_RECORD_TABLE},
    {"acled-csv", MARSAD_RECORD_ACLED_CSV},
    {"geojson", MARSAD_RECORD_GEOJSON},
    {"plover", MARSAD_RECORD_PLOVER},
};
/* Between two non-empty outputs of a stream (GeoJSON features), and
 * whether one was written: marsad_export_separator()'s rule. */
static const char *stream_sep = "";
static int stream_any;
#define N_OUT_FORMATS (sizeof out_formats / sizeof *out_formats)

/* The most worker threads -j accepts. */
#define MAX_JOBS 256
/* Documents in flight (queued, being analysed or waiting for their turn
 * to be written) per worker thread. */
#define SLOTS_PER_JOB 4
/* A slot's input buffer above this size is released after use, so that
 * one huge article does not stay allocated for the rest of the run. */
#define SLOT_KEEP_BYTES ((size_t)1 << 20)

/* ---- small helpers ---- */

/* Reads NAME.meta.json beside a NAME.txt when present. */
static json_t *sidecar(const char *path) {
    size_t n = strlen(path);
    if (n < 4 || strcmp(path + n - 4, ".txt") != 0) return NULL;
    char meta[4096];
    snprintf(meta, sizeof meta, "%.*s.meta.json", (int)(n - 4), path);
    FILE *f = fopen(meta, "rb");
    if (!f) return NULL;
    json_error_t e;
    json_t *j = json_loadf(f, 0, &e);
    fclose(f);
    if (!j) fprintf(stderr, "marsad: %s:%d: %s (ignored)\n", meta, e.line, e.text);
    if (j && !json_is_object(j)) {
        json_decref(j);
        j = NULL;
    }
    return j;
}

static const char *jstr(json_t *o, const char *k) {
    json_t *v = o ? json_object_get(o, k) : NULL;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* A malloc'd formatted string; NULL when memory runs out. */
static char *xprintf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
static char *xprintf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s) return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* The line cli_print_error() would print, as a string, so that a worker
 * can print it in its turn. */
static char *error_line(const marsad_error *err) {
    if (err->line) return xprintf("marsad: %s:%zu: %s\n", err->file, err->line, err->msg);
    if (err->file[0]) return xprintf("marsad: %s: %s\n", err->file, err->msg);
    return xprintf("marsad: knowledge base: %s\n", err->msg);
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- progress on stderr ---- */

/* Shared by the reader, which updates the line, and whoever writes
 * records and error messages; `mu` serialises everything printed on
 * stderr so that an error message never lands inside the progress line. */
typedef struct progress {
    int on;
    pthread_mutex_t mu;
    double t0, last;
    size_t shown;            /* characters of the progress line on screen; 0: none */
    atomic_size_t docs;      /* records written */
    atomic_size_t failed;    /* records and inputs that failed */
    uint64_t bytes_before;   /* input bytes of the readers already closed */
    uint64_t bytes, total;   /* bytes read so far, expected total (0: unknown) */
} progress;

/* Erases the progress line; call with p->mu held. */
static void progress_erase(progress *p) {
    if (!p->shown) return;
    fprintf(stderr, "\r%*s\r", (int)p->shown, "");
    p->shown = 0;
}

static void format_hms(char *buf, size_t n, double s) {
    if (s < 0) s = 0;
    unsigned long t = (unsigned long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, n, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, n, "%lu:%02lu", t / 60, t % 60);
}

/* Redraws the progress line when 0.5 s have passed since the last one
 * (or always with `force`).  Called by the reading thread only. */
static void progress_tick(progress *p, int force) {
    if (!p->on) return;
    double t = now_seconds();
    if (!force && t - p->last < 0.5) return;
    p->last = t;
    double el = t - p->t0 > 1e-9 ? t - p->t0 : 1e-9;
    size_t docs = atomic_load(&p->docs);
    double mb = (double)p->bytes / 1e6;
    char line[200];
    int n = snprintf(line, sizeof line, "marsad: %zu docs  %.1f MB  %.0f docs/s  %.2f MB/s", docs,
                     mb, (double)docs / el, mb / el);
    if (p->total && p->bytes > 0 && n > 0 && (size_t)n < sizeof line) {
        double left = p->total > p->bytes ? (double)(p->total - p->bytes) : 0.0;
        char eta[32];
        format_hms(eta, sizeof eta, left / ((double)p->bytes / el));
        n += snprintf(line + n, sizeof line - (size_t)n, "  ETA %s", eta);
    }
    if (n < 0) return;
    size_t len = strlen(line);
    pthread_mutex_lock(&p->mu);
    fprintf(stderr, "\r%s", line);
    if (p->shown > len) fprintf(stderr, "%*s", (int)(p->shown - len), "");
    p->shown = len;
    fflush(stderr);
    pthread_mutex_unlock(&p->mu);
}

static void progress_summary(progress *p, int jobs) {
    if (!p->on) return;
    double el = now_seconds() - p->t0;
    if (el < 1e-9) el = 1e-9;
    size_t docs = atomic_load(&p->docs), failed = atomic_load(&p->failed);
    double mb = (double)p->bytes / 1e6;
    pthread_mutex_lock(&p->mu);
    progress_erase(p);
    fprintf(stderr,
            "marsad: %zu documents, %zu failed, %.1f MB in %.1f s: %.0f docs/s, %.2f MB/s "
            "(%d thread%s)\n",
            docs, failed, mb, el, (double)docs / el, mb / el, jobs, jobs == 1 ? "" : "s");
    pthread_mutex_unlock(&p->mu);
}

/* The reader's counters feed the progress line. */
static void progress_read(progress *p, const marsad_reader *r) {
    uint64_t b = 0, tot = 0;
    marsad_reader_stats(r, NULL, NULL, &b, &tot);
    p->bytes = p->bytes_before + b;
    p->total = tot ? p->bytes_before + tot : 0;
}

/* ---- one document: analysis and output ---- */

typedef struct result {
    char *out;      /* the rendered record (marsad_free), or NULL */
    size_t out_len;
    char *msg;      /* an error line for stderr (free), or NULL */
    int failed;     /* counts as a failed input */
} result;

/* Analyses one document and renders its record.  Thread-safe: `kb` is
 * only read. */
static void analyse(const marsad_kb *kb, const marsad_doc_input *in, const char *name,
                    marsad_record_format fmt, result *res) {
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_doc *d = marsad_doc_new(kb, in, &err);
    if (!d) {
        res->msg = xprintf("marsad: %s: %s\n", in->id ? in->id : name, err.msg);
        res->failed = 1;
        return;
    }
    res->out = marsad_doc_render(d, fmt, &res->out_len);
    if (!res->out) res->failed = 1;
    marsad_doc_free(d);
}

/* Prints a result and releases its strings.  One caller at a time. */
static void emit(progress *p, result *res) {
    if (res->msg) {
        pthread_mutex_lock(&p->mu);
        progress_erase(p);
        fputs(res->msg, stderr);
        pthread_mutex_unlock(&p->mu);
    }
    if (res->out && res->out_len && stream_any && *stream_sep &&
        cli_write(stream_sep, strlen(stream_sep)))
        res->failed = 1;
    if (res->out && res->out_len) stream_any = 1;
    if (res->out && cli_write(res->out, res->out_len)) res->failed = 1;
    if (res->failed)
        atomic_fetch_add(&p->failed, 1);
    else
        atomic_fetch_add(&p->docs, 1);
    marsad_free(res->out);
    free(res->msg);
    memset(res, 0, sizeof *res);
}

/* ---- the worker pool ---- */

/* A document in flight: copies of its fields (the reader's strings are
 * only valid until its next call), then its result. */
typedef struct slot {
    size_t seq;
    int has_doc;             /* else an error line only */
    marsad_doc_input in;
    const char *name;        /* the input path, for messages */
    char *buf;               /* holds the copied strings */
    size_t cap;
    result res;
    int done;
} slot;

typedef struct pool {
    const marsad_kb *kb;
    marsad_record_format fmt;
    int ordered;
    progress *prog;
    pthread_mutex_t mu;
    pthread_cond_t work;     /* a slot was queued, or the input ended */
    pthread_cond_t space;    /* a slot became free */
    slot *slots;
    size_t nslots;
    size_t *free_list, n_free;
    size_t *queue, q_head, q_len; /* FIFO of slots waiting for a worker */
    size_t *order;           /* ordered: the slot of sequence number s at s % nslots */
    size_t next_seq, next_out;
    int writing;             /* ordered: a worker is writing records */
    pthread_mutex_t out_mu;  /* unordered: the one writing records */
    int eof;
} pool;

static char *copy_field(char **w, const char *s) {
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    memcpy(*w, s, n);
    char *r = *w;
    *w += n;
    return r;
}

/* Copies the document's fields into the slot's buffer; -1 when memory
 * runs out. */
static int slot_fill(slot *s, const marsad_doc_input *in) {
    const char *f[] = {in->id, in->published, in->outlet, in->url, in->title};
    size_t need = in->len + 1;
    for (size_t i = 0; i < sizeof f / sizeof *f; i++)
        if (f[i]) need += strlen(f[i]) + 1;
    if (need > s->cap) {
        char *b = realloc(s->buf, need);
        if (!b) return -1;
        s->buf = b;
        s->cap = need;
    }
    char *w = s->buf;
    memset(&s->in, 0, sizeof s->in);
    s->in.text = w;
    if (in->len) memcpy(w, in->text, in->len);
    w[in->len] = '\0';
    s->in.len = in->len;
    w += in->len + 1;
    s->in.id = copy_field(&w, in->id);
    s->in.published = copy_field(&w, in->published);
    s->in.outlet = copy_field(&w, in->outlet);
    s->in.url = copy_field(&w, in->url);
    s->in.title = copy_field(&w, in->title);
    return 0;
}

/* Returns a written slot to the free list; call with mu held. */
static void slot_release(pool *pl, size_t k) {
    slot *s = &pl->slots[k];
    if (s->cap > SLOT_KEEP_BYTES) {
        free(s->buf);
        s->buf = NULL;
        s->cap = 0;
    }
    s->done = 0;
    s->has_doc = 0;
    pl->free_list[pl->n_free++] = k;
    pthread_cond_signal(&pl->space);
}

/* Ordered output: writes every finished slot whose turn has come.  Call
 * with mu held; only one thread writes at a time (pl->writing), and it
 * drops the lock while it writes. */
static void write_in_order(pool *pl) {
    if (pl->writing) return;
    pl->writing = 1;
    while (pl->next_out < pl->next_seq) {
        size_t k = pl->order[pl->next_out % pl->nslots];
        if (!pl->slots[k].done) break;
        pthread_mutex_unlock(&pl->mu);
        emit(pl->prog, &pl->slots[k].res);
        pthread_mutex_lock(&pl->mu);
        pl->next_out++;
        slot_release(pl, k);
    }
    pl->writing = 0;
}

static void *worker(void *arg) {
    pool *pl = arg;
    pthread_mutex_lock(&pl->mu);
    for (;;) {
        while (pl->q_len == 0 && !pl->eof) pthread_cond_wait(&pl->work, &pl->mu);
        if (pl->q_len == 0) break;
        size_t k = pl->queue[pl->q_head];
        pl->q_head = (pl->q_head + 1) % pl->nslots;
        pl->q_len--;
        pthread_mutex_unlock(&pl->mu);
        slot *s = &pl->slots[k];
        if (s->has_doc) analyse(pl->kb, &s->in, s->name, pl->fmt, &s->res);
        if (!pl->ordered) {
            /* records as they finish, one writer at a time */
            pthread_mutex_lock(&pl->out_mu);
            emit(pl->prog, &s->res);
            pthread_mutex_unlock(&pl->out_mu);
        }
        pthread_mutex_lock(&pl->mu);
        if (pl->ordered) {
            s->done = 1;
            write_in_order(pl);
        } else {
            slot_release(pl, k);
        }
    }
    pthread_mutex_unlock(&pl->mu);
    return NULL;
}

/* Waits for a free slot (redrawing the progress line meanwhile) and
 * returns it.  Called by the reading thread. */
static size_t pool_get(pool *pl) {
    pthread_mutex_lock(&pl->mu);
    while (pl->n_free == 0) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 250 * 1000 * 1000;
        if (ts.tv_nsec >= 1000 * 1000 * 1000) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000 * 1000 * 1000;
        }
        pthread_cond_timedwait(&pl->space, &pl->mu, &ts);
        if (pl->n_free == 0) {
            pthread_mutex_unlock(&pl->mu);
            progress_tick(pl->prog, 0);
            pthread_mutex_lock(&pl->mu);
        }
    }
    size_t k = pl->free_list[--pl->n_free];
    pthread_mutex_unlock(&pl->mu);
    return k;
}

/* Hands a filled slot to the workers. */
static void pool_put(pool *pl, size_t k) {
    pthread_mutex_lock(&pl->mu);
    slot *s = &pl->slots[k];
    s->seq = pl->next_seq++;
    s->done = 0;
    if (pl->ordered) pl->order[s->seq % pl->nslots] = k;
    pl->queue[(pl->q_head + pl->q_len) % pl->nslots] = k;
    pl->q_len++;
    pthread_cond_signal(&pl->work);
    pthread_mutex_unlock(&pl->mu);
}

/* Queues an error line (a bad record, an unreadable input) in its turn. */
static void pool_error(pool *pl, char *msg) {
    size_t k = pool_get(pl);
    slot *s = &pl->slots[k];
    s->has_doc = 0;
    s->res.msg = msg;
    s->res.failed = 1;
    pool_put(pl, k);
}

static void pool_free(pool *pl) {
    if (pl->slots)
        for (size_t i = 0; i < pl->nslots; i++) free(pl->slots[i].buf);
    free(pl->slots);
    free(pl->free_list);
    free(pl->queue);
    free(pl->order);
}

static int pool_init(pool *pl, size_t nslots) {
    pl->nslots = nslots;
    pl->slots = calloc(nslots, sizeof *pl->slots);
    pl->free_list = calloc(nslots, sizeof *pl->free_list);
    pl->queue = calloc(nslots, sizeof *pl->queue);
    pl->order = calloc(nslots, sizeof *pl->order);
    if (!pl->slots || !pl->free_list || !pl->queue || !pl->order) {
        pool_free(pl);
        return -1;
    }
    /* handed out from the top: slot 0 first */
    for (size_t i = 0; i < nslots; i++) pl->free_list[i] = nslots - 1 - i;
    pl->n_free = nslots;
    return 0;
}

/* ---- the command ---- */

typedef struct options {
    marsad_record_format fmt;
    marsad_input_format input;
    const char *published, *outlet;
    int jobs, ordered;
} options;

/* Fills a document's missing fields from a text file's sidecar
 * NAME.meta.json, then from the options. */
static void fill_input(marsad_doc_input *in, json_t *meta, const options *o) {
    if (meta) {
        if (!in->published) in->published = jstr(meta, "published");
        if (!in->outlet) in->outlet = jstr(meta, "outlet");
        if (!in->title) in->title = jstr(meta, "title");
        if (!in->url) in->url = jstr(meta, "url");
        if (jstr(meta, "id")) in->id = jstr(meta, "id");
    }
    if (!in->published) in->published = o->published;
    if (!in->outlet) in->outlet = o->outlet;
}

/* Reads every input; each document goes to `pl` when there is a pool,
 * else it is analysed and written here (the single-threaded path). */
static void read_all(const char **files, int nfiles, const options *o, const marsad_kb *kb,
                     pool *pl, progress *prog) {
    for (int f = 0; f < nfiles; f++) {
        marsad_error err;
        memset(&err, 0, sizeof err);
        marsad_reader *r = marsad_reader_open(files[f], o->input, &err);
        json_t *meta = o->input != MARSAD_INPUT_JSONL ? sidecar(files[f]) : NULL;
        if (!r) {
            json_decref(meta);
            result res = {NULL, 0, error_line(&err), 1};
            if (pl)
                pool_error(pl, res.msg);
            else
                emit(prog, &res);
            continue;
        }
        for (;;) {
            marsad_doc_input in;
            memset(&in, 0, sizeof in);
            memset(&err, 0, sizeof err);
            int rc = marsad_reader_next(r, &in, &err);
            if (prog->on) progress_read(prog, r);
            if (rc == 0) break;
            if (rc < 0) {
                result res = {NULL, 0, error_line(&err), 1};
                if (pl)
                    pool_error(pl, res.msg);
                else
                    emit(prog, &res);
                progress_tick(prog, 0);
                continue;
            }
            fill_input(&in, meta, o);
            if (pl) {
                size_t k = pool_get(pl);
                slot *s = &pl->slots[k];
                s->name = files[f];
                if (slot_fill(s, &in) == 0) {
                    s->has_doc = 1;
                } else {
                    s->has_doc = 0;
                    s->res.msg = xprintf("marsad: %s: out of memory\n", in.id ? in.id : files[f]);
                    s->res.failed = 1;
                }
                pool_put(pl, k);
            } else {
                result res = {NULL, 0, NULL, 0};
                analyse(kb, &in, files[f], o->fmt, &res);
                emit(prog, &res);
            }
            progress_tick(prog, 0);
        }
        json_decref(meta);
        if (prog->on) {
            uint64_t b = 0;
            marsad_reader_stats(r, NULL, NULL, &b, NULL);
            prog->bytes_before += b;
        }
        marsad_reader_close(r);
    }
}

/* Runs the workers over the inputs; -1 when they cannot be started. */
static int run_pool(const char **files, int nfiles, const options *o, const marsad_kb *kb,
                    progress *prog) {
    pool pl;
    memset(&pl, 0, sizeof pl);
    pl.kb = kb;
    pl.fmt = o->fmt;
    pl.ordered = o->ordered;
    pl.prog = prog;
    if (pool_init(&pl, (size_t)o->jobs * SLOTS_PER_JOB)) return -1;
    pthread_mutex_init(&pl.mu, NULL);
    pthread_mutex_init(&pl.out_mu, NULL);
    pthread_cond_init(&pl.work, NULL);
    pthread_cond_init(&pl.space, NULL);
    pthread_t th[MAX_JOBS];
    int started = 0;
    for (; started < o->jobs; started++)
        if (pthread_create(&th[started], NULL, worker, &pl)) break;
    if (started == 0) {
        pthread_cond_destroy(&pl.space);
        pthread_cond_destroy(&pl.work);
        pthread_mutex_destroy(&pl.out_mu);
        pthread_mutex_destroy(&pl.mu);
        pool_free(&pl);
        return -1;
    }
    read_all(files, nfiles, o, kb, &pl, prog);
    pthread_mutex_lock(&pl.mu);
    pl.eof = 1;
    pthread_cond_broadcast(&pl.work);
    pthread_mutex_unlock(&pl.mu);
    for (int i = 0; i < started; i++) pthread_join(th[i], NULL);
    pthread_cond_destroy(&pl.space);
    pthread_cond_destroy(&pl.work);
    pthread_mutex_destroy(&pl.out_mu);
    pthread_mutex_destroy(&pl.mu);
    pool_free(&pl);
    return 0;
}

/* Reads -j's value: 0 (all cores) .. MAX_JOBS; -1 when it is not one. */
static int parse_jobs(const char *s) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0 || v > MAX_JOBS) return -1;
    if (v == 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        v = c < 1 ? 1 : c > MAX_JOBS ? MAX_JOBS : c;
    }
    return (int)v;
}

static int run(int argc, char **argv) {
    options o = {MARSAD_RECORD_JSON, MARSAD_INPUT_AUTO, NULL, NULL, 1, 1};
    int pretty = 0, nfiles = 0, want_progress = -1;
    const char *kb_dir = NULL, *kb_file = NULL, *out = NULL;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    if (!files) return CLI_SOME_FAILED;
#define NEED()                                                                           \
    do {                                                                                 \
        if (i + 1 >= argc) {                                                             \
            free((void *)files);                                                         \
            return cli_usage_error("extract", "%s needs a value", a);                    \
        }                                                                                \
    } while (0)
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--pretty")) pretty = 1;
        else if (!strcmp(a, "--format")) {
            NEED();
            const char *f = argv[++i];
            size_t k = 0;
            while (k < N_OUT_FORMATS && strcmp(f, out_formats[k].name) != 0) k++;
            if (k == N_OUT_FORMATS) {
                char names[256] = "";
                for (size_t j = 0; j < N_OUT_FORMATS; j++) {
                    size_t n = strlen(names);
                    snprintf(names + n, sizeof names - n, "%s%s",
                             j == 0                  ? ""
                             : j + 1 == N_OUT_FORMATS ? " or "
                                                      : ", ",
                             out_formats[j].name);
                }
                free((void *)files);
                return cli_usage_error("extract", "unknown format '%s' (%s)", f, names);
            }
            o.fmt = out_formats[k].fmt;
        } else if (!strcmp(a, "--input")) {
            NEED();
            const char *f = argv[++i];
            if (!strcmp(f, "auto")) o.input = MARSAD_INPUT_AUTO;
            else if (!strcmp(f, "text")) o.input = MARSAD_INPUT_TEXT;
            else if (!strcmp(f, "jsonl")) o.input = MARSAD_INPUT_JSONL;
            else {
                free((void *)files);
                return cli_usage_error("extract", "unknown input '%s' (auto, text or jsonl)", f);
            }
        } else if (!strcmp(a, "--published")) {
            NEED();
            o.published = argv[++i];
            int y, m, d;
            if (sscanf(o.published, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 ||
                d < 1 || d > 31) {
                free((void *)files);
                return cli_usage_error("extract", "--published needs a date YYYY-MM-DD, not '%s'",
                                       o.published);
            }
        } else if (!strcmp(a, "--outlet")) {
            NEED();
            o.outlet = argv[++i];
        } else if (!strcmp(a, "-o")) {
            NEED();
            out = argv[++i];
        } else if (!strcmp(a, "--kb")) {
            NEED();
            kb_file = argv[++i];
        } else if (!strcmp(a, "--kb-dir")) {
            NEED();
            kb_dir = argv[++i];
        } else if (!strcmp(a, "-j") || !strcmp(a, "--jobs") || !strncmp(a, "-j", 2)) {
            const char *v;
            if (a[1] == 'j' && a[2]) {
                v = a + 2;
            } else {
                NEED();
                v = argv[++i];
            }
            o.jobs = parse_jobs(v);
            if (o.jobs < 0) {
                free((void *)files);
                return cli_usage_error("extract", "-j needs a number of threads 0..%d, not '%s'",
                                       MAX_JOBS, v);
            }
        } else if (!strcmp(a, "--unordered")) {
            o.ordered = 0;
        } else if (!strcmp(a, "--progress")) {
            want_progress = 1;
        } else if (!strcmp(a, "--no-progress")) {
            want_progress = 0;
        } else if (a[0] == '-' && a[1] != '\0') {
            free((void *)files);
            return cli_usage_error("extract", "unknown option '%s'", a);
        } else {
            files[nfiles++] = a;
        }
    }
#undef NEED
    if (nfiles == 0) files[nfiles++] = "-";
    if (out && !freopen(out, "w", stdout)) {
        fprintf(stderr, "marsad: %s: cannot write\n", out);
        free((void *)files);
        return CLI_SOME_FAILED;
    }
    marsad_kb *kb = cli_load_kb_any(kb_file, kb_dir);
    if (!kb) {
        free((void *)files);
        return CLI_SOME_FAILED;
    }
    if (o.fmt == MARSAD_RECORD_JSON && pretty) o.fmt = MARSAD_RECORD_PRETTY;

    progress prog;
    memset(&prog, 0, sizeof prog);
    prog.on = want_progress >= 0 ? want_progress : isatty(STDERR_FILENO);
    pthread_mutex_init(&prog.mu, NULL);
    atomic_init(&prog.docs, 0);
    atomic_init(&prog.failed, 0);
    prog.t0 = prog.last = now_seconds();
    stream_sep = marsad_export_separator(o.fmt);
    cli_write(marsad_export_header(o.fmt), strlen(marsad_export_header(o.fmt)));

    if (o.jobs <= 1 || run_pool(files, nfiles, &o, kb, &prog) != 0) {
        if (o.jobs > 1) fprintf(stderr, "marsad: cannot start threads; running on one\n");
        o.jobs = 1;
        read_all(files, nfiles, &o, kb, NULL, &prog);
    }
    cli_write(marsad_export_footer(o.fmt), strlen(marsad_export_footer(o.fmt)));
    progress_summary(&prog, o.jobs);
    pthread_mutex_destroy(&prog.mu);
    marsad_kb_free(kb);
    free((void *)files);
    return atomic_load(&prog.failed) ? CLI_SOME_FAILED : CLI_OK;
}

const cli_command cli_extract = {"extract", "extract events from articles (the main job)", usage,
                                 run};
