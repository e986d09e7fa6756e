/*
 * kb_hook.c -- KB membership for the NER features: which tokens of a
 * sentence begin or continue a knowledge-base entry (place, actor, person,
 * nationality), through the options' hook or the built-in one.
 */
#include <string.h>

#include "../kb/kb_internal.h"
#include "ner_internal.h"

/* As in src/resolve/match.c: phrases of at most MAX_PHRASE words, at
 * most MAX_FRONT trie nodes followed at once. */
#define MAX_PHRASE 12
#define MAX_FRONT 16
#define MAX_KEYS 24

static int matchable(const marsad_token *k) {
    return k->kind == MARSAD_TOK_WORD || k->kind == MARSAD_TOK_NUMBER ||
           k->kind == MARSAD_TOK_LATIN;
}

/* The marks of a trie node's entity payloads as _B bits (the _I bit of a
 * kind is its _B bit << 1); 0 when it has none.  An elite (sector ELI) is
 * a person, other actors are actors; an agent (a role noun: minister,
 * army) marks a person's title; place cues (حي، مدينة) set
 * MARSAD_NER_KB_CUE; an organisation's name (organisations.tsv: a club,
 * broadcaster, company...) sets MARSAD_NER_KB_ORG. */
static unsigned node_marks(const marsad_kb *kb, uint32_t node) {
    const kbNode *n = &kb->nodes[node];
    unsigned m = 0;
    for (uint32_t i = 0; i < n->n_payload; i++) {
        const kbPayload *p = &kb->payloads[n->first_payload + i];
        switch (p->kind) {
        case KP_PLACE:
            m |= MARSAD_NER_KB_PLACE_B;
            break;
        case KP_ACTOR:
            if (p->index < kb->n_actors && memcmp(kb->actors[p->index].sector, "ELI", 4) == 0)
                m |= MARSAD_NER_KB_PERSON_B;
            else
                m |= MARSAD_NER_KB_ACTOR_B;
            break;
        case KP_AGENT:
            m |= MARSAD_NER_KB_PERSON_B;
            break;
        case KP_NATION:
            m |= MARSAD_NER_KB_NATIONALITY_B;
            break;
        case KP_CUE:
            /* target nouns (مواقع، صفوف), clause connectives (كما،
             * بينما) and units (حافلات) are extraction's, not a name's
             * context */
            if (p->index < kb->n_cues && kb->cues[p->index].kind >= KC_TARGET) break;
            m |= MARSAD_NER_KB_CUE;
            break;
        case KP_TERM:
            if (p->index < kb->n_terms && kb->terms[p->index].kind == KT_ORG)
                m |= MARSAD_NER_KB_ORG;
            break;
        default:
            break;
        }
    }
    return m;
}

/* The knowledge base's phrases over the sentence, longest match first
 * (as src/resolve/match.c finds them): each token offers its candidate
 * stems and its normalized word; a match sets the _B bits of its kinds on
 * its first token and the _I bits on the others. */
static void builtin(const marsad_kb *kb, const marsad_token *toks, size_t n, unsigned *marks) {
    if (!kb || kb->trie.nslots == 0) return;
    for (size_t i = 0; i < n;) {
        if (!matchable(&toks[i])) {
            i++;
            continue;
        }
        uint32_t front[MAX_FRONT];
        size_t nf = 1;
        front[0] = 0;
        size_t best_n = 0;
        unsigned best = 0;
        for (size_t j = i; j < n && j - i < MAX_PHRASE; j++) {
            const marsad_token *k = &toks[j];
            if (!matchable(k)) break;
            /* the distinct keys (the stem is often the word itself) */
            const char *keys[MAX_KEYS];
            size_t klen[MAX_KEYS], nk = 0;
            for (size_t s = 0; s <= k->n_stems && nk < MAX_KEYS; s++) {
                const char *w = s < k->n_stems ? k->stems[s] : k->norm;
                size_t wl = strlen(w), q = 0;
                while (q < nk && !(klen[q] == wl && memcmp(keys[q], w, wl) == 0)) q++;
                if (q < nk) continue;
                keys[nk] = w;
                klen[nk++] = wl;
            }
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
            unsigned m = 0;
            for (size_t q = 0; q < nn; q++) m |= node_marks(kb, next[q]);
            if (m) {
                best_n = j - i + 1;
                best = m;
            }
            memcpy(front, next, nn * sizeof *next);
            nf = nn;
        }
        if (best_n == 0) {
            i++;
            continue;
        }
        marks[i] |= best;
        for (size_t j = i + 1; j < i + best_n; j++) marks[j] |= best << 1;
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
    for (size_t i = 0; i < n; i++) views[i].kb = marks[i] & MARSAD_NER_KB_ALL;
}
