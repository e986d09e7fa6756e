/*
 * eval.c -- the marsad_eval accumulator: reads one gold file and one
 * record, scores them (score.c), keeps each document's counts and notes and
 * the totals, and answers the public getters.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval_internal.h"

marsad_eval *marsad_eval_new(void) {
    marsad_eval *ev = calloc(1, sizeof *ev);
    if (ev) marsadArenaInit(&ev->arena);
    return ev;
}

void marsad_eval_free(marsad_eval *ev) {
    if (!ev) return;
    for (size_t i = 0; i < ev->nDocs; i++) free(ev->docs[i].notes);
    free(ev->docs);
    free(ev->types);
    marsadArenaFree(&ev->arena);
    free(ev);
}

static const char *keepStr(marsad_eval *ev, const char *s) {
    return marsadArenaStrndup(&ev->arena, s, strlen(s));
}

/* Room for one more document. */
static marsadEvalDocResult *newDoc(marsad_eval *ev) {
    if (ev->nDocs == ev->capDocs) {
        size_t cap = ev->capDocs ? ev->capDocs * 2 : 32;
        marsadEvalDocResult *d = realloc(ev->docs, cap * sizeof *d);
        if (!d) return NULL;
        ev->docs = d;
        ev->capDocs = cap;
    }
    marsadEvalDocResult *d = &ev->docs[ev->nDocs];
    memset(d, 0, sizeof *d);
    return d;
}

int marsad_eval_skip(marsad_eval *ev, const char *doc_name, const char *reason) {
    if (!ev) return -1;
    marsadEvalDocResult *d = newDoc(ev);
    if (!d) return -1;
    d->name = keepStr(ev, doc_name ? doc_name : "gold");
    d->id = d->name;
    d->reason = reason ? keepStr(ev, reason) : NULL;
    d->status = EV_DOC_SKIPPED;
    if (!d->name || (reason && !d->reason)) return -1;
    ev->nDocs++;
    return 0;
}

/* Skips the document, keeping the error's text as the reason. */
static int skipWith(marsad_eval *ev, const char *docName, const marsad_error *err) {
    if (!err) {
        marsad_eval_skip(ev, docName, NULL);
        return -1;
    }
    char reason[600];
    int same = strcmp(err->file, docName) == 0; /* do not name the document twice */
    if (same && err->line)
        snprintf(reason, sizeof reason, "line %zu: %s", err->line, err->msg);
    else if (same)
        snprintf(reason, sizeof reason, "%s", err->msg);
    else if (err->line)
        snprintf(reason, sizeof reason, "%s:%zu: %s", err->file, err->line, err->msg);
    else
        snprintf(reason, sizeof reason, "%s: %s", err->file, err->msg);
    marsad_eval_skip(ev, docName, reason);
    return -1;
}

/* Per-type counts of one document, merged into the totals on success. */
typedef struct typeList {
    marsadEvalTypeRow *v;
    size_t n, cap;
} typeList;

static int addType(void *ctx, const char *type, size_t tp, size_t fp, size_t fn) {
    typeList *l = ctx;
    size_t i = 0;
    while (i < l->n && strcmp(l->v[i].type, type) != 0) i++;
    if (i == l->n) {
        if (l->n == l->cap) {
            size_t cap = l->cap ? l->cap * 2 : 16;
            marsadEvalTypeRow *v = realloc(l->v, cap * sizeof *v);
            if (!v) return -1;
            l->v = v;
            l->cap = cap;
        }
        l->v[l->n++] = (marsadEvalTypeRow){type, {0, 0, 0}};
    }
    l->v[i].c.tp += tp;
    l->v[i].c.fp += fp;
    l->v[i].c.fn += fn;
    return 0;
}

static int mergeTypes(marsad_eval *ev, const typeList *l) {
    if (ev->nTypes + l->n > ev->capTypes) {
        size_t cap = (ev->nTypes + l->n) * 2;
        marsadEvalTypeRow *v = realloc(ev->types, cap * sizeof *v);
        if (!v) return -1;
        ev->types = v;
        ev->capTypes = cap;
    }
    for (size_t k = 0; k < l->n; k++) {
        size_t i = 0;
        while (i < ev->nTypes && strcmp(ev->types[i].type, l->v[k].type) != 0) i++;
        if (i == ev->nTypes) {
            const char *name = keepStr(ev, l->v[k].type);
            if (!name) return -1;
            ev->types[ev->nTypes++] = (marsadEvalTypeRow){name, {0, 0, 0}};
        }
        ev->types[i].c.tp += l->v[k].c.tp;
        ev->types[i].c.fp += l->v[k].c.fp;
        ev->types[i].c.fn += l->v[k].c.fn;
    }
    return 0;
}

int marsad_eval_add_json(marsad_eval *ev, const char *gold, size_t gold_len,
                         const char *gold_name, const char *pred, size_t pred_len,
                         const char *pred_name, size_t pred_line, marsad_error *err) {
    if (!ev || !gold) {
        marsadErrorSet(err, MARSAD_ERR_ARG, NULL, 0, "marsad_eval_add_json needs ev and gold");
        return -1;
    }
    if (!gold_name) gold_name = "gold";
    if (!pred_name) pred_name = "prediction";
    marsad_error local;
    if (!err) err = &local;
    memset(err, 0, sizeof *err);

    marsadArena scratch;
    marsadArenaInit(&scratch);
    marsadEvalDoc g, p;
    typeList types = {NULL, 0, 0};
    marsadEvalNotes notes = {NULL, 0, 0, &ev->arena, 0};
    int rc = -1;
    if (marsadEvalReadDoc(gold, gold_len, 1, gold_name, 0, &scratch, &g, err) ||
        (pred && marsadEvalReadDoc(pred, pred_len, 0, pred_name, pred_line, &scratch, &p, err))) {
        skipWith(ev, gold_name, err);
        goto done;
    }
    if (pred && g.id && p.id && strcmp(g.id, p.id) != 0) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, pred_name, pred_line,
                       "the record is for document \"%s\", the gold file for \"%s\"", p.id, g.id);
        skipWith(ev, gold_name, err);
        goto done;
    }
    marsadEvalDocResult *d = newDoc(ev);
    if (!d) goto nomem;
    if (marsadEvalScore(&g, pred ? &p : NULL, &d->tally, addType, &types, &notes)) goto nomem;
    d->name = keepStr(ev, gold_name);
    d->id = g.id ? keepStr(ev, g.id) : d->name;
    if (!d->name || !d->id || mergeTypes(ev, &types)) goto nomem;
    d->status = pred ? EV_DOC_SCORED : EV_DOC_NO_PRED;
    d->notes = notes.v;
    d->nNotes = notes.n;
    notes.v = NULL;
    marsadEvalTallyAdd(&ev->total, &d->tally);
    ev->nDocs++;
    rc = 0;
    goto done;
nomem:
    marsadErrorSet(err, MARSAD_ERR_NOMEM, gold_name, 0, "out of memory");
done:
    free(notes.v);
    free(types.v);
    marsadArenaFree(&scratch);
    return rc;
}

size_t marsad_eval_doc_count(const marsad_eval *ev) {
    size_t n = 0;
    for (size_t i = 0; ev && i < ev->nDocs; i++) n += ev->docs[i].status != EV_DOC_SKIPPED;
    return n;
}

size_t marsad_eval_skipped_count(const marsad_eval *ev) {
    size_t n = 0;
    for (size_t i = 0; ev && i < ev->nDocs; i++) n += ev->docs[i].status == EV_DOC_SKIPPED;
    return n;
}

void marsadEvalPrf(const marsadEvalCount *c, marsad_eval_prf *out) {
    double tp = (double)c->tp, fp = (double)c->fp, fn = (double)c->fn;
    out->tp = c->tp;
    out->fp = c->fp;
    out->fn = c->fn;
    out->precision = c->tp + c->fp ? tp / (tp + fp) : EV_NAN;
    out->recall = c->tp + c->fn ? tp / (tp + fn) : EV_NAN;
    out->f1 = c->tp + c->fp + c->fn ? 2.0 * tp / (2.0 * tp + fp + fn) : EV_NAN;
}

static marsadEvalCount sum(const marsadEvalTally *t, int from, int to) {
    marsadEvalCount c = {0, 0, 0};
    for (int k = from; k < to; k++) {
        c.tp += t->slot[k].tp;
        c.fp += t->slot[k].fp;
        c.fn += t->slot[k].fn;
    }
    return c;
}

marsadEvalCount marsadEvalFigure(const marsadEvalTally *t, marsad_eval_figure fig) {
    switch (fig) {
    case MARSAD_EVAL_IDENTIFICATION: return t->ident;
    case MARSAD_EVAL_CLASSIFICATION: return t->cls;
    case MARSAD_EVAL_ACTOR: return t->slot[EV_ACTOR];
    case MARSAD_EVAL_RECIPIENT: return t->slot[EV_RECIPIENT];
    case MARSAD_EVAL_QUANTITIES: return t->slot[EV_QUANTITIES];
    case MARSAD_EVAL_LOCATION: return t->slot[EV_LOCATION];
    case MARSAD_EVAL_ORIGIN: return t->slot[EV_ORIGIN];
    case MARSAD_EVAL_DESTINATION: return t->slot[EV_DESTINATION];
    case MARSAD_EVAL_DATE: return t->slot[EV_DATE];
    case MARSAD_EVAL_COUNTS: return sum(t, EV_FIRST_COUNT, EV_FIRST_COUNT + EV_NCOUNTS);
    case MARSAD_EVAL_DEAD: return t->slot[EV_DEAD];
    case MARSAD_EVAL_INJURED: return t->slot[EV_INJURED];
    case MARSAD_EVAL_ARRESTED: return t->slot[EV_ARRESTED];
    case MARSAD_EVAL_ARGUMENTS: return sum(t, 0, EV_NSLOTS);
    }
    marsadEvalCount none = {0, 0, 0};
    return none;
}

static const marsadEvalTally *findTally(const marsad_eval *ev, const char *docId) {
    if (!ev) return NULL;
    if (!docId) return &ev->total;
    for (size_t i = 0; i < ev->nDocs; i++)
        if (ev->docs[i].status != EV_DOC_SKIPPED && strcmp(ev->docs[i].id, docId) == 0)
            return &ev->docs[i].tally;
    return NULL;
}

int marsad_eval_prf_get(const marsad_eval *ev, const char *doc_id, marsad_eval_figure fig,
                        marsad_eval_prf *out) {
    const marsadEvalTally *t = findTally(ev, doc_id);
    if (!t || !out || (unsigned)fig > (unsigned)MARSAD_EVAL_ARGUMENTS) return -1;
    marsadEvalCount c = marsadEvalFigure(t, fig);
    marsadEvalPrf(&c, out);
    return 0;
}

int marsad_eval_accuracy_get(const marsad_eval *ev, const char *doc_id, marsad_eval_measure m,
                             marsad_eval_acc *out) {
    const marsadEvalTally *t = findTally(ev, doc_id);
    if (!t || !out) return -1;
    switch (m) {
    case MARSAD_EVAL_MODALITY: out->right = t->modalityRight, out->total = t->pairs; break;
    case MARSAD_EVAL_SOURCE_TYPE: out->right = t->sourceRight, out->total = t->pairs; break;
    case MARSAD_EVAL_GEO_10KM: out->right = t->geo10, out->total = t->geoTotal; break;
    case MARSAD_EVAL_GEO_161KM: out->right = t->geo161, out->total = t->geoTotal; break;
    default: return -1;
    }
    out->accuracy = out->total ? (double)out->right / (double)out->total : EV_NAN;
    return 0;
}

int marsad_eval_type_get(const marsad_eval *ev, const char *type, marsad_eval_prf *out) {
    if (!ev || !type || !out) return -1;
    for (size_t i = 0; i < ev->nTypes; i++)
        if (strcmp(ev->types[i].type, type) == 0) {
            marsadEvalPrf(&ev->types[i].c, out);
            return 0;
        }
    return -1;
}
