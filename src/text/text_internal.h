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

/* Bytes allocated after the NUL of marsadUtf8Repair's result (zeros), so
 * that words may be read eight bytes at a time. */
#define MARSAD_TEXT_PAD 8

/* marsad_utf8_repair, also counting the code points of the result in
 * *chars (when not NULL); the result has MARSAD_TEXT_PAD more bytes. */
char *marsadUtf8Repair(const char *bytes, size_t len, size_t *out_len, size_t *replaced,
                       size_t *chars);

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

/* What the text stage asks of a code point below MARSAD_CP_LIMIT, in one
 * table (normalize.c), valid after marsadTextTablesInit(). */
#define MARSAD_CP_LIMIT 0x800
enum {
    MARSAD_CP_STARTER = 1u << 0,   /* canonical combining class 0 */
    MARSAD_CP_DECOMP = 1u << 1,    /* has a decomposition */
    MARSAD_CP_NFKC_SELF = 1u << 2, /* NFKC of the code point alone is itself */
    MARSAD_CP_PLAIN_DIA = 1u << 3, /* a diacritic that composes with nothing (not U+0653..U+0655) */
    /* an Arabic letter U+0621..U+064A (not tatweel) that normalization
     * leaves alone when a starter follows, and that every fold maps to a
     * two-byte letter */
    MARSAD_CP_SIMPLE = 1u << 4
};
typedef struct marsadCpEntry {
    uint16_t seg_drop; /* flags under which normalization drops it before composing */
    uint16_t drop;     /* flags under which its fold removes it (U+0080 and above) */
    uint16_t special;  /* the flag of its one-code-point fold (أ -> ا ...), 0 when none */
    uint16_t to;       /* that fold's replacement */
    uint16_t digit;    /* its fold under MARSAD_NORM_DIGITS */
    uint16_t lower;    /* its fold under MARSAD_NORM_CASE */
    uint8_t props;     /* MARSAD_CP_* */
    uint8_t cls;       /* marsadCharClass */
} marsadCpEntry;
extern marsadCpEntry marsadCpTable[MARSAD_CP_LIMIT];
/* For U+0600..U+067F (index cp - 0x600): 2 for an Arabic letter, 1 for an
 * Arabic mark or tatweel, 0 for anything else (what ends a word). */
extern uint8_t marsadArRun[128];
void marsadTextTablesInit(void);
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
