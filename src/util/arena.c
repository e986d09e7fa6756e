/*
 * arena.c -- the per-document arena and the growable buffer.  A document's
 * tokens, strings and tables live in one arena that is freed at once.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct marsadArenaBlock {
    marsadArenaBlock *next;
    size_t cap;
    max_align_t data[]; /* cap bytes follow */
};

#define ARENA_MIN_BLOCK ((size_t)64 * 1024)
#define ALIGNMENT (sizeof(max_align_t))

void marsadArenaInit(marsadArena *a) { memset(a, 0, sizeof *a); }

void marsadArenaFree(marsadArena *a) {
    marsadArenaBlock *b = a->head;
    while (b) {
        marsadArenaBlock *next = b->next;
        free(b);
        b = next;
    }
    memset(a, 0, sizeof *a);
}

void *marsadArenaGrow(marsadArena *a, size_t n) {
    size_t need = (n + ALIGNMENT - 1) & ~(ALIGNMENT - 1);
    if (need < n) return NULL;
    size_t cap = need > ARENA_MIN_BLOCK ? need : ARENA_MIN_BLOCK;
    /* Grow blocks with the arena so big documents need few mallocs. */
    if (a->head && a->head->cap * 2 > cap && a->head->cap < ((size_t)16 << 20))
        cap = a->head->cap * 2 > need ? a->head->cap * 2 : need;
    if (cap > SIZE_MAX - sizeof(marsadArenaBlock)) return NULL;
    marsadArenaBlock *b = malloc(sizeof *b + cap);
    if (!b) return NULL;
    b->cap = cap;
    b->next = a->head;
    a->head = b;
    char *p = (char *)b->data;
    a->cur = p + n;
    a->end = p + cap;
    return p;
}

void *marsadArenaCalloc(marsadArena *a, size_t n) {
    void *p = marsadArenaAlloc(a, n);
    if (p) memset(p, 0, n);
    return p;
}

void marsadBufInit(marsadBuf *b) { memset(b, 0, sizeof *b); }

void marsadBufFree(marsadBuf *b) {
    free(b->data);
    memset(b, 0, sizeof *b);
}

int marsadBufReserve(marsadBuf *b, size_t extra) {
    if (b->failed) return -1;
    if (b->len + extra + 1 <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2) {
            b->failed = 1;
            return -1;
        }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = 1;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

void marsadBufPutSlow(marsadBuf *b, const void *p, size_t n) {
    if (n == 0 || marsadBufReserve(b, n)) return;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void marsadBufPuts(marsadBuf *b, const char *s) { marsadBufPut(b, s, strlen(s)); }

void marsadBufPutcSlow(marsadBuf *b, char c) {
    if (marsadBufReserve(b, 1)) return;
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void marsadBufPrintf(marsadBuf *b, const char *fmt, ...) {
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof tmp) {
        marsadBufPut(b, tmp, (size_t)n);
        return;
    }
    if (marsadBufReserve(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void marsadBufPutCp(marsadBuf *b, uint32_t cp) {
    char s[4];
    size_t n;
    if (cp < 0x80) {
        s[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        s[0] = (char)(0xC0 | (cp >> 6));
        s[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        s[0] = (char)(0xE0 | (cp >> 12));
        s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        s[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        s[0] = (char)(0xF0 | (cp >> 18));
        s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        s[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    marsadBufPut(b, s, n);
}

char *marsadBufDetach(marsadBuf *b, size_t *len) {
    if (b->failed) {
        marsadBufFree(b);
        return NULL;
    }
    if (!b->data && marsadBufReserve(b, 0)) return NULL;
    b->data[b->len] = '\0';
    char *p = b->data;
    if (len) *len = b->len;
    memset(b, 0, sizeof *b);
    return p;
}

void marsadErrorSet(marsad_error *err, marsad_status code, const char *file, size_t line,
                    const char *fmt, ...) {
    if (!err) return;
    err->code = code;
    err->line = line;
    err->pos = 0;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    marsadUtf8Clean(err->msg);
}

void marsadUtf8Clean(char *s) {
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t k = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (k > 1 && i + k > n) { /* cut by the end */
            s[i] = '\0';
            return;
        }
        if (k && marsad_utf8_valid(s + i, k)) {
            i += k;
            continue;
        }
        s[i++] = '?';
    }
}

void marsad_free(void *p) { free(p); }
