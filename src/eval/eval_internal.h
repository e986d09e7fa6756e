/*
 * eval_internal.h -- private: the scorer's view of a document (gold or
 * predicted, read from JSON by record.c), the counts it keeps, and the notes
 * it writes for --verbose.  score.c holds the rules of GUIDELINES.md.
 */
#ifndef MARSAD_EVAL_INTERNAL_H
#define MARSAD_EVAL_INTERNAL_H

#include <math.h>
#include <stddef.h>

#include "../util/util.h"

/* NaN as a double (NAN is a float). */
#define EV_NAN ((double)NAN)

/* Argument slots, in report order; the three counts last. */
enum {
    EV_ACTOR = 0,
    EV_RECIPIENT,
    EV_QUANTITIES,
    EV_LOCATION,
    EV_ORIGIN,
    EV_DESTINATION,
    EV_DATE,
    EV_DEAD,
    EV_INJURED,
    EV_ARRESTED,
    EV_NSLOTS
};
#define EV_FIRST_PLACE EV_LOCATION
#define EV_NPLACES 3
#define EV_FIRST_COUNT EV_DEAD
#define EV_NCOUNTS 3

/* The slot's name in reports ("actor", "dead", ...). */
const char *marsadEvalSlotName(int slot);

/* An actor code or a quantity: the value compared, the text shown. */
typedef struct marsadEvalElem {
    const char *code; /* actor and recipient */
    double value;     /* quantities */
    const char *text; /* the prediction's evidence, or NULL */
    long start, end;  /* its span, -1 when unknown */
} marsadEvalElem;

typedef struct marsadEvalPlace {
    int present;  /* the slot holds a place object */
    int hasSpan;  /* start and end are given */
    int hasCoord; /* lat and lon are given */
    long start, end;
    const char *text; /* may be NULL */
    double lat, lon;
} marsadEvalPlace;

typedef struct marsadEvalSpan {
    long start, end;
} marsadEvalSpan;

typedef struct marsadEvalEvent {
    const char *type; /* "" when absent */
    int hasTrigger;
    long start, end; /* the trigger */
    const char *text;
    marsadEvalSpan *also; /* gold only: the other mentions */
    size_t nAlso;
    marsadEvalElem *actor, *recipient, *quant; /* distinct values only */
    size_t nActor, nRecipient, nQuant;
    marsadEvalPlace place[EV_NPLACES];
    int hasDate;
    const char *dateStart, *dateEnd; /* may be NULL */
    int dateFromText;                /* basis "text" (or no basis given) */
    int hasCount[EV_NCOUNTS];
    double count[EV_NCOUNTS];
    const char *modality, *sourceType; /* NULL when absent */
} marsadEvalEvent;

typedef struct marsadEvalDoc {
    const char *id; /* doc.id, NULL when absent */
    marsadEvalEvent *events;
    size_t nEvents;
} marsadEvalDoc;

/* Reads a gold file (isGold) or a marsad/1 record into `out`, all of it
 * allocated in `a`.  On failure returns -1 with err filled: file = name,
 * line = `line` when not 0 (a JSON Lines record) else the parser's line. */
int marsadEvalReadDoc(const char *json, size_t len, int isGold, const char *name, size_t line,
                      marsadArena *a, marsadEvalDoc *out, marsad_error *err);

/* ---- counts ---- */
typedef struct marsadEvalCount {
    size_t tp, fp, fn;
} marsadEvalCount;

typedef struct marsadEvalTally {
    size_t nGold, nPred;
    marsadEvalCount ident, cls;
    marsadEvalCount slot[EV_NSLOTS];
    size_t pairs, modalityRight, sourceRight;
    size_t geoTotal, geo10, geo161;
} marsadEvalTally;

void marsadEvalTallyAdd(marsadEvalTally *to, const marsadEvalTally *from);

/* Per-type counts over all documents. */
typedef struct marsadEvalTypeRow {
    const char *type;
    marsadEvalCount c;
} marsadEvalTypeRow;

/* ---- notes: what --verbose lists ---- */
typedef enum marsadEvalNoteKind {
    EV_NOTE_MISSED = 0, /* a gold event or element not predicted */
    EV_NOTE_SPURIOUS,   /* a predicted event or element not in gold */
    EV_NOTE_TYPE,       /* a matched pair of different types */
    EV_NOTE_MODALITY,   /* a matched pair of different modality */
    EV_NOTE_SOURCE,     /* ... of different source_type */
    EV_NOTE_GEO         /* a matched place farther than 10 km from gold */
} marsadEvalNoteKind;

typedef struct marsadEvalNote {
    marsadEvalNoteKind kind;
    const char *slot;   /* "event", "actor", "location", ... */
    const char *value;  /* the element: code, number, place text, dates */
    long start, end;    /* its span, -1 when none */
    const char *detail; /* NULL or a remark ("gold 16", "predicted 3.2 km away") */
    /* the event it belongs to (the gold one when there is one) */
    const char *evType, *evText;
    long evStart, evEnd;
} marsadEvalNote;

typedef struct marsadEvalNotes {
    marsadEvalNote *v;
    size_t n, cap;
    marsadArena *arena; /* note strings are copied here */
    int failed;         /* an allocation failed */
} marsadEvalNotes;

/* Scores one document; `pred` NULL means no prediction.  Adds to *t (zero
 * it first), to the per-type rows through addType (which returns -1 when
 * memory runs out), and appends notes to *notes when it is not NULL.
 * Returns 0, or -1 when memory runs out. */
typedef int (*marsadEvalTypeAdder)(void *ctx, const char *type, size_t tp, size_t fp, size_t fn);
int marsadEvalScore(const marsadEvalDoc *gold, const marsadEvalDoc *pred, marsadEvalTally *t,
                    marsadEvalTypeAdder addType, void *typeCtx, marsadEvalNotes *notes);

/* Great-circle distance in km between two points in degrees (haversine,
 * mean Earth radius 6371.0088 km). */
double marsadEvalHaversineKm(double lat1, double lon1, double lat2, double lon2);

/* Figures from counts; NaN when undefined (see marsad_eval_prf). */
void marsadEvalPrf(const marsadEvalCount *c, marsad_eval_prf *out);

/* The count of a public figure in a tally. */
marsadEvalCount marsadEvalFigure(const marsadEvalTally *t, marsad_eval_figure fig);

/* ---- the accumulator ---- */
typedef enum marsadEvalDocStatus {
    EV_DOC_SCORED = 0,
    EV_DOC_NO_PRED, /* scored, with no prediction: all misses */
    EV_DOC_SKIPPED  /* malformed or unreadable: not scored */
} marsadEvalDocStatus;

typedef struct marsadEvalDocResult {
    const char *id;     /* gold doc.id, or the name when it has none */
    const char *name;   /* the gold file as the caller named it */
    const char *reason; /* skipped: why */
    marsadEvalDocStatus status;
    marsadEvalTally tally;
    marsadEvalNote *notes;
    size_t nNotes;
} marsadEvalDocResult;

struct marsad_eval {
    marsadArena arena; /* names, reasons, notes and their strings */
    marsadEvalDocResult *docs;
    size_t nDocs, capDocs;
    marsadEvalTypeRow *types;
    size_t nTypes, capTypes;
    marsadEvalTally total;
};

/* ---- the NER scorer's result ---- */
typedef struct marsadEvalNerLabel {
    char *name;
    marsadEvalCount c;
} marsadEvalNerLabel;

struct marsad_eval_ner {
    marsadEvalNerLabel *labels; /* sorted by name */
    size_t nLabels;
    marsadEvalCount micro;
    size_t tokens, sentences, badTags;
};

/* ---- rendering helpers shared by report.c and ner.c ---- */
/* Appends "0.857" or "-" (NaN) right-aligned in `width`. */
void marsadEvalPutFixed(marsadBuf *b, double v, int width);
/* Appends a JSON number, or null for NaN. */
void marsadEvalPutJsonNum(marsadBuf *b, double v);
/* Appends {"tp":..,"fp":..,"fn":..,"precision":..,"recall":..,"f1":..}. */
void marsadEvalPutJsonPrf(marsadBuf *b, const marsadEvalCount *c);

#endif
