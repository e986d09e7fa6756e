/*
 * train.c -- NER training: an averaged structured perceptron (Collins
 * 2002) over the hashed features, Viterbi-decoded, with integer weights so
 * that one seed always gives the same model bytes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../text/text_priv.h"
#include "ner_internal.h"

#define DEFAULT_EPOCHS 12u

/* splitmix64: a small, well-mixed generator for the shuffles. */
static uint64_t next_rand(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* A uniform integer below `n` (n > 0), without modulo bias. */
static size_t below(uint64_t *s, size_t n) {
    uint64_t lim = UINT64_MAX - UINT64_MAX % n;
    uint64_t r;
    do r = next_rand(s);
    while (r >= lim);
    return (size_t)(r % n);
}

typedef struct trainer {
    unsigned bits;
    int32_t *w;   /* current weights, 2^bits x NTAGS */
    int64_t *u;   /* sum of c * update, for the average */
    int32_t trans[MARSAD_NER_NPREV * MARSAD_NER_NTAGS];
    int64_t utrans[MARSAD_NER_NPREV * MARSAD_NER_NTAGS];
    int64_t c;    /* examples seen + 1 */
} trainer;

static void emit32(const int32_t *w, const uint32_t *rows, size_t n, int32_t *em) {
    for (size_t i = 0; i < n; i++) {
        const uint32_t *r = rows + i * MARSAD_NER_NFEAT;
        int32_t acc[MARSAD_NER_NTAGS] = {0};
        for (unsigned k = 0; k < MARSAD_NER_NFEAT; k++) {
            const int32_t *x = w + (size_t)r[k] * MARSAD_NER_NTAGS;
            for (unsigned y = 0; y < MARSAD_NER_NTAGS; y++) acc[y] += x[y];
        }
        memcpy(em + i * MARSAD_NER_NTAGS, acc, sizeof acc);
    }
}

static void bump(trainer *t, const uint32_t *rows, unsigned tag, int32_t d) {
    for (unsigned k = 0; k < MARSAD_NER_NFEAT; k++) {
        size_t j = (size_t)rows[k] * MARSAD_NER_NTAGS + tag;
        t->w[j] += d;
        t->u[j] += t->c * d;
    }
}

static void bump_trans(trainer *t, unsigned prev, unsigned tag, int32_t d) {
    size_t j = prev * MARSAD_NER_NTAGS + tag;
    t->trans[j] += d;
    t->utrans[j] += t->c * d;
}

/* One sentence: decode with the current weights, then move them towards
 * the gold tags where the decoding differs.  Returns the wrong tokens. */
static size_t learn(trainer *t, const uint32_t *rows, const uint8_t *gold, size_t n,
                    marsadNerScratch *s) {
    emit32(t->w, rows, n, s->em);
    marsadNerViterbi(s->em, n, t->trans, s->bp, s->tags);
    size_t wrong = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned g = gold[i], p = s->tags[i];
        unsigned gp = i ? gold[i - 1] : MARSAD_NER_START;
        unsigned pp = i ? s->tags[i - 1] : MARSAD_NER_START;
        if (g != p) {
            wrong++;
            bump(t, rows + i * MARSAD_NER_NFEAT, g, 1);
            bump(t, rows + i * MARSAD_NER_NFEAT, p, -1);
        }
        if (g != p || gp != pp) {
            bump_trans(t, gp, g, 1);
            bump_trans(t, pp, p, -1);
        }
    }
    t->c++;
    return wrong;
}

/* The averaged weights, quantized: emission weights to int16 with one
 * scale, transitions to int32 in the same units. */
static marsad_ner_model *finish(const trainer *t) {
    marsad_ner_model *m = marsadNerModelAlloc(t->bits);
    if (!m) return NULL;
    size_t nw = ((size_t)1 << t->bits) * MARSAD_NER_NTAGS;
    double c = (double)t->c, maxabs = 0;
    for (size_t j = 0; j < nw; j++) {
        double a = fabs((double)t->w[j] - (double)t->u[j] / c);
        if (a > maxabs) maxabs = a;
    }
    double scale = maxabs > 0 ? maxabs / 32767.0 : 1.0;
    for (size_t j = 0; j < nw; j++) {
        double a = ((double)t->w[j] - (double)t->u[j] / c) / scale;
        m->w[j] = (int16_t)lrint(a);
    }
    for (size_t j = 0; j < MARSAD_NER_NPREV * MARSAD_NER_NTAGS; j++) {
        double a = ((double)t->trans[j] - (double)t->utrans[j] / c) / scale;
        m->trans[j] = (int32_t)lrint(fmax(fmin(a, 1e9), -1e9));
    }
    m->scale = (float)scale;
    return m;
}

marsad_ner_model *marsad_ner_train(const marsad_ner_corpus *c, const size_t *sentences, size_t n,
                                   const marsad_ner_train_options *opts, marsad_error *err) {
    marsad_ner_train_options o;
    memset(&o, 0, sizeof o);
    if (opts) o = *opts;
    if (!o.epochs) o.epochs = DEFAULT_EPOCHS;
    if (!o.hash_bits) o.hash_bits = MARSAD_NER_BITS_DEFAULT;
    if (!c || o.hash_bits < MARSAD_NER_BITS_MIN || o.hash_bits > MARSAD_NER_BITS_MAX) {
        marsadErrorSet(err, MARSAD_ERR_ARG, NULL, 0,
                       "no corpus, or hash bits outside %u .. %u", MARSAD_NER_BITS_MIN,
                       MARSAD_NER_BITS_MAX);
        return NULL;
    }
    if (!o.kb) o.kb = marsadBuiltinKb(err);
    if (!o.kb) return NULL;
    if (!sentences) n = c->nsent;
    for (size_t i = 0; sentences && i < n; i++)
        if (sentences[i] >= c->nsent) {
            marsadErrorSet(err, MARSAD_ERR_ARG, NULL, 0, "sentence %zu is not in the corpus",
                           sentences[i]);
            return NULL;
        }
    if (n == 0) {
        marsadErrorSet(err, MARSAD_ERR_ARG, NULL, 0, "no training sentences");
        return NULL;
    }

    marsad_ner_model *model = NULL;
    marsadArena arena;
    marsadArenaInit(&arena);
    marsadNerScratch s;
    memset(&s, 0, sizeof s);
    trainer t;
    memset(&t, 0, sizeof t);
    t.bits = o.hash_bits;
    t.c = 1;
    marsad_token *toks = NULL;
    size_t toks_cap = 0, ntok = 0;
    size_t *order = malloc(n * sizeof *order);
    size_t *off = malloc((n + 1) * sizeof *off);
    marsad_token *types = calloc(c->ntypes ? c->ntypes : 1, sizeof *types);
    uint32_t *rows = NULL;
    uint8_t *gold = NULL;
    size_t nw = ((size_t)1 << t.bits) * MARSAD_NER_NTAGS;
    t.w = calloc(nw, sizeof *t.w);
    t.u = calloc(nw, sizeof *t.u);
    if (!order || !off || !types || !t.w || !t.u) goto nomem;
    if (marsadNerCorpusAnalyse(c, o.kb, &arena, types, err)) goto fail;

    /* Features do not depend on the weights: extract them once. */
    for (size_t i = 0; i < n; i++) {
        size_t si = sentences ? sentences[i] : i;
        ntok += c->sent_start[si + 1] - c->sent_start[si];
    }
    rows = malloc((ntok ? ntok : 1) * MARSAD_NER_NFEAT * sizeof *rows);
    gold = malloc(ntok ? ntok : 1);
    if (!rows || !gold) goto nomem;
    off[0] = 0;
    for (size_t i = 0; i < n; i++) {
        size_t si = sentences ? sentences[i] : i;
        size_t len = marsadNerCorpusViews(c, si, types, o.kb, o.clusters, o.tag, &s, &toks, &toks_cap);
        if (len == SIZE_MAX) goto nomem;
        marsadNerFeatures(s.views, len, t.bits, s.obs, rows + off[i] * MARSAD_NER_NFEAT);
        memcpy(gold + off[i], c->tag + c->sent_start[si], len);
        off[i + 1] = off[i] + len;
    }

    uint64_t rng = o.seed;
    const char *ens_env = getenv("NER_ENS");
    unsigned ens = ens_env ? (unsigned)atoi(ens_env) : 1;
    double *acc = calloc(nw, sizeof *acc);
    double tacc[MARSAD_NER_NPREV * MARSAD_NER_NTAGS] = {0};
    for (unsigned run = 0; run < ens; run++) {
    memset(t.w, 0, nw * sizeof *t.w);
    memset(t.u, 0, nw * sizeof *t.u);
    memset(t.trans, 0, sizeof t.trans);
    memset(t.utrans, 0, sizeof t.utrans);
    t.c = 1;
    for (size_t i = 0; i < n; i++) order[i] = i;
    for (unsigned e = 1; e <= o.epochs; e++) {
        for (size_t i = n; i > 1; i--) { /* Fisher-Yates */
            size_t j = below(&rng, i);
            size_t tmp = order[i - 1];
            order[i - 1] = order[j];
            order[j] = tmp;
        }
        size_t wrong = 0;
        for (size_t k = 0; k < n; k++) {
            size_t i = order[k], len = off[i + 1] - off[i];
            if (marsadNerScratchReserve(&s, len)) goto nomem;
            wrong += learn(&t, rows + off[i] * MARSAD_NER_NFEAT, gold + off[i], len, &s);
        }
        if (o.progress) o.progress(o.progress_ctx, e, o.epochs, wrong);
    }
    for (size_t j = 0; j < nw; j++) acc[j] += (double)t.w[j] - (double)t.u[j] / (double)t.c;
    for (size_t j = 0; j < MARSAD_NER_NPREV * MARSAD_NER_NTAGS; j++) tacc[j] += (double)t.trans[j] - (double)t.utrans[j] / (double)t.c;
    }
    for (size_t j = 0; j < nw; j++) { double a = acc[j] / ens; t.w[j] = (int32_t)lrint(a * 1000); t.u[j] = 0; }
    for (size_t j = 0; j < MARSAD_NER_NPREV * MARSAD_NER_NTAGS; j++) { t.trans[j] = (int32_t)lrint(tacc[j] / ens * 1000); t.utrans[j] = 0; }
    free(acc);
    model = finish(&t);
    if (!model) goto nomem;
    if (o.clusters) {
        model->clusters = marsadNerClustersCopy(o.clusters);
        if (!model->clusters) {
            marsad_ner_model_free(model);
            model = NULL;
            goto nomem;
        }
    }
    model->info = marsadNerInfo(
        "averaged perceptron; feature set %u; 2^%u rows; seed %llu; %u epochs; %zu sentences, "
        "%zu tokens; %zu clustered words",
        MARSAD_NER_FEATURE_SET, t.bits, (unsigned long long)o.seed, o.epochs, n, ntok,
        marsad_ner_clusters_count(o.clusters));
    if (!model->info) {
        marsad_ner_model_free(model);
        model = NULL;
        goto nomem;
    }
    goto done;
nomem:
    marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
fail:
    model = NULL;
done:
    free(order);
    free(off);
    free(types);
    free(rows);
    free(gold);
    free(toks);
    free(t.w);
    free(t.u);
    marsadNerScratchFree(&s);
    marsadArenaFree(&arena);
    return model;
}
