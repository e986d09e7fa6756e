/*
 * textdump.c -- the exactness check of text-stage optimisations
 * (docs/performance.md, "Exactness"): every field the text stage gives, for
 * every document of a corpus, written out or digested, so that two builds
 * (with and without a change) can be compared byte for byte.
 *
 * usage: textdump CORPUS [--full] [--limit N] [--fresh N]
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
 * of N documents in a new thread, so that the per-thread memo of word
 * analyses starts empty (words analysed afresh as well as from the memo).
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

typedef struct job {
    marsad_reader *r;
    const marsad_kb *kb;
    size_t n, limit, *index;
    int full, done;
    uint64_t all;
} job;

/* Analyses up to j->n documents (all when 0) in the calling thread. */
static void *run(void *arg) {
    job *j = arg;
    marsad_error err;
    out o = {0};
    for (size_t k = 0; (j->n == 0 || k < j->n) && *j->index < j->limit; k++) {
        marsad_doc_input in;
        memset(&in, 0, sizeof in);
        memset(&err, 0, sizeof err);
        int rc = marsad_reader_next(j->r, &in, &err);
        if (rc == 0) {
            j->done = 1;
            break;
        }
        size_t idx = (*j->index)++;
        if (rc < 0) {
            printf("%zu\t-\tunreadable\n", idx);
            continue;
        }
        marsad_text *t = marsad_text_new(j->kb, in.text, in.len, NULL, &err);
        if (!t) die(err.msg);
        o.n = 0;
        dump(&o, t);
        marsad_text_free(t);
        uint64_t h = fnv(o.d, o.n);
        j->all = (j->all ^ h) * 1099511628211ULL;
        if (j->full) {
            printf("# %zu %s\n", idx, in.id ? in.id : "");
            fwrite(o.d, 1, o.n, stdout);
        } else {
            printf("%zu\t%s\t%016" PRIx64 "\n", idx, in.id ? in.id : "", h);
        }
    }
    free(o.d);
    if (*j->index >= j->limit) j->done = 1;
    return NULL;
}

int main(int argc, char **argv) {
    const char *corpus = NULL;
    job j;
    memset(&j, 0, sizeof j);
    j.limit = SIZE_MAX;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--full")) j.full = 1;
        else if (!strcmp(argv[i], "--limit") && i + 1 < argc) j.limit = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--fresh") && i + 1 < argc) j.n = strtoul(argv[++i], NULL, 10);
        else if (!corpus) corpus = argv[i];
        else die("usage: textdump CORPUS [--full] [--limit N] [--fresh N]");
    }
    if (!corpus) die("usage: textdump CORPUS [--full] [--limit N] [--fresh N]");
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_kb *kb = marsad_kb_load_builtin(&err);
    if (!kb) die(err.msg);
    j.kb = kb;
    j.r = marsad_reader_open(corpus, MARSAD_INPUT_AUTO, &err);
    if (!j.r) die(err.msg);
    size_t index = 0;
    j.index = &index;
    while (!j.done) {
        pthread_t th;
        if (pthread_create(&th, NULL, run, &j)) die("cannot start a thread");
        pthread_join(th, NULL);
    }
    printf("# %zu documents, digest %016" PRIx64 "\n", index, j.all);
    marsad_reader_close(j.r);
    marsad_kb_free(kb);
    return 0;
}
