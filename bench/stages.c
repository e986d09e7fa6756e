/*
 * stages.c -- the per-stage benchmark driver: reads a corpus with the
 * library's reader in batches and times each public stage over each batch
 * (process CPU time and wall time), so that reading and gzip are not counted.
 *
 * usage: stages CORPUS [--ner MODEL] [--limit N] [--batch N] [--text-only]
 *
 * The corpus is read twice, each pass in a new thread: the text stages
 * (repair, normalize, text, ner), then the document stages (doc, render);
 * with --text-only, once (the text stages: for profiling the text core).
 * The text stage keeps a memo of word analyses for each KB (shared by the
 * threads of the process), so each pass loads its own copy of the built-in
 * KB and starts with an empty memo, as a real run does, and "doc - text"
 * compares two text passes that saw the same documents in the same order.
 *
 * Stages, each timed over the same batch of documents:
 *   repair     marsad_utf8_repair (decode with repair)
 *   normalize  marsad_normalize, all folds, no offset map
 *   text       marsad_text_new: repair, normalize, tokenize, sentences,
 *              clitic segmentation, numbers (the text core)
 *   ner        marsad_ner_tag_text over those texts (only with --ner)
 *   doc        marsad_doc_new: the text stage again, then KB matching,
 *              resolution and extraction (the library has no switch to stop
 *              after a stage, so doc - text is matching + resolution +
 *              extraction)
 *   render     marsad_doc_render, the marsad/1 JSON record
 * Output: one line a stage, tab-separated: stage, documents, MB of text
 * (10^6 bytes of the "text" fields), CPU seconds, wall seconds, MB/s and
 * documents/s by CPU time.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "marsad.h"

enum { ST_REPAIR, ST_NORMALIZE, ST_TEXT, ST_NER, ST_DOC, ST_RENDER, N_STAGES };
static const char *const stage_names[N_STAGES] = {"repair", "normalize", "text",
                                                  "ner",    "doc",       "render"};

typedef struct clocks {
    double cpu, wall;
} clocks;

static clocks now(void) {
    struct timespec a, b;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
    clock_gettime(CLOCK_MONOTONIC, &b);
    clocks c = {(double)a.tv_sec + (double)a.tv_nsec * 1e-9,
                (double)b.tv_sec + (double)b.tv_nsec * 1e-9};
    return c;
}

static void add_since(clocks *acc, clocks t0) {
    clocks t1 = now();
    acc->cpu += t1.cpu - t0.cpu;
    acc->wall += t1.wall - t0.wall;
}

/* One batch of documents, copied out of the reader. */
typedef struct owned {
    char *text, *id, *published, *outlet;
} owned;

typedef struct batch {
    marsad_doc_input *in;
    owned *own;
    size_t n, cap;
} batch;

static char *dup_or_null(const char *s) {
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

static void batch_clear(batch *b) {
    for (size_t i = 0; i < b->n; i++) {
        free(b->own[i].text);
        free(b->own[i].id);
        free(b->own[i].published);
        free(b->own[i].outlet);
    }
    b->n = 0;
}

static int batch_add(batch *b, const marsad_doc_input *in) {
    owned o = {malloc(in->len + 1), dup_or_null(in->id), dup_or_null(in->published),
               dup_or_null(in->outlet)};
    if (!o.text) return -1;
    memcpy(o.text, in->text, in->len);
    o.text[in->len] = '\0';
    marsad_doc_input c;
    memset(&c, 0, sizeof c);
    c.text = o.text;
    c.len = in->len;
    c.id = o.id;
    c.published = o.published;
    c.outlet = o.outlet;
    b->in[b->n] = c;
    b->own[b->n] = o;
    b->n++;
    return 0;
}

static void die(const char *what) {
    fprintf(stderr, "stages: %s\n", what);
    exit(1);
}

/* What one pass measures and counts. */
typedef struct pass {
    int docs_pass; /* 0: repair, normalize, text, ner; 1: doc, render */
    const char *corpus;
    const marsad_kb *kb;
    const marsad_ner_model *ner;
    size_t limit, batch_size;
    clocks acc[N_STAGES];
    size_t ndocs, nfailed, ntokens, nents, nevents;
    uint64_t nbytes, out_bytes;
} pass;

static void *run_pass(void *arg) {
    pass *ps = arg;
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_reader *r = marsad_reader_open(ps->corpus, MARSAD_INPUT_AUTO, &err);
    if (!r) die(err.msg);
    size_t cap = ps->batch_size;
    batch b = {calloc(cap, sizeof(marsad_doc_input)), calloc(cap, sizeof(owned)), 0, cap};
    marsad_text **texts = calloc(cap, sizeof *texts);
    marsad_doc **docs = calloc(cap, sizeof *docs);
    if (!b.in || !b.own || !texts || !docs) die("out of memory");
    clocks *acc = ps->acc;
    int done = 0;
    while (!done) {
        batch_clear(&b);
        while (b.n < b.cap && ps->ndocs + b.n < ps->limit) {
            marsad_doc_input in;
            memset(&in, 0, sizeof in);
            int rc = marsad_reader_next(r, &in, &err);
            if (rc == 0) {
                done = 1;
                break;
            }
            if (rc < 0) {
                ps->nfailed++;
                continue;
            }
            if (batch_add(&b, &in)) die("out of memory");
        }
        if (ps->ndocs + b.n >= ps->limit) done = 1;
        if (b.n == 0) break;
        for (size_t i = 0; i < b.n; i++) ps->nbytes += b.in[i].len;
        ps->ndocs += b.n;
        clocks t0;
        if (!ps->docs_pass) {
            t0 = now();
            for (size_t i = 0; i < b.n; i++) {
                size_t n;
                char *s = marsad_utf8_repair(b.in[i].text, b.in[i].len, &n, NULL);
                if (!s) die("out of memory");
                marsad_free(s);
            }
            add_since(&acc[ST_REPAIR], t0);

            /* normalize the repaired text (repaired outside the clock) */
            for (size_t i = 0; i < b.n; i++) {
                size_t n, m;
                char *s = marsad_utf8_repair(b.in[i].text, b.in[i].len, &n, NULL);
                if (!s) die("out of memory");
                t0 = now();
                char *z = marsad_normalize(s, n, MARSAD_NORM_DEFAULT, &m, NULL);
                add_since(&acc[ST_NORMALIZE], t0);
                if (!z) die("out of memory");
                marsad_free(z);
                marsad_free(s);
            }

            t0 = now();
            for (size_t i = 0; i < b.n; i++) {
                texts[i] = marsad_text_new(ps->kb, b.in[i].text, b.in[i].len, NULL, &err);
                if (!texts[i]) die(err.msg);
            }
            add_since(&acc[ST_TEXT], t0);
            for (size_t i = 0; i < b.n; i++) ps->ntokens += marsad_text_token_count(texts[i]);

            if (ps->ner) {
                t0 = now();
                for (size_t i = 0; i < b.n; i++) {
                    marsad_ner_entity *ents = NULL;
                    size_t ne = 0;
                    if (marsad_ner_tag_text(ps->ner, texts[i], NULL, &ents, &ne, &err))
                        die(err.msg);
                    ps->nents += ne;
                    marsad_free(ents);
                }
                add_since(&acc[ST_NER], t0);
            }
            for (size_t i = 0; i < b.n; i++) marsad_text_free(texts[i]);
            continue;
        }

        t0 = now();
        for (size_t i = 0; i < b.n; i++) {
            docs[i] = marsad_doc_new(ps->kb, &b.in[i], &err);
            if (!docs[i]) die(err.msg);
        }
        add_since(&acc[ST_DOC], t0);
        for (size_t i = 0; i < b.n; i++) ps->nevents += marsad_doc_event_count(docs[i]);

        t0 = now();
        for (size_t i = 0; i < b.n; i++) {
            size_t n;
            char *s = marsad_doc_render(docs[i], MARSAD_RECORD_JSON, &n);
            if (!s) die("out of memory");
            ps->out_bytes += n;
            marsad_free(s);
        }
        add_since(&acc[ST_RENDER], t0);
        for (size_t i = 0; i < b.n; i++) marsad_doc_free(docs[i]);
    }
    batch_clear(&b);
    marsad_reader_close(r);
    free(b.in);
    free(b.own);
    free(texts);
    free(docs);
    return NULL;
}

int main(int argc, char **argv) {
    const char *corpus = NULL, *ner_path = NULL;
    size_t limit = SIZE_MAX, batch_size = 256;
    int passes = 2;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--ner") && i + 1 < argc) ner_path = argv[++i];
        else if (!strcmp(argv[i], "--limit") && i + 1 < argc) limit = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--text-only")) passes = 1;
        else if (!strcmp(argv[i], "--batch") && i + 1 < argc)
            batch_size = strtoul(argv[++i], NULL, 10);
        else if (!corpus) corpus = argv[i];
        else die("usage: stages CORPUS [--ner MODEL] [--limit N] [--batch N] [--text-only]");
    }
    if (!corpus || batch_size == 0)
        die("usage: stages CORPUS [--ner MODEL] [--limit N] [--batch N] [--text-only]");
    marsad_error err;
    memset(&err, 0, sizeof err);
    /* one KB object a pass (both kept to the end, so that they are two
     * objects): each pass starts with an empty memo */
    marsad_kb *kb[2];
    for (int p = 0; p < 2; p++) {
        kb[p] = marsad_kb_load_builtin(&err);
        if (!kb[p]) die(err.msg);
    }
    marsad_ner_model *ner = NULL;
    if (ner_path) {
        ner = marsad_ner_model_load(ner_path, &err);
        if (!ner) die(err.msg);
    }
    pass ps[2];
    memset(ps, 0, sizeof ps);
    for (int p = 0; p < passes; p++) {
        ps[p].docs_pass = p;
        ps[p].corpus = corpus;
        ps[p].kb = kb[p];
        ps[p].ner = ner;
        ps[p].limit = limit;
        ps[p].batch_size = batch_size;
        pthread_t th;
        if (pthread_create(&th, NULL, run_pass, &ps[p])) die("cannot start a thread");
        pthread_join(th, NULL);
    }
    clocks acc[N_STAGES];
    for (int s = 0; s < N_STAGES; s++) {
        acc[s].cpu = ps[0].acc[s].cpu + ps[1].acc[s].cpu;
        acc[s].wall = ps[0].acc[s].wall + ps[1].acc[s].wall;
    }
    size_t ndocs = ps[0].ndocs;
    double mb = (double)ps[0].nbytes / 1e6;
    printf("# %zu documents (%zu unreadable), %.1f MB of text, %zu tokens, %zu events, "
           "%.1f MB of JSON%s\n",
           ndocs, ps[0].nfailed, mb, ps[0].ntokens, ps[1].nevents, (double)ps[1].out_bytes / 1e6,
           ner ? "" : "; ner: no model given, not timed");
    if (ner) printf("# ner: %zu entities; model: %s\n", ps[0].nents, marsad_ner_model_info(ner));
    printf("stage\tdocs\tMB\tcpu_s\twall_s\tMB_per_s\tdocs_per_s\n");
    for (int s = 0; s < N_STAGES; s++) {
        if (s == ST_NER && !ner) continue;
        if (passes == 1 && (s == ST_DOC || s == ST_RENDER)) continue;
        double c = acc[s].cpu > 1e-9 ? acc[s].cpu : 1e-9;
        printf("%s\t%zu\t%.1f\t%.3f\t%.3f\t%.1f\t%.0f\n", stage_names[s], ndocs, mb, acc[s].cpu,
               acc[s].wall, mb / c, (double)ndocs / c);
    }
    double d = acc[ST_DOC].cpu - acc[ST_TEXT].cpu;
    if (passes == 2 && d > 1e-9)
        printf("match+resolve+extract\t%zu\t%.1f\t%.3f\t%.3f\t%.1f\t%.0f\n", ndocs, mb, d,
               acc[ST_DOC].wall - acc[ST_TEXT].wall, mb / d, (double)ndocs / d);
    marsad_ner_model_free(ner);
    marsad_kb_free(kb[0]);
    marsad_kb_free(kb[1]);
    return 0;
}
