/*
 * report.c -- renders a marsad_eval: the total table (events, argument
 * slots, attributes, geocoding, per-type rows) for a terminal or as JSON,
 * and with --verbose each document's figures and notes first.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../io/json.h"
#include "eval_internal.h"

void marsadEvalPutFixed(marsadBuf *b, double v, int width) {
    if (isnan(v))
        marsadBufPrintf(b, "%*s", width, "-");
    else
        marsadBufPrintf(b, "%*.3f", width, v);
}

void marsadEvalPutJsonNum(marsadBuf *b, double v) {
    if (isnan(v))
        marsadBufPuts(b, "null");
    else
        marsadJsonNum(b, v);
}

void marsadEvalPutJsonPrf(marsadBuf *b, const marsadEvalCount *c) {
    marsad_eval_prf f;
    marsadEvalPrf(c, &f);
    marsadBufPrintf(b, "{\"tp\": %zu, \"fp\": %zu, \"fn\": %zu, \"precision\": ", c->tp, c->fp,
                    c->fn);
    marsadEvalPutJsonNum(b, f.precision);
    marsadBufPuts(b, ", \"recall\": ");
    marsadEvalPutJsonNum(b, f.recall);
    marsadBufPuts(b, ", \"f1\": ");
    marsadEvalPutJsonNum(b, f.f1);
    marsadBufPutc(b, '}');
}

static void putJsonStr(marsadBuf *b, const char *s) {
    if (s)
        marsadJsonStr(b, s, strlen(s));
    else
        marsadBufPuts(b, "null");
}

static void putJsonAcc(marsadBuf *b, size_t right, size_t total) {
    marsadBufPrintf(b, "{\"right\": %zu, \"total\": %zu, \"accuracy\": ", right, total);
    marsadEvalPutJsonNum(b, total ? (double)right / (double)total : EV_NAN);
    marsadBufPutc(b, '}');
}

/* The rows of the argument block: a figure, its label, its indent. */
typedef struct row {
    const char *label, *json;
    marsad_eval_figure fig;
    int depth;
} row;

static const row eventRows[] = {
    {"identification", "identification", MARSAD_EVAL_IDENTIFICATION, 1},
    {"classification (event F1)", "classification", MARSAD_EVAL_CLASSIFICATION, 1}};

static const row argRows[] = {
    {"actor", "actor", MARSAD_EVAL_ACTOR, 1},
    {"recipient", "recipient", MARSAD_EVAL_RECIPIENT, 1},
    {"quantities", "quantities", MARSAD_EVAL_QUANTITIES, 1},
    {"location", "location", MARSAD_EVAL_LOCATION, 1},
    {"origin", "origin", MARSAD_EVAL_ORIGIN, 1},
    {"destination", "destination", MARSAD_EVAL_DESTINATION, 1},
    {"date", "date", MARSAD_EVAL_DATE, 1},
    {"counts", "counts", MARSAD_EVAL_COUNTS, 1},
    {"dead", "dead", MARSAD_EVAL_DEAD, 2},
    {"injured", "injured", MARSAD_EVAL_INJURED, 2},
    {"arrested", "arrested", MARSAD_EVAL_ARRESTED, 2},
    {"all slots (argument F1)", "micro", MARSAD_EVAL_ARGUMENTS, 1}};

#define NROWS(a) (sizeof(a) / sizeof *(a))
#define LABEL_WIDTH 34

static void tablePrfRow(marsadBuf *b, const char *label, int depth, const marsadEvalCount *c) {
    marsad_eval_prf f;
    marsadEvalPrf(c, &f);
    marsadBufPrintf(b, "%*s%-*s", depth * 2, "", LABEL_WIDTH - depth * 2, label);
    marsadEvalPutFixed(b, f.precision, 8);
    marsadEvalPutFixed(b, f.recall, 8);
    marsadEvalPutFixed(b, f.f1, 8);
    marsadBufPrintf(b, "%8zu%8zu%8zu\n", c->tp, c->fp, c->fn);
}

static void tableAccRow(marsadBuf *b, const char *label, size_t right, size_t total) {
    marsadBufPrintf(b, "  %-*s", LABEL_WIDTH - 2, label);
    marsadEvalPutFixed(b, total ? (double)right / (double)total : EV_NAN, 8);
    marsadBufPrintf(b, "%8zu%8zu\n", right, total);
}

static void tableHeader(marsadBuf *b, const char *title) {
    marsadBufPrintf(b, "%-*s%8s%8s%8s%8s%8s%8s\n", LABEL_WIDTH, title, "P", "R", "F1", "tp", "fp",
                    "fn");
}

static int byTypeName(const void *a, const void *b) {
    return strcmp(((const marsadEvalTypeRow *)a)->type, ((const marsadEvalTypeRow *)b)->type);
}

static void tableTotals(marsadBuf *b, const marsad_eval *ev, const marsadEvalTally *t) {
    tableHeader(b, "events");
    for (size_t i = 0; i < NROWS(eventRows); i++) {
        marsadEvalCount c = marsadEvalFigure(t, eventRows[i].fig);
        tablePrfRow(b, eventRows[i].label, eventRows[i].depth, &c);
    }
    marsadBufPutc(b, '\n');
    tableHeader(b, "arguments (end to end)");
    for (size_t i = 0; i < NROWS(argRows); i++) {
        marsadEvalCount c = marsadEvalFigure(t, argRows[i].fig);
        tablePrfRow(b, argRows[i].label, argRows[i].depth, &c);
    }
    marsadBufPutc(b, '\n');
    marsadBufPrintf(b, "%-*s%8s%8s%8s\n", LABEL_WIDTH, "attributes (matched pairs)", "acc",
                    "right", "total");
    tableAccRow(b, "modality", t->modalityRight, t->pairs);
    tableAccRow(b, "source_type", t->sourceRight, t->pairs);
    marsadBufPrintf(b, "%-*s%8s%8s%8s\n", LABEL_WIDTH, "geocoding (matched places)",
                    "acc", "right", "total");
    tableAccRow(b, "acc@10km", t->geo10, t->geoTotal);
    tableAccRow(b, "acc@161km", t->geo161, t->geoTotal);
    if (!ev || !ev->nTypes) return;
    marsadEvalTypeRow *rows = malloc(ev->nTypes * sizeof *rows);
    if (!rows) {
        b->failed = 1;
        return;
    }
    memcpy(rows, ev->types, ev->nTypes * sizeof *rows);
    qsort(rows, ev->nTypes, sizeof *rows, byTypeName);
    marsadBufPutc(b, '\n');
    tableHeader(b, "event types (classification)");
    for (size_t i = 0; i < ev->nTypes; i++) tablePrfRow(b, rows[i].type, 1, &rows[i].c);
    free(rows);
}

static const char *kindName(marsadEvalNoteKind k) {
    switch (k) {
    case EV_NOTE_MISSED: return "missed";
    case EV_NOTE_SPURIOUS: return "spurious";
    case EV_NOTE_TYPE: return "type";
    case EV_NOTE_MODALITY: return "modality";
    case EV_NOTE_SOURCE: return "source";
    case EV_NOTE_GEO: return "geocoding";
    }
    return "?";
}

static int isSpanText(const marsadEvalNote *n) {
    return strcmp(n->slot, "location") == 0 || strcmp(n->slot, "origin") == 0 ||
           strcmp(n->slot, "destination") == 0;
}

static void putEventRef(marsadBuf *b, const marsadEvalNote *n) {
    marsadBufPrintf(b, "%s «%s»", n->evType, n->evText);
    if (n->evStart >= 0) marsadBufPrintf(b, " %ld-%ld", n->evStart, n->evEnd);
}

static void tableNote(marsadBuf *b, const marsadEvalNote *n) {
    marsadBufPrintf(b, "    %-9s %-11s ", kindName(n->kind), n->slot);
    if (n->kind == EV_NOTE_TYPE) {
        marsadBufPrintf(b, "predicted %s  in ", n->value);
        putEventRef(b, n);
        marsadBufPutc(b, '\n');
        return;
    }
    if (strcmp(n->slot, "event") == 0) {
        putEventRef(b, n);
        if (n->detail) marsadBufPrintf(b, " (%s)", n->detail);
        marsadBufPutc(b, '\n');
        return;
    }
    if (isSpanText(n))
        marsadBufPrintf(b, "«%s»", n->value);
    else
        marsadBufPuts(b, n->value);
    if (n->start >= 0) marsadBufPrintf(b, " %ld-%ld", n->start, n->end);
    if (n->detail) marsadBufPrintf(b, " (%s)", n->detail);
    marsadBufPuts(b, "  in ");
    putEventRef(b, n);
    marsadBufPutc(b, '\n');
}

static void tableDoc(marsadBuf *b, const marsadEvalDocResult *d) {
    const marsadEvalTally *t = &d->tally;
    marsadBufPrintf(b, "== %s", d->id);
    if (strcmp(d->id, d->name) != 0) marsadBufPrintf(b, " (%s)", d->name);
    if (d->status == EV_DOC_SKIPPED) {
        marsadBufPrintf(b, ": skipped%s%s\n\n", d->reason ? ": " : "", d->reason ? d->reason : "");
        return;
    }
    marsadBufPrintf(b, ": events %zu gold, %zu predicted%s\n", t->nGold, t->nPred,
                    d->status == EV_DOC_NO_PRED ? " (no prediction: all misses)" : "");
    marsad_eval_prf f;
    marsadEvalPrf(&t->ident, &f);
    marsadBufPuts(b, "   identification F1");
    marsadEvalPutFixed(b, f.f1, 6);
    marsadEvalPrf(&t->cls, &f);
    marsadBufPuts(b, "   event F1");
    marsadEvalPutFixed(b, f.f1, 6);
    marsadEvalCount args = marsadEvalFigure(t, MARSAD_EVAL_ARGUMENTS);
    marsadEvalPrf(&args, &f);
    marsadBufPuts(b, "   argument F1");
    marsadEvalPutFixed(b, f.f1, 6);
    marsadBufPrintf(b,
                    "\n   modality %zu/%zu   source_type %zu/%zu   acc@10km %zu/%zu   "
                    "acc@161km %zu/%zu\n",
                    t->modalityRight, t->pairs, t->sourceRight, t->pairs, t->geo10, t->geoTotal,
                    t->geo161, t->geoTotal);
    for (int k = 0; k < EV_NSLOTS; k++) {
        const marsadEvalCount *c = &t->slot[k];
        if (!c->tp && !c->fp && !c->fn) continue;
        marsadBufPrintf(b, "   %s %zu/%zu/%zu", marsadEvalSlotName(k), c->tp, c->fp, c->fn);
    }
    marsadBufPuts(b, "   (tp/fp/fn)\n");
    for (size_t i = 0; i < d->nNotes; i++) tableNote(b, &d->notes[i]);
    marsadBufPutc(b, '\n');
}

static void renderTable(marsadBuf *b, const marsad_eval *ev, int verbose) {
    if (verbose)
        for (size_t i = 0; i < ev->nDocs; i++) tableDoc(b, &ev->docs[i]);
    const marsadEvalTally *t = &ev->total;
    marsadBufPrintf(b,
                    "marsad eval: %zu documents scored, %zu skipped; %zu gold events, "
                    "%zu predicted\n\n",
                    marsad_eval_doc_count(ev), marsad_eval_skipped_count(ev), t->nGold, t->nPred);
    tableTotals(b, ev, t);
    size_t noPred = 0;
    for (size_t i = 0; i < ev->nDocs; i++) noPred += ev->docs[i].status == EV_DOC_NO_PRED;
    if (noPred) {
        marsadBufPrintf(b, "\ndocuments without a prediction (all their events missed): %zu\n",
                        noPred);
        for (size_t i = 0; i < ev->nDocs; i++)
            if (ev->docs[i].status == EV_DOC_NO_PRED) marsadBufPrintf(b, "  %s\n", ev->docs[i].id);
    }
    if (marsad_eval_skipped_count(ev)) {
        marsadBufPrintf(b, "\nskipped documents (not scored): %zu\n",
                        marsad_eval_skipped_count(ev));
        for (size_t i = 0; i < ev->nDocs; i++) {
            const marsadEvalDocResult *d = &ev->docs[i];
            if (d->status != EV_DOC_SKIPPED) continue;
            marsadBufPrintf(b, "  %s%s%s\n", d->name, d->reason ? ": " : "",
                            d->reason ? d->reason : "");
        }
    }
}

/* ---- JSON ---- */

static void jsonFigures(marsadBuf *b, const marsadEvalTally *t, const char *ind) {
    marsadBufPrintf(b, "%s\"gold_events\": %zu,\n%s\"predicted_events\": %zu,\n", ind, t->nGold,
                    ind, t->nPred);
    marsadBufPrintf(b, "%s\"events\": {", ind);
    for (size_t i = 0; i < NROWS(eventRows); i++) {
        marsadEvalCount c = marsadEvalFigure(t, eventRows[i].fig);
        marsadBufPrintf(b, "%s\n%s  \"%s\": ", i ? "," : "", ind, eventRows[i].json);
        marsadEvalPutJsonPrf(b, &c);
    }
    marsadBufPrintf(b, "\n%s},\n%s\"arguments\": {", ind, ind);
    for (size_t i = 0; i < NROWS(argRows); i++) {
        marsadEvalCount c = marsadEvalFigure(t, argRows[i].fig);
        marsadBufPrintf(b, "%s\n%s  \"%s\": ", i ? "," : "", ind, argRows[i].json);
        marsadEvalPutJsonPrf(b, &c);
    }
    marsadBufPrintf(b, "\n%s},\n%s\"attributes\": {\n%s  \"modality\": ", ind, ind, ind);
    putJsonAcc(b, t->modalityRight, t->pairs);
    marsadBufPrintf(b, ",\n%s  \"source_type\": ", ind);
    putJsonAcc(b, t->sourceRight, t->pairs);
    marsadBufPrintf(b, "\n%s},\n%s\"geocoding\": {\n%s  \"acc@10km\": ", ind, ind, ind);
    putJsonAcc(b, t->geo10, t->geoTotal);
    marsadBufPrintf(b, ",\n%s  \"acc@161km\": ", ind);
    putJsonAcc(b, t->geo161, t->geoTotal);
    marsadBufPrintf(b, "\n%s}", ind);
}

static void jsonNote(marsadBuf *b, const marsadEvalNote *n) {
    marsadBufPrintf(b, "{\"kind\": \"%s\", \"slot\": ", kindName(n->kind));
    putJsonStr(b, n->slot);
    marsadBufPuts(b, ", \"value\": ");
    putJsonStr(b, n->value);
    if (n->start >= 0) marsadBufPrintf(b, ", \"start\": %ld, \"end\": %ld", n->start, n->end);
    if (n->detail) {
        marsadBufPuts(b, ", \"detail\": ");
        putJsonStr(b, n->detail);
    }
    marsadBufPuts(b, ", \"event\": {\"type\": ");
    putJsonStr(b, n->evType);
    marsadBufPuts(b, ", \"trigger\": ");
    putJsonStr(b, n->evText);
    if (n->evStart >= 0) marsadBufPrintf(b, ", \"start\": %ld, \"end\": %ld", n->evStart, n->evEnd);
    marsadBufPuts(b, "}}");
}

static const char *statusName(marsadEvalDocStatus s) {
    return s == EV_DOC_SCORED ? "scored" : s == EV_DOC_NO_PRED ? "no-prediction" : "skipped";
}

static void jsonDoc(marsadBuf *b, const marsadEvalDocResult *d) {
    marsadBufPuts(b, "    {\n      \"id\": ");
    putJsonStr(b, d->id);
    marsadBufPuts(b, ",\n      \"name\": ");
    putJsonStr(b, d->name);
    marsadBufPrintf(b, ",\n      \"status\": \"%s\",\n", statusName(d->status));
    if (d->status == EV_DOC_SKIPPED) {
        marsadBufPuts(b, "      \"reason\": ");
        putJsonStr(b, d->reason);
        marsadBufPuts(b, "\n    }");
        return;
    }
    jsonFigures(b, &d->tally, "      ");
    marsadBufPuts(b, ",\n      \"notes\": [");
    for (size_t i = 0; i < d->nNotes; i++) {
        marsadBufPuts(b, i ? ",\n        " : "\n        ");
        jsonNote(b, &d->notes[i]);
    }
    marsadBufPuts(b, d->nNotes ? "\n      ]\n    }" : "]\n    }");
}

static void renderJson(marsadBuf *b, const marsad_eval *ev, int verbose) {
    marsadBufPrintf(b, "{\n  \"documents\": %zu,\n  \"skipped\": %zu,\n",
                    marsad_eval_doc_count(ev), marsad_eval_skipped_count(ev));
    jsonFigures(b, &ev->total, "  ");
    marsadBufPuts(b, ",\n  \"types\": {");
    marsadEvalTypeRow *rows = ev->nTypes ? malloc(ev->nTypes * sizeof *rows) : NULL;
    if (ev->nTypes && !rows) {
        b->failed = 1;
        return;
    }
    if (rows) {
        memcpy(rows, ev->types, ev->nTypes * sizeof *rows);
        qsort(rows, ev->nTypes, sizeof *rows, byTypeName);
    }
    for (size_t i = 0; i < ev->nTypes; i++) {
        marsadBufPuts(b, i ? ",\n    " : "\n    ");
        putJsonStr(b, rows[i].type);
        marsadBufPuts(b, ": ");
        marsadEvalPutJsonPrf(b, &rows[i].c);
    }
    free(rows);
    marsadBufPuts(b, ev->nTypes ? "\n  },\n  \"no_prediction\": [" : "},\n  \"no_prediction\": [");
    size_t k = 0;
    for (size_t i = 0; i < ev->nDocs; i++) {
        if (ev->docs[i].status != EV_DOC_NO_PRED) continue;
        if (k++) marsadBufPuts(b, ", ");
        putJsonStr(b, ev->docs[i].id);
    }
    marsadBufPuts(b, "],\n  \"skipped_documents\": [");
    k = 0;
    for (size_t i = 0; i < ev->nDocs; i++) {
        const marsadEvalDocResult *d = &ev->docs[i];
        if (d->status != EV_DOC_SKIPPED) continue;
        marsadBufPuts(b, k++ ? ",\n    {\"name\": " : "\n    {\"name\": ");
        putJsonStr(b, d->name);
        marsadBufPuts(b, ", \"reason\": ");
        putJsonStr(b, d->reason);
        marsadBufPutc(b, '}');
    }
    marsadBufPuts(b, k ? "\n  ]" : "]");
    if (verbose) {
        marsadBufPuts(b, ",\n  \"per_document\": [");
        for (size_t i = 0; i < ev->nDocs; i++) {
            marsadBufPuts(b, i ? ",\n" : "\n");
            jsonDoc(b, &ev->docs[i]);
        }
        marsadBufPuts(b, ev->nDocs ? "\n  ]" : "]");
    }
    marsadBufPuts(b, "\n}\n");
}

char *marsad_eval_render(const marsad_eval *ev, marsad_eval_format fmt, int verbose,
                         size_t *len) {
    if (!ev) return NULL;
    marsadBuf b;
    marsadBufInit(&b);
    if (fmt == MARSAD_EVAL_JSON)
        renderJson(&b, ev, verbose);
    else
        renderTable(&b, ev, verbose);
    return marsadBufDetach(&b, len);
}
