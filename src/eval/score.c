/*
 * score.c -- the rules of GUIDELINES.md "How a prediction is scored" (1-5)
 * for one document: one-to-one trigger matching, event identification and
 * classification, end-to-end argument counts, attributes and geocoding.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval_internal.h"

const char *marsadEvalSlotName(int slot) {
    static const char *const names[EV_NSLOTS] = {
        "actor",    "recipient", "quantities", "location", "origin",
        "destination", "date",   "dead",       "injured",  "arrested"};
    return slot >= 0 && slot < EV_NSLOTS ? names[slot] : "?";
}

double marsadEvalHaversineKm(double lat1, double lon1, double lat2, double lon2) {
    const double r = 6371.0088, rad = 3.14159265358979323846 / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    if (a > 1.0) a = 1.0;
    return 2.0 * r * asin(sqrt(a));
}

static long overlap(long s1, long e1, long s2, long e2) {
    long s = s1 > s2 ? s1 : s2, e = e1 < e2 ? e1 : e2;
    return e > s ? e - s : 0;
}

/* ---- notes ---- */

static const char *keep(marsadEvalNotes *n, const char *s) {
    if (!s) return NULL;
    char *p = marsadArenaStrndup(n->arena, s, strlen(s));
    if (!p) n->failed = 1;
    return p;
}

/* Adds a note about `slot` of event `ev` (the gold one when there is one;
 * never NULL in practice, tolerated all the same). */
static void note(marsadEvalNotes *n, marsadEvalNoteKind kind, const char *slot, const char *value,
                 long start, long end, const char *detail, const marsadEvalEvent *ev) {
    if (!n || n->failed) return;
    if (n->n == n->cap) {
        size_t cap = n->cap ? n->cap * 2 : 16;
        marsadEvalNote *v = realloc(n->v, cap * sizeof *v);
        if (!v) {
            n->failed = 1;
            return;
        }
        n->v = v;
        n->cap = cap;
    }
    marsadEvalNote *x = &n->v[n->n];
    x->kind = kind;
    x->slot = slot;
    x->value = keep(n, value ? value : "");
    x->start = start;
    x->end = end;
    x->detail = keep(n, detail);
    x->evType = keep(n, ev ? ev->type : "");
    x->evText = keep(n, ev && ev->text ? ev->text : "");
    x->evStart = ev && ev->hasTrigger ? ev->start : -1;
    x->evEnd = ev && ev->hasTrigger ? ev->end : -1;
    if (!n->failed) n->n++;
}

static void fmtNum(char *buf, size_t size, double v) { snprintf(buf, size, "%.15g", v); }

static const char *orNone(const char *s) { return s ? s : "(none)"; }

/* ---- rule 3: arguments ---- */

/* actor, recipient (codes) or quantities (numbers) as sets. */
static void scoreSet(int slot, const marsadEvalElem *g, size_t ng, const marsadEvalElem *p,
                     size_t np, int numeric, marsadEvalCount *c, marsadEvalNotes *notes,
                     const marsadEvalEvent *gev, const marsadEvalEvent *pev) {
    const char *name = marsadEvalSlotName(slot);
    char num[40];
    for (size_t i = 0; i < ng; i++) {
        int found = 0;
        for (size_t k = 0; k < np && !found; k++)
            found = numeric ? g[i].value == p[k].value : strcmp(g[i].code, p[k].code) == 0;
        if (found) {
            c->tp++;
            continue;
        }
        c->fn++;
        if (numeric) fmtNum(num, sizeof num, g[i].value);
        note(notes, EV_NOTE_MISSED, name, numeric ? num : g[i].code, g[i].start, g[i].end, NULL,
             gev);
    }
    for (size_t k = 0; k < np; k++) {
        int found = 0;
        for (size_t i = 0; i < ng && !found; i++)
            found = numeric ? g[i].value == p[k].value : strcmp(g[i].code, p[k].code) == 0;
        if (found) continue;
        c->fp++;
        if (numeric) fmtNum(num, sizeof num, p[k].value);
        note(notes, EV_NOTE_SPURIOUS, name, numeric ? num : p[k].code, p[k].start, p[k].end,
             p[k].text, gev ? gev : pev);
    }
}

/* location, origin, destination: right when the spans overlap; geocoding
 * (rule 5) for right ones whose gold place has coordinates. */
static void scorePlace(int slot, const marsadEvalPlace *g, const marsadEvalPlace *p,
                       marsadEvalTally *t, marsadEvalNotes *notes, const marsadEvalEvent *gev,
                       const marsadEvalEvent *pev) {
    const char *name = marsadEvalSlotName(slot);
    marsadEvalCount *c = &t->slot[slot];
    int gp = g && g->present, pp = p && p->present;
    if (gp && pp && g->hasSpan && p->hasSpan && overlap(g->start, g->end, p->start, p->end) > 0) {
        c->tp++;
        if (!g->hasCoord) return;
        t->geoTotal++;
        char why[96];
        if (!p->hasCoord) {
            snprintf(why, sizeof why, "no coordinates predicted");
        } else {
            double d = marsadEvalHaversineKm(g->lat, g->lon, p->lat, p->lon);
            if (d <= 10.0) t->geo10++;
            if (d <= 161.0) t->geo161++;
            if (d <= 10.0) return;
            snprintf(why, sizeof why, "predicted %.6g, %.6g is %.1f km from gold %.6g, %.6g",
                     p->lat, p->lon, d, g->lat, g->lon);
        }
        note(notes, EV_NOTE_GEO, name, g->text, g->start, g->end, why, gev);
        return;
    }
    if (gp) {
        c->fn++;
        note(notes, EV_NOTE_MISSED, name, g->text, g->start, g->end,
             pp ? "the predicted place does not overlap" : NULL, gev);
    }
    if (pp) {
        c->fp++;
        note(notes, EV_NOTE_SPURIOUS, name, p->text, p->start, p->end,
             gp ? "does not overlap the gold place" : NULL, gev ? gev : pev);
    }
}

static int sameDay(const char *a, const char *b) {
    if (!a || !b) return a == b;
    size_t la = strlen(a), lb = strlen(b);
    if (la >= 10 && lb >= 10) return memcmp(a, b, 10) == 0;
    return strcmp(a, b) == 0;
}

/* date: only events with a gold date are scored. */
static void scoreDate(const marsadEvalEvent *g, const marsadEvalEvent *p, marsadEvalCount *c,
                      marsadEvalNotes *notes) {
    if (!g || !g->hasDate) return;
    int ph = p && p->hasDate;
    if (ph && sameDay(g->dateStart, p->dateStart) && sameDay(g->dateEnd, p->dateEnd)) {
        c->tp++;
        return;
    }
    char gv[80], pv[80];
    snprintf(gv, sizeof gv, "%s..%s", orNone(g->dateStart), orNone(g->dateEnd));
    if (ph) snprintf(pv, sizeof pv, "%s..%s", orNone(p->dateStart), orNone(p->dateEnd));
    c->fn++;
    if (!ph) {
        note(notes, EV_NOTE_MISSED, "date", gv, -1, -1, p ? "no date predicted" : NULL, g);
        return;
    }
    char why[128];
    snprintf(why, sizeof why, "predicted %s, %s", pv,
             p->dateFromText ? "basis text" : "basis not text: not a false positive");
    note(notes, EV_NOTE_MISSED, "date", gv, -1, -1, why, g);
    if (p->dateFromText) {
        c->fp++;
        snprintf(why, sizeof why, "gold %s", gv);
        note(notes, EV_NOTE_SPURIOUS, "date", pv, -1, -1, why, g);
    }
}

/* dead, injured, arrested: values. */
static void scoreCounts(const marsadEvalEvent *g, const marsadEvalEvent *p, marsadEvalTally *t,
                        marsadEvalNotes *notes) {
    for (int k = 0; k < EV_NCOUNTS; k++) {
        int slot = EV_FIRST_COUNT + k;
        marsadEvalCount *c = &t->slot[slot];
        int gh = g && g->hasCount[k], ph = p && p->hasCount[k];
        if (gh && ph && g->count[k] == p->count[k]) {
            c->tp++;
            continue;
        }
        char gv[40], pv[40], why[64];
        if (gh) fmtNum(gv, sizeof gv, g->count[k]);
        if (ph) fmtNum(pv, sizeof pv, p->count[k]);
        if (gh) {
            c->fn++;
            if (ph) snprintf(why, sizeof why, "predicted %s", pv);
            note(notes, EV_NOTE_MISSED, marsadEvalSlotName(slot), gv, -1, -1, ph ? why : NULL, g);
        }
        if (ph) {
            c->fp++;
            if (gh) snprintf(why, sizeof why, "gold %s", gv);
            note(notes, EV_NOTE_SPURIOUS, marsadEvalSlotName(slot), pv, -1, -1, gh ? why : NULL,
                 g ? g : p);
        }
    }
}

/* All argument slots of a matched pair, an unmatched gold event (p NULL)
 * or an unmatched prediction (g NULL). */
static void scoreArguments(const marsadEvalEvent *g, const marsadEvalEvent *p, marsadEvalTally *t,
                           marsadEvalNotes *notes) {
    static const marsadEvalEvent none;
    const marsadEvalEvent *gg = g ? g : &none, *pp = p ? p : &none;
    scoreSet(EV_ACTOR, gg->actor, gg->nActor, pp->actor, pp->nActor, 0, &t->slot[EV_ACTOR], notes,
             g, p);
    scoreSet(EV_RECIPIENT, gg->recipient, gg->nRecipient, pp->recipient, pp->nRecipient, 0,
             &t->slot[EV_RECIPIENT], notes, g, p);
    scoreSet(EV_QUANTITIES, gg->quant, gg->nQuant, pp->quant, pp->nQuant, 1,
             &t->slot[EV_QUANTITIES], notes, g, p);
    for (int k = 0; k < EV_NPLACES; k++)
        scorePlace(EV_FIRST_PLACE + k, g ? &g->place[k] : NULL, p ? &p->place[k] : NULL, t,
                   notes, g, p);
    scoreDate(g, p, &t->slot[EV_DATE], notes);
    scoreCounts(g, p, t, notes);
}

/* ---- rule 1: matching ---- */

typedef struct candidate {
    size_t p, g;
    long ov;     /* largest overlap with the gold trigger or an `also` span */
    long trigOv; /* overlap with the gold trigger itself */
    long pStart;
} candidate;

static int byOverlap(const void *a, const void *b) {
    const candidate *x = a, *y = b;
    if (x->ov != y->ov) return x->ov > y->ov ? -1 : 1;
    /* GUIDELINES: ties go to the earlier predicted trigger. */
    if (x->pStart != y->pStart) return x->pStart < y->pStart ? -1 : 1;
    if (x->p != y->p) return x->p < y->p ? -1 : 1;
    /* Not in GUIDELINES (docs/eval.md): one prediction tied between two
     * gold events goes to the one whose own trigger it overlaps more, then
     * to the earlier one in the gold file. */
    if (x->trigOv != y->trigOv) return x->trigOv > y->trigOv ? -1 : 1;
    return x->g < y->g ? -1 : (x->g > y->g);
}

static long eventOverlap(const marsadEvalEvent *p, const marsadEvalEvent *g, long *trigOv) {
    *trigOv = 0;
    if (!p->hasTrigger || !g->hasTrigger) return 0;
    long best = overlap(p->start, p->end, g->start, g->end);
    *trigOv = best;
    for (size_t i = 0; i < g->nAlso; i++) {
        long o = overlap(p->start, p->end, g->also[i].start, g->also[i].end);
        if (o > best) best = o;
    }
    return best;
}

/* Fills matchP[p] with the gold index (or SIZE_MAX) and matchG likewise. */
static int matchEvents(const marsadEvalDoc *gold, const marsadEvalDoc *pred, size_t *matchP,
                       size_t *matchG) {
    size_t ng = gold->nEvents, np = pred ? pred->nEvents : 0;
    for (size_t g = 0; g < ng; g++) matchG[g] = SIZE_MAX;
    for (size_t p = 0; p < np; p++) matchP[p] = SIZE_MAX;
    if (!ng || !np) return 0;
    if (np > SIZE_MAX / ng / sizeof(candidate)) return -1;
    candidate *cand = malloc(np * ng * sizeof *cand);
    if (!cand) return -1;
    size_t nc = 0;
    for (size_t p = 0; p < np; p++)
        for (size_t g = 0; g < ng; g++) {
            long trigOv;
            long ov = eventOverlap(&pred->events[p], &gold->events[g], &trigOv);
            if (ov > 0) cand[nc++] = (candidate){p, g, ov, trigOv, pred->events[p].start};
        }
    qsort(cand, nc, sizeof *cand, byOverlap);
    for (size_t i = 0; i < nc; i++)
        if (matchP[cand[i].p] == SIZE_MAX && matchG[cand[i].g] == SIZE_MAX) {
            matchP[cand[i].p] = cand[i].g;
            matchG[cand[i].g] = cand[i].p;
        }
    free(cand);
    return 0;
}

/* ---- one document ---- */

typedef struct unit {
    long start;
    size_t index;
    int isPred; /* an unmatched prediction; else a gold event */
} unit;

static int byStart(const void *a, const void *b) {
    const unit *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->isPred != y->isPred) return x->isPred - y->isPred;
    return x->index < y->index ? -1 : (x->index > y->index);
}

static void sameText(const marsadEvalEvent *g, char *buf, size_t size) {
    snprintf(buf, size, "a second prediction of the gold event «%s» %ld-%ld, already matched",
             g->text ? g->text : "", g->start, g->end);
}

void marsadEvalTallyAdd(marsadEvalTally *to, const marsadEvalTally *from) {
    to->nGold += from->nGold;
    to->nPred += from->nPred;
    to->ident.tp += from->ident.tp;
    to->ident.fp += from->ident.fp;
    to->ident.fn += from->ident.fn;
    to->cls.tp += from->cls.tp;
    to->cls.fp += from->cls.fp;
    to->cls.fn += from->cls.fn;
    for (int k = 0; k < EV_NSLOTS; k++) {
        to->slot[k].tp += from->slot[k].tp;
        to->slot[k].fp += from->slot[k].fp;
        to->slot[k].fn += from->slot[k].fn;
    }
    to->pairs += from->pairs;
    to->modalityRight += from->modalityRight;
    to->sourceRight += from->sourceRight;
    to->geoTotal += from->geoTotal;
    to->geo10 += from->geo10;
    to->geo161 += from->geo161;
}

static int eq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

int marsadEvalScore(const marsadEvalDoc *gold, const marsadEvalDoc *pred, marsadEvalTally *t,
                    marsadEvalTypeAdder addType, void *typeCtx, marsadEvalNotes *notes) {
    static const marsadEvalDoc noPrediction;
    if (!pred) pred = &noPrediction;
    size_t ng = gold->nEvents, np = pred->nEvents;
    size_t *matchG = malloc((ng + 1) * sizeof *matchG);
    size_t *matchP = malloc((np + 1) * sizeof *matchP);
    unit *units = malloc((ng + np + 1) * sizeof *units);
    int rc = -1;
    if (!matchG || !matchP || !units || matchEvents(gold, pred, matchP, matchG)) goto done;

    /* rule 2: identification and classification, and the per-type rows */
    t->nGold += ng;
    t->nPred += np;
    size_t matched = 0, sameType = 0;
    for (size_t g = 0; g < ng; g++) {
        if (matchG[g] == SIZE_MAX) continue;
        matched++;
        if (strcmp(gold->events[g].type, pred->events[matchG[g]].type) == 0) sameType++;
    }
    t->ident.tp += matched;
    t->ident.fp += np - matched;
    t->ident.fn += ng - matched;
    t->cls.tp += sameType;
    t->cls.fp += np - sameType;
    t->cls.fn += ng - sameType;
    if (addType) {
        for (size_t g = 0; g < ng; g++) {
            const marsadEvalEvent *ge = &gold->events[g];
            size_t p = matchG[g];
            int right = p != SIZE_MAX && strcmp(ge->type, pred->events[p].type) == 0;
            if (addType(typeCtx, ge->type, right, 0, !right)) goto done;
        }
        for (size_t p = 0; p < np; p++) {
            const marsadEvalEvent *pe = &pred->events[p];
            size_t g = matchP[p];
            int right = g != SIZE_MAX && strcmp(gold->events[g].type, pe->type) == 0;
            if (!right && addType(typeCtx, pe->type, 0, 1, 0)) goto done;
        }
    }

    /* rules 3-5, event by event in text order so that notes read in order */
    size_t nu = 0;
    for (size_t g = 0; g < ng; g++) units[nu++] = (unit){gold->events[g].start, g, 0};
    for (size_t p = 0; p < np; p++)
        if (matchP[p] == SIZE_MAX) units[nu++] = (unit){pred->events[p].start, p, 1};
    qsort(units, nu, sizeof *units, byStart);
    for (size_t u = 0; u < nu; u++) {
        if (units[u].isPred) {
            const marsadEvalEvent *pe = &pred->events[units[u].index];
            char why[300];
            const char *detail = NULL;
            for (size_t g = 0; g < ng && !detail; g++) {
                long trigOv;
                if (eventOverlap(pe, &gold->events[g], &trigOv) > 0) {
                    sameText(&gold->events[g], why, sizeof why);
                    detail = why;
                }
            }
            note(notes, EV_NOTE_SPURIOUS, "event", pe->type, pe->hasTrigger ? pe->start : -1,
                 pe->hasTrigger ? pe->end : -1, detail, pe);
            scoreArguments(NULL, pe, t, notes);
            continue;
        }
        const marsadEvalEvent *ge = &gold->events[units[u].index];
        size_t p = matchG[units[u].index];
        if (p == SIZE_MAX) {
            note(notes, EV_NOTE_MISSED, "event", ge->type, ge->start, ge->end, NULL, ge);
            scoreArguments(ge, NULL, t, notes);
            continue;
        }
        const marsadEvalEvent *pe = &pred->events[p];
        if (strcmp(ge->type, pe->type) != 0) {
            note(notes, EV_NOTE_TYPE, "event", pe->type, pe->start, pe->end, NULL, ge);
        }
        scoreArguments(ge, pe, t, notes);
        t->pairs++;
        char why[96];
        if (eq(ge->modality, pe->modality)) {
            t->modalityRight++;
        } else {
            snprintf(why, sizeof why, "gold %s", orNone(ge->modality));
            note(notes, EV_NOTE_MODALITY, "modality", orNone(pe->modality), -1, -1, why, ge);
        }
        if (eq(ge->sourceType, pe->sourceType)) {
            t->sourceRight++;
        } else {
            snprintf(why, sizeof why, "gold %s", orNone(ge->sourceType));
            note(notes, EV_NOTE_SOURCE, "source_type", orNone(pe->sourceType), -1, -1, why, ge);
        }
    }
    rc = notes && notes->failed ? -1 : 0;
done:
    free(matchG);
    free(matchP);
    free(units);
    return rc;
}
