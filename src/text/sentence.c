/*
 * sentence.c -- sentence splitting over tokens: Arabic and Latin end
 * punctuation (with the quotes and brackets that close after it),
 * abbreviations (data/abbreviations.tsv), numbered lists, and line
 * structure (a blank line always ends a sentence; so does a single line
 * break unless the line ends in a comma, colon or an open bracket).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text_priv.h"
#include "wordcache.h"

static int is_closer(const marsad_token *k) {
    return k->kind == MARSAD_TOK_PUNCT &&
           (k->punct == MARSAD_PUNCT_CLOSE || k->punct == MARSAD_PUNCT_QUOTE_CLOSE ||
            k->punct == MARSAD_PUNCT_QUOTE);
}

static int is_abbrev(const marsad_text *t, size_t k) {
    /* k is the index of a period; look at the word (or X.Y run) before it */
    if (k == 0 || t->nl_before[k]) return 0;
    const marsad_token *p = &t->tokens[k - 1];
    if (p->byte_end != t->tokens[k].byte_start) return 0;
    if (p->kind == MARSAD_TOK_WORD || p->kind == MARSAD_TOK_LATIN) {
        if (marsadKbIsAbbrev(t->kb, p->norm, strlen(p->norm))) return 1;
        /* an initial: one capital Latin letter */
        if (p->kind == MARSAD_TOK_LATIN && strlen(p->text) == 1 && p->text[0] >= 'A' &&
            p->text[0] <= 'Z')
            return 1;
        /* X.Y. written as X . Y . : join the pieces */
        if (k >= 3 && t->tokens[k - 2].kind == MARSAD_TOK_PUNCT &&
            t->tokens[k - 2].punct == MARSAD_PUNCT_PERIOD &&
            t->tokens[k - 3].byte_end == t->tokens[k - 2].byte_start &&
            t->tokens[k - 2].byte_end == p->byte_start) {
            char key[64];
            int n = snprintf(key, sizeof key, "%s.%s", t->tokens[k - 3].norm, p->norm);
            if (n > 0 && (size_t)n < sizeof key && marsadKbIsAbbrev(t->kb, key, (size_t)n))
                return 1;
        }
    }
    /* a numbered list item: "1." at the start of a line */
    if (p->kind == MARSAD_TOK_NUMBER && (k - 1 == 0 || t->nl_before[k - 1])) return 1;
    return 0;
}

static int line_continues(const marsad_token *prev) {
    if (prev->kind != MARSAD_TOK_PUNCT) return 0;
    switch (prev->punct) {
    case MARSAD_PUNCT_COMMA:
    case MARSAD_PUNCT_COLON:
    case MARSAD_PUNCT_SEMICOLON:
    case MARSAD_PUNCT_OPEN:
    case MARSAD_PUNCT_QUOTE_OPEN:
        return 1;
    default:
        return 0;
    }
}

static int add_sentence(marsad_text *t, size_t first, size_t last_excl, size_t *cap) {
    if (last_excl <= first) return 0;
    if (t->nsent == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        marsad_sentence *ns = realloc(t->sents, nc * sizeof *ns);
        if (!ns) return -1;
        t->sents = ns;
        *cap = nc;
    }
    marsad_sentence *s = &t->sents[t->nsent];
    s->first_token = first;
    s->n_tokens = last_excl - first;
    s->start = t->tokens[first].start;
    s->end = t->tokens[last_excl - 1].end;
    s->byte_start = t->tokens[first].byte_start;
    s->byte_end = t->tokens[last_excl - 1].byte_end;
    for (size_t i = first; i < last_excl; i++) t->tokens[i].sentence = (uint32_t)t->nsent;
    t->nsent++;
    return 0;
}

/* Whether a discourse marker (data/discourse.tsv) begins at token i: up
 * to four words, the first with or without a leading و / ف. */
static int discourse_at(const marsad_text *t, size_t i, const marsadWordCache *wc) {
    /* exact prefilter: every key below begins with token i's first word
     * (marsadWordCacheMayBeginDiscourse, kept with the word's analysis) */
    unsigned wb = t->wbits[i];
    if (!(wb & MARSAD_WB_DISCOURSE)) return 0;
    char key[512];
    for (int strip = 0; strip <= 1; strip++) {
        /* the first lookup below, made when the word was analysed */
        unsigned first =
            (wb >> (strip ? MARSAD_WB_DISC_REST_SHIFT : MARSAD_WB_DISC_WORD_SHIFT)) & 3u;
        if (first == 0) continue;
        if (first == 2) return 1;
        size_t n = 0;
        for (size_t k = i; k < t->ntok && k < i + 4; k++) {
            const marsad_token *tk = &t->tokens[k];
            if (tk->kind != MARSAD_TOK_WORD) break;
            const char *w = tk->norm;
            if (k == i && strip) {
                if (strncmp(w, "و", 2) != 0 && strncmp(w, "ف", 2) != 0) break;
                w += 2;
            }
            size_t wl = strlen(w);
            if (n + wl + 1 >= sizeof key) break;
            if (n) key[n++] = ' ';
            memcpy(key + n, w, wl);
            n += wl;
            /* no marker is key or begins with key and a space: no
             * longer key can be one either */
            int st = k == i && first == 1 ? 1 : marsadWordCacheDiscourse(wc, key, n);
            if (st == 0) break;
            if (st == 2 || (st < 0 && marsadKbIsDiscourse(t->kb, key, n))) return 1;
        }
    }
    return 0;
}

/* Pairs the quotes and brackets of each line: role[i] is 1 for an opener
 * whose closer comes later on the line, 2 for that closer, 0 otherwise.
 * A straight quote (") opens when a space is before it and a word right
 * after it ("إن), closes when it follows its word ("نهائي"); otherwise it
 * closes an open quote or opens one.  An opener never closed (a quotation
 * the writer did not close) is not paired, so it does not hold back the
 * full stops after it. */
static void pair_quotes(const marsad_text *t, uint8_t *role, size_t *qs, size_t *bs) {
    size_t n = t->ntok;
    size_t nq = 0, nb = 0;
    for (size_t i = 0; i < n; i++) {
        if (t->nl_before[i]) nq = nb = 0;
        if (t->tkind[i] != MARSAD_TOK_PUNCT) continue;
        const marsad_token *k = &t->tokens[i];
        int open = 0, quote = 0;
        switch (k->punct) {
        case MARSAD_PUNCT_OPEN: open = 1; break;
        case MARSAD_PUNCT_CLOSE: open = 0; break;
        case MARSAD_PUNCT_QUOTE_OPEN: open = 1; quote = 1; break;
        case MARSAD_PUNCT_QUOTE_CLOSE: open = 0; quote = 1; break;
        case MARSAD_PUNCT_QUOTE: {
            quote = 1;
            int sp_before = i == 0 || t->nl_before[i] || t->tokens[i - 1].byte_end < k->byte_start;
            int sp_after = i + 1 == n || t->nl_before[i + 1] || k->byte_end < t->tokens[i + 1].byte_start;
            if (sp_before && !sp_after) open = 1;
            else if (!sp_before && sp_after) open = 0;
            else open = nq == 0;
            break;
        }
        default: continue;
        }
        size_t *st = quote ? qs : bs, *cnt = quote ? &nq : &nb;
        if (open) {
            st[(*cnt)++] = i;
        } else if (*cnt) {
            role[st[--*cnt]] = 1;
            role[i] = 2;
        }
    }
}

int marsadSentences(marsad_text *t) {
    size_t n = t->ntok, cap = 0;
    if (n == 0) return 0;
    const marsadWordCache *wc = marsadWordCacheGet(t->kb);
    /* the roles, and the stacks of pair_quotes, in one piece of memory */
    size_t rn = (n + 15) & ~(size_t)15;
    uint8_t *role = marsadTextWork(t, rn + 2 * n * sizeof(size_t));
    if (!role) return -1;
    memset(role, 0, n);
    size_t *qs = (size_t *)(void *)(role + rn);
    pair_quotes(t, role, qs, qs + n);
    size_t start = 0;
    int depth = 0, pending = 0;
    for (size_t i = 0; i < n; i++) {
        const marsad_token *k = &t->tokens[i];
        int boundary = 0;
        if (i > start && t->nl_before[i]) {
            if (t->nl_before[i] >= 2 || !line_continues(&t->tokens[i - 1]) || pending)
                boundary = 1;
        } else if (pending) {
            /* the quotes and brackets that close after the end mark stay */
            int absorb = t->tkind[i] == MARSAD_TOK_PUNCT && is_closer(k) &&
                         (k->punct != MARSAD_PUNCT_QUOTE ||
                          k->byte_start == t->tokens[i - 1].byte_end);
            if (!absorb) boundary = 1;
        }
        if (!boundary && i > start + 2 && depth == 0 && t->tkind[i] == MARSAD_TOK_WORD &&
            (t->wbits[i] & MARSAD_WB_DISCOURSE) && t->kb->discourse.nslots &&
            discourse_at(t, i, wc))
            boundary = 1; /* من جهة أخرى ... with no full stop before it */
        if (i - start >= MARSAD_MAX_SENTENCE_TOKENS) boundary = 1; /* the documented cut */
        if (boundary) {
            if (add_sentence(t, start, i, &cap)) return -1;
            start = i;
            pending = 0;
            if (t->nl_before[i]) depth = 0;
        }
        if (t->tkind[i] == MARSAD_TOK_PUNCT) {
            if (role[i] == 1) depth++;
            else if (role[i] == 2 && depth > 0) depth--;
            switch (k->punct) {
            case MARSAD_PUNCT_PERIOD:
            case MARSAD_PUNCT_QUESTION:
            case MARSAD_PUNCT_EXCLAIM:
                /* inside a quote or bracket that closes later on the line,
                 * unless it closes right after this mark */
                if (depth > 0 &&
                    !(i + 1 < n && is_closer(&t->tokens[i + 1]) && t->nl_before[i + 1] == 0))
                    break;
                if (k->punct == MARSAD_PUNCT_PERIOD && is_abbrev(t, i)) break;
                pending = 1;
                break;
            default:
                break;
            }
        }
    }
    if (add_sentence(t, start, n, &cap)) return -1;
    return 0;
}
