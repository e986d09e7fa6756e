/*
 * clitics.c -- clitic segmentation: proclitics (و ف ب ك ل س ال لل and their
 * combinations) and pronoun enclitics, chosen with a stem lexicon so that
 * real words that begin with those letters (والي، بيروت، كتائب) survive.
 * Each word also gets its candidate stems for dictionary lookup.
 */
#include <string.h>

#include "../kb/blob.h"
#include "../kb/kb_internal.h"
#include "text_internal.h"
#include "clitics.h"
#include "wordcache.h"

#include <stdlib.h>
#include <sys/mman.h>

/* The word being segmented, with the number of code points before each
 * of its byte offsets, so that the code points of any part are a
 * subtraction. */
typedef struct segWord {
    const marsad_kb *kb;
    const marsadSegIndex *ix; /* NULL: none */
    const char *w;
    size_t n;
    uint16_t cp[MARSAD_MAX_TOKEN_BYTES + 1]; /* code points in w[0..b) */
} segWord;

/* Code points in w[a..b). */
static inline size_t cps(const segWord *sw, size_t a, size_t b) { return sw->cp[b] - sw->cp[a]; }

/* Whether a[0..n) == b[0..n) (clitic forms are a few bytes; the last
 * byte of an Arabic letter tells most of them apart). */
static inline int same(const char *a, const char *b, size_t n) {
    for (size_t i = n; i-- > 0;)
        if (a[i] != b[i]) return 0;
    return 1;
}

/* The lexicon's value for s[0..n): 0 when absent, else the word's kind
 * + 1.  marsadKbHasWord is this value != 0 and marsadKbWordKind is the
 * kind (kb.c), so one lookup answers both. */
/* The bits of a key in the lexicon filter (marsadSegIndex.lex_filter). */
static inline uint64_t lex_bits(uint64_t h) {
    return ((uint64_t)1 << ((h >> 40) & 63)) | ((uint64_t)1 << ((h >> 46) & 63)) |
           ((uint64_t)1 << ((h >> 52) & 63));
}

/* The lexicon table (marsadSegIndex.lex_tab): a slot is two words, a
 * its bytes 0-7 (byte 0 the length), b its bytes 8-15 (byte 15 the
 * value). */
#define LEX_INLINE 14 /* bytes of a key written in its slot */
#define LEX_HEAD 10   /* bytes of a longer key written in its slot */

/* The bucket of hash h (bits apart from the filter's). */
static inline uint64_t lex_bucket(const marsadSegIndex *ix, uint64_t h) {
    return (h >> 16) & ix->lex_bmask;
}

/* The slot words of key s[0..n) as the table writes them, the value
 * byte (and, for a long key, its pool offset) left 0. */
static inline void lex_words(const char *s, size_t n, uint64_t *a, uint64_t *b) {
    unsigned char k[16] = {0};
    k[0] = (unsigned char)n;
    memcpy(k + 1, s, n <= LEX_INLINE ? n : LEX_HEAD);
    memcpy(a, k, 8);
    memcpy(b, k + 8, 8);
}

#define LEX_VALUE_MASK ((uint64_t)0xFF << 56)
#define LEX_OFF_MASK ((uint64_t)0xFFFFFFFF << 24) /* bytes 11-14 of a long key's slot */

/* kbFrozenGet of the lexicon for s[0..n) (n > 0), with the table. */
static uint32_t lex_tab_get(const marsadSegIndex *ix, const char *s, size_t n, uint64_t h) {
    uint64_t qa, qb;
    lex_words(s, n, &qa, &qb);
    uint64_t bmask = n <= LEX_INLINE ? ~LEX_VALUE_MASK : ~(LEX_VALUE_MASK | LEX_OFF_MASK);
    for (uint64_t k = lex_bucket(ix, h);; k = (k + 1) & ix->lex_bmask) {
        const uint64_t *sl = ix->lex_tab + 8 * k;
        for (int j = 0; j < 4; j++, sl += 2) {
            if (!(sl[0] & 0xFF)) return 0; /* an empty slot: the key would be before it */
            if (sl[0] != qa || (sl[1] & bmask) != qb) continue;
            if (n > LEX_INLINE) {
                uint32_t off = (uint32_t)((sl[1] & LEX_OFF_MASK) >> 24);
                if (memcmp(ix->lex_pool + off + LEX_HEAD, s + LEX_HEAD, n - LEX_HEAD) != 0)
                    continue;
            }
            return (uint32_t)(sl[1] >> 56);
        }
    }
}

/* Adds key s[0..n) (0 < n < 256) with value v (1..255) to the table, whose
 * pool has room at *used.  A key that is there already (a KB table may
 * hold a key twice) takes the value of the KB's own lookup. */
static void lex_tab_put(marsadSegIndex *ix, const kbFrozen *lx, const char *s, size_t n,
                        uint32_t v, size_t *used) {
    uint64_t h = marsadWordHash(s, n);
    uint64_t qa, qb;
    lex_words(s, n, &qa, &qb);
    uint64_t bmask = n <= LEX_INLINE ? ~LEX_VALUE_MASK : ~(LEX_VALUE_MASK | LEX_OFF_MASK);
    for (uint64_t k = lex_bucket(ix, h);; k = (k + 1) & ix->lex_bmask) {
        uint64_t *sl = ix->lex_tab + 8 * k;
        for (int j = 0; j < 4; j++, sl += 2) {
            if (!(sl[0] & 0xFF)) {
                if (n > LEX_INLINE) {
                    memcpy(ix->lex_pool + *used, s, n);
                    qb |= (uint64_t)*used << 24;
                    *used += n;
                }
                sl[0] = qa;
                sl[1] = qb | (uint64_t)v << 56;
                return;
            }
            if (sl[0] != qa || (sl[1] & bmask) != qb) continue;
            if (n > LEX_INLINE) {
                uint32_t off = (uint32_t)((sl[1] & LEX_OFF_MASK) >> 24);
                if (memcmp(ix->lex_pool + off + LEX_HEAD, s + LEX_HEAD, n - LEX_HEAD) != 0)
                    continue;
            }
            sl[1] = (sl[1] & ~LEX_VALUE_MASK) | (uint64_t)kbFrozenGet(lx, s, n) << 56;
            return;
        }
    }
}

/* The table of the KB's lexicon (its keys with the values its own lookup
 * gives), or none when a key, a value or the pool does not fit. */
static void lex_tab_build(marsadSegIndex *ix, const kbFrozen *lx) {
    size_t pool = 0;
    for (uint32_t i = 0; i < lx->nslots; i++) {
        const kbSlot *sl = &lx->slots[i];
        if (!sl->hash) continue;
        if (sl->klen > 255 || sl->value >= 255) return;
        if (sl->klen > LEX_INLINE) pool += sl->klen;
    }
    if (pool >= ((size_t)1 << 32)) return;
    /* at most 3.4 keys a bucket (of four) on average: 2 MB for the
     * built-in KB's 107,000 keys */
    size_t buckets = 16;
    while (buckets * 34 < (size_t)lx->count * 10 + 10) buckets *= 2;
    size_t bytes = buckets * 8 * sizeof *ix->lex_tab;
    void *tab = NULL;
    /* aligned so that the kernel may back it with huge pages: 4 KB pages
     * faulted in one at a time as keys land in them cost more than the
     * rest of the build */
    if (posix_memalign(&tab, (size_t)1 << 21, bytes)) tab = NULL;
    ix->lex_tab = tab;
    ix->lex_pool = malloc(pool + 1);
    if (!ix->lex_tab || !ix->lex_pool) {
        free(ix->lex_tab);
        free(ix->lex_pool);
        ix->lex_tab = NULL;
        ix->lex_pool = NULL;
        return;
    }
#ifdef MADV_HUGEPAGE
    madvise(tab, bytes, MADV_HUGEPAGE); /* a hint */
#endif
    memset(tab, 0, bytes);
    ix->lex_bmask = buckets - 1;
    size_t used = 0;
    uint32_t mask = lx->nslots - 1;
    for (uint32_t i = 0; i < lx->nslots; i++) {
        const kbSlot *sl = &lx->slots[i];
        if (!sl->hash || !sl->klen) continue;
        const char *k = lx->pool + sl->key;
        /* only a key that kbFrozenGet reaches: its hash is the one that
         * function computes, and no empty slot lies between the hash's
         * slot and this one */
        uint32_t h = (uint32_t)marsadHash(k, sl->klen);
        if ((h ? h : 1) != sl->hash) continue;
        uint32_t j = sl->hash & mask;
        while (j != i && lx->slots[j].hash) j = (j + 1) & mask;
        if (j != i) continue;
        lex_tab_put(ix, lx, k, sl->klen, sl->value + 1, &used);
    }
}

uint32_t marsadLexValue(const marsadSegIndex *ix, const marsad_kb *kb, const char *s, size_t n) {
    if (n == 0) return 0;
    if (!ix || !ix->lex_filter) return kbFrozenGet(&kb->lexicon, s, n);
    uint64_t h = marsadWordHash(s, n), m = lex_bits(h);
    if ((ix->lex_filter[h & ix->lex_mask] & m) != m) return 0;
    if (ix->lex_tab) return lex_tab_get(ix, s, n, h);
    return kbFrozenGet(&kb->lexicon, s, n);
}

static inline uint32_t lex_value(const marsadSegIndex *ix, const marsad_kb *kb, const char *s,
                                 size_t n) {
    return marsadLexValue(ix, kb, s, n);
}

static int in_lex(const marsadSegIndex *ix, const marsad_kb *kb, const char *s, size_t n) {
    return marsadLexValue(ix, kb, s, n) != 0;
}

/* The members of a 64-bit set, lowest first. */
static inline unsigned next_bit(uint64_t *m) {
    unsigned b = (unsigned)__builtin_ctzll(*m);
    *m &= *m - 1;
    return b;
}

/* Whether w[a..z) minus an inflectional suffix (plus its replacement) is
 * a lexicon word; `min` is the least number of letters left. */
static int known_by_suffix(const segWord *sw, size_t a, size_t z, int has_encl, size_t min) {
    const marsad_kb *kb = sw->kb;
    const char *s = sw->w + a;
    size_t n = z - a;
    char tmp[MARSAD_MAX_TOKEN_BYTES + 16];
    /* with the index: the suffixes that can end s (an exact prefilter on
     * its last two bytes), in the KB's order */
    uint64_t m = 0;
    if (sw->ix) {
        m = sw->ix->suf_all;
        if (n >= 2)
            m &= sw->ix->suf_last[(unsigned char)s[n - 1]] &
                 sw->ix->suf_prev[(unsigned char)s[n - 2]];
        if (!has_encl) m &= ~sw->ix->suf_encl_only;
    }
    for (size_t k = 0;; k++) {
        if (sw->ix) {
            if (!m) break;
            k = next_bit(&m);
        } else if (k >= kb->n_suffix) {
            break;
        }
        const marsadClitic *x = &kb->suffix[k];
        if ((x->bits & MARSAD_CL_ENCL_ONLY) && !has_encl) continue;
        if (n <= x->len || !same(s + n - x->len, x->form, x->len)) continue;
        size_t base = n - x->len, rl = strlen(x->display);
        if (base + rl > sizeof tmp) continue;
        if (cps(sw, a, z - x->len) + marsadUtf8Chars(x->display, rl) < min) continue;
        memcpy(tmp, s, base);
        memcpy(tmp + base, x->display, rl);
        if (in_lex(sw->ix, kb, tmp, base + rl)) return 1;
    }
    return 0;
}

/* 2: the stem w[a..z) is a lexicon word; 1: an inflection of one
 * (data/clitics.tsv suffix and vprefix rows: plurals, duals, construct
 * forms, verb conjugations); 0: unknown.  *lex: the stem's lexicon value
 * (lex_value). */
static int known(const segWord *sw, size_t a, size_t z, int has_encl, uint32_t *lex) {
    const marsad_kb *kb = sw->kb;
    const char *s = sw->w + a;
    size_t n = z - a;
    *lex = lex_value(sw->ix, kb, s, n);
    if (*lex) return 2;
    if (n > MARSAD_MAX_TOKEN_BYTES) return 0;
    if (known_by_suffix(sw, a, z, has_encl, 3)) return 1;
    /* imperfect verbs: يحملون = ي + حمل + ون */
    for (size_t k = 0; k < kb->n_vprefix; k++) {
        const marsadClitic *p = &kb->vprefix[k];
        if (n <= p->len || !same(s, p->form, p->len)) continue;
        if (n >= 4 && memcmp(s, "ال", 4) == 0) break; /* the article, not أ+ل */
        size_t ra = a + p->len;
        if (cps(sw, ra, z) < 3) continue;
        if (in_lex(sw->ix, kb, sw->w + ra, z - ra) || known_by_suffix(sw, ra, z, has_encl, 3))
            return 1;
    }
    return 0;
}

/* Whether a proclitic sequence may stand before the stem w[a..z). */
static int procl_ok(const segWord *sw, const marsadClitic *p, size_t a, size_t z) {
    size_t c = cps(sw, a, z);
    const char *stem = sw->w + a;
    if (p->bits & MARSAD_CL_SA) {
        /* the future particle only before an imperfect verb: ي ت ن ا */
        if (c < 3) return 0;
        return strncmp(stem, "ي", 2) == 0 || strncmp(stem, "ت", 2) == 0 ||
               strncmp(stem, "ن", 2) == 0 || strncmp(stem, "ا", 2) == 0;
    }
    return c >= 2;
}

static void mask_add(uint64_t *tab, int b, uint64_t bit) {
    if (b >= 0) {
        tab[b] |= bit;
        return;
    }
    for (int i = 0; i < 256; i++) tab[i] |= bit; /* any byte */
}

int marsadSegIndexBuild(marsadSegIndex *ix, const marsad_kb *kb) {
    memset(ix, 0, sizeof *ix);
    if (kb->n_procl > 64 || kb->n_encl > 64 || kb->n_suffix > 64) return -1;
    /* the lexicon filter: about 16 bits a key, so that about 1 % of the
     * keys that are not in the lexicon pass it */
    const kbFrozen *lx = &kb->lexicon;
    size_t words = 64;
    while (words < (size_t)lx->count / 4 + 1) words *= 2;
    /* in a huge page of its own, if the kernel gives one: the name tagger
     * between batches (bench/) leaves its 4 KB pages out of the TLB */
    size_t fbytes = words * sizeof *ix->lex_filter, huge = (size_t)1 << 21;
    void *filter = NULL;
    if (posix_memalign(&filter, huge, (fbytes + huge - 1) / huge * huge)) filter = NULL;
    ix->lex_filter = filter;
    if (ix->lex_filter) {
#ifdef MADV_HUGEPAGE
        madvise(filter, (fbytes + huge - 1) / huge * huge, MADV_HUGEPAGE); /* a hint */
#endif
        memset(filter, 0, fbytes);
        ix->lex_mask = words - 1;
        for (uint32_t i = 0; i < lx->nslots; i++) {
            const kbSlot *sl = &lx->slots[i];
            if (!sl->hash) continue;
            uint64_t h = marsadWordHash(lx->pool + sl->key, sl->klen);
            ix->lex_filter[h & ix->lex_mask] |= lex_bits(h);
        }
        lex_tab_build(ix, lx);
    }
    for (size_t i = 0; i < kb->n_procl; i++) {
        const marsadClitic *p = &kb->procl[i];
        uint64_t bit = (uint64_t)1 << i;
        mask_add(ix->procl_first, p->len >= 1 ? (unsigned char)p->form[0] : -1, bit);
        mask_add(ix->procl_second, p->len >= 2 ? (unsigned char)p->form[1] : -1, bit);
        ix->procl_all |= bit;
    }
    for (size_t i = 0; i < kb->n_encl; i++) {
        const marsadClitic *e = &kb->encl[i];
        uint64_t bit = (uint64_t)1 << i;
        mask_add(ix->encl_last, e->len >= 1 ? (unsigned char)e->form[e->len - 1] : -1, bit);
        mask_add(ix->encl_prev, e->len >= 2 ? (unsigned char)e->form[e->len - 2] : -1, bit);
        ix->encl_all |= bit;
    }
    for (size_t i = 0; i < kb->n_suffix; i++) {
        const marsadClitic *x = &kb->suffix[i];
        uint64_t bit = (uint64_t)1 << i;
        mask_add(ix->suf_last, x->len >= 1 ? (unsigned char)x->form[x->len - 1] : -1, bit);
        mask_add(ix->suf_prev, x->len >= 2 ? (unsigned char)x->form[x->len - 2] : -1, bit);
        ix->suf_all |= bit;
        if (x->bits & MARSAD_CL_ENCL_ONLY) ix->suf_encl_only |= bit;
    }
    return 0;
}

void marsadSegment(const marsad_kb *kb, const marsadSegIndex *ix, const char *w, size_t n,
                   marsadSeg *out) {
    memset(out, 0, sizeof *out);
    out->stem_len = n;
    out->n_cand = 0;
    if (!kb || n == 0 || n > MARSAD_MAX_TOKEN_BYTES) {
        out->cand[out->n_cand].pre = 0;
        out->cand[out->n_cand].len = n;
        out->cand[out->n_cand].lex = -1;
        out->n_cand = 1;
        return;
    }
    segWord sw;
    sw.kb = kb;
    sw.ix = ix;
    sw.w = w;
    sw.n = n;
    sw.cp[0] = 0;
    for (size_t b = 0; b < n; b++)
        sw.cp[b + 1] = (uint16_t)(sw.cp[b] + (((unsigned char)w[b] & 0xC0) != 0x80));
    uint32_t whole_lex;
    int whole = known(&sw, 0, n, 0, &whole_lex);
    /* the enclitics that end the word, in the KB's order, then none */
    const marsadClitic *encls[MARSAD_SEG_MAX_ALL + 1];
    size_t n_encls = 0;
    uint64_t em = 0;
    if (ix) {
        em = ix->encl_all;
        if (n >= 2)
            em &= ix->encl_last[(unsigned char)w[n - 1]] & ix->encl_prev[(unsigned char)w[n - 2]];
    }
    for (size_t ie = 0; n_encls < MARSAD_SEG_MAX_ALL; ie++) {
        if (ix) {
            if (!em) break;
            ie = next_bit(&em);
        } else if (ie >= kb->n_encl) {
            break;
        }
        const marsadClitic *e = &kb->encl[ie];
        if (e->len < n && same(w + n - e->len, e->form, e->len)) encls[n_encls++] = e;
    }
    int encls_complete = kb->n_encl <= MARSAD_SEG_MAX_ALL;
    /* the proclitics that can begin the word (with the index: an exact
     * prefilter on its first two bytes), in the KB's order */
    uint64_t pm = 0;
    if (ix) {
        pm = ix->procl_all;
        if (n >= 2)
            pm &= ix->procl_first[(unsigned char)w[0]] & ix->procl_second[(unsigned char)w[1]];
    }
    /* Enumerate (proclitic, enclitic) splits, scoring each stem. */
    int best_score = -1;
    size_t best_pre = 0, best_len = n;
    const marsadClitic *best_p = NULL, *best_e = NULL;
    marsadSegCand cands[MARSAD_SEG_MAX_ALL];
    size_t nc = 0;
    for (size_t ip = 0; ip <= kb->n_procl; ip++) {
        if (ix) ip = pm ? next_bit(&pm) : kb->n_procl; /* the skipped ones cannot match */
        const marsadClitic *p = ip < kb->n_procl ? &kb->procl[ip] : NULL;
        size_t pl = p ? p->len : 0;
        if (p && (pl >= n || !same(w, p->form, pl))) continue;
        size_t ne = encls_complete ? n_encls + 1 : kb->n_encl + 1;
        for (size_t ie = 0; ie < ne; ie++) {
            const marsadClitic *e;
            if (encls_complete) e = ie < n_encls ? encls[ie] : NULL;
            else e = ie < kb->n_encl ? &kb->encl[ie] : NULL;
            size_t el = e ? e->len : 0;
            if (!p && !e) continue;
            if (pl + el >= n) continue;
            if (!encls_complete && e && !same(w + n - el, e->form, el)) continue;
            if (e && p && (p->bits & MARSAD_CL_AL)) continue; /* no article with a pronoun */
            const char *stem = w + pl;
            size_t sl = n - pl - el;
            if (p && !procl_ok(&sw, p, pl, pl + sl)) continue;
            if (cps(&sw, pl, pl + sl) < 2) continue;
            uint32_t lex;
            int k = known(&sw, pl, pl + sl, e != NULL, &lex);
            if (k > 0 && p && (p->bits & MARSAD_CL_SA)) {
                /* the future particle: a final ي is not a verb ending
                 * (سيلوبي is a name, not س+يلوبي) */
                if (sl >= 2 && memcmp(stem + sl - 2, "ي", 2) == 0 && !in_lex(ix, kb, stem, sl))
                    k = 0;
            }
            if (e && (e->bits & MARSAD_CL_STRICT) && k < 2) k = 0;
            if (nc < MARSAD_SEG_MAX_ALL) {
                cands[nc].pre = pl;
                cands[nc].len = sl;
                cands[nc].score = k;
                cands[nc].lex = (int64_t)lex;
                nc++;
            }
            /* Prefer a known stem; among known stems the longer one (fewer
             * clitic letters: و+باصات over و+ب+اصات), then the exact
             * lexicon word over an inflection. */
            int score = (k > 0) * 100000 - (int)(pl + el) * 10 + k;
            if (k > 0 && p && (p->bits & MARSAD_CL_AL) && whole < 2) {
                /* The article before a known stem beats an inflected
                 * reading of the whole word (القوات is not القوا+ت). */
                score += 1000000;
            }
            if (k > 0 && score > best_score) {
                best_score = score;
                best_pre = pl;
                best_len = sl;
                best_p = p;
                best_e = e;
            }
        }
    }
    if ((whole > 0 && best_score < 1000000) || best_score < 0) {
        best_pre = 0;
        best_len = n;
        best_p = best_e = NULL;
        if (whole == 0) {
            /* Unknown word: only the article family is split without
             * lexicon evidence (names: بالحسكة، والرقة), leaving a stem of
             * three letters or more. */
            for (size_t ip = 0; ip < kb->n_procl; ip++) {
                const marsadClitic *p = &kb->procl[ip];
                if (!(p->bits & MARSAD_CL_AL) || p->len >= n) continue;
                if (!same(w, p->form, p->len)) continue;
                if (cps(&sw, p->len, n) < 3) continue;
                best_pre = p->len;
                best_len = n - p->len;
                best_p = p;
                break; /* longest first */
            }
            /* ... and the conjunctions و ف before a longer unknown word
             * (وبلجيكية، فقسد): names are in the KB's lexicon, so an
             * unknown word that starts with them is rarely one word. */
            for (size_t ip = 0; ip < kb->n_procl && !best_p; ip++) {
                const marsadClitic *p = &kb->procl[ip];
                if (p->bits != MARSAD_CL_WA && p->bits != MARSAD_CL_FA) continue;
                if (p->len >= n || !same(w, p->form, p->len)) continue;
                if (cps(&sw, p->len, n) < 4) continue;
                best_pre = p->len;
                best_len = n - p->len;
                best_p = p;
            }
        }
    }
    out->pre = best_pre;
    out->stem_len = best_len;
    out->procl = best_p;
    out->encl = best_e;
    /* Candidates: the choice, then the whole word, then the other splits
     * by score (known first), then unknown splits by stem length. */
    out->cand[0].pre = best_pre;
    out->cand[0].len = best_len;
    out->cand[0].score = best_p || best_e ? (best_score >= 0 ? best_score % 10 : 0) : whole;
    /* the stem's lexicon value, when it was looked up above */
    out->cand[0].lex = -1;
    if (best_pre == 0 && best_len == n) {
        out->cand[0].lex = (int64_t)whole_lex;
    } else {
        for (size_t i = 0; i < nc; i++)
            if (cands[i].pre == best_pre && cands[i].len == best_len) {
                out->cand[0].lex = cands[i].lex;
                break;
            }
    }
    out->n_cand = 1;
    if (best_pre != 0 || best_len != n) {
        out->cand[1].pre = 0;
        out->cand[1].len = n;
        out->cand[1].score = whole;
        out->cand[1].lex = (int64_t)whole_lex;
        out->n_cand = 2;
    }
    for (int want = 2; want >= 0; want--)
        for (size_t i = 0; i < nc && out->n_cand < MARSAD_SEG_MAX_CAND; i++) {
            if (cands[i].score != want) continue;
            int dup = 0;
            for (size_t j = 0; j < out->n_cand; j++)
                if (out->cand[j].pre == cands[i].pre && out->cand[j].len == cands[i].len) dup = 1;
            if (!dup) out->cand[out->n_cand++] = cands[i];
        }
}
