/*
 * record.c -- reads a gold file (GUIDELINES.md "Gold file format") or a
 * marsad/1 record (SCHEMA.md) into the scorer's marsadEvalDoc.  Strict about
 * types, so that a broken input is reported instead of silently scored.
 */
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval_internal.h"

typedef struct readCtx {
    const char *name;
    size_t line;
    int isGold;
    marsadArena *a;
    marsad_error *err;
    char path[96]; /* the field being read, for messages */
} readCtx;

static int fail(readCtx *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int fail(readCtx *c, const char *fmt, ...) {
    if (!c->err) return -1;
    char what[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    marsadErrorSet(c->err, MARSAD_ERR_PARSE, c->name, c->line, "%s: %s", c->path, what);
    return -1;
}

static int nomem(readCtx *c) {
    marsadErrorSet(c->err, MARSAD_ERR_NOMEM, c->name, c->line, "out of memory");
    return -1;
}

static const char *dupStr(readCtx *c, const json_t *s) {
    return marsadArenaStrndup(c->a, json_string_value(s), json_string_length(s));
}

/* An optional string: absent or null gives NULL in *out. */
static int optString(readCtx *c, const json_t *obj, const char *key, const char **out) {
    const json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v)) return 0;
    if (!json_is_string(v)) return fail(c, "\"%s\" must be a string or null", key);
    *out = dupStr(c, v);
    return *out ? 0 : nomem(c);
}

/* An offset: a non-negative integer.  Returns 1 when present, 0 when absent
 * or null, -1 on error. */
static int optOffset(readCtx *c, const json_t *obj, const char *key, long *out) {
    const json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v)) return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > LONG_MAX)
        return fail(c, "\"%s\" must be a non-negative integer offset", key);
    *out = (long)json_integer_value(v);
    return 1;
}

/* A span object with start and end (both required when `required`). */
static int readSpan(readCtx *c, const json_t *o, int required, int *has, long *start, long *end) {
    *has = 0;
    int s = optOffset(c, o, "start", start);
    if (s < 0) return -1;
    int e = optOffset(c, o, "end", end);
    if (e < 0) return -1;
    if (s != e) return fail(c, "\"start\" and \"end\" must both be given or both be null");
    if (!s) return required ? fail(c, "\"start\" and \"end\" are required") : 0;
    if (*end < *start) return fail(c, "\"end\" (%ld) is before \"start\" (%ld)", *end, *start);
    *has = 1;
    return 0;
}

static void setPath(readCtx *c, size_t ev, const char *field, long idx) {
    if (idx >= 0)
        snprintf(c->path, sizeof c->path, "events[%zu].%s[%ld]", ev, field, idx);
    else if (field)
        snprintf(c->path, sizeof c->path, "events[%zu].%s", ev, field);
    else
        snprintf(c->path, sizeof c->path, "events[%zu]", ev);
}

/* actor / recipient: codes as strings (gold) or objects with "code"
 * (marsad/1); a null code is no code.  Keeps distinct codes only. */
static int readCodes(readCtx *c, const json_t *ev, size_t ei, const char *key,
                     marsadEvalElem **out, size_t *n) {
    const json_t *arr = json_object_get(ev, key);
    *out = NULL;
    *n = 0;
    setPath(c, ei, key, -1);
    if (!arr || json_is_null(arr)) return 0;
    if (!json_is_array(arr)) return fail(c, "must be a list");
    size_t cap = json_array_size(arr);
    if (!cap) return 0;
    *out = marsadArenaCalloc(c->a, cap * sizeof **out);
    if (!*out) return nomem(c);
    for (size_t i = 0; i < cap; i++) {
        const json_t *x = json_array_get(arr, i);
        marsadEvalElem el = {NULL, 0, NULL, -1, -1};
        setPath(c, ei, key, (long)i);
        const json_t *code = x;
        if (json_is_object(x)) {
            code = json_object_get(x, "code");
            if (!code || json_is_null(code)) continue;
            if (optString(c, x, "text", &el.text)) return -1;
            int has;
            if (readSpan(c, x, 0, &has, &el.start, &el.end)) return -1;
            if (!has) el.start = el.end = -1;
        }
        if (!json_is_string(code))
            return fail(c, "an actor must be a code string or an object with a \"code\"");
        el.code = dupStr(c, code);
        if (!el.code) return nomem(c);
        int dup = 0;
        for (size_t k = 0; k < *n && !dup; k++) dup = strcmp((*out)[k].code, el.code) == 0;
        if (!dup) (*out)[(*n)++] = el;
    }
    return 0;
}

/* quantities: numbers (gold) or objects with "value" and "approx"
 * (marsad/1); approximate ones and null values are left out. */
static int readQuantities(readCtx *c, const json_t *ev, size_t ei, marsadEvalElem **out,
                          size_t *n) {
    const json_t *arr = json_object_get(ev, "quantities");
    *out = NULL;
    *n = 0;
    setPath(c, ei, "quantities", -1);
    if (!arr || json_is_null(arr)) return 0;
    if (!json_is_array(arr)) return fail(c, "must be a list");
    size_t cap = json_array_size(arr);
    if (!cap) return 0;
    *out = marsadArenaCalloc(c->a, cap * sizeof **out);
    if (!*out) return nomem(c);
    for (size_t i = 0; i < cap; i++) {
        const json_t *x = json_array_get(arr, i);
        marsadEvalElem el = {NULL, 0, NULL, -1, -1};
        const json_t *val = x;
        setPath(c, ei, "quantities", (long)i);
        if (json_is_object(x)) {
            const json_t *ap = json_object_get(x, "approx");
            if (ap && !json_is_null(ap) && !json_is_boolean(ap))
                return fail(c, "\"approx\" must be true or false");
            if (json_is_true(ap)) continue;
            val = json_object_get(x, "value");
            if (!val || json_is_null(val)) continue;
            if (optString(c, x, "text", &el.text)) return -1;
            int has;
            if (readSpan(c, x, 0, &has, &el.start, &el.end)) return -1;
            if (!has) el.start = el.end = -1;
        }
        if (!json_is_number(val))
            return fail(c, "a quantity must be a number or an object with a \"value\"");
        el.value = json_number_value(val);
        int dup = 0;
        for (size_t k = 0; k < *n && !dup; k++) dup = (*out)[k].value == el.value;
        if (!dup) (*out)[(*n)++] = el;
    }
    return 0;
}

static int readPlace(readCtx *c, const json_t *ev, size_t ei, const char *key,
                     marsadEvalPlace *p) {
    const json_t *o = json_object_get(ev, key);
    memset(p, 0, sizeof *p);
    p->start = p->end = -1;
    setPath(c, ei, key, -1);
    if (!o || json_is_null(o)) return 0;
    if (!json_is_object(o)) return fail(c, "must be a place object or null");
    p->present = 1;
    if (readSpan(c, o, 0, &p->hasSpan, &p->start, &p->end)) return -1;
    if (!p->hasSpan) p->start = p->end = -1;
    if (optString(c, o, "text", &p->text)) return -1;
    const json_t *lat = json_object_get(o, "lat"), *lon = json_object_get(o, "lon");
    int haveLat = lat && !json_is_null(lat), haveLon = lon && !json_is_null(lon);
    if ((haveLat && !json_is_number(lat)) || (haveLon && !json_is_number(lon)))
        return fail(c, "\"lat\" and \"lon\" must be numbers or null");
    if (haveLat && haveLon) {
        p->hasCoord = 1;
        p->lat = json_number_value(lat);
        p->lon = json_number_value(lon);
        if (p->lat < -90.0 || p->lat > 90.0 || p->lon < -180.0 || p->lon > 180.0)
            return fail(c, "coordinates %g, %g are out of range", p->lat, p->lon);
    }
    return 0;
}

static int readDate(readCtx *c, const json_t *ev, size_t ei, marsadEvalEvent *e) {
    const json_t *o = json_object_get(ev, "date");
    setPath(c, ei, "date", -1);
    if (!o || json_is_null(o)) return 0;
    if (!json_is_object(o)) return fail(c, "must be a date object or null");
    if (optString(c, o, "start", &e->dateStart) || optString(c, o, "end", &e->dateEnd))
        return -1;
    const char *basis;
    if (optString(c, o, "basis", &basis)) return -1;
    /* A record without a basis does not escape the "basis text" rule. */
    e->dateFromText = !basis || strcmp(basis, "text") == 0;
    e->hasDate = e->dateStart || e->dateEnd;
    return 0;
}

static int readCounts(readCtx *c, const json_t *ev, size_t ei, marsadEvalEvent *e) {
    static const char *const keys[EV_NCOUNTS] = {"dead", "injured", "arrested"};
    const json_t *o = json_object_get(ev, "counts");
    setPath(c, ei, "counts", -1);
    if (!o || json_is_null(o)) return 0;
    if (!json_is_object(o)) return fail(c, "must be an object or null");
    for (int k = 0; k < EV_NCOUNTS; k++) {
        const json_t *v = json_object_get(o, keys[k]);
        if (!v || json_is_null(v)) continue;
        if (!json_is_number(v)) return fail(c, "\"%s\" must be a number or null", keys[k]);
        e->hasCount[k] = 1;
        e->count[k] = json_number_value(v);
    }
    return 0;
}

static int readEvent(readCtx *c, const json_t *ev, size_t ei, marsadEvalEvent *e) {
    memset(e, 0, sizeof *e);
    e->start = e->end = -1;
    setPath(c, ei, NULL, -1);
    if (!json_is_object(ev)) return fail(c, "an event must be an object");
    setPath(c, ei, "type", -1);
    const json_t *type = json_object_get(ev, "type");
    if (!json_is_string(type)) return fail(c, "must be a string");
    if (!(e->type = dupStr(c, type))) return nomem(c);

    setPath(c, ei, "trigger", -1);
    const json_t *tr = json_object_get(ev, "trigger");
    if (json_is_object(tr)) {
        if (readSpan(c, tr, 1, &e->hasTrigger, &e->start, &e->end)) return -1;
        if (optString(c, tr, "text", &e->text)) return -1;
    } else if (c->isGold || (tr && !json_is_null(tr))) {
        return fail(c, "must be an object with \"start\" and \"end\"");
    }

    if (c->isGold) {
        setPath(c, ei, "also", -1);
        const json_t *also = json_object_get(ev, "also");
        if (also && !json_is_null(also)) {
            if (!json_is_array(also)) return fail(c, "must be a list");
            size_t n = json_array_size(also);
            e->also = n ? marsadArenaCalloc(c->a, n * sizeof *e->also) : NULL;
            if (n && !e->also) return nomem(c);
            for (size_t i = 0; i < n; i++) {
                const json_t *s = json_array_get(also, i);
                setPath(c, ei, "also", (long)i);
                if (!json_is_object(s)) return fail(c, "must be a span object");
                int has;
                if (readSpan(c, s, 1, &has, &e->also[i].start, &e->also[i].end)) return -1;
            }
            e->nAlso = n;
        }
    }

    if (readCodes(c, ev, ei, "actor", &e->actor, &e->nActor) ||
        readCodes(c, ev, ei, "recipient", &e->recipient, &e->nRecipient) ||
        readQuantities(c, ev, ei, &e->quant, &e->nQuant))
        return -1;
    static const char *const places[EV_NPLACES] = {"location", "origin", "destination"};
    for (int k = 0; k < EV_NPLACES; k++)
        if (readPlace(c, ev, ei, places[k], &e->place[k])) return -1;
    if (readDate(c, ev, ei, e) || readCounts(c, ev, ei, e)) return -1;

    setPath(c, ei, NULL, -1);
    if (optString(c, ev, "modality", &e->modality)) return -1;
    /* source_type: the gold layout has it on the event, marsad/1 under
     * "attribution". */
    const json_t *st = json_object_get(ev, "source_type");
    if (st && !json_is_null(st)) {
        if (optString(c, ev, "source_type", &e->sourceType)) return -1;
    } else {
        const json_t *at = json_object_get(ev, "attribution");
        setPath(c, ei, "attribution", -1);
        if (at && !json_is_null(at)) {
            if (!json_is_object(at)) return fail(c, "must be an object or null");
            if (optString(c, at, "source_type", &e->sourceType)) return -1;
        }
    }
    return 0;
}

static void parseError(marsad_error *err, const char *name, size_t line, const json_error_t *je) {
    if (!err) return;
    /* In a JSON Lines file the record is one line: its line in the file
     * says more than the parser's line 1. */
    marsadErrorSet(err, MARSAD_ERR_PARSE, name, line ? line : (je->line > 0 ? (size_t)je->line : 0),
                   "invalid JSON at column %d: %s", je->column, je->text);
    err->pos = je->position > 0 ? (size_t)je->position : 0;
}

int marsadEvalReadDoc(const char *json, size_t len, int isGold, const char *name, size_t line,
                      marsadArena *a, marsadEvalDoc *out, marsad_error *err) {
    readCtx c = {name, line, isGold, a, err, ""};
    memset(out, 0, sizeof *out);
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        parseError(err, name, line, &je);
        return -1;
    }
    int rc = -1;
    snprintf(c.path, sizeof c.path, "the document");
    if (!json_is_object(root)) {
        fail(&c, "must be a JSON object");
        goto done;
    }
    if (!isGold) {
        const json_t *schema = json_object_get(root, "schema");
        snprintf(c.path, sizeof c.path, "schema");
        if (schema && (!json_is_string(schema) || strcmp(json_string_value(schema), "marsad/1") != 0)) {
            fail(&c, "the record is not \"marsad/1\"");
            goto done;
        }
    }
    const json_t *doc = json_object_get(root, "doc");
    snprintf(c.path, sizeof c.path, "doc");
    if (doc && !json_is_null(doc)) {
        if (!json_is_object(doc)) {
            fail(&c, "must be an object");
            goto done;
        }
        if (optString(&c, doc, "id", &out->id)) goto done;
    }
    const json_t *events = json_object_get(root, "events");
    snprintf(c.path, sizeof c.path, "events");
    if (!json_is_array(events)) {
        fail(&c, "the document needs an \"events\" list");
        goto done;
    }
    out->nEvents = json_array_size(events);
    if (out->nEvents) {
        out->events = marsadArenaCalloc(a, out->nEvents * sizeof *out->events);
        if (!out->events) {
            nomem(&c);
            goto done;
        }
    }
    for (size_t i = 0; i < out->nEvents; i++)
        if (readEvent(&c, json_array_get(events, i), i, &out->events[i])) goto done;
    rc = 0;
done:
    json_decref(root);
    return rc;
}

char *marsad_eval_doc_id(const char *json, size_t len, marsad_error *err) {
    if (!json) {
        marsadErrorSet(err, MARSAD_ERR_ARG, NULL, 0, "no JSON given");
        return NULL;
    }
    json_error_t je;
    json_t *root = json_loadb(json, len, 0, &je);
    if (!root) {
        parseError(err, NULL, 0, &je);
        return NULL;
    }
    const json_t *id = json_object_get(json_object_get(root, "doc"), "id");
    char *out = NULL;
    if (!json_is_string(id)) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, NULL, 0,
                       json_is_object(root) ? "the document has no \"doc\".\"id\" string"
                                            : "the document is not a JSON object");
    } else {
        size_t n = json_string_length(id);
        out = malloc(n + 1);
        if (out) {
            memcpy(out, json_string_value(id), n);
            out[n] = '\0';
        } else {
            marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
        }
    }
    json_decref(root);
    return out;
}
