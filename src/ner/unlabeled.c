/*
 * unlabeled.c -- unlabeled text for NER training: read once through the
 * text stage into distinct analysed tokens and a stream of token types,
 * then used to learn word classes (clusters.c) and to self-train: a first
 * model tags it and each stem gets how often it was tagged PERS, ORG, LOC
 * or MISC.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ner_internal.h"

void marsadNerUnlFree(marsadNerUnl *u) {
    free(u->type);
    free(u->count);
    free(u->ids);
    marsadMapFree(&u->types);
    marsadArenaFree(&u->arena);
    memset(u, 0, sizeof *u);
}

static int push_id(marsadNerUnl *u, uint32_t id) {
    if (u->n == u->cap) {
        size_t cap = u->cap ? u->cap * 2 : ((size_t)1 << 20);
        uint32_t *p = realloc(u->ids, cap * sizeof *p);
        if (!p) return -1;
        u->ids = p;
        u->cap = cap;
    }
    u->ids[u->n++] = id;
    return 0;
}

static const char *dup(marsadArena *a, const char *s) {
    return s ? marsadArenaStrndup(a, s, strlen(s)) : NULL;
}

/* The type of token k, added (with copies of its strings) when new. */
static uint32_t type_of(marsadNerUnl *u, const marsad_token *k) {
    size_t n = k->byte_end - k->byte_start;
    const marsadMapEntry *e = marsadMapGet(&u->types, k->text, n);
    if (e) return (uint32_t)(e->value - 1);
    if (u->ntypes == u->cap_types) {
        size_t cap = u->cap_types ? u->cap_types * 2 : 4096;
        marsad_token *t = realloc(u->type, cap * sizeof *t);
        if (!t) return MARSAD_NER_BOUNDARY;
        u->type = t;
        uint64_t *c = realloc(u->count, cap * sizeof *c);
        if (!c) return MARSAD_NER_BOUNDARY;
        u->count = c;
        u->cap_types = cap;
    }
    marsad_token *t = &u->type[u->ntypes];
    *t = *k;
    t->sentence = 0;
    t->start = t->byte_start = 0;
    t->end = t->byte_end = n;
    t->text = dup(&u->arena, k->text);
    t->norm = dup(&u->arena, k->norm);
    t->seg = dup(&u->arena, k->seg);
    t->stem = dup(&u->arena, k->stem);
    t->enclitic = dup(&u->arena, k->enclitic);
    const char **st = marsadArenaAlloc(&u->arena, (k->n_stems ? k->n_stems : 1) * sizeof *st);
    if (!t->text || !t->norm || !t->seg || !t->stem || !t->enclitic || !st)
        return MARSAD_NER_BOUNDARY;
    for (size_t i = 0; i < k->n_stems; i++)
        if (!(st[i] = dup(&u->arena, k->stems[i]))) return MARSAD_NER_BOUNDARY;
    if (k->n_stems) t->stem = st[0];
    t->stems = st;
    if (marsadMapPut(&u->types, k->text, n, (intptr_t)u->ntypes + 1)) return MARSAD_NER_BOUNDARY;
    u->count[u->ntypes] = 0;
    return (uint32_t)u->ntypes++;
}

static int read_text(marsadNerUnl *u, const marsad_kb *kb, const char *data, size_t len,
                     marsad_error *err) {
    marsad_text *t = marsad_text_new(kb, data, len, NULL, err);
    if (!t) return -1;
    size_t nt = marsad_text_token_count(t);
    int rc = 0;
    for (size_t i = 0; i < nt && rc == 0; i++) {
        const marsad_token *k = marsad_text_token(t, i);
        uint32_t id = type_of(u, k);
        if (id == MARSAD_NER_BOUNDARY) {
            rc = -1;
            break;
        }
        u->count[id]++;
        u->ntokens++;
        rc = push_id(u, id);
        if (rc == 0 && (i + 1 == nt || marsad_text_token(t, i + 1)->sentence != k->sentence))
            rc = push_id(u, MARSAD_NER_BOUNDARY);
    }
    marsad_text_free(t);
    if (rc) marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
    return rc;
}

/* Reads a file in pieces of whole lines (a piece without a line break is
 * cut where the buffer ends), each analysed by the text stage. */
static int read_file(marsadNerUnl *u, const marsad_kb *kb, const char *path, marsad_error *err) {
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        marsadErrorSet(err, MARSAD_ERR_IO, path, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    enum { BUF = 1 << 21 }; /* well under MARSAD_MAX_DOC_TOKENS */
    char *buf = malloc(BUF);
    size_t have = 0;
    int rc = 0;
    if (!buf) {
        marsadErrorSet(err, MARSAD_ERR_NOMEM, path, 0, "out of memory");
        rc = -1;
    }
    while (rc == 0) {
        size_t got = fread(buf + have, 1, BUF - have, f);
        have += got;
        if (have == 0) break;
        size_t cut = have;
        if (got > 0 && have == BUF) {
            size_t k = have;
            while (k > 0 && buf[k - 1] != '\n') k--;
            if (k > 0) cut = k;
        }
        rc = read_text(u, kb, buf, cut, err);
        if (rc && err) snprintf(err->file, sizeof err->file, "%s", path);
        memmove(buf, buf + cut, have - cut);
        have -= cut;
        if (got == 0 && have == 0) break;
    }
    if (rc == 0 && ferror(f)) {
        marsadErrorSet(err, MARSAD_ERR_IO, path, 0, "read error");
        rc = -1;
    }
    free(buf);
    if (f != stdin) fclose(f);
    return rc;
}

int marsadNerUnlRead(marsadNerUnl *u, const marsad_kb *kb, const char *const *paths, size_t n,
                     marsad_error *err) {
    memset(u, 0, sizeof *u);
    marsadArenaInit(&u->arena);
    if (marsadMapInit(&u->types, &u->arena)) {
        marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (read_file(u, kb, paths[i], err)) return -1;
    return 0;
}

/* How often a word was tagged with a label, in five steps. */
static uint16_t self_bucket(uint64_t tagged, uint64_t total) {
    double f = (double)tagged / (double)total;
    return f < 0.01 ? 0 : f < 0.1 ? 1 : f < 0.3 ? 2 : f < 0.6 ? 3 : 4;
}

/* Where a word stands in the names a first model found: its share of
 * first tokens and of last tokens among its tokens in names, 3 steps
 * each; unknown for words tagged in a name fewer than POS_MIN times. */
#define POS_MIN 3
static uint16_t pos_bucket(uint64_t first, uint64_t last, uint64_t in) {
    if (in < POS_MIN) return (uint16_t)MARSAD_NER_NO_CLUSTER;
    double f = (double)first / (double)in, l = (double)last / (double)in;
    unsigned a = f < 0.2 ? 0 : f < 0.8 ? 1 : 2, b = l < 0.2 ? 0 : l < 0.8 ? 1 : 2;
    return (uint16_t)(a * 3 + b);
}

/* Normalized words seen this often get their own self-training entry
 * (held-out F1 over 12 seeds: 5 times 0.751, 15 times 0.753 with half the
 * entries; 2 and 30 times measured lower over 6 seeds). */
#define WORD_MIN_COUNT 15

/* Replaces the normalized-word entries of c by new ones from the tag
 * counts of u's types (tcnt: NLABELS + 1 per type): the words seen
 * WORD_MIN_COUNT times or more, in the order they first occur. */
static int add_words(const marsadNerUnl *u, const uint64_t *tcnt, marsad_ner_clusters *c) {
    enum { L = MARSAD_NER_NLABELS + 1 };
    marsadArena arena;
    marsadArenaInit(&arena);
    marsadMap map;
    int rc = -1;
    uint64_t *wc = NULL;
    const char **ws = NULL;
    size_t *ls = NULL;
    uint16_t *attr = NULL;
    size_t nw = 0;
    marsad_ner_clusters *r = NULL;
    if (marsadMapInit(&map, &arena)) goto done;
    wc = calloc((u->ntypes ? u->ntypes : 1) * L, sizeof *wc);
    const char **wstr = calloc(u->ntypes ? u->ntypes : 1, sizeof *wstr);
    ws = (const char **)wstr;
    if (!wc || !ws) goto done;
    for (size_t t = 0; t < u->ntypes; t++) {
        const char *norm = u->type[t].norm;
        size_t nl = strlen(norm);
        if (!nl) continue;
        const marsadMapEntry *e = marsadMapGet(&map, norm, nl);
        size_t w;
        if (e) {
            w = (size_t)e->value - 1;
        } else {
            w = nw++;
            ws[w] = norm;
            if (marsadMapPut(&map, norm, nl, (intptr_t)w + 1)) goto done;
        }
        for (unsigned l = 0; l < L; l++) wc[w * L + l] += tcnt[t * L + l];
    }
    size_t keep = 0, nstem = 0;
    for (size_t w = 0; w < nw; w++) keep += wc[w * L + L - 1] >= WORD_MIN_COUNT;
    for (size_t i = 0; i < c->n; i++) {
        const char *x = c->pool + c->off[i];
        nstem += memcmp(x, MARSAD_NER_WORD_PREFIX, MARSAD_NER_WORD_PREFIX_LEN) != 0 ||
                 c->off[i + 1] - c->off[i] - 1 <= MARSAD_NER_WORD_PREFIX_LEN;
    }
    size_t total = nstem + keep;
    const char **all = malloc((total ? total : 1) * sizeof *all);
    ls = malloc((total ? total : 1) * sizeof *ls);
    attr = malloc((total ? total : 1) * MARSAD_NER_NATTR * sizeof *attr);
    if (!all || !ls || !attr) {
        free((void *)all);
        goto done;
    }
    size_t k = 0;
    for (size_t i = 0; i < c->n; i++) {
        const char *x = c->pool + c->off[i];
        size_t xl = c->off[i + 1] - c->off[i] - 1;
        if (xl > MARSAD_NER_WORD_PREFIX_LEN &&
            memcmp(x, MARSAD_NER_WORD_PREFIX, MARSAD_NER_WORD_PREFIX_LEN) == 0)
            continue;
        all[k] = x;
        ls[k] = xl;
        memcpy(attr + k * MARSAD_NER_NATTR, c->attr + i * MARSAD_NER_NATTR,
               MARSAD_NER_NATTR * sizeof *attr);
        k++;
    }
    for (size_t w = 0; w < nw; w++) {
        const uint64_t *row = wc + w * L;
        if (row[L - 1] < WORD_MIN_COUNT) continue;
        size_t nl = strlen(ws[w]);
        char *key = marsadArenaAlloc(&arena, nl + MARSAD_NER_WORD_PREFIX_LEN + 1);
        if (!key) {
            free((void *)all);
            goto done;
        }
        memcpy(key, MARSAD_NER_WORD_PREFIX, MARSAD_NER_WORD_PREFIX_LEN);
        memcpy(key + MARSAD_NER_WORD_PREFIX_LEN, ws[w], nl + 1);
        all[k] = key;
        ls[k] = nl + MARSAD_NER_WORD_PREFIX_LEN;
        uint16_t *a = attr + k * MARSAD_NER_NATTR;
        for (unsigned x = 0; x < MARSAD_NER_NATTR; x++) a[x] = (uint16_t)MARSAD_NER_NO_CLUSTER;
        for (unsigned l = 0; l < MARSAD_NER_NLABELS; l++)
            a[NA_SELF + l] = self_bucket(row[l], row[L - 1]);
        k++;
    }
    r = marsadNerClustersFrom(k, all, ls, attr, c->k);
    free((void *)all);
    if (!r) goto done;
    /* swap the new table into c */
    marsad_ner_clusters tmp = *c;
    *c = *r;
    *r = tmp;
    rc = 0;
done:
    marsad_ner_clusters_free(r);
    free(wc);
    free((void *)ws);
    free(ls);
    free(attr);
    marsadMapFree(&map);
    marsadArenaFree(&arena);
    return rc;
}

int marsadNerSelfTrain(const marsadNerUnl *u, const marsad_ner_model *m, const marsad_kb *kb,
                       const marsad_ner_options *opts, marsad_ner_clusters *c,
                       marsad_error *err) {
    /* the table index of each type's stem, and tag counts per index and
     * per type */
    size_t *idx = malloc((u->ntypes ? u->ntypes : 1) * sizeof *idx);
    uint64_t *cnt = calloc((c->n ? c->n : 1) * (MARSAD_NER_NLABELS + 1), sizeof *cnt);
    uint64_t *pcnt = calloc((c->n ? c->n : 1) * 2, sizeof *pcnt); /* first, last */
    uint64_t *tcnt = calloc((u->ntypes ? u->ntypes : 1) * (MARSAD_NER_NLABELS + 1), sizeof *tcnt);
    marsad_token *toks = NULL;
    marsadNerScratch s;
    memset(&s, 0, sizeof s);
    int rc = -1;
    if (!idx || !cnt || !tcnt || !pcnt) goto done;
    for (size_t i = 0; i < u->ntypes; i++) {
        const char *k;
        size_t kn;
        marsadNerClusterKey(&u->type[i], &k, &kn);
        idx[i] = marsadNerClusterIndex(c, k, kn, marsadHash(k, kn));
    }
    size_t toks_cap = 0;
    for (size_t a = 0; a < u->n;) {
        size_t b = a;
        while (b < u->n && u->ids[b] != MARSAD_NER_BOUNDARY) b++;
        size_t n = b - a;
        if (n) {
            if (marsadNerScratchReserve(&s, n)) goto done;
            if (n > toks_cap) {
                marsad_token *t = realloc(toks, s.cap * sizeof *t);
                if (!t) goto done;
                toks = t;
                toks_cap = s.cap;
            }
            for (size_t i = 0; i < n; i++) {
                toks[i] = u->type[u->ids[a + i]];
                marsadNerTokView(&s.views[i], &toks[i], m->clusters);
            }
            marsadNerKbMarks(opts, kb, toks, n, s.views, s.marks);
            marsadNerTagViews(m, &s, n);
            for (size_t i = 0; i < n; i++) {
                uint64_t *trow = tcnt + (size_t)u->ids[a + i] * (MARSAD_NER_NLABELS + 1);
                trow[MARSAD_NER_NLABELS]++;
                if (s.tags[i]) trow[(s.tags[i] - 1) / 2]++;
                size_t w = idx[u->ids[a + i]];
                if (w == SIZE_MAX) continue;
                uint64_t *row = cnt + w * (MARSAD_NER_NLABELS + 1);
                row[MARSAD_NER_NLABELS]++;
                if (s.tags[i]) {
                    row[(s.tags[i] - 1) / 2]++;
                    pcnt[w * 2] += (s.tags[i] & 1u) != 0; /* B- */
                    pcnt[w * 2 + 1] += i + 1 == n || s.tags[i + 1] != 2u + 2u * ((s.tags[i] - 1u) / 2u);
                }
            }
        }
        a = b + 1;
    }
    for (size_t w = 0; w < c->n; w++) {
        const uint64_t *row = cnt + w * (MARSAD_NER_NLABELS + 1);
        for (unsigned l = 0; l < MARSAD_NER_NLABELS; l++)
            c->attr[w * MARSAD_NER_NATTR + NA_SELF + l] =
                row[MARSAD_NER_NLABELS] ? self_bucket(row[l], row[MARSAD_NER_NLABELS])
                                        : (uint16_t)MARSAD_NER_NO_CLUSTER;
    }
    for (size_t w = 0; w < c->n; w++) {
        const uint64_t *row = cnt + w * (MARSAD_NER_NLABELS + 1);
        uint64_t in = 0;
        for (unsigned l = 0; l < MARSAD_NER_NLABELS; l++) in += row[l];
        c->attr[w * MARSAD_NER_NATTR + NA_SPOS] = pos_bucket(pcnt[w * 2], pcnt[w * 2 + 1], in);
    }
    c->k[NA_SPOS] = 9;
    for (unsigned l = 0; l < MARSAD_NER_NLABELS; l++) c->k[NA_SELF + l] = 5;
    if (add_words(u, tcnt, c)) goto done;
    rc = 0;
done:
    free(tcnt);
    if (rc) marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
    free(idx);
    free(cnt);
    free(pcnt);
    free(toks);
    marsadNerScratchFree(&s);
    return rc;
}
