/*
 * wordcache.c -- a per-thread memo of word analyses: the normalized form,
 * clitic segmentation, candidate stems and lexicon kind of a word are a
 * function of its bytes and the KB only, and news repeats its words, so
 * most words of an article were analysed in an earlier one.  Analysing a
 * word (four or more normalizations, tens of lexicon lookups) was most of
 * the text stage (docs/performance.md).
 *
 * Each thread has its own table (no locks), direct-mapped and bounded:
 * WC_SLOTS entries of at most WC_MAX_ENTRY bytes (about 4 MB on news
 * text, 17 MB at most), reused for the life of the thread and freed when
 * it exits.  Entries are keyed by
 * the word's bytes and tagged with the KB they were computed with (its
 * address and image checksum), so results are exactly those of the
 * analysis itself.
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

#define WC_BITS 15
#define WC_SLOTS (1u << WC_BITS)
/* Words longer than this (bytes) are not cached; nor are analyses whose
 * strings take more than WC_MAX_ENTRY bytes. */
#define WC_MAX_KEY 64
#define WC_MAX_ENTRY 512

typedef struct wcEntry {
    char *data;        /* the key, then norm, seg, enclitic, stems[]: each NUL-terminated */
    uint32_t cap;      /* bytes allocated at data */
    uint32_t klen;     /* bytes of the key */
    uint32_t slen;     /* bytes of the strings after the key */
    uint32_t gen;      /* valid when equal to the cache's generation */
    uint64_t hash;
    unsigned proclitics;
    uint16_t n_stems;
    uint8_t lexicon, function_word;
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
    wcEntry slots[WC_SLOTS];
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

static uint64_t wc_hash(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

int marsadWordCacheLookup(marsadWordCache *c, const char *bytes, size_t n, marsad_token *tok,
                          marsadArena *arena) {
    if (!c || n > WC_MAX_KEY) return 0;
    uint64_t h = wc_hash(bytes, n);
    const wcEntry *e = &c->slots[h & (WC_SLOTS - 1)];
    if (e->gen != c->gen || e->hash != h || e->klen != n || memcmp(e->data, bytes, n) != 0)
        return 0;
    char *p = marsadArenaAlloc(arena, e->slen);
    const char **stems = marsadArenaAlloc(arena, e->n_stems * sizeof *stems);
    if (!p || !stems) return -1;
    memcpy(p, e->data + e->klen, e->slen);
    tok->norm = p;
    p += strlen(p) + 1;
    tok->seg = p;
    p += strlen(p) + 1;
    tok->enclitic = p;
    p += strlen(p) + 1;
    for (size_t i = 0; i < e->n_stems; i++) {
        stems[i] = p;
        p += strlen(p) + 1;
    }
    tok->stems = stems;
    tok->n_stems = e->n_stems;
    tok->stem = stems[0];
    tok->proclitics = e->proclitics;
    tok->lexicon = e->lexicon;
    tok->function_word = e->function_word;
    return 1;
}

void marsadWordCacheStore(marsadWordCache *c, const char *bytes, size_t n,
                          const marsad_token *tok) {
    if (!c || n > WC_MAX_KEY || tok->n_stems == 0 || tok->n_stems > UINT16_MAX) return;
    size_t sl = strlen(tok->norm) + strlen(tok->seg) + strlen(tok->enclitic) + 3;
    for (size_t i = 0; i < tok->n_stems; i++) sl += strlen(tok->stems[i]) + 1;
    if (n + sl > WC_MAX_ENTRY) return;
    uint64_t h = wc_hash(bytes, n);
    wcEntry *e = &c->slots[h & (WC_SLOTS - 1)];
    e->gen = 0; /* invalid until complete */
    if (e->cap < n + sl) {
        size_t cap = (n + sl + 63) & ~(size_t)63; /* most entries fit in 64 or 128 bytes */
        char *d = realloc(e->data, cap);
        if (!d) return;
        e->data = d;
        e->cap = (uint32_t)cap;
    }
    char *p = e->data;
    memcpy(p, bytes, n);
    p += n;
    const char *parts[3] = {tok->norm, tok->seg, tok->enclitic};
    for (size_t i = 0; i < 3; i++) {
        size_t l = strlen(parts[i]) + 1;
        memcpy(p, parts[i], l);
        p += l;
    }
    for (size_t i = 0; i < tok->n_stems; i++) {
        size_t l = strlen(tok->stems[i]) + 1;
        memcpy(p, tok->stems[i], l);
        p += l;
    }
    e->klen = (uint32_t)n;
    e->slen = (uint32_t)sl;
    e->hash = h;
    e->n_stems = (uint16_t)tok->n_stems;
    e->proclitics = tok->proclitics;
    e->lexicon = (uint8_t)tok->lexicon;
    e->function_word = (uint8_t)tok->function_word;
    e->gen = c->gen;
}
