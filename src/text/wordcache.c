/*
 * wordcache.c -- a memo of word analyses: the normalized form, clitic
 * segmentation, candidate stems and lexicon kind of a word are a function
 * of its bytes and the KB only, and news repeats its words, so most words
 * of an article were analysed in an earlier one.  Analysing a word (four
 * or more normalizations, tens of lexicon lookups) was most of the text
 * stage (docs/performance.md).
 *
 * One memo per KB for the whole process, shared by every thread (so that
 * threads learn the vocabulary once and the memo is in the caches once),
 * set-associative and bounded: WC_SLOTS entries of 128 bytes (32 MB) and
 * their sets' tags (2 MB), allocated on first use (memory is taken as
 * entries are written) and kept for the life of the process.  Readers
 * take no lock: each set has a sequence number (seqlock) that a writer
 * makes odd while it changes the set, and a reader that saw it change, or
 * odd, discards what it read and looks again (or analyses the word
 * itself).  Every shared word is read and written with
 * atomic operations.  Entries are keyed by the word's bytes; the memo is
 * keyed by the KB (its address and image checksum and size), so results
 * are exactly those of the analysis itself.  Each entry also keeps the
 * prefilter bits of the word (MARSAD_WB_*), so that the sentence splitter
 * and the number reader skip lookups that cannot succeed.
 *
 * It also keeps, read-only once built, the discourse markers and their
 * beginnings, the first words of the KB's discourse markers and two-word
 * number entries, the keys of the number table and the clitic index of
 * the KB (clitics.h).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../kb/blob.h"
#include "wordcache.h"

/* WC_SLOTS entries in sets of WC_WAYS, each set replacing its least
 * recently used entry: on the whole SaudiNewsNet corpus 96 % of word
 * tokens are found (94 % with half as many entries), against 79 % with the
 * 32,768 direct-mapped entries of before (and 97 % if nothing were ever
 * forgotten).  A set's tags are kept apart from its entries (32 bytes a
 * set), and an entry holds its strings (128 bytes an entry), so that a
 * lookup reads two cache lines that marsadWordCacheFillAll has asked for
 * ahead: the memo is bigger than the caches, and waiting for memory was
 * most of the time of a lookup. */
#define WC_BITS 18
#define WC_SLOTS (1u << WC_BITS)
#define WC_WAYS 4
#define WC_SETS (WC_SLOTS / WC_WAYS)
/* Words longer than this (bytes) are not cached; nor are analyses whose
 * strings take more than WC_INLINE bytes (about 1 % of distinct words). */
#define WC_MAX_KEY 64
#define WC_WORDS 16                 /* an entry: 16 atomic 64-bit words */
#define WC_HEAD 3                   /* of which the header */
#define WC_INLINE ((WC_WORDS - WC_HEAD) * 8) /* 104 bytes of strings */
/* The memos of the process, one per KB (a program that loads more KBs
 * analyses their words without one). */
#define WC_MAX_CACHES 8
#define WC_ORDER0 0xE4u /* ways 0, 1, 2, 3 from the most recently used */

typedef struct wcSet {
    _Atomic uint32_t seq;           /* even: stable; odd: a writer is changing the set */
    _Atomic uint32_t tag[WC_WAYS];  /* (hash >> 32) | 1 of the word in each way; 0: empty */
    _Atomic uint32_t order;         /* the ways from the most recently used, two bits
                                     * each (bits 0-1: the most recent); 0: WC_ORDER0 */
    uint32_t pad[2];
} wcSet;

/* An entry, as 16 words:
 *   w0: bits 0-7 len (bytes of the strings), 8-15 klen (bytes of the word),
 *       16-23 n_stems, 24-25 lexicon, 26 function_word, 27-33 bits (MARSAD_WB_*),
 *       40-63 proclitics;
 *   w1: bytes 0-7 the offsets of norm, seg, enclitic, stems[0..4];
 *   w2: byte 0 the offset of stems[5];
 *   w3..w15: the strings, the word first, each NUL-terminated. */
typedef struct wcEntry {
    _Atomic uint64_t w[WC_WORDS];
} wcEntry;

_Static_assert(sizeof(wcSet) == 32, "a set is 32 bytes");
_Static_assert(sizeof(wcEntry) == 128, "an entry is two cache lines");
_Static_assert(MARSAD_SEG_MAX_CAND == 6, "the entry layout holds six stems");
_Static_assert(WC_INLINE < 256, "offsets are bytes");

/* The discourse markers of the KB and their beginnings: every prefix of
 * a marker that ends where a space follows in it, or at its end (`full`:
 * the marker itself).  Open addressing over `pool`; valid when ok. */
typedef struct wcPrefixSlot {
    uint64_t hash;
    uint32_t off, len; /* the prefix is pool[off .. off+len); len 0: empty slot */
    uint32_t full;
} wcPrefixSlot;
typedef struct wcPrefixes {
    char *pool;
    wcPrefixSlot *slots;
    uint32_t mask;
    int has_empty; /* first_build: some key's first word is empty */
    int ok;
} wcPrefixes;

struct marsadWordCache {
    const marsad_kb *kb;
    uint64_t kb_sum;
    size_t kb_len;
    wcPrefixes discp; /* the discourse markers and their beginnings (sentence.c) */
    wcPrefixes numkeys; /* the keys of the number table (marsadKbNumber) */
    wcPrefixes disc;    /* first words of the discourse markers (sentence.c) */
    wcPrefixes numpair; /* first words of the two-word number entries (numbers.c) */
    marsadSegIndex seg; /* the KB's clitics (clitics.h), valid when seg_ok */
    int seg_ok;
    wcSet *sets;     /* WC_SETS */
    wcEntry *entries; /* WC_SLOTS: set k's are entries[k * WC_WAYS ...] */
};

static pthread_mutex_t reg_mu = PTHREAD_MUTEX_INITIALIZER;
static marsadWordCache *registry[WC_MAX_CACHES];
static _Thread_local marsadWordCache *last_cache; /* the calling thread's last one */

static wcPrefixSlot *prefix_slot(const wcPrefixes *px, const char *k, size_t n, uint64_t h) {
    for (uint32_t i = (uint32_t)h & px->mask;; i = (i + 1) & px->mask) {
        wcPrefixSlot *sl = &px->slots[i];
        if (!sl->len) return sl;
        if (sl->hash == h && sl->len == n && memcmp(px->pool + sl->off, k, n) == 0) return sl;
    }
}

static void prefixes_free(wcPrefixes *px) {
    free(px->pool);
    free(px->slots);
    memset(px, 0, sizeof *px);
}

/* A pool of `total` bytes and an open-addressing table for `count` keys
 * (at most half full); -1, with `px` empty, when memory runs out. */
static int prefixes_alloc(wcPrefixes *px, size_t total, size_t count) {
    uint32_t cap = 16;
    while (cap < 2 * count + 2) cap *= 2;
    px->pool = malloc(total);
    px->slots = calloc(cap, sizeof *px->slots);
    if (!px->pool || !px->slots) {
        prefixes_free(px);
        return -1;
    }
    px->mask = cap - 1;
    return 0;
}

/* The prefixes of the keys of a KB table (wcPrefixes).  Only keys that the
 * table's own lookup finds are taken, so that `full` agrees with it. */
static void prefixes_build(wcPrefixes *px, const kbFrozen *f, int keys_only) {
    prefixes_free(px);
    size_t total = 1, count = 0;
    for (uint32_t i = 0; i < f->nslots; i++)
        if (f->slots[i].hash) {
            total += f->slots[i].klen;
            count += f->slots[i].klen + 1; /* at most one prefix a byte */
        }
    if (prefixes_alloc(px, total, count)) return;
    size_t used = 0;
    for (uint32_t i = 0; i < f->nslots; i++) {
        const kbSlot *sl = &f->slots[i];
        if (!sl->hash || !sl->klen) continue;
        const char *k = f->pool + sl->key;
        if (!kbFrozenGet(f, k, sl->klen)) continue;
        uint32_t off = (uint32_t)used;
        memcpy(px->pool + used, k, sl->klen);
        used += sl->klen;
        for (uint32_t p = keys_only ? sl->klen : 1; p <= sl->klen; p++) {
            if (p < sl->klen && k[p] != ' ') continue;
            uint64_t h = marsadWordHash(k, p);
            wcPrefixSlot *e = prefix_slot(px, k, p, h);
            if (!e->len) {
                e->hash = h;
                e->off = off;
                e->len = p;
            }
            if (p == sl->klen) e->full = 1;
        }
    }
    px->ok = 1;
}

int marsadWordCacheDiscourse(const marsadWordCache *c, const char *key, size_t n) {
    if (!c || !c->discp.ok || n == 0) return -1;
    const wcPrefixSlot *e = prefix_slot(&c->discp, key, n, marsadWordHash(key, n));
    return !e->len ? 0 : e->full ? 2 : 1;
}

/* The first words (up to the first space) of the keys of a KB table (of
 * its keys with a space only, when `multi_only`), as a set of prefixes
 * (all `full`). */
static void first_build(wcPrefixes *px, const kbFrozen *f, int multi_only) {
    prefixes_free(px);
    size_t total = 1, count = 0;
    for (uint32_t i = 0; i < f->nslots; i++)
        if (f->slots[i].hash) {
            total += f->slots[i].klen;
            count++;
        }
    if (prefixes_alloc(px, total, count)) return;
    size_t used = 0;
    for (uint32_t i = 0; i < f->nslots; i++) {
        const kbSlot *sl = &f->slots[i];
        if (!sl->hash) continue;
        const char *k = f->pool + sl->key;
        uint32_t n = 0;
        while (n < sl->klen && k[n] != ' ') n++;
        if (multi_only && n == sl->klen) continue;
        if (!n) {
            px->has_empty = 1; /* the key begins with a space (or is empty) */
            continue;
        }
        uint64_t h = marsadWordHash(k, n);
        wcPrefixSlot *e = prefix_slot(px, k, n, h);
        if (e->len) continue;
        memcpy(px->pool + used, k, n);
        e->hash = h;
        e->off = (uint32_t)used;
        e->len = n;
        e->full = 1;
        used += n;
    }
    px->ok = 1;
}

/* Whether `w` up to its first space (or its end) is one of the words. */
static int first_has(const wcPrefixes *px, const char *w) {
    size_t n = 0;
    while (w[n] && w[n] != ' ') n++;
    if (!n) return px->has_empty;
    return prefix_slot(px, w, n, marsadWordHash(w, n))->len != 0;
}

int marsadWordCacheMayBeginDiscourse(const marsadWordCache *c, const char *norm) {
    if (!c || !c->disc.ok) return 1;
    if (first_has(&c->disc, norm)) return 1;
    /* the marker may follow a leading و or ف (sentence.c strips it) */
    if ((strncmp(norm, "و", 2) == 0 || strncmp(norm, "ف", 2) == 0) &&
        first_has(&c->disc, norm + 2))
        return 1;
    return 0;
}

int marsadWordCacheMayBeginNumberPair(const marsadWordCache *c, const char *stem) {
    if (!c || !c->numpair.ok) return 1;
    return first_has(&c->numpair, stem);
}

static uint64_t kb_checksum(const marsad_kb *kb) {
    if (!kb->image || kb->image_len < sizeof(kbHeader)) return 0;
    kbHeader h;
    memcpy(&h, kb->image, sizeof h);
    return h.checksum;
}

const marsadSegIndex *marsadWordCacheSegIndex(const marsadWordCache *c) {
    return c && c->seg_ok ? &c->seg : NULL;
}

/* A memo for kb, or NULL when memory runs out. */
static marsadWordCache *wc_new(const marsad_kb *kb, uint64_t sum) {
    marsadWordCache *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    void *entries = NULL, *sets = NULL;
    /* the sets (2 MB) in a huge page too, if the kernel gives one: every
     * lookup reads a set (and calloc's 16-byte alignment split every other
     * set over two cache lines) */
    if (posix_memalign(&sets, (size_t)1 << 21, WC_SETS * sizeof(wcSet))) sets = NULL;
    c->sets = sets;
    if (c->sets) {
#ifdef MADV_HUGEPAGE
        madvise(sets, WC_SETS * sizeof(wcSet), MADV_HUGEPAGE); /* a hint */
#endif
        memset(c->sets, 0, WC_SETS * sizeof(wcSet)); /* all empty: sequence 0, no tags */
    }
    /* 2 MB alignment lets the kernel back the entries with huge pages; an
     * entry is read only after its way's tag is set.  Their first touch
     * is dear on this machine (a VM: 3-4 ms a 2 MB page, 50-70 ms for
     * the 32 MB, against 12 ms in 4 KB pages), but with the name tagger
     * running between batches, as in bench/, lookups in 4 KB pages cost
     * more than that (docs/performance.md) */
    if (!c->sets || posix_memalign(&entries, (size_t)1 << 21, WC_SLOTS * sizeof(wcEntry))) {
        free(c->sets);
        free(c);
        return NULL;
    }
#ifdef MADV_HUGEPAGE
    madvise(entries, WC_SLOTS * sizeof(wcEntry), MADV_HUGEPAGE); /* a hint */
#endif
    c->entries = entries;
    c->kb = kb;
    c->kb_sum = sum;
    c->kb_len = kb->image_len;
    c->seg_ok = marsadSegIndexBuild(&c->seg, kb) == 0;
    prefixes_build(&c->discp, &kb->discourse, 0);
    prefixes_build(&c->numkeys, &kb->numbers, 1);
    first_build(&c->disc, &kb->discourse, 0);
    first_build(&c->numpair, &kb->numbers, 1);
    return c;
}

static int wc_is(const marsadWordCache *c, const marsad_kb *kb, uint64_t sum) {
    return c->kb == kb && c->kb_sum == sum && c->kb_len == kb->image_len;
}

marsadWordCache *marsadWordCacheGet(const marsad_kb *kb) {
    if (!kb) return NULL;
    uint64_t sum = kb_checksum(kb);
    marsadWordCache *c = last_cache;
    if (c && wc_is(c, kb, sum)) return c;
    pthread_mutex_lock(&reg_mu);
    c = NULL;
    size_t k = 0;
    for (; k < WC_MAX_CACHES && registry[k]; k++)
        if (wc_is(registry[k], kb, sum)) {
            c = registry[k];
            break;
        }
    if (!c && k < WC_MAX_CACHES) c = registry[k] = wc_new(kb, sum);
    pthread_mutex_unlock(&reg_mu);
    last_cache = c;
    return c;
}

/* A set's order (ways from the most recently used) once way w is used:
 * w first, the others in their order.  Threads may race on it: each
 * stores a permutation, so the order stays one (only less exact). */
static inline uint32_t order_touch(uint32_t order, unsigned w) {
    if (!order) order = WC_ORDER0;
    if ((order & 3u) == w) return order;
    uint32_t o = w;
    unsigned k = 1;
    for (unsigned p = 0; p < WC_WAYS; p++) {
        unsigned x = (order >> (2 * p)) & 3u;
        if (x != w) o |= x << (2 * k++);
    }
    return o;
}

/* Word i of an entry, as any thread may be writing it. */
static inline uint64_t ew(const wcEntry *e, size_t i) {
    return atomic_load_explicit(&e->w[i], memory_order_relaxed);
}

/* Whether the entry's strings begin with bytes[0..n) and a NUL (n <=
 * WC_MAX_KEY < WC_INLINE), eight bytes at a time: bytes[] may be read up
 * to 8 bytes past n (marsadWordCacheFill). */
static inline int entry_key_eq(const wcEntry *e, const char *bytes, size_t n) {
    size_t i = 0, k = WC_HEAD;
    for (; i + 8 <= n; i += 8, k++)
        if (ew(e, k) != marsadLoad64(bytes + i)) return 0;
    /* the last 0..7 bytes, then the NUL */
    size_t r = n - i;
    uint64_t want = r ? marsadLoad64(bytes + i) & (~(uint64_t)0 >> (8 * (8 - r))) : 0;
    uint64_t mask = r == 7 ? ~(uint64_t)0 : ~(uint64_t)0 >> (8 * (7 - r));
    return (ew(e, k) & mask) == want;
}

static inline __attribute__((always_inline)) int
fill_one(marsadWordCache *c, const char *bytes, size_t n, uint64_t h, marsad_token *tok,
         marsadArena *arena, unsigned *bits) {
    if (n > WC_MAX_KEY) return 0;
    size_t k = h & (WC_SETS - 1);
    wcSet *st = &c->sets[k];
    uint32_t tag = (uint32_t)(h >> 32) | 1u;
    for (int attempt = 0; attempt < 4; attempt++) {
        uint32_t seq = atomic_load_explicit(&st->seq, memory_order_acquire);
        if (seq & 1) continue; /* a writer is at it */
        unsigned w = 0;
        while (w < WC_WAYS && atomic_load_explicit(&st->tag[w], memory_order_relaxed) != tag) w++;
        if (w == WC_WAYS) {
            atomic_thread_fence(memory_order_acquire);
            if (atomic_load_explicit(&st->seq, memory_order_relaxed) != seq) continue;
            return 0;
        }
        const wcEntry *e = &c->entries[k * WC_WAYS + w];
        uint64_t w0 = ew(e, 0), w1 = ew(e, 1), w2 = ew(e, 2);
        size_t len = w0 & 0xFF, klen = (w0 >> 8) & 0xFF, ns = (w0 >> 16) & 0xFF;
        if (klen != n || len > WC_INLINE || ns < 1 || ns > MARSAD_SEG_MAX_CAND ||
            !entry_key_eq(e, bytes, n)) {
            atomic_thread_fence(memory_order_acquire);
            if (atomic_load_explicit(&st->seq, memory_order_relaxed) != seq) continue;
            return 0; /* another word with the same tag */
        }
        /* the strings, eight bytes at a time, into the arena */
        size_t words = (len + 7) / 8;
        char *mem = marsadArenaAlloc(arena, ns * sizeof(char *) + words * 8);
        if (!mem) return -1;
        const char **stems = (const char **)(void *)mem;
        char *d = mem + ns * sizeof(char *);
        size_t cw = 0;
        for (; cw + 2 <= words; cw += 2) {
            uint64_t v0 = ew(e, WC_HEAD + cw), v1 = ew(e, WC_HEAD + cw + 1);
            memcpy(d + 8 * cw, &v0, 8);
            memcpy(d + 8 * cw + 8, &v1, 8);
        }
        if (cw < words) {
            uint64_t v = ew(e, WC_HEAD + cw);
            memcpy(d + 8 * cw, &v, 8);
        }
        atomic_thread_fence(memory_order_acquire);
        if (atomic_load_explicit(&st->seq, memory_order_relaxed) != seq) continue; /* torn */
        /* consistent: the entry did not change while it was read */
        uint32_t order = atomic_load_explicit(&st->order, memory_order_relaxed);
        if ((order & 3u) != w || !order) /* written only when it changes */
            atomic_store_explicit(&st->order, order_touch(order, w), memory_order_relaxed);
        tok->text = d;
        tok->norm = d + (w1 & 0xFF);
        tok->seg = d + ((w1 >> 8) & 0xFF);
        tok->enclitic = d + ((w1 >> 16) & 0xFF);
        for (size_t i = 0; i < ns; i++)
            stems[i] = d + (i < 5 ? (w1 >> (24 + 8 * i)) & 0xFF : w2 & 0xFF);
        tok->stems = stems;
        tok->n_stems = ns;
        tok->stem = stems[0];
        tok->proclitics = (unsigned)(w0 >> 40);
        tok->lexicon = (w0 >> 24) & 3u;
        tok->function_word = (w0 >> 26) & 1u;
        *bits = (unsigned)(w0 >> 27) & MARSAD_WB_ALL;
        return 1;
    }
    return 0; /* the set kept changing: analyse the word */
}

int marsadWordCacheFill(marsadWordCache *c, const char *bytes, size_t n, uint64_t h,
                        marsad_token *tok, marsadArena *arena, unsigned *bits) {
    return c ? fill_one(c, bytes, n, h, tok, arena, bits) : 0;
}

/* Asks for the set of hash h (entry 0) or the entry its tags point at. */
static inline void prefetch(const marsadWordCache *c, uint64_t h, int entry) {
    size_t k = h & (WC_SETS - 1);
    const wcSet *st = &c->sets[k];
    if (!entry) {
        __builtin_prefetch(st);
        return;
    }
    uint32_t tag = (uint32_t)(h >> 32) | 1u;
    for (unsigned w = 0; w < WC_WAYS; w++)
        if (atomic_load_explicit(&st->tag[w], memory_order_relaxed) == tag) {
            const wcEntry *e = &c->entries[k * WC_WAYS + w];
            __builtin_prefetch(e);
            __builtin_prefetch((const char *)e + 64);
            break;
        }
}

long marsadWordCacheFillAll(marsadWordCache *c, const char *text, marsad_token *tokens,
                            uint8_t *bits, const uint32_t *word_tok, const uint64_t *word_hash,
                            size_t nword, marsadArena *arena, uint32_t *missing) {
    size_t nmiss = 0;
    if (!c) {
        for (size_t w = 0; w < nword; w++) missing[nmiss++] = (uint32_t)w;
        return (long)nmiss;
    }
    /* the set of the word PREFETCH_SETS ahead and the entry of the word
     * PREFETCH_ENTRY ahead are asked for, so that memory is read while
     * earlier words are being copied */
    enum { PREFETCH_ENTRY = 8, PREFETCH_SETS = 16 };
    for (size_t w = 0; w < nword && w < PREFETCH_SETS; w++) prefetch(c, word_hash[w], 0);
    for (size_t w = 0; w < nword; w++) {
        if (w + PREFETCH_SETS < nword) prefetch(c, word_hash[w + PREFETCH_SETS], 0);
        if (w + PREFETCH_ENTRY < nword) prefetch(c, word_hash[w + PREFETCH_ENTRY], 1);
        marsad_token *tok = &tokens[word_tok[w]];
        unsigned b = 0;
        int found = fill_one(c, text + tok->byte_start, tok->byte_end - tok->byte_start,
                             word_hash[w], tok, arena, &b);
        if (found < 0) return -1;
        if (found) bits[word_tok[w]] = (uint8_t)b;
        else missing[nmiss++] = (uint32_t)w;
    }
    return (long)nmiss;
}

void marsadWordCachePut(marsadWordCache *c, uint64_t h, const marsadWordInfo *wi) {
    if (!c || wi->klen > WC_MAX_KEY || wi->len > WC_INLINE || wi->n_stems == 0 ||
        wi->n_stems > MARSAD_SEG_MAX_CAND || wi->proclitics > 0xFFFFFFu)
        return;
    size_t k = h & (WC_SETS - 1);
    wcSet *st = &c->sets[k];
    uint32_t tag = (uint32_t)(h >> 32) | 1u;
    /* take the set: make its sequence odd (another writer has it: skip) */
    uint32_t seq = atomic_load_explicit(&st->seq, memory_order_relaxed);
    if ((seq & 1) || !atomic_compare_exchange_strong_explicit(&st->seq, &seq, seq + 1,
                                                              memory_order_acquire,
                                                              memory_order_relaxed))
        return;
    atomic_thread_fence(memory_order_release);
    /* the way: the word's own (another thread put it meanwhile), an empty
     * one, else the least recently used */
    uint32_t order = atomic_load_explicit(&st->order, memory_order_relaxed);
    unsigned w = 0;
    while (w < WC_WAYS && atomic_load_explicit(&st->tag[w], memory_order_relaxed) != tag) w++;
    if (w == WC_WAYS) {
        w = 0;
        while (w < WC_WAYS && atomic_load_explicit(&st->tag[w], memory_order_relaxed)) w++;
    }
    if (w == WC_WAYS) w = ((order ? order : WC_ORDER0) >> 6) & 3u;
    atomic_store_explicit(&st->tag[w], 0, memory_order_relaxed);
    wcEntry *e = &c->entries[k * WC_WAYS + w];
    uint64_t w0 = (uint64_t)wi->len | ((uint64_t)wi->klen << 8) | ((uint64_t)wi->n_stems << 16) |
                  ((uint64_t)(wi->lexicon & 3u) << 24) | ((uint64_t)(wi->function_word & 1u) << 26) |
                  ((uint64_t)(wi->bits & MARSAD_WB_ALL) << 27) | ((uint64_t)wi->proclitics << 40);
    uint64_t w1 = (uint64_t)wi->norm | ((uint64_t)wi->seg << 8) | ((uint64_t)wi->encl << 16);
    for (unsigned i = 0; i < 5 && i < wi->n_stems; i++) w1 |= (uint64_t)wi->stem[i] << (24 + 8 * i);
    uint64_t w2 = wi->n_stems > 5 ? wi->stem[5] : 0;
    atomic_store_explicit(&e->w[0], w0, memory_order_relaxed);
    atomic_store_explicit(&e->w[1], w1, memory_order_relaxed);
    atomic_store_explicit(&e->w[2], w2, memory_order_relaxed);
    for (size_t i = 0; i * 8 < wi->len; i++) {
        uint64_t v = 0;
        size_t m = wi->len - i * 8 < 8 ? wi->len - i * 8 : 8;
        memcpy(&v, wi->data + i * 8, m);
        atomic_store_explicit(&e->w[WC_HEAD + i], v, memory_order_relaxed);
    }
    atomic_store_explicit(&st->tag[w], tag, memory_order_relaxed);
    atomic_store_explicit(&st->order, order_touch(order, w), memory_order_relaxed);
    atomic_store_explicit(&st->seq, seq + 2, memory_order_release);
}

int marsadWordFill(marsad_token *tok, marsadArena *arena, const marsadWordInfo *wi) {
    size_t ns = wi->n_stems;
    char *mem = marsadArenaAlloc(arena, ns * sizeof(char *) + wi->len);
    if (!mem) return -1;
    const char **stems = (const char **)(void *)mem;
    char *d = mem + ns * sizeof(char *);
    memcpy(d, wi->data, wi->len);
    tok->text = d;
    tok->norm = d + wi->norm;
    tok->seg = d + wi->seg;
    tok->enclitic = d + wi->encl;
    for (size_t i = 0; i < ns; i++) stems[i] = d + wi->stem[i];
    tok->stems = stems;
    tok->n_stems = ns;
    tok->stem = stems[0];
    tok->proclitics = wi->proclitics;
    tok->lexicon = wi->lexicon & 3u;
    tok->function_word = wi->function_word & 1u;
    return 0;
}

/* The MARSAD_WB_DISC_* value of marsadWordCacheDiscourse(c, w, n), as
 * sentence.c's discourse_at asks it of a word alone (n + 1 bytes must fit
 * its 512-byte key, or it stops). */
static unsigned disc_status(const marsadWordCache *c, const char *w, size_t n) {
    if (n + 1 >= 512) return 0;
    int st = marsadWordCacheDiscourse(c, w, n);
    return st < 0 ? 3u : (unsigned)st;
}

unsigned marsadWordBits(const marsadWordCache *c, const marsad_kb *kb, const marsadWordInfo *wi) {
    const char *norm = wi->data + wi->norm;
    unsigned bits = 0;
    if (marsadWordCacheMayBeginDiscourse(c, norm)) {
        bits |= MARSAD_WB_DISCOURSE;
        size_t n = strlen(norm);
        bits |= disc_status(c, norm, n) << MARSAD_WB_DISC_WORD_SHIFT;
        if (strncmp(norm, "و", 2) == 0 || strncmp(norm, "ف", 2) == 0)
            bits |= disc_status(c, norm + 2, n - 2) << MARSAD_WB_DISC_REST_SHIFT;
    }
    if (marsadWordCacheMayBeginNumberPair(c, wi->data + wi->stem[0])) bits |= MARSAD_WB_NUMPAIR;
    /* numbers.c: a candidate stem that ends the normalized word and is a
     * number word */
    size_t nl = strlen(norm);
    for (unsigned i = 0; i < wi->n_stems && !(bits & MARSAD_WB_NUMWORD); i++) {
        const char *s = wi->data + wi->stem[i];
        size_t sl = strlen(s);
        if (sl == 0 || sl > nl || memcmp(norm + nl - sl, s, sl) != 0) continue;
        /* the keys that the number table finds, in a set of our own */
        int num = c && c->numkeys.ok ? prefix_slot(&c->numkeys, s, sl, marsadWordHash(s, sl))->len != 0
                                     : marsadKbNumber(kb, s, sl) != NULL;
        if (num) bits |= MARSAD_WB_NUMWORD;
    }
    return bits;
}
