/*
 * normalize.c -- normalization for matching.  Each Arabic fold is a named
 * flag (marsad.h); NFKC comes from utf8proc, applied per normalization
 * segment (a starter and the marks that follow it) so that every output
 * byte keeps the offset of the input code point it came from.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text_internal.h"

static marsadCharClass class_of(uint32_t cp) {
    if (cp < 0x80) {
        if (cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f') return MC_NEWLINE;
        if (cp == ' ' || cp == '\t') return MC_SPACE;
        if (cp < 0x20 || cp == 0x7F) return MC_IGNORED;
        if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') return MC_LETTER;
        if (cp >= '0' && cp <= '9') return MC_DIGIT;
        return MC_PUNCT;
    }
    if (cp >= 0x0621 && cp <= 0x064A) return cp == 0x0640 ? MC_TATWEEL : MC_AR_LETTER;
    if (cp == 0xFFFD) return MC_IGNORED;
    if (cp == 0x0085 || cp == 0x2028 || cp == 0x2029) return MC_NEWLINE;
    const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
    int arabic = (cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F) ||
                 (cp >= 0x0870 && cp <= 0x08FF) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
                 (cp >= 0xFE70 && cp <= 0xFEFE);
    switch (p->category) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return arabic ? MC_AR_LETTER : MC_LETTER;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return arabic ? MC_AR_MARK : MC_MARK;
    case UTF8PROC_CATEGORY_ND:
        return MC_DIGIT;
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return MC_LETTER;
    case UTF8PROC_CATEGORY_ZS:
        return MC_SPACE;
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return MC_NEWLINE;
    case UTF8PROC_CATEGORY_CF:
        return MC_FORMAT;
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
    case UTF8PROC_CATEGORY_SM:
    case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK:
    case UTF8PROC_CATEGORY_SO:
        return MC_PUNCT;
    default:
        return MC_IGNORED; /* controls, unassigned, private use, surrogates */
    }
}

int marsadDigitValue(uint32_t cp) {
    if (cp >= '0' && cp <= '9') return (int)(cp - '0');
    if (cp >= 0x0660 && cp <= 0x0669) return (int)(cp - 0x0660);
    if (cp >= 0x06F0 && cp <= 0x06F9) return (int)(cp - 0x06F0);
    if (cp < 0x80) return -1;
    const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
    if (p->category != UTF8PROC_CATEGORY_ND) return -1;
    /* Unicode allocates decimal digits in contiguous runs of ten starting
     * at a code point whose low nibble is 0 or 6. */
    uint32_t zero = cp;
    while (zero > 0 && (cp - zero) < 9) {
        const utf8proc_property_t *q = utf8proc_get_property((utf8proc_int32_t)(zero - 1));
        if (q->category != UTF8PROC_CATEGORY_ND) break;
        zero--;
    }
    return (int)((cp - zero) % 10);
}

static int is_diacritic(uint32_t cp) {
    return (cp >= 0x0610 && cp <= 0x061A) || (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 ||
           (cp >= 0x06D6 && cp <= 0x06DC) || (cp >= 0x06DF && cp <= 0x06E4) ||
           (cp >= 0x06E7 && cp <= 0x06E8) || (cp >= 0x06EA && cp <= 0x06ED) ||
           (cp >= 0x08CA && cp <= 0x08E1) || (cp >= 0x08E3 && cp <= 0x08FF);
}

static int is_format(uint32_t cp) {
    return cp == 0x00AD || cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
           (cp >= 0x2066 && cp <= 0x206F) || cp == 0xFEFF;
}

/* marsadBufPutCp without the call when there is room (the hot path of
 * every normalization). */
static inline void put_cp(marsadBuf *b, uint32_t cp) {
    if (b->failed || b->len + 5 > b->cap) {
        marsadBufPutCp(b, cp);
        return;
    }
    unsigned char *d = (unsigned char *)b->data + b->len;
    if (cp < 0x80) {
        d[0] = (unsigned char)cp;
        b->len += 1;
    } else if (cp < 0x800) {
        d[0] = (unsigned char)(0xC0 | (cp >> 6));
        d[1] = (unsigned char)(0x80 | (cp & 0x3F));
        b->len += 2;
    } else if (cp < 0x10000) {
        d[0] = (unsigned char)(0xE0 | (cp >> 12));
        d[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        d[2] = (unsigned char)(0x80 | (cp & 0x3F));
        b->len += 3;
    } else {
        d[0] = (unsigned char)(0xF0 | (cp >> 18));
        d[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        d[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        d[3] = (unsigned char)(0x80 | (cp & 0x3F));
        b->len += 4;
    }
    b->data[b->len] = '\0';
}

/* The one-code-point folds of the switch: when `cp` is one of them, sets
 * the flag that enables it and its replacement and returns 1. */
static int special_fold(uint32_t cp, unsigned *flag, uint32_t *to) {
    switch (cp) {
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: case 0x0672: case 0x0673:
        *flag = MARSAD_NORM_ALEF;
        *to = 0x0627;
        return 1;
    case 0x0649: case 0x06CC:
        *flag = MARSAD_NORM_YEH;
        *to = 0x064A;
        return 1;
    case 0x0629:
        *flag = MARSAD_NORM_TEH_MARBUTA;
        *to = 0x0647;
        return 1;
    case 0x0624:
        *flag = MARSAD_NORM_HAMZA;
        *to = 0x0648;
        return 1;
    case 0x0626:
        *flag = MARSAD_NORM_HAMZA;
        *to = 0x064A;
        return 1;
    case 0x06A9:
        *flag = MARSAD_NORM_KAF;
        *to = 0x0643;
        return 1;
    case 0x06D5:
        *flag = MARSAD_NORM_KAF;
        *to = 0x0647;
        return 1;
    case 0x066B:
        *flag = MARSAD_NORM_DIGITS;
        *to = '.';
        return 1;
    case 0x066C:
        *flag = MARSAD_NORM_DIGITS;
        *to = ',';
        return 1;
    case 0x066A:
        *flag = MARSAD_NORM_DIGITS;
        *to = '%';
        return 1;
    case 0x060C:
        *flag = MARSAD_NORM_PUNCT;
        *to = ',';
        return 1;
    case 0x061B:
        *flag = MARSAD_NORM_PUNCT;
        *to = ';';
        return 1;
    case 0x061F:
        *flag = MARSAD_NORM_PUNCT;
        *to = '?';
        return 1;
    case 0x06D4:
        *flag = MARSAD_NORM_PUNCT;
        *to = '.';
        return 1;
    case 0x00AB: case 0x00BB: case 0x201C: case 0x201D: case 0x201E: case 0x201F:
    case 0x2033: case 0x275D: case 0x275E:
        *flag = MARSAD_NORM_PUNCT;
        *to = '"';
        return 1;
    case 0x2039: case 0x203A: case 0x2018: case 0x2019: case 0x201A: case 0x201B:
    case 0x2032:
        *flag = MARSAD_NORM_PUNCT;
        *to = '\'';
        return 1;
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212:
        *flag = MARSAD_NORM_PUNCT;
        *to = '-';
        return 1;
    default:
        return 0;
    }
}

/* The fold of a code point that special_fold() does not name. */
static uint32_t default_fold(uint32_t cp, unsigned flags) {
    if ((flags & MARSAD_NORM_DIGITS) && cp >= 0x0660) {
        int d = marsadDigitValue(cp);
        if (d >= 0) cp = (uint32_t)('0' + d);
    } else if ((flags & MARSAD_NORM_CASE) && cp < 0x0590) {
        cp = (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
    }
    return cp;
}

/* Everything the text stage asks of a code point below U+0800 (ASCII,
 * Latin, Greek, Cyrillic, Hebrew, Arabic: nearly every code point of Arabic
 * news), in one table built once from utf8proc and the functions above
 * (cp_init): asking utf8proc and testing ranges for each code point was
 * the largest single cost of the text stage. */
marsadCpEntry marsadCpTable[MARSAD_CP_LIMIT];
static pthread_once_t cp_once = PTHREAD_ONCE_INIT;

/* Code points the folds drop before composition (dropped() below). */
static int is_seg_dropped_dia(uint32_t cp) {
    return is_diacritic(cp) && !(cp >= 0x0653 && cp <= 0x0655); /* these compose: ا + ٔ -> أ */
}

static void cp_init(void) {
    for (uint32_t cp = 0; cp < MARSAD_CP_LIMIT; cp++) {
        marsadCpEntry *e = &marsadCpTable[cp];
        const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
        e->cls = (uint8_t)class_of(cp);
        uint8_t f = 0;
        if (cp < 0x300 || p->combining_class == 0) f |= MARSAD_CP_STARTER;
        if (cp >= 0xA0 && p->decomp_seqindex != UINT16_MAX) f |= MARSAD_CP_DECOMP;
        if (is_seg_dropped_dia(cp)) f |= MARSAD_CP_PLAIN_DIA;
        if (f & MARSAD_CP_DECOMP) {
            utf8proc_uint8_t src[4], *dst = NULL;
            utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp, src);
            utf8proc_ssize_t m = utf8proc_map(src, n, &dst,
                                              UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
            if (m == n && dst && memcmp(dst, src, (size_t)n) == 0) f |= MARSAD_CP_NFKC_SELF;
            free(dst);
        } else {
            f |= MARSAD_CP_NFKC_SELF;
        }
        e->props = f;
        e->seg_drop = (uint16_t)((is_seg_dropped_dia(cp) ? MARSAD_NORM_DIACRITICS : 0) |
                                 (cp == 0x0640 ? MARSAD_NORM_TATWEEL : 0) |
                                 (is_format(cp) ? MARSAD_NORM_FORMAT : 0));
        if (cp < 0x80) {
            /* ASCII is folded by fold_put() itself (case only) */
            e->to = e->digit = e->lower = (uint16_t)cp;
            continue;
        }
        e->drop = (uint16_t)((is_diacritic(cp) ? MARSAD_NORM_DIACRITICS : 0) |
                             (cp == 0x0640 ? MARSAD_NORM_TATWEEL : 0) |
                             (is_format(cp) ? MARSAD_NORM_FORMAT : 0));
        unsigned sf = 0;
        uint32_t to = cp;
        if (special_fold(cp, &sf, &to)) {
            e->special = (uint16_t)sf;
            e->to = (uint16_t)to;
        }
        e->digit = (uint16_t)default_fold(cp, MARSAD_NORM_DIGITS);
        e->lower = (uint16_t)default_fold(cp, MARSAD_NORM_CASE);
        if (cp >= 0x0621 && cp <= 0x064A && cp != 0x0640 && (f & MARSAD_CP_STARTER) &&
            (f & MARSAD_CP_NFKC_SELF) && !e->drop && !e->seg_drop &&
            (!e->special || (e->to >= 0x80 && e->to < 0x800)) && e->digit == cp &&
            e->lower == cp)
            e->props |= MARSAD_CP_SIMPLE;
    }
}

uint8_t marsadArRun[128];

static void tables_init(void) {
    cp_init();
    for (uint32_t k = 0; k < 128; k++) {
        marsadCharClass cl = (marsadCharClass)marsadCpTable[0x600 + k].cls;
        marsadArRun[k] = cl == MC_AR_LETTER ? 2 : cl == MC_AR_MARK || cl == MC_TATWEEL ? 1 : 0;
    }
}

void marsadTextTablesInit(void) { pthread_once(&cp_once, tables_init); }

marsadCharClass marsadCharClassOf(uint32_t cp) {
    if (cp < MARSAD_CP_LIMIT) {
        marsadTextTablesInit();
        return (marsadCharClass)marsadCpTable[cp].cls;
    }
    return class_of(cp);
}

/* The folds of a code point at or above U+0800. */
static void fold_slow(marsadBuf *b, uint32_t cp, unsigned flags) {
    if ((flags & MARSAD_NORM_DIACRITICS) && is_diacritic(cp)) return;
    if ((flags & MARSAD_NORM_TATWEEL) && cp == 0x0640) return;
    if ((flags & MARSAD_NORM_FORMAT) && is_format(cp)) return;
    unsigned f;
    uint32_t to;
    if (special_fold(cp, &f, &to)) {
        if (flags & f) cp = to;
    } else {
        cp = default_fold(cp, flags);
    }
    put_cp(b, cp);
}

/* Appends the folds of one code point (the tables must be built). */
static inline void fold_put(marsadBuf *b, uint32_t cp, unsigned flags) {
    if (cp < 0x80) {
        if ((flags & MARSAD_NORM_CASE) && cp - 'A' < 26u) cp += 32;
        if (!b->failed && b->len + 2 <= b->cap) {
            b->data[b->len++] = (char)cp;
            b->data[b->len] = '\0';
            return;
        }
        marsadBufPutCp(b, cp);
        return;
    }
    if (cp < MARSAD_CP_LIMIT) {
        const marsadCpEntry *e = &marsadCpTable[cp];
        if (flags & e->drop) return;
        if (e->special) {
            if (flags & e->special) cp = e->to;
        } else if ((flags & MARSAD_NORM_DIGITS) && cp >= 0x0660) {
            cp = e->digit;
        } else if ((flags & MARSAD_NORM_CASE) && cp < 0x0590) {
            cp = e->lower;
        }
        put_cp(b, cp);
        return;
    }
    fold_slow(b, cp, flags);
}

void marsadFoldCp(marsadBuf *b, uint32_t cp, unsigned flags) {
    marsadTextTablesInit();
    fold_put(b, cp, flags);
}

static inline int is_starter(uint32_t cp) {
    if (cp < 0x300) return 1;
    if (cp < MARSAD_CP_LIMIT) return marsadCpTable[cp].props & MARSAD_CP_STARTER;
    return utf8proc_get_property((utf8proc_int32_t)cp)->combining_class == 0;
}

static inline int has_decomposition(uint32_t cp) {
    if (cp < 0xA0) return 0;
    if (cp < MARSAD_CP_LIMIT) return (marsadCpTable[cp].props & MARSAD_CP_DECOMP) != 0;
    return utf8proc_get_property((utf8proc_int32_t)cp)->decomp_seqindex != UINT16_MAX;
}

/* Whether NFKC leaves the code point, alone in its segment, as it is. */
static inline int nfkc_self(uint32_t cp) {
    if (cp < 0xA0) return 1;
    if (cp < MARSAD_CP_LIMIT) return (marsadCpTable[cp].props & MARSAD_CP_NFKC_SELF) != 0;
    return !has_decomposition(cp);
}

static inline int plain_diacritic(uint32_t cp) {
    if (cp < MARSAD_CP_LIMIT) return (marsadCpTable[cp].props & MARSAD_CP_PLAIN_DIA) != 0;
    return is_seg_dropped_dia(cp);
}

static void map_fill(marsadBuf *map, size_t upto, uint32_t off) {
    /* map holds uint32_t entries; extend it to `upto` entries with `off`. */
    size_t have = map->len / sizeof(uint32_t);
    if (upto <= have) return;
    if (marsadBufReserve(map, (upto - have) * sizeof(uint32_t))) return;
    uint32_t *m = (uint32_t *)(void *)map->data;
    for (size_t k = have; k < upto; k++) m[k] = off;
    map->len = upto * sizeof(uint32_t);
}

/* Stream-safe text format (UAX #15): a starter with more than 30 marks
 * (after the folds) is not composed or reordered, which also keeps
 * utf8proc's reordering linear. */
#define MAX_SEGMENT_MARKS 30

/* Code points the folds drop.  They are dropped before composition, so
 * that the marks on both sides of a dropped tatweel or joiner form one run
 * here, as they will when the output is normalized again (idempotence). */
static inline int dropped(uint32_t cp, unsigned flags) {
    if (cp < MARSAD_CP_LIMIT) return (flags & marsadCpTable[cp].seg_drop) != 0;
    return ((flags & MARSAD_NORM_DIACRITICS) && is_seg_dropped_dia(cp)) ||
           ((flags & MARSAD_NORM_TATWEEL) && cp == 0x0640) ||
           ((flags & MARSAD_NORM_FORMAT) && is_format(cp));
}

/* Appends the folds of NFKC(s[0..n)); -1 when memory runs out. */
static int nfkc_fold(marsadBuf *out, const char *s, size_t n, unsigned flags) {
    utf8proc_uint8_t *dst = NULL;
    utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &dst,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
    if (m < 0 || !dst) {
        free(dst);
        out->failed = 1;
        return -1;
    }
    size_t p = 0;
    while (p < (size_t)m) fold_put(out, marsadUtf8Next((const char *)dst, (size_t)m, &p), flags);
    free(dst);
    return 0;
}

/* NFKC of the segment s[seg_start, seg_end) without what the folds drop,
 * folded; again on its own output while that changes it (a fold such as
 * أ -> ا can make a new composition), so that the result is stable.
 * -1 on failure. */
static int compose_segment(marsadBuf *out, const char *s, size_t len, size_t seg_start,
                           size_t seg_end, unsigned flags) {
    marsadBuf seg;
    marsadBufInit(&seg);
    for (size_t p = seg_start; p < seg_end;) {
        size_t at = p;
        uint32_t c = marsadUtf8Next(s, len, &p);
        if (at == seg_start || !dropped(c, flags)) marsadBufPut(&seg, s + at, p - at);
    }
    size_t before = out->len;
    int rc = seg.failed ? -1 : nfkc_fold(out, seg.data ? seg.data : "", seg.len, flags);
    /* every round that changes the segment composes a mark away */
    for (int round = 0; rc == 0 && round <= MAX_SEGMENT_MARKS; round++) {
        size_t n = out->len - before;
        seg.len = 0;
        marsadBufPut(&seg, out->data + before, n);
        if (seg.failed) break;
        out->len = before;
        rc = nfkc_fold(out, seg.data ? seg.data : "", n, flags);
        if (rc == 0 && out->len - before == n && memcmp(out->data + before, seg.data, n) == 0)
            break;
    }
    if (seg.failed) out->failed = 1;
    marsadBufFree(&seg);
    return rc < 0 || out->failed ? -1 : 0;
}

void marsadNormalizeInto(marsadBuf *out, marsadBuf *map, const char *s, size_t len,
                         unsigned flags, uint32_t base) {
    marsadTextTablesInit();
    /* room for the common case (output no longer than the input) up front */
    if (marsadBufReserve(out, len)) return;
    size_t i = 0, carried_end = 0;
    uint32_t cp = 0;
    int carried = 0; /* cp (ending at carried_end) was decoded by the last round */
    while (i < len) {
        if (!carried && i + 3 < len) {
            /* the common case first: an Arabic letter followed by another,
             * each a simple letter (MARSAD_CP_SIMPLE: a starter that no
             * flag drops and that NFKC leaves alone), so the first is
             * alone in its segment and folds to two bytes */
            const unsigned char *u = (const unsigned char *)s + i;
            if ((u[0] & 0xFE) == 0xD8 && (u[2] & 0xFE) == 0xD8) {
                uint32_t c0 = ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
                uint32_t c1 = ((uint32_t)(u[2] & 0x1F) << 6) | (u[3] & 0x3F);
                const marsadCpEntry *e = &marsadCpTable[c0];
                if ((e->props & marsadCpTable[c1].props & MARSAD_CP_SIMPLE) && !out->failed &&
                    out->len + 3 <= out->cap) {
                    uint32_t f = (flags & e->special) ? e->to : c0;
                    unsigned char *d = (unsigned char *)out->data + out->len;
                    d[0] = (unsigned char)(0xC0 | (f >> 6));
                    d[1] = (unsigned char)(0x80 | (f & 0x3F));
                    d[2] = '\0';
                    out->len += 2;
                    if (map) map_fill(map, out->len, base + (uint32_t)i);
                    i += 2;
                    continue;
                }
            }
        }
        size_t seg_start = i;
        if (carried) {
            i = carried_end;
            carried = 0;
        } else {
            cp = marsadUtf8Next(s, len, &i);
        }
        /* Gather the non-starters that follow (and the starters the folds
         * drop); count those that stay.  The starter that ends the
         * segment is kept for the next round. */
        size_t j = i;
        int marks = 0, skipped = 0, only_plain_diacritics = 1;
        uint32_t next = 0;
        size_t next_end = 0;
        while (j < len) {
            size_t k = j;
            uint32_t c = marsadUtf8Next(s, len, &k);
            int drop = dropped(c, flags);
            if (!drop && is_starter(c)) {
                next = c;
                next_end = k;
                carried = 1;
                break;
            }
            j = k;
            if (drop) {
                skipped = 1;
                continue;
            }
            if (!plain_diacritic(c)) only_plain_diacritics = 0;
            marks++;
        }
        size_t seg_end = j;
        if (marks == 0 && !skipped && (!(flags & MARSAD_NORM_NFKC) || nfkc_self(cp))) {
            /* the common case: a code point alone in its segment */
            fold_put(out, cp, flags);
            if (map) map_fill(map, out->len, base + (uint32_t)seg_start);
        } else if (!(flags & MARSAD_NORM_NFKC) || (marks == 0 && nfkc_self(cp)) ||
                   marks > MAX_SEGMENT_MARKS ||
                   (marks > 0 && only_plain_diacritics && (flags & MARSAD_NORM_DIACRITICS) &&
                    !has_decomposition(cp))) {
            /* No composition can happen (or none is done): fold code point
             * by code point. */
            size_t p = seg_start;
            while (p < seg_end) {
                size_t at = p;
                uint32_t c = marsadUtf8Next(s, len, &p);
                fold_put(out, c, flags);
                if (map) map_fill(map, out->len, base + (uint32_t)at);
            }
        } else {
            if (compose_segment(out, s, len, seg_start, seg_end, flags)) return;
            if (map) map_fill(map, out->len, base + (uint32_t)seg_start);
        }
        i = seg_end;
        cp = next;
        carried_end = next_end;
    }
}

char *marsad_normalize(const char *utf8, size_t len, unsigned flags, size_t *out_len,
                       uint32_t **map) {
    marsadBuf out, mb;
    marsadBufInit(&out);
    marsadBufInit(&mb);
    if (marsadBufReserve(&out, len)) return NULL;
    marsadNormalizeInto(&out, map ? &mb : NULL, utf8, len, flags, 0);
    size_t n = 0;
    char *res = marsadBufDetach(&out, &n);
    if (!res) {
        marsadBufFree(&mb);
        return NULL;
    }
    if (map) {
        map_fill(&mb, n, (uint32_t)len);
        uint32_t end = (uint32_t)len;
        marsadBufPut(&mb, &end, sizeof end);
        if (mb.failed) {
            free(res);
            marsadBufFree(&mb);
            return NULL;
        }
        *map = (uint32_t *)(void *)marsadBufDetach(&mb, NULL);
    }
    if (out_len) *out_len = n;
    return res;
}

marsad_punct marsad_punct_class(uint32_t cp) {
    switch (cp) {
    case '.': case 0x06D4: case 0xFF0E: return MARSAD_PUNCT_PERIOD;
    case '?': case 0x061F: case 0xFF1F: return MARSAD_PUNCT_QUESTION;
    case '!': case 0xFF01: return MARSAD_PUNCT_EXCLAIM;
    case 0x2026: return MARSAD_PUNCT_ELLIPSIS;
    case ',': case 0x060C: case 0xFF0C: return MARSAD_PUNCT_COMMA;
    case ';': case 0x061B: return MARSAD_PUNCT_SEMICOLON;
    case ':': return MARSAD_PUNCT_COLON;
    case 0x00AB: case 0x201C: case 0x2039: case 0x2018: case 0x201E: case 0x201A: case 0x275D:
        return MARSAD_PUNCT_QUOTE_OPEN;
    case 0x00BB: case 0x201D: case 0x203A: case 0x2019: case 0x275E:
        return MARSAD_PUNCT_QUOTE_CLOSE;
    case '"': case '\'': case 0x201F: case 0x201B: case 0x2033: case 0x2032:
        return MARSAD_PUNCT_QUOTE;
    case '(': case '[': case '{': case 0xFD3F: case 0xFF08: return MARSAD_PUNCT_OPEN;
    case ')': case ']': case '}': case 0xFD3E: case 0xFF09: return MARSAD_PUNCT_CLOSE;
    case '-': case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212:
        return MARSAD_PUNCT_DASH;
    case '/': case '\\': return MARSAD_PUNCT_SLASH;
    default:
        break;
    }
    return marsadCharClassOf(cp) == MC_PUNCT ? MARSAD_PUNCT_OTHER : MARSAD_PUNCT_NONE;
}

const char *marsad_punct_name(marsad_punct p) {
    static const char *const names[] = {"none",       "period",      "question",  "exclaim",
                                        "ellipsis",   "comma",       "semicolon", "colon",
                                        "quote-open", "quote-close", "quote",     "open",
                                        "close",      "dash",        "slash",     "other"};
    return (unsigned)p < sizeof names / sizeof *names ? names[p] : "other";
}
