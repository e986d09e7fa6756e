/*
 * tag.c -- NER tagging: emission scores from the hashed weight table,
 * Viterbi decoding under the BIO constraints, and the public entry points
 * for a marsad_text and for one pre-tokenized sentence.
 */
#include <stdlib.h>
#include <string.h>

#include "../text/text_priv.h"
#include "ner_internal.h"

/* Rows are scattered over a table larger than the caches: fetching the
 * next tokens' rows while summing this one's hides most of the misses. */
#define PREFETCH_AHEAD 2

void marsadNerEmit(const int16_t *w, const uint32_t *rows, size_t n, int32_t *em) {
    for (size_t i = 0; i < n && i < PREFETCH_AHEAD; i++)
        for (unsigned k = 0; k < MARSAD_NER_NFEAT; k++)
            __builtin_prefetch(w + (size_t)rows[i * MARSAD_NER_NFEAT + k] * MARSAD_NER_NTAGS);
    for (size_t i = 0; i < n; i++) {
        const uint32_t *r = rows + i * MARSAD_NER_NFEAT;
        if (i + PREFETCH_AHEAD < n) {
            const uint32_t *ahead = r + PREFETCH_AHEAD * MARSAD_NER_NFEAT;
            for (unsigned k = 0; k < MARSAD_NER_NFEAT; k++)
                __builtin_prefetch(w + (size_t)ahead[k] * MARSAD_NER_NTAGS);
        }
        int32_t acc[MARSAD_NER_NTAGS] = {0};
        for (unsigned k = 0; k < MARSAD_NER_NFEAT; k++) {
            const int16_t *x = w + (size_t)r[k] * MARSAD_NER_NTAGS;
            for (unsigned y = 0; y < MARSAD_NER_NTAGS; y++) acc[y] += x[y];
        }
        memcpy(em + i * MARSAD_NER_NTAGS, acc, sizeof acc);
    }
}

/* I-X may follow only B-X or I-X. */
static int allowed(unsigned prev, unsigned tag) {
    if (tag == 0 || (tag & 1)) return 1; /* O and B- follow anything */
    return prev == tag || prev == tag - 1;
}

void marsadNerViterbi(const int32_t *em, size_t n, const int32_t *trans, uint8_t *bp,
                      uint8_t *tags) {
    enum { T = MARSAD_NER_NTAGS };
    const int64_t neg = INT64_MIN / 4;
    int64_t cur[T], next[T];
    if (n == 0) return;
    for (unsigned y = 0; y < T; y++)
        cur[y] = allowed(MARSAD_NER_START, y)
                     ? (int64_t)em[y] + trans[MARSAD_NER_START * T + y]
                     : neg;
    for (size_t i = 1; i < n; i++) {
        const int32_t *e = em + i * T;
        for (unsigned y = 0; y < T; y++) {
            int64_t best = neg;
            unsigned arg = 0;
            for (unsigned p = 0; p < T; p++) {
                if (!allowed(p, y)) continue;
                int64_t s = cur[p] + trans[p * T + y];
                if (s > best) {
                    best = s;
                    arg = p;
                }
            }
            next[y] = best + e[y];
            bp[i * T + y] = (uint8_t)arg;
        }
        memcpy(cur, next, sizeof cur);
    }
    unsigned best = 0;
    for (unsigned y = 1; y < T; y++)
        if (cur[y] > cur[best]) best = y;
    for (size_t i = n; i-- > 0;) {
        tags[i] = (uint8_t)best;
        if (i) best = bp[i * T + best];
    }
}

int marsadNerScratchReserve(marsadNerScratch *s, size_t n) {
    if (n <= s->cap) return 0;
    size_t cap = s->cap ? s->cap : 64;
    while (cap < n) cap *= 2;
    marsadNerScratch t = *s;
#define GROW(field, per)                                                   \
    do {                                                                   \
        void *p_ = realloc(t.field, cap * (per) * sizeof *t.field);        \
        if (!p_) goto fail;                                                \
        t.field = p_;                                                      \
    } while (0)
    GROW(views, 1);
    GROW(marks, 1);
    GROW(obs, MARSAD_NER_OBS_WORDS);
    GROW(rows, MARSAD_NER_NFEAT);
    GROW(em, MARSAD_NER_NTAGS);
    GROW(bp, MARSAD_NER_NTAGS);
    GROW(tags, 1);
#undef GROW
    t.cap = cap;
    *s = t;
    return 0;
fail:
    *s = t; /* keep what was reallocated; cap unchanged, so it is retried */
    return -1;
}

void marsadNerScratchFree(marsadNerScratch *s) {
    free(s->views);
    free(s->marks);
    free(s->obs);
    free(s->rows);
    free(s->em);
    free(s->bp);
    free(s->tags);
    memset(s, 0, sizeof *s);
}

void marsadNerTagViews(const marsad_ner_model *m, marsadNerScratch *s, size_t n) {
    marsadNerFeatures(s->views, n, m->bits, s->obs, s->rows);
    marsadNerEmit(m->w, s->rows, n, s->em);
    marsadNerViterbi(s->em, n, m->trans, s->bp, s->tags);
}

/* Appends the entities of one tagged sentence of `toks`. */
static int collect(const marsad_token *toks, size_t first, size_t n, const uint8_t *tags,
                   marsadBuf *out) {
    size_t i = 0;
    while (i < n) {
        unsigned t = tags[i];
        if (t == 0) {
            i++;
            continue;
        }
        unsigned label = (t - 1) / 2;
        size_t j = i + 1;
        while (j < n && tags[j] == 2 + 2 * label) j++;
        marsad_ner_entity e;
        e.label = (marsad_ner_label)label;
        e.first_token = first + i;
        e.n_tokens = j - i;
        e.start = toks[i].start;
        e.end = toks[j - 1].end;
        e.byte_start = toks[i].byte_start;
        e.byte_end = toks[j - 1].byte_end;
        marsadBufPut(out, &e, sizeof e);
        i = j;
    }
    return out->failed ? -1 : 0;
}

int marsad_ner_tag_text(const marsad_ner_model *m, const marsad_text *t,
                        const marsad_ner_options *opts, marsad_ner_entity **out, size_t *n_out,
                        marsad_error *err) {
    if (out) *out = NULL;
    if (n_out) *n_out = 0;
    if (!m || !t || !out || !n_out) {
        marsadErrorSet(err, MARSAD_ERR_ARG, NULL, 0, "NULL model, text or output");
        return -1;
    }
    marsadNerScratch s;
    memset(&s, 0, sizeof s);
    marsadBuf ents;
    marsadBufInit(&ents);
    int rc = 0;
    for (size_t si = 0; si < t->nsent && rc == 0; si++) {
        const marsad_sentence *sent = &t->sents[si];
        size_t n = sent->n_tokens;
        const marsad_token *toks = t->tokens + sent->first_token;
        if (n == 0) continue;
        if (marsadNerScratchReserve(&s, n)) {
            rc = -1;
            break;
        }
        for (size_t i = 0; i < n; i++) marsadNerTokView(&s.views[i], &toks[i], m->clusters);
        marsadNerKbMarks(opts, t->kb, toks, n, s.views, s.marks);
        marsadNerTagViews(m, &s, n);
        rc = collect(toks, sent->first_token, n, s.tags, &ents);
    }
    marsadNerScratchFree(&s);
    if (rc) {
        marsadBufFree(&ents);
        marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
        return -1;
    }
    *n_out = ents.len / sizeof(marsad_ner_entity);
    if (*n_out) {
        *out = malloc(ents.len);
        if (!*out) {
            *n_out = 0;
            marsadBufFree(&ents);
            marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
            return -1;
        }
        memcpy(*out, ents.data, ents.len);
    }
    marsadBufFree(&ents);
    return 0;
}

int marsad_ner_tag_tokens(const marsad_ner_model *m, const marsad_kb *kb,
                          const char *const *tokens, size_t n, const marsad_ner_options *opts,
                          const char **tags, marsad_error *err) {
    if (!m || (n && (!tokens || !tags))) {
        marsadErrorSet(err, MARSAD_ERR_ARG, NULL, 0, "NULL model, tokens or tags");
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (!tokens[i]) {
            marsadErrorSet(err, MARSAD_ERR_ARG, NULL, 0, "token %zu is NULL", i);
            return -1;
        }
    if (n == 0) return 0;
    if (!kb) kb = marsadBuiltinKb(err);
    if (!kb) return -1;
    marsadArena arena;
    marsadArenaInit(&arena);
    marsadNerScratch s;
    memset(&s, 0, sizeof s);
    marsad_token *toks = malloc(n * sizeof *toks);
    int rc = -1;
    if (!toks || marsadNerScratchReserve(&s, n)) {
        marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        if (marsadNerAnalyse(kb, tokens[i], strlen(tokens[i]), &arena, &toks[i], err)) goto done;
        marsadNerTokView(&s.views[i], &toks[i], m->clusters);
    }
    marsadNerKbMarks(opts, kb, toks, n, s.views, s.marks);
    marsadNerTagViews(m, &s, n);
    for (size_t i = 0; i < n; i++) tags[i] = marsadNerTagName(s.tags[i]);
    rc = 0;
done:
    free(toks);
    marsadNerScratchFree(&s);
    marsadArenaFree(&arena);
    return rc;
}
