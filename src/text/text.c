/*
 * text.c -- the text stage of one document: repair UTF-8, split tokens
 * (words, numbers, dates, punctuation, Latin words, URLs, e-mails,
 * hashtags, mentions) with their original spans, and give each word its
 * normalized form and clitic segmentation.  Sentences and numbers are
 * built on the tokens (sentence.c, numbers.c).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../kb/kb_internal.h"
#include "clitics.h"
#include "text_internal.h"
#include "text_priv.h"
#include "wordcache.h"

/* Room for more word tokens (t->word_tok, t->word_hash, t->word_miss:
 * one allocation, the hashes first). */
static int grow_words(marsad_text *t) {
    size_t cap = t->cap_word ? t->cap_word * 2 : t->len / 10 + 16;
    if (!t->cap_word && cap > 65536) cap = 65536;
    uint64_t *wh = malloc(cap * (sizeof *t->word_hash + 2 * sizeof *t->word_tok));
    if (!wh) return -1;
    uint32_t *wt = (uint32_t *)(void *)(wh + cap), *wm = wt + cap;
    if (t->nword) {
        memcpy(wh, t->word_hash, t->nword * sizeof *wh);
        memcpy(wt, t->word_tok, t->nword * sizeof *wt);
    }
    free(t->word_hash);
    t->word_hash = wh;
    t->word_tok = wt;
    t->word_miss = wm;
    t->cap_word = cap;
    return 0;
}

/* Room for more tokens: the tokens, then each token's newlines, prefilter
 * bits and kind, in one allocation (t->tokens). */
static int grow_tokens(marsad_text *t) {
    /* about one token per 8 bytes of news text: most documents need one
     * allocation */
    size_t cap = t->cap_tok ? t->cap_tok * 2 : t->len / 8 + 16;
    if (!t->cap_tok && cap > 65536) cap = 65536;
    marsad_token *nt = malloc(cap * (sizeof *nt + 3));
    if (!nt) return -1;
    uint8_t *nn = (uint8_t *)(nt + cap), *nb = nn + cap, *nk = nb + cap;
    if (t->ntok) {
        memcpy(nt, t->tokens, t->ntok * sizeof *nt);
        memcpy(nn, t->nl_before, t->ntok);
        memcpy(nb, t->wbits, t->ntok);
        memcpy(nk, t->tkind, t->ntok);
    }
    free(t->tokens);
    t->tokens = nt;
    t->nl_before = nn;
    t->wbits = nb;
    t->tkind = nk;
    t->cap_tok = cap;
    return 0;
}

/* Zeroes a token.  One memset of the whole struct (136 bytes) compiles to
 * `rep stos` with gcc, whose start-up cost was about a third of the
 * tokenizer's time (perf); two smaller ones become plain vector stores. */
static inline void token_zero(marsad_token *tok) {
    _Static_assert(sizeof(marsad_token) > 64, "the second memset has a positive size");
    memset(tok, 0, 64);
    memset((char *)tok + 64, 0, sizeof *tok - 64);
}

/* Byte offset of the k-th code point of valid UTF-8 s[0..n). */
static size_t cp_to_byte(const char *s, size_t n, size_t k) {
    size_t i = 0;
    while (i < n && k > 0) {
        marsadUtf8Next(s, n, &i);
        k--;
    }
    return i;
}

/* Code points in valid UTF-8 s[0..n): the bytes that do not continue a
 * sequence, eight at a time. */
static inline size_t count_cps(const char *s, size_t n) {
    size_t c = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t v;
        memcpy(&v, s + i, 8);
        /* continuation bytes: 10xxxxxx */
        uint64_t cont = v & ~(v << 1) & 0x8080808080808080ULL;
        c += 8 - (size_t)(((cont >> 7) * 0x0101010101010101ULL) >> 56);
    }
    for (; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Whether every code point of s[0..n) is an Arabic letter that
 * normalization leaves alone in its segment and folds, under any flags,
 * to a two-byte letter (marsadCpTable's MARSAD_CP_SIMPLE): then the light,
 * segmentation and normalized forms of the word have the same byte
 * offsets, and the form of a part is the part of the form. */
static int simple_word(const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    if (n & 1) return 0;
    for (size_t i = 0; i < n; i += 2) {
        if ((u[i] & 0xFE) != 0xD8) return 0; /* U+0600..U+067F */
        uint32_t cp = ((uint32_t)(u[i] & 0x1F) << 6) | (u[i + 1] & 0x3F);
        if (!(marsadCpTable[cp].props & MARSAD_CP_SIMPLE)) return 0;
    }
    return 1;
}

/* Appends the folds of a simple word (simple_word) under `flags` to b:
 * its normalization under those flags. */
static void fold_simple_append(marsadBuf *b, const char *s, size_t n, unsigned flags) {
    if (marsadBufReserve(b, n)) return;
    unsigned char *d = (unsigned char *)b->data + b->len;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n; i += 2) {
        uint32_t cp = ((uint32_t)(u[i] & 0x1F) << 6) | (u[i + 1] & 0x3F);
        const marsadCpEntry *e = &marsadCpTable[cp];
        if (flags & e->special) cp = e->to;
        d[i] = (unsigned char)(0xC0 | (cp >> 6));
        d[i + 1] = (unsigned char)(0x80 | (cp & 0x3F));
    }
    b->len += n;
    d[n] = '\0';
}

/* The folds of a simple word under `flags`, into b (emptied first). */
static void fold_simple(marsadBuf *b, const char *s, size_t n, unsigned flags) {
    b->len = 0;
    fold_simple_append(b, s, n, flags);
}

/* Normalizes s[0..n) into b (emptied first). */
static void norm_into(marsadBuf *b, const char *s, size_t n, unsigned flags) {
    b->len = 0;
    if (b->data) b->data[0] = '\0';
    marsadNormalizeInto(b, NULL, s, n, flags, 0);
}

#define LIGHT_FLAGS                                                                          \
    (MARSAD_NORM_NFKC | MARSAD_NORM_DIACRITICS | MARSAD_NORM_TATWEEL | MARSAD_NORM_FORMAT)

/* The strings of a word's analysis: the word, norm, seg, enclitic and
 * the candidate stems. */
#define WORD_STRINGS (4 + MARSAD_SEG_MAX_CAND)

/* The strings of a word's analysis, one after another in `b`, each
 * NUL-terminated, packed into a marsadWordInfo: equal strings become one. */
static int pack_word(marsad_text *t, const marsadBuf *b, const uint32_t *at, size_t nat,
                     marsadWordInfo *wi) {
    marsadBuf *p = &t->pbuf;
    p->len = 0;
    uint32_t off[WORD_STRINGS];
    size_t nstr = 0;
    uint32_t strs[WORD_STRINGS], lens[WORD_STRINGS];
    for (size_t i = 0; i < nat; i++) {
        /* the strings are one after another in b */
        size_t l = (i + 1 < nat ? at[i + 1] : b->len) - at[i] - 1;
        const char *s = b->data + at[i];
        size_t j = 0;
        while (j < nstr && !(lens[j] == l && memcmp(p->data + strs[j], s, l) == 0)) j++;
        if (j < nstr) {
            off[i] = strs[j];
            continue;
        }
        lens[nstr] = (uint32_t)l;
        strs[nstr++] = off[i] = (uint32_t)p->len;
        marsadBufPut(p, s, l + 1);
    }
    if (p->failed) return -1;
    wi->data = p->data;
    wi->len = p->len;
    wi->norm = off[1];
    wi->seg = off[2];
    wi->encl = off[3];
    for (size_t i = 0; i < wi->n_stems; i++) wi->stem[i] = off[4 + i];
    return 0;
}

/* Appends b->data[off .. off+n) to b itself (the room first: growing
 * the buffer moves it). */
static void put_part(marsadBuf *b, size_t off, size_t n) {
    if (marsadBufReserve(b, n)) return;
    memcpy(b->data + b->len, b->data + off, n);
    b->len += n;
    b->data[b->len] = '\0';
}

/* marsadKbWordKind of a candidate stem, from the lookup marsadSegment
 * made of it when it did. */
static int cand_kind(const marsad_kb *kb, const marsadSegIndex *ix, const char *segf,
                     const marsadSegCand *c) {
    uint32_t v = c->lex >= 0 ? (uint32_t)c->lex : marsadLexValue(ix, kb, segf + c->pre, c->len);
    return v ? (int)(v - 1) : 0;
}

static int analyse_word(marsad_text *t, const marsadWordCache *wc, const char *w, size_t n,
                        marsadWordInfo *wi) {
    marsadBuf *b = &t->wbuf;
    uint32_t at[WORD_STRINGS]; /* the word, norm, seg, enclitic, stems */
    b->len = 0;
    at[0] = 0;
    marsadBufPut(b, w, n);
    marsadBufPutc(b, '\0');
    size_t norm_at = b->len;
    at[1] = (uint32_t)norm_at;
    int simple = simple_word(w, n);
    if (simple) fold_simple_append(b, w, n, MARSAD_NORM_DEFAULT);
    else marsadNormalizeInto(b, NULL, w, n, MARSAD_NORM_DEFAULT, 0);
    marsadBufPutc(b, '\0');
    if (b->failed) return -1;
    /* light: the word's letters as written (NFKC, no diacritics, tatweel
     * or format characters); segf: the segmentation form */
    const char *light, *segf;
    size_t ll, sl;
    if (simple) {
        light = w;
        ll = n;
        fold_simple(&t->segf, w, n, MARSAD_NORM_SEG);
    } else {
        norm_into(&t->light, w, n, LIGHT_FLAGS);
        norm_into(&t->segf, w, n, MARSAD_NORM_SEG);
        if (t->light.failed) return -1;
        light = t->light.data ? t->light.data : "";
        ll = t->light.len;
    }
    if (t->segf.failed) return -1;
    segf = t->segf.data ? t->segf.data : "";
    sl = t->segf.len;
    marsadSeg sg;
    const marsadSegIndex *ix = marsadWordCacheSegIndex(wc);
    marsadSegment(t->kb, ix, segf, sl, &sg);
    /* seg-form byte offsets -> code point counts -> light byte offsets */
    size_t lp, ls;
    if (simple) {
        lp = sg.pre;
        ls = sg.pre + sg.stem_len;
    } else {
        size_t pre_cp = marsadUtf8Chars(segf, sg.pre);
        size_t stem_cp = marsadUtf8Chars(segf + sg.pre, sg.stem_len);
        lp = cp_to_byte(light, ll, pre_cp);
        ls = lp + cp_to_byte(light + lp, ll - lp, stem_cp);
    }
    at[2] = (uint32_t)b->len;
    if (sg.procl) {
        /* the prefix letters of the word, split where the display splits */
        const char *d = sg.procl->display;
        size_t li = 0;
        while (*d) {
            if (*d == '+') {
                marsadBufPutc(b, '+');
                d++;
                continue;
            }
            size_t di = 0;
            marsadUtf8Next(d, strlen(d), &di);
            d += di;
            size_t before = li;
            if (li < lp) marsadUtf8Next(light, lp, &li);
            marsadBufPut(b, light + before, li - before);
        }
        if (li < lp) marsadBufPut(b, light + li, lp - li);
        marsadBufPutc(b, '+');
    }
    marsadBufPut(b, light + lp, ls - lp);
    if (sg.encl) {
        marsadBufPutc(b, '+');
        marsadBufPut(b, light + ls, ll - ls);
    }
    marsadBufPutc(b, '\0');
    at[3] = (uint32_t)b->len;
    if (sg.encl) {
        if (simple) put_part(b, norm_at + ls, ll - ls);
        else marsadNormalizeInto(b, NULL, light + ls, ll - ls, MARSAD_NORM_DEFAULT, 0);
    }
    marsadBufPutc(b, '\0');
    if (b->failed) return -1;
    int lk = cand_kind(t->kb, ix, segf, &sg.cand[0]); /* the chosen stem */
    if (lk == 0 && sg.cand[0].score > 0) lk = 1; /* an inflection of a word */
    wi->lexicon = (unsigned)lk & 3u;
    wi->function_word = 0;
    size_t ns = 0;
    for (size_t i = 0; i < sg.n_cand; i++) {
        if (cand_kind(t->kb, ix, segf, &sg.cand[i]) == 3)
            wi->function_word = 1;
        size_t a, z;
        if (simple) {
            a = sg.cand[i].pre;
            z = a + sg.cand[i].len;
        } else {
            a = cp_to_byte(light, ll, marsadUtf8Chars(segf, sg.cand[i].pre));
            z = a + cp_to_byte(light + a, ll - a,
                               marsadUtf8Chars(segf + sg.cand[i].pre, sg.cand[i].len));
        }
        size_t sa = b->len;
        if (simple) put_part(b, norm_at + a, z - a);
        else marsadNormalizeInto(b, NULL, light + a, z - a, MARSAD_NORM_DEFAULT, 0);
        marsadBufPutc(b, '\0');
        if (b->failed) return -1;
        int dup = 0;
        for (size_t j = 0; j < ns && !dup; j++)
            dup = strcmp(b->data + at[4 + j], b->data + sa) == 0;
        if (dup) b->len = sa;
        else at[4 + ns++] = (uint32_t)sa;
    }
    wi->n_stems = (unsigned)ns;
    wi->proclitics = sg.procl ? sg.procl->bits : 0;
    wi->klen = n;
    return pack_word(t, b, at, 4 + ns, wi);
}

/* A word token: its analysis from the memo, or made and remembered. */
static int word_token(marsad_text *t, marsadWordCache *wc, marsad_token *tok, uint64_t h,
                      uint8_t *bits) {
    const char *w = t->utf8 + tok->byte_start;
    size_t n = tok->byte_end - tok->byte_start;
    unsigned b = 0;
    int found = marsadWordCacheFill(wc, w, n, h, tok, &t->arena, &b);
    if (found) {
        *bits = (uint8_t)b;
        return found < 0 ? -1 : 0;
    }
    marsadWordInfo wi;
    if (analyse_word(t, wc, w, n, &wi)) return -1;
    wi.bits = marsadWordBits(wc, t->kb, &wi);
    marsadWordCachePut(wc, h, &wi);
    *bits = (uint8_t)wi.bits;
    return marsadWordFill(tok, &t->arena, &wi);
}

/* The strings of any other token: text, norm (shared with the text when
 * normalization leaves it alone), seg = text, stem = stems[0] = norm. */
static int other_token(marsad_text *t, marsad_token *tok) {
    const char *s = t->utf8 + tok->byte_start;
    size_t n = tok->byte_end - tok->byte_start;
    int ascii = 1, upper = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) ascii = 0;
        upper |= (unsigned)(c - 'A') < 26u;
    }
    const char *norm = NULL;
    size_t nl = 0;
    if (!ascii) {
        t->scratch.len = 0;
        uint32_t c2 = n == 2 && ((unsigned char)s[0] & 0xE0) == 0xC0
                          ? (((unsigned char)s[0] & 0x1Fu) << 6) | ((unsigned char)s[1] & 0x3Fu)
                          : 0;
        if (c2 && (marsadCpTable[c2].props & MARSAD_CP_NFKC_SELF)) {
            /* one code point below U+0800 (، « »), alone in its segment,
             * that NFKC leaves alone: its normalization is its fold */
            marsadFoldCp(&t->scratch, c2, MARSAD_NORM_DEFAULT);
        } else {
            norm_into(&t->scratch, s, n, MARSAD_NORM_DEFAULT);
        }
        if (t->scratch.failed) return -1;
        norm = t->scratch.data ? t->scratch.data : "";
        nl = t->scratch.len;
        if (nl == n && memcmp(norm, s, n) == 0) norm = NULL; /* unchanged */
    } else if (upper) {
        nl = n; /* ASCII: normalization only lower-cases */
    }
    int own = !ascii ? norm != NULL : upper;
    char *mem = marsadArenaAlloc(&t->arena, sizeof(char *) + n + 1 + (own ? nl + 1 : 0));
    if (!mem) return -1;
    const char **st = (const char **)(void *)mem;
    char *text = mem + sizeof(char *);
    memcpy(text, s, n);
    text[n] = '\0';
    char *nd = text;
    if (own) {
        nd = text + n + 1;
        if (ascii) {
            for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char)s[i];
                nd[i] = (char)((unsigned)(c - 'A') < 26u ? c + 32 : c);
            }
        } else {
            memcpy(nd, norm, nl);
        }
        nd[nl] = '\0';
    }
    tok->text = text;
    tok->norm = nd;
    tok->seg = text;
    tok->stem = nd;
    st[0] = nd;
    tok->stems = st;
    tok->n_stems = 1;
    tok->enclitic = "";
    return 0;
}

/* Value of a digit token's normalized text: 1,500 -> 1500; 1.5; 3-4. */
static void number_value(marsad_token *tok) {
    const char *s = tok->norm;
    double v = 0, frac = 0, scale = 1;
    int in_frac = 0, second = 0;
    double first = 0;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            if (in_frac) {
                scale /= 10;
                frac += (*s - '0') * scale;
            } else {
                v = v * 10 + (*s - '0');
            }
        } else if (*s == '.') {
            in_frac = 1;
        } else if (*s == '-' && !second) {
            first = v + frac;
            v = frac = 0;
            scale = 1;
            in_frac = 0;
            second = 1;
        }
    }
    if (second) {
        tok->value = first;
        tok->value_max = v + frac;
    } else {
        tok->value = tok->value_max = v + frac;
    }
}

static int is_ascii_alnum(uint32_t c) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Scanner state over the repaired text. */
typedef struct scan {
    const char *s;
    size_t n;
} scan;

static inline uint32_t peek(const scan *sc, size_t i, size_t *next) {
    if (i >= sc->n) {
        *next = i;
        return 0;
    }
    unsigned char b = (unsigned char)sc->s[i];
    if (b < 0x80) {
        *next = i + 1;
        return b;
    }
    size_t k = i;
    uint32_t c = marsadUtf8Next(sc->s, sc->n, &k);
    *next = k;
    return c;
}

/* marsadCharClassOf, from the table below U+0800 (built by the caller). */
static inline marsadCharClass class_of(uint32_t c) {
    return c < MARSAD_CP_LIMIT ? (marsadCharClass)marsadCpTable[c].cls : marsadCharClassOf(c);
}

static inline int is_digit_cp(uint32_t c) {
    if (c < 0x80) return c - '0' < 10u;
    return marsadDigitValue(c) >= 0;
}

/* Length of a run of ASCII digits at i. */
static size_t digit_run(const scan *sc, size_t i) {
    size_t k = i;
    for (;;) {
        size_t nx;
        uint32_t c = peek(sc, k, &nx);
        if (nx == k || !is_digit_cp(c)) break;
        k = nx;
    }
    return k - i;
}

static size_t count_digits(const scan *sc, size_t i, size_t *end) {
    size_t k = i, n = 0;
    for (;;) {
        size_t nx;
        uint32_t c = peek(sc, k, &nx);
        if (nx == k || !is_digit_cp(c)) break;
        k = nx;
        n++;
    }
    *end = k;
    return n;
}

/* Scans a number or a numeric date starting at digit position i.  Returns
 * the end and sets *kind. */
static size_t scan_number(const scan *sc, size_t i, marsad_token_kind *kind) {
    size_t e;
    size_t nd = count_digits(sc, i, &e);
    *kind = MARSAD_TOK_NUMBER;
    size_t nx;
    uint32_t c = peek(sc, e, &nx);
    /* dates: d/m/yyyy, yyyy-mm-dd, yyyy/mm/dd */
    if ((c == '/' || c == '-') && nd >= 1 && nd <= 4) {
        size_t e2, e3, nx2;
        size_t n2 = count_digits(sc, nx, &e2);
        uint32_t c2 = peek(sc, e2, &nx2);
        if (n2 >= 1 && n2 <= 2 && c2 == c) {
            size_t n3 = count_digits(sc, nx2, &e3);
            if ((nd <= 2 && (n3 == 2 || n3 == 4)) || (nd == 4 && n3 >= 1 && n3 <= 2)) {
                *kind = MARSAD_TOK_DATE;
                return e3;
            }
        }
    }
    int frac = 0;
    for (;;) {
        c = peek(sc, e, &nx);
        if ((c == ',' || c == 0x066C) && !frac) {
            size_t e2;
            size_t k = count_digits(sc, nx, &e2);
            if (k == 3) {
                e = e2;
                continue;
            }
            break;
        }
        if ((c == '.' || c == 0x066B) && !frac) {
            size_t e2;
            if (count_digits(sc, nx, &e2) > 0) {
                frac = 1;
                e = e2;
                continue;
            }
            break;
        }
        break;
    }
    /* a range: 3-4, 2014-2015 */
    c = peek(sc, e, &nx);
    if (c == '-' && digit_run(sc, nx) > 0) {
        size_t e2;
        count_digits(sc, nx, &e2);
        e = e2;
    }
    return e;
}

static const char *const url_prefixes[] = {"http://", "https://", "www.", "ftp://"};

static size_t scan_url(const scan *sc, size_t i) {
    size_t k = i;
    for (size_t p = 0; p < sizeof url_prefixes / sizeof *url_prefixes; p++) {
        size_t l = strlen(url_prefixes[p]);
        if (sc->n - i >= l && strncasecmp(sc->s + i, url_prefixes[p], l) == 0) {
            k = i + l;
            break;
        }
    }
    if (k == i) return i;
    size_t last_good = k;
    while (k < sc->n) {
        size_t nx;
        uint32_t c = peek(sc, k, &nx);
        marsadCharClass cl = class_of(c);
        if (cl == MC_SPACE || cl == MC_NEWLINE || cl == MC_IGNORED || c == '"' || c == '<' ||
            c == '>' || c == 0x00AB || c == 0x00BB || c == 0x201C || c == 0x201D || c == 0x060C)
            break;
        k = nx;
        /* do not end on trailing punctuation */
        if (!(c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' ||
              c == '\'' || c == 0x061F))
            last_good = k;
    }
    return last_good;
}

static int email_char(uint32_t c) {
    return is_ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

/* An e-mail address starting at i, or i. */
static size_t scan_email(const scan *sc, size_t i) {
    size_t k = i;
    while (k < sc->n && email_char((unsigned char)sc->s[k])) k++;
    if (k == i || k >= sc->n || sc->s[k] != '@') return i;
    size_t d = k + 1, dots = 0, last_dot = 0;
    while (d < sc->n && (is_ascii_alnum((unsigned char)sc->s[d]) || sc->s[d] == '-' ||
                         sc->s[d] == '.')) {
        if (sc->s[d] == '.') {
            dots++;
            last_dot = d;
        }
        d++;
    }
    while (d > k + 1 && sc->s[d - 1] == '.') d--;
    if (dots == 0 || last_dot + 2 >= d) return i;
    return d;
}

static int word_char(marsadCharClass cl) {
    return cl == MC_AR_LETTER || cl == MC_AR_MARK || cl == MC_TATWEEL || cl == MC_LETTER ||
           cl == MC_MARK || cl == MC_DIGIT;
}

int marsadTokenize(marsad_text *t) {
    scan sc = {t->utf8, t->len};
    marsadWordCache *wc = marsadWordCacheGet(t->kb);
    size_t i = 0;
    size_t cp = 0; /* code points before byte i */
    uint8_t nl = 0;
    marsadTextTablesInit();
    const unsigned char *q = (const unsigned char *)t->utf8;
    while (i < t->len) {
        if (q[i] == ' ') { /* the most common code point */
            i++;
            cp++;
            continue;
        }
        size_t nx;
        uint32_t c = peek(&sc, i, &nx);
        marsadCharClass cl = class_of(c);
        size_t end = nx;
        if (cl == MC_NEWLINE) {
            /* \r\n counts once */
            if (!(c == '\r' && nx < t->len && t->utf8[nx] == '\n') && nl < 255) nl++;
            i = nx;
            cp++;
            continue;
        }
        /* spaces, ignored and format characters, marks; an Arabic mark
         * here is a stray one, with no letter before it */
        if ((1u << cl) & ((1u << MC_SPACE) | (1u << MC_IGNORED) | (1u << MC_FORMAT) |
                          (1u << MC_MARK) | (1u << MC_AR_MARK))) {
            i = nx;
            cp++;
            continue;
        }
        /* the token is made in place */
        if (t->ntok >= MARSAD_MAX_DOC_TOKENS) return -1; /* marsad_text_new tells this apart */
        if (t->ntok == t->cap_tok && grow_tokens(t)) return -1;
        marsad_token *tok = &t->tokens[t->ntok];
        token_zero(tok);
        size_t ncp = 0; /* the token's code points, when counted while scanning */
        size_t u;
        if (cl == MC_AR_LETTER || cl == MC_TATWEEL) {
            /* first: most tokens are Arabic words (the branches below take
             * only ASCII, digits and other letters) */
            int letters = cl == MC_AR_LETTER;
            size_t k = nx, nk;
            /* k < lim: k < t->len && k - i < MARSAD_MAX_TOKEN_BYTES - 4 */
            size_t lim = t->len - i < MARSAD_MAX_TOKEN_BYTES - 4 ? t->len
                                                                 : i + MARSAD_MAX_TOKEN_BYTES - 4;
            /* the common case first: letters and marks of U+0600..U+067F
             * (two bytes, lead byte D8 or D9; marsadArRun) */
            {
                const unsigned char *p = q + k, *pe = q + lim;
                unsigned run = 0;
                while (p < pe) {
                    unsigned b0 = p[0];
                    if ((b0 & 0xFE) != 0xD8) break;
                    unsigned r = marsadArRun[((b0 & 1u) << 6) | (p[1] & 0x3Fu)];
                    if (!r) break;
                    run |= r;
                    p += 2;
                }
                letters |= (int)(run >> 1);
                k = (size_t)(p - q);
            }
            ncp = 1 + (k - nx) / 2;
            /* anything else, but ASCII (which ends a word) */
            while (k < lim && q[k] >= 0x80) {
                uint32_t d = peek(&sc, k, &nk);
                marsadCharClass dc = class_of(d);
                if (dc == MC_AR_LETTER) {
                    letters = 1;
                } else if (dc == MC_FORMAT) {
                    /* ZWNJ and friends inside a word, not at its edge */
                    size_t n2;
                    uint32_t d2 = peek(&sc, nk, &n2);
                    marsadCharClass c2 = class_of(d2);
                    if (!(c2 == MC_AR_LETTER || c2 == MC_AR_MARK || c2 == MC_TATWEEL)) break;
                } else if (!(dc == MC_AR_MARK || dc == MC_TATWEEL)) {
                    break;
                }
                k = nk;
                ncp++;
            }
            end = k;
            if (letters) {
                tok->kind = MARSAD_TOK_WORD;
            } else {
                tok->kind = MARSAD_TOK_PUNCT; /* a run of tatweel used as a dash */
                tok->punct = MARSAD_PUNCT_DASH;
            }
        } else if ((c == 'h' || c == 'H' || c == 'w' || c == 'W' || c == 'f' || c == 'F') &&
                   (u = scan_url(&sc, i)) > i) {
            tok->kind = MARSAD_TOK_URL;
            end = u;
        } else if (is_ascii_alnum(c) && (u = scan_email(&sc, i)) > i) {
            tok->kind = MARSAD_TOK_EMAIL;
            end = u;
        } else if (c == '#' || c == '@') {
            size_t k = nx, nk;
            for (;;) {
                uint32_t d = peek(&sc, k, &nk);
                if (nk == k) break;
                marsadCharClass dc = class_of(d);
                if (!(word_char(dc) || d == '_') || (c == '@' && !(is_ascii_alnum(d) || d == '_')))
                    break;
                k = nk;
            }
            if (k > nx) {
                tok->kind = c == '#' ? MARSAD_TOK_HASHTAG : MARSAD_TOK_MENTION;
                end = k;
            } else {
                tok->kind = MARSAD_TOK_PUNCT;
                tok->punct = marsad_punct_class(c);
            }
        } else if (cl == MC_DIGIT) {
            marsad_token_kind kind;
            end = scan_number(&sc, i, &kind);
            tok->kind = kind;
            /* digits glued to Latin letters: 4x4, 3D */
            size_t nk;
            uint32_t d = peek(&sc, end, &nk);
            if (nk > end && class_of(d) == MC_LETTER) {
                tok->kind = MARSAD_TOK_LATIN;
                while (end < t->len) {
                    d = peek(&sc, end, &nk);
                    marsadCharClass dc = class_of(d);
                    if (!(dc == MC_LETTER || dc == MC_DIGIT || dc == MC_MARK)) break;
                    end = nk;
                }
            }
        } else if (cl == MC_LETTER) {
            size_t k = nx, nk;
            while (k < t->len && k - i < MARSAD_MAX_TOKEN_BYTES - 4) {
                uint32_t d = peek(&sc, k, &nk);
                marsadCharClass dc = class_of(d);
                if (dc == MC_LETTER || dc == MC_DIGIT || dc == MC_MARK) {
                    k = nk;
                    continue;
                }
                /* al-Hasakah, Sina'a, U.S: joiners between letters */
                if (d == '-' || d == '\'' || d == 0x2019 || d == '.') {
                    size_t n2;
                    uint32_t d2 = peek(&sc, nk, &n2);
                    if (class_of(d2) == MC_LETTER &&
                        (d != '.' || (k - i <= 2 && n2 - nk == 1))) {
                        k = nk;
                        continue;
                    }
                }
                break;
            }
            end = k;
            tok->kind = MARSAD_TOK_LATIN;
        } else {
            /* punctuation and symbols; dots in a row are one ellipsis */
            tok->kind = MARSAD_TOK_PUNCT;
            tok->punct = marsad_punct_class(c);
            if (c == '.') {
                size_t k = nx;
                while (k < t->len && t->utf8[k] == '.') k++;
                if (k - i >= 2) {
                    end = k;
                    tok->punct = MARSAD_PUNCT_ELLIPSIS;
                }
            }
        }
        tok->byte_start = i;
        tok->byte_end = end;
        tok->start = cp;
        tok->end = cp + (ncp ? ncp : count_cps(t->utf8 + i, end - i));
        if (tok->kind == MARSAD_TOK_WORD) {
            /* analysed below, once the memo has been asked for it */
            if (t->nword == t->cap_word && grow_words(t)) return -1;
            t->word_tok[t->nword] = (uint32_t)t->ntok;
            t->word_hash[t->nword++] = marsadWordHash(t->utf8 + i, end - i);
        } else {
            if (other_token(t, tok)) return -1;
            if (tok->kind == MARSAD_TOK_NUMBER) number_value(tok);
        }
        t->nl_before[t->ntok] = nl;
        t->wbits[t->ntok] = 0;
        t->tkind[t->ntok] = (uint8_t)tok->kind;
        t->ntok++;
        nl = 0;
        i = end;
        cp = tok->end;
    }
    /* The words: those in the memo (marsadWordCacheFillAll), then the
     * others, analysed and remembered (a word new to the memo may come
     * twice in a document: the second time it is found). */
    uint32_t *missing = t->word_miss;
    long nmiss = marsadWordCacheFillAll(wc, t->utf8, t->tokens, t->wbits, t->word_tok,
                                        t->word_hash, t->nword, &t->arena, missing);
    if (nmiss < 0) return -1;
    for (long m = 0; m < nmiss; m++) {
        size_t w = missing[m];
        uint32_t k = t->word_tok[w];
        if (word_token(t, wc, &t->tokens[k], t->word_hash[w], &t->wbits[k])) return -1;
    }
    return 0;
}

/* ---- the document object ---- */

static marsad_kb *builtin_kb;
static int builtin_failed;
static marsad_error builtin_err;

static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;
static void load_builtin(void) {
    builtin_kb = marsad_kb_load_builtin(&builtin_err);
    builtin_failed = builtin_kb == NULL;
}

const marsad_kb *marsadBuiltinKb(marsad_error *err) {
    pthread_once(&builtin_once, load_builtin);
    if (builtin_failed && err) *err = builtin_err;
    return builtin_kb;
}

void *marsadTextWork(marsad_text *t, size_t bytes) {
    if (bytes > t->work_cap) {
        free(t->work);
        t->work = malloc(bytes);
        t->work_cap = t->work ? bytes : 0;
    }
    return t->work;
}

/* The buffers used only while the document is analysed. */
static void free_scratch(marsad_text *t) {
    free(t->work);
    t->work = NULL;
    t->work_cap = 0;
    marsadBufFree(&t->scratch);
    marsadBufFree(&t->wbuf);
    marsadBufFree(&t->light);
    marsadBufFree(&t->segf);
    marsadBufFree(&t->pbuf);
    free(t->word_hash); /* and word_tok, word_miss (grow_words) */
    t->word_tok = t->word_miss = NULL;
    t->word_hash = NULL;
    t->nword = t->cap_word = 0;
}

marsad_text *marsad_text_new(const marsad_kb *kb, const char *bytes, size_t len,
                             const marsad_text_options *opts, marsad_error *err) {
    (void)opts;
    if (!bytes && len) {
        marsadErrorSet(err, MARSAD_ERR_ARG, NULL, 0, "NULL input with a nonzero length");
        return NULL;
    }
    if (len > MARSAD_MAX_DOC_BYTES) {
        marsadErrorSet(err, MARSAD_ERR_LIMIT, NULL, 0,
                       "document of %zu bytes exceeds the limit MARSAD_MAX_DOC_BYTES (%zu bytes)",
                       len, (size_t)MARSAD_MAX_DOC_BYTES);
        return NULL;
    }
    if (!kb) kb = marsadBuiltinKb(err);
    if (!kb) return NULL;
    marsad_text *t = calloc(1, sizeof *t);
    if (!t) goto nomem;
    t->kb = kb;
    marsadArenaInit(&t->arena);
    marsadBufInit(&t->scratch);
    t->utf8 = marsadUtf8Repair(bytes ? bytes : "", len, &t->len, &t->replaced, &t->chars);
    if (!t->utf8) goto nomem;
    if (marsadTokenize(t)) {
        if (t->ntok < MARSAD_MAX_DOC_TOKENS) goto nomem;
        marsad_text_free(t);
        marsadErrorSet(err, MARSAD_ERR_LIMIT, NULL, 0,
                       "document of more than %zu tokens exceeds the limit MARSAD_MAX_DOC_TOKENS",
                       (size_t)MARSAD_MAX_DOC_TOKENS);
        return NULL;
    }
    if (marsadSentences(t) || marsadNumbers(t)) goto nomem;
    free_scratch(t);
    return t;
nomem:
    marsad_text_free(t);
    marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
    return NULL;
}

void marsad_text_free(marsad_text *t) {
    if (!t) return;
    free_scratch(t);
    free(t->utf8);
    free(t->tokens); /* and nl_before, wbits, tkind (grow_tokens) */
    free(t->sents);
    free(t->nums);
    marsadArenaFree(&t->arena);
    free(t);
}

const char *marsad_text_utf8(const marsad_text *t) { return t ? t->utf8 : ""; }
size_t marsad_text_bytes(const marsad_text *t) { return t ? t->len : 0; }
size_t marsad_text_chars(const marsad_text *t) { return t ? t->chars : 0; }
size_t marsad_text_replaced(const marsad_text *t) { return t ? t->replaced : 0; }
size_t marsad_text_token_count(const marsad_text *t) { return t ? t->ntok : 0; }
const marsad_token *marsad_text_token(const marsad_text *t, size_t i) {
    return t && i < t->ntok ? &t->tokens[i] : NULL;
}
size_t marsad_text_sentence_count(const marsad_text *t) { return t ? t->nsent : 0; }
const marsad_sentence *marsad_text_sentence(const marsad_text *t, size_t i) {
    return t && i < t->nsent ? &t->sents[i] : NULL;
}
size_t marsad_text_number_count(const marsad_text *t) { return t ? t->nnum : 0; }
const marsad_number *marsad_text_number(const marsad_text *t, size_t i) {
    return t && i < t->nnum ? &t->nums[i] : NULL;
}

size_t marsad_text_byte_offset(const marsad_text *t, size_t cp) {
    if (!t) return 0;
    if (cp >= t->chars) return t->len;
    /* tokens are sorted: find the nearest token start at or before cp */
    size_t lo = 0, hi = t->ntok, b = 0, c = 0;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->tokens[mid].start <= cp) {
            b = t->tokens[mid].byte_start;
            c = t->tokens[mid].start;
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    while (c < cp && b < t->len) {
        marsadUtf8Next(t->utf8, t->len, &b);
        c++;
    }
    return b;
}

char *marsad_segment_word(const marsad_kb *kb, const char *word, size_t len) {
    marsad_text *t = marsad_text_new(kb, word, len, NULL, NULL);
    if (!t) return NULL;
    marsadBuf b;
    marsadBufInit(&b);
    for (size_t i = 0; i < t->ntok; i++) {
        if (i) marsadBufPutc(&b, ' ');
        marsadBufPuts(&b, t->tokens[i].seg);
    }
    marsad_text_free(t);
    return marsadBufDetach(&b, NULL);
}
