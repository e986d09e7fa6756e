/*
 * match.c -- longest-match lookup of the knowledge base's phrases over the
 * tokens of a document: each token offers its candidate stems (clitics
 * removed), so بالحسكة، والقوات الأمريكية and لمليشيات “قسد” find their
 * entries.  Linear in the number of tokens (phrases are at most
 * MAX_PHRASE words).
 */
#include <stdlib.h>
#include <string.h>

#include "doc.h"

#define MAX_PHRASE 12
#define MAX_FRONT 16

static int matchable(const marsad_token *k) {
    return k->kind == MARSAD_TOK_WORD || k->kind == MARSAD_TOK_NUMBER ||
           k->kind == MARSAD_TOK_LATIN;
}

/* Whether node has payloads other than extraction terms (entity pass) or
 * has term payloads (term pass).  Organisation names (KT_ORG) are for the
 * name tagger's KB hook only: neither pass sees them. */
static int node_has(const marsad_kb *kb, uint32_t node, int terms) {
    const kbNode *n = &kb->nodes[node];
    for (uint32_t i = 0; i < n->n_payload; i++) {
        const kbPayload *p = &kb->payloads[n->first_payload + i];
        if (p->kind == KP_TERM && kb->terms[p->index].kind == KT_ORG) continue;
        if ((p->kind == KP_TERM) == (terms != 0)) return 1;
    }
    return 0;
}

/* Candidate lemma keys of a conjugated or inflected word, for terms:
 * قصفت -> قصف, يقصفون -> قصف, يشتبك -> اشتبك.  Writes up to max keys
 * into `out` (arena strings). */
static size_t lemma_keys(marsad_doc *d, const marsad_token *k, const char **out, size_t max) {
    const marsad_kb *kb = d->kb;
    size_t n = 0;
    char buf[MARSAD_MAX_TOKEN_BYTES + 8];
    for (size_t s = 0; s < k->n_stems && n < max; s++) {
        const char *w = k->stems[s];
        size_t wl = strlen(w);
        if (wl + 8 > sizeof buf) continue;
        /* a verb takes و ف ل س, never ك ب or the article: كانوا is not ك + انوا */
        const char *at = strstr(k->norm, w);
        if (at) {
            int noun_clitic = 0;
            for (const char *c = k->norm; c + 1 < at; c += 2)
                noun_clitic |= !memcmp(c, "ك", 2) || !memcmp(c, "ب", 2) ||
                               (c + 3 < at && !memcmp(c, "ال", 4));
            if (noun_clitic) continue;
        }
        /* strip an imperfect prefix (and restore the alef of forms VII, VIII, X) */
        for (int pre = 0; pre <= 1; pre++) {
            const char *base = w;
            size_t bl = wl;
            int had_prefix = 0;
            if (pre) {
                if (bl < 6) continue;
                static const char *const vp[] = {"ي", "ت", "ن", "ا"};
                for (size_t q = 0; q < 4; q++)
                    if (memcmp(base, vp[q], 2) == 0) had_prefix = 1;
                if (!had_prefix) continue;
                base += 2;
                bl -= 2;
            }
            for (size_t x = 0; x <= kb->n_suffix && n + 2 < max; x++) {
                const char *form = x < kb->n_suffix ? kb->suffix[x].form : "";
                size_t fl = x < kb->n_suffix ? kb->suffix[x].len : 0; /* strlen(form) */
                /* the last byte first: most suffixes do not end the word */
                if (fl >= bl || (fl && (base[bl - 1] != form[fl - 1] ||
                                        memcmp(base + bl - fl, form, fl) != 0)))
                    continue;
                if (!fl && !pre) continue; /* the stem itself is already a key */
                const char *rep = x < kb->n_suffix ? kb->suffix[x].display : "";
                /* keys are normalized (ة -> ه) */
                const char *rep_n = strcmp(rep, "ة") == 0 ? "ه" : rep;
                size_t rl = strlen(rep_n);
                memcpy(buf, base, bl - fl);
                memcpy(buf + bl - fl, rep_n, rl);
                size_t len = bl - fl + rl;
                if (marsadUtf8Chars(buf, len) < 2) continue;
                out[n++] = marsadArenaStrndup(&d->arena, buf, len);
                /* defective verbs: تبنت -> تبنى (ي after folding) */
                if (fl && n + 2 < max && len + 2 < sizeof buf) {
                    memcpy(buf + len, "ي", 2);
                    out[n++] = marsadArenaStrndup(&d->arena, buf, len + 2);
                }
                if (had_prefix && n < max) {
                    char b2[sizeof buf + 2];
                    memcpy(b2, "ا", 2);
                    memcpy(b2 + 2, buf, len);
                    out[n++] = marsadArenaStrndup(&d->arena, b2, len + 2);
                }
            }
        }
    }
    return n;
}

/* One longest-match pass over the tokens: `terms` selects the extraction
 * vocabulary (whose first word may be conjugated: lemma keys) or the
 * entities (actors, places, agents, nationalities, cues).  Matches do not
 * overlap; each is appended to *out. */
static int match_pass(marsad_doc *d, int terms, marsadMatch **out, size_t *n_out) {
    const marsad_text *t = d->text;
    const marsad_kb *kb = d->kb;
    size_t cap = 0;
    for (size_t i = 0; i < t->ntok;) {
        const marsad_token *k0 = &t->tokens[i];
        if (!matchable(k0) || kb->trie.nslots == 0) {
            i++;
            continue;
        }
        uint32_t front[MAX_FRONT];
        size_t nf = 1;
        front[0] = 0;
        size_t best_n = 0;
        uint32_t best_node = 0;
        for (size_t j = i; j < t->ntok && j - i < MAX_PHRASE; j++) {
            const marsad_token *k = &t->tokens[j];
            if (!matchable(k) || k->sentence != k0->sentence) break;
            /* the candidate stems, the whole normalized word, and for the
             * first word of a term its lemma keys */
            const char *keys[48];
            size_t nk = 0, klen[48];
            for (size_t s = 0; s < k->n_stems && nk < 48; s++) keys[nk++] = k->stems[s];
            if (nk < 48) keys[nk++] = k->norm;
            if (terms && j == i) nk += lemma_keys(d, k, keys + nk, 48 - nk);
            for (size_t s = 0; s < nk; s++) klen[s] = strlen(keys[s]);
            uint32_t next[MAX_FRONT];
            size_t nn = 0;
            for (size_t f = 0; f < nf; f++)
                for (size_t s = 0; s < nk; s++) {
                    uint32_t c = marsadKbChild(kb, front[f], keys[s], klen[s]);
                    if (!c) continue;
                    int dup = 0;
                    for (size_t q = 0; q < nn; q++) dup |= next[q] == c;
                    if (!dup && nn < MAX_FRONT) next[nn++] = c;
                }
            if (nn == 0) break;
            for (size_t q = 0; q < nn; q++)
                if (node_has(kb, next[q], terms)) {
                    best_n = j - i + 1;
                    best_node = next[q];
                    break;
                }
            memcpy(front, next, nn * sizeof *next);
            nf = nn;
        }
        if (best_n == 0) {
            i++;
            continue;
        }
        if (*n_out == cap) {
            cap = cap ? cap * 2 : 64;
            marsadMatch *nm = realloc(*out, cap * sizeof *nm);
            if (!nm) return -1;
            *out = nm;
        }
        (*out)[(*n_out)++] = (marsadMatch){i, best_n, best_node};
        i += best_n;
    }
    return 0;
}

int marsadMatchTerms(marsad_doc *d) { return match_pass(d, 1, &d->terms, &d->n_terms); }

int marsadMatchTokens(marsad_doc *d) { return match_pass(d, 0, &d->matches, &d->n_matches); }
