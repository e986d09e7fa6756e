/* wordcache.h -- private: the per-thread memo of word analyses (wordcache.c). */
#ifndef MARSAD_WORDCACHE_H
#define MARSAD_WORDCACHE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../kb/kb_internal.h"
#include "clitics.h"
#include "marsad.h"

typedef struct marsadWordCache marsadWordCache;

/* Prefilter bits of a word (marsadWordBits): which later lookups may
 * succeed.  A bit that is 0 means the lookup cannot succeed. */
enum {
    MARSAD_WB_DISCOURSE = 1u << 0, /* a discourse marker may begin at the word (sentence.c) */
    MARSAD_WB_NUMPAIR = 1u << 1,   /* a two-word number entry may begin with its stem (numbers.c) */
    MARSAD_WB_NUMWORD = 1u << 2,   /* one of its candidate stems is a number word (numbers.c) */
    /* With MARSAD_WB_DISCOURSE, two bits each: what
     * marsadWordCacheDiscourse says of the word's normalized form alone,
     * and of its rest after a leading و or ف (0 when it has none): 0, 1 or
     * 2 as that function returns, 3 when it does not know (ask).  These are
     * the first lookups of sentence.c's discourse_at.  0 without
     * MARSAD_WB_DISCOURSE. */
    MARSAD_WB_DISC_WORD_SHIFT = 3,
    MARSAD_WB_DISC_REST_SHIFT = 5,
    MARSAD_WB_ALL = (1u << 7) - 1
};

/* The analysis of one word: its distinct strings one after another in
 * `data`, each NUL-terminated, the word as written first; the fields give
 * the offset of each string (strings that are equal are one string: norm
 * is often the word itself, the first stem often norm). */
typedef struct marsadWordInfo {
    const char *data;
    size_t len;          /* bytes of data, NULs included */
    size_t klen;         /* bytes of the word */
    uint32_t norm, seg, encl;
    uint32_t stem[MARSAD_SEG_MAX_CAND];
    unsigned n_stems;    /* 1 .. MARSAD_SEG_MAX_CAND */
    unsigned proclitics, lexicon, function_word;
    unsigned bits;       /* MARSAD_WB_* */
} marsadWordInfo;

/* Fills a word token's strings (one copy in the arena) and fields from
 * its analysis; -1 when memory runs out. */
int marsadWordFill(marsad_token *tok, marsadArena *arena, const marsadWordInfo *wi);

/* The calling thread's cache, set to `kb` (entries made with another KB
 * are dropped).  NULL when there is none (out of memory): then every word
 * is analysed. */
marsadWordCache *marsadWordCacheGet(const marsad_kb *kb);

/* The index of the cache's KB's clitics (clitics.h), or NULL. */
const marsadSegIndex *marsadWordCacheSegIndex(const marsadWordCache *c);

static inline uint64_t marsadLoad64(const char *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline uint64_t marsadLoad32(const char *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static inline uint64_t marsadHashMix(uint64_t h, uint64_t v) {
    h = (h ^ v) * 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 29);
}

/* The hash of a word's bytes, for the calls below: eight bytes at a
 * time, the last eight (or four) overlapping the ones before (words are
 * short; the memo is private, so any well-mixing hash will do). */
static inline uint64_t marsadWordHash(const char *s, size_t n) {
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)n * 0xFF51AFD7ED558CCDULL);
    if (n >= 8) {
        size_t i = 0;
        for (; i + 8 < n; i += 8) h = marsadHashMix(h, marsadLoad64(s + i));
        h = marsadHashMix(h, marsadLoad64(s + n - 8));
    } else if (n >= 4) {
        h = marsadHashMix(h, marsadLoad32(s) | (marsadLoad32(s + n - 4) << 32));
    } else if (n > 0) {
        h = marsadHashMix(h, (uint64_t)(unsigned char)s[0] |
                                 ((uint64_t)(unsigned char)s[n / 2] << 8) |
                                 ((uint64_t)(unsigned char)s[n - 1] << 16));
    }
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 32;
    return h;
}

/* When the word bytes[0..n) (hash h) was analysed before, fills tok from
 * its analysis as marsadWordFill does, sets *bits and returns 1; returns 0
 * when it was not; -1 when the arena runs out of memory.  `c` may be NULL
 * (0).  Up to 8 bytes after the word are read (the text stage's text is
 * allocated with MARSAD_TEXT_PAD bytes to spare). */
int marsadWordCacheFill(marsadWordCache *c, const char *bytes, size_t n, uint64_t h,
                        marsad_token *tok, marsadArena *arena, unsigned *bits);

/* The words of a document from the memo: word w (w < nword) is token
 * word_tok[w] of `tokens`, with hash word_hash[w] and its bytes in `text`
 * at the token's byte span.  Fills the tokens found as marsadWordCacheFill
 * does (their prefilter bits into bits[token]), asking the memory system
 * for the words ahead as it goes, and lists the others' w in `missing`
 * (in order).  Returns how many were missing, or -1 when the arena runs
 * out of memory.  `c` may be NULL (all missing). */
long marsadWordCacheFillAll(marsadWordCache *c, const char *text, marsad_token *tokens,
                            uint8_t *bits, const uint32_t *word_tok, const uint64_t *word_hash,
                            size_t nword, marsadArena *arena, uint32_t *missing);

/* Remembers an analysis (copied; words or analyses too long to cache are
 * skipped).  `c` may be NULL. */
void marsadWordCachePut(marsadWordCache *c, uint64_t h, const marsadWordInfo *wi);

/* The MARSAD_WB_* bits of an analysis (all of them when `c` is NULL or
 * does not know). */
unsigned marsadWordBits(const marsadWordCache *c, const marsad_kb *kb, const marsadWordInfo *wi);

/* 0 when no discourse marker of the cache's KB can begin at a word whose
 * normalized form is `norm` (neither its first space-separated part nor,
 * after a leading و or ف, the rest's is a marker's first word); 1 when one
 * may, or when `c` is NULL or does not know. */
int marsadWordCacheMayBeginDiscourse(const marsadWordCache *c, const char *norm);

/* What the KB's discourse markers say of `key` (n > 0 bytes): 2 when it
 * is a marker; 1 when it is not, but a marker begins with it and a space;
 * 0 when neither; -1 when `c` is NULL or does not know (ask the KB). */
int marsadWordCacheDiscourse(const marsadWordCache *c, const char *key, size_t n);

/* 0 when no two-word entry of the KB's number table begins with `stem`
 * (up to its first space); 1 when one may, or when `c` is NULL or does not
 * know. */
int marsadWordCacheMayBeginNumberPair(const marsadWordCache *c, const char *stem);

#endif
