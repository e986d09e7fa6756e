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
    /* The lexicon's keys and values again, in buckets of four 16-byte
     * slots (a cache line) found by marsadWordHash, the keys of up to 14
     * bytes (95 % of them) written in the slot: a lookup reads one line
     * instead of the KB table's slot and then its pool, and hashes eight
     * bytes at a time.  Each slot is a length byte (0: empty), the key's
     * bytes (up to 14; a longer key: its first 10 and the offset of the
     * whole key in lex_pool), and the value byte (kbFrozenGet's).  NULL:
     * none (the KB's table is read). */
    uint64_t *lex_tab;
    uint64_t lex_bmask; /* buckets of lex_tab - 1 */
    char *lex_pool;     /* the keys longer than 14 bytes */
} marsadSegIndex;

/* The lexicon's value for s[0..n) (kbFrozenGet of the KB's lexicon: 0
 * when absent, else the word's kind + 1), with the index's filter and
 * table when it has them (`ix` may be NULL). */
uint32_t marsadLexValue(const marsadSegIndex *ix, const marsad_kb *kb, const char *s, size_t n);

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
