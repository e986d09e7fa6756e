/*
 * utf8.c -- UTF-8 at the boundary: repair exactly as Python's
 * bytes.decode('utf-8', 'replace') does (Unicode's maximal-subpart
 * practice, table 3-7), so code point offsets agree with what users
 * compute.  After this point the library assumes valid UTF-8.
 */
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "text_internal.h"

/* Length of the maximal well-formed prefix at s[0..n): returns the length
 * of a complete sequence (>0) and sets *ok = 1, or the length of the
 * maximal invalid subpart to replace (>=1) with *ok = 0. */
static size_t scan_sequence(const unsigned char *s, size_t n, int *ok) {
    unsigned char b0 = s[0];
    *ok = 0;
    if (b0 < 0x80) {
        *ok = b0 != 0; /* NUL is treated as invalid */
        return 1;
    }
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 2;
    } else if (b0 == 0xE0) {
        need = 3;
        lo = 0xA0;
    } else if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) {
        need = 3;
    } else if (b0 == 0xED) {
        need = 3;
        hi = 0x9F;
    } else if (b0 == 0xF0) {
        need = 4;
        lo = 0x90;
    } else if (b0 >= 0xF1 && b0 <= 0xF3) {
        need = 4;
    } else if (b0 == 0xF4) {
        need = 4;
        hi = 0x8F;
    } else {
        return 1; /* 80..C1, F5..FF: never a lead byte */
    }
    size_t i = 1;
    for (; i < need; i++) {
        if (i >= n) return i; /* truncated: the prefix is one subpart */
        unsigned char c = s[i];
        if (i == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF)) return i;
    }
    *ok = 1;
    return need;
}

char *marsadUtf8Repair(const char *bytes, size_t len, size_t *out_len, size_t *replaced,
                       size_t *chars) {
    const unsigned char *s = (const unsigned char *)bytes;
    size_t nrep = 0;
    if (len > (SIZE_MAX - 1) / 3) return NULL;
    /* Fast path: most input is valid; check first, then copy. */
    size_t i = 0, outsize = len;
    while (i < len) {
#ifdef __SSE2__
        if (i + 16 <= len) {
            /* Sixteen bytes at a time, as below (SSE2: every x86-64). */
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            unsigned hi = (unsigned)_mm_movemask_epi8(v);
            unsigned nul = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128()));
            if (!hi && !nul) {
                i += 16;
                continue;
            }
            /* as signed bytes: C2..DF are -62..-33, 80..BF are -128..-65 */
            unsigned lead = (unsigned)_mm_movemask_epi8(_mm_and_si128(
                _mm_cmpgt_epi8(v, _mm_set1_epi8(-63)), _mm_cmpgt_epi8(_mm_set1_epi8(-32), v)));
            unsigned cont = (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(_mm_set1_epi8(-64), v));
            if (!nul && (lead | cont | (~hi & 0xFFFFu)) == 0xFFFFu &&
                cont == ((lead << 1) & 0xFFFFu)) {
                i += (lead & 0x8000u) ? 15 : 16;
                continue;
            }
        }
#endif
        if (i + 8 <= len) {
            /* Eight bytes at a time: ASCII but NUL, and two-byte sequences
             * (C2..DF then 80..BF), each whole within the eight bytes but
             * for a lead byte in the last place, left for the next round. */
            const uint64_t H = 0x8080808080808080ULL;
            uint64_t v;
            memcpy(&v, s + i, 8);
            uint64_t hi = v & H;
            uint64_t cont = v & ~(v << 1) & H;            /* 10xxxxxx */
            uint64_t lead = v & (v << 1) & ~(v << 2) & H; /* 110xxxxx */
            uint64_t not_c0c1 = ((v & 0x1E1E1E1E1E1E1E1EULL) + 0x7F7F7F7F7F7F7F7FULL) & H;
            uint64_t nul = (v - 0x0101010101010101ULL) & ~v & H;
            if (hi == (cont | lead) && !(lead & ~not_c0c1) && cont == ((lead << 8) & H) && !nul) {
                i += (lead >> 56) ? 7 : 8;
                continue;
            }
        }
        unsigned char b = s[i];
        if (b - 1u < 0x7Fu) { /* ASCII but NUL */
            i++;
            continue;
        }
        if (b - 0xC2u < 0x1Eu && i + 1 < len && (s[i + 1] & 0xC0) == 0x80) {
            i += 2; /* a two-byte sequence (Arabic) */
            continue;
        }
        int ok;
        size_t k = scan_sequence(s + i, len - i, &ok);
        if (!ok) {
            nrep++;
            outsize += 3 - k; /* an invalid subpart (1 to 3 bytes) becomes EF BF BD */
        }
        i += k;
    }
    char *out;
    if (nrep == 0) {
        out = malloc(len + 1 + MARSAD_TEXT_PAD);
        if (!out) return NULL;
        if (len) memcpy(out, bytes, len);
        memset(out + len, 0, 1 + MARSAD_TEXT_PAD);
        if (out_len) *out_len = len;
        if (replaced) *replaced = 0;
        if (chars) *chars = marsadUtf8Chars(out, len);
        return out;
    }
    out = malloc(outsize + 1 + MARSAD_TEXT_PAD);
    if (!out) return NULL;
    memset(out + outsize, 0, 1 + MARSAD_TEXT_PAD);
    size_t o = 0;
    i = 0;
    while (i < len) {
        int ok;
        size_t k = scan_sequence(s + i, len - i, &ok);
        if (ok) {
            memcpy(out + o, s + i, k);
            o += k;
        } else {
            out[o++] = (char)0xEF;
            out[o++] = (char)0xBF;
            out[o++] = (char)0xBD;
        }
        i += k;
    }
    out[o] = '\0';
    if (out_len) *out_len = o;
    if (replaced) *replaced = nrep;
    if (chars) *chars = marsadUtf8Chars(out, o);
    return out;
}

char *marsad_utf8_repair(const char *bytes, size_t len, size_t *out_len, size_t *replaced) {
    return marsadUtf8Repair(bytes, len, out_len, replaced, NULL);
}

int marsad_utf8_valid(const char *bytes, size_t len) {
    const unsigned char *s = (const unsigned char *)bytes;
    size_t i = 0;
    while (i < len) {
        if (s[i] >= 0x01 && s[i] < 0x80) {
            i++;
            continue;
        }
        int ok;
        size_t k = scan_sequence(s + i, len - i, &ok);
        if (!ok) return 0;
        i += k;
    }
    return 1;
}

size_t marsadUtf8Chars(const char *s, size_t len) {
    /* the bytes that do not continue a sequence (10xxxxxx) */
    size_t n = 0, i = 0;
#ifdef __SSE2__
    /* sixteen at a time: a continuation byte is below -64 as a signed
     * byte; the counts add up in bytes, 255 rounds at most, then in two
     * 64-bit lanes (SAD against zero) */
    while (len - i >= 16) {
        size_t rounds = (len - i) / 16;
        if (rounds > 255) rounds = 255;
        __m128i acc = _mm_setzero_si128();
        for (size_t r = 0; r < rounds; r++, i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            acc = _mm_sub_epi8(acc, _mm_cmpgt_epi8(_mm_set1_epi8(-64), v));
        }
        __m128i sum = _mm_sad_epu8(acc, _mm_setzero_si128());
        size_t cont = (size_t)_mm_cvtsi128_si32(sum) + (size_t)_mm_extract_epi16(sum, 4);
        n += 16 * rounds - cont;
    }
#endif
    /* eight at a time */
    for (; i + 8 <= len; i += 8) {
        uint64_t v;
        memcpy(&v, s + i, 8);
        uint64_t cont = v & ~(v << 1) & 0x8080808080808080ULL;
        n += 8 - (size_t)(((cont >> 7) * 0x0101010101010101ULL) >> 56);
    }
    for (; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) n++;
    return n;
}
