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
    /* the transitions with the BIO rule folded in: a forbidden step costs
     * more than any path can score, so the inner loop has no branch */
    int64_t tr[T][T];
    for (unsigned p = 0; p < T; p++)
        for (unsigned y = 0; y < T; y++) tr[p][y] = allowed(p, y) ? trans[p * T + y] : neg;
    for (unsigned y = 0; y < T; y++)
        cur[y] = allowed(MARSAD_NER_START, y)
                     ? (int64_t)em[y] + trans[MARSAD_NER_START * T + y]
                     : neg;
    for (size_t i = 1; i < n; i++) {
        const int32_t *e = em + i * T;
        for (unsigned y = 0; y < T; y++) {
            int64_t best = cur[0] + tr[0][y];
            unsigned arg = 0;
            for (unsigned p = 1; p < T; p++) {
                int64_t s = cur[p] + tr[p][y];
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
    /* the views of every sentence's tokens, packed, then both passes over
     * the whole document */
    size_t ntok = 0, maxlen = 0;
    for (size_t si = 0; si < t->nsent; si++) {
        ntok += t->sents[si].n_tokens;
        if (t->sents[si].n_tokens > maxlen) maxlen = t->sents[si].n_tokens;
    }
    marsadNerTok *views = malloc((ntok ? ntok : 1) * sizeof *views);
    unsigned *marks = malloc((maxlen ? maxlen : 1) * sizeof *marks);
    size_t *off = malloc((t->nsent + 1) * sizeof *off);
    size_t *first = malloc((t->nsent ? t->nsent : 1) * sizeof *first);
    uint8_t *tags = malloc(ntok ? ntok : 1);
    marsadBuf ents;
    marsadBufInit(&ents);
    int rc = -1;
    if (!views || !marks || !off || !first || !tags) goto done;
    size_t ns = 0;
    off[0] = 0;
    for (size_t si = 0; si < t->nsent; si++) {
        const marsad_sentence *sent = &t->sents[si];
        size_t n = sent->n_tokens;
        const marsad_token *toks = t->tokens + sent->first_token;
        if (n == 0) continue;
        marsadNerTok *v = views + off[ns];
        for (size_t i = 0; i < n; i++) marsadNerTokView(&v[i], &toks[i], m->clusters);
        marsadNerKbMarks(opts, t->kb, toks, n, v, marks);
        first[ns] = sent->first_token;
        off[ns + 1] = off[ns] + n;
        ns++;
    }
    if (marsadNerTagDoc(m, views, off[ns], off, ns, tags)) goto done;
    rc = 0;
    for (size_t k = 0; k < ns && rc == 0; k++)
        rc = collect(t->tokens + first[k], first[k], off[k + 1] - off[k], tags + off[k], &ents);
done:
    free(views);
    free(marks);
    free(off);
    free(first);
    free(tags);
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

int marsad_ner_tag_sentences(const marsad_ner_model *m, const marsad_kb *kb,
                             const char *const *tokens, const size_t *sent_off, size_t n_sent,
                             const marsad_ner_options *opts, const char **tags,
                             marsad_error *err) {
    if (!m || (n_sent && !sent_off)) {
        marsadErrorSet(err, MARSAD_ERR_ARG, NULL, 0, "NULL model or sentence offsets");
        return -1;
    }
    size_t n = n_sent ? sent_off[n_sent] : 0, maxlen = 0;
    for (size_t s = 0; s < n_sent; s++) {
        if (sent_off[s + 1] < sent_off[s] || sent_off[0] != 0) {
            marsadErrorSet(err, MARSAD_ERR_ARG, NULL, 0, "sentence offsets out of order");
            return -1;
        }
        if (sent_off[s + 1] - sent_off[s] > maxlen) maxlen = sent_off[s + 1] - sent_off[s];
    }
    if (n && (!tokens || !tags)) {
        marsadErrorSet(err, MARSAD_ERR_ARG, NULL, 0, "NULL tokens or tags");
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
    marsad_token *toks = malloc(n * sizeof *toks);
    marsadNerTok *views = malloc(n * sizeof *views);
    unsigned *marks = malloc((maxlen ? maxlen : 1) * sizeof *marks);
    uint8_t *out = malloc(n);
    int rc = -1;
    if (!toks || !views || !marks || !out) {
        marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        if (marsadNerAnalyse(kb, tokens[i], strlen(tokens[i]), &arena, &toks[i], err)) goto done;
        marsadNerTokView(&views[i], &toks[i], m->clusters);
    }
    for (size_t s = 0; s < n_sent; s++)
        marsadNerKbMarks(opts, kb, toks + sent_off[s], sent_off[s + 1] - sent_off[s],
                         views + sent_off[s], marks);
    if (marsadNerTagDoc(m, views, n, sent_off, n_sent, out)) {
        marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) tags[i] = marsadNerTagName(out[i]);
    rc = 0;
done:
    free(toks);
    free(views);
    free(marks);
    free(out);
    marsadArenaFree(&arena);
    return rc;
}

int marsad_ner_tag_tokens(const marsad_ner_model *m, const marsad_kb *kb,
                          const char *const *tokens, size_t n, const marsad_ner_options *opts,
                          const char **tags, marsad_error *err) {
    size_t off[2] = {0, n};
    return marsad_ner_tag_sentences(m, kb, tokens, off, 1, opts, tags, err);
}
