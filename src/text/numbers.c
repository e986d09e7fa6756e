/*
 * numbers.c -- numbers: digits in every script (read by the tokenizer) and
 * Arabic number words (data/numbers.tsv): cardinals in both genders and
 * cases, compounds (خمسة وعشرون، ثلاثمائة وخمسون، عشرة آلاف، 10 آلاف),
 * fractions of scale words (نصف مليون، ألف ونصف), vague amounts with an
 * order of magnitude (عشرات، مئات الآلاف، عدد كبير) and ordinals.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text_priv.h"
#include "wordcache.h"

static const marsadNumWord *lookup(const marsad_kb *kb, const char *s, size_t n) {
    return marsadKbNumber(kb, s, n);
}

static int is_teen_word(const marsad_token *k) {
    return k && (strcmp(k->stem, "عشر") == 0 || strcmp(k->stem, "عشره") == 0);
}

static int ends_with(const char *s, size_t n, const char *suf) {
    size_t k = strlen(suf);
    return n >= k && memcmp(s + n - k, suf, k) == 0;
}

/* The number word a token is, given its neighbours, or NULL. */
static const marsadNumWord *number_word(const marsad_text *t, size_t i) {
    const marsad_token *k = &t->tokens[i];
    /* exact prefilter: no candidate stem is a number word (kept with the
     * word's analysis, marsadWordBits) */
    if (!(t->wbits[i] & MARSAD_WB_NUMWORD)) return NULL;
    const marsad_token *next = i + 1 < t->ntok ? &t->tokens[i + 1] : NULL;
    size_t nl = strlen(k->norm);
    for (size_t c = 0; c < k->n_stems; c++) {
        const char *s = k->stems[c];
        size_t sl = strlen(s);
        if (sl == 0 || sl > nl || memcmp(k->norm + nl - sl, s, sl) != 0) continue;
        const marsadNumWord *w = lookup(t->kb, s, sl);
        if (!w) continue;
        size_t pl = nl - sl; /* the proclitics, normalized */
        int art = ends_with(k->norm, pl, "ال") || ends_with(k->norm, pl, "لل");
        if (pl > 0 && strstr(k->norm, "س") == k->norm + pl - 1) continue; /* not سـ */
        if (w->no_article && art) continue;
        if (w->art_only && !art) continue;
        if (w->teen_only && !(next && next->sentence == k->sentence && is_teen_word(next)))
            continue;
        return w;
    }
    return NULL;
}

static int push_number(marsad_text *t, const marsad_number *num, size_t *cap) {
    if (t->nnum == *cap) {
        size_t nc = *cap ? *cap * 2 : 32;
        marsad_number *nn = realloc(t->nums, nc * sizeof *nn);
        if (!nn) return -1;
        t->nums = nn;
        *cap = nc;
    }
    t->nums[t->nnum++] = *num;
    return 0;
}

int marsadNumbers(marsad_text *t) {
    size_t n = t->ntok, cap = 0;
    /* 1. number words, and two-word vague amounts (عدد كبير) */
    /* each token's number word and pair flag, in one piece of memory */
    const marsadNumWord **nw = marsadTextWork(t, (n ? n : 1) * (sizeof *nw + 1));
    if (!nw) return -1;
    uint8_t *pair = (uint8_t *)(void *)(nw + (n ? n : 1));
    memset(nw, 0, (n ? n : 1) * (sizeof *nw + 1));
    char key[2 * MARSAD_MAX_TOKEN_BYTES + 2];
    for (size_t i = 0; i < n; i++) {
        if (t->tkind[i] != MARSAD_TOK_WORD) continue;
        /* both lookups below need one of the word's prefilter bits */
        if (!(t->wbits[i] & (MARSAD_WB_NUMPAIR | MARSAD_WB_NUMWORD))) continue;
        marsad_token *k = &t->tokens[i];
        if ((t->wbits[i] & MARSAD_WB_NUMPAIR) && i + 1 < n &&
            t->tkind[i + 1] == MARSAD_TOK_WORD &&
            t->tokens[i + 1].sentence == k->sentence) {
            size_t a = strlen(k->stem), b = strlen(t->tokens[i + 1].stem);
            if (a + b + 2 <= sizeof key) {
                memcpy(key, k->stem, a);
                key[a] = ' ';
                memcpy(key + a + 1, t->tokens[i + 1].stem, b);
                const marsadNumWord *w = lookup(t->kb, key, a + b + 1);
                if (w) {
                    nw[i] = w;
                    pair[i] = 1;
                    continue;
                }
            }
        }
        const marsadNumWord *w = number_word(t, i);
        if (!w) continue;
        nw[i] = w;
        k->kind = MARSAD_TOK_NUMBER;
        t->tkind[i] = MARSAD_TOK_NUMBER;
        k->is_number_word = 1;
        k->value = k->value_max = w->value;
        k->is_ordinal = w->kind == NUM_ORDINAL;
        k->is_approx = w->kind == NUM_VAGUE || (w->kind == NUM_MULT && w->plural);
    }
    /* 2. phrases */
    for (size_t i = 0; i < n;) {
        if (t->tkind[i] != MARSAD_TOK_NUMBER && !pair[i]) {
            i++;
            continue;
        }
        marsad_token *k = &t->tokens[i];
        double total = 0, cur = 0, last_scale = 0, vmax = 0;
        int approx = 0, ordinal = 0, range = 0;
        size_t j = i;
        const marsadNumWord *prev = NULL;
        int prev_digits = 0;
        if (pair[i]) {
            cur = nw[i]->value;
            approx = 1;
            j = i + 2;
            prev = nw[i];
        }
        while (j < n && !pair[i]) {
            marsad_token *m = &t->tokens[j];
            if (m->sentence != k->sentence || m->kind != MARSAD_TOK_NUMBER) break;
            const marsadNumWord *w = nw[j];
            int wa = (m->proclitics & MARSAD_CL_WA) != 0;
            if (j > i) {
                /* does this token continue the phrase? */
                if (!w) break; /* two digit numbers in a row are two numbers */
                int ok = 0;
                if (w->kind == NUM_MULT) ok = 1;
                else if (w->kind == NUM_TEEN_TEN && prev && !prev_digits &&
                         (prev->kind == NUM_UNIT || prev->kind == NUM_ORDINAL) && !wa)
                    ok = 1;
                else if (w->kind == NUM_HUNDREDS && w->value == 100 && prev &&
                         prev->kind == NUM_UNIT && !wa)
                    ok = 1;
                else if (wa && !prev_digits && w->kind != NUM_ORDINAL && w->kind != NUM_VAGUE)
                    ok = 1;
                /* scale words fall within a phrase: مليون وألف, not مليون ومليون */
                if (w->kind == NUM_MULT && last_scale > 0 &&
                    (w->dual ? w->value / 2 : w->value) >= last_scale)
                    ok = 0;
                /* "ونصف مليون" after a scale word starts a new amount */
                if (w->kind == NUM_FRACTION && j + 1 < n && nw[j + 1] &&
                    nw[j + 1]->kind == NUM_MULT && t->tokens[j + 1].sentence == k->sentence)
                    ok = 0;
                if (!ok) break;
            }
            if (!w) { /* digits */
                cur = m->value;
                vmax = m->value_max;
                range = m->value_max > m->value;
                prev_digits = 1;
                prev = NULL;
                j++;
                continue;
            }
            switch (w->kind) {
            case NUM_UNIT:
            case NUM_TENS:
                cur += w->value;
                break;
            case NUM_TEEN_TEN:
                cur += 10;
                break;
            case NUM_HUNDREDS:
                if (prev && prev->kind == NUM_UNIT && !wa && cur >= 1 && cur <= 9 && w->value == 100)
                    cur *= 100;
                else
                    cur += w->value;
                break;
            case NUM_MULT:
                if (w->dual && cur == 0) {
                    total += w->value;
                    last_scale = w->value / 2;
                } else if (w->plural && cur == 0) {
                    total += w->value; /* آلاف alone: thousands, vague */
                    approx = 1;
                    last_scale = w->value;
                } else {
                    double sc = w->dual ? w->value / 2 : w->value;
                    total += (cur ? cur : 1) * sc;
                    if (range) vmax = vmax * sc;
                    last_scale = sc;
                }
                cur = 0;
                break;
            case NUM_FRACTION:
                if (wa && last_scale > 0) total += w->value * last_scale;
                else cur += w->value;
                break;
            case NUM_VAGUE:
                approx = 1;
                cur = (cur ? cur : 1) * w->value;
                break;
            case NUM_ORDINAL:
                ordinal = 1;
                cur += w->value;
                break;
            }
            prev = w;
            prev_digits = 0;
            j++;
        }
        if (j == i) j = i + 1;
        marsad_number num;
        memset(&num, 0, sizeof num);
        num.first_token = i;
        num.n_tokens = j - i;
        num.start = k->start;
        num.end = t->tokens[j - 1].end;
        num.value = total + cur;
        num.value_max = range && vmax > num.value ? vmax : num.value;
        num.approx = (unsigned)approx;
        num.ordinal = (unsigned)ordinal;
        num.magnitude = approx && num.value >= 1 && isfinite(num.value)
                            ? (unsigned)floor(log10(num.value) + 1e-9)
                            : 0;
        if (push_number(t, &num, &cap)) return -1;
        i = j;
    }
    return 0;
}

int marsad_parse_number(const marsad_kb *kb, const char *s, size_t len, double *value) {
    marsad_text *t = marsad_text_new(kb, s, len, NULL, NULL);
    if (!t) return 0;
    int ok = t->nnum == 1 && t->nums[0].first_token == 0 && t->nums[0].n_tokens == t->ntok;
    if (ok && value) *value = t->nums[0].value;
    marsad_text_free(t);
    return ok;
}
