/*
 * kb_hook.c -- KB membership for the NER features: which tokens of a
 * sentence begin or continue a knowledge-base entry (place, actor, person,
 * nationality), through the options' hook or the built-in one.
 */
#include <stdlib.h>
#include <string.h>

#include "../kb/kb_internal.h"
#include "ner_internal.h"

#define MAX_PHRASE 12
#define MAX_FRONT 16

static int matchable(const marsad_token *k) {
    return k->kind == MARSAD_TOK_WORD || k->kind == MARSAD_TOK_NUMBER ||
           k->kind == MARSAD_TOK_LATIN;
}

/* The marks of a trie node's entries (B bits; I = B << 1). */
static unsigned node_marks(const marsad_kb *kb, uint32_t node) {
    unsigned m = 0;
    const kbNode *nd = &kb->nodes[node];
    for (uint32_t k = 0; k < nd->n_payload; k++) {
        const kbPayload *p = &kb->payloads[nd->first_payload + k];
        switch (p->kind) {
        case KP_PLACE: m |= MARSAD_NER_KB_PLACE_B; break;
        case KP_ACTOR: m |= MARSAD_NER_KB_ACTOR_B; break;
        case KP_AGENT: m |= MARSAD_NER_KB_PERSON_B; break;
        case KP_NATION:
            m |= kb->nations[p->index].kind == 1 ? MARSAD_NER_KB_PLACE_B
                                                  : MARSAD_NER_KB_NATIONALITY_B;
            break;
        default: break;
        }
    }
    return m;
}

static void builtin(const marsad_kb *kb, const marsad_token *toks, size_t n, unsigned *marks) {
    static int on = -1;
    if (on < 0) on = getenv("NER_KBHOOK") != NULL;
    if (!on || !kb || kb->trie.nslots == 0) return;
    for (size_t i = 0; i < n;) {
        if (!matchable(&toks[i])) {
            i++;
            continue;
        }
        uint32_t front[MAX_FRONT];
        size_t nf = 1, best_n = 0;
        uint32_t best_node = 0;
        front[0] = 0;
        for (size_t j = i; j < n && j - i < MAX_PHRASE && matchable(&toks[j]); j++) {
            const marsad_token *k = &toks[j];
            uint32_t next[MAX_FRONT];
            size_t nn = 0;
            for (size_t f = 0; f < nf; f++)
                for (size_t s = 0; s <= k->n_stems; s++) {
                    const char *w = s < k->n_stems ? k->stems[s] : k->norm;
                    uint32_t c = marsadKbChild(kb, front[f], w, strlen(w));
                    if (!c) continue;
                    int dup = 0;
                    for (size_t q = 0; q < nn; q++) dup |= next[q] == c;
                    if (!dup && nn < MAX_FRONT) next[nn++] = c;
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
        unsigned b = node_marks(kb, best_node);
        marks[i] |= b;
        for (size_t j = i + 1; j < i + best_n; j++) marks[j] |= b << 1;
        i += best_n;
    }
}

void marsadNerKbMarks(const marsad_ner_options *opts, const marsad_kb *kb,
                      const marsad_token *toks, size_t n, marsadNerTok *views, unsigned *marks) {
    memset(marks, 0, n * sizeof *marks);
    if (opts && opts->kb_hook)
        opts->kb_hook(opts->kb_ctx, toks, n, marks);
    else
        builtin(kb, toks, n, marks);
    for (size_t i = 0; i < n; i++) views[i].kb = marks[i] & 0xFFu;
}
