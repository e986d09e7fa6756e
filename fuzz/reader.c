/*
 * reader.c -- fuzz target: bytes as a JSON Lines or plain-text file, plain
 * or gzip'd (whole, in two members, or truncated), read by marsad_reader
 * from a file and again from a pipe in small chunks.  Checks: the loop
 * ends, every error has a file (and a line for malformed JSON), both reads
 * agree, gzip changes nothing, a truncated stream loses only its tail, and
 * every returned document can be analysed and rendered.
 *
 * Byte 0: bits 0-1 the format (JSON Lines, text, auto from standard
 * input, JSON Lines), bits 2-3 gzip (none, whole, truncated, two members),
 * bits 4-6 the chunk size.  With gzip, byte 1 places the cut or the split.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define ZLIB_CONST
#include <zlib.h>

#include "fuzz.h"

static const marsad_input_format formats[] = {MARSAD_INPUT_JSONL, MARSAD_INPUT_TEXT,
                                              MARSAD_INPUT_AUTO, MARSAD_INPUT_JSONL};
static const size_t chunks[] = {1, 2, 3, 5, 8, 16, 64, 512};

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    fzTempDir();
    return 0;
}

/* Appends the gzip member of s[0..n) to *out (malloc'd, grown). */
static void gzip_append(const unsigned char *s, size_t n, unsigned char **out, size_t *out_len) {
    z_stream z;
    memset(&z, 0, sizeof z);
    FZ_CHECK(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK,
             "deflateInit2");
    size_t bound = deflateBound(&z, (uLong)n) + 32;
    unsigned char *p = realloc(*out, *out_len + bound);
    FZ_CHECK(p != NULL, "out of memory");
    z.next_in = s;
    z.avail_in = (uInt)n;
    z.next_out = p + *out_len;
    z.avail_out = (uInt)bound;
    FZ_CHECK(deflate(&z, Z_FINISH) == Z_STREAM_END, "deflate");
    *out_len += bound - z.avail_out;
    *out = p;
    deflateEnd(&z);
}

/* Every document the reader returns must go through the whole pipeline. */
static void analyse(const fzRecords *rs) {
    for (size_t i = 0; i < rs->n; i++) {
        const fzRecord *r = &rs->r[i];
        if (r->rc != 1) continue;
        marsad_doc_input in = {r->id, r->text, r->len, r->published, r->outlet, r->url, r->title};
        marsad_error err;
        memset(&err, 0, sizeof err);
        marsad_doc *d = marsad_doc_new(NULL, &in, &err);
        FZ_CHECK(d != NULL, "record %zu cannot be analysed: %s", i, err.msg);
        size_t n;
        char *s = marsad_doc_render(d, MARSAD_RECORD_JSON, &n);
        fzCheckOutput("the record", s, n, 1, 0);
        marsad_free(s);
        marsad_doc_free(d);
    }
}

static int has_io_error(const fzRecords *rs, size_t upto) {
    for (size_t i = 0; i < rs->n && i < upto; i++)
        if (rs->r[i].rc < 0 && rs->r[i].code == MARSAD_ERR_IO) return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 2) return 0;
    unsigned opt = data[0], param = data[1];
    marsad_input_format fmt = formats[opt & 3];
    unsigned gz = (opt >> 2) & 3;
    size_t chunk = chunks[(opt >> 4) & 7];
    const unsigned char *payload = data + (gz ? 2 : 1);
    size_t plen = size - (gz ? 2 : 1);
    int magic = plen >= 2 && payload[0] == 0x1f && payload[1] == 0x8b;

    /* the bytes of the file */
    unsigned char *bytes = NULL;
    size_t blen = 0;
    if (gz == 0) {
        bytes = malloc(plen ? plen : 1);
        FZ_CHECK(bytes != NULL, "out of memory");
        memcpy(bytes, payload, plen);
        blen = plen;
    } else if (gz == 3) {
        size_t split = plen * param / 256;
        gzip_append(payload, split, &bytes, &blen);
        gzip_append(payload + split, plen - split, &bytes, &blen);
    } else {
        gzip_append(payload, plen, &bytes, &blen);
        if (gz == 2) blen = blen * param / 256; /* cut inside the stream */
    }
    const char *name = fmt == MARSAD_INPUT_TEXT ? "in.txt" : "in.jsonl";
    char path[4096], plain[4096];
    snprintf(path, sizeof path, "%s", fzTempPath(name));
    snprintf(plain, sizeof plain, "%s", fzTempPath(fmt == MARSAD_INPUT_TEXT ? "p.txt" : "p.jsonl"));
    fzWriteFile(path, bytes, blen);
    marsad_input_format file_fmt = fmt == MARSAD_INPUT_AUTO ? MARSAD_INPUT_JSONL : fmt;

    fzRecords a = fzReadPath(path, file_fmt);
    analyse(&a);
    fzRecords b = fzReadChunked(bytes, blen, fmt, chunk, 16, fmt == MARSAD_INPUT_AUTO);
    analyse(&b);
    if (fmt != MARSAD_INPUT_AUTO) fzRecordsSame("file and pipe", &a, &b, 0);

    if (gz && !magic) {
        fzWriteFile(plain, payload, plen);
        fzRecords c = fzReadPath(plain, file_fmt);
        if (gz != 2) {
            fzRecordsSame("gzip and plain", &a, &c, 0);
        } else if (blen >= 2) {
            /* the records before the damage, then one I/O error */
            size_t k = 0;
            while (k < a.n && !(a.r[k].rc < 0 && a.r[k].code == MARSAD_ERR_IO)) k++;
            FZ_CHECK(k + 1 == a.n, "a truncated gzip stream: %zu records, the I/O error at %zu",
                     a.n, k);
            if (!has_io_error(&c, k + 1)) {
                fzRecords head = {c.r, k < c.n ? k : c.n};
                fzRecords mine = {a.r, k};
                fzRecordsSame("truncated gzip and plain", &mine, &head, 0);
            }
        }
        fzRecordsFree(&c);
    }
    fzRecordsFree(&a);
    fzRecordsFree(&b);
    free(bytes);
    return 0;
}
