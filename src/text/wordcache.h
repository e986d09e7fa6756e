/* wordcache.h -- private: the per-thread memo of word analyses (wordcache.c). */
#ifndef MARSAD_WORDCACHE_H
#define MARSAD_WORDCACHE_H

#include <stddef.h>
#include <stdint.h>

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
    MARSAD_WB_ALL = (1u << 3) - 1
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

/* The hash of a word's bytes, for the two calls below. */
uint64_t marsadWordHash(const char *bytes, size_t n);

/* Asks the memory system for what looking up hash h will read: the set
 * (entry 0), or the entry the set's tags point at (entry 1, once the set
 * has arrived).  A hint only.  `c` may be NULL. */
void marsadWordCachePrefetch(const marsadWordCache *c, uint64_t h, int entry);

/* When the word bytes[0..n) (hash h) was analysed before, fills tok from
 * its analysis as marsadWordFill does, sets *bits and returns 1; returns 0
 * when it was not; -1 when the arena runs out of memory.  `c` may be NULL
 * (0).  Up to 8 bytes after the word are read (the text stage's text is
 * allocated with MARSAD_TEXT_PAD bytes to spare). */
int marsadWordCacheFill(marsadWordCache *c, const char *bytes, size_t n, uint64_t h,
                        marsad_token *tok, marsadArena *arena, unsigned *bits);

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
