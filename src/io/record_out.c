/*
 * record_out.c -- writes a document's marsad/1 record (design/SCHEMA.md) as
 * one JSON line or indented, and a readable table of its events for people.
 */
#include <string.h>

#include "../extract/extract.h"
#include "export.h"
#include "json.h"

typedef struct w {
    marsadBuf *b;
    int pretty, depth, first;
} w;

static void nl(w *x) {
    if (!x->pretty) return;
    marsadBufPutc(x->b, '\n');
    for (int i = 0; i < x->depth; i++) marsadBufPuts(x->b, "  ");
}

static void open_(w *x, char c) {
    marsadBufPutc(x->b, c);
    x->depth++;
    x->first = 1;
}

static void close_(w *x, char c) {
    x->depth--;
    if (!x->first) nl(x);
    marsadBufPutc(x->b, c);
    x->first = 0;
}

static void key(w *x, const char *k) {
    if (!x->first) marsadBufPutc(x->b, ',');
    nl(x);
    x->first = 0;
    if (k) {
        marsadJsonStr(x->b, k, strlen(k));
        marsadBufPuts(x->b, x->pretty ? ": " : ":");
    }
}

static void str(w *x, const char *k, const char *v) {
    key(x, k);
    if (v) marsadJsonStr(x->b, v, strlen(v));
    else marsadBufPuts(x->b, "null");
}

static void num(w *x, const char *k, double v) {
    key(x, k);
    marsadJsonNum(x->b, v);
}

static void unum(w *x, const char *k, size_t v) {
    key(x, k);
    marsadBufPrintf(x->b, "%zu", v);
}

static void null_(w *x, const char *k) {
    key(x, k);
    marsadBufPuts(x->b, "null");
}

static void place(w *x, const char *k, const marsad_mention *m) {
    if (!m) {
        null_(x, k);
        return;
    }
    key(x, k);
    int saved = x->pretty;
    x->pretty = 0; /* place objects on one line even when pretty */
    open_(x, '{');
    const marsad_place *p = &m->place;
    int r = m->resolved;
    str(x, "place_id", r ? p->place_id : NULL);
    if (r && p->geonameid) unum(x, "geonameid", p->geonameid);
    else null_(x, "geonameid");
    str(x, "name", r ? p->name : NULL);
    str(x, "text", m->text);
    unum(x, "start", m->start);
    unum(x, "end", m->end);
    if (r && p->has_coords) {
        num(x, "lat", p->lat);
        num(x, "lon", p->lon);
    } else {
        null_(x, "lat");
        null_(x, "lon");
    }
    str(x, "country", r ? p->country : NULL);
    str(x, "admin1", r ? p->admin1 : NULL);
    str(x, "feature", r ? p->feature : NULL);
    if (r && p->resolution) unum(x, "resolution", (size_t)p->resolution);
    else null_(x, "resolution");
    str(x, "relation", m->relation);
    close_(x, '}');
    x->pretty = saved;
}

static void actors(w *x, const char *k, const marsad_mention *const *a, size_t n) {
    key(x, k);
    open_(x, '[');
    for (size_t i = 0; i < n; i++) {
        key(x, NULL);
        int saved = x->pretty;
        x->pretty = 0;
        open_(x, '{');
        str(x, "code", a[i]->actor.code);
        str(x, "name", a[i]->actor.name);
        str(x, "country", a[i]->actor.country);
        str(x, "sector", a[i]->actor.sector);
        str(x, "text", a[i]->text);
        unum(x, "start", a[i]->start);
        unum(x, "end", a[i]->end);
        close_(x, '}');
        x->pretty = saved;
    }
    close_(x, ']');
}

static void span(w *x, const char *k, const marsad_span *s) {
    key(x, k);
    int saved = x->pretty;
    x->pretty = 0;
    open_(x, '{');
    unum(x, "start", s->start);
    unum(x, "end", s->end);
    str(x, "text", s->text);
    close_(x, '}');
    x->pretty = saved;
}

static void count(w *x, const char *k, long v) {
    if (v >= 0) num(x, k, (double)v);
    else null_(x, k);
}

static void event(w *x, const marsad_doc *d, const marsad_event *e) {
    key(x, NULL);
    open_(x, '{');
    str(x, "id", e->id);
    str(x, "type", e->type);
    key(x, "plover");
    open_(x, '{');
    str(x, "event", e->plover_event);
    str(x, "mode", e->plover_mode);
    key(x, "context");
    marsadBufPutc(x->b, '[');
    const char *c = e->plover_context ? e->plover_context : "";
    int firstc = 1;
    while (*c) {
        size_t n = strcspn(c, "|");
        if (!firstc) marsadBufPutc(x->b, ',');
        marsadJsonStr(x->b, c, n);
        firstc = 0;
        c += n + (c[n] == '|');
    }
    marsadBufPutc(x->b, ']');
    close_(x, '}');
    key(x, "acled");
    open_(x, '{');
    str(x, "event_type", e->acled_event_type);
    str(x, "sub_event_type", e->acled_sub_event_type);
    close_(x, '}');
    str(x, "cameo", e->cameo);
    span(x, "trigger", &e->trigger);
    key(x, "also");
    open_(x, '[');
    for (size_t i = 0; i < e->n_also; i++) span(x, NULL, &e->also[i]);
    close_(x, ']');
    const marsad_sentence *s = marsad_text_sentence(d->text, e->sentence);
    key(x, "sentence");
    marsadBufPrintf(x->b, "{\"index\":%zu,\"start\":%zu,\"end\":%zu}", e->sentence,
                    s ? s->start : 0, s ? s->end : 0);
    actors(x, "actor", e->actor, e->n_actor);
    actors(x, "recipient", e->recipient, e->n_recipient);
    place(x, "location", e->location);
    place(x, "origin", e->origin);
    place(x, "destination", e->destination);
    key(x, "date");
    int saved = x->pretty;
    x->pretty = 0;
    open_(x, '{');
    str(x, "start", e->date.start);
    str(x, "end", e->date.end);
    str(x, "precision", e->date.precision);
    str(x, "text", e->date.span.text);
    if (e->date.span.text) {
        unum(x, "text_start", e->date.span.start);
        unum(x, "text_end", e->date.span.end);
    }
    str(x, "basis", e->date.basis);
    close_(x, '}');
    x->pretty = saved;
    key(x, "quantities");
    open_(x, '[');
    for (size_t i = 0; i < e->n_quantities; i++) {
        const marsad_quantity *q = &e->quantities[i];
        key(x, NULL);
        x->pretty = 0;
        open_(x, '{');
        num(x, "value", q->value);
        key(x, "approx");
        marsadBufPuts(x->b, q->approx ? "true" : "false");
        str(x, "unit", q->unit);
        str(x, "text", q->span.text);
        unum(x, "start", q->span.start);
        unum(x, "end", q->span.end);
        close_(x, '}');
        x->pretty = saved;
    }
    close_(x, ']');
    key(x, "counts");
    x->pretty = 0;
    open_(x, '{');
    count(x, "dead", e->dead);
    count(x, "injured", e->injured);
    count(x, "arrested", e->arrested);
    close_(x, '}');
    x->pretty = saved;
    str(x, "modality", e->modality);
    key(x, "attribution");
    x->pretty = 0;
    open_(x, '{');
    const marsad_attribution *a = &e->attribution;
    str(x, "source", a->source);
    str(x, "source_type", a->source_type);
    str(x, "entity", a->entity);
    str(x, "verb", a->verb);
    str(x, "stance", a->stance);
    if (a->source) {
        unum(x, "start", a->start);
        unum(x, "end", a->end);
    } else {
        null_(x, "start");
        null_(x, "end");
    }
    str(x, "via", a->via);
    close_(x, '}');
    x->pretty = saved;
    num(x, "confidence", e->confidence);
    close_(x, '}');
}

static void record(marsadBuf *b, const marsad_doc *d, int pretty) {
    w x = {b, pretty, 0, 1};
    open_(&x, '{');
    str(&x, "schema", "marsad/1");
    key(&x, "marsad");
    marsadBufPuts(b, "{\"version\":");
    marsadJsonStr(b, MARSAD_VERSION, strlen(MARSAD_VERSION));
    marsadBufPuts(b, ",\"kb\":");
    marsadJsonStr(b, d->kb->version, strlen(d->kb->version));
    marsadBufPutc(b, '}');
    key(&x, "doc");
    int saved = x.pretty;
    x.pretty = 0;
    open_(&x, '{');
    str(&x, "id", d->in.id);
    str(&x, "title", d->in.title);
    str(&x, "outlet", d->in.outlet);
    str(&x, "url", d->in.url);
    str(&x, "published", d->in.published);
    str(&x, "language", "ar");
    unum(&x, "chars", d->text->chars);
    if (d->focus[0]) str(&x, "focus_country", d->focus);
    close_(&x, '}');
    x.pretty = saved;
    key(&x, "mentions");
    open_(&x, '[');
    for (size_t i = 0; i < d->n_mentions; i++) {
        const marsad_mention *m = &d->mentions[i];
        key(&x, NULL);
        x.pretty = 0;
        open_(&x, '{');
        unum(&x, "start", m->start);
        unum(&x, "end", m->end);
        str(&x, "text", m->text);
        str(&x, "label", m->label ? m->label : m->kind == MARSAD_MENTION_PLACE ? "LOC" : "ORG");
        key(&x, "ref");
        if (m->resolved && m->kind == MARSAD_MENTION_PLACE && m->place.place_id) {
            marsadBuf ref;
            marsadBufInit(&ref);
            marsadBufPrintf(&ref, "place:%s", m->place.place_id);
            marsadJsonStr(b, ref.data ? ref.data : "", ref.len);
            marsadBufFree(&ref);
        } else if (m->resolved && m->kind == MARSAD_MENTION_ACTOR && m->actor.code) {
            marsadBuf ref;
            marsadBufInit(&ref);
            marsadBufPrintf(&ref, "actor:%s", m->actor.code);
            marsadJsonStr(b, ref.data ? ref.data : "", ref.len);
            marsadBufFree(&ref);
        } else {
            marsadBufPuts(b, "null");
        }
        close_(&x, '}');
        x.pretty = saved;
    }
    close_(&x, ']');
    key(&x, "events");
    open_(&x, '[');
    for (size_t i = 0; i < marsad_doc_event_count(d); i++) event(&x, d, marsad_doc_event(d, i));
    close_(&x, ']');
    key(&x, "framing");
    open_(&x, '[');
    for (size_t i = 0; i < marsad_doc_framing_count(d); i++) {
        const marsad_framing *f = marsad_doc_framing(d, i);
        key(&x, NULL);
        x.pretty = 0;
        open_(&x, '{');
        unum(&x, "start", f->start);
        unum(&x, "end", f->end);
        str(&x, "text", f->text);
        str(&x, "technique", f->technique);
        close_(&x, '}');
        x.pretty = saved;
    }
    close_(&x, ']');
    close_(&x, '}');
    marsadBufPutc(b, '\n');
}

static void who(marsadBuf *b, const marsad_mention *const *a, size_t n) {
    if (!n) {
        marsadBufPuts(b, "-");
        return;
    }
    for (size_t i = 0; i < n; i++)
        marsadBufPrintf(b, "%s%s (%s)", i ? ", " : "", a[i]->actor.code ? a[i]->actor.code : "?",
                        a[i]->text);
}

static void where(marsadBuf *b, const marsad_mention *m) {
    if (!m) {
        marsadBufPuts(b, "-");
        return;
    }
    marsadBufPuts(b, m->text);
    if (m->resolved && m->place.has_coords)
        marsadBufPrintf(b, " [%s, %.4f %.4f]", m->place.name ? m->place.name : m->place.place_id,
                        m->place.lat, m->place.lon);
    else
        marsadBufPuts(b, " [not in the gazetteer]");
    if (m->relation) marsadBufPrintf(b, " (%s of it)", m->relation);
}

static void table(marsadBuf *b, const marsad_doc *d) {
    marsadBufPrintf(b, "== %s", d->in.id ? d->in.id : "(document)");
    if (d->in.outlet) marsadBufPrintf(b, " · %s", d->in.outlet);
    if (d->in.published) marsadBufPrintf(b, " · %s", d->in.published);
    if (d->focus[0]) marsadBufPrintf(b, " · about %s", d->focus);
    marsadBufPrintf(b, " · %zu event(s)\n", marsad_doc_event_count(d));
    for (size_t i = 0; i < marsad_doc_event_count(d); i++) {
        const marsad_event *e = marsad_doc_event(d, i);
        marsadBufPrintf(b, "\n%s  %s «%s»  %s", e->id, e->type, e->trigger.text, e->modality);
        marsadBufPrintf(b, "  (confidence %.2f)\n", e->confidence);
        marsadBufPuts(b, "    who:    ");
        who(b, e->actor, e->n_actor);
        marsadBufPuts(b, "\n    whom:   ");
        who(b, e->recipient, e->n_recipient);
        marsadBufPuts(b, "\n    where:  ");
        where(b, e->location);
        if (e->origin || e->destination) {
            marsadBufPuts(b, "\n    from:   ");
            where(b, e->origin);
            marsadBufPuts(b, "\n    to:     ");
            where(b, e->destination);
        }
        marsadBufPrintf(b, "\n    when:   %s%s%s", e->date.start ? e->date.start : "",
                        e->date.start && e->date.end && strcmp(e->date.start, e->date.end) ? " .. " : "",
                        e->date.start && e->date.end && !strcmp(e->date.start, e->date.end)
                            ? ""
                            : (e->date.end ? e->date.end : "?"));
        if (e->date.basis && !strcmp(e->date.basis, "text"))
            marsadBufPrintf(b, " («%s», %s)", e->date.span.text, e->date.precision);
        else
            marsadBufPrintf(b, " (%s)", e->date.basis ? e->date.basis : "unknown");
        if (e->n_quantities || e->dead >= 0 || e->injured >= 0 || e->arrested >= 0) {
            marsadBufPuts(b, "\n    how many: ");
            for (size_t q = 0; q < e->n_quantities; q++)
                marsadBufPrintf(b, "%s%g %s", q ? ", " : "", e->quantities[q].value,
                                e->quantities[q].unit);
            if (e->dead >= 0) marsadBufPrintf(b, "  dead %ld", e->dead);
            if (e->injured >= 0) marsadBufPrintf(b, "  injured %ld", e->injured);
            if (e->arrested >= 0) marsadBufPrintf(b, "  arrested %ld", e->arrested);
        }
        const marsad_attribution *a = &e->attribution;
        marsadBufPrintf(b, "\n    according to: %s", a->source_type);
        if (a->source) marsadBufPrintf(b, " «%s»", a->source);
        if (a->verb) marsadBufPrintf(b, ", %s (%s)", a->verb, a->stance ? a->stance : "");
        if (a->via) marsadBufPrintf(b, ", via %s", a->via);
        if (e->n_also) marsadBufPrintf(b, "\n    also mentioned %zu more time(s)", e->n_also);
        marsadBufPutc(b, '\n');
    }
    if (marsad_doc_framing_count(d)) {
        marsadBufPuts(b, "\n    framing:");
        for (size_t i = 0; i < marsad_doc_framing_count(d); i++)
            marsadBufPrintf(b, "%s «%s» %s", i ? ";" : "", marsad_doc_framing(d, i)->text,
                            marsad_doc_framing(d, i)->technique);
        marsadBufPutc(b, '\n');
    }
    marsadBufPutc(b, '\n');
}

char *marsad_doc_render(const marsad_doc *d, marsad_record_format fmt, size_t *len) {
    if (!d) return NULL;
    if (fmt == MARSAD_RECORD_ACLED_CSV || fmt == MARSAD_RECORD_GEOJSON ||
        fmt == MARSAD_RECORD_PLOVER)
        return marsadExportDoc(d, fmt, len); /* export.c */
    marsadBuf b;
    marsadBufInit(&b);
    if (fmt == MARSAD_RECORD_TABLE) table(&b, d);
    else record(&b, d, fmt == MARSAD_RECORD_PRETTY);
    return marsadBufDetach(&b, len);
}
