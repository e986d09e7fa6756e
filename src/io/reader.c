/* reader.c -- the input reader behind `marsad extract`: streams articles from
 * files, directory trees or standard input, plain or gzip'd, as plain-text
 * documents or JSON Lines records, in bounded memory, skipping bad records. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <zlib.h>

#include "../util/util.h"
#include "reader.h"

/* A line is scanned in CHUNK-byte pieces; gzip input is inflated from a
 * ZCHUNK-byte buffer.  The binary-file test looks at the first SNIFF bytes. */
enum { CHUNK = 1 << 16, ZCHUNK = 1 << 16, SNIFF = 8192, MAX_DEPTH = 256 };
/* Buffers grown past this by one large record are freed afterwards, so a
 * single 60 MB article does not pin 60 MB for the rest of the run. */
#define KEEP_BYTES ((size_t)4 << 20)

typedef enum { SRC_UNKNOWN = 0, SRC_PLAIN, SRC_GZIP, SRC_GZIP_DONE } srcMode;

/* One directory of the walk: its entries, sorted, and the next to visit. */
typedef struct walkDir {
    char *path;
    char **names;
    size_t n, next;
} walkDir;

struct marsad_reader {
    marsad_input_format fmt; /* as asked */
    size_t limit;            /* largest line / text document */
    int done;

    /* the directory walk (empty for a single file or stdin) */
    walkDir *stack;
    size_t depth, stack_cap;

    /* the current file */
    int open;
    int is_stdin;
    char *path; /* for errors and ids; "<stdin>" for standard input */
    int fd;
    int regular;
    long long fsize;
    marsad_input_format cur_fmt; /* TEXT or JSONL; AUTO: stdin, not sniffed yet */
    int primed;                  /* the first chunk has been read and checked */
    size_t lineno;

    /* the byte source: plain or inflated */
    srcMode mode;
    z_stream zs;
    int zinit;
    const char *zerr; /* a gzip error to report once the output before it is used */
    int in_eof;
    size_t in_pos, in_len; /* plain mode: sniffed bytes not yet served */

    /* the chunk being scanned for lines */
    size_t pos, len;
    int eof;

    /* a line that spans chunks */
    char *line;
    size_t line_cap;

    /* a plain-text document */
    char *text;
    size_t text_cap; /* usable bytes; one more is allocated for the NUL */

    /* the record last returned (JSON Lines), or its sidecar (plain text) */
    json_t *json;
    char *id;
    size_t id_cap;

    size_t records, failed;
    uint64_t bytes, total;

    unsigned char buf[CHUNK];
    unsigned char zin[ZCHUNK];
};

/* ---- errors ---- */

#if defined(__GNUC__)
__attribute__((format(printf, 6, 7)))
#endif
static void rerr(marsad_error *err, marsad_status code, const char *file, size_t line, size_t pos,
                 const char *fmt, ...) {
    if (!err) return;
    err->code = code;
    err->line = line;
    err->pos = pos;
    size_t fl = file ? strlen(file) : 0;
    if (fl < sizeof err->file)
        memcpy(err->file, file ? file : "", fl + 1);
    else /* keep the end of a long path: the file name matters most */
        snprintf(err->file, sizeof err->file, "...%s", file + fl - (sizeof err->file - 4));
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    marsadUtf8Clean(err->msg); /* jansson's excerpts cut characters */
}

/* ---- names ---- */

static int endsWith(const char *s, size_t n, const char *suffix) {
    size_t k = strlen(suffix);
    return n >= k && strncasecmp(s + n - k, suffix, k) == 0;
}

static const char *baseName(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static marsad_input_format formatByName(const char *path) {
    const char *b = baseName(path);
    size_t n = strlen(b);
    if (endsWith(b, n, ".json.gz")) return MARSAD_INPUT_JSONL;
    if (endsWith(b, n, ".gz")) n -= 3;
    if (endsWith(b, n, ".jsonl") || endsWith(b, n, ".ndjson")) return MARSAD_INPUT_JSONL;
    return MARSAD_INPUT_TEXT;
}

static int setId(marsad_reader *r, const char *s, size_t n) {
    if (n + 1 > r->id_cap) {
        size_t cap = n + 64;
        char *p = realloc(r->id, cap);
        if (!p) return -1;
        r->id = p;
        r->id_cap = cap;
    }
    memcpy(r->id, s, n);
    r->id[n] = '\0';
    return 0;
}

/* The file name without directory, ".gz" and then one more extension;
 * "2015.07.21.txt.gz" -> "2015.07.21". */
static int textId(marsad_reader *r) {
    if (r->is_stdin) return setId(r, "stdin", 5);
    const char *b = baseName(r->path);
    size_t n = strlen(b);
    if (n > 3 && endsWith(b, n, ".gz")) n -= 3;
    for (size_t i = n; i > 1; i--)
        if (b[i - 1] == '.') {
            n = i - 1;
            break;
        }
    return setId(r, b, n);
}

/* NAME.meta.json beside NAME.txt holds the article's metadata (as
 * ../shared/seed has it): it is not an article itself. */
static int isSidecar(const char *name) { return endsWith(name, strlen(name), ".meta.json"); }

/* "a" + "/" + "b", without doubling a trailing slash.  NULL when out of memory. */
static char *joinPath(const char *dir, const char *name) {
    size_t dl = strlen(dir), nl = strlen(name);
    while (dl > 1 && dir[dl - 1] == '/') dl--;
    char *p = malloc(dl + nl + 2);
    if (!p) return NULL;
    memcpy(p, dir, dl);
    size_t k = dl;
    if (!(dl == 1 && dir[0] == '/')) p[k++] = '/';
    memcpy(p + k, name, nl + 1);
    return p;
}

/* ---- reading bytes ---- */

static ssize_t readFd(int fd, void *buf, size_t n) {
    for (;;) {
        ssize_t k = read(fd, buf, n);
        if (k >= 0 || errno != EINTR) return k;
    }
}

/* Where a read error is: the line being read in JSON Lines, else the
 * whole file (0). */
static size_t curLine(const marsad_reader *r) {
    return r->cur_fmt == MARSAD_INPUT_JSONL ? r->lineno + 1 : 0;
}

/* Reads the first bytes of the current file to tell gzip from plain input. */
static int srcSniff(marsad_reader *r, marsad_error *err) {
    while (r->in_len < 2 && !r->in_eof) {
        ssize_t k = readFd(r->fd, r->zin + r->in_len, ZCHUNK - r->in_len);
        if (k < 0) {
            rerr(err, MARSAD_ERR_IO, r->path, 0, 0, "read error: %s", strerror(errno));
            return -1;
        }
        if (k == 0)
            r->in_eof = 1;
        else
            r->in_len += (size_t)k;
    }
    if (r->in_len >= 2 && r->zin[0] == 0x1f && r->zin[1] == 0x8b) {
        memset(&r->zs, 0, sizeof r->zs);
        if (inflateInit2(&r->zs, 16 + MAX_WBITS) != Z_OK) {
            rerr(err, MARSAD_ERR_NOMEM, r->path, 0, 0, "out of memory");
            return -1;
        }
        r->zinit = 1;
        r->zs.next_in = r->zin;
        r->zs.avail_in = (uInt)r->in_len;
        r->mode = SRC_GZIP;
    } else {
        r->mode = SRC_PLAIN;
        r->in_pos = 0;
    }
    return 0;
}

/* Fetches more input when the inflater has consumed all it had. */
static int zfill(marsad_reader *r, marsad_error *err) {
    if (r->zs.avail_in > 0 || r->in_eof) return 0;
    ssize_t k = readFd(r->fd, r->zin, ZCHUNK);
    if (k < 0) {
        rerr(err, MARSAD_ERR_IO, r->path, curLine(r), 0, "read error: %s", strerror(errno));
        return -1;
    }
    if (k == 0) r->in_eof = 1;
    r->zs.next_in = r->zin;
    r->zs.avail_in = (uInt)k;
    return 0;
}

/* Reads up to `cap` bytes of (decompressed) input into `out`, returning as
 * soon as any are available; *got == 0 at the end.  -1 on a read error or
 * a corrupt or truncated gzip stream. */
static int srcRead(marsad_reader *r, unsigned char *out, size_t cap, size_t *got,
                   marsad_error *err) {
    *got = 0;
    if (cap > ((size_t)1 << 30)) cap = (size_t)1 << 30;
    if (r->mode == SRC_UNKNOWN && srcSniff(r, err) < 0) return -1;
    if (r->mode == SRC_PLAIN) {
        if (r->in_pos < r->in_len) {
            size_t n = r->in_len - r->in_pos;
            if (n > cap) n = cap;
            memcpy(out, r->zin + r->in_pos, n);
            r->in_pos += n;
            *got = n;
        } else if (!r->in_eof) {
            ssize_t k = readFd(r->fd, out, cap);
            if (k < 0) {
                rerr(err, MARSAD_ERR_IO, r->path, curLine(r), 0, "read error: %s",
                     strerror(errno));
                return -1;
            }
            if (k == 0) r->in_eof = 1;
            *got = (size_t)k;
        }
        r->bytes += *got;
        return 0;
    }
    if (r->mode == SRC_GZIP_DONE) return 0;
    if (r->zerr) {
        rerr(err, MARSAD_ERR_IO, r->path, curLine(r), 0,
             "corrupt gzip stream (%s); the rest of the file is skipped", r->zerr);
        return -1;
    }
    z_stream *zs = &r->zs;
    zs->next_out = out;
    zs->avail_out = (uInt)cap;
    while (zs->avail_out == cap) {
        if (zfill(r, err) < 0) return -1;
        if (zs->avail_in == 0) {
            rerr(err, MARSAD_ERR_IO, r->path, curLine(r), 0,
                 "truncated gzip stream (unexpected end of file); the rest of the file is lost");
            return -1;
        }
        int ret = inflate(zs, Z_NO_FLUSH);
        if (ret == Z_STREAM_END) {
            /* Another gzip member may follow (concatenated .gz files);
             * anything else after a member is ignored, as gzip -d does. */
            if (zfill(r, err) < 0) return -1;
            if (zs->avail_in > 0 && zs->next_in[0] == 0x1f) {
                inflateReset(zs);
            } else {
                r->mode = SRC_GZIP_DONE;
                break;
            }
        } else if (ret == Z_BUF_ERROR && zs->avail_in == 0) {
            continue; /* needs more input */
        } else if (ret != Z_OK) {
            /* zlib's messages are static strings */
            r->zerr = zs->msg ? zs->msg : "inflate failed";
            if (zs->avail_out < cap) break; /* first hand over what came before */
            rerr(err, MARSAD_ERR_IO, r->path, curLine(r), 0,
                 "corrupt gzip stream (%s); the rest of the file is skipped", r->zerr);
            return -1;
        }
    }
    *got = cap - zs->avail_out;
    r->bytes += *got;
    return 0;
}

/* ---- files ---- */

static void closeFile(marsad_reader *r) {
    if (!r->open) return;
    if (r->zinit) inflateEnd(&r->zs);
    r->zinit = 0;
    if (r->fd >= 0 && !r->is_stdin) close(r->fd);
    r->fd = -1;
    r->open = 0;
}

/* Makes `path` (owned from now on) the current file.  -1 with err filled
 * when it cannot be opened. */
static int openFile(marsad_reader *r, char *path, int is_stdin, marsad_error *err) {
    closeFile(r);
    free(r->path);
    r->path = path;
    r->is_stdin = is_stdin;
    r->fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (r->fd < 0) {
        rerr(err, MARSAD_ERR_IO, path, 0, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    r->regular = fstat(r->fd, &st) == 0 && S_ISREG(st.st_mode);
    r->fsize = r->regular ? (long long)st.st_size : 0;
    if (!r->regular && fstat(r->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        rerr(err, MARSAD_ERR_IO, path, 0, 0, "cannot read: Is a directory");
        if (!is_stdin) close(r->fd);
        r->fd = -1;
        return -1;
    }
    r->open = 1;
    r->cur_fmt = r->fmt != MARSAD_INPUT_AUTO ? r->fmt
                 : is_stdin                  ? MARSAD_INPUT_AUTO
                                             : formatByName(path);
    r->primed = 0;
    r->lineno = 0;
    r->mode = SRC_UNKNOWN;
    r->zerr = NULL;
    r->in_eof = 0;
    r->in_pos = r->in_len = 0;
    r->pos = r->len = 0;
    r->eof = 0;
    return 0;
}

/* Bytes of `fd` once decompressed, estimated for gzip from its trailer (the
 * size modulo 4 GiB; text compresses at least 2:1, which tells how many
 * times 4 GiB to add). */
static uint64_t estimateSize(int fd, long long size) {
    unsigned char m[4];
    if (size < 18 || pread(fd, m, 2, 0) != 2 || m[0] != 0x1f || m[1] != 0x8b)
        return (uint64_t)size;
    if (pread(fd, m, 4, (off_t)(size - 4)) != 4) return (uint64_t)size;
    uint64_t est = (uint64_t)m[0] | (uint64_t)m[1] << 8 | (uint64_t)m[2] << 16 |
                   (uint64_t)m[3] << 24;
    /* deflate expands at most ~1032:1, so below 4 MiB no wrap is possible */
    while (size >= (4LL << 20) && est < (uint64_t)size / 2) est += (uint64_t)1 << 32;
    return est;
}

static uint64_t treeSize(const char *dir, int depth) {
    if (depth > MAX_DEPTH) return 0;
    DIR *d = opendir(dir);
    if (!d) return 0;
    uint64_t sum = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || isSidecar(e->d_name)) continue;
        char *p = joinPath(dir, e->d_name);
        if (!p) break;
        struct stat st;
        if (lstat(p, &st) == 0) {
            if (S_ISLNK(st.st_mode) && stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
                /* symbolic links to directories are not followed */
            } else if (S_ISDIR(st.st_mode)) {
                sum += treeSize(p, depth + 1);
            } else if (S_ISREG(st.st_mode)) {
                size_t n = strlen(p);
                int fd = endsWith(p, n, ".gz") ? open(p, O_RDONLY | O_CLOEXEC) : -1;
                sum += fd >= 0 ? estimateSize(fd, (long long)st.st_size) : (uint64_t)st.st_size;
                if (fd >= 0) close(fd);
            }
        }
        free(p);
    }
    closedir(d);
    return sum;
}

/* ---- the directory walk ---- */

static int cmpNames(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walkPop(marsad_reader *r) {
    walkDir *d = &r->stack[--r->depth];
    for (size_t i = 0; i < d->n; i++) free(d->names[i]);
    free(d->names);
    free(d->path);
}

/* Reads and sorts the entries of `path` (owned from now on) and pushes it. */
static int walkPush(marsad_reader *r, char *path, marsad_error *err) {
    if (r->depth >= MAX_DEPTH) {
        rerr(err, MARSAD_ERR_LIMIT, path, 0, 0, "directories nested deeper than %d; skipped",
             MAX_DEPTH);
        free(path);
        return -1;
    }
    if (r->depth == r->stack_cap) {
        size_t cap = r->stack_cap ? 2 * r->stack_cap : 8;
        walkDir *s = realloc(r->stack, cap * sizeof *s);
        if (!s) goto nomem_path;
        r->stack = s;
        r->stack_cap = cap;
    }
    DIR *dir = opendir(path);
    if (!dir) {
        rerr(err, MARSAD_ERR_IO, path, 0, 0, "cannot open directory: %s", strerror(errno));
        free(path);
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.' || isSidecar(e->d_name)) continue;
        if (n == cap) {
            size_t c2 = cap ? 2 * cap : 16;
            char **p = realloc(names, c2 * sizeof *p);
            if (!p) goto nomem_names;
            names = p;
            cap = c2;
        }
        if (!(names[n] = strdup(e->d_name))) goto nomem_names;
        n++;
        errno = 0;
    }
    if (errno != 0) {
        rerr(err, MARSAD_ERR_IO, path, 0, 0, "cannot read directory: %s", strerror(errno));
        closedir(dir);
        for (size_t i = 0; i < n; i++) free(names[i]);
        free(names);
        free(path);
        return -1;
    }
    closedir(dir);
    if (n > 1) qsort(names, n, sizeof *names, cmpNames);
    r->stack[r->depth++] = (walkDir){path, names, n, 0};
    return 0;

nomem_names:
    closedir(dir);
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
nomem_path:
    rerr(err, MARSAD_ERR_NOMEM, path, 0, 0, "out of memory");
    free(path);
    return -1;
}

/* Opens the next regular file of the walk: 1, 0 at the end, -1 for an
 * entry that cannot be read (err filled; the walk goes on at the next). */
static int walkNext(marsad_reader *r, marsad_error *err) {
    while (r->depth > 0) {
        walkDir *d = &r->stack[r->depth - 1];
        if (d->next == d->n) {
            walkPop(r);
            continue;
        }
        char *name = d->names[d->next];
        d->names[d->next++] = NULL;
        char *path = joinPath(d->path, name);
        free(name);
        if (!path) {
            rerr(err, MARSAD_ERR_NOMEM, d->path, 0, 0, "out of memory");
            return -1;
        }
        struct stat st;
        if (lstat(path, &st) != 0) {
            rerr(err, MARSAD_ERR_IO, path, 0, 0, "cannot read: %s", strerror(errno));
            free(path);
            return -1;
        }
        if (S_ISLNK(st.st_mode)) {
            if (stat(path, &st) != 0) {
                rerr(err, MARSAD_ERR_IO, path, 0, 0, "broken symbolic link: %s", strerror(errno));
                free(path);
                return -1;
            }
            if (S_ISDIR(st.st_mode)) { /* not followed: it could loop */
                free(path);
                continue;
            }
        }
        if (S_ISDIR(st.st_mode)) {
            if (walkPush(r, path, err) < 0) return -1;
            continue;
        }
        if (!S_ISREG(st.st_mode)) { /* FIFOs, sockets, devices */
            free(path);
            continue;
        }
        return openFile(r, path, 0, err) < 0 ? -1 : 1;
    }
    return 0;
}

/* ---- the first chunk: format sniffing, BOM, binary test ---- */

/* Counts bytes of s[0..n) that are not part of a valid UTF-8 sequence; a
 * sequence cut by the end of the window is not counted. */
static size_t invalidUtf8(const unsigned char *s, size_t n) {
    size_t bad = 0, i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t k;
        unsigned lo = 0x80, hi = 0xBF;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            k = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            k = 2;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            k = 3;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else {
            bad++;
            i++;
            continue;
        }
        size_t j = 1;
        for (; j <= k && i + j < n; j++) {
            unsigned t = s[i + j];
            if (t < (j == 1 ? lo : 0x80) || t > (j == 1 ? hi : 0xBF)) break;
        }
        if (j > k) {
            i += k + 1;
        } else if (i + j == n) {
            break; /* cut by the window */
        } else {
            bad++;
            i++;
        }
    }
    return bad;
}

static int prime(marsad_reader *r, marsad_error *err) {
    r->primed = 1;
    /* Decide on the first SNIFF bytes however they arrive: a pipe or a
     * socket may hand them over a few at a time.  A read error after some
     * bytes is left for the next read, once these have been used. */
    size_t got = 0;
    while (got < SNIFF) {
        size_t k;
        marsad_error later;
        if (srcRead(r, r->buf + got, CHUNK - got, &k, got ? &later : err) < 0) {
            if (got == 0) return -1;
            break;
        }
        if (k == 0) break;
        got += k;
    }
    r->pos = 0;
    r->len = got;
    if (got == 0) r->eof = 1;
    size_t bom = got >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (r->cur_fmt == MARSAD_INPUT_AUTO) { /* stdin: JSON Lines if it opens with '{' */
        size_t i = bom;
        while (i < got && (r->buf[i] == ' ' || r->buf[i] == '\t' || r->buf[i] == '\r' ||
                           r->buf[i] == '\n'))
            i++;
        r->cur_fmt = i == got || r->buf[i] == '{' ? MARSAD_INPUT_JSONL : MARSAD_INPUT_TEXT;
    }
    size_t n = got < SNIFF ? got : SNIFF;
    const unsigned char *nul = memchr(r->buf, 0, n);
    if (nul) {
        rerr(err, MARSAD_ERR_IO, r->path, 0, (size_t)(nul - r->buf),
             "binary file (a NUL byte at offset %zu); skipped", (size_t)(nul - r->buf));
        return -1;
    }
    size_t bad = invalidUtf8(r->buf, n);
    if (bad * 10 > n * 3) {
        rerr(err, MARSAD_ERR_IO, r->path, 0, 0,
             "binary file (%zu of the first %zu bytes are not UTF-8: binary data, or text in "
             "a legacy encoding such as Windows-1256); skipped",
             bad, n);
        return -1;
    }
    if (r->cur_fmt == MARSAD_INPUT_JSONL) r->pos = bom;
    return 0;
}

/* ---- plain-text documents ---- */

static int growText(marsad_reader *r, size_t want) {
    if (want <= r->text_cap && r->text) return 0;
    char *p = realloc(r->text, want + 1);
    if (!p) return -1;
    r->text = p;
    r->text_cap = want;
    return 0;
}

/* Fills the fields of a plain-text document from its sidecar NAME.meta.json
 * (published, outlet, title, url, id: non-empty strings), when there is
 * one.  A sidecar that is not a small JSON object is ignored: the article
 * itself is still good. */
static void readSidecar(marsad_reader *r, marsad_doc_input *doc) {
    if (r->is_stdin) return;
    const char *b = baseName(r->path);
    size_t dl = (size_t)(b - r->path), il = strlen(r->id);
    char *p = malloc(dl + il + sizeof ".meta.json");
    if (!p) return;
    memcpy(p, r->path, dl);
    memcpy(p + dl, r->id, il);
    memcpy(p + dl + il, ".meta.json", sizeof ".meta.json");
    struct stat st;
    json_t *j = NULL;
    if (strcmp(p, r->path) != 0 && stat(p, &st) == 0 && S_ISREG(st.st_mode) &&
        st.st_size <= (1 << 20)) {
        json_error_t je;
        j = json_load_file(p, 0, &je);
    }
    free(p);
    if (!j) return;
    if (!json_is_object(j)) {
        json_decref(j);
        return;
    }
    static const char *const names[] = {"published", "outlet", "title", "url", "id"};
    const char **dest[] = {&doc->published, &doc->outlet, &doc->title, &doc->url, &doc->id};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        const json_t *v = json_object_get(j, names[i]);
        if (v && json_is_string(v) && json_string_length(v) > 0) *dest[i] = json_string_value(v);
    }
    r->json = j;
}

static int readText(marsad_reader *r, marsad_doc_input *doc, marsad_error *err) {
    size_t limit = r->limit;
    if (r->mode == SRC_PLAIN && r->regular && (unsigned long long)r->fsize > limit) {
        rerr(err, MARSAD_ERR_LIMIT, r->path, 0, 0,
             "document of %lld bytes is over the limit of %zu bytes (MARSAD_MAX_DOC_BYTES); "
             "skipped",
             r->fsize, limit);
        return -1;
    }
    size_t have = r->len - r->pos;
    if (have > limit) goto over;
    size_t want = r->mode == SRC_PLAIN && r->regular ? (size_t)r->fsize + 1 : 4 * (size_t)CHUNK;
    if (want < have + 1) want = have + 1;
    if (want > limit + 1) want = limit + 1;
    if (growText(r, want) < 0) goto nomem;
    memcpy(r->text, r->buf + r->pos, have);
    r->pos = r->len;
    size_t tlen = have;
    while (!r->eof && tlen <= limit) {
        if (tlen == r->text_cap) {
            size_t cap = r->text_cap * 2;
            if (cap > limit + 1) cap = limit + 1;
            if (growText(r, cap) < 0) goto nomem;
        }
        size_t got;
        if (srcRead(r, (unsigned char *)r->text + tlen, r->text_cap - tlen, &got, err) < 0)
            return -1;
        if (got == 0) r->eof = 1;
        tlen += got;
    }
    if (tlen > limit) goto over;
    r->text[tlen] = '\0';
    if (textId(r) < 0) goto nomem;
    memset(doc, 0, sizeof *doc);
    doc->id = r->id;
    doc->text = r->text;
    doc->len = tlen;
    readSidecar(r, doc);
    return 1;
over:
    rerr(err, MARSAD_ERR_LIMIT, r->path, 0, 0,
         "document over the limit of %zu bytes (MARSAD_MAX_DOC_BYTES); skipped", limit);
    return -1;
nomem:
    rerr(err, MARSAD_ERR_NOMEM, r->path, 0, 0, "out of memory");
    return -1;
}

/* ---- JSON Lines ---- */

/* The next line of the current file, without its '\n': 1 with *out and *n
 * set, 0 at the end of the file, -1 for a line over the limit (skipped
 * to its end without being stored) or a read error (r->eof set). */
static int nextLine(marsad_reader *r, const char **out, size_t *n, marsad_error *err) {
    size_t ll = 0;
    int over = 0; /* 1: over the limit, 2: out of memory */
    int any = 0;
    for (;;) {
        if (r->pos == r->len) {
            if (!r->eof) {
                size_t got;
                if (srcRead(r, r->buf, CHUNK, &got, err) < 0) {
                    r->eof = 1;
                    return -1;
                }
                r->pos = 0;
                r->len = got;
                if (got == 0) r->eof = 1;
                continue;
            }
            if (!any) return 0;
            r->lineno++; /* a last line without '\n' */
            break;
        }
        any = 1;
        const unsigned char *s = r->buf + r->pos;
        size_t avail = r->len - r->pos;
        const unsigned char *nl = memchr(s, '\n', avail);
        size_t seg = nl ? (size_t)(nl - s) : avail;
        r->pos += seg + (nl != NULL);
        if (!over) {
            if (seg > r->limit - ll) {
                over = 1;
            } else if (nl && ll == 0) { /* the whole line is in the chunk */
                r->lineno++;
                *out = (const char *)s;
                *n = seg;
                return 1;
            } else {
                if (ll + seg > r->line_cap) {
                    size_t cap = r->line_cap ? r->line_cap : CHUNK;
                    while (cap < ll + seg) cap *= 2;
                    char *p = realloc(r->line, cap);
                    if (!p) {
                        over = 2;
                    } else {
                        r->line = p;
                        r->line_cap = cap;
                    }
                }
                if (!over) {
                    memcpy(r->line + ll, s, seg);
                    ll += seg;
                }
            }
        }
        if (nl) {
            r->lineno++;
            break;
        }
    }
    if (over == 1) {
        rerr(err, MARSAD_ERR_LIMIT, r->path, r->lineno, 0,
             "line over the limit of %zu bytes (MARSAD_MAX_DOC_BYTES); skipped", r->limit);
        return -1;
    }
    if (over == 2) {
        rerr(err, MARSAD_ERR_NOMEM, r->path, r->lineno, 0, "out of memory; line skipped");
        return -1;
    }
    *out = r->line;
    *n = ll;
    return 1;
}

static const char *typeName(const json_t *v) {
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    }
    return "a value";
}

/* A number id as it was most likely written: integers exactly, reals in
 * the fewest digits that read back. */
static int numberId(marsad_reader *r, const json_t *v) {
    char tmp[64];
    if (json_is_integer(v)) {
        snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    } else {
        double x = json_real_value(v);
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(tmp, sizeof tmp, "%.*g", prec, x);
            if (strtod(tmp, NULL) == x) break;
        }
    }
    return setId(r, tmp, strlen(tmp));
}

static int parseRecord(marsad_reader *r, const char *line, size_t len, marsad_doc_input *doc,
                       marsad_error *err) {
    json_error_t je;
    json_t *o = json_loadb(line, len, JSON_ALLOW_NUL, &je);
    if (!o && json_error_code(&je) == json_error_invalid_utf8) {
        /* Broken encodings are common in scraped news; the text stage
         * repairs them the same way, so repair rather than lose the record. */
        size_t rl;
        char *fixed = marsad_utf8_repair(line, len, &rl, NULL);
        if (fixed) {
            o = json_loadb(fixed, rl, JSON_ALLOW_NUL, &je);
            free(fixed);
        }
    }
    if (!o && json_error_code(&je) == json_error_stack_overflow) {
        rerr(err, MARSAD_ERR_LIMIT, r->path, r->lineno, (size_t)(je.position > 0 ? je.position : 0),
             "JSON nested deeper than the limit MARSAD_MAX_JSON_DEPTH (%d); skipped",
             MARSAD_MAX_JSON_DEPTH);
        return -1;
    }
    if (!o) {
        rerr(err, MARSAD_ERR_PARSE, r->path, r->lineno, (size_t)(je.position > 0 ? je.position : 0),
             "malformed JSON: %s", je.text);
        return -1;
    }
    if (!json_is_object(o)) {
        rerr(err, MARSAD_ERR_PARSE, r->path, r->lineno, 0, "not a JSON object but %s",
             typeName(o));
        json_decref(o);
        return -1;
    }
    memset(doc, 0, sizeof *doc);
    const json_t *text = json_object_get(o, "text");
    if (!text || !json_is_string(text)) {
        if (!text)
            rerr(err, MARSAD_ERR_PARSE, r->path, r->lineno, 0, "no \"text\" member");
        else
            rerr(err, MARSAD_ERR_PARSE, r->path, r->lineno, 0,
                 "\"text\" is %s, not a string", typeName(text));
        json_decref(o);
        return -1;
    }
    doc->text = json_string_value(text);
    doc->len = json_string_length(text);
    static const char *const names[] = {"published", "outlet", "url", "title"};
    const char **dest[] = {&doc->published, &doc->outlet, &doc->url, &doc->title};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        const json_t *v = json_object_get(o, names[i]);
        if (!v || json_is_null(v)) continue;
        if (!json_is_string(v)) {
            rerr(err, MARSAD_ERR_PARSE, r->path, r->lineno, 0, "\"%s\" is %s, not a string",
                 names[i], typeName(v));
            json_decref(o);
            return -1;
        }
        if (json_string_length(v) > 0) *dest[i] = json_string_value(v);
    }
    const json_t *id = json_object_get(o, "id");
    int rc = 0;
    if (id && json_is_string(id) && json_string_length(id) > 0) {
        doc->id = json_string_value(id);
    } else if (id && json_is_number(id)) {
        rc = numberId(r, id);
        doc->id = r->id;
    } else if (!id || json_is_null(id) || json_is_string(id)) {
        /* no usable id: "FILE:LINE" names the record uniquely */
        const char *file = r->is_stdin ? "stdin" : r->path;
        size_t need = strlen(file) + 32;
        if (need > r->id_cap) {
            char *p = realloc(r->id, need);
            if (p) {
                r->id = p;
                r->id_cap = need;
            } else {
                rc = -1;
            }
        }
        if (rc == 0) snprintf(r->id, r->id_cap, "%s:%zu", file, r->lineno);
        doc->id = r->id;
    } else {
        rerr(err, MARSAD_ERR_PARSE, r->path, r->lineno, 0,
             "\"id\" is %s, not a string or a number", typeName(id));
        json_decref(o);
        return -1;
    }
    if (rc < 0) {
        rerr(err, MARSAD_ERR_NOMEM, r->path, r->lineno, 0, "out of memory");
        json_decref(o);
        return -1;
    }
    r->json = o;
    return 1;
}

static int isBlank(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\f' && s[i] != '\v')
            return 0;
    return 1;
}

/* ---- the API ---- */

void marsadReaderSetLimit(marsad_reader *r, size_t max_bytes) {
    if (r) r->limit = max_bytes ? max_bytes : MARSAD_MAX_DOC_BYTES;
}

marsad_reader *marsad_reader_open(const char *path, marsad_input_format fmt, marsad_error *err) {
    if (!path || !*path) {
        rerr(err, MARSAD_ERR_ARG, "", 0, 0, "no input path");
        return NULL;
    }
    if (fmt != MARSAD_INPUT_AUTO && fmt != MARSAD_INPUT_TEXT && fmt != MARSAD_INPUT_JSONL) {
        rerr(err, MARSAD_ERR_ARG, path, 0, 0, "unknown input format %d", (int)fmt);
        return NULL;
    }
    marsad_reader *r = calloc(1, sizeof *r);
    char *copy = strdup(strcmp(path, "-") == 0 ? "<stdin>" : path);
    if (!r || !copy) {
        free(r);
        free(copy);
        rerr(err, MARSAD_ERR_NOMEM, path, 0, 0, "out of memory");
        return NULL;
    }
    r->fmt = fmt;
    r->limit = MARSAD_MAX_DOC_BYTES;
    r->fd = -1;
    if (strcmp(path, "-") == 0) {
        if (openFile(r, copy, 1, err) < 0) goto fail;
        struct stat st;
        if (r->regular && lseek(STDIN_FILENO, 0, SEEK_CUR) == 0 && fstat(STDIN_FILENO, &st) == 0)
            r->total = estimateSize(STDIN_FILENO, (long long)st.st_size);
        return r;
    }
    struct stat st;
    if (stat(path, &st) != 0) {
        rerr(err, MARSAD_ERR_IO, path, 0, 0, "cannot open: %s", strerror(errno));
        free(copy);
        goto fail;
    }
    if (S_ISDIR(st.st_mode)) {
        if (walkPush(r, copy, err) < 0) goto fail;
        r->total = treeSize(path, 0);
        return r;
    }
    if (openFile(r, copy, 0, err) < 0) goto fail;
    if (r->regular) r->total = estimateSize(r->fd, r->fsize);
    return r;
fail:
    marsad_reader_close(r);
    return NULL;
}

int marsad_reader_next(marsad_reader *r, marsad_doc_input *doc, marsad_error *err) {
    if (!r || !doc) {
        rerr(err, MARSAD_ERR_ARG, "", 0, 0, "no reader or no document");
        return -1;
    }
    memset(doc, 0, sizeof *doc);
    if (r->json) {
        json_decref(r->json);
        r->json = NULL;
    }
    if (r->text_cap > KEEP_BYTES) {
        free(r->text);
        r->text = NULL;
        r->text_cap = 0;
    }
    if (r->line_cap > KEEP_BYTES) {
        free(r->line);
        r->line = NULL;
        r->line_cap = 0;
    }
    for (;;) {
        if (r->done) return 0;
        if (!r->open) {
            int rc = walkNext(r, err);
            if (rc == 0) {
                r->done = 1;
                return 0;
            }
            if (rc < 0) {
                r->failed++;
                return -1;
            }
        }
        if (!r->primed && prime(r, err) < 0) {
            closeFile(r);
            r->failed++;
            return -1;
        }
        if (r->cur_fmt == MARSAD_INPUT_TEXT) {
            int rc = readText(r, doc, err);
            closeFile(r);
            if (rc < 0) {
                memset(doc, 0, sizeof *doc);
                r->failed++;
                return -1;
            }
            r->records++;
            return 1;
        }
        const char *line;
        size_t n;
        int rc = nextLine(r, &line, &n, err);
        if (rc == 0) {
            closeFile(r);
            continue;
        }
        if (rc < 0) {
            if (r->eof) closeFile(r); /* a read error: the rest of the file is lost */
            r->failed++;
            return -1;
        }
        if (isBlank(line, n)) continue;
        if (parseRecord(r, line, n, doc, err) < 0) {
            memset(doc, 0, sizeof *doc);
            r->failed++;
            return -1;
        }
        r->records++;
        return 1;
    }
}

void marsad_reader_stats(const marsad_reader *r, size_t *records, size_t *failed, uint64_t *bytes,
                         uint64_t *total) {
    if (records) *records = r ? r->records : 0;
    if (failed) *failed = r ? r->failed : 0;
    if (bytes) *bytes = r ? r->bytes : 0;
    if (total) *total = r ? r->total : 0;
}

void marsad_reader_close(marsad_reader *r) {
    if (!r) return;
    closeFile(r);
    while (r->depth > 0) walkPop(r);
    free(r->stack);
    free(r->path);
    free(r->line);
    free(r->text);
    free(r->id);
    if (r->json) json_decref(r->json);
    free(r);
}
