/*
 * clusters.c -- word clusters for the NER features, learnt from unlabeled
 * text with the predictive exchange algorithm (Uszkoreit and Brants 2008):
 * words that follow the same words fall into one class, so a name the
 * labelled data never saw still looks like its kind.  Three clusterings of
 * token stems (coarse and fine by the words before, fine by the words
 * after) run in two threads; each word also gets its frequency and how
 * often it carries the article.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ner_internal.h"

/* ---- the table ---- */

static uint64_t fnv(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

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
    c->slots = calloc(ns, sizeof *c->slots);
    if (!c->slots) return -1;
    c->nslots = ns;
    for (size_t i = 0; i < c->n; i++) {
        const char *w = c->pool + c->off[i];
        size_t wl = c->off[i + 1] - c->off[i] - 1;
        size_t j = (size_t)fnv(w, wl) & (ns - 1);
        while (c->slots[j]) j = (j + 1) & (ns - 1);
        c->slots[j] = (uint32_t)i + 1;
    }
    return 0;
}

int marsadNerClusterOf(const marsad_ner_clusters *c, const char *w, size_t n, uint64_t h,
                       unsigned out[MARSAD_NER_NATTR]) {
    for (unsigned a = 0; a < MARSAD_NER_NATTR; a++) out[a] = MARSAD_NER_NO_CLUSTER;
    if (!c || !c->nslots) return 0;
    for (size_t j = (size_t)h & (c->nslots - 1);; j = (j + 1) & (c->nslots - 1)) {
        uint32_t k = c->slots[j];
        if (!k) return 0;
        k--;
        size_t kl = c->off[k + 1] - c->off[k] - 1;
        if (kl == n && memcmp(c->pool + c->off[k], w, n) == 0) {
            for (unsigned a = 0; a < MARSAD_NER_NATTR; a++)
                out[a] = c->attr[k * MARSAD_NER_NATTR + a];
            return 1;
        }
    }
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
    fprintf(f, "# marsad NER word attributes: stem, then classes (coarse, fine, by the next "
               "word), log2 count, article tenths; values below");
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
            if (e == p + 1 || x >= MARSAD_NER_NO_CLUSTER) bad = 1;
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
            if (v[a] + 1u > k[a]) k[a] = v[a] + 1u;
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

typedef struct vocab {
    marsadArena arena;
    marsadMap map;    /* key -> id + 1 */
    const char **key; /* id -> key */
    size_t *klen;
    uint64_t *count;
    uint64_t *art;    /* occurrences with the article */
    size_t n, cap;
    uint32_t *stream; /* token ids; BOUNDARY between sentences */
    size_t ns, cap_s;
} vocab;

#define BOUNDARY UINT32_MAX

static int push_stream(vocab *v, uint32_t id) {
    if (v->ns == v->cap_s) {
        size_t cap = v->cap_s ? v->cap_s * 2 : (1u << 20);
        uint32_t *s = realloc(v->stream, cap * sizeof *s);
        if (!s) return -1;
        v->stream = s;
        v->cap_s = cap;
    }
    v->stream[v->ns++] = id;
    return 0;
}

static int add_word(vocab *v, const char *k, size_t n, int has_article) {
    const marsadMapEntry *e = marsadMapGet(&v->map, k, n);
    uint32_t id;
    if (e) {
        id = (uint32_t)(e->value - 1);
    } else {
        if (v->n == v->cap) {
            size_t cap = v->cap ? v->cap * 2 : 4096;
            const char **nk = realloc((void *)v->key, cap * sizeof *nk);
            if (!nk) return -1;
            v->key = nk;
            size_t *nl = realloc(v->klen, cap * sizeof *nl);
            if (!nl) return -1;
            v->klen = nl;
            uint64_t *nc = realloc(v->count, cap * sizeof *nc);
            if (!nc) return -1;
            v->count = nc;
            uint64_t *na = realloc(v->art, cap * sizeof *na);
            if (!na) return -1;
            v->art = na;
            v->cap = cap;
        }
        if (marsadMapPut(&v->map, k, n, (intptr_t)v->n + 1)) return -1;
        e = marsadMapGet(&v->map, k, n);
        id = (uint32_t)v->n++;
        v->key[id] = e->key;
        v->klen[id] = n;
        v->count[id] = 0;
        v->art[id] = 0;
    }
    v->count[id]++;
    v->art[id] += has_article != 0;
    return push_stream(v, id);
}

/* The form a token is clustered under: a word's stem, a number class,
 * or the normalized form of anything else. */
static void cluster_key(const marsad_token *t, const char **k, size_t *n) {
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

/* The key of a token the tagger sees (the same as cluster_key). */
void marsadNerClusterKey(const marsad_token *t, const char **k, size_t *n) {
    cluster_key(t, k, n);
}

static int read_text(vocab *v, const marsad_kb *kb, const char *data, size_t len,
                     marsad_error *err) {
    marsad_text *t = marsad_text_new(kb, data, len, NULL, err);
    if (!t) return -1;
    uint32_t sent = UINT32_MAX;
    int rc = 0;
    for (size_t i = 0; i < marsad_text_token_count(t) && rc == 0; i++) {
        const marsad_token *k = marsad_text_token(t, i);
        if (k->sentence != sent) {
            sent = k->sentence;
            rc = push_stream(v, BOUNDARY);
        }
        const char *key;
        size_t kn;
        cluster_key(k, &key, &kn);
        if (rc == 0)
            rc = add_word(v, key, kn,
                          k->kind == MARSAD_TOK_WORD && (k->proclitics & MARSAD_CL_AL));
    }
    if (rc == 0) rc = push_stream(v, BOUNDARY);
    marsad_text_free(t);
    if (rc) marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
    return rc;
}

/* Reads a file in pieces of whole lines, each analysed by the text stage. */
static int read_file(vocab *v, const marsad_kb *kb, const char *path, marsad_error *err) {
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        marsadErrorSet(err, MARSAD_ERR_IO, path, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    enum { CHUNK = 1 << 22 };
    char *buf = malloc(2 * CHUNK);
    size_t have = 0;
    int rc = buf ? 0 : -1;
    if (!buf) marsadErrorSet(err, MARSAD_ERR_NOMEM, path, 0, "out of memory");
    while (rc == 0) {
        size_t got = fread(buf + have, 1, 2 * CHUNK - have, f);
        have += got;
        if (have == 0) break;
        size_t cut = have;
        if (got > 0 && have == 2 * CHUNK) {
            /* up to the last line break, or a whole buffer when there is none */
            size_t k = have;
            while (k > 0 && buf[k - 1] != '\n') k--;
            if (k > 0) cut = k;
        }
        rc = read_text(v, kb, buf, cut, err);
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

/* One clustering's state. */
typedef struct exchange {
    unsigned k;              /* classes */
    size_t nw, nctx;         /* clustered words; contexts (words + rare + boundary) */
    const uint64_t *wcount;  /* per clustered word */
    const size_t *pred_off;  /* CSR: predecessors of word w */
    const uint32_t *pred;    /* context ids */
    const uint32_t *pred_n;  /* counts */
    unsigned iters;
    uint16_t *cls;           /* out: class per word */
    const double *flog;      /* x log x for small x */
    size_t nflog;
    int failed;
} exchange;

static inline double xlogx(const exchange *e, int64_t x) {
    if (x <= 0) return 0;
    if ((uint64_t)x < e->nflog) return e->flog[x];
    return (double)x * log((double)x);
}

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
    for (size_t w = 0; w < e->nw; w++) e->cls[w] = (uint16_t)(w % K);
    for (size_t w = 0; w < e->nw; w++) {
        unsigned c = e->cls[w];
        Nc[c] += (int64_t)e->wcount[w];
        for (size_t p = e->pred_off[w]; p < e->pred_off[w + 1]; p++)
            N[(size_t)e->pred[p] * K + c] += (int32_t)e->pred_n[p];
    }
    for (unsigned it = 0; it < e->iters; it++) {
        size_t moves = 0;
        for (size_t w = 0; w < e->nw; w++) {
            unsigned a = e->cls[w];
            int64_t cw = (int64_t)e->wcount[w];
            size_t p0 = e->pred_off[w], p1 = e->pred_off[w + 1];
            Nc[a] -= cw;
            for (size_t p = p0; p < p1; p++) N[(size_t)e->pred[p] * K + a] -= (int32_t)e->pred_n[p];
            for (unsigned b = 0; b < K; b++) delta[b] = xlogx(e, Nc[b]) - xlogx(e, Nc[b] + cw);
            for (size_t p = p0; p < p1; p++) {
                const int32_t *row = N + (size_t)e->pred[p] * K;
                int64_t m = e->pred_n[p];
                for (unsigned b = 0; b < K; b++)
                    delta[b] += xlogx(e, row[b] + m) - xlogx(e, row[b]);
            }
            unsigned best = a;
            for (unsigned b = 0; b < K; b++)
                if (delta[b] > delta[best] + 1e-9) best = b;
            if (best != a) moves++;
            e->cls[w] = (uint16_t)best;
            Nc[best] += cw;
            for (size_t p = p0; p < p1; p++)
                N[(size_t)e->pred[p] * K + best] += (int32_t)e->pred_n[p];
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

/* A word to sort: by falling count, then by its bytes (deterministic). */
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

/* The neighbours of each clustered word in CSR form: contexts (word ids,
 * then RARE = nw, BOUNDARY = nw + 1) and their counts. */
typedef struct neigh {
    size_t *off; /* nw + 1 */
    uint32_t *ctx, *n;
} neigh;

/* dir 0: the word before each clustered word; 1: the word after. */
static int neighbours(const vocab *v, const uint32_t *remap, size_t nw, int dir, neigh *g) {
    uint32_t rare = (uint32_t)nw, bound = (uint32_t)nw + 1;
    uint64_t *pairs = malloc((v->ns ? v->ns : 1) * sizeof *pairs);
    if (!pairs) return -1;
    size_t np = 0;
    for (size_t i = 0; i < v->ns; i++) {
        uint32_t b = v->stream[i];
        if (b == BOUNDARY || remap[b] == rare) continue;
        size_t j = dir ? i + 1 : i - 1; /* i == 0 is always BOUNDARY */
        uint32_t a = j >= v->ns || v->stream[j] == BOUNDARY ? bound : remap[v->stream[j]];
        pairs[np++] = (uint64_t)remap[b] << 32 | a;
    }
    qsort(pairs, np, sizeof *pairs, cmp_u64);
    size_t nd = 0;
    for (size_t i = 0; i < np; i++)
        if (i == 0 || pairs[i] != pairs[i - 1]) nd++;
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

marsad_ner_clusters *marsad_ner_clusters_learn(const char *const *paths, size_t npaths,
                                               const marsad_kb *kb,
                                               const marsad_ner_cluster_options *opts,
                                               marsad_error *err) {
    marsad_ner_cluster_options o;
    memset(&o, 0, sizeof o);
    if (opts) o = *opts;
    if (!o.coarse) o.coarse = 64;
    if (!o.fine) o.fine = 512;
    if (!o.min_count) o.min_count = 5;
    if (!o.max_words) o.max_words = 60000;
    if (o.coarse >= MARSAD_NER_NO_CLUSTER || o.fine >= MARSAD_NER_NO_CLUSTER || !paths) {
        marsadErrorSet(err, MARSAD_ERR_ARG, NULL, 0, "no inputs, or too many classes");
        return NULL;
    }
    vocab v;
    memset(&v, 0, sizeof v);
    marsadArenaInit(&v.arena);
    marsad_ner_clusters *result = NULL;
    uint32_t *order = NULL, *remap = NULL;
    uint64_t *wcount = NULL;
    neigh ctx[2];
    memset(ctx, 0, sizeof ctx);
    uint16_t *cls[3] = {NULL, NULL, NULL}, *attr = NULL;
    double *flog = NULL;
    const char **words = NULL;
    size_t *lens = NULL;
    if (marsadMapInit(&v.map, &v.arena)) goto nomem;
    for (size_t i = 0; i < npaths; i++)
        if (read_file(&v, kb, paths[i], err)) goto fail;

    /* the clustered words: frequent ones, most frequent first */
    order = malloc((v.n ? v.n : 1) * sizeof *order);
    remap = malloc((v.n ? v.n : 1) * sizeof *remap);
    ranked *rk = malloc((v.n ? v.n : 1) * sizeof *rk);
    if (!order || !remap || !rk) {
        free(rk);
        goto nomem;
    }
    for (size_t i = 0; i < v.n; i++) rk[i] = (ranked){v.count[i], v.key[i], v.klen[i], (uint32_t)i};
    qsort(rk, v.n, sizeof *rk, cmp_ranked);
    for (size_t i = 0; i < v.n; i++) order[i] = rk[i].id;
    free(rk);
    size_t nw = 0;
    while (nw < v.n && nw < o.max_words && v.count[order[nw]] >= o.min_count) nw++;
    /* contexts: the words, then RARE, then BOUNDARY */
    uint32_t rare = (uint32_t)nw;
    for (size_t i = 0; i < v.n; i++) remap[order[i]] = i < nw ? (uint32_t)i : rare;
    wcount = malloc((nw ? nw : 1) * sizeof *wcount);
    if (!wcount) goto nomem;
    for (size_t i = 0; i < nw; i++) wcount[i] = v.count[order[i]];

    /* the contexts of each clustered word: the words before it, and the
     * words after it */
    for (int dir = 0; dir < 2; dir++)
        if (neighbours(&v, remap, nw, dir, &ctx[dir])) goto nomem;

    size_t nflog = (size_t)1 << 20;
    flog = malloc(nflog * sizeof *flog);
    for (int j = 0; j < 3; j++) cls[j] = malloc((nw ? nw : 1) * sizeof *cls[j]);
    if (!flog || !cls[0] || !cls[1] || !cls[2]) goto nomem;
    flog[0] = 0;
    for (size_t x = 1; x < nflog; x++) flog[x] = (double)x * log((double)x);
    /* coarse and fine by the word before, fine by the word after */
    exchange ex[3];
    unsigned ks[3] = {o.coarse, o.fine, o.fine};
    for (int j = 0; j < 3; j++) {
        const neigh *g = &ctx[j == 2];
        ex[j] = (exchange){ks[j], nw, (size_t)nw + 2, wcount, g->off, g->ctx, g->n,
                           o.iterations ? o.iterations : 10, cls[j], flog, nflog, 0};
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
        words[i] = v.key[id];
        lens[i] = v.klen[id];
        a[NA_COARSE] = cls[0][i];
        a[NA_FINE] = cls[1][i];
        a[NA_RIGHT] = cls[2][i];
        unsigned lg = 0;
        for (uint64_t x = v.count[id]; x > 1; x >>= 1) lg++;
        a[NA_FREQ] = (uint16_t)lg;
        a[NA_ARTICLE] = (uint16_t)(v.art[id] * 10 / v.count[id]);
    }
    unsigned k[MARSAD_NER_NATTR];
    k[NA_COARSE] = o.coarse;
    k[NA_FINE] = k[NA_RIGHT] = o.fine;
    k[NA_FREQ] = 64;
    k[NA_ARTICLE] = 11;
    result = marsadNerClustersFrom(nw, words, lens, attr, k);
    if (!result) goto nomem;
    goto done;
nomem:
    marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
fail:
    result = NULL;
done:
    free(order);
    free(remap);
    free(wcount);
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
    free((void *)v.key);
    free(v.klen);
    free(v.count);
    free(v.art);
    free(v.stream);
    marsadMapFree(&v.map);
    marsadArenaFree(&v.arena);
    return result;
}
