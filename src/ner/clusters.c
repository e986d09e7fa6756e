/*
 * clusters.c -- word clusters for the NER features, learnt from unlabeled
 * text with the predictive exchange algorithm (Uszkoreit and Brants 2008):
 * words that follow the same words fall into one class, so a name the
 * labelled data never saw still looks like its kind.  Three clusterings of
 * token stems (coarse and fine by the words before, fine by the words
 * after) run in two threads; unlabeled.c adds self-training figures.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ner_internal.h"

/* ---- the table ---- */

void marsad_ner_clusters_free(marsad_ner_clusters *c) {
    if (!c) return;
    free(c->pool);
    free(c->off);
    free(c->attr);
    free(c->slots);
    free(c);
}

size_t marsad_ner_clusters_count(const marsad_ner_clusters *c) { return c ? c->n : 0; }

/* Builds the hash index over the words (c->off, c->pool, c->n set). */
static int index_words(marsad_ner_clusters *c) {
    size_t ns = 16;
    while (ns < c->n * 2) ns *= 2;
    free(c->slots);
    c->has_words = 0;
    c->slots = calloc(ns, sizeof *c->slots);
    if (!c->slots) return -1;
    c->nslots = ns;
    for (size_t i = 0; i < c->n; i++) {
        const char *w = c->pool + c->off[i];
        size_t wl = c->off[i + 1] - c->off[i] - 1;
        size_t j = (size_t)marsadHash(w, wl) & (ns - 1);
        while (c->slots[j]) j = (j + 1) & (ns - 1);
        c->slots[j] = (uint32_t)i + 1;
        if (wl > MARSAD_NER_WORD_PREFIX_LEN &&
            memcmp(w, MARSAD_NER_WORD_PREFIX, MARSAD_NER_WORD_PREFIX_LEN) == 0)
            c->has_words = 1;
    }
    return 0;
}

size_t marsadNerClusterIndex(const marsad_ner_clusters *c, const char *w, size_t n, uint64_t h) {
    if (!c || !c->nslots) return SIZE_MAX;
    for (size_t j = (size_t)h & (c->nslots - 1);; j = (j + 1) & (c->nslots - 1)) {
        uint32_t k = c->slots[j];
        if (!k) return SIZE_MAX;
        k--;
        size_t kl = c->off[k + 1] - c->off[k] - 1;
        if (kl == n && memcmp(c->pool + c->off[k], w, n) == 0) return k;
    }
}

int marsadNerClusterOf(const marsad_ner_clusters *c, const char *w, size_t n, uint64_t h,
                       unsigned out[MARSAD_NER_NATTR]) {
    size_t k = marsadNerClusterIndex(c, w, n, h);
    for (unsigned a = 0; a < MARSAD_NER_NATTR; a++)
        out[a] = k == SIZE_MAX ? MARSAD_NER_NO_CLUSTER : c->attr[k * MARSAD_NER_NATTR + a];
    return k != SIZE_MAX;
}

/* ---- the TSV form: word, coarse class, fine class ---- */

int marsad_ner_clusters_save(const marsad_ner_clusters *c, const char *path, marsad_error *err) {
    if (!c || !path) {
        marsadErrorSet(err, MARSAD_ERR_ARG, path, 0, "no clusters or no path");
        return -1;
    }
    FILE *f = fopen(path, "wb");
    if (!f) {
        marsadErrorSet(err, MARSAD_ERR_IO, path, 0, "cannot create: %s", strerror(errno));
        return -1;
    }
    fprintf(f, "# marsad NER word table: stem; classes (coarse, fine, by the next word); "
               "place in names (3 x first + last share steps); "
               "self-training steps for PERS ORG LOC MISC (%u: unknown); values below",
            MARSAD_NER_NO_CLUSTER);
    for (unsigned a = 0; a < MARSAD_NER_NATTR; a++) fprintf(f, " %u", c->k[a]);
    fputc('\n', f);
    for (size_t i = 0; i < c->n; i++) {
        fputs(c->pool + c->off[i], f);
        for (unsigned a = 0; a < MARSAD_NER_NATTR; a++)
            fprintf(f, "\t%u", (unsigned)c->attr[i * MARSAD_NER_NATTR + a]);
        fputc('\n', f);
    }
    if (fclose(f) != 0) {
        marsadErrorSet(err, MARSAD_ERR_IO, path, 0, "cannot write: %s", strerror(errno));
        return -1;
    }
    return 0;
}

marsad_ner_clusters *marsadNerClustersFrom(size_t n, const char *const *words,
                                           const size_t *lens, const uint16_t *attr,
                                           const unsigned *k) {
    marsad_ner_clusters *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    size_t total = 0;
    for (size_t i = 0; i < n; i++) total += lens[i] + 1;
    c->pool = malloc(total ? total : 1);
    c->off = malloc((n + 1) * sizeof *c->off);
    c->attr = malloc((n ? n : 1) * MARSAD_NER_NATTR * sizeof *c->attr);
    if (!c->pool || !c->off || !c->attr) {
        marsad_ner_clusters_free(c);
        return NULL;
    }
    size_t p = 0;
    for (size_t i = 0; i < n; i++) {
        c->off[i] = (uint32_t)p;
        memcpy(c->pool + p, words[i], lens[i]);
        c->pool[p + lens[i]] = '\0';
        p += lens[i] + 1;
    }
    c->off[n] = (uint32_t)p;
    memcpy(c->attr, attr, n * MARSAD_NER_NATTR * sizeof *attr);
    c->n = n;
    memcpy(c->k, k, sizeof c->k);
    if (index_words(c)) {
        marsad_ner_clusters_free(c);
        return NULL;
    }
    return c;
}

marsad_ner_clusters *marsadNerClustersCopy(const marsad_ner_clusters *c) {
    const char **ws = malloc((c->n ? c->n : 1) * sizeof *ws);
    size_t *ls = malloc((c->n ? c->n : 1) * sizeof *ls);
    marsad_ner_clusters *r = NULL;
    if (ws && ls) {
        for (size_t i = 0; i < c->n; i++) {
            ws[i] = c->pool + c->off[i];
            ls[i] = c->off[i + 1] - c->off[i] - 1;
        }
        r = marsadNerClustersFrom(c->n, ws, ls, c->attr, c->k);
    }
    free((void *)ws);
    free(ls);
    return r;
}

marsad_ner_clusters *marsad_ner_clusters_load(const char *path, marsad_error *err) {
    FILE *f = path ? fopen(path, "rb") : NULL;
    if (!f) {
        marsadErrorSet(err, MARSAD_ERR_IO, path, 0, "cannot open: %s",
                       path ? strerror(errno) : "no path");
        return NULL;
    }
    marsadBuf words, lens, attr;
    marsadBufInit(&words);
    marsadBufInit(&lens);
    marsadBufInit(&attr);
    unsigned k[MARSAD_NER_NATTR] = {0};
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t got;
    marsad_ner_clusters *c = NULL;
    int bad = 0;
    while ((got = getline(&line, &cap, f)) >= 0) {
        lineno++;
        size_t n = (size_t)got;
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) n--;
        line[n] = '\0';
        if (n == 0 || line[0] == '#') continue;
        char *p = memchr(line, '\t', n);
        uint16_t v[MARSAD_NER_NATTR];
        unsigned a = 0;
        bad = !p || p == line || n > MARSAD_MAX_DATA_LINE;
        size_t wl = p ? (size_t)(p - line) : 0;
        while (!bad && a < MARSAD_NER_NATTR && p && *p == '\t') {
            char *e;
            unsigned long x = strtoul(p + 1, &e, 10);
            if (e == p + 1 || x > MARSAD_NER_NO_CLUSTER) bad = 1;
            v[a++] = (uint16_t)x;
            p = e;
        }
        if (bad || a != MARSAD_NER_NATTR || *p) {
            marsadErrorSet(err, MARSAD_ERR_PARSE, path, lineno,
                           "expected: word and %d numbers, tab-separated", MARSAD_NER_NATTR);
            bad = 1;
            break;
        }
        line[wl] = '\0'; /* the tab */
        marsadBufPut(&words, line, wl + 1);
        marsadBufPut(&lens, &wl, sizeof wl);
        marsadBufPut(&attr, v, sizeof v);
        for (a = 0; a < MARSAD_NER_NATTR; a++)
            if (v[a] != MARSAD_NER_NO_CLUSTER && v[a] + 1u > k[a]) k[a] = v[a] + 1u;
    }
    free(line);
    fclose(f);
    if (!bad) {
        size_t n = lens.len / sizeof(size_t);
        const char **ws = malloc((n ? n : 1) * sizeof *ws);
        if (ws && !words.failed && !lens.failed && !attr.failed) {
            size_t p = 0;
            const size_t *ls = (const size_t *)(void *)lens.data;
            for (size_t i = 0; i < n; i++) {
                ws[i] = words.data + p;
                p += ls[i] + 1;
            }
            c = marsadNerClustersFrom(n, ws, ls, (const uint16_t *)(void *)attr.data, k);
        }
        free((void *)ws);
        if (!c) marsadErrorSet(err, MARSAD_ERR_NOMEM, path, 0, "out of memory");
    }
    marsadBufFree(&words);
    marsadBufFree(&lens);
    marsadBufFree(&attr);
    return c;
}

/* ---- learning ---- */

void marsadNerClusterKey(const marsad_token *t, const char **k, size_t *n) {
    if (t->kind == MARSAD_TOK_NUMBER && !t->is_number_word) {
        *k = "<num>";
    } else if (t->kind == MARSAD_TOK_DATE) {
        *k = "<date>";
    } else if (t->kind == MARSAD_TOK_URL || t->kind == MARSAD_TOK_EMAIL) {
        *k = "<url>";
    } else {
        *k = t->stem ? t->stem : t->norm;
        if (!**k) *k = "<empty>"; /* a token of format characters only */
    }
    *n = strlen(*k);
}

#define COARSE 64     /* classes of the coarse clustering */
#define FINE 512      /* classes of the fine ones */
#define MIN_COUNT 5   /* rarer stems are not in the table */
#define MAX_WORDS 60000
#define ITERATIONS 10 /* passes of the exchange algorithm */

/* One clustering: words (0 .. nw) by their contexts (0 .. nw + 2: the
 * words, RARE, BOUNDARY) in CSR form. */
typedef struct exchange {
    unsigned k;
    size_t nw, nctx;
    const uint64_t *wcount;
    const size_t *off;
    const uint32_t *ctx, *cn;
    uint16_t *cls; /* out */
    const double *flog;
    size_t nflog;
    int failed;
} exchange;

static inline double xlogx(const exchange *e, int64_t x) {
    if (x <= 0) return 0;
    if ((uint64_t)x < e->nflog) return e->flog[x];
    return (double)x * log((double)x);
}

/* The predictive exchange algorithm: moves each word, most frequent
 * first, to the class that most raises the likelihood of a class model of
 * the next word, sum N(v,c) log N(v,c) - sum N(c) log N(c), until no word
 * moves or ITERATIONS passes. */
static void *run_exchange(void *arg) {
    exchange *e = arg;
    unsigned K = e->k;
    int32_t *N = calloc(e->nctx * K, sizeof *N); /* context x class */
    int64_t *Nc = calloc(K, sizeof *Nc);
    double *delta = malloc(K * sizeof *delta);
    if (!N || !Nc || !delta) {
        e->failed = 1;
        goto done;
    }
    for (size_t w = 0; w < e->nw; w++) {
        unsigned c = (unsigned)(w % K);
        e->cls[w] = (uint16_t)c;
        Nc[c] += (int64_t)e->wcount[w];
        for (size_t p = e->off[w]; p < e->off[w + 1]; p++)
            N[(size_t)e->ctx[p] * K + c] += (int32_t)e->cn[p];
    }
    for (unsigned it = 0; it < ITERATIONS; it++) {
        size_t moves = 0;
        for (size_t w = 0; w < e->nw; w++) {
            unsigned a = e->cls[w];
            int64_t cw = (int64_t)e->wcount[w];
            size_t p0 = e->off[w], p1 = e->off[w + 1];
            Nc[a] -= cw;
            for (size_t p = p0; p < p1; p++) N[(size_t)e->ctx[p] * K + a] -= (int32_t)e->cn[p];
            for (unsigned b = 0; b < K; b++) delta[b] = xlogx(e, Nc[b]) - xlogx(e, Nc[b] + cw);
            for (size_t p = p0; p < p1; p++) {
                const int32_t *row = N + (size_t)e->ctx[p] * K;
                int64_t m = e->cn[p];
                for (unsigned b = 0; b < K; b++)
                    delta[b] += xlogx(e, row[b] + m) - xlogx(e, row[b]);
            }
            unsigned best = a;
            for (unsigned b = 0; b < K; b++)
                if (delta[b] > delta[best] + 1e-9) best = b;
            moves += best != a;
            e->cls[w] = (uint16_t)best;
            Nc[best] += cw;
            for (size_t p = p0; p < p1; p++)
                N[(size_t)e->ctx[p] * K + best] += (int32_t)e->cn[p];
        }
        if (moves == 0) break;
    }
done:
    free(N);
    free(Nc);
    free(delta);
    return NULL;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* A stem to rank: by falling count, then by its bytes (deterministic). */
typedef struct ranked {
    uint64_t count;
    const char *key;
    size_t len;
    uint32_t id;
} ranked;

static int cmp_ranked(const void *a, const void *b) {
    const ranked *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->key, y->key, n);
    if (c) return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

/* The neighbours of each clustered word (dir 0: the token before, 1: the
 * token after) in CSR form; `word` maps each token of the stream to its
 * word, RARE or BOUNDARY. */
typedef struct neigh {
    size_t *off;
    uint32_t *ctx, *n;
} neigh;

static int neighbours(const uint32_t *word, size_t ns, size_t nw, int dir, neigh *g) {
    uint32_t rare = (uint32_t)nw;
    uint64_t *pairs = malloc((ns ? ns : 1) * sizeof *pairs);
    if (!pairs) return -1;
    size_t np = 0;
    for (size_t i = 0; i < ns; i++) {
        uint32_t b = word[i];
        if (b >= rare) continue;
        uint32_t a = dir ? (i + 1 < ns ? word[i + 1] : rare + 1) : (i > 0 ? word[i - 1] : rare + 1);
        pairs[np++] = (uint64_t)b << 32 | a;
    }
    qsort(pairs, np, sizeof *pairs, cmp_u64);
    size_t nd = 0;
    for (size_t i = 0; i < np; i++) nd += i == 0 || pairs[i] != pairs[i - 1];
    g->off = calloc(nw + 1, sizeof *g->off);
    g->ctx = malloc((nd ? nd : 1) * sizeof *g->ctx);
    g->n = malloc((nd ? nd : 1) * sizeof *g->n);
    if (!g->off || !g->ctx || !g->n) {
        free(pairs);
        return -1;
    }
    size_t d = 0;
    for (size_t i = 0; i < np; i++) {
        if (i > 0 && pairs[i] == pairs[i - 1]) {
            g->n[d - 1]++;
            continue;
        }
        g->ctx[d] = (uint32_t)pairs[i];
        g->n[d] = 1;
        g->off[(pairs[i] >> 32) + 1] = ++d;
    }
    for (size_t w = 1; w <= nw; w++)
        if (g->off[w] < g->off[w - 1]) g->off[w] = g->off[w - 1];
    free(pairs);
    return 0;
}

marsad_ner_clusters *marsadNerClustersLearn(const marsadNerUnl *u, marsad_error *err) {
    marsadArena arena;
    marsadArenaInit(&arena);
    marsadMap keys;
    marsad_ner_clusters *result = NULL;
    size_t nkeys = 0, cap = 0, nw = 0;
    const char **key = NULL;
    size_t *klen = NULL;
    uint64_t *kcount = NULL, *wcount = NULL;
    uint32_t *type_key = malloc((u->ntypes ? u->ntypes : 1) * sizeof *type_key);
    uint32_t *remap = NULL, *order = NULL, *word = NULL;
    ranked *rk = NULL;
    neigh ctx[2];
    memset(ctx, 0, sizeof ctx);
    uint16_t *cls[3] = {NULL, NULL, NULL}, *attr = NULL;
    double *flog = NULL;
    const char **words = NULL;
    size_t *lens = NULL;
    int map_ok = marsadMapInit(&keys, &arena) == 0;
    if (!type_key || !map_ok) goto nomem;

    /* the stems (cluster keys) of the types, with counts */
    for (size_t t = 0; t < u->ntypes; t++) {
        const char *k;
        size_t kn;
        marsadNerClusterKey(&u->type[t], &k, &kn);
        const marsadMapEntry *e = marsadMapGet(&keys, k, kn);
        if (!e) {
            if (nkeys == cap) {
                cap = cap ? cap * 2 : 4096;
                const char **nk = realloc((void *)key, cap * sizeof *nk);
                if (!nk) goto nomem;
                key = nk;
                size_t *nl = realloc(klen, cap * sizeof *nl);
                if (!nl) goto nomem;
                klen = nl;
                uint64_t *nc = realloc(kcount, cap * sizeof *nc);
                if (!nc) goto nomem;
                kcount = nc;
            }
            if (marsadMapPut(&keys, k, kn, (intptr_t)nkeys + 1)) goto nomem;
            e = marsadMapGet(&keys, k, kn);
            key[nkeys] = e->key;
            klen[nkeys] = kn;
            kcount[nkeys] = 0;
            nkeys++;
        }
        size_t id = (size_t)e->value - 1;
        type_key[t] = (uint32_t)id;
        kcount[id] += u->count[t];
    }

    /* the words: frequent stems, most frequent first */
    rk = malloc((nkeys ? nkeys : 1) * sizeof *rk);
    order = malloc((nkeys ? nkeys : 1) * sizeof *order);
    remap = malloc((nkeys ? nkeys : 1) * sizeof *remap);
    if (!rk || !order || !remap) goto nomem;
    for (size_t i = 0; i < nkeys; i++) rk[i] = (ranked){kcount[i], key[i], klen[i], (uint32_t)i};
    qsort(rk, nkeys, sizeof *rk, cmp_ranked);
    for (size_t i = 0; i < nkeys; i++) order[i] = rk[i].id;
    while (nw < nkeys && nw < MAX_WORDS && kcount[order[nw]] >= MIN_COUNT) nw++;
    for (size_t i = 0; i < nkeys; i++) remap[order[i]] = i < nw ? (uint32_t)i : (uint32_t)nw;
    wcount = malloc((nw ? nw : 1) * sizeof *wcount);
    word = malloc((u->n ? u->n : 1) * sizeof *word);
    if (!wcount || !word) goto nomem;
    for (size_t i = 0; i < nw; i++) wcount[i] = kcount[order[i]];
    for (size_t i = 0; i < u->n; i++)
        word[i] = u->ids[i] == MARSAD_NER_BOUNDARY ? (uint32_t)nw + 1 : remap[type_key[u->ids[i]]];
    for (int dir = 0; dir < 2; dir++)
        if (neighbours(word, u->n, nw, dir, &ctx[dir])) goto nomem;

    size_t nflog = (size_t)1 << 20;
    flog = malloc(nflog * sizeof *flog);
    for (int j = 0; j < 3; j++) cls[j] = malloc((nw ? nw : 1) * sizeof *cls[j]);
    if (!flog || !cls[0] || !cls[1] || !cls[2]) goto nomem;
    flog[0] = 0;
    for (size_t x = 1; x < nflog; x++) flog[x] = (double)x * log((double)x);
    /* coarse and fine by the word before, fine by the word after; the fine
     * one in a second thread */
    exchange ex[3];
    static const unsigned ks[3] = {COARSE, FINE, FINE};
    for (int j = 0; j < 3; j++) {
        const neigh *g = &ctx[j == 2];
        ex[j] = (exchange){ks[j], nw, nw + 2, wcount, g->off, g->ctx, g->n, cls[j], flog, nflog, 0};
    }
    pthread_t th;
    int threaded = pthread_create(&th, NULL, run_exchange, &ex[1]) == 0;
    run_exchange(&ex[0]);
    run_exchange(&ex[2]);
    if (threaded)
        pthread_join(th, NULL);
    else
        run_exchange(&ex[1]);
    if (ex[0].failed || ex[1].failed || ex[2].failed) goto nomem;

    words = malloc((nw ? nw : 1) * sizeof *words);
    lens = malloc((nw ? nw : 1) * sizeof *lens);
    attr = malloc((nw ? nw : 1) * MARSAD_NER_NATTR * sizeof *attr);
    if (!words || !lens || !attr) goto nomem;
    for (size_t i = 0; i < nw; i++) {
        uint32_t id = order[i];
        uint16_t *a = attr + i * MARSAD_NER_NATTR;
        words[i] = key[id];
        lens[i] = klen[id];
        a[NA_COARSE] = cls[0][i];
        a[NA_FINE] = cls[1][i];
        a[NA_RIGHT] = cls[2][i];
        a[NA_SPOS] = (uint16_t)MARSAD_NER_NO_CLUSTER;
        for (unsigned l = 0; l < MARSAD_NER_NLABELS; l++)
            a[NA_SELF + l] = (uint16_t)MARSAD_NER_NO_CLUSTER;
    }
    unsigned k[MARSAD_NER_NATTR];
    k[NA_COARSE] = COARSE;
    k[NA_FINE] = k[NA_RIGHT] = FINE;
    k[NA_SPOS] = 9;
    for (unsigned l = 0; l < MARSAD_NER_NLABELS; l++) k[NA_SELF + l] = 5;
    result = marsadNerClustersFrom(nw, words, lens, attr, k);
    if (!result) goto nomem;
    goto done;
nomem:
    marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
done:
    free(type_key);
    free((void *)key);
    free(klen);
    free(kcount);
    free(rk);
    free(order);
    free(remap);
    free(wcount);
    free(word);
    for (int dir = 0; dir < 2; dir++) {
        free(ctx[dir].off);
        free(ctx[dir].ctx);
        free(ctx[dir].n);
    }
    free(flog);
    for (int j = 0; j < 3; j++) free(cls[j]);
    free(attr);
    free((void *)words);
    free(lens);
    if (map_ok) marsadMapFree(&keys);
    marsadArenaFree(&arena);
    return result;
}
