/*
 * fuzz.h -- shared pieces of the fuzz targets (fuzz/NAME.c): the libFuzzer
 * entry points, property checks that abort with a message, a private temp
 * directory, and a pipe that hands bytes to marsad_reader in small chunks.
 * The same targets run under libFuzzer (clang) and under replay.c (gcc).
 */
#ifndef MARSAD_FUZZ_H
#define MARSAD_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "marsad.h"

/* The two functions every target defines; replay.c calls them as libFuzzer
 * does. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with file:line and a message when `cond` is false: a property of
 * the library was violated (libFuzzer then saves the input). */
#define FZ_CHECK(cond, ...)                                                                \
    do {                                                                                   \
        if (!(cond)) fzFail(__FILE__, __LINE__, #cond, __VA_ARGS__);                       \
    } while (0)

_Noreturn void fzFail(const char *file, int line, const char *cond, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* A directory of this process under $TMPDIR (or /tmp), made on first use
 * and removed (with its files, one level deep) at exit. */
const char *fzTempDir(void);
/* "<temp dir>/<name>" in a static buffer that the next call reuses. */
const char *fzTempPath(const char *name);
/* Writes `len` bytes to `path` (replacing it); aborts on failure. */
void fzWriteFile(const char *path, const void *data, size_t len);
/* Reads a whole file (malloc'd, NUL-terminated); NULL when it cannot. */
char *fzReadFile(const char *path, size_t *len);

/* Checks that `s` is valid UTF-8 and, when `json` is set, one JSON value
 * (or, when `lines` is set, one JSON value a non-empty line).  `what`
 * names the output in the failure message. */
void fzCheckOutput(const char *what, const char *s, size_t len, int json, int lines);

/* Checks that code points [start, end) of `t` exist and spell `text`
 * (when not NULL). */
void fzCheckSpan(const marsad_text *t, const char *what, size_t start, size_t end,
                 const char *text);

/* One record as marsad_reader_next returned it, copied. */
typedef struct fzRecord {
    int rc;              /* 1 or -1 */
    marsad_status code;  /* for -1 */
    size_t line;         /* err.line for -1 */
    char *id, *text, *published, *outlet, *url, *title;
    size_t len;
} fzRecord;

typedef struct fzRecords {
    fzRecord *r;
    size_t n;
} fzRecords;

/* Reads every record of `path` with `fmt`, checking each error (a file and,
 * for malformed JSON, a line) and that the loop ends. */
fzRecords fzReadPath(const char *path, marsad_input_format fmt);

/* The same, but the bytes reach the reader through a pipe, `chunk` bytes
 * per read() for the first `nchunks` reads and the rest at once: the
 * reader sees the boundaries a network stream would give it.  With
 * `as_stdin` the pipe becomes standard input and the reader opens "-". */
fzRecords fzReadChunked(const void *data, size_t len, marsad_input_format fmt, size_t chunk,
                        size_t nchunks, int as_stdin);

void fzRecordsFree(fzRecords *rs);

/* Aborts unless the two reads returned the same records (ids are compared
 * only when `ids` is set: a default id names the file). */
void fzRecordsSame(const char *what, const fzRecords *a, const fzRecords *b, int ids);

#endif
