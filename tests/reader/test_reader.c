/* test_reader.c -- the input reader (src/io/reader.c) through its API: JSON
 * Lines records and their bad lines, plain-text files, gzip, directory trees,
 * binary and empty files, limits.  Writes its inputs under /tmp. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include <cmocka.h>

#include "marsad.h"
#include "reader.h"

static char tmpdir[64];

/* ---- helpers ---- */

static const char *tpath(const char *name) {
    static char buf[8][512];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

static void writeFile(const char *path, const void *data, size_t len) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void writeStr(const char *path, const char *s) { writeFile(path, s, strlen(s)); }

/* gzip-compresses `len` bytes into `path` (appending a member when `append`). */
static void writeGz(const char *path, const void *data, size_t len, int append) {
    gzFile g = gzopen(path, append ? "ab" : "wb");
    assert_non_null(g);
    assert_int_equal(gzwrite(g, data, (unsigned)len), (int)len);
    assert_int_equal(gzclose(g), Z_OK);
}

static void mkdirOk(const char *path) { assert_int_equal(mkdir(path, 0755), 0); }

static marsad_reader *openOk(const char *path, marsad_input_format fmt) {
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_reader *r = marsad_reader_open(path, fmt, &err);
    if (!r) fail_msg("open %s: %s", path, err.msg);
    return r;
}

/* Expects a document with this id and text. */
static void expectDoc(marsad_reader *r, const char *id, const char *text) {
    marsad_doc_input d;
    marsad_error err;
    memset(&err, 0, sizeof err);
    int rc = marsad_reader_next(r, &d, &err);
    if (rc != 1) fail_msg("expected document %s, got %d (%s:%zu: %s)", id, rc, err.file, err.line, err.msg);
    assert_string_equal(d.id, id);
    assert_int_equal(d.len, strlen(text));
    assert_memory_equal(d.text, text, d.len);
}

/* Expects an error of `code` at `line` whose message contains `part`. */
static void expectErr(marsad_reader *r, marsad_status code, const char *file, size_t line,
                      const char *part) {
    marsad_doc_input d;
    marsad_error err;
    memset(&err, 0, sizeof err);
    int rc = marsad_reader_next(r, &d, &err);
    if (rc != -1) fail_msg("expected an error (%s), got %d (id %s)", part, rc, rc == 1 ? d.id : "-");
    assert_int_equal(err.code, code);
    assert_string_equal(err.file, file);
    assert_int_equal(err.line, line);
    if (!strstr(err.msg, part)) fail_msg("message \"%s\" lacks \"%s\"", err.msg, part);
}

static void expectEnd(marsad_reader *r) {
    marsad_doc_input d;
    assert_int_equal(marsad_reader_next(r, &d, NULL), 0);
    assert_int_equal(marsad_reader_next(r, &d, NULL), 0); /* and stays at the end */
}

static void expectCounts(marsad_reader *r, size_t records, size_t failed) {
    size_t n, f;
    marsad_reader_stats(r, &n, &f, NULL, NULL);
    assert_int_equal(n, records);
    assert_int_equal(f, failed);
}

static int rmEntry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int setup(void **state) {
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/marsad-reader-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    return nftw(tmpdir, rmEntry, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- JSON Lines ---- */

static void jsonl_good_records(void **state) {
    (void)state;
    const char *p = tpath("good.jsonl");
    writeStr(p, "{\"id\": \"a1\", \"outlet\": \"okaz\", \"published\": \"2015-07-21\", "
                "\"url\": \"http://x/1\", \"title\": \"عنوان\", \"text\": \"قال المصدر\", "
                "\"extra\": [1, {\"x\": 2}]}\n"
                "{\"id\": \"a2\", \"text\": \"نص\\nثان\", \"title\": null, \"outlet\": \"\"}\n");
    marsad_reader *r = openOk(p, MARSAD_INPUT_AUTO);
    marsad_doc_input d;
    assert_int_equal(marsad_reader_next(r, &d, NULL), 1);
    assert_string_equal(d.id, "a1");
    assert_string_equal(d.text, "قال المصدر");
    assert_int_equal(d.len, strlen("قال المصدر"));
    assert_string_equal(d.outlet, "okaz");
    assert_string_equal(d.published, "2015-07-21");
    assert_string_equal(d.url, "http://x/1");
    assert_string_equal(d.title, "عنوان");
    assert_int_equal(marsad_reader_next(r, &d, NULL), 1);
    assert_string_equal(d.id, "a2");
    assert_string_equal(d.text, "نص\nثان");
    assert_null(d.title);
    assert_null(d.outlet); /* "" is "not given" */
    assert_null(d.published);
    assert_null(d.url);
    expectEnd(r);
    expectCounts(r, 2, 0);
    uint64_t bytes, total;
    marsad_reader_stats(r, NULL, NULL, &bytes, &total);
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(bytes, (uint64_t)st.st_size);
    assert_int_equal(total, (uint64_t)st.st_size);
    marsad_reader_close(r);
}

static void jsonl_malformed_line_in_the_middle(void **state) {
    (void)state;
    const char *p = tpath("malformed.jsonl");
    writeStr(p, "{\"id\": \"1\", \"text\": \"a\"}\n"
                "{\"id\": \"2\", \"text\": \"b\"\n"
                "{\"id\": \"3\", \"text\": \"c\"} trailing\n"
                "[1, 2]\n"
                "{\"id\": \"5\", \"text\": \"e\"}\n");
    marsad_reader *r = openOk(p, MARSAD_INPUT_AUTO);
    expectDoc(r, "1", "a");
    expectErr(r, MARSAD_ERR_PARSE, p, 2, "malformed JSON");
    expectErr(r, MARSAD_ERR_PARSE, p, 3, "malformed JSON");
    expectErr(r, MARSAD_ERR_PARSE, p, 4, "not a JSON object");
    expectDoc(r, "5", "e");
    expectEnd(r);
    expectCounts(r, 2, 3);
    marsad_reader_close(r);
}

static void jsonl_missing_and_mistyped_fields(void **state) {
    (void)state;
    const char *p = tpath("fields.jsonl");
    writeStr(p, "{\"id\": \"1\", \"title\": \"no text\"}\n"
                "{\"id\": \"2\", \"text\": 5}\n"
                "{\"id\": \"3\", \"text\": null}\n"
                "{\"id\": \"4\", \"text\": [\"a\"]}\n"
                "{\"id\": \"5\", \"text\": \"t\", \"title\": 7}\n"
                "{\"id\": \"6\", \"text\": \"t\", \"published\": true}\n"
                "{\"id\": \"7\", \"text\": \"t\", \"url\": {}}\n"
                "{\"id\": [7], \"text\": \"t\"}\n"
                "{\"id\": \"9\", \"text\": \"ok\"}\n");
    marsad_reader *r = openOk(p, MARSAD_INPUT_JSONL);
    expectErr(r, MARSAD_ERR_PARSE, p, 1, "no \"text\"");
    expectErr(r, MARSAD_ERR_PARSE, p, 2, "\"text\" is a number, not a string");
    expectErr(r, MARSAD_ERR_PARSE, p, 3, "\"text\" is null");
    expectErr(r, MARSAD_ERR_PARSE, p, 4, "\"text\" is an array");
    expectErr(r, MARSAD_ERR_PARSE, p, 5, "\"title\" is a number");
    expectErr(r, MARSAD_ERR_PARSE, p, 6, "\"published\" is a boolean");
    expectErr(r, MARSAD_ERR_PARSE, p, 7, "\"url\" is an object");
    expectErr(r, MARSAD_ERR_PARSE, p, 8, "\"id\" is an array");
    expectDoc(r, "9", "ok");
    expectEnd(r);
    expectCounts(r, 1, 8);
    marsad_reader_close(r);
}

static void jsonl_ids(void **state) {
    (void)state;
    const char *p = tpath("ids.jsonl");
    writeStr(p, "{\"id\": 42, \"text\": \"a\"}\n"
                "{\"id\": -7, \"text\": \"b\"}\n"
                "{\"id\": 1.5, \"text\": \"c\"}\n"
                "{\"id\": 0.1, \"text\": \"c\"}\n"
                "{\"text\": \"d\"}\n"
                "{\"id\": null, \"text\": \"e\"}\n"
                "{\"id\": \"\", \"text\": \"f\"}\n");
    marsad_reader *r = openOk(p, MARSAD_INPUT_AUTO);
    expectDoc(r, "42", "a");
    expectDoc(r, "-7", "b");
    expectDoc(r, "1.5", "c");
    expectDoc(r, "0.1", "c");
    char want[600];
    snprintf(want, sizeof want, "%s:5", p);
    expectDoc(r, want, "d");
    snprintf(want, sizeof want, "%s:6", p);
    expectDoc(r, want, "e");
    snprintf(want, sizeof want, "%s:7", p);
    expectDoc(r, want, "f");
    expectEnd(r);
    marsad_reader_close(r);
}

static void jsonl_blank_lines_bom_crlf(void **state) {
    (void)state;
    const char *p = tpath("bom.jsonl");
    writeStr(p, "\xEF\xBB\xBF{\"text\": \"first\"}\r\n"
                "\r\n"
                "   \t \n"
                "\n"
                "{\"text\": \"fifth\"}\r\n"
                "{\"text\": \"no newline at the end\"}");
    marsad_reader *r = openOk(p, MARSAD_INPUT_AUTO);
    char want[600];
    snprintf(want, sizeof want, "%s:1", p);
    expectDoc(r, want, "first");
    snprintf(want, sizeof want, "%s:5", p);
    expectDoc(r, want, "fifth");
    snprintf(want, sizeof want, "%s:6", p);
    expectDoc(r, want, "no newline at the end");
    expectEnd(r);
    expectCounts(r, 3, 0);
    marsad_reader_close(r);
}

static void jsonl_text_escapes_nul_and_bad_utf8(void **state) {
    (void)state;
    const char *p = tpath("escapes.jsonl");
    /* "\u0000" is kept (len counts it); raw invalid UTF-8 is repaired */
    writeStr(p, "{\"id\": \"nul\", \"text\": \"a\\u0000b\"}\n"
                "{\"id\": \"bad\", \"text\": \"x\xFFy\xC3\"}\n"
                "{\"id\": \"esc\", \"text\": \"\\u0642\\u0627\\u0644 \\\"q\\\"\"}\n");
    marsad_reader *r = openOk(p, MARSAD_INPUT_AUTO);
    marsad_doc_input d;
    assert_int_equal(marsad_reader_next(r, &d, NULL), 1);
    assert_int_equal(d.len, 3);
    assert_memory_equal(d.text, "a\0b", 3);
    expectDoc(r, "bad", "x\xEF\xBF\xBDy\xEF\xBF\xBD");
    expectDoc(r, "esc", "قال \"q\"");
    expectEnd(r);
    marsad_reader_close(r);
}

static void jsonl_empty_file_yields_nothing(void **state) {
    (void)state;
    const char *p = tpath("empty.jsonl");
    writeStr(p, "");
    marsad_reader *r = openOk(p, MARSAD_INPUT_AUTO);
    expectEnd(r);
    expectCounts(r, 0, 0);
    marsad_reader_close(r);
    p = tpath("blank.jsonl");
    writeStr(p, "\n\n  \n");
    r = openOk(p, MARSAD_INPUT_AUTO);
    expectEnd(r);
    expectCounts(r, 0, 0);
    marsad_reader_close(r);
}

/* Lines over a (lowered) limit are skipped, also when they span many read
 * chunks; a line of exactly the limit is accepted. */
static void jsonl_line_over_the_limit(void **state) {
    (void)state;
    const char *p = tpath("long.jsonl");
    const size_t limit = 100000;
    size_t big = 300000;
    char *buf = malloc(big + limit + 4096);
    assert_non_null(buf);
    size_t n = 0;
    n += (size_t)sprintf(buf + n, "{\"id\": \"1\", \"text\": \"a\"}\n");
    n += (size_t)sprintf(buf + n, "{\"id\": \"2\", \"text\": \"");
    memset(buf + n, 'x', big);
    n += big;
    n += (size_t)sprintf(buf + n, "\"}\n");
    /* exactly `limit` bytes: {"id": "3", "text": "yyy..."} */
    const char *head = "{\"id\": \"3\", \"text\": \"";
    size_t fill = limit - strlen(head) - 2;
    n += (size_t)sprintf(buf + n, "%s", head);
    memset(buf + n, 'y', fill);
    n += fill;
    n += (size_t)sprintf(buf + n, "\"}\n");
    n += (size_t)sprintf(buf + n, "{\"id\": \"4\", \"text\": \"d\"}\n");
    writeFile(p, buf, n);
    free(buf);

    marsad_reader *r = openOk(p, MARSAD_INPUT_AUTO);
    marsadReaderSetLimit(r, limit);
    expectDoc(r, "1", "a");
    expectErr(r, MARSAD_ERR_LIMIT, p, 2, "MARSAD_MAX_DOC_BYTES");
    marsad_doc_input d;
    assert_int_equal(marsad_reader_next(r, &d, NULL), 1);
    assert_string_equal(d.id, "3");
    assert_int_equal(d.len, fill);
    expectDoc(r, "4", "d");
    expectEnd(r);
    expectCounts(r, 3, 1);
    marsad_reader_close(r);

    /* one byte less and line 3 is over too */
    r = openOk(p, MARSAD_INPUT_AUTO);
    marsadReaderSetLimit(r, limit - 1);
    expectDoc(r, "1", "a");
    expectErr(r, MARSAD_ERR_LIMIT, p, 2, "limit of 99999 bytes");
    expectErr(r, MARSAD_ERR_LIMIT, p, 3, "limit");
    expectDoc(r, "4", "d");
    expectEnd(r);
    marsad_reader_close(r);
}

/* The real limit on a sparse file: a line just over MARSAD_MAX_DOC_BYTES is
 * skipped to its newline, and a plain-text file over it is refused from its
 * size without being read. */
static void real_limit_on_sparse_files(void **state) {
    (void)state;
    const char *p = tpath("sparse.jsonl");
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    char head[20000];
    int k = sprintf(head, "{\"id\": \"1\", \"text\": \"a\"}\n{\"id\": \"2\", \"text\": \"");
    memset(head + k, 'z', sizeof head - (size_t)k);
    assert_int_equal(write(fd, head, sizeof head), (ssize_t)sizeof head);
    off_t end = (off_t)MARSAD_MAX_DOC_BYTES + 100; /* the hole reads as NUL bytes */
    assert_int_equal(lseek(fd, end, SEEK_SET), end);
    const char *tail = "\"}\n{\"id\": \"3\", \"text\": \"c\"}\n";
    assert_int_equal(write(fd, tail, strlen(tail)), (ssize_t)strlen(tail));
    assert_int_equal(close(fd), 0);

    time_t t0 = time(NULL);
    marsad_reader *r = openOk(p, MARSAD_INPUT_AUTO);
    expectDoc(r, "1", "a");
    expectErr(r, MARSAD_ERR_LIMIT, p, 2, "MARSAD_MAX_DOC_BYTES");
    expectDoc(r, "3", "c");
    expectEnd(r);
    marsad_reader_close(r);

    const char *q = tpath("sparse.txt");
    fd = open(q, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    memset(head, 'a', sizeof head);
    assert_int_equal(write(fd, head, sizeof head), (ssize_t)sizeof head);
    assert_int_equal(ftruncate(fd, (off_t)MARSAD_MAX_DOC_BYTES + 1), 0);
    assert_int_equal(close(fd), 0);
    r = openOk(q, MARSAD_INPUT_AUTO);
    expectErr(r, MARSAD_ERR_LIMIT, q, 0, "over the limit of 67108864 bytes");
    expectEnd(r);
    uint64_t bytes;
    marsad_reader_stats(r, NULL, NULL, &bytes, NULL);
    assert_true(bytes <= 65536); /* refused from its size: only the first chunk was read */
    marsad_reader_close(r);
    remove(p);
    remove(q);
    assert_true(time(NULL) - t0 < 5);
}

/* ---- gzip ---- */

static void gzip_jsonl(void **state) {
    (void)state;
    const char *p = tpath("news.jsonl.gz");
    char body[200 * 64];
    size_t n = 0;
    for (int i = 0; i < 200; i++)
        n += (size_t)sprintf(body + n, "{\"id\": \"g%d\", \"text\": \"نص %d\"}\n", i, i);
    writeGz(p, body, n, 0);
    marsad_reader *r = openOk(p, MARSAD_INPUT_AUTO);
    uint64_t bytes, total;
    marsad_reader_stats(r, NULL, NULL, NULL, &total);
    assert_int_equal(total, n); /* from the gzip trailer */
    char id[16], text[32];
    for (int i = 0; i < 200; i++) {
        snprintf(id, sizeof id, "g%d", i);
        snprintf(text, sizeof text, "نص %d", i);
        expectDoc(r, id, text);
    }
    expectEnd(r);
    marsad_reader_stats(r, NULL, NULL, &bytes, NULL);
    assert_int_equal(bytes, n); /* decompressed bytes */
    marsad_reader_close(r);

    /* concatenated members (cat a.gz b.gz) read as one stream */
    writeGz(p, "{\"text\": \"one\"}\n", 16, 0);
    writeGz(p, "{\"text\": \"two\"}\n", 16, 1);
    r = openOk(p, MARSAD_INPUT_AUTO);
    char want[600];
    snprintf(want, sizeof want, "%s:1", p);
    expectDoc(r, want, "one");
    snprintf(want, sizeof want, "%s:2", p);
    expectDoc(r, want, "two");
    expectEnd(r);
    marsad_reader_close(r);
}

static void gzip_text_and_limit(void **state) {
    (void)state;
    const char *p = tpath("article.txt.gz");
    writeGz(p, "قصف مدفعي", strlen("قصف مدفعي"), 0);
    marsad_reader *r = openOk(p, MARSAD_INPUT_AUTO);
    expectDoc(r, "article", "قصف مدفعي");
    expectEnd(r);
    marsad_reader_close(r);

    /* a gzip'd document over the limit is refused once the limit is passed */
    char big[5000];
    memset(big, 'a', sizeof big);
    writeGz(p, big, sizeof big, 0);
    r = openOk(p, MARSAD_INPUT_AUTO);
    marsadReaderSetLimit(r, 4999);
    expectErr(r, MARSAD_ERR_LIMIT, p, 0, "MARSAD_MAX_DOC_BYTES");
    expectEnd(r);
    marsad_reader_close(r);
    r = openOk(p, MARSAD_INPUT_AUTO);
    marsadReaderSetLimit(r, 5000);
    marsad_doc_input d;
    assert_int_equal(marsad_reader_next(r, &d, NULL), 1);
    assert_int_equal(d.len, 5000);
    marsad_reader_close(r);

    /* a truncated gzip'd document is an error for the whole file */
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(truncate(p, st.st_size - 10), 0);
    r = openOk(p, MARSAD_INPUT_AUTO);
    expectErr(r, MARSAD_ERR_IO, p, 0, "truncated gzip");
    expectEnd(r);
    marsad_reader_close(r);
}

static void gzip_truncated_and_corrupt(void **state) {
    (void)state;
    const char *p = tpath("cut.jsonl.gz");
    /* varied lines so the stream does not compress to nothing */
    char *body = malloc(400000);
    assert_non_null(body);
    size_t n = 0;
    unsigned x = 12345;
    for (int i = 0; n < 390000; i++) {
        x = x * 1103515245u + 12345u;
        n += (size_t)sprintf(body + n, "{\"id\": \"%d\", \"text\": \"%u %u\"}\n", i, x, x >> 7);
    }
    writeGz(p, body, n, 0);
    free(body);
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(truncate(p, st.st_size / 2), 0);

    marsad_reader *r = openOk(p, MARSAD_INPUT_AUTO);
    marsad_doc_input d;
    marsad_error err;
    int rc;
    size_t good = 0;
    while ((rc = marsad_reader_next(r, &d, &err)) == 1) good++;
    assert_int_equal(rc, -1);
    assert_int_equal(err.code, MARSAD_ERR_IO);
    assert_string_equal(err.file, p);
    assert_non_null(strstr(err.msg, "truncated gzip"));
    assert_true(good > 1000);
    expectEnd(r);
    expectCounts(r, good, 1);
    marsad_reader_close(r);

    /* a damaged checksum: every record comes, then the error */
    writeGz(p, "{\"text\": \"a\"}\n{\"text\": \"b\"}\n", 28, 0);
    assert_int_equal(stat(p, &st), 0);
    FILE *f = fopen(p, "r+b");
    assert_non_null(f);
    assert_int_equal(fseek(f, st.st_size - 8, SEEK_SET), 0);
    int c = fgetc(f);
    assert_int_equal(fseek(f, st.st_size - 8, SEEK_SET), 0);
    fputc(c ^ 0xFF, f);
    assert_int_equal(fclose(f), 0);
    r = openOk(p, MARSAD_INPUT_AUTO);
    char want[600];
    snprintf(want, sizeof want, "%s:1", p);
    expectDoc(r, want, "a");
    snprintf(want, sizeof want, "%s:2", p);
    expectDoc(r, want, "b");
    expectErr(r, MARSAD_ERR_IO, p, 3, "corrupt gzip stream (incorrect data check)");
    expectEnd(r);
    marsad_reader_close(r);

    /* garbage in the middle of the deflate stream: the reader stops on that
     * file with an error, whatever junk lines came before it */
    writeGz(p, "{\"text\": \"a\"}\n{\"text\": \"b\"}\n", 28, 0);
    f = fopen(p, "r+b");
    assert_non_null(f);
    assert_int_equal(fseek(f, 12, SEEK_SET), 0);
    for (int i = 0; i < 8; i++) fputc(0xFF, f);
    assert_int_equal(fclose(f), 0);
    r = openOk(p, MARSAD_INPUT_AUTO);
    int gzerrors = 0;
    while ((rc = marsad_reader_next(r, &d, &err)) != 0)
        if (rc < 0 && err.code == MARSAD_ERR_IO && strstr(err.msg, "gzip")) gzerrors++;
    assert_int_equal(gzerrors, 1);
    marsad_reader_close(r);
}

/* ---- plain text, directories, bad files ---- */

static void text_files_and_ids(void **state) {
    (void)state;
    const char *p = tpath("2015.07.21.txt");
    writeStr(p, "\xEF\xBB\xBF" "قال مصدر\r\nسطر ثان\n");
    marsad_reader *r = openOk(p, MARSAD_INPUT_AUTO);
    expectDoc(r, "2015.07.21", "\xEF\xBB\xBF" "قال مصدر\r\nسطر ثان\n"); /* as it is */
    expectEnd(r);
    expectCounts(r, 1, 0);
    marsad_reader_close(r);

    p = tpath("noext");
    writeStr(p, "x");
    r = openOk(p, MARSAD_INPUT_AUTO);
    expectDoc(r, "noext", "x");
    marsad_reader_close(r);

    /* an empty text file is an empty document */
    p = tpath("empty.txt");
    writeStr(p, "");
    r = openOk(p, MARSAD_INPUT_TEXT);
    expectDoc(r, "empty", "");
    expectEnd(r);
    marsad_reader_close(r);
}

static void explicit_formats(void **state) {
    (void)state;
    const char *p = tpath("as-text.jsonl");
    writeStr(p, "{\"text\": \"a\"}\n");
    marsad_reader *r = openOk(p, MARSAD_INPUT_TEXT);
    expectDoc(r, "as-text", "{\"text\": \"a\"}\n");
    expectEnd(r);
    marsad_reader_close(r);

    p = tpath("records.txt");
    writeStr(p, "{\"id\": \"x\", \"text\": \"a\"}\n");
    r = openOk(p, MARSAD_INPUT_JSONL);
    expectDoc(r, "x", "a");
    expectEnd(r);
    marsad_reader_close(r);

    p = tpath("upper.NDJSON");
    writeStr(p, "{\"id\": \"u\", \"text\": \"b\"}\n");
    r = openOk(p, MARSAD_INPUT_AUTO);
    expectDoc(r, "u", "b");
    expectEnd(r);
    marsad_reader_close(r);
}

static void binary_files(void **state) {
    (void)state;
    const char *p = tpath("image.png");
    unsigned char png[64] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
    writeFile(p, png, sizeof png);
    marsad_reader *r = openOk(p, MARSAD_INPUT_AUTO);
    expectErr(r, MARSAD_ERR_IO, p, 0, "binary file");
    expectEnd(r);
    expectCounts(r, 0, 1);
    marsad_reader_close(r);

    /* Windows-1256 Arabic: every letter byte is invalid UTF-8 */
    p = tpath("cp1256.txt");
    writeStr(p, "\xE3\xD5\xCF\xD1 \xE3\xD3\xC4\xE6\xE1 \xE1\xE3 \xED\xDA\xD1\xDD");
    r = openOk(p, MARSAD_INPUT_AUTO);
    expectErr(r, MARSAD_ERR_IO, p, 0, "not UTF-8");
    expectEnd(r);
    marsad_reader_close(r);

    /* a few broken bytes in real text are not binary: the text stage repairs */
    p = tpath("mostly.txt");
    writeStr(p, "قال مصدر محلي إن \xFF القصف استمر");
    r = openOk(p, MARSAD_INPUT_AUTO);
    expectDoc(r, "mostly", "قال مصدر محلي إن \xFF القصف استمر");
    marsad_reader_close(r);

    /* JSON Lines with NUL bytes: the whole file is skipped, not line by line */
    p = tpath("junk.jsonl");
    static const char junk[] = "{\"text\": \"a\"}\n\0\0\0\n{\"text\": \"b\"}\n";
    writeFile(p, junk, sizeof junk - 1);
    r = openOk(p, MARSAD_INPUT_AUTO);
    expectErr(r, MARSAD_ERR_IO, p, 0, "binary file (a NUL byte at offset 14)");
    expectEnd(r);
    marsad_reader_close(r);
}

static void missing_path(void **state) {
    (void)state;
    marsad_error err;
    memset(&err, 0, sizeof err);
    const char *p = tpath("no-such-file.jsonl");
    assert_null(marsad_reader_open(p, MARSAD_INPUT_AUTO, &err));
    assert_int_equal(err.code, MARSAD_ERR_IO);
    assert_string_equal(err.file, p);
    assert_non_null(strstr(err.msg, "No such file"));
    assert_null(marsad_reader_open(p, MARSAD_INPUT_AUTO, NULL)); /* err is optional */
    assert_null(marsad_reader_open(NULL, MARSAD_INPUT_AUTO, &err));
    assert_int_equal(err.code, MARSAD_ERR_ARG);
    assert_null(marsad_reader_open(p, (marsad_input_format)42, &err));
    assert_int_equal(err.code, MARSAD_ERR_ARG);

    marsad_doc_input d;
    assert_int_equal(marsad_reader_next(NULL, &d, &err), -1);
    assert_int_equal(err.code, MARSAD_ERR_ARG);
    size_t n = 9;
    marsad_reader_stats(NULL, &n, NULL, NULL, NULL);
    assert_int_equal(n, 0);
    marsad_reader_close(NULL);
}

static void directory_tree(void **state) {
    (void)state;
    char dir[600];
    snprintf(dir, sizeof dir, "%s", tpath("tree")); /* tpath's buffers rotate */
    mkdirOk(dir);
    writeStr(tpath("tree/b.txt"), "باء");
    writeStr(tpath("tree/a.txt"), "ألف");
    writeStr(tpath("tree/.hidden.txt"), "hidden");
    mkdirOk(tpath("tree/.git"));
    writeStr(tpath("tree/.git/config"), "hidden");
    mkdirOk(tpath("tree/sub"));
    writeStr(tpath("tree/sub/c.txt"), "جيم");
    mkdirOk(tpath("tree/sub/deeper"));
    writeStr(tpath("tree/sub/deeper/e.txt"), "هاء");
    mkdirOk(tpath("tree/empty-dir"));
    writeStr(tpath("tree/d.jsonl"), "{\"id\": \"d1\", \"text\": \"دال\"}\nnot json\n"
                                    "{\"id\": \"d2\", \"text\": \"دال ٢\"}\n");
    writeGz(tpath("tree/f.txt.gz"), "فاء", strlen("فاء"), 0);
    writeFile(tpath("tree/bin.dat"), "\x7f" "ELF\0\0\0", 7);
    writeStr(tpath("tree/empty.txt"), "");
    /* sidecars: metadata of NAME.txt, never articles themselves */
    writeStr(tpath("tree/a.meta.json"),
             "{\"published\": \"2022-01-27\", \"outlet\": \"sputnik\", \"id\": \"A-1\"}");
    writeStr(tpath("tree/b.meta.json"), "{broken"); /* ignored */
    writeStr(tpath("tree/orphan.meta.json"), "{}");
    assert_int_equal(symlink(".", tpath("tree/loop")), 0); /* not followed */
    assert_int_equal(symlink("a.txt", tpath("tree/link.txt")), 0);
    assert_int_equal(symlink("nowhere", tpath("tree/dangling.txt")), 0);

    char slash[sizeof dir + 2];
    snprintf(slash, sizeof slash, "%s/", dir); /* a trailing slash is fine */
    marsad_reader *r = openOk(slash, MARSAD_INPUT_AUTO);
    uint64_t total;
    marsad_reader_stats(r, NULL, NULL, NULL, &total);
    marsad_doc_input d;
    assert_int_equal(marsad_reader_next(r, &d, NULL), 1);
    assert_string_equal(d.id, "A-1");
    assert_string_equal(d.text, "ألف");
    assert_string_equal(d.published, "2022-01-27");
    assert_string_equal(d.outlet, "sputnik");
    assert_null(d.title);
    expectDoc(r, "b", "باء");
    expectErr(r, MARSAD_ERR_IO, tpath("tree/bin.dat"), 0, "binary file");
    expectDoc(r, "d1", "دال");
    expectErr(r, MARSAD_ERR_PARSE, tpath("tree/d.jsonl"), 2, "malformed JSON");
    expectDoc(r, "d2", "دال ٢");
    expectErr(r, MARSAD_ERR_IO, tpath("tree/dangling.txt"), 0, "broken symbolic link");
    expectDoc(r, "empty", "");
    expectDoc(r, "f", "فاء");
    expectDoc(r, "link", "ألف");
    expectDoc(r, "c", "جيم");
    expectDoc(r, "e", "هاء");
    expectEnd(r);
    expectCounts(r, 9, 3);
    uint64_t bytes;
    marsad_reader_stats(r, NULL, NULL, &bytes, NULL);
    assert_int_equal(bytes, total); /* every byte that was counted was read */
    marsad_reader_close(r);

    /* a file that cannot be read is one error, and the walk goes on */
    if (geteuid() != 0) {
        writeStr(tpath("tree/sub/locked.txt"), "x");
        assert_int_equal(chmod(tpath("tree/sub/locked.txt"), 0), 0);
        r = openOk(dir, MARSAD_INPUT_TEXT);
        marsad_error err;
        int rc, errors = 0, docs = 0;
        while ((rc = marsad_reader_next(r, &d, &err)) != 0) {
            if (rc < 0) {
                errors++;
                if (strstr(err.file, "locked")) assert_non_null(strstr(err.msg, "cannot open"));
            } else {
                docs++;
            }
        }
        assert_int_equal(errors, 3); /* bin.dat, dangling.txt, locked.txt */
        assert_int_equal(docs, 8);   /* d.jsonl is now one text document */
        marsad_reader_close(r);
    }
}

/* Many records through a small reader: nothing accumulates per document. */
static void many_records_stream(void **state) {
    (void)state;
    const char *p = tpath("many.jsonl.gz");
    gzFile g = gzopen(p, "wb1");
    assert_non_null(g);
    for (int i = 0; i < 100000; i++)
        gzprintf(g, "{\"id\": %d, \"outlet\": \"o\", \"text\": \"خبر رقم %d\"}\n", i, i);
    assert_int_equal(gzclose(g), Z_OK);
    marsad_reader *r = openOk(p, MARSAD_INPUT_AUTO);
    marsad_doc_input d;
    int i = 0;
    char id[16];
    while (marsad_reader_next(r, &d, NULL) == 1) {
        snprintf(id, sizeof id, "%d", i++);
        assert_string_equal(d.id, id);
    }
    assert_int_equal(i, 100000);
    marsad_reader_close(r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(jsonl_good_records),
        cmocka_unit_test(jsonl_malformed_line_in_the_middle),
        cmocka_unit_test(jsonl_missing_and_mistyped_fields),
        cmocka_unit_test(jsonl_ids),
        cmocka_unit_test(jsonl_blank_lines_bom_crlf),
        cmocka_unit_test(jsonl_text_escapes_nul_and_bad_utf8),
        cmocka_unit_test(jsonl_empty_file_yields_nothing),
        cmocka_unit_test(jsonl_line_over_the_limit),
        cmocka_unit_test(real_limit_on_sparse_files),
        cmocka_unit_test(gzip_jsonl),
        cmocka_unit_test(gzip_text_and_limit),
        cmocka_unit_test(gzip_truncated_and_corrupt),
        cmocka_unit_test(text_files_and_ids),
        cmocka_unit_test(explicit_formats),
        cmocka_unit_test(binary_files),
        cmocka_unit_test(missing_path),
        cmocka_unit_test(directory_tree),
        cmocka_unit_test(many_records_stream),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
