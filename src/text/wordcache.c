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

#include "../kb/blob.h"
#include "wordcache.h"

/* WC_SLOTS entries in sets of WC_WAYS, each set kept in order of use
 * (the least recently used entry is replaced): on the whole SaudiNewsNet
 * corpus 94 % of word tokens are found, against 79 % with the 32,768
 * direct-mapped entries of before (and 97 % if nothing were ever
 * forgotten). */
#define WC_BITS 17
#define WC_SLOTS (1u << WC_BITS)
#define WC_WAYS 4
#define WC_SETS (WC_SLOTS / WC_WAYS)
/* Words longer than this (bytes) are not cached; nor are analyses whose
 * strings take more than WC_MAX_ENTRY bytes. */
#define WC_MAX_KEY 64
#define WC_MAX_ENTRY 512

typedef struct wcEntry {
    char *data;        /* the word, norm, seg, enclitic, stems[]: each NUL-terminated */
    uint32_t gen;      /* valid when equal to the cache's generation */
    uint32_t tag;      /* high half of the word's hash */
    uint16_t cap;      /* bytes allocated at data */
    uint16_t len;      /* bytes used at data */
    uint8_t klen;      /* bytes of the word */
    uint8_t n_stems;
    unsigned lexicon : 2, function_word : 1, bits : 3;
    uint16_t seg, encl, stem[MARSAD_SEG_MAX_CAND]; /* offsets in data */
    unsigned proclitics;
} wcEntry;

/* Distinct words, one after another (len[i] bytes each); valid when ok
 * (0: unknown, e.g. out of memory: no prefilter). */
typedef struct wcFirst {
    char *words;
    uint32_t *len; /* bytes of each word */
    size_t n;
    int ok;
} wcFirst;

struct marsadWordCache {
    const marsad_kb *kb;
    uint64_t kb_sum;
    size_t kb_len;
    uint32_t gen;
    wcFirst disc;    /* first words of the discourse markers (sentence.c) */
    wcFirst numpair; /* first words of the two-word number entries (numbers.c) */
    wcEntry slots[WC_SLOTS]; /* set k is slots[k * WC_WAYS ...], most recently used first */
};

static pthread_key_t wc_key;
static int wc_key_ok;
static pthread_once_t wc_once = PTHREAD_ONCE_INIT;

static void wc_destroy(void *p) {
    marsadWordCache *c = p;
    if (!c) return;
    for (size_t i = 0; i < WC_SLOTS; i++) free(c->slots[i].data);
    free(c->disc.words);
    free(c->disc.len);
    free(c->numpair.words);
    free(c->numpair.len);
    free(c);
}

/* The distinct first words (up to the first space) of the keys of a KB
 * table (of its keys with a space only, when `multi_only`). */
static void first_build(wcFirst *fw, const kbFrozen *f, int multi_only) {
    free(fw->words);
    free(fw->len);
    memset(fw, 0, sizeof *fw);
    size_t total = 1, count = 1;
    for (uint32_t i = 0; i < f->nslots; i++)
        if (f->slots[i].hash) {
            total += f->slots[i].klen;
            count++;
        }
    char *d = malloc(total);
    uint32_t *len = malloc(count * sizeof *len);
    if (!d || !len) {
        free(d);
        free(len);
        return;
    }
    size_t used = 0;
    for (uint32_t i = 0; i < f->nslots; i++) {
        const kbSlot *sl = &f->slots[i];
        if (!sl->hash) continue;
        const char *k = f->pool + sl->key;
        uint32_t n = 0;
        while (n < sl->klen && k[n] != ' ') n++;
        if (multi_only && n == sl->klen) continue;
        int dup = 0;
        for (size_t j = 0, p = 0; j < fw->n && !dup; p += len[j++])
            dup = len[j] == n && memcmp(d + p, k, n) == 0;
        if (dup) continue;
        memcpy(d + used, k, n);
        used += n;
        len[fw->n++] = n;
    }
    fw->words = d;
    fw->len = len;
    fw->ok = 1;
}

/* Whether `w` up to its first space (or its end) is one of the words. */
static int first_has(const wcFirst *fw, const char *w) {
    size_t n = 0;
    while (w[n] && w[n] != ' ') n++;
    const char *p = fw->words;
    for (size_t i = 0; i < fw->n; p += fw->len[i++])
        if (fw->len[i] == n && memcmp(p, w, n) == 0) return 1;
    return 0;
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

marsadWordCache *marsadWordCacheGet(const marsad_kb *kb) {
    pthread_once(&wc_once, wc_key_init);
    if (!wc_key_ok || !kb) return NULL;
    marsadWordCache *c = pthread_getspecific(wc_key);
    if (!c) {
        c = calloc(1, sizeof *c);
        if (!c) return NULL;
        if (pthread_setspecific(wc_key, c)) {
            free(c);
            return NULL;
        }
        c->gen = 1;
    }
    uint64_t sum = kb_checksum(kb);
    if (c->kb != kb || c->kb_sum != sum || c->kb_len != kb->image_len) {
        /* another KB: forget every entry */
        c->kb = kb;
        c->kb_sum = sum;
        c->kb_len = kb->image_len;
        if (++c->gen == 0) {
            for (size_t i = 0; i < WC_SLOTS; i++) c->slots[i].gen = 0;
            c->gen = 1;
        }
        first_build(&c->disc, &kb->discourse, 0);
        first_build(&c->numpair, &kb->numbers, 1);
    }
    return c;
}

uint64_t marsadWordHash(const char *s, size_t n) {
    /* eight bytes at a time (words are short; the memo is private, so any
     * well-mixing hash will do) */
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)n * 0xFF51AFD7ED558CCDULL);
    while (n >= 8) {
        uint64_t v;
        memcpy(&v, s, 8);
        h = (h ^ v) * 0xC4CEB9FE1A85EC53ULL;
        h ^= h >> 29;
        s += 8;
        n -= 8;
    }
    if (n) {
        uint64_t v = 0;
        for (size_t i = 0; i < n; i++) v |= (uint64_t)(unsigned char)s[i] << (8 * i);
        h = (h ^ v) * 0xC4CEB9FE1A85EC53ULL;
        h ^= h >> 29;
    }
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 32;
    return h;
}

int marsadWordCacheFind(marsadWordCache *c, const char *bytes, size_t n, uint64_t h,
                        marsadWordInfo *wi) {
    if (!c || n > WC_MAX_KEY) return 0;
    wcEntry *set = &c->slots[(h & (WC_SETS - 1)) * WC_WAYS];
    uint32_t tag = (uint32_t)(h >> 32);
    for (unsigned w = 0; w < WC_WAYS; w++) {
        wcEntry *e = &set[w];
        if (e->gen != c->gen) return 0; /* the valid entries come first */
        if (e->tag != tag || e->klen != n || memcmp(e->data, bytes, n) != 0) continue;
        if (w) {
            /* most recently used first */
            wcEntry hit = *e;
            memmove(&set[1], &set[0], w * sizeof *set);
            set[0] = hit;
            e = &set[0];
        }
        wi->data = e->data;
        wi->len = e->len;
        wi->klen = e->klen;
        wi->seg = e->seg;
        wi->encl = e->encl;
        wi->n_stems = e->n_stems;
        for (unsigned i = 0; i < e->n_stems; i++) wi->stem[i] = e->stem[i];
        wi->proclitics = e->proclitics;
        wi->lexicon = e->lexicon;
        wi->function_word = e->function_word;
        wi->bits = e->bits;
        return 1;
    }
    return 0;
}

void marsadWordCachePut(marsadWordCache *c, uint64_t h, const marsadWordInfo *wi) {
    if (!c || wi->klen > WC_MAX_KEY || wi->len > WC_MAX_ENTRY || wi->n_stems == 0 ||
        wi->n_stems > MARSAD_SEG_MAX_CAND)
        return;
    wcEntry *set = &c->slots[(h & (WC_SETS - 1)) * WC_WAYS];
    /* the least recently used entry (or the first invalid one) makes room */
    unsigned w = 0;
    while (w + 1 < WC_WAYS && set[w].gen == c->gen) w++;
    wcEntry e = set[w];
    memmove(&set[1], &set[0], w * sizeof *set);
    if (e.cap < wi->len) {
        size_t cap = (wi->len + 63) & ~(size_t)63; /* most entries fit in 64 or 128 bytes */
        char *d = realloc(e.data, cap);
        if (!d) {
            /* keep the buffer we had, as an invalid entry at the end */
            e.gen = 0;
            memmove(&set[0], &set[1], w * sizeof *set);
            set[w] = e;
            return;
        }
        e.data = d;
        e.cap = (uint16_t)cap;
    }
    memcpy(e.data, wi->data, wi->len);
    e.len = (uint16_t)wi->len;
    e.klen = (uint8_t)wi->klen;
    e.tag = (uint32_t)(h >> 32);
    e.seg = (uint16_t)wi->seg;
    e.encl = (uint16_t)wi->encl;
    e.n_stems = (uint8_t)wi->n_stems;
    for (unsigned i = 0; i < wi->n_stems; i++) e.stem[i] = (uint16_t)wi->stem[i];
    e.proclitics = wi->proclitics;
    e.lexicon = wi->lexicon & 3u;
    e.function_word = wi->function_word & 1u;
    e.bits = wi->bits & MARSAD_WB_ALL;
    e.gen = c->gen;
    set[0] = e;
}

unsigned marsadWordBits(const marsadWordCache *c, const marsad_kb *kb, const marsadWordInfo *wi) {
    const char *norm = wi->data + wi->klen + 1;
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
        if (marsadKbNumber(kb, s, sl)) bits |= MARSAD_WB_NUMWORD;
    }
    return bits;
}
