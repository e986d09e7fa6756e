/*
 * train.c -- NER training: an averaged structured perceptron (Collins
 * 2002) over the hashed features, Viterbi-decoded, with integer weights so
 * that one seed always gives the same model bytes; with unlabeled text,
 * word classes and a first model whose tags become features of the second.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../text/text_priv.h"
#include "ner_internal.h"

#define DEFAULT_EPOCHS 20u
/* Loss-augmented decoding: while learning, every wrong tag of a token
 * gets this bonus, so the weights must beat the gold tags by a margin. */
#define MARGIN 2
/* While learning, this share of the tokens lose the features of their
 * own word (a word-dropout), so the weights of context, affixes and word
 * classes are learnt as they will be needed for words never seen. */
#define WORD_DROPOUT 0.3
/* Besides, every other template of a token (but the bias and the
 * document feature) is dropped with this probability in each pass: no
 * weight can carry a decision alone.  The dropout slows learning, hence
 * DEFAULT_EPOCHS 20 rather than 15. */
#define FEATURE_DROPOUT 0.2
/* The bias row moves this much per mistake where other features move 1:
 * a per-tag prior that keeps up with the many sparse features (measured
 * on the held-out tenth: +0.6 F1 over 1). */
#define BIAS_STEP 8
/* Document consistency (doc.c): the first-pass tags of the training
 * sentences come from JACKKNIFE models, each trained without one of as
 * many contiguous parts and tagging that part.  While learning, a
 * sentence loses its NF_DOC values with probability DOC_DROPOUT, so the
 * same weights also make the first pass (which has none). */
#define JACKKNIFE 5
#define DOC_DROPOUT 0.5

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
        if (rows[k] >> t->bits) continue; /* the null row of a dropped feature */
        size_t j = (size_t)rows[k] * MARSAD_NER_NTAGS + tag;
        int32_t dd = k == NF_BIAS ? d * BIAS_STEP : d;
        t->w[j] += dd;
        t->u[j] += t->c * dd;
    }
}

static void bump_trans(trainer *t, unsigned prev, unsigned tag, int32_t d) {
    size_t j = prev * MARSAD_NER_NTAGS + tag;
    t->trans[j] += d;
    t->utrans[j] += t->c * d;
}

/* One sentence: decode with the current weights (plus the margin), then
 * move them towards the gold tags where the decoding differs.  Returns
 * the wrong tokens. */
static size_t learn(trainer *t, const uint32_t *rows, const uint8_t *gold, size_t n,
                    marsadNerScratch *s) {
    emit32(t->w, rows, n, s->em);
    for (size_t i = 0; i < n; i++)
        for (unsigned y = 0; y < MARSAD_NER_NTAGS; y++)
            if (y != gold[i]) s->em[i * MARSAD_NER_NTAGS + y] += MARGIN;
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

static void say(const marsad_ner_train_options *o, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void say(const marsad_ner_train_options *o, const char *fmt, ...) {
    if (!o->log) return;
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    o->log(o->log_ctx, line);
}

/* The training sentences as feature rows (they do not depend on the
 * weights, so they are extracted once) and gold tags. */
typedef struct examples {
    size_t n, ntok, maxlen;
    size_t *off;    /* n + 1 token offsets */
    uint32_t *rows; /* ntok x NFEAT */
    uint8_t *gold;  /* ntok */
    uint64_t *key;  /* ntok: marsadNerDocKey */
} examples;

static void examples_free(examples *x) {
    free(x->off);
    free(x->rows);
    free(x->gold);
    free(x->key);
    memset(x, 0, sizeof *x);
}

static int extract(examples *x, const marsad_ner_corpus *c, const size_t *sentences, size_t n,
                   const marsad_token *types, const marsad_ner_train_options *o,
                   const marsad_ner_clusters *table) {
    memset(x, 0, sizeof *x);
    x->n = n;
    for (size_t i = 0; i < n; i++) {
        size_t si = sentences ? sentences[i] : i, len = c->sent_start[si + 1] - c->sent_start[si];
        x->ntok += len;
        if (len > x->maxlen) x->maxlen = len;
    }
    x->off = malloc((n + 1) * sizeof *x->off);
    x->rows = malloc((x->ntok ? x->ntok : 1) * MARSAD_NER_NFEAT * sizeof *x->rows);
    x->gold = malloc(x->ntok ? x->ntok : 1);
    x->key = malloc((x->ntok ? x->ntok : 1) * sizeof *x->key);
    marsadNerScratch s;
    memset(&s, 0, sizeof s);
    marsad_token *toks = NULL;
    size_t toks_cap = 0;
    int rc = -1;
    if (!x->off || !x->rows || !x->gold || !x->key) goto done;
    x->off[0] = 0;
    for (size_t i = 0; i < n; i++) {
        size_t si = sentences ? sentences[i] : i;
        size_t len = marsadNerCorpusViews(c, si, types, o->kb, table, o->tag, &s, &toks, &toks_cap);
        if (len == SIZE_MAX) goto done;
        marsadNerFeatures(s.views, len, o->hash_bits, s.obs, x->rows + x->off[i] * MARSAD_NER_NFEAT);
        memcpy(x->gold + x->off[i], c->tag + c->sent_start[si], len);
        for (size_t q = 0; q < len; q++) x->key[x->off[i] + q] = marsadNerDocKey(&s.views[q]);
        x->off[i + 1] = x->off[i] + len;
    }
    rc = 0;
done:
    free(toks);
    marsadNerScratchFree(&s);
    return rc;
}

/* The templates of a token's own word, dropped together. */
static const unsigned own_word[] = {NF_W0, NF_S0, NF_WM1_W0, NF_W0_WP1, NF_SM1_S0, NF_S0_SP1};

/* Trains the weights on the sentences of x (all, or those of x outside
 * [skip_a, skip_b)): `epochs` shuffled passes, dropping each token's other
 * templates with probability FEATURE_DROPOUT, its own word with probability
 * WORD_DROPOUT and a sentence's NF_DOC values with probability DOC_DROPOUT. */
static marsad_ner_model *perceptron(const examples *x, const marsad_ner_train_options *o,
                                    size_t skip_a, size_t skip_b) {
    trainer t;
    memset(&t, 0, sizeof t);
    t.bits = o->hash_bits;
    t.c = 1;
    size_t nw = ((size_t)1 << t.bits) * MARSAD_NER_NTAGS;
    t.w = calloc(nw + MARSAD_NER_NTAGS, sizeof *t.w); /* and the null row of dropped features */
    t.u = calloc(nw, sizeof *t.u);
    size_t *order = malloc((x->n ? x->n : 1) * sizeof *order);
    uint32_t *rows = malloc((x->maxlen + 1) * MARSAD_NER_NFEAT * sizeof *rows);
    marsadNerScratch s;
    memset(&s, 0, sizeof s);
    marsad_ner_model *m = NULL;
    if (!t.w || !t.u || !order || !rows || marsadNerScratchReserve(&s, x->maxlen + 1)) goto done;
    uint64_t rng = o->seed;
    const uint32_t null_row = (uint32_t)1 << t.bits;
    const uint64_t drop_below = (uint64_t)(WORD_DROPOUT * 18446744073709551616.0);
    const uint64_t feat_below = (uint64_t)(FEATURE_DROPOUT * 18446744073709551616.0);
    const uint64_t doc_below = (uint64_t)(DOC_DROPOUT * 18446744073709551616.0);
    const uint32_t no_doc = marsadNerRow(NF_DOC, 0, t.bits);
    size_t nord = 0;
    for (size_t i = 0; i < x->n; i++)
        if (i < skip_a || i >= skip_b) order[nord++] = i;
    for (unsigned e = 1; e <= o->epochs; e++) {
        for (size_t i = nord; i > 1; i--) { /* Fisher-Yates */
            size_t j = below(&rng, i);
            size_t tmp = order[i - 1];
            order[i - 1] = order[j];
            order[j] = tmp;
        }
        size_t wrong = 0;
        for (size_t k = 0; k < nord; k++) {
            size_t i = order[k], len = x->off[i + 1] - x->off[i];
            memcpy(rows, x->rows + x->off[i] * MARSAD_NER_NFEAT,
                   len * MARSAD_NER_NFEAT * sizeof *rows);
            if (next_rand(&rng) < doc_below)
                for (size_t q = 0; q < len; q++) rows[q * MARSAD_NER_NFEAT + NF_DOC] = no_doc;
            for (size_t q = 0; q < len; q++)
                for (unsigned z = NF_BIAS + 1; z < MARSAD_NER_NFEAT; z++)
                    if (z != NF_DOC && next_rand(&rng) < feat_below)
                        rows[q * MARSAD_NER_NFEAT + z] = null_row;
            for (size_t q = 0; q < len; q++)
                if (next_rand(&rng) < drop_below)
                    for (size_t z = 0; z < sizeof own_word / sizeof *own_word; z++)
                        rows[q * MARSAD_NER_NFEAT + own_word[z]] = null_row;
            wrong += learn(&t, rows, x->gold + x->off[i], len, &s);
        }
        if (skip_a == skip_b) say(o, "epoch %u/%u: %zu tokens mistagged", e, o->epochs, wrong);
    }
    m = finish(&t);
done:
    free(t.w);
    free(t.u);
    free(order);
    free(rows);
    marsadNerScratchFree(&s);
    return m;
}

/* Sets the NF_DOC rows of x: first-pass tags of each part of x from a
 * model trained on the other parts, then each token's value from the tags
 * of its stem in the neighbouring sentences. */
static int doc_features(examples *x, const marsad_ner_train_options *o) {
    uint8_t *tags = malloc(x->ntok ? x->ntok : 1);
    int32_t *em = malloc((x->maxlen ? x->maxlen : 1) * MARSAD_NER_NTAGS * sizeof *em);
    uint8_t *bp = malloc((x->maxlen ? x->maxlen : 1) * MARSAD_NER_NTAGS);
    unsigned *val = malloc((x->ntok ? x->ntok : 1) * sizeof *val);
    int rc = -1;
    if (!tags || !em || !bp || !val) goto done;
    for (unsigned k = 0; k < JACKKNIFE; k++) {
        size_t a = x->n * k / JACKKNIFE, b = x->n * (k + 1) / JACKKNIFE;
        marsad_ner_model *m = perceptron(x, o, a, b);
        if (!m) goto done;
        for (size_t i = a; i < b; i++) {
            size_t len = x->off[i + 1] - x->off[i];
            marsadNerEmit(m->w, x->rows + x->off[i] * MARSAD_NER_NFEAT, len, em);
            marsadNerViterbi(em, len, m->trans, bp, tags + x->off[i]);
        }
        marsad_ner_model_free(m);
    }
    if (marsadNerDocValues(x->key, tags, x->off, x->n, MARSAD_NER_DOC_WINDOW, val)) goto done;
    for (size_t i = 0; i < x->ntok; i++)
        x->rows[i * MARSAD_NER_NFEAT + NF_DOC] = marsadNerRow(NF_DOC, val[i], o->hash_bits);
    rc = 0;
done:
    free(tags);
    free(em);
    free(bp);
    free(val);
    return rc;
}

marsad_ner_model *marsad_ner_train(const marsad_ner_corpus *c, const size_t *sentences, size_t n,
                                   const marsad_ner_train_options *opts, marsad_error *err) {
    marsad_ner_train_options o;
    memset(&o, 0, sizeof o);
    if (opts) o = *opts;
    if (!o.epochs) o.epochs = DEFAULT_EPOCHS;
    if (!o.hash_bits) o.hash_bits = MARSAD_NER_BITS_DEFAULT;
    if (!c || o.hash_bits < MARSAD_NER_BITS_MIN || o.hash_bits > MARSAD_NER_BITS_MAX ||
        (o.n_unlabeled && !o.unlabeled)) {
        marsadErrorSet(err, MARSAD_ERR_ARG, NULL, 0,
                       "no corpus, no unlabeled file names, or hash bits outside %u .. %u",
                       MARSAD_NER_BITS_MIN, MARSAD_NER_BITS_MAX);
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

    marsad_ner_model *model = NULL, *first = NULL;
    marsad_ner_clusters *table = NULL;
    marsadArena arena;
    marsadArenaInit(&arena);
    marsadNerUnl u;
    memset(&u, 0, sizeof u);
    examples x;
    memset(&x, 0, sizeof x);
    marsad_token *types = calloc(c->ntypes ? c->ntypes : 1, sizeof *types);
    if (!types) goto nomem;
    if (marsadNerCorpusAnalyse(c, o.kb, &arena, types, err)) goto fail;

    if (o.n_unlabeled) {
        if (marsadNerUnlRead(&u, o.kb, o.unlabeled, o.n_unlabeled, err)) goto fail;
        say(&o, "unlabeled text: %zu tokens, %zu distinct", u.ntokens, u.ntypes);
    }
    if (o.clusters) {
        table = marsadNerClustersCopy(o.clusters);
        if (!table) goto nomem;
    } else if (o.n_unlabeled) {
        table = marsadNerClustersLearn(&u, err);
        if (!table) goto fail;
        say(&o, "word classes: %zu stems", table->n);
    }
    if (table && o.n_unlabeled) {
        /* self-training: a first model, without the figures it makes,
         * tags the unlabeled text */
        for (size_t w = 0; w < table->n; w++) {
            for (unsigned l = 0; l < MARSAD_NER_NLABELS; l++)
                table->attr[w * MARSAD_NER_NATTR + NA_SELF + l] = MARSAD_NER_NO_CLUSTER;
            table->attr[w * MARSAD_NER_NATTR + NA_SPOS] = MARSAD_NER_NO_CLUSTER;
        }
        if (extract(&x, c, sentences, n, types, &o, table)) goto nomem;
        first = perceptron(&x, &o, 0, 0);
        examples_free(&x);
        if (!first) goto nomem;
        first->clusters = table;
        int rc = marsadNerSelfTrain(&u, first, o.kb, o.tag, table, err);
        first->clusters = NULL;
        if (rc) goto fail;
        say(&o, "self-training: the first model tagged the unlabeled text");
    }
    if (extract(&x, c, sentences, n, types, &o, table)) goto nomem;
    if (doc_features(&x, &o)) goto nomem;
    say(&o, "document consistency: first-pass tags of %u parts", JACKKNIFE);
    model = perceptron(&x, &o, 0, 0);
    if (!model) goto nomem;
    model->clusters = table;
    table = NULL;
    model->info = marsadNerInfo(
        "averaged perceptron; feature set %u; 2^%u rows; seed %llu; %u epochs; %zu sentences, "
        "%zu tokens; %zu stems in the word table; %zu unlabeled tokens",
        MARSAD_NER_FEATURE_SET, o.hash_bits, (unsigned long long)o.seed, o.epochs, n, x.ntok,
        marsad_ner_clusters_count(model->clusters), u.ntokens);
    if (!model->info) goto nomem;
    goto done;
nomem:
    marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
fail:
    marsad_ner_model_free(model);
    model = NULL;
done:
    marsad_ner_model_free(first);
    marsad_ner_clusters_free(table);
    examples_free(&x);
    marsadNerUnlFree(&u);
    free(types);
    marsadArenaFree(&arena);
    return model;
}
