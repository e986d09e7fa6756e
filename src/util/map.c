/*
 * map.c -- an open-addressing hash table from byte strings to integers,
 * used for the lexicon, the word lists and, later, KB lookups.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"

uint64_t marsadHash(const char *s, size_t n) {
    /* FNV-1a, 64 bit: short keys, good enough spread, no dependencies. */
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h ? h : 1;
}

int marsadMapInit(marsadMap *m, marsadArena *arena) {
    m->cap = 64;
    m->count = 0;
    m->arena = arena;
    m->slots = calloc(m->cap, sizeof *m->slots);
    return m->slots ? 0 : -1;
}

void marsadMapFree(marsadMap *m) {
    free(m->slots);
    m->slots = NULL;
    m->cap = m->count = 0;
}

static marsadMapEntry *find_slot(marsadMapEntry *slots, size_t cap, const char *key, size_t klen,
                                 uint64_t h) {
    size_t i = (size_t)h & (cap - 1);
    for (;;) {
        marsadMapEntry *e = &slots[i];
        if (!e->key) return e;
        if (e->hash == h && e->klen == klen && memcmp(e->key, key, klen) == 0) return e;
        i = (i + 1) & (cap - 1);
    }
}

static int grow(marsadMap *m) {
    size_t cap = m->cap * 2;
    marsadMapEntry *slots = calloc(cap, sizeof *slots);
    if (!slots) return -1;
    for (size_t i = 0; i < m->cap; i++) {
        marsadMapEntry *e = &m->slots[i];
        if (e->key) *find_slot(slots, cap, e->key, e->klen, e->hash) = *e;
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return 0;
}

int marsadMapPut(marsadMap *m, const char *key, size_t klen, intptr_t value) {
    if ((m->count + 1) * 4 > m->cap * 3 && grow(m)) return -1;
    uint64_t h = marsadHash(key, klen);
    marsadMapEntry *e = find_slot(m->slots, m->cap, key, klen, h);
    if (!e->key) {
        char *k = marsadArenaStrndup(m->arena, key, klen);
        if (!k) return -1;
        e->key = k;
        e->klen = klen;
        e->hash = h;
        m->count++;
    }
    e->value = value;
    return 0;
}

const marsadMapEntry *marsadMapGet(const marsadMap *m, const char *key, size_t klen) {
    if (!m->slots) return NULL;
    const marsadMapEntry *e = find_slot(m->slots, m->cap, key, klen, marsadHash(key, klen));
    return e->key ? e : NULL;
}
