/* clitics.h -- private: the result of segmenting one word (seg form). */
#ifndef MARSAD_CLITICS_H
#define MARSAD_CLITICS_H

#include <stddef.h>
#include <stdint.h>

#include "../kb/kb_internal.h"

#define MARSAD_SEG_MAX_CAND 6
#define MARSAD_SEG_MAX_ALL 64

typedef struct marsadSegCand {
    size_t pre, len; /* stem = w[pre, pre+len) in bytes of the seg form */
    int score;
    int64_t lex;     /* the stem's lexicon value (0 absent, else its kind + 1); -1 not known */
} marsadSegCand;

/* Which clitics of a KB can begin (end) a word, by its first (last) two
 * bytes: exact prefilters for the loops of marsadSegment.  Bit i is the
 * KB's clitic i of that table. */
typedef struct marsadSegIndex {
    uint64_t procl_first[256], procl_second[256], procl_all;
    uint64_t encl_last[256], encl_prev[256], encl_all;
    uint64_t suf_last[256], suf_prev[256], suf_all, suf_encl_only;
    /* A filter of the lexicon's keys (a Bloom filter of one 64-bit word a
     * key, three bits of marsadWordHash): when a key's bits are not all
     * set, the lexicon does not have it, and its table (megabytes, out of
     * the caches) is not read.  NULL: none (every key is looked up). */
    uint64_t *lex_filter;
    uint64_t lex_mask; /* words of lex_filter - 1 */
} marsadSegIndex;

/* Builds the index of a KB's clitics; -1 when a table has more than 64
 * (then segment without one).  The lexicon filter is allocated once and
 * kept with the index for the life of the process (the memo's). */
int marsadSegIndexBuild(marsadSegIndex *ix, const marsad_kb *kb);

typedef struct marsadSeg {
    size_t pre, stem_len;          /* the chosen stem */
    const marsadClitic *procl;     /* NULL when none */
    const marsadClitic *encl;      /* NULL when none */
    marsadSegCand cand[MARSAD_SEG_MAX_CAND];
    size_t n_cand;
} marsadSeg;

/* Segments `w` (seg form: see MARSAD_NORM_SEG); `ix` (NULL: none) is the
 * index of kb's clitics. */
void marsadSegment(const marsad_kb *kb, const marsadSegIndex *ix, const char *w, size_t n,
                   marsadSeg *out);

#endif
