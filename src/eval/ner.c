/*
 * ner.c -- rule 6 of GUIDELINES.md: named-entity scoring on CoNLL files
 * (token and BIO tag a line), exact span and label, per label and micro,
 * reading spans as conlleval does.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../io/json.h"
#include "eval_internal.h"

typedef struct conllTok {
    const char *tok, *tag;
    size_t tokLen, tagLen;
    size_t line;
    int sentStart; /* a sentence break comes before this token */
} conllTok;

typedef struct conllFile {
    conllTok *v;
    size_t n, cap;
    size_t sentences;
} conllFile;

typedef struct nerSpan {
    size_t start, end; /* token indices, end exclusive */
    const char *label;
    size_t labelLen;
} nerSpan;

static int isBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

/* Splits text into tokens; a line with one field is an error. */
static int readConll(const char *s, size_t len, const char *name, conllFile *f,
                     marsad_error *err) {
    size_t line = 0, pos = 0;
    int brk = 1;
    while (pos < len) {
        size_t eol = pos;
        while (eol < len && s[eol] != '\n') eol++;
        line++;
        size_t a = pos, b = eol;
        pos = eol + 1;
        while (a < b && isBlank(s[a])) a++;
        while (b > a && isBlank(s[b - 1])) b--;
        if (a == b || (b - a >= 10 && memcmp(s + a, "-DOCSTART-", 10) == 0)) {
            brk = 1;
            continue;
        }
        size_t te = a;
        while (te < b && !isBlank(s[te])) te++;
        size_t gs = b;
        while (gs > te && !isBlank(s[gs - 1])) gs--;
        if (te == b) {
            marsadErrorSet(err, MARSAD_ERR_PARSE, name, line,
                           "expected a token and a tag separated by a space or tab");
            return -1;
        }
        if (f->n == f->cap) {
            size_t cap = f->cap ? f->cap * 2 : 1024;
            conllTok *v = realloc(f->v, cap * sizeof *v);
            if (!v) {
                marsadErrorSet(err, MARSAD_ERR_NOMEM, name, line, "out of memory");
                return -1;
            }
            f->v = v;
            f->cap = cap;
        }
        f->v[f->n++] = (conllTok){s + a, s + gs, te - a, b - gs, line, brk};
        f->sentences += brk;
        brk = 0;
    }
    return 0;
}

/* 'B' (B-, S-), 'I' (I-, E-) with the label, or 'O'; *bad is set for a
 * tag that is none of these (read as O). */
static char decodeTag(const conllTok *t, const char **label, size_t *labelLen, int *bad) {
    *bad = 0;
    if (t->tagLen == 1 && t->tag[0] == 'O') return 'O';
    if (t->tagLen > 2 && t->tag[1] == '-' && strchr("BIES", t->tag[0])) {
        *label = t->tag + 2;
        *labelLen = t->tagLen - 2;
        return t->tag[0] == 'B' || t->tag[0] == 'S' ? 'B' : 'I';
    }
    *bad = 1;
    return 'O';
}

/* Spans of the tags of `f`, with the sentence breaks of `breaks`. */
static nerSpan *spansOf(const conllFile *f, const conllFile *breaks, size_t *n, size_t *bad) {
    nerSpan *v = malloc((f->n + 1) * sizeof *v);
    if (!v) return NULL;
    size_t k = 0;
    int open = 0;
    for (size_t i = 0; i < f->n; i++) {
        const char *label = NULL;
        size_t labelLen = 0;
        int isBad;
        char c = decodeTag(&f->v[i], &label, &labelLen, &isBad);
        *bad += (size_t)isBad;
        if (open && (breaks->v[i].sentStart || c != 'I' || v[k - 1].labelLen != labelLen ||
                     memcmp(v[k - 1].label, label, labelLen) != 0))
            open = 0;
        if (c == 'O') continue;
        if (open) {
            v[k - 1].end = i + 1;
            continue;
        }
        /* B-, or an I- that continues nothing of its label: a new span. */
        v[k++] = (nerSpan){i, i + 1, label, labelLen};
        open = 1;
    }
    *n = k;
    return v;
}

static marsadEvalNerLabel *labelOf(marsad_eval_ner *r, const char *s, size_t n) {
    for (size_t i = 0; i < r->nLabels; i++)
        if (strlen(r->labels[i].name) == n && memcmp(r->labels[i].name, s, n) == 0)
            return &r->labels[i];
    marsadEvalNerLabel *v = realloc(r->labels, (r->nLabels + 1) * sizeof *v);
    if (!v) return NULL;
    r->labels = v;
    char *name = malloc(n + 1);
    if (!name) return NULL;
    memcpy(name, s, n);
    name[n] = '\0';
    marsadEvalNerLabel *l = &r->labels[r->nLabels++];
    l->name = name;
    memset(&l->c, 0, sizeof l->c);
    return l;
}

static int byLabel(const void *a, const void *b) {
    return strcmp(((const marsadEvalNerLabel *)a)->name, ((const marsadEvalNerLabel *)b)->name);
}

/* At most `max` bytes of s, cut on a UTF-8 boundary, for messages. */
static void clip(char *out, size_t size, const char *s, size_t n) {
    size_t max = size - 4;
    if (n > max) {
        n = max;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
        memcpy(out, s, n);
        memcpy(out + n, "...", 4);
        return;
    }
    memcpy(out, s, n);
    out[n] = '\0';
}

static int align(const conllFile *g, const conllFile *p, const char *gname, const char *pname,
                 marsad_error *err) {
    size_t n = g->n < p->n ? g->n : p->n;
    char a[48], b[48];
    for (size_t i = 0; i < n; i++) {
        const conllTok *x = &g->v[i], *y = &p->v[i];
        if (x->tokLen == y->tokLen && memcmp(x->tok, y->tok, x->tokLen) == 0) continue;
        clip(a, sizeof a, y->tok, y->tokLen);
        clip(b, sizeof b, x->tok, x->tokLen);
        marsadErrorSet(err, MARSAD_ERR_PARSE, pname, y->line,
                       "token %zu is \"%s\" but %s line %zu has \"%s\": the files are not "
                       "aligned",
                       i + 1, a, gname, x->line, b);
        return -1;
    }
    if (g->n > p->n) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, pname, p->n ? p->v[p->n - 1].line : 0,
                       "the prediction ends after %zu tokens; %s has %zu (token %zu at line %zu)",
                       p->n, gname, g->n, p->n + 1, g->v[p->n].line);
        return -1;
    }
    if (p->n > g->n) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, pname, p->v[g->n].line,
                       "token %zu is past the end of %s, which has %zu tokens", g->n + 1, gname,
                       g->n);
        return -1;
    }
    return 0;
}

static int count(marsad_eval_ner *r, const nerSpan *s, size_t tp, size_t fp, size_t fn) {
    marsadEvalNerLabel *l = labelOf(r, s->label, s->labelLen);
    if (!l) return -1;
    l->c.tp += tp;
    l->c.fp += fp;
    l->c.fn += fn;
    return 0;
}

static int compare(marsad_eval_ner *r, const nerSpan *g, size_t ng, const nerSpan *p, size_t np) {
    size_t i = 0, j = 0;
    while (i < ng || j < np) {
        if (i < ng && j < np && g[i].start == p[j].start) {
            if (g[i].end == p[j].end && g[i].labelLen == p[j].labelLen &&
                memcmp(g[i].label, p[j].label, g[i].labelLen) == 0) {
                if (count(r, &g[i], 1, 0, 0)) return -1;
            } else if (count(r, &g[i], 0, 0, 1) || count(r, &p[j], 0, 1, 0)) {
                return -1;
            }
            i++;
            j++;
        } else if (j >= np || (i < ng && g[i].start < p[j].start)) {
            if (count(r, &g[i++], 0, 0, 1)) return -1;
        } else {
            if (count(r, &p[j++], 0, 1, 0)) return -1;
        }
    }
    return 0;
}

marsad_eval_ner *marsad_eval_ner_conll(const char *gold, size_t gold_len, const char *gold_name,
                                       const char *pred, size_t pred_len, const char *pred_name,
                                       marsad_error *err) {
    if (!gold_name) gold_name = "gold";
    if (!pred_name) pred_name = "prediction";
    if ((!gold && gold_len) || (!pred && pred_len)) {
        marsadErrorSet(err, MARSAD_ERR_ARG, NULL, 0, "no CoNLL text given");
        return NULL;
    }
    conllFile g = {NULL, 0, 0, 0}, p = {NULL, 0, 0, 0};
    nerSpan *gs = NULL, *ps = NULL;
    marsad_eval_ner *r = calloc(1, sizeof *r);
    if (!r) {
        marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    if (readConll(gold ? gold : "", gold_len, gold_name, &g, err) ||
        readConll(pred ? pred : "", pred_len, pred_name, &p, err) ||
        align(&g, &p, gold_name, pred_name, err))
        goto fail;
    size_t ng = 0, np = 0, badG = 0;
    gs = spansOf(&g, &g, &ng, &badG);
    ps = spansOf(&p, &g, &np, &r->badTags);
    r->badTags += badG;
    if (!gs || !ps || compare(r, gs, ng, ps, np)) {
        marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
        goto fail;
    }
    if (r->nLabels) qsort(r->labels, r->nLabels, sizeof *r->labels, byLabel);
    for (size_t i = 0; i < r->nLabels; i++) {
        r->micro.tp += r->labels[i].c.tp;
        r->micro.fp += r->labels[i].c.fp;
        r->micro.fn += r->labels[i].c.fn;
    }
    r->tokens = g.n;
    r->sentences = g.sentences;
    free(g.v);
    free(p.v);
    free(gs);
    free(ps);
    return r;
fail:
    free(g.v);
    free(p.v);
    free(gs);
    free(ps);
    marsad_eval_ner_free(r);
    return NULL;
}

void marsad_eval_ner_free(marsad_eval_ner *n) {
    if (!n) return;
    for (size_t i = 0; i < n->nLabels; i++) free(n->labels[i].name);
    free(n->labels);
    free(n);
}

size_t marsad_eval_ner_label_count(const marsad_eval_ner *n) { return n ? n->nLabels : 0; }

const char *marsad_eval_ner_label(const marsad_eval_ner *n, size_t i) {
    return n && i < n->nLabels ? n->labels[i].name : NULL;
}

size_t marsad_eval_ner_token_count(const marsad_eval_ner *n) { return n ? n->tokens : 0; }

size_t marsad_eval_ner_bad_tag_count(const marsad_eval_ner *n) { return n ? n->badTags : 0; }

int marsad_eval_ner_get(const marsad_eval_ner *n, const char *label, marsad_eval_prf *out) {
    if (!n || !out) return -1;
    if (!label) {
        marsadEvalPrf(&n->micro, out);
        return 0;
    }
    for (size_t i = 0; i < n->nLabels; i++)
        if (strcmp(n->labels[i].name, label) == 0) {
            marsadEvalPrf(&n->labels[i].c, out);
            return 0;
        }
    return -1;
}

static void tableRow(marsadBuf *b, const char *label, const marsadEvalCount *c) {
    marsad_eval_prf f;
    marsadEvalPrf(c, &f);
    marsadBufPrintf(b, "  %-18s", label);
    marsadEvalPutFixed(b, f.precision, 8);
    marsadEvalPutFixed(b, f.recall, 8);
    marsadEvalPutFixed(b, f.f1, 8);
    marsadBufPrintf(b, "%8zu%8zu%8zu\n", c->tp, c->fp, c->fn);
}

char *marsad_eval_ner_render(const marsad_eval_ner *n, marsad_eval_format fmt, size_t *len) {
    if (!n) return NULL;
    marsadBuf b;
    marsadBufInit(&b);
    if (fmt == MARSAD_EVAL_JSON) {
        marsadBufPrintf(&b,
                        "{\n  \"tokens\": %zu,\n  \"sentences\": %zu,\n  \"bad_tags\": %zu,\n"
                        "  \"labels\": {",
                        n->tokens, n->sentences, n->badTags);
        for (size_t i = 0; i < n->nLabels; i++) {
            marsadBufPuts(&b, i ? ",\n    " : "\n    ");
            marsadJsonStr(&b, n->labels[i].name, strlen(n->labels[i].name));
            marsadBufPuts(&b, ": ");
            marsadEvalPutJsonPrf(&b, &n->labels[i].c);
        }
        marsadBufPuts(&b, n->nLabels ? "\n  },\n  \"micro\": " : "},\n  \"micro\": ");
        marsadEvalPutJsonPrf(&b, &n->micro);
        marsadBufPuts(&b, "\n}\n");
    } else {
        marsadBufPrintf(&b, "marsad eval --ner: %zu tokens, %zu sentences; exact spans\n\n",
                        n->tokens, n->sentences);
        marsadBufPrintf(&b, "%-20s%8s%8s%8s%8s%8s%8s\n", "label", "P", "R", "F1", "tp", "fp",
                        "fn");
        for (size_t i = 0; i < n->nLabels; i++) tableRow(&b, n->labels[i].name, &n->labels[i].c);
        tableRow(&b, "micro", &n->micro);
        if (n->badTags)
            marsadBufPrintf(&b,
                            "\n%zu tag(s) were not O, B-X, I-X, E-X or S-X and were read as O\n",
                            n->badTags);
    }
    return marsadBufDetach(&b, len);
}
