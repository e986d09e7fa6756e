/*
 * util.h -- private helpers shared by every stage: the per-document arena,
 * a growable byte buffer, and a string hash table.  Internal names are
 * camel-cased (marsadArenaAlloc) to tell them from the public marsad_ API.
 */
#ifndef MARSAD_UTIL_H
#define MARSAD_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "marsad.h"

/* ---- arena: many small allocations, freed at once ---- */
typedef struct marsadArenaBlock marsadArenaBlock;
typedef struct marsadArena {
    marsadArenaBlock *head;
    char *cur, *end; /* the free part of the head block */
} marsadArena;

#define MARSAD_ARENA_ALIGN 16 /* alignment of marsadArenaAlloc (max_align_t on x86-64) */

void marsadArenaInit(marsadArena *a);
void marsadArenaFree(marsadArena *a);
/* Allocates a new head block for at least n bytes and returns n bytes of it
 * (aligned), or NULL (the slow path of the functions below). */
void *marsadArenaGrow(marsadArena *a, size_t n);
/* NULL on allocation failure.  Memory is aligned for any type. */
static inline void *marsadArenaAlloc(marsadArena *a, size_t n) {
    const size_t mask = (sizeof(max_align_t) > MARSAD_ARENA_ALIGN ? sizeof(max_align_t)
                                                                  : MARSAD_ARENA_ALIGN) - 1;
    uintptr_t p = ((uintptr_t)a->cur + mask) & ~(uintptr_t)mask;
    if (a->cur && p <= (uintptr_t)a->end && n <= (size_t)((uintptr_t)a->end - p)) {
        a->cur = (char *)p + n;
        return (void *)p;
    }
    return marsadArenaGrow(a, n);
}
/* n bytes with no alignment (strings), or NULL. */
static inline char *marsadArenaBytes(marsadArena *a, size_t n) {
    if (a->cur && n <= (size_t)(a->end - a->cur)) {
        char *p = a->cur;
        a->cur += n;
        return p;
    }
    return (char *)marsadArenaGrow(a, n);
}
void *marsadArenaCalloc(marsadArena *a, size_t n);
/* A NUL-terminated copy of s[0..n). */
static inline char *marsadArenaStrndup(marsadArena *a, const char *s, size_t n) {
    if (n == SIZE_MAX) return NULL;
    char *p = marsadArenaBytes(a, n + 1);
    if (!p) return NULL;
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* ---- growable buffer ---- */
typedef struct marsadBuf {
    char *data;
    size_t len, cap;
    int failed; /* set once an allocation fails; later appends are no-ops */
} marsadBuf;

void marsadBufInit(marsadBuf *b);
void marsadBufFree(marsadBuf *b);
int marsadBufReserve(marsadBuf *b, size_t extra);
/* The slow paths of marsadBufPut and marsadBufPutc (growing the buffer). */
void marsadBufPutSlow(marsadBuf *b, const void *p, size_t n);
void marsadBufPutcSlow(marsadBuf *b, char c);
static inline void marsadBufPut(marsadBuf *b, const void *p, size_t n) {
    if (!b->failed && n < b->cap - b->len) { /* room for n bytes and the NUL */
        memcpy(b->data + b->len, p, n);
        b->len += n;
        b->data[b->len] = '\0';
        return;
    }
    marsadBufPutSlow(b, p, n);
}
static inline void marsadBufPutc(marsadBuf *b, char c) {
    if (!b->failed && b->len + 2 <= b->cap) {
        b->data[b->len++] = c;
        b->data[b->len] = '\0';
        return;
    }
    marsadBufPutcSlow(b, c);
}
void marsadBufPuts(marsadBuf *b, const char *s);
void marsadBufPrintf(marsadBuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Appends the UTF-8 encoding of a code point. */
void marsadBufPutCp(marsadBuf *b, uint32_t cp);
/* Returns the NUL-terminated contents and gives up ownership. */
char *marsadBufDetach(marsadBuf *b, size_t *len);

/* ---- string -> value hash table (open addressing) ---- */
typedef struct marsadMapEntry {
    const char *key; /* owned by the map's arena */
    size_t klen;
    uint64_t hash;
    intptr_t value;
} marsadMapEntry;

typedef struct marsadMap {
    marsadMapEntry *slots;
    size_t cap, count;
    marsadArena *arena; /* keys are copied here */
} marsadMap;

uint64_t marsadHash(const char *s, size_t n);
int marsadMapInit(marsadMap *m, marsadArena *arena);
void marsadMapFree(marsadMap *m);
/* Inserts or replaces; returns 0 on success, -1 on allocation failure. */
int marsadMapPut(marsadMap *m, const char *key, size_t klen, intptr_t value);
/* Returns the entry or NULL. */
const marsadMapEntry *marsadMapGet(const marsadMap *m, const char *key, size_t klen);

/* ---- errors ---- */
/* Keeps a NUL-terminated message valid UTF-8 in place: an invalid byte
 * becomes '?', a sequence cut by the end is dropped.  Messages quote input
 * and jansson's excerpts, and are cut to a fixed size. */
void marsadUtf8Clean(char *s);
void marsadErrorSet(marsad_error *err, marsad_status code, const char *file, size_t line,
                    const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

#endif
