/*
 * score.c -- exact-span NER scoring as conlleval counts it (per label and
 * micro precision, recall, F1), and evaluation of a model on a corpus.
 */
#include <stdlib.h>
#include <string.h>

#include "../text/text_priv.h"
#include "ner_internal.h"

typedef struct span {
    size_t a, b; /* tokens [a, b) */
    unsigned label;
} span;

/* The entities of one BIO sequence, conlleval's way: B-X starts one, and
 * so does I-X after O or after another label. */
static size_t spans_of(const char *const *tags, size_t n, span *out) {
    size_t ns = 0;
    for (size_t i = 0; i < n;) {
        unsigned t = tags[i] ? marsadNerTagParse(tags[i], strlen(tags[i])) : 0;
        if (t == 0) {
            i++;
            continue;
        }
        unsigned label = (t - 1) / 2;
        size_t j = i + 1;
        while (j < n) {
            unsigned u = tags[j] ? marsadNerTagParse(tags[j], strlen(tags[j])) : 0;
            if (u != 2 + 2 * label) break;
            j++;
        }
        out[ns].a = i;
        out[ns].b = j;
        out[ns].label = label;
        ns++;
        i = j;
    }
    return ns;
}

static void count(marsad_ner_counts *c, const span *g, size_t ng, const span *p, size_t np) {
    for (size_t i = 0; i < ng; i++) c->gold[g[i].label]++;
    for (size_t i = 0; i < np; i++) c->pred[p[i].label]++;
    size_t i = 0, j = 0;
    while (i < ng && j < np) {
        if (g[i].a < p[j].a) {
            i++;
        } else if (p[j].a < g[i].a) {
            j++;
        } else {
            if (g[i].b == p[j].b && g[i].label == p[j].label) {
                c->correct[g[i].label]++;
                c->correct[MARSAD_NER_NLABELS]++;
            }
            i++;
            j++;
        }
    }
    c->gold[MARSAD_NER_NLABELS] += ng;
    c->pred[MARSAD_NER_NLABELS] += np;
}

void marsad_ner_counts_add(marsad_ner_counts *counts, const char *const *gold,
                           const char *const *pred, size_t n) {
    if (!counts || !n || !gold || !pred) return;
    span small[2][64];
    span *g = small[0], *p = small[1];
    if (n > 64) {
        g = malloc(n * sizeof *g);
        p = malloc(n * sizeof *p);
        if (!g || !p) { /* counted as nothing rather than crashing */
            free(g);
            free(p);
            return;
        }
    }
    size_t ng = spans_of(gold, n, g), np = spans_of(pred, n, p);
    count(counts, g, ng, p, np);
    if (n > 64) {
        free(g);
        free(p);
    }
}

void marsad_ner_counts_prf(const marsad_ner_counts *counts, size_t i, double *precision,
                           double *recall, double *f1) {
    double p = 0, r = 0, f = 0;
    if (counts && i <= MARSAD_NER_NLABELS) {
        if (counts->pred[i]) p = (double)counts->correct[i] / (double)counts->pred[i];
        if (counts->gold[i]) r = (double)counts->correct[i] / (double)counts->gold[i];
        if (p + r > 0) f = 2 * p * r / (p + r);
    }
    if (precision) *precision = p;
    if (recall) *recall = r;
    if (f1) *f1 = f;
}

char *marsad_ner_counts_table(const marsad_ner_counts *counts) {
    marsadBuf b;
    marsadBufInit(&b);
    marsadBufPuts(&b, "label\tgold\tpred\tcorrect\tprecision\trecall\tf1\n");
    for (size_t i = 0; counts && i <= MARSAD_NER_NLABELS; i++) {
        double p, r, f;
        marsad_ner_counts_prf(counts, i, &p, &r, &f);
        marsadBufPrintf(&b, "%s\t%zu\t%zu\t%zu\t%.4f\t%.4f\t%.4f\n",
                        i < MARSAD_NER_NLABELS ? marsad_ner_label_name((marsad_ner_label)i)
                                               : "micro",
                        counts->gold[i], counts->pred[i], counts->correct[i], p, r, f);
    }
    return marsadBufDetach(&b, NULL);
}

int marsad_ner_evaluate(const marsad_ner_model *m, const marsad_ner_corpus *c,
                        const size_t *sentences, size_t n, const marsad_kb *kb,
                        const marsad_ner_options *opts, marsad_ner_counts *counts,
                        marsad_error *err) {
    if (!m || !c || !counts) {
        marsadErrorSet(err, MARSAD_ERR_ARG, NULL, 0, "NULL model, corpus or counts");
        return -1;
    }
    if (!kb) kb = marsadBuiltinKb(err);
    if (!kb) return -1;
    if (!sentences) n = c->nsent;
    marsadArena arena;
    marsadArenaInit(&arena);
    marsadNerScratch s;
    memset(&s, 0, sizeof s);
    marsad_token *toks = NULL;
    size_t toks_cap = 0;
    const char **pred = NULL;
    size_t pred_cap = 0;
    marsadNerTok *views = NULL;
    size_t *off = NULL;
    uint8_t *tags = NULL;
    int rc = -1;
    marsad_token *types = calloc(c->ntypes ? c->ntypes : 1, sizeof *types);
    if (!types) goto nomem;
    if (marsadNerCorpusAnalyse(c, kb, &arena, types, err)) goto done;
    /* the views of all the sentences, in order, tagged as one document
     * (neighbouring sentences give the consistency features) */
    size_t ntok = 0;
    for (size_t k = 0; k < n; k++) {
        size_t si = sentences ? sentences[k] : k;
        if (si >= c->nsent) {
            marsadErrorSet(err, MARSAD_ERR_ARG, NULL, 0, "sentence %zu is not in the corpus", si);
            goto done;
        }
        ntok += c->sent_start[si + 1] - c->sent_start[si];
    }
    views = malloc((ntok ? ntok : 1) * sizeof *views);
    off = malloc((n + 1) * sizeof *off);
    tags = malloc(ntok ? ntok : 1);
    if (!views || !off || !tags) goto nomem;
    off[0] = 0;
    for (size_t k = 0; k < n; k++) {
        size_t si = sentences ? sentences[k] : k;
        size_t len = marsadNerCorpusViews(c, si, types, kb, m->clusters, opts, &s, &toks, &toks_cap);
        if (len == SIZE_MAX) goto nomem;
        memcpy(views + off[k], s.views, len * sizeof *views);
        off[k + 1] = off[k] + len;
    }
    if (marsadNerTagDoc(m, views, ntok, off, n, tags)) goto nomem;
    for (size_t k = 0; k < n; k++) {
        size_t si = sentences ? sentences[k] : k, len = off[k + 1] - off[k];
        if (len > pred_cap) {
            const char **q = realloc((void *)pred, len * sizeof *q);
            if (!q) goto nomem;
            pred = q;
            pred_cap = len;
        }
        for (size_t i = 0; i < len; i++) pred[i] = marsadNerTagName(tags[off[k] + i]);
        marsad_ner_counts_add(counts, c->tagstr + c->sent_start[si], pred, len);
    }
    rc = 0;
    goto done;
nomem:
    marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
done:
    free(views);
    free(off);
    free(tags);
    free(types);
    free(toks);
    free((void *)pred);
    marsadNerScratchFree(&s);
    marsadArenaFree(&arena);
    return rc;
}
