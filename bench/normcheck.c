/*
 * normcheck.c -- the exactness check of normalization changes
 * (docs/performance.md, "Exactness"): marsad_normalize, offset map
 * included, under eight flag sets, on every code point alone, on every
 * code point followed by marks, and on random strings; prints one digest a
 * group (--full: every result), so that two builds can be compared.
 *
 * usage: normcheck [--full] [--random N]
 * Uses only marsad.h.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "marsad.h"

static int full;
static uint64_t digest;

static void die(const char *what) {
    fprintf(stderr, "normcheck: %s\n", what);
    exit(1);
}

static void mix(const void *p, size_t n) {
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        digest ^= s[i];
        digest *= 1099511628211ULL;
    }
}

static size_t enc(uint32_t cp, char *d) {
    if (cp < 0x80) {
        d[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        d[0] = (char)(0xC0 | (cp >> 6));
        d[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        d[0] = (char)(0xE0 | (cp >> 12));
        d[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        d[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    d[0] = (char)(0xF0 | (cp >> 18));
    d[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    d[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    d[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static const unsigned flag_sets[8] = {
    MARSAD_NORM_DEFAULT,
    MARSAD_NORM_DEFAULT & ~(unsigned)(MARSAD_NORM_TEH_MARBUTA | MARSAD_NORM_YEH),
    MARSAD_NORM_NFKC | MARSAD_NORM_DIACRITICS | MARSAD_NORM_TATWEEL | MARSAD_NORM_FORMAT,
    0,
    MARSAD_NORM_NFKC,
    MARSAD_NORM_DEFAULT & ~(unsigned)MARSAD_NORM_NFKC,
    MARSAD_NORM_DIACRITICS | MARSAD_NORM_CASE | MARSAD_NORM_DIGITS,
    MARSAD_NORM_NFKC | MARSAD_NORM_ALEF | MARSAD_NORM_HAMZA | MARSAD_NORM_PUNCT,
};

static void one(const char *s, size_t n) {
    for (int f = 0; f < 8; f++) {
        size_t m = 0;
        uint32_t *map = NULL;
        char *r = marsad_normalize(s, n, flag_sets[f], &m, &map);
        if (!r) die("out of memory");
        mix(&m, sizeof m);
        mix(r, m);
        mix(map, (m + 1) * sizeof *map);
        size_t m2 = 0;
        char *r2 = marsad_normalize(s, n, flag_sets[f], &m2, NULL);
        if (!r2 || m2 != m || memcmp(r, r2, m) != 0) die("with and without a map differ");
        if (full) {
            printf("%d\t", f);
            for (size_t i = 0; i < n; i++) printf("%02x", (unsigned char)s[i]);
            putchar('\t');
            for (size_t i = 0; i < m; i++) printf("%02x", (unsigned char)r[i]);
            putchar('\t');
            for (size_t i = 0; i <= m; i++) printf("%" PRIu32 ",", map[i]);
            putchar('\n');
        }
        marsad_free(r);
        marsad_free(r2);
        marsad_free(map);
    }
}

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint32_t rnd(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)rng;
}

/* Code points that the folds and NFKC treat specially, for random strings. */
static const uint32_t interesting[] = {
    'a', 'Z', '0', ' ', '.', 0x00AD, 0x00C5, 0x0130, 0x023A, 0x0300, 0x0301, 0x0327, 0x0345,
    0x0621, 0x0622, 0x0623, 0x0624, 0x0625, 0x0626, 0x0627, 0x0628, 0x0629, 0x0640, 0x0643,
    0x0647, 0x0648, 0x0649, 0x064A, 0x064B, 0x064E, 0x0650, 0x0651, 0x0652, 0x0653, 0x0654,
    0x0655, 0x0660, 0x0665, 0x066B, 0x066C, 0x0670, 0x0671, 0x06A9, 0x06C0, 0x06C1, 0x06C2,
    0x06CC, 0x06D2, 0x06D3, 0x06D4, 0x06D5, 0x06F5, 0x08F0, 0x200C, 0x200D, 0x200F, 0x2019,
    0x201C, 0x2014, 0x2026, 0x212B, 0xFB50, 0xFDF2, 0xFE8D, 0xFEFB, 0xFEFF, 0xFF21, 0x1D7CE,
    0x1F600, 0x0061, 0x0041, 0x00E9, 0x0065, 0x1E9B, 0x0323, 0x0CCB, 0x0CC6, 0x0CD5, 0x1100,
    0x1161, 0x11A8, 0xAC00, 0x0F73, 0x0F71, 0x0F72, 0x1D15E, 0x2460, 0x3392,
};

int main(int argc, char **argv) {
    size_t nrandom = 200000;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--full")) full = 1;
        else if (!strcmp(argv[i], "--random") && i + 1 < argc)
            nrandom = strtoul(argv[++i], NULL, 10);
        else die("usage: normcheck [--full] [--random N]");
    }
    char s[4096];
    /* every code point alone */
    digest = 1469598103934665603ULL;
    for (uint32_t cp = 1; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        one(s, enc(cp, s));
    }
    printf("alone\t%016" PRIx64 "\n", digest);
    /* every code point of the BMP followed by marks, and between letters */
    static const uint32_t after[][3] = {{0x064E, 0, 0},      {0x0654, 0, 0},
                                        {0x0651, 0x064E, 0}, {0x0301, 0x0323, 0},
                                        {0x0640, 0x064B, 0}, {0x200C, 0x0653, 0},
                                        {0x0327, 0x0301, 0x0654}};
    for (size_t a = 0; a < sizeof after / sizeof *after; a++) {
        digest = 1469598103934665603ULL;
        for (uint32_t cp = 1; cp <= 0xFFFF; cp++) {
            if (cp >= 0xD800 && cp <= 0xDFFF) continue;
            size_t n = enc(0x0628, s);
            n += enc(cp, s + n);
            for (int k = 0; k < 3 && after[a][k]; k++) n += enc(after[a][k], s + n);
            n += enc(0x0627, s + n);
            one(s, n);
        }
        printf("marks%zu\t%016" PRIx64 "\n", a, digest);
    }
    /* random strings of interesting code points, and any code point */
    digest = 1469598103934665603ULL;
    for (size_t r = 0; r < nrandom; r++) {
        size_t len = 1 + rnd() % 40, n = 0;
        for (size_t k = 0; k < len; k++) {
            uint32_t cp;
            if (rnd() % 8 == 0) {
                do cp = 1 + rnd() % 0x10FFFF;
                while (cp >= 0xD800 && cp <= 0xDFFF);
            } else {
                cp = interesting[rnd() % (sizeof interesting / sizeof *interesting)];
            }
            n += enc(cp, s + n);
        }
        one(s, n);
    }
    printf("random\t%016" PRIx64 "\n", digest);
    /* UTF-8 repair (and the code points of the repaired text) on random
     * bytes: whole sequences, cut ones, stray continuation and lead bytes,
     * NULs */
    digest = 1469598103934665603ULL;
    static const char *const bits[] = {"a", " ", "\xD8\xA7", "\xD9\x84", "\xD9", "\xA7",
                                       "\xC0\xAF", "\xC2\x80", "\xDF\xBF", "\xE2\x80\x9C",
                                       "\xE2\x80", "\xED\xA0\x80", "\xF0\x9F\x98\x80",
                                       "\xF0\x9F", "\xF4\x90\x80\x80", "\xFF", "\x7F"};
    for (size_t r = 0; r < nrandom; r++) {
        size_t len = rnd() % 48, n = 0;
        for (size_t k = 0; k < len; k++) {
            if (rnd() % 6 == 0) {
                s[n++] = (char)(rnd() & 0xFF);
            } else if (rnd() % 40 == 0) {
                s[n++] = '\0';
            } else {
                const char *b = bits[rnd() % (sizeof bits / sizeof *bits)];
                size_t bl = strlen(b);
                memcpy(s + n, b, bl);
                n += bl;
            }
        }
        size_t m = 0, rep = 0;
        char *o = marsad_utf8_repair(s, n, &m, &rep);
        if (!o) die("out of memory");
        mix(&m, sizeof m);
        mix(&rep, sizeof rep);
        mix(o, m);
        marsad_text *t = marsad_text_new(NULL, s, n, NULL, NULL);
        if (!t) die("marsad_text_new");
        size_t ch = marsad_text_chars(t), tb = marsad_text_bytes(t);
        if (tb != m || memcmp(marsad_text_utf8(t), o, m) != 0) die("text and repair differ");
        mix(&ch, sizeof ch);
        if (full) {
            printf("u\t");
            for (size_t i = 0; i < n; i++) printf("%02x", (unsigned char)s[i]);
            printf("\t%zu %zu\n", rep, ch);
        }
        marsad_text_free(t);
        marsad_free(o);
    }
    printf("repair\t%016" PRIx64 "\n", digest);
    return 0;
}
