/* text_priv.h -- private: the document object of the text stage. */
#ifndef MARSAD_TEXT_PRIV_H
#define MARSAD_TEXT_PRIV_H

#include "../kb/kb_internal.h"
#include "text_internal.h"

struct marsad_text {
    const marsad_kb *kb;
    marsadArena arena;  /* token strings */
    marsadBuf scratch;  /* reused while normalizing */
    marsadBuf wbuf, pbuf, light, segf; /* reused while analysing a word (text.c) */
    uint32_t *word_tok;  /* while tokenizing: the word tokens (in word_hash's allocation), */
    uint64_t *word_hash; /* and their hashes (marsadWordHash), */
    uint32_t *word_miss; /* and those not in the memo */
    size_t nword, cap_word;
    char *utf8;         /* repaired text */
    size_t len, chars, replaced;
    marsad_token *tokens; /* one allocation with nl_before, wbits and tkind */
    uint8_t *nl_before; /* newlines between a token and the one before it (capped) */
    uint8_t *wbits;     /* a word token's MARSAD_WB_* prefilter bits (wordcache.h); 0 for others */
    /* each token's kind (marsad_token_kind), so that the passes of
     * sentence.c and numbers.c need not read every 136-byte token */
    uint8_t *tkind;
    size_t ntok, cap_tok;
    void *work;         /* marsadTextWork */
    size_t work_cap;
    marsad_sentence *sents;
    size_t nsent;
    marsad_number *nums;
    size_t nnum;
};

int marsadTokenize(marsad_text *t);
/* Scratch memory of at least `bytes` (malloc's alignment) for one pass
 * over the tokens (sentence.c, numbers.c), kept until the document is
 * made, so that the passes share one allocation; NULL when memory runs
 * out. */
void *marsadTextWork(marsad_text *t, size_t bytes);
int marsadSentences(marsad_text *t);
int marsadNumbers(marsad_text *t);
const marsad_kb *marsadBuiltinKb(marsad_error *err);

#endif
