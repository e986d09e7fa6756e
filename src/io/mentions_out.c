/*
 * mentions_out.c -- renders a document's actor and place mentions for
 * `marsad entities`: TSV for people, JSON Lines for programs.
 */
#include <string.h>

#include "../resolve/doc.h"
#include "json.h"

static void jstr(marsadBuf *b, const char *s) {
    if (s) marsadJsonStr(b, s, strlen(s));
    else marsadBufPuts(b, "null");
}

static void place_json(marsadBuf *b, const marsad_place *p) {
    marsadBufPuts(b, "{\"place_id\":");
    jstr(b, p->place_id);
    marsadBufPuts(b, ",\"geonameid\":");
    if (p->geonameid) marsadBufPrintf(b, "%lu", p->geonameid);
    else marsadBufPuts(b, "null");
    marsadBufPuts(b, ",\"name\":");
    jstr(b, p->name);
    marsadBufPuts(b, ",\"lat\":");
    if (p->has_coords) marsadJsonNum(b, p->lat);
    else marsadBufPuts(b, "null");
    marsadBufPuts(b, ",\"lon\":");
    if (p->has_coords) marsadJsonNum(b, p->lon);
    else marsadBufPuts(b, "null");
    marsadBufPuts(b, ",\"country\":");
    jstr(b, p->country);
    marsadBufPuts(b, ",\"admin1\":");
    jstr(b, p->admin1);
    marsadBufPuts(b, ",\"feature\":");
    jstr(b, p->feature);
    marsadBufPuts(b, ",\"resolution\":");
    if (p->resolution) marsadBufPrintf(b, "%d", p->resolution);
    else marsadBufPuts(b, "null");
    marsadBufPutc(b, '}');
}

char *marsad_doc_render_mentions(const marsad_doc *d, int json, size_t *len) {
    if (!d) return NULL;
    marsadBuf b;
    marsadBufInit(&b);
    const char *id = d->in.id ? d->in.id : "";
    for (size_t i = 0; i < d->n_mentions; i++) {
        const marsad_mention *m = &d->mentions[i];
        const char *kind = m->kind == MARSAD_MENTION_PLACE ? "place" : "actor";
        if (json) {
            marsadBufPuts(&b, "{\"doc\":");
            jstr(&b, id);
            marsadBufPrintf(&b, ",\"kind\":\"%s\",\"start\":%zu,\"end\":%zu,\"text\":", kind,
                            m->start, m->end);
            jstr(&b, m->text);
            if (m->kind == MARSAD_MENTION_PLACE) {
                marsadBufPuts(&b, ",\"place\":");
                if (m->resolved) place_json(&b, &m->place);
                else marsadBufPuts(&b, "null");
                marsadBufPuts(&b, ",\"relation\":");
                jstr(&b, m->relation);
            } else {
                marsadBufPuts(&b, ",\"code\":");
                jstr(&b, m->actor.code);
                marsadBufPuts(&b, ",\"name\":");
                jstr(&b, m->actor.name);
                marsadBufPuts(&b, ",\"country\":");
                jstr(&b, m->actor.country);
                marsadBufPuts(&b, ",\"sector\":");
                jstr(&b, m->actor.sector);
            }
            marsadBufPuts(&b, ",\"reason\":");
            jstr(&b, m->reason);
            marsadBufPuts(&b, "}\n");
        } else {
            marsadBufPrintf(&b, "%zu\t%zu\t%s\t%s\t", m->start, m->end, kind, m->text);
            if (m->kind == MARSAD_MENTION_PLACE && m->resolved) {
                marsadBufPrintf(&b, "%s\t", m->place.place_id);
                if (m->place.has_coords) marsadBufPrintf(&b, "%.5f\t%.5f\t", m->place.lat, m->place.lon);
                else marsadBufPuts(&b, "\t\t");
                marsadBufPrintf(&b, "%s %s%s%s", m->place.country ? m->place.country : "",
                                m->place.feature ? m->place.feature : "",
                                m->relation ? " relation=" : "", m->relation ? m->relation : "");
            } else if (m->kind == MARSAD_MENTION_ACTOR) {
                marsadBufPrintf(&b, "%s\t\t\t%s", m->actor.code ? m->actor.code : "",
                                m->actor.name ? m->actor.name : "");
            } else {
                marsadBufPuts(&b, "\t\t\t");
            }
            marsadBufPrintf(&b, "\t%s\n", m->reason ? m->reason : "");
        }
    }
    return marsadBufDetach(&b, len);
}
