/*
 * text_internal.h -- private interface of the text stage (src/text):
 * code point decoding, character classes, the per-code-point folds behind
 * marsad_normalize, and the pieces marsad_text_new assembles.
 */
#ifndef MARSAD_TEXT_INTERNAL_H
#define MARSAD_TEXT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "../util/util.h"
#include "marsad.h"

/* Decodes one code point of VALID UTF-8 at s[*i] and advances *i. */
static inline uint32_t marsadUtf8Next(const char *str, size_t len, size_t *i) {
    const unsigned char *s = (const unsigned char *)str;
    size_t p = *i;
    unsigned char c = s[p];
    if (c < 0x80) {
        *i = p + 1;
        return c;
    }
    if (c < 0xE0 && p + 1 < len) {
        *i = p + 2;
        return ((uint32_t)(c & 0x1F) << 6) | (s[p + 1] & 0x3F);
    }
    if (c < 0xF0 && p + 2 < len) {
        *i = p + 3;
        return ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[p + 1] & 0x3F) << 6) |
               (s[p + 2] & 0x3F);
    }
    if (p + 3 < len) {
        *i = p + 4;
        return ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[p + 1] & 0x3F) << 12) |
               ((uint32_t)(s[p + 2] & 0x3F) << 6) | (s[p + 3] & 0x3F);
    }
    *i = len; /* not reached for valid input */
    return 0xFFFD;
}

size_t marsadUtf8Chars(const char *s, size_t len);

/* ---- character classes ---- */
typedef enum marsadCharClass {
    MC_SPACE,     /* whitespace other than newline */
    MC_NEWLINE,   /* \n, \r, U+2028, U+2029, \v \f */
    MC_AR_LETTER, /* Arabic letter (incl. presentation forms) */
    MC_AR_MARK,   /* Arabic diacritic or Quranic mark */
    MC_TATWEEL,
    MC_LETTER,    /* any other letter (Latin, ...) */
    MC_MARK,      /* any other combining mark */
    MC_DIGIT,     /* decimal digit of any script */
    MC_FORMAT,    /* ZWNJ, ZWJ, bidi controls, soft hyphen, BOM */
    MC_PUNCT,     /* punctuation or symbol */
    MC_IGNORED    /* U+FFFD, other controls: separators ignored by analysis */
} marsadCharClass;

marsadCharClass marsadCharClassOf(uint32_t cp);
/* Value of a decimal digit in any script, or -1. */
int marsadDigitValue(uint32_t cp);

/* Appends the normalization of one code point under `flags` (without
 * NFKC, which works on whole segments) to `b`. */
void marsadFoldCp(marsadBuf *b, uint32_t cp, unsigned flags);

/* Normalizes `len` bytes of valid UTF-8 into `b`; when `map` is not NULL
 * it records for each output byte the input byte offset (plus `base`). */
void marsadNormalizeInto(marsadBuf *out, marsadBuf *map, const char *s, size_t len,
                         unsigned flags, uint32_t base);

#endif
