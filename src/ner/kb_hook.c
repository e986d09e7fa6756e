/*
 * kb_hook.c -- KB membership for the NER features: which tokens of a
 * sentence begin or continue a knowledge-base entry (place, actor, person,
 * nationality), through the options' hook or the built-in one.
 */
#include <string.h>

#include "ner_internal.h"

/* The built-in hook marks nothing yet.  The knowledge base's phrase
 * matcher (src/resolve/match.c walks the same trie over the same tokens)
 * is meant to plug in here: for each longest match, the payload kinds of
 * its trie node give the _B bit on its first token and the _I bit on the
 * others.  Retrain the shipped model when it does (docs/ner.md). */
static void builtin(const marsad_kb *kb, const marsad_token *toks, size_t n, unsigned *marks) {
    (void)kb;
    (void)toks;
    (void)n;
    (void)marks;
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
