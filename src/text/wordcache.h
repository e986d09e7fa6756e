/* wordcache.h -- private: the per-thread memo of word analyses (wordcache.c). */
#ifndef MARSAD_WORDCACHE_H
#define MARSAD_WORDCACHE_H

#include <stddef.h>

#include "../kb/kb_internal.h"
#include "marsad.h"

typedef struct marsadWordCache marsadWordCache;

/* The calling thread's cache, set to `kb` (entries made with another KB
 * are dropped).  NULL when there is none (out of memory): then every word
 * is analysed. */
marsadWordCache *marsadWordCacheGet(const marsad_kb *kb);

/* When the word `bytes[0..n)` was analysed before, fills tok's norm, seg,
 * stem, stems, n_stems, proclitics, enclitic, lexicon and function_word
 * with copies in `arena` and returns 1; 0 when it was not; -1 when the
 * arena runs out of memory.  `c` may be NULL (0). */
int marsadWordCacheLookup(marsadWordCache *c, const char *bytes, size_t n, marsad_token *tok,
                          marsadArena *arena);

/* Remembers the analysis of word `bytes[0..n)` held in tok's fields
 * (copied; words or analyses too long to cache are skipped). */
void marsadWordCacheStore(marsadWordCache *c, const char *bytes, size_t n,
                          const marsad_token *tok);

/* 0 when no discourse marker of the cache's KB can begin at a word whose
 * normalized form is `norm` (neither its first space-separated part nor,
 * after a leading و or ف, the rest's is a marker's first word); 1 when one
 * may, or when `c` is NULL or does not know. */
int marsadWordCacheMayBeginDiscourse(const marsadWordCache *c, const char *norm);

/* 0 when no two-word entry of the KB's number table begins with `stem`
 * (up to its first space); 1 when one may, or when `c` is NULL or does not
 * know. */
int marsadWordCacheMayBeginNumberPair(const marsadWordCache *c, const char *stem);

#endif
