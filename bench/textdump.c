/*
 * textdump.c -- the exactness check of text-stage optimisations
 * (docs/performance.md, "Exactness"): every field the text stage gives, for
 * every document of a corpus, written out or digested, so that two builds
 * (with and without a change) can be compared byte for byte.
 *
 * usage: textdump CORPUS [--full] [--limit N] [--fresh N] [--threads T]
 *
 * Reads the corpus with the library's reader and runs marsad_text_new on
 * each "text" with the built-in KB.  Writes, per document, one line
 * "index<TAB>id<TAB>digest" (FNV-1a 64 of the full dump), or with --full
 * the dump itself: the repaired text's size, code points and replacements;
 * every token (kind, sentence, code point and byte span, text, norm, seg,
 * stem, proclitics, enclitic, every candidate stem, punctuation class,
 * value, value_max, number-word, ordinal and approximate flags, lexicon,
 * function_word); every sentence; every number phrase; and
 * marsad_text_byte_offset at every code point.  --fresh N analyses each run
 * of N documents with a newly loaded KB (kept to the end): the memo of word
 * analyses is per KB, so each of the first runs starts with an empty one,
 * and once the library's memos are all taken (8) words are analysed with
 * none; the output must not change.  --threads T analyses each batch of
 * 256 documents with T threads sharing the memo (output in input order).
 * Uses only marsad.h.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "marsad.h"

static void die(const char *what) {
    fprintf(stderr, "textdump: %s\n", what);
    exit(1);
}

/* The dump of one document, in memory. */
typedef struct out {
    char *d;
    size_t n, cap;
} out;

static void put(out *o, const char *s, size_t n) {
    if (o->n + n + 1 > o->cap) {
        size_t c = o->cap ? o->cap * 2 : 1 << 16;
        while (c < o->n + n + 1) c *= 2;
        char *p = realloc(o->d, c);
        if (!p) die("out of memory");
        o->d = p;
        o->cap = c;
    }
    memcpy(o->d + o->n, s, n);
    o->n += n;
}

static void pf(out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void pf(out *o, const char *fmt, ...) {
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) die("format");
    put(o, tmp, (size_t)n);
}

/* A string field, with its length (strings may hold any byte but NUL). */
static void str(out *o, const char *s) {
    size_t n = strlen(s);
    pf(o, "\t%zu:", n);
    put(o, s, n);
}

static void dump(out *o, const marsad_text *t) {
    pf(o, "T %zu %zu %zu\n", marsad_text_bytes(t), marsad_text_chars(t), marsad_text_replaced(t));
    size_t nt = marsad_text_token_count(t);
    for (size_t i = 0; i < nt; i++) {
        const marsad_token *k = marsad_text_token(t, i);
        pf(o, "k %d %" PRIu32 " %zu %zu %zu %zu", (int)k->kind, k->sentence, k->start, k->end,
           k->byte_start, k->byte_end);
        str(o, k->text);
        str(o, k->norm);
        str(o, k->seg);
        str(o, k->stem);
        pf(o, "\t%u", k->proclitics);
        str(o, k->enclitic);
        pf(o, "\t%zu", k->n_stems);
        for (size_t j = 0; j < k->n_stems; j++) str(o, k->stems[j]);
        pf(o, "\t%d %.17g %.17g %u %u %u %u %u\n", (int)k->punct, k->value, k->value_max,
           (unsigned)k->is_number_word, (unsigned)k->is_ordinal, (unsigned)k->is_approx,
           (unsigned)k->lexicon, (unsigned)k->function_word);
    }
    size_t ns = marsad_text_sentence_count(t);
    for (size_t i = 0; i < ns; i++) {
        const marsad_sentence *s = marsad_text_sentence(t, i);
        pf(o, "s %zu %zu %zu %zu %zu %zu\n", s->first_token, s->n_tokens, s->start, s->end,
           s->byte_start, s->byte_end);
    }
    size_t nn = marsad_text_number_count(t);
    for (size_t i = 0; i < nn; i++) {
        const marsad_number *m = marsad_text_number(t, i);
        pf(o, "n %zu %zu %zu %zu %.17g %.17g %u %u %u\n", m->first_token, m->n_tokens, m->start,
           m->end, m->value, m->value_max, (unsigned)m->approx, (unsigned)m->ordinal,
           m->magnitude);
    }
    /* byte offsets of every code point (and one past the end) */
    uint64_t h = 1469598103934665603ULL;
    for (size_t c = 0; c <= marsad_text_chars(t) + 1; c++) {
        h ^= marsad_text_byte_offset(t, c);
        h *= 1099511628211ULL;
    }
    pf(o, "b %016" PRIx64 "\n", h);
    put(o, marsad_text_utf8(t), marsad_text_bytes(t));
    put(o, "\n", 1);
}

static uint64_t fnv(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* A batch of documents, copied out of the reader, and their dumps. */
typedef struct doc {
    char *text, *id;
    size_t len;
    int unreadable;
    const marsad_kb *kb;
    out dump;
} doc;

typedef struct batch {
    doc *d;
    size_t n;
    unsigned threads, t; /* thread t analyses documents t, t + threads, ... */
} batch;

static void *run(void *arg) {
    batch *b = arg;
    for (size_t i = b->t; i < b->n; i += b->threads) {
        doc *d = &b->d[i];
        if (d->unreadable) continue;
        marsad_error err;
        memset(&err, 0, sizeof err);
        marsad_text *t = marsad_text_new(d->kb, d->text, d->len, NULL, &err);
        if (!t) die(err.msg);
        d->dump.n = 0;
        dump(&d->dump, t);
        marsad_text_free(t);
    }
    return NULL;
}

static char *dup_str(const char *s, size_t n) {
    char *d = malloc(n + 1);
    if (!d) die("out of memory");
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

int main(int argc, char **argv) {
    const char *corpus = NULL;
    size_t limit = SIZE_MAX, fresh = 0;
    unsigned threads = 1;
    int full = 0;
    const char *use = "usage: textdump CORPUS [--full] [--limit N] [--fresh N] [--threads T]";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--full")) full = 1;
        else if (!strcmp(argv[i], "--limit") && i + 1 < argc) limit = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--fresh") && i + 1 < argc) fresh = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
            threads = (unsigned)strtoul(argv[++i], NULL, 10);
        else if (!corpus) corpus = argv[i];
        else die(use);
    }
    if (!corpus || threads < 1 || threads > 64) die(use);
    marsad_error err;
    memset(&err, 0, sizeof err);
    /* the KBs: a new one (kept to the end, so that it is another object)
     * every `fresh` documents */
    size_t nkb = 0, cap_kb = 16;
    marsad_kb **kbs = malloc(cap_kb * sizeof *kbs);
    if (!kbs) die("out of memory");
    marsad_reader *r = marsad_reader_open(corpus, MARSAD_INPUT_AUTO, &err);
    if (!r) die(err.msg);
    enum { BATCH = 256 };
    batch b[64];
    doc *docs = calloc(BATCH, sizeof *docs);
    if (!docs) die("out of memory");
    size_t index = 0;
    uint64_t all = 0;
    int done = 0;
    while (!done) {
        size_t n = 0;
        while (n < BATCH && index + n < limit) {
            marsad_doc_input in;
            memset(&in, 0, sizeof in);
            memset(&err, 0, sizeof err);
            int rc = marsad_reader_next(r, &in, &err);
            if (rc == 0) {
                done = 1;
                break;
            }
            if ((fresh && (index + n) % fresh == 0) || nkb == 0) {
                if (nkb == cap_kb) {
                    cap_kb *= 2;
                    kbs = realloc(kbs, cap_kb * sizeof *kbs);
                    if (!kbs) die("out of memory");
                }
                kbs[nkb] = marsad_kb_load_builtin(&err);
                if (!kbs[nkb]) die(err.msg);
                nkb++;
            }
            doc *d = &docs[n++];
            d->unreadable = rc < 0;
            d->kb = kbs[nkb - 1];
            if (rc > 0) {
                d->text = dup_str(in.text, in.len);
                d->len = in.len;
                d->id = dup_str(in.id ? in.id : "", in.id ? strlen(in.id) : 0);
            }
        }
        if (index + n >= limit) done = 1;
        pthread_t th[64];
        for (unsigned t = 0; t < threads; t++) {
            b[t].d = docs;
            b[t].n = n;
            b[t].threads = threads;
            b[t].t = t;
            if (pthread_create(&th[t], NULL, run, &b[t])) die("cannot start a thread");
        }
        for (unsigned t = 0; t < threads; t++) pthread_join(th[t], NULL);
        for (size_t i = 0; i < n; i++, index++) {
            doc *d = &docs[i];
            if (d->unreadable) {
                printf("%zu\t-\tunreadable\n", index);
                continue;
            }
            uint64_t h = fnv(d->dump.d, d->dump.n);
            all = (all ^ h) * 1099511628211ULL;
            if (full) {
                printf("# %zu %s\n", index, d->id);
                fwrite(d->dump.d, 1, d->dump.n, stdout);
            } else {
                printf("%zu\t%s\t%016" PRIx64 "\n", index, d->id, h);
            }
            free(d->text);
            free(d->id);
            d->text = d->id = NULL;
        }
    }
    printf("# %zu documents, digest %016" PRIx64 "\n", index, all);
    for (size_t i = 0; i < BATCH; i++) free(docs[i].dump.d);
    free(docs);
    marsad_reader_close(r);
    for (size_t i = 0; i < nkb; i++) marsad_kb_free(kbs[i]);
    free(kbs);
    return 0;
}
