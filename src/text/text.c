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

static int push_token(marsad_text *t, const marsad_token *tok, uint8_t nl) {
    if (t->ntok >= MARSAD_MAX_DOC_TOKENS) return -1; /* marsad_text_new tells this apart */
    if (t->ntok == t->cap_tok) {
        size_t cap = t->cap_tok ? t->cap_tok * 2 : 256;
        marsad_token *nt = realloc(t->tokens, cap * sizeof *nt);
        if (!nt) return -1;
        t->tokens = nt;
        uint8_t *nn = realloc(t->nl_before, cap);
        if (!nn) return -1;
        t->nl_before = nn;
        t->cap_tok = cap;
    }
    t->tokens[t->ntok] = *tok;
    t->nl_before[t->ntok] = nl;
    t->ntok++;
    return 0;
}

/* Normalizes s[0..n) into the arena. */
static const char *arena_norm(marsad_text *t, const char *s, size_t n, unsigned flags,
                              size_t *out_len) {
    t->scratch.len = 0;
    if (t->scratch.data) t->scratch.data[0] = '\0';
    marsadNormalizeInto(&t->scratch, NULL, s, n, flags, 0);
    if (t->scratch.failed) return NULL;
    if (out_len) *out_len = t->scratch.len;
    return marsadArenaStrndup(&t->arena, t->scratch.data ? t->scratch.data : "", t->scratch.len);
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

/* Fills the segmentation fields of an Arabic word token. */
static int segment_token(marsad_text *t, marsad_token *tok) {
    size_t tl = tok->byte_end - tok->byte_start;
    const char *src = t->utf8 + tok->byte_start;
    size_t ll = 0, sl = 0;
    const char *light =
        arena_norm(t, src, tl, MARSAD_NORM_NFKC | MARSAD_NORM_DIACRITICS | MARSAD_NORM_TATWEEL |
                                   MARSAD_NORM_FORMAT,
                   &ll);
    const char *segf = arena_norm(t, src, tl, MARSAD_NORM_SEG, &sl);
    if (!light || !segf) return -1;
    marsadSeg sg;
    marsadSegment(t->kb, segf, sl, &sg);
    /* seg-form byte offsets -> code point counts -> light byte offsets */
    size_t pre_cp = marsadUtf8Chars(segf, sg.pre);
    size_t stem_cp = marsadUtf8Chars(segf + sg.pre, sg.stem_len);
    size_t lp = cp_to_byte(light, ll, pre_cp);
    size_t ls = lp + cp_to_byte(light + lp, ll - lp, stem_cp);
    marsadBuf *b = &t->scratch;
    b->len = 0;
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
    if (b->failed) return -1;
    tok->seg = marsadArenaStrndup(&t->arena, b->data ? b->data : "", b->len);
    tok->proclitics = sg.procl ? sg.procl->bits : 0;
    tok->enclitic = sg.encl ? arena_norm(t, light + ls, ll - ls, MARSAD_NORM_DEFAULT, NULL) : "";
    const char **stems = marsadArenaAlloc(&t->arena, sg.n_cand * sizeof *stems);
    if (!tok->seg || !tok->enclitic || !stems) return -1;
    size_t ns = 0;
    int lk = marsadKbWordKind(t->kb, segf + sg.pre, sg.stem_len);
    if (lk == 0 && sg.cand[0].score > 0) lk = 1; /* an inflection of a word */
    tok->lexicon = (unsigned)lk & 3u;
    for (size_t i = 0; i < sg.n_cand; i++) {
        if (marsadKbWordKind(t->kb, segf + sg.cand[i].pre, sg.cand[i].len) == 3)
            tok->function_word = 1;
        size_t a = cp_to_byte(light, ll, marsadUtf8Chars(segf, sg.cand[i].pre));
        size_t z = a + cp_to_byte(light + a, ll - a,
                                  marsadUtf8Chars(segf + sg.cand[i].pre, sg.cand[i].len));
        const char *s = arena_norm(t, light + a, z - a, MARSAD_NORM_DEFAULT, NULL);
        if (!s) return -1;
        int dup = 0;
        for (size_t j = 0; j < ns; j++)
            if (strcmp(stems[j], s) == 0) dup = 1;
        if (!dup) stems[ns++] = s;
    }
    if (ns == 0) stems[ns++] = tok->norm;
    tok->stems = stems;
    tok->n_stems = ns;
    tok->stem = stems[0];
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

static uint32_t peek(const scan *sc, size_t i, size_t *next) {
    if (i >= sc->n) {
        *next = i;
        return 0;
    }
    size_t k = i;
    uint32_t c = marsadUtf8Next(sc->s, sc->n, &k);
    *next = k;
    return c;
}

/* Length of a run of ASCII digits at i. */
static size_t digit_run(const scan *sc, size_t i) {
    size_t k = i;
    for (;;) {
        size_t nx;
        uint32_t c = peek(sc, k, &nx);
        if (nx == k || marsadDigitValue(c) < 0) break;
        k = nx;
    }
    return k - i;
}

static size_t count_digits(const scan *sc, size_t i, size_t *end) {
    size_t k = i, n = 0;
    for (;;) {
        size_t nx;
        uint32_t c = peek(sc, k, &nx);
        if (nx == k || marsadDigitValue(c) < 0) break;
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
        marsadCharClass cl = marsadCharClassOf(c);
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
    uint8_t nl = 0;
    /* code points are counted as we go; cp_at() converts byte offsets */
    size_t last_b = 0, last_cp = 0;
#define CP_AT(b)                                                                        \
    (last_cp += marsadUtf8Chars(t->utf8 + last_b, (b) - last_b), last_b = (b), last_cp)
    while (i < t->len) {
        size_t nx;
        uint32_t c = peek(&sc, i, &nx);
        marsadCharClass cl = marsadCharClassOf(c);
        marsad_token tok;
        memset(&tok, 0, sizeof tok);
        size_t end = nx;
        if (cl == MC_NEWLINE) {
            /* \r\n counts once */
            if (!(c == '\r' && nx < t->len && t->utf8[nx] == '\n') && nl < 255) nl++;
            i = nx;
            continue;
        }
        if (cl == MC_SPACE || cl == MC_IGNORED || cl == MC_FORMAT || cl == MC_MARK) {
            i = nx;
            continue;
        }
        if (cl == MC_AR_MARK) {
            /* a stray mark with no letter before it */
            i = nx;
            continue;
        }
        size_t u;
        if ((c == 'h' || c == 'H' || c == 'w' || c == 'W' || c == 'f' || c == 'F') &&
            (u = scan_url(&sc, i)) > i) {
            tok.kind = MARSAD_TOK_URL;
            end = u;
        } else if (is_ascii_alnum(c) && (u = scan_email(&sc, i)) > i) {
            tok.kind = MARSAD_TOK_EMAIL;
            end = u;
        } else if (c == '#' || c == '@') {
            size_t k = nx, nk;
            for (;;) {
                uint32_t d = peek(&sc, k, &nk);
                if (nk == k) break;
                marsadCharClass dc = marsadCharClassOf(d);
                if (!(word_char(dc) || d == '_') || (c == '@' && !(is_ascii_alnum(d) || d == '_')))
                    break;
                k = nk;
            }
            if (k > nx) {
                tok.kind = c == '#' ? MARSAD_TOK_HASHTAG : MARSAD_TOK_MENTION;
                end = k;
            } else {
                tok.kind = MARSAD_TOK_PUNCT;
                tok.punct = marsad_punct_class(c);
            }
        } else if (cl == MC_DIGIT) {
            marsad_token_kind kind;
            end = scan_number(&sc, i, &kind);
            tok.kind = kind;
            /* digits glued to Latin letters: 4x4, 3D */
            size_t nk;
            uint32_t d = peek(&sc, end, &nk);
            if (nk > end && marsadCharClassOf(d) == MC_LETTER) {
                tok.kind = MARSAD_TOK_LATIN;
                while (end < t->len) {
                    d = peek(&sc, end, &nk);
                    marsadCharClass dc = marsadCharClassOf(d);
                    if (!(dc == MC_LETTER || dc == MC_DIGIT || dc == MC_MARK)) break;
                    end = nk;
                }
            }
        } else if (cl == MC_AR_LETTER || cl == MC_TATWEEL) {
            int letters = cl == MC_AR_LETTER;
            size_t k = nx, nk;
            while (k < t->len && k - i < MARSAD_MAX_TOKEN_BYTES - 4) {
                uint32_t d = peek(&sc, k, &nk);
                marsadCharClass dc = marsadCharClassOf(d);
                if (dc == MC_AR_LETTER) {
                    letters = 1;
                } else if (dc == MC_FORMAT) {
                    /* ZWNJ and friends inside a word, not at its edge */
                    size_t n2;
                    uint32_t d2 = peek(&sc, nk, &n2);
                    marsadCharClass c2 = marsadCharClassOf(d2);
                    if (!(c2 == MC_AR_LETTER || c2 == MC_AR_MARK || c2 == MC_TATWEEL)) break;
                } else if (!(dc == MC_AR_MARK || dc == MC_TATWEEL)) {
                    break;
                }
                k = nk;
            }
            end = k;
            if (letters) {
                tok.kind = MARSAD_TOK_WORD;
            } else {
                tok.kind = MARSAD_TOK_PUNCT; /* a run of tatweel used as a dash */
                tok.punct = MARSAD_PUNCT_DASH;
            }
        } else if (cl == MC_LETTER) {
            size_t k = nx, nk;
            while (k < t->len && k - i < MARSAD_MAX_TOKEN_BYTES - 4) {
                uint32_t d = peek(&sc, k, &nk);
                marsadCharClass dc = marsadCharClassOf(d);
                if (dc == MC_LETTER || dc == MC_DIGIT || dc == MC_MARK) {
                    k = nk;
                    continue;
                }
                /* al-Hasakah, Sina'a, U.S: joiners between letters */
                if (d == '-' || d == '\'' || d == 0x2019 || d == '.') {
                    size_t n2;
                    uint32_t d2 = peek(&sc, nk, &n2);
                    if (marsadCharClassOf(d2) == MC_LETTER &&
                        (d != '.' || (k - i <= 2 && n2 - nk == 1))) {
                        k = nk;
                        continue;
                    }
                }
                break;
            }
            end = k;
            tok.kind = MARSAD_TOK_LATIN;
        } else {
            /* punctuation and symbols; dots in a row are one ellipsis */
            tok.kind = MARSAD_TOK_PUNCT;
            tok.punct = marsad_punct_class(c);
            if (c == '.') {
                size_t k = nx;
                while (k < t->len && t->utf8[k] == '.') k++;
                if (k - i >= 2) {
                    end = k;
                    tok.punct = MARSAD_PUNCT_ELLIPSIS;
                }
            }
        }
        tok.byte_start = i;
        tok.byte_end = end;
        tok.start = CP_AT(i);
        tok.end = CP_AT(end);
        tok.text = marsadArenaStrndup(&t->arena, t->utf8 + i, end - i);
        if (!tok.text) return -1;
        int cached = 0;
        if (tok.kind == MARSAD_TOK_WORD) {
            /* a word seen before, in this document or an earlier one */
            cached = marsadWordCacheLookup(wc, t->utf8 + i, end - i, &tok, &t->arena);
            if (cached < 0) return -1;
        }
        if (!cached) tok.norm = arena_norm(t, t->utf8 + i, end - i, MARSAD_NORM_DEFAULT, NULL);
        if (!tok.norm) return -1;
        if (cached) {
            /* the word's fields came from the cache */
        } else if (tok.kind == MARSAD_TOK_WORD) {
            if (segment_token(t, &tok)) return -1;
            marsadWordCacheStore(wc, t->utf8 + i, end - i, &tok);
        } else {
            tok.seg = tok.text;
            tok.stem = tok.norm;
            const char **st = marsadArenaAlloc(&t->arena, sizeof *st);
            if (!st) return -1;
            st[0] = tok.norm;
            tok.stems = st;
            tok.n_stems = 1;
            tok.enclitic = "";
            if (tok.kind == MARSAD_TOK_NUMBER) number_value(&tok);
        }
        if (push_token(t, &tok, nl)) return -1;
        nl = 0;
        i = end;
    }
#undef CP_AT
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
    t->utf8 = marsad_utf8_repair(bytes ? bytes : "", len, &t->len, &t->replaced);
    if (!t->utf8) goto nomem;
    t->chars = marsadUtf8Chars(t->utf8, t->len);
    if (marsadTokenize(t)) {
        if (t->ntok < MARSAD_MAX_DOC_TOKENS) goto nomem;
        marsad_text_free(t);
        marsadErrorSet(err, MARSAD_ERR_LIMIT, NULL, 0,
                       "document of more than %zu tokens exceeds the limit MARSAD_MAX_DOC_TOKENS",
                       (size_t)MARSAD_MAX_DOC_TOKENS);
        return NULL;
    }
    if (marsadSentences(t) || marsadNumbers(t)) goto nomem;
    return t;
nomem:
    marsad_text_free(t);
    marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
    return NULL;
}

void marsad_text_free(marsad_text *t) {
    if (!t) return;
    free(t->utf8);
    free(t->tokens);
    free(t->nl_before);
    free(t->sents);
    free(t->nums);
    marsadBufFree(&t->scratch);
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
