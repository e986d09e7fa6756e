/*
 * wordcache.c -- a per-thread memo of word analyses: the normalized form,
 * clitic segmentation, candidate stems and lexicon kind of a word are a
 * function of its bytes and the KB only, and news repeats its words, so
 * most words of an article were analysed in an earlier one.  Analysing a
 * word (four or more normalizations, tens of lexicon lookups) was most of
 * the text stage (docs/performance.md).
 *
 * Each thread has its own table (no locks), set-associative and bounded:
 * WC_SLOTS entries of at most WC_MAX_ENTRY bytes (about 20 MB on news
 * text, 70 MB at most), reused for the life of the thread and freed when
 * it exits.  Entries are keyed by the word's bytes and tagged with the KB
 * they were computed with (its address and image checksum), so results
 * are exactly those of the analysis itself.  Each entry also keeps the
 * prefilter bits of the word (MARSAD_WB_*), so that the sentence splitter
 * and the number reader skip lookups that cannot succeed.
 *
 * It also keeps the first words of the KB's discourse markers and
 * two-word number entries, so that the sentence splitter and the number
 * reader ask the KB about a phrase only when an entry can begin with its
 * first word.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../kb/blob.h"
#include "wordcache.h"

/* WC_SLOTS entries in sets of WC_WAYS, each set replacing its least
 * recently used entry: on the whole SaudiNewsNet corpus 94 % of word
 * tokens are found, against 79 % with the 32,768 direct-mapped entries of
 * before (and 97 % if nothing were ever forgotten).  A set's tags are kept
 * apart from its entries (32 bytes a set), and an entry holds its strings
 * when they fit (128 bytes an entry), so that a lookup reads two cache
 * lines that the tokenizer has asked for ahead (marsadWordCachePrefetch):
 * the memo is bigger than the caches, and waiting for memory was most of
 * the time of a lookup. */
#define WC_BITS 17
#define WC_SLOTS (1u << WC_BITS)
#define WC_WAYS 4
#define WC_SETS (WC_SLOTS / WC_WAYS)
/* Words longer than this (bytes) are not cached; nor are analyses whose
 * strings take more than WC_MAX_ENTRY bytes. */
#define WC_MAX_KEY 64
#define WC_MAX_ENTRY 512
#define WC_INLINE 88 /* strings of at most this many bytes stay in the entry */
#define WC_ORDER_INIT 0xE4 /* ways 0, 1, 2, 3 from the most recently used */

typedef struct wcSet {
    uint32_t tag[WC_WAYS]; /* (hash >> 32) | 1 of the word in each way; 0: empty */
    uint8_t order;         /* the ways, two bits each, from the most recently used (bits 0-1) */
    uint8_t pad[15];
} wcSet;

typedef struct wcEntry {
    uint16_t len;  /* bytes of the strings */
    uint16_t klen; /* bytes of the word */
    uint16_t norm, seg, encl, stem[MARSAD_SEG_MAX_CAND]; /* offsets of the strings */
    uint8_t n_stems, lexicon, function_word, bits;
    uint32_t proclitics;
    char *ext;             /* the strings when longer than WC_INLINE, else NULL */
    char data[WC_INLINE];  /* the strings, the word first */
} wcEntry;

_Static_assert(sizeof(wcSet) == 32, "a set is 32 bytes");
_Static_assert(sizeof(wcEntry) == 128, "an entry is two cache lines");

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

static pthread_key_t wc_key;
static int wc_key_ok;
static pthread_once_t wc_once = PTHREAD_ONCE_INIT;

/* Forgets every entry. */
static void wc_clear(marsadWordCache *c) {
    for (size_t k = 0; k < WC_SETS; k++) {
        wcSet *st = &c->sets[k];
        for (unsigned w = 0; w < WC_WAYS; w++)
            if (st->tag[w]) free(c->entries[k * WC_WAYS + w].ext);
        memset(st, 0, sizeof *st);
        st->order = WC_ORDER_INIT;
    }
}

static void wc_destroy(void *p) {
    marsadWordCache *c = p;
    if (!c) return;
    if (c->sets) wc_clear(c);
    free(c->sets);
    free(c->entries);
    free(c->discp.pool);
    free(c->discp.slots);
    free(c->numkeys.pool);
    free(c->numkeys.slots);
    free(c->disc.pool);
    free(c->disc.slots);
    free(c->numpair.pool);
    free(c->numpair.slots);
    free(c);
}

static wcPrefixSlot *prefix_slot(const wcPrefixes *px, const char *k, size_t n, uint64_t h) {
    for (uint32_t i = (uint32_t)h & px->mask;; i = (i + 1) & px->mask) {
        wcPrefixSlot *sl = &px->slots[i];
        if (!sl->len) return sl;
        if (sl->hash == h && sl->len == n && memcmp(px->pool + sl->off, k, n) == 0) return sl;
    }
}

/* The prefixes of the keys of a KB table (wcPrefixes).  Only keys that the
 * table's own lookup finds are taken, so that `full` agrees with it. */
static void prefixes_build(wcPrefixes *px, const kbFrozen *f, int keys_only) {
    free(px->pool);
    free(px->slots);
    memset(px, 0, sizeof *px);
    size_t total = 1, count = 0;
    for (uint32_t i = 0; i < f->nslots; i++)
        if (f->slots[i].hash) {
            total += f->slots[i].klen;
            count += f->slots[i].klen + 1; /* at most one prefix a byte */
        }
    uint32_t cap = 16;
    while (cap < 2 * count + 2) cap *= 2;
    px->pool = malloc(total);
    px->slots = calloc(cap, sizeof *px->slots);
    if (!px->pool || !px->slots) {
        free(px->pool);
        free(px->slots);
        memset(px, 0, sizeof *px);
        return;
    }
    px->mask = cap - 1;
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
    free(px->pool);
    free(px->slots);
    memset(px, 0, sizeof *px);
    size_t total = 1, count = 0;
    for (uint32_t i = 0; i < f->nslots; i++)
        if (f->slots[i].hash) {
            total += f->slots[i].klen;
            count++;
        }
    uint32_t cap = 16;
    while (cap < 2 * count + 2) cap *= 2;
    px->pool = malloc(total);
    px->slots = calloc(cap, sizeof *px->slots);
    if (!px->pool || !px->slots) {
        free(px->pool);
        free(px->slots);
        memset(px, 0, sizeof *px);
        return;
    }
    px->mask = cap - 1;
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

static void wc_key_init(void) { wc_key_ok = pthread_key_create(&wc_key, wc_destroy) == 0; }

static uint64_t kb_checksum(const marsad_kb *kb) {
    if (!kb->image || kb->image_len < sizeof(kbHeader)) return 0;
    kbHeader h;
    memcpy(&h, kb->image, sizeof h);
    return h.checksum;
}

const marsadSegIndex *marsadWordCacheSegIndex(const marsadWordCache *c) {
    return c && c->seg_ok ? &c->seg : NULL;
}

static marsadWordCache *wc_new(void) {
    marsadWordCache *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    void *sets = NULL, *entries = NULL;
    /* 2 MB alignment lets the kernel back the entries with huge pages */
    if (posix_memalign(&sets, 64, WC_SETS * sizeof(wcSet)) ||
        posix_memalign(&entries, (size_t)1 << 21, WC_SLOTS * sizeof(wcEntry))) {
        free(sets);
        free(c);
        return NULL;
    }
#ifdef MADV_HUGEPAGE
    madvise(entries, WC_SLOTS * sizeof(wcEntry), MADV_HUGEPAGE); /* a hint */
#endif
    c->sets = sets;
    c->entries = entries; /* an entry is read only after its way's tag is set */
    for (size_t k = 0; k < WC_SETS; k++) {
        memset(&c->sets[k], 0, sizeof c->sets[k]);
        c->sets[k].order = WC_ORDER_INIT;
    }
    return c;
}

marsadWordCache *marsadWordCacheGet(const marsad_kb *kb) {
    pthread_once(&wc_once, wc_key_init);
    if (!wc_key_ok || !kb) return NULL;
    marsadWordCache *c = pthread_getspecific(wc_key);
    if (!c) {
        c = wc_new();
        if (!c) return NULL;
        if (pthread_setspecific(wc_key, c)) {
            wc_destroy(c);
            return NULL;
        }
    }
    uint64_t sum = kb_checksum(kb);
    if (c->kb != kb || c->kb_sum != sum || c->kb_len != kb->image_len) {
        /* another KB: forget every entry */
        if (c->kb) wc_clear(c);
        c->kb = kb;
        c->kb_sum = sum;
        c->kb_len = kb->image_len;
        c->seg_ok = marsadSegIndexBuild(&c->seg, kb) == 0;
        prefixes_build(&c->discp, &kb->discourse, 0);
        prefixes_build(&c->numkeys, &kb->numbers, 1);
        first_build(&c->disc, &kb->discourse, 0);
        first_build(&c->numpair, &kb->numbers, 1);
    }
    return c;
}

static inline uint64_t load64(const char *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline uint64_t load32(const char *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static inline uint64_t mix(uint64_t h, uint64_t v) {
    h = (h ^ v) * 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 29);
}

uint64_t marsadWordHash(const char *s, size_t n) {
    /* eight bytes at a time, the last eight (or four) overlapping the
     * ones before (words are short; the memo is private, so any
     * well-mixing hash will do) */
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)n * 0xFF51AFD7ED558CCDULL);
    if (n >= 8) {
        size_t i = 0;
        for (; i + 8 < n; i += 8) h = mix(h, load64(s + i));
        h = mix(h, load64(s + n - 8));
    } else if (n >= 4) {
        h = mix(h, load32(s) | (load32(s + n - 4) << 32));
    } else if (n > 0) {
        h = mix(h, (uint64_t)(unsigned char)s[0] | ((uint64_t)(unsigned char)s[n / 2] << 8) |
                       ((uint64_t)(unsigned char)s[n - 1] << 16));
    }
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 32;
    return h;
}

/* Whether a[0..n) == b[0..n), n <= WC_MAX_KEY: eight bytes at a time,
 * the last eight (or four) overlapping the ones before. */
static inline int key_eq(const char *a, const char *b, size_t n) {
    if (n >= 8) {
        for (size_t i = 0; i + 8 < n; i += 8)
            if (load64(a + i) != load64(b + i)) return 0;
        return load64(a + n - 8) == load64(b + n - 8);
    }
    if (n >= 4) return load32(a) == load32(b) && load32(a + n - 4) == load32(b + n - 4);
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i]) return 0;
    return 1;
}

/* The way w becomes the most recently used of a set. */
static inline uint8_t order_touch(uint8_t order, unsigned w) {
    if ((order & 3u) == w) return order;
    unsigned o = w, k = 1;
    for (unsigned p = 0; p < WC_WAYS; p++) {
        unsigned x = (order >> (2 * p)) & 3u;
        if (x != w) o |= x << (2 * k++);
    }
    return (uint8_t)o;
}

static inline const char *entry_data(const wcEntry *e) { return e->ext ? e->ext : e->data; }

void marsadWordCachePrefetch(const marsadWordCache *c, uint64_t h, int entry) {
    if (!c) return;
    size_t k = h & (WC_SETS - 1);
    const wcSet *st = &c->sets[k];
    if (!entry) {
        __builtin_prefetch(st);
        return;
    }
    uint32_t tag = (uint32_t)(h >> 32) | 1u;
    for (unsigned w = 0; w < WC_WAYS; w++)
        if (st->tag[w] == tag) {
            const wcEntry *e = &c->entries[k * WC_WAYS + w];
            __builtin_prefetch(e);
            __builtin_prefetch((const char *)e + 64);
        }
}

int marsadWordCacheFill(marsadWordCache *c, const char *bytes, size_t n, uint64_t h,
                        marsad_token *tok, marsadArena *arena, unsigned *bits) {
    if (!c || n > WC_MAX_KEY) return 0;
    size_t k = h & (WC_SETS - 1);
    wcSet *st = &c->sets[k];
    uint32_t tag = (uint32_t)(h >> 32) | 1u;
    for (unsigned w = 0; w < WC_WAYS; w++) {
        if (st->tag[w] != tag) continue;
        const wcEntry *e = &c->entries[k * WC_WAYS + w];
        const char *src = entry_data(e);
        if (e->klen != n || !key_eq(src, bytes, n)) continue;
        st->order = order_touch(st->order, w);
        /* as marsadWordFill */
        size_t ns = e->n_stems;
        char *mem = marsadArenaAlloc(arena, ns * sizeof(char *) + e->len);
        if (!mem) return -1;
        const char **stems = (const char **)(void *)mem;
        char *d = mem + ns * sizeof(char *);
        memcpy(d, src, e->len);
        tok->text = d;
        tok->norm = d + e->norm;
        tok->seg = d + e->seg;
        tok->enclitic = d + e->encl;
        for (size_t i = 0; i < ns; i++) stems[i] = d + e->stem[i];
        tok->stems = stems;
        tok->n_stems = ns;
        tok->stem = stems[0];
        tok->proclitics = e->proclitics;
        tok->lexicon = e->lexicon;
        tok->function_word = e->function_word;
        *bits = e->bits;
        return 1;
    }
    return 0;
}

void marsadWordCachePut(marsadWordCache *c, uint64_t h, const marsadWordInfo *wi) {
    if (!c || wi->klen > WC_MAX_KEY || wi->len > WC_MAX_ENTRY || wi->n_stems == 0 ||
        wi->n_stems > MARSAD_SEG_MAX_CAND)
        return;
    size_t k = h & (WC_SETS - 1);
    wcSet *st = &c->sets[k];
    /* an empty way, else the least recently used one */
    unsigned w = 0;
    while (w < WC_WAYS && st->tag[w]) w++;
    if (w == WC_WAYS) w = (st->order >> 6) & 3u;
    wcEntry *e = &c->entries[k * WC_WAYS + w];
    if (st->tag[w]) free(e->ext);
    st->tag[w] = 0;
    e->ext = NULL;
    char *d = e->data;
    if (wi->len > WC_INLINE) {
        d = e->ext = malloc(wi->len);
        if (!d) return; /* the way stays empty */
    }
    memcpy(d, wi->data, wi->len);
    e->len = (uint16_t)wi->len;
    e->klen = (uint16_t)wi->klen;
    e->norm = (uint16_t)wi->norm;
    e->seg = (uint16_t)wi->seg;
    e->encl = (uint16_t)wi->encl;
    for (unsigned i = 0; i < MARSAD_SEG_MAX_CAND; i++)
        e->stem[i] = (uint16_t)(i < wi->n_stems ? wi->stem[i] : 0);
    e->n_stems = (uint8_t)wi->n_stems;
    e->proclitics = wi->proclitics;
    e->lexicon = (uint8_t)(wi->lexicon & 3u);
    e->function_word = (uint8_t)(wi->function_word & 1u);
    e->bits = (uint8_t)(wi->bits & MARSAD_WB_ALL);
    st->tag[w] = (uint32_t)(h >> 32) | 1u;
    st->order = order_touch(st->order, w);
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

unsigned marsadWordBits(const marsadWordCache *c, const marsad_kb *kb, const marsadWordInfo *wi) {
    const char *norm = wi->data + wi->norm;
    unsigned bits = 0;
    if (marsadWordCacheMayBeginDiscourse(c, norm)) bits |= MARSAD_WB_DISCOURSE;
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
