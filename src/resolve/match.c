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

int marsadMatchTokens(marsad_doc *d) {
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
            uint32_t next[MAX_FRONT];
            size_t nn = 0;
            for (size_t f = 0; f < nf; f++) {
                for (size_t s = 0; s <= k->n_stems; s++) {
                    /* the candidate stems, then the whole normalized word */
                    const char *w = s < k->n_stems ? k->stems[s] : k->norm;
                    uint32_t c = marsadKbChild(kb, front[f], w, strlen(w));
                    if (!c) continue;
                    int dup = 0;
                    for (size_t q = 0; q < nn; q++) dup |= next[q] == c;
                    if (!dup && nn < MAX_FRONT) next[nn++] = c;
                }
            }
            if (nn == 0) break;
            for (size_t q = 0; q < nn; q++)
                if (kb->nodes[next[q]].n_payload) {
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
        if (d->n_matches == cap) {
            cap = cap ? cap * 2 : 64;
            marsadMatch *nm = realloc(d->matches, cap * sizeof *nm);
            if (!nm) return -1;
            d->matches = nm;
        }
        d->matches[d->n_matches++] = (marsadMatch){i, best_n, best_node};
        i += best_n;
    }
    return 0;
}
