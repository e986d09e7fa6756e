/*
 * common.c -- helpers shared by the fuzz targets (fuzz.h): failure reports,
 * a private temp directory, output checks (UTF-8, JSON, spans) and the
 * reader driven from a file or from a pipe in small chunks.
 */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

_Noreturn void fzFail(const char *file, int line, const char *cond, const char *fmt, ...) {
    fprintf(stderr, "\n%s:%d: property violated: %s\n  ", file, line, cond);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

/* ---- the temp directory ---- */

static char temp_dir[PATH_MAX];

static void remove_tree(const char *path, int depth) {
    DIR *d = depth < 4 ? opendir(path) : NULL;
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            char p[PATH_MAX];
            snprintf(p, sizeof p, "%s/%s", path, e->d_name);
            struct stat st;
            if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
                remove_tree(p, depth + 1);
            else
                unlink(p);
        }
        closedir(d);
    }
    rmdir(path);
}

static void remove_temp_dir(void) {
    if (temp_dir[0]) remove_tree(temp_dir, 0);
}

const char *fzTempDir(void) {
    if (!temp_dir[0]) {
        const char *base = getenv("TMPDIR");
        snprintf(temp_dir, sizeof temp_dir, "%s/marsad-fuzz-XXXXXX", base && *base ? base : "/tmp");
        if (!mkdtemp(temp_dir)) {
            fprintf(stderr, "fuzz: cannot make a temp directory %s: %s\n", temp_dir,
                    strerror(errno));
            abort();
        }
        atexit(remove_temp_dir);
    }
    return temp_dir;
}

const char *fzTempPath(const char *name) {
    static char path[PATH_MAX];
    int n = snprintf(path, sizeof path, "%s/%s", fzTempDir(), name);
    if (n < 0 || (size_t)n >= sizeof path) {
        fprintf(stderr, "fuzz: temp path too long for %s\n", name);
        abort();
    }
    return path;
}

void fzWriteFile(const char *path, const void *data, size_t len) {
    FILE *f = fopen(path, "wb");
    FZ_CHECK(f != NULL, "cannot write %s: %s", path, strerror(errno));
    FZ_CHECK(len == 0 || fwrite(data, 1, len, f) == len, "short write to %s", path);
    FZ_CHECK(fclose(f) == 0, "cannot close %s", path);
}

char *fzReadFile(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    for (size_t k; buf && (k = fread(buf + n, 1, cap - n, f)) > 0;) {
        n += k;
        if (n == cap) {
            char *p = realloc(buf, 2 * cap + 1);
            if (!p) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf) return NULL;
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* ---- output checks ---- */

static void check_json(const char *what, const char *s, size_t len) {
    json_error_t e;
    json_t *j = json_loadb(s, len, JSON_REJECT_DUPLICATES, &e);
    FZ_CHECK(j != NULL, "%s is not valid JSON: %s at line %d column %d: %.*s", what, e.text,
             e.line, e.column, (int)(len < 300 ? len : 300), s);
    json_decref(j);
}

void fzCheckOutput(const char *what, const char *s, size_t len, int json, int lines) {
    FZ_CHECK(s != NULL, "%s: no output", what);
    FZ_CHECK(strlen(s) == len, "%s: length %zu but a NUL at %zu", what, len, strlen(s));
    FZ_CHECK(marsad_utf8_valid(s, len), "%s is not valid UTF-8", what);
    if (!json) return;
    if (!lines) {
        check_json(what, s, len);
        return;
    }
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (s + i)) : len - i;
        FZ_CHECK(n > 0, "%s: an empty line at byte %zu", what, i);
        check_json(what, s + i, n);
        i += n + 1;
    }
}

void fzCheckSpan(const marsad_text *t, const char *what, size_t start, size_t end,
                 const char *text) {
    size_t chars = marsad_text_chars(t);
    FZ_CHECK(start <= end && end <= chars, "%s span [%zu, %zu) outside the text of %zu chars",
             what, start, end, chars);
    size_t b0 = marsad_text_byte_offset(t, start), b1 = marsad_text_byte_offset(t, end);
    FZ_CHECK(b0 <= b1 && b1 <= marsad_text_bytes(t), "%s span bytes [%zu, %zu)", what, b0, b1);
    if (!text) return;
    const char *u = marsad_text_utf8(t);
    FZ_CHECK(strlen(text) == b1 - b0 && memcmp(u + b0, text, b1 - b0) == 0,
             "%s span [%zu, %zu) is '%.*s' but claims '%s'", what, start, end, (int)(b1 - b0),
             u + b0, text);
}

/* ---- the reader ---- */

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static void push_record(fzRecords *rs, const fzRecord *r) {
    fzRecord *p = realloc(rs->r, (rs->n + 1) * sizeof *p);
    FZ_CHECK(p != NULL, "out of memory");
    rs->r = p;
    rs->r[rs->n++] = *r;
}

static fzRecords read_all(marsad_reader *r, size_t budget) {
    fzRecords rs = {NULL, 0};
    for (size_t iter = 0;; iter++) {
        FZ_CHECK(iter <= budget, "the reader loop does not end (%zu calls)", iter);
        marsad_doc_input in;
        marsad_error err;
        memset(&err, 0, sizeof err);
        int rc = marsad_reader_next(r, &in, &err);
        FZ_CHECK(rc >= -1 && rc <= 1, "marsad_reader_next returned %d", rc);
        if (rc == 0) break;
        fzRecord rec;
        memset(&rec, 0, sizeof rec);
        rec.rc = rc;
        if (rc < 0) {
            FZ_CHECK(err.code == MARSAD_ERR_PARSE || err.code == MARSAD_ERR_LIMIT ||
                         err.code == MARSAD_ERR_IO || err.code == MARSAD_ERR_NOMEM,
                     "reader error code %d: %s", (int)err.code, err.msg);
            FZ_CHECK(err.file[0] != '\0', "reader error without a file: %s", err.msg);
            FZ_CHECK(err.msg[0] != '\0', "reader error without a message");
            FZ_CHECK(err.code != MARSAD_ERR_PARSE || err.line > 0,
                     "a malformed record without a line: %s", err.msg);
            rec.code = err.code;
            rec.line = err.line;
        } else {
            FZ_CHECK(in.text != NULL && in.id != NULL, "a record without text or id");
            rec.text = malloc(in.len + 1);
            FZ_CHECK(rec.text != NULL, "out of memory");
            memcpy(rec.text, in.text, in.len);
            rec.text[in.len] = '\0';
            rec.len = in.len;
            rec.id = dup_or_null(in.id);
            rec.published = dup_or_null(in.published);
            rec.outlet = dup_or_null(in.outlet);
            rec.url = dup_or_null(in.url);
            rec.title = dup_or_null(in.title);
        }
        push_record(&rs, &rec);
    }
    size_t ok, failed;
    marsad_reader_stats(r, &ok, &failed, NULL, NULL);
    size_t nok = 0;
    for (size_t i = 0; i < rs.n; i++) nok += rs.r[i].rc == 1;
    FZ_CHECK(ok == nok && failed == rs.n - nok, "stats say %zu + %zu records, the loop saw %zu + %zu",
             ok, failed, nok, rs.n - nok);
    return rs;
}

fzRecords fzReadPath(const char *path, marsad_input_format fmt) {
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_reader *r = marsad_reader_open(path, fmt, &err);
    FZ_CHECK(r != NULL, "cannot open %s: %s", path, err.msg);
    struct stat st;
    size_t size = stat(path, &st) == 0 ? (size_t)st.st_size : 0;
    fzRecords rs = read_all(r, 2 * size + 16);
    marsad_reader_close(r);
    return rs;
}

typedef struct feeder {
    const unsigned char *data;
    size_t len, chunk, nchunks;
    int wfd, rfd;
    atomic_int stop;
} feeder;

/* Writes one chunk, then waits until the reader has taken all of it, so
 * that each read() returns exactly one chunk. */
static void *feed(void *arg) {
    feeder *f = arg;
    size_t pos = 0;
    for (size_t k = 0; pos < f->len && !atomic_load(&f->stop); k++) {
        size_t n = k < f->nchunks ? f->chunk : f->len - pos;
        if (n > f->len - pos) n = f->len - pos;
        for (size_t w = 0; w < n;) {
            ssize_t m = write(f->wfd, f->data + pos + w, n - w);
            if (m < 0 && errno == EINTR) continue;
            if (m <= 0) goto done; /* the reader is gone */
            w += (size_t)m;
        }
        pos += n;
        while (!atomic_load(&f->stop)) {
            int q = 0;
            if (ioctl(f->rfd, FIONREAD, &q) < 0 || q == 0) break;
            sched_yield();
        }
    }
done:
    close(f->wfd);
    return NULL;
}

fzRecords fzReadChunked(const void *data, size_t len, marsad_input_format fmt, size_t chunk,
                        size_t nchunks, int as_stdin) {
    static int sigpipe_ignored;
    if (!sigpipe_ignored) {
        signal(SIGPIPE, SIG_IGN);
        sigpipe_ignored = 1;
    }
    int p[2];
    FZ_CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
    if (chunk == 0) chunk = 1;
    if (chunk > PIPE_BUF) chunk = PIPE_BUF;
    feeder f = {data, len, chunk, nchunks, p[1], p[0], 0};
    int saved = -1;
    char path[64];
    if (as_stdin) {
        saved = dup(0);
        FZ_CHECK(saved >= 0 && dup2(p[0], 0) == 0, "cannot make the pipe standard input");
        snprintf(path, sizeof path, "-");
    } else {
        snprintf(path, sizeof path, "/proc/self/fd/%d", p[0]);
    }
    pthread_t th;
    FZ_CHECK(pthread_create(&th, NULL, feed, &f) == 0, "pthread_create");
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_reader *r = marsad_reader_open(path, fmt, &err);
    FZ_CHECK(r != NULL, "cannot open the pipe %s: %s", path, err.msg);
    fzRecords rs = read_all(r, 2 * len + 16);
    marsad_reader_close(r);
    atomic_store(&f.stop, 1);
    if (as_stdin) {
        dup2(saved, 0);
        close(saved);
    }
    close(p[0]); /* a writer still blocked in write() now gets EPIPE */
    pthread_join(th, NULL);
    return rs;
}

void fzRecordsFree(fzRecords *rs) {
    for (size_t i = 0; i < rs->n; i++) {
        fzRecord *r = &rs->r[i];
        free(r->id);
        free(r->text);
        free(r->published);
        free(r->outlet);
        free(r->url);
        free(r->title);
    }
    free(rs->r);
    rs->r = NULL;
    rs->n = 0;
}

static int same_str(const char *a, const char *b) {
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

void fzRecordsSame(const char *what, const fzRecords *a, const fzRecords *b, int ids) {
    FZ_CHECK(a->n == b->n, "%s: %zu records one way, %zu the other", what, a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        const fzRecord *x = &a->r[i], *y = &b->r[i];
        FZ_CHECK(x->rc == y->rc, "%s: record %zu is %d one way, %d the other", what, i, x->rc,
                 y->rc);
        if (x->rc < 0) {
            FZ_CHECK(x->code == y->code && x->line == y->line,
                     "%s: record %zu fails with %d at line %zu one way, %d at line %zu the other",
                     what, i, (int)x->code, x->line, (int)y->code, y->line);
            continue;
        }
        FZ_CHECK(x->len == y->len && memcmp(x->text, y->text, x->len) == 0,
                 "%s: record %zu has different text (%zu and %zu bytes)", what, i, x->len, y->len);
        FZ_CHECK(same_str(x->published, y->published) && same_str(x->outlet, y->outlet) &&
                     same_str(x->url, y->url) && same_str(x->title, y->title),
                 "%s: record %zu has different fields", what, i);
        FZ_CHECK(!ids || same_str(x->id, y->id), "%s: record %zu has ids %s and %s", what, i,
                 x->id, y->id);
    }
}
