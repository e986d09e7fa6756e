/*
 * doc.c -- label consistency within a document: a first pass tags every
 * sentence; then each word gets a feature saying how the first pass
 * tagged the same stem elsewhere within a window of sentences (an article,
 * or neighbouring sentences of a corpus kept in article order), and a
 * second pass tags again with it.
 */
#include <stdlib.h>
#include <string.h>

#include "ner_internal.h"

uint64_t marsadNerDocKey(const marsadNerTok *t) {
    unsigned kind = t->shape >> 8;
    if ((kind != 1 && kind != 5) || t->stem_len < 2) return 0; /* Arabic and Latin words */
    return marsadHash(t->stem, t->stem_len) | 1;
}

/* An open-addressing table: stem key -> tag counts (O and the labels). */
typedef struct docmap {
    uint64_t *key;
    uint32_t (*cnt)[MARSAD_NER_NLABELS + 1];
    size_t mask;
} docmap;

static size_t slot_of(docmap *d, uint64_t k) {
    size_t j = (size_t)(k >> 17) & d->mask;
    while (d->key[j] && d->key[j] != k) j = (j + 1) & d->mask;
    if (!d->key[j]) {
        d->key[j] = k;
        memset(d->cnt[j], 0, sizeof d->cnt[j]);
    }
    return j;
}

static unsigned label_of(uint8_t tag) { return tag ? 1u + (tag - 1u) / 2u : 0u; }

static void add_sentence(docmap *d, const uint64_t *keys, const uint8_t *tags, size_t a, size_t b,
                         int delta) {
    for (size_t i = a; i < b; i++)
        if (keys[i]) d->cnt[slot_of(d, keys[i])][label_of(tags[i])] += (uint32_t)delta;
}

/* The value of a token whose stem was tagged c[] times elsewhere: 1 when
 * not seen elsewhere, 2..4 when seen 1, 2, 3+ times and always O, else the
 * most frequent label, its share (below half, below all, all) and count
 * (1, 2, 3+). */
static unsigned value_of(const uint32_t c[MARSAD_NER_NLABELS + 1]) {
    uint32_t total = 0;
    for (unsigned l = 0; l <= MARSAD_NER_NLABELS; l++) total += c[l];
    if (total == 0) return 1;
    unsigned best = 1;
    for (unsigned l = 2; l <= MARSAD_NER_NLABELS; l++)
        if (c[l] > c[best]) best = l;
    if (c[best] == 0) return 2 + (total > 3 ? 2 : total - 1);
    unsigned share = 2 * c[best] < total ? 0 : c[best] < total ? 1 : 2;
    unsigned count = c[best] > 3 ? 2 : c[best] - 1;
    return 8 + best * 16 + share * 4 + count;
}

int marsadNerDocValues(const uint64_t *keys, const uint8_t *tags, const size_t *off, size_t nsent,
                       size_t window, unsigned *out) {
    size_t ntok = off[nsent];
    size_t ns = 16;
    while (ns < 2 * ntok) ns *= 2;
    docmap d;
    d.key = calloc(ns, sizeof *d.key);
    d.cnt = malloc(ns * sizeof *d.cnt);
    d.mask = ns - 1;
    if (!d.key || !d.cnt) {
        free(d.key);
        free(d.cnt);
        return -1;
    }
    /* the window of sentence s: [s - window, s + window] */
    size_t lo = 0, hi = 0; /* sentences [lo, hi) are counted */
    for (size_t s = 0; s < nsent; s++) {
        size_t want_lo = s > window ? s - window : 0;
        size_t want_hi = s + window + 1 < nsent ? s + window + 1 : nsent;
        while (hi < want_hi) {
            add_sentence(&d, keys, tags, off[hi], off[hi + 1], 1);
            hi++;
        }
        while (lo < want_lo) {
            add_sentence(&d, keys, tags, off[lo], off[lo + 1], -1);
            lo++;
        }
        for (size_t i = off[s]; i < off[s + 1]; i++) {
            if (!keys[i]) {
                out[i] = 0;
                continue;
            }
            uint32_t c[MARSAD_NER_NLABELS + 1];
            memcpy(c, d.cnt[slot_of(&d, keys[i])], sizeof c);
            c[label_of(tags[i])]--; /* not itself */
            out[i] = value_of(c);
        }
    }
    free(d.key);
    free(d.cnt);
    return 0;
}

int marsadNerTagDoc(const marsad_ner_model *m, marsadNerTok *views, size_t ntok, const size_t *off,
                    size_t nsent, uint8_t *tags) {
    size_t maxlen = 0;
    for (size_t s = 0; s < nsent; s++)
        if (off[s + 1] - off[s] > maxlen) maxlen = off[s + 1] - off[s];
    uint64_t *obs = malloc((maxlen ? maxlen : 1) * MARSAD_NER_OBS_WORDS * sizeof *obs);
    uint32_t *rows = malloc((maxlen ? maxlen : 1) * MARSAD_NER_NFEAT * sizeof *rows);
    int32_t *em = malloc((ntok ? ntok : 1) * MARSAD_NER_NTAGS * sizeof *em);
    uint8_t *bp = malloc((maxlen ? maxlen : 1) * MARSAD_NER_NTAGS);
    uint64_t *keys = malloc((ntok ? ntok : 1) * sizeof *keys);
    unsigned *val = malloc((ntok ? ntok : 1) * sizeof *val);
    int rc = -1;
    if (!obs || !rows || !em || !bp || !keys || !val) goto done;
    for (size_t s = 0; s < nsent; s++) {
        size_t a = off[s], n = off[s + 1] - a;
        for (size_t i = a; i < a + n; i++) views[i].doc = 0;
        marsadNerFeatures(views + a, n, m->bits, obs, rows);
        marsadNerEmit(m->w, rows, n, em + a * MARSAD_NER_NTAGS);
        marsadNerViterbi(em + a * MARSAD_NER_NTAGS, n, m->trans, bp, tags + a);
    }
    for (size_t i = 0; i < ntok; i++) keys[i] = marsadNerDocKey(&views[i]);
    if (marsadNerDocValues(keys, tags, off, nsent, MARSAD_NER_DOC_WINDOW, val)) goto done;
    const int16_t *absent = m->w + (size_t)marsadNerRow(NF_DOC, 0, m->bits) * MARSAD_NER_NTAGS;
    for (size_t s = 0; s < nsent; s++) {
        size_t a = off[s], n = off[s + 1] - a;
        int changed = 0;
        for (size_t i = a; i < a + n; i++) {
            views[i].doc = val[i];
            if (!val[i]) continue;
            const int16_t *x = m->w + (size_t)marsadNerRow(NF_DOC, val[i], m->bits) * MARSAD_NER_NTAGS;
            int32_t *e = em + i * MARSAD_NER_NTAGS;
            for (unsigned y = 0; y < MARSAD_NER_NTAGS; y++) e[y] += x[y] - absent[y];
            changed = 1;
        }
        if (changed) marsadNerViterbi(em + a * MARSAD_NER_NTAGS, n, m->trans, bp, tags + a);
    }
    rc = 0;
done:
    free(obs);
    free(rows);
    free(em);
    free(bp);
    free(keys);
    free(val);
    return rc;
}
