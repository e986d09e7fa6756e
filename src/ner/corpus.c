/*
 * corpus.c -- CoNLL corpora for NER training and evaluation: sentences of
 * tokens with gold BIO tags mapped to PERS/ORG/LOC/MISC, token strings
 * interned so each distinct token is analysed by the text stage once.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ner_internal.h"

marsad_ner_corpus *marsad_ner_corpus_new(void) {
    marsad_ner_corpus *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    marsadArenaInit(&c->arena);
    c->sent_start = malloc(sizeof *c->sent_start);
    if (!c->sent_start || marsadMapInit(&c->types, &c->arena)) {
        marsad_ner_corpus_free(c);
        return NULL;
    }
    c->sent_start[0] = 0;
    c->cap_sent = 0;
    return c;
}

void marsad_ner_corpus_free(marsad_ner_corpus *c) {
    if (!c) return;
    free((void *)c->tok);
    free((void *)c->tagstr);
    free(c->tag);
    free(c->type);
    free(c->sent_start);
    free((void *)c->type_str);
    free(c->type_len);
    marsadMapFree(&c->types);
    marsadArenaFree(&c->arena);
    free(c);
}

size_t marsad_ner_corpus_sentence_count(const marsad_ner_corpus *c) { return c ? c->nsent : 0; }
size_t marsad_ner_corpus_token_count(const marsad_ner_corpus *c) { return c ? c->ntok : 0; }

size_t marsad_ner_corpus_sentence(const marsad_ner_corpus *c, size_t i,
                                  const char *const **tokens, const char *const **tags) {
    if (!c || i >= c->nsent) return 0;
    size_t a = c->sent_start[i];
    if (tokens) *tokens = c->tok + a;
    if (tags) *tags = c->tagstr + a;
    return c->sent_start[i + 1] - a;
}

/* Doubles an array's capacity (from `first`) until it holds `need`. */
static int grow(void **p, size_t cap, size_t need, size_t size, size_t *new_cap) {
    size_t nc = cap ? cap : 1024;
    while (nc < need) nc *= 2;
    if (nc == cap) return 0;
    void *q = realloc(*p, nc * size);
    if (!q) return -1;
    *p = q;
    *new_cap = nc;
    return 0;
}

/* Makes room for one more token (four parallel arrays) and one more type. */
static int reserve(marsad_ner_corpus *c) {
    size_t cap = c->cap_tok, nc = cap;
    if (grow((void **)&c->tok, cap, c->ntok + 1, sizeof *c->tok, &nc) ||
        grow((void **)&c->tagstr, cap, c->ntok + 1, sizeof *c->tagstr, &nc) ||
        grow((void **)&c->tag, cap, c->ntok + 1, sizeof *c->tag, &nc) ||
        grow((void **)&c->type, cap, c->ntok + 1, sizeof *c->type, &nc))
        return -1;
    c->cap_tok = nc;
    cap = nc = c->cap_types;
    if (grow((void **)&c->type_str, cap, c->ntypes + 1, sizeof *c->type_str, &nc) ||
        grow((void **)&c->type_len, cap, c->ntypes + 1, sizeof *c->type_len, &nc))
        return -1;
    c->cap_types = nc;
    return 0;
}

static int add_token(marsad_ner_corpus *c, const char *s, size_t n, unsigned tag) {
    if (reserve(c)) return -1;
    const marsadMapEntry *e = marsadMapGet(&c->types, s, n);
    size_t ty;
    if (e) {
        ty = (size_t)e->value - 1;
    } else {
        if (marsadMapPut(&c->types, s, n, (intptr_t)c->ntypes + 1)) return -1;
        e = marsadMapGet(&c->types, s, n);
        ty = c->ntypes++;
        c->type_str[ty] = e->key;
        c->type_len[ty] = n;
    }
    c->tok[c->ntok] = c->type_str[ty];
    c->tag[c->ntok] = (uint8_t)tag;
    c->tagstr[c->ntok] = marsadNerTagName(tag);
    c->type[c->ntok] = (uint32_t)ty;
    c->ntok++;
    return 0;
}

static int end_sentence(marsad_ner_corpus *c) {
    if (c->ntok == c->sent_start[c->nsent]) return 0; /* empty */
    if (grow((void **)&c->sent_start, c->cap_sent, c->nsent + 2, sizeof *c->sent_start,
             &c->cap_sent))
        return -1;
    c->sent_start[++c->nsent] = c->ntok;
    return 0;
}

static int is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v' || ch == '\f'; }

long marsad_ner_corpus_read_conll(marsad_ner_corpus *c, const char *path, marsad_error *err) {
    if (!c || !path) {
        marsadErrorSet(err, MARSAD_ERR_ARG, path, 0, "no corpus or no path");
        return -1;
    }
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        marsadErrorSet(err, MARSAD_ERR_IO, path, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    size_t before = c->nsent, line = 0;
    char *buf = NULL;
    size_t cap = 0;
    ssize_t got;
    long rc = 0;
    while ((got = getline(&buf, &cap, f)) >= 0) {
        line++;
        size_t n = (size_t)got;
        if (n > MARSAD_MAX_DATA_LINE) {
            marsadErrorSet(err, MARSAD_ERR_LIMIT, path, line,
                           "line longer than %d bytes (MARSAD_MAX_DATA_LINE)",
                           MARSAD_MAX_DATA_LINE);
            rc = -1;
            break;
        }
        while (n && (buf[n - 1] == '\n' || is_space(buf[n - 1]))) n--;
        size_t a = 0;
        while (a < n && is_space(buf[a])) a++;
        if (a == n) {
            if (end_sentence(c)) goto nomem;
            continue;
        }
        size_t b = a;
        while (b < n && !is_space(buf[b])) b++;
        if (b - a == 10 && memcmp(buf + a, "-DOCSTART-", 10) == 0) {
            if (end_sentence(c)) goto nomem;
            continue;
        }
        size_t ta = b;
        while (ta < n && is_space(buf[ta])) ta++;
        size_t tb = ta;
        while (tb < n && !is_space(buf[tb])) tb++;
        unsigned tag = marsadNerTagParse(buf + ta, tb - ta);
        if (add_token(c, buf + a, b - a, tag)) goto nomem;
    }
    if (rc == 0 && ferror(f)) {
        marsadErrorSet(err, MARSAD_ERR_IO, path, line, "read error");
        rc = -1;
    }
    if (rc == 0 && end_sentence(c)) goto nomem;
    goto done;
nomem:
    marsadErrorSet(err, MARSAD_ERR_NOMEM, path, line, "out of memory");
    rc = -1;
done:
    free(buf);
    if (f != stdin) fclose(f);
    if (rc < 0) {
        /* drop a partial sentence so the corpus stays consistent */
        c->ntok = c->sent_start[c->nsent];
        return -1;
    }
    return (long)(c->nsent - before);
}

int marsadNerCorpusAnalyse(const marsad_ner_corpus *c, const marsad_kb *kb, marsadArena *arena,
                           marsad_token *tokens, marsad_error *err) {
    for (size_t i = 0; i < c->ntypes; i++)
        if (marsadNerAnalyse(kb, c->type_str[i], c->type_len[i], arena, &tokens[i], err))
            return -1;
    return 0;
}

size_t marsadNerCorpusViews(const marsad_ner_corpus *c, size_t si, const marsad_token *types,
                            const marsad_kb *kb, const marsad_ner_clusters *clusters,
                            const marsad_ner_options *opts, marsadNerScratch *s,
                            marsad_token **toks, size_t *toks_cap) {
    size_t a = c->sent_start[si], n = c->sent_start[si + 1] - a;
    if (marsadNerScratchReserve(s, n)) return SIZE_MAX;
    if (n > *toks_cap) {
        marsad_token *t = realloc(*toks, s->cap * sizeof *t);
        if (!t) return SIZE_MAX;
        *toks = t;
        *toks_cap = s->cap;
    }
    for (size_t i = 0; i < n; i++) {
        (*toks)[i] = types[c->type[a + i]];
        marsadNerTokView(&s->views[i], &(*toks)[i], clusters);
    }
    marsadNerKbMarks(opts, kb, *toks, n, s->views, s->marks);
    return n;
}
