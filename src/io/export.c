/*
 * export.c -- the flat exports of marsad/1 records (SCHEMA.md "Flat exports"):
 * ACLED-style CSV rows, GeoJSON Features and PLOVER JSON records, written from
 * a parsed record so that documents and the store (src/store) share one mapping.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../resolve/doc.h"
#include "export.h"
#include "json.h"

/* ---- small readers of a parsed record ---- */

static const json_t *jget(const json_t *o, const char *k) {
    return json_is_object(o) ? json_object_get(o, k) : NULL;
}

static const char *jstr(const json_t *o, const char *k) {
    const json_t *v = jget(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static const json_t *jobj(const json_t *o, const char *k) {
    const json_t *v = jget(o, k);
    return json_is_object(v) ? v : NULL;
}

static size_t jlen(const json_t *o, const char *k) {
    const json_t *v = jget(o, k);
    return json_is_array(v) ? json_array_size(v) : 0;
}

static const json_t *jat(const json_t *o, const char *k, size_t i) {
    const json_t *v = jget(o, k);
    return json_is_array(v) ? json_array_get(v, i) : NULL;
}

static int jnum(const json_t *o, const char *k, double *out) {
    const json_t *v = jget(o, k);
    if (!json_is_number(v)) return 0;
    *out = json_number_value(v);
    return 1;
}

static int eq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

const char *marsadExportSlice(const char *text, size_t len, size_t start, size_t end,
                              size_t *out_len) {
    size_t cp = 0, i = 0, bs = len, be = len;
    int found = 0;
    if (end < start) end = start;
    while (i < len) {
        if (cp == start && !found) {
            bs = i;
            found = 1;
        }
        if (cp == end) {
            be = i;
            break;
        }
        unsigned char c = (unsigned char)text[i];
        i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (i > len) i = len;
        cp++;
    }
    if (!found) bs = i;
    if (be < bs) be = bs;
    *out_len = be - bs;
    return text + bs;
}

const char *marsadExportCountryName(const marsad_kb *kb, const char *iso3) {
    if (!kb || !iso3) return NULL;
    for (size_t i = 0; i < kb->n_countries; i++)
        if (strcmp(kb->countries[i].iso3, iso3) == 0) {
            const char *n = marsadKbStr(kb, kb->countries[i].name_en);
            return *n ? n : NULL;
        }
    return NULL;
}

static int has_coords(const json_t *p) {
    double v;
    return p && jnum(p, "lat", &v) && jnum(p, "lon", &v);
}

const json_t *marsadExportPlace(const json_t *ev) {
    static const char *const slots[] = {"location", "origin", "destination"};
    for (int i = 0; i < 3; i++)
        if (has_coords(jobj(ev, slots[i]))) return jobj(ev, slots[i]);
    for (int i = 0; i < 3; i++)
        if (jobj(ev, slots[i])) return jobj(ev, slots[i]);
    return NULL;
}

const char *marsadExportCountry(const json_t *rec, const json_t *ev) {
    const char *c = jstr(marsadExportPlace(ev), "country");
    if (c) return c;
    static const char *const slots[] = {"location", "origin", "destination"};
    for (int i = 0; i < 3; i++)
        if ((c = jstr(jobj(ev, slots[i]), "country"))) return c;
    return jstr(jobj(rec, "doc"), "focus_country");
}

/* ---- the compact JSON writer for parsed values ---- */

void marsadExportJson(marsadBuf *b, const json_t *v) {
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        marsadBufPutc(b, '{');
        int first = 1;
        const char *k;
        json_t *m;
        json_object_foreach((json_t *)(uintptr_t)v, k, m) {
            if (!first) marsadBufPutc(b, ',');
            first = 0;
            marsadJsonStr(b, k, strlen(k));
            marsadBufPutc(b, ':');
            marsadExportJson(b, m);
        }
        marsadBufPutc(b, '}');
        break;
    }
    case JSON_ARRAY:
        marsadBufPutc(b, '[');
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i) marsadBufPutc(b, ',');
            marsadExportJson(b, json_array_get(v, i));
        }
        marsadBufPutc(b, ']');
        break;
    case JSON_STRING:
        marsadJsonStr(b, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        marsadBufPrintf(b, "%lld", (long long)json_integer_value(v));
        break;
    case JSON_REAL:
        marsadJsonNum(b, json_real_value(v));
        break;
    case JSON_TRUE:
        marsadBufPuts(b, "true");
        break;
    case JSON_FALSE:
        marsadBufPuts(b, "false");
        break;
    default:
        marsadBufPuts(b, "null");
        break;
    }
}

/* ---- dates ---- */

/* Days since 1970-01-01 of an ISO date; 0 when it does not parse. */
static int iso_days(const char *s, long *out) {
    int y, m, d;
    if (!s || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return 0;
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    *out = era * 146097 + doe - 719468;
    return 1;
}

/* ACLED time_precision: 1 a day, 2 a week or a range of at most 7 days,
 * 3 otherwise (months, years, longer ranges, the publication fallback). */
static int time_precision(const json_t *date) {
    const char *p = jstr(date, "precision");
    if (eq(p, "day")) return 1;
    if (eq(p, "week")) return 2;
    long a, z;
    if (eq(p, "range") && iso_days(jstr(date, "start"), &a) && iso_days(jstr(date, "end"), &z) &&
        z >= a && z - a + 1 <= 7)
        return 2;
    return 3;
}

/* ---- ACLED-style rows ---- */

enum {
    COL_EVENT_DATE,
    COL_TIME_PRECISION,
    COL_EVENT_TYPE,
    COL_SUB_EVENT_TYPE,
    COL_ACTOR1,
    COL_ASSOC_ACTOR_1,
    COL_INTER1,
    COL_ACTOR2,
    COL_ASSOC_ACTOR_2,
    COL_INTER2,
    COL_INTERACTION,
    COL_COUNTRY,
    COL_ADMIN1,
    COL_ADMIN2,
    COL_ADMIN3,
    COL_LOCATION,
    COL_LATITUDE,
    COL_LONGITUDE,
    COL_GEO_PRECISION,
    COL_SOURCE,
    COL_SOURCE_SCALE,
    COL_NOTES,
    COL_FATALITIES,
    COL_DOC_ID,
    COL_MARSAD_TYPE,
    COL_PLOVER_EVENT,
    COL_MODALITY,
    COL_ATTRIBUTION_SOURCE_TYPE,
    COL_EVENT_ID,
    NCOLS
};

static const char *const columns[NCOLS] = {
    "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
    "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "doc_id", "marsad_type", "plover_event", "modality",
    "attribution_source_type", "event_id"};

enum { CELL_NULL = 0, CELL_STR, CELL_NUM };

typedef struct cell {
    int kind;
    const char *s;
    double v;
} cell;

typedef struct xctx {
    marsadBuf *b;
    marsadArena arena; /* composed strings of the current item */
    const json_t *rec;
    const char *text;
    size_t text_len;
    const marsad_kb *kb;
    int nomem;
} xctx;

static const char *xdup(xctx *x, const char *s, size_t n) {
    char *p = marsadArenaStrndup(&x->arena, s, n);
    if (!p) x->nomem = 1;
    return p;
}

static const char *country_label(xctx *x, const char *iso3) {
    const char *n = marsadExportCountryName(x->kb, iso3);
    return n ? n : iso3;
}

/* An actor as ACLED names it: its own name, else a name built from its
 * sector and country ("Military Forces of Syria", "Civilians (Iraq)"), else
 * its code. */
static const char *actor_label(xctx *x, const json_t *a, const char *type, int actor_side) {
    const char *name = jstr(a, "name");
    if (name) return name;
    const char *code = jstr(a, "code"), *sector = jstr(a, "sector");
    const char *cn = country_label(x, jstr(a, "country"));
    if (!sector || !cn) return code;
    static const struct {
        const char *sector, *pre, *post;
    } names[] = {
        {"MIL", "Military Forces of ", ""},  {"COP", "Police Forces of ", ""},
        {"GOV", "Government of ", ""},       {"SPY", "Intelligence Services of ", ""},
        {"LEG", "Parliament of ", ""},       {"JUD", "Judiciary of ", ""},
        {"CVL", "Civilians (", ")"},         {"UAF", "Unidentified Armed Group (", ")"},
        {"REB", "Rebel Groups (", ")"},      {"PRM", "Militia (", ")"},
        {"JRN", "Journalists (", ")"},       {"MED", "Health Workers (", ")"},
        {"REF", "Refugees/IDPs (", ")"},     {"OPP", "Opposition (", ")"},
    };
    const char *pre = NULL, *post = ")";
    if (actor_side && eq(type, "protest")) pre = "Protesters (";
    else if (actor_side && eq(type, "riot")) pre = "Rioters (";
    for (size_t i = 0; !pre && i < sizeof names / sizeof *names; i++)
        if (eq(sector, names[i].sector)) {
            pre = names[i].pre;
            post = names[i].post;
        }
    if (!pre) return code;
    char tmp[256];
    int n = snprintf(tmp, sizeof tmp, "%s%s%s", pre, cn, post);
    if (n < 0) return code;
    return xdup(x, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* ACLED inter code of an actor (SCHEMA.md): state sectors of the event's
 * country 1, of another country (or transnational) 8, REB 2, PRM and UAF
 * 3, rioters 5, protesters 6, civilians 7 (CVL and the civilian sectors
 * JRN MED EDU REL REF LAB BUS NGO), IGO 8; 0 when none applies. */
static int inter_code(const json_t *a, const char *event_country, const char *type,
                      int actor_side) {
    const char *s = jstr(a, "sector"), *c = jstr(a, "country");
    if (actor_side && eq(type, "protest")) return 6;
    if (actor_side && eq(type, "riot")) return 5;
    if (!s) return 0;
    if (eq(s, "GOV") || eq(s, "MIL") || eq(s, "COP") || eq(s, "SPY"))
        return !c ? 8 : (!event_country || eq(c, event_country)) ? 1 : 8;
    if (eq(s, "REB")) return 2;
    if (eq(s, "PRM") || eq(s, "UAF")) return 3;
    static const char *const civil[] = {"CVL", "JRN", "MED", "EDU", "REL",
                                        "REF", "LAB", "BUS", "NGO"};
    for (size_t i = 0; i < sizeof civil / sizeof *civil; i++)
        if (eq(s, civil[i])) return 7;
    if (eq(s, "IGO")) return 8;
    return 0;
}

static void set_str(cell *c, const char *s) {
    c->kind = s ? CELL_STR : CELL_NULL;
    c->s = s;
}

static void set_num(cell *c, double v) {
    c->kind = CELL_NUM;
    c->v = v;
}

/* Joins the labels of actors [from, n) with "; ". */
static const char *join_actors(xctx *x, const json_t *list, size_t from, const char *type,
                               int actor_side) {
    size_t n = json_is_array(list) ? json_array_size(list) : 0;
    if (from >= n) return NULL;
    marsadBuf t;
    marsadBufInit(&t);
    for (size_t i = from; i < n; i++) {
        const char *l = actor_label(x, json_array_get(list, i), type, actor_side);
        if (!l) continue;
        if (t.len) marsadBufPuts(&t, "; ");
        marsadBufPuts(&t, l);
    }
    const char *r = t.len ? xdup(x, t.data, t.len) : NULL;
    if (t.failed) x->nomem = 1;
    marsadBufFree(&t);
    return r;
}

/* The evidence sentence with line breaks and tabs folded to spaces. */
static const char *notes(xctx *x, const json_t *ev) {
    const json_t *s = jobj(ev, "sentence");
    double a, z;
    if (x->text && jnum(s, "start", &a) && jnum(s, "end", &z) && a >= 0 && z >= a) {
        size_t n;
        const char *p = marsadExportSlice(x->text, x->text_len, (size_t)a, (size_t)z, &n);
        char *out = marsadArenaAlloc(&x->arena, n + 1);
        if (!out) {
            x->nomem = 1;
            return NULL;
        }
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            char c = p[i];
            if (c == '\r' || c == '\n' || c == '\t') c = ' ';
            if (c == ' ' && k && out[k - 1] == ' ') continue;
            out[k++] = c;
        }
        while (k && out[k - 1] == ' ') k--;
        out[k] = '\0';
        return out;
    }
    return jstr(jobj(ev, "trigger"), "text");
}

static void build_row(xctx *x, const json_t *ev, cell *row) {
    memset(row, 0, sizeof(cell) * NCOLS);
    const json_t *doc = jobj(x->rec, "doc");
    const char *type = jstr(ev, "type");
    const json_t *date = jobj(ev, "date");
    const char *d = jstr(date, "start");
    set_str(&row[COL_EVENT_DATE], d ? d : jstr(date, "end"));
    set_num(&row[COL_TIME_PRECISION], time_precision(date));
    set_str(&row[COL_EVENT_TYPE], jstr(jobj(ev, "acled"), "event_type"));
    set_str(&row[COL_SUB_EVENT_TYPE], jstr(jobj(ev, "acled"), "sub_event_type"));

    const char *ecountry = marsadExportCountry(x->rec, ev);
    const json_t *actors = jget(ev, "actor"), *recips = jget(ev, "recipient");
    size_t na = jlen(ev, "actor"), nr = jlen(ev, "recipient");
    /* two-sided violence lists both sides in `actor` (ONTOLOGY.md) */
    int two_sided = nr == 0 && na >= 2 && eq(type, "armed-clash");
    const json_t *a1 = na ? json_array_get(actors, 0) : NULL;
    const json_t *a2 = two_sided ? json_array_get(actors, 1) : nr ? json_array_get(recips, 0) : NULL;
    int i1 = 0, i2 = 0;
    if (a1) {
        set_str(&row[COL_ACTOR1], actor_label(x, a1, type, 1));
        i1 = inter_code(a1, ecountry, type, 1);
    }
    set_str(&row[COL_ASSOC_ACTOR_1], join_actors(x, actors, two_sided ? 2 : 1, type, 1));
    if (a2) {
        set_str(&row[COL_ACTOR2], actor_label(x, a2, type, two_sided));
        i2 = inter_code(a2, ecountry, type, two_sided);
    }
    if (!two_sided) set_str(&row[COL_ASSOC_ACTOR_2], join_actors(x, recips, 1, type, 0));
    if (i1) set_num(&row[COL_INTER1], i1);
    if (i2) set_num(&row[COL_INTER2], i2);
    if (i1 && i2) set_num(&row[COL_INTERACTION], (i1 < i2 ? i1 : i2) * 10 + (i1 < i2 ? i2 : i1));
    else if (i1 || i2) set_num(&row[COL_INTERACTION], (i1 ? i1 : i2) * 10);

    set_str(&row[COL_COUNTRY], country_label(x, ecountry));
    const json_t *p = marsadExportPlace(ev);
    if (p) {
        set_str(&row[COL_ADMIN1], jstr(p, "admin1"));
        const char *name = jstr(p, "name");
        set_str(&row[COL_LOCATION], name ? name : jstr(p, "text"));
        double lat, lon, res;
        if (jnum(p, "lat", &lat) && jnum(p, "lon", &lon)) {
            set_num(&row[COL_LATITUDE], lat);
            set_num(&row[COL_LONGITUDE], lon);
        }
        if (jnum(p, "resolution", &res) && res >= 1 && res <= 5)
            set_num(&row[COL_GEO_PRECISION], res >= 4 ? 1 : res >= 3 ? 2 : 3);
    }
    set_str(&row[COL_SOURCE], jstr(doc, "outlet"));
    set_str(&row[COL_NOTES], notes(x, ev));
    double dead;
    set_num(&row[COL_FATALITIES],
            jnum(jobj(ev, "counts"), "dead", &dead) && dead > 0 ? floor(dead) : 0);
    set_str(&row[COL_DOC_ID], jstr(doc, "id"));
    set_str(&row[COL_MARSAD_TYPE], type);
    set_str(&row[COL_PLOVER_EVENT], jstr(jobj(ev, "plover"), "event"));
    set_str(&row[COL_MODALITY], jstr(ev, "modality"));
    set_str(&row[COL_ATTRIBUTION_SOURCE_TYPE], jstr(jobj(ev, "attribution"), "source_type"));
    set_str(&row[COL_EVENT_ID], jstr(ev, "id"));
}

static void csv_field(marsadBuf *b, const char *s) {
    if (!strpbrk(s, ",\"\r\n")) {
        marsadBufPuts(b, s);
        return;
    }
    marsadBufPutc(b, '"');
    for (const char *q = s; *q; q++) {
        if (*q == '"') marsadBufPutc(b, '"');
        marsadBufPutc(b, *q);
    }
    marsadBufPutc(b, '"');
}

static void write_csv_row(marsadBuf *b, const cell *row) {
    for (int i = 0; i < NCOLS; i++) {
        if (i) marsadBufPutc(b, ',');
        if (row[i].kind == CELL_STR) csv_field(b, row[i].s);
        else if (row[i].kind == CELL_NUM) marsadJsonNum(b, row[i].v);
    }
    marsadBufPuts(b, "\r\n");
}

static void write_properties(marsadBuf *b, const cell *row) {
    marsadBufPutc(b, '{');
    for (int i = 0; i < NCOLS; i++) {
        if (i) marsadBufPutc(b, ',');
        marsadJsonStr(b, columns[i], strlen(columns[i]));
        marsadBufPutc(b, ':');
        if (row[i].kind == CELL_STR) marsadJsonStr(b, row[i].s, strlen(row[i].s));
        else if (row[i].kind == CELL_NUM) marsadJsonNum(b, row[i].v);
        else marsadBufPuts(b, "null");
    }
    marsadBufPutc(b, '}');
}

/* ---- GeoJSON ---- */

static int write_feature(xctx *x, const json_t *ev, size_t *written) {
    const json_t *p = marsadExportPlace(ev);
    double lat, lon;
    if (!p || !jnum(p, "lat", &lat) || !jnum(p, "lon", &lon) || !isfinite(lat) || !isfinite(lon) ||
        lat < -90 || lat > 90 || lon < -180 || lon > 180)
        return 0;
    cell row[NCOLS];
    build_row(x, ev, row);
    marsadBuf *b = x->b;
    if (*written) marsadBufPuts(b, marsad_export_separator(MARSAD_RECORD_GEOJSON));
    marsadBufPuts(b, "{\"type\":\"Feature\",\"id\":");
    marsadBuf id;
    marsadBufInit(&id);
    marsadBufPrintf(&id, "%s/%s", row[COL_DOC_ID].s ? row[COL_DOC_ID].s : "",
                    row[COL_EVENT_ID].s ? row[COL_EVENT_ID].s : "");
    marsadJsonStr(b, id.data ? id.data : "", id.len);
    if (id.failed) x->nomem = 1;
    marsadBufFree(&id);
    marsadBufPuts(b, ",\"geometry\":{\"type\":\"Point\",\"coordinates\":[");
    marsadJsonNum(b, lon);
    marsadBufPutc(b, ',');
    marsadJsonNum(b, lat);
    marsadBufPuts(b, "]},\"properties\":");
    write_properties(b, row);
    marsadBufPutc(b, '}');
    return 1;
}

/* ---- PLOVER ---- */

typedef struct jw {
    marsadBuf *b;
    int first;
} jw;

static void jkey(jw *w, const char *k) {
    if (!w->first) marsadBufPutc(w->b, ',');
    w->first = 0;
    marsadJsonStr(w->b, k, strlen(k));
    marsadBufPutc(w->b, ':');
}

static void jstrkv(jw *w, const char *k, const char *v) {
    jkey(w, k);
    if (v) marsadJsonStr(w->b, v, strlen(v));
    else marsadBufPuts(w->b, "null");
}

static void jcopy(jw *w, const char *k, const json_t *from, const char *member) {
    jkey(w, k);
    const json_t *v = jget(from, member);
    if (v) marsadExportJson(w->b, v);
    else marsadBufPuts(w->b, "null");
}

/* PLOVER's top-level code of an actor: its country, else one of the
 * manual's international codes (Table 5.1). */
static const char *plover_code(const json_t *a) {
    const char *c = jstr(a, "country"), *s = jstr(a, "sector"), *code = jstr(a, "code");
    if (c) return c;
    if (eq(code, "UN")) return "UNO";
    if (eq(code, "EU")) return "EUR";
    if (eq(s, "IGO")) return "IGO";
    if (eq(s, "NGO")) return "NGO";
    if (eq(s, "BUS")) return "MNC";
    if (eq(s, "REB") || eq(s, "PRM") || eq(s, "UAF") || eq(s, "MIL")) return "IMG";
    return "ISM";
}

static void plover_entities(xctx *x, jw *w, const char *k, const json_t *list) {
    jkey(w, k);
    marsadBufPutc(x->b, '[');
    size_t n = json_is_array(list) ? json_array_size(list) : 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *a = json_array_get(list, i);
        if (i) marsadBufPutc(x->b, ',');
        marsadBufPutc(x->b, '{');
        jw e = {x->b, 1};
        const char *s = jstr(a, "sector");
        jstrkv(&e, "code", plover_code(a));
        jstrkv(&e, "sector", eq(s, "IGO") || eq(s, "NGO") ? NULL : s);
        jstrkv(&e, "entity_text", jstr(a, "text"));
        jstrkv(&e, "identifier_id", jstr(a, "code"));
        jstrkv(&e, "identifier_text", jstr(a, "name"));
        jcopy(&e, "start", a, "start");
        jcopy(&e, "end", a, "end");
        marsadBufPutc(x->b, '}');
    }
    marsadBufPutc(x->b, ']');
}

static void plover_strlist(marsadBuf *b, const char *s, const char *extra) {
    marsadBufPutc(b, '[');
    int first = 1;
    while (s && *s) {
        size_t n = strcspn(s, "|");
        if (n) {
            if (!first) marsadBufPutc(b, ',');
            marsadJsonStr(b, s, n);
            first = 0;
        }
        s += n + (s[n] == '|');
    }
    if (extra) {
        if (!first) marsadBufPutc(b, ',');
        marsadJsonStr(b, extra, strlen(extra));
    }
    marsadBufPutc(b, ']');
}

/* PLOVER's quad code of an event category (manual, Table 7.3). */
static int quad_code(const char *ev) {
    static const struct {
        const char *e;
        int q;
    } quads[] = {{"AGREE", 1},    {"CONSULT", 1},  {"SUPPORT", 1},   {"CONCEDE", 1},
                 {"COOPERATE", 2}, {"AID", 2},     {"RETREAT", 2},   {"REQUEST", 3},
                 {"ACCUSE", 3},   {"REJECT", 3},   {"THREATEN", 3},  {"PROTEST", 4},
                 {"SANCTION", 4}, {"MOBILIZE", 4}, {"COERCE", 4},    {"ASSAULT", 4}};
    for (size_t i = 0; ev && i < sizeof quads / sizeof *quads; i++)
        if (strcmp(ev, quads[i].e) == 0) return quads[i].q;
    return 0;
}

static void plover_loc(xctx *x, jw *w, const json_t *p) {
    jkey(w, "event_loc");
    if (!p) {
        marsadBufPuts(x->b, "null");
        return;
    }
    marsadBufPutc(x->b, '{');
    jw l = {x->b, 1};
    const char *feature = jstr(p, "feature");
    int city = eq(feature, "city") || eq(feature, "town") || eq(feature, "village");
    jstrkv(&l, "extracted_place", jstr(p, "text"));
    jstrkv(&l, "resolved_place", jstr(p, "name"));
    jcopy(&l, "geonameid", p, "geonameid");
    jcopy(&l, "lat", p, "lat");
    jcopy(&l, "lon", p, "lon");
    jstrkv(&l, "city", city ? jstr(p, "name") : NULL);
    jstrkv(&l, "district", NULL);
    jstrkv(&l, "province", jstr(p, "admin1"));
    jstrkv(&l, "country", marsadExportCountryName(x->kb, jstr(p, "country")));
    jstrkv(&l, "country_code", jstr(p, "country"));
    jstrkv(&l, "feature_class", NULL);
    jstrkv(&l, "feature_code", NULL);
    jcopy(&l, "resolution", p, "resolution");
    jstrkv(&l, "place_id", jstr(p, "place_id"));
    jstrkv(&l, "feature", feature);
    jcopy(&l, "start", p, "start");
    jcopy(&l, "end", p, "end");
    marsadBufPutc(x->b, '}');
}

static void write_plover(xctx *x, const json_t *ev) {
    marsadBuf *b = x->b;
    const json_t *doc = jobj(x->rec, "doc"), *date = jobj(ev, "date"), *pl = jobj(ev, "plover");
    const char *docid = jstr(doc, "id"), *evid = jstr(ev, "id");
    const char *pev = jstr(pl, "event"), *modality = jstr(ev, "modality");
    marsadBufPutc(b, '{');
    jw w = {b, 1};
    jkey(&w, "id");
    marsadBuf id;
    marsadBufInit(&id);
    marsadBufPrintf(&id, "%s-%s", docid ? docid : "", evid ? evid : "");
    marsadJsonStr(b, id.data ? id.data : "", id.len);
    if (id.failed) x->nomem = 1;
    marsadBufFree(&id);
    jkey(&w, "has_event");
    marsadBufPuts(b, pev ? "true" : "false");
    const char *start = jstr(date, "start"), *end = jstr(date, "end");
    jstrkv(&w, "date", start ? start : end);
    jstrkv(&w, "enddate", start && end && strcmp(start, end) != 0 ? end : NULL);
    plover_entities(x, &w, "actor", jget(ev, "actor"));
    plover_entities(x, &w, "recipient", jget(ev, "recipient"));
    jkey(&w, "event");
    plover_strlist(b, pev, NULL);
    plover_loc(x, &w, marsadExportPlace(ev));
    jkey(&w, "event_text");
    marsadBufPutc(b, '[');
    const char *tt = jstr(jobj(ev, "trigger"), "text");
    int firstt = 1;
    if (tt) {
        marsadJsonStr(b, tt, strlen(tt));
        firstt = 0;
    }
    for (size_t i = 0; i < jlen(ev, "also"); i++) {
        const char *t = jstr(jat(ev, "also", i), "text");
        if (!t) continue;
        if (!firstt) marsadBufPutc(b, ',');
        marsadJsonStr(b, t, strlen(t));
        firstt = 0;
    }
    marsadBufPutc(b, ']');
    int q = quad_code(pev);
    jkey(&w, "quad_code");
    if (q) marsadBufPrintf(b, "%d", q);
    else marsadBufPuts(b, "null");
    /* PLOVER's auxiliary modes future, hypothetical and negation are the
     * record's modality (ONTOLOGY.md) */
    const char *aux = eq(modality, "future")         ? "future"
                      : eq(modality, "hypothetical") ? "hypothetical"
                      : eq(modality, "negated")      ? "negation"
                                                     : NULL;
    jkey(&w, "mode");
    plover_strlist(b, jstr(pl, "mode"), aux);
    jkey(&w, "context");
    marsadBufPutc(b, '[');
    for (size_t i = 0; i < jlen(pl, "context"); i++) {
        if (i) marsadBufPutc(b, ',');
        marsadExportJson(b, jat(pl, "context", i));
    }
    marsadBufPutc(b, ']');
    jstrkv(&w, "text", notes(x, ev));
    jkey(&w, "text_info");
    const json_t *s = jobj(ev, "sentence");
    marsadBufPutc(b, '{');
    jw ti = {b, 1};
    jcopy(&ti, "sequence", s, "index");
    jcopy(&ti, "start", s, "start");
    jcopy(&ti, "end", s, "end");
    marsadBufPutc(b, '}');
    jkey(&w, "cite_info");
    marsadBufPutc(b, '{');
    jw ci = {b, 1};
    jstrkv(&ci, "citation", docid);
    jstrkv(&ci, "url", jstr(doc, "url"));
    jstrkv(&ci, "title", jstr(doc, "title"));
    jstrkv(&ci, "language", jstr(doc, "language"));
    jstrkv(&ci, "publication", jstr(doc, "outlet"));
    jstrkv(&ci, "coder", "marsad");
    jstrkv(&ci, "codebook", "marsad/1 (ONTOLOGY.md)");
    jstrkv(&ci, "version", jstr(jobj(x->rec, "marsad"), "kb"));
    marsadBufPutc(b, '}');
    jkey(&w, "size");
    marsadBufPutc(b, '{');
    jw sz = {b, 1};
    const json_t *counts = jobj(ev, "counts");
    jcopy(&sz, "dead", counts, "dead");
    jcopy(&sz, "injured", counts, "injured");
    jcopy(&sz, "arrested", counts, "arrested");
    marsadBufPutc(b, '}');
    jkey(&w, "coder");
    marsadBufPrintf(b, "\"marsad %s\"", MARSAD_VERSION);
    /* marsad's own fields, named as PLOVER allows (manual, chapter 6) */
    jstrkv(&w, "doc_id", docid);
    jstrkv(&w, "event_id", evid);
    jstrkv(&w, "marsad_type", jstr(ev, "type"));
    jstrkv(&w, "modality", modality);
    jcopy(&w, "attribution", ev, "attribution");
    jcopy(&w, "confidence", ev, "confidence");
    marsadBufPuts(b, "}\n");
}

/* ---- the record itself (JSON Lines) with only the kept events ---- */

static long write_record(marsadBuf *b, const json_t *rec, const unsigned char *keep) {
    const char *k;
    json_t *m;
    long n = 0;
    marsadBufPutc(b, '{');
    int first = 1;
    json_object_foreach((json_t *)(uintptr_t)rec, k, m) {
        if (!first) marsadBufPutc(b, ',');
        first = 0;
        marsadJsonStr(b, k, strlen(k));
        marsadBufPutc(b, ':');
        if (strcmp(k, "events") == 0 && json_is_array(m)) {
            marsadBufPutc(b, '[');
            int firste = 1;
            for (size_t i = 0; i < json_array_size(m); i++) {
                if (keep && !keep[i]) continue;
                if (!firste) marsadBufPutc(b, ',');
                marsadExportJson(b, json_array_get(m, i));
                firste = 0;
                n++;
            }
            marsadBufPutc(b, ']');
        } else {
            marsadExportJson(b, m);
        }
    }
    marsadBufPuts(b, "}\n");
    return n;
}

long marsadExportRecord(marsadBuf *b, marsad_record_format fmt, const json_t *rec,
                        const char *text, size_t text_len, const unsigned char *keep,
                        const marsad_kb *kb, size_t *written) {
    if (!b || !json_is_object(rec)) return -1;
    if (fmt == MARSAD_RECORD_JSON) {
        long n = write_record(b, rec, keep);
        if (written) (*written)++;
        return b->failed ? -1 : n;
    }
    if (fmt != MARSAD_RECORD_ACLED_CSV && fmt != MARSAD_RECORD_GEOJSON &&
        fmt != MARSAD_RECORD_PLOVER)
        return -1;
    xctx x;
    memset(&x, 0, sizeof x);
    x.b = b;
    x.rec = rec;
    x.text = text;
    x.text_len = text ? text_len : 0;
    x.kb = kb;
    marsadArenaInit(&x.arena);
    size_t local = 0;
    if (!written) written = &local;
    long n = 0;
    const json_t *events = jget(rec, "events");
    size_t ne = json_is_array(events) ? json_array_size(events) : 0;
    for (size_t i = 0; i < ne && !x.nomem; i++) {
        if (keep && !keep[i]) continue;
        const json_t *ev = json_array_get(events, i);
        if (!json_is_object(ev)) continue;
        if (fmt == MARSAD_RECORD_ACLED_CSV) {
            cell row[NCOLS];
            build_row(&x, ev, row);
            write_csv_row(b, row);
        } else if (fmt == MARSAD_RECORD_GEOJSON) {
            if (!write_feature(&x, ev, written)) continue;
        } else {
            write_plover(&x, ev);
        }
        (*written)++;
        n++;
        /* strings of one item are not needed by the next */
        marsadArenaFree(&x.arena);
        marsadArenaInit(&x.arena);
    }
    marsadArenaFree(&x.arena);
    return x.nomem || b->failed ? -1 : n;
}

/* ---- the public pieces: documents, headers, footers ---- */

char *marsadExportDoc(const marsad_doc *d, marsad_record_format fmt, size_t *len) {
    size_t n;
    char *js = marsad_doc_render(d, MARSAD_RECORD_JSON, &n);
    if (!js) return NULL;
    json_error_t je;
    json_t *rec = json_loadb(js, n, 0, &je);
    marsad_free(js);
    if (!rec) return NULL;
    const marsad_text *t = marsad_doc_text(d);
    marsadBuf b;
    marsadBufInit(&b);
    size_t written = 0;
    long r = marsadExportRecord(&b, fmt, rec, marsad_text_utf8(t), marsad_text_bytes(t), NULL,
                                d->kb, &written);
    json_decref(rec);
    if (r < 0) {
        marsadBufFree(&b);
        return NULL;
    }
    return marsadBufDetach(&b, len);
}

static const char csv_header[] =
    "event_date,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,"
    "assoc_actor_2,inter2,interaction,country,admin1,admin2,admin3,location,latitude,longitude,"
    "geo_precision,source,source_scale,notes,fatalities,doc_id,marsad_type,plover_event,modality,"
    "attribution_source_type,event_id\r\n";

const char *marsad_export_header(marsad_record_format fmt) {
    switch (fmt) {
    case MARSAD_RECORD_ACLED_CSV:
        return csv_header;
    case MARSAD_RECORD_GEOJSON:
        return "{\"type\":\"FeatureCollection\",\"features\":[\n";
    default:
        return "";
    }
}

const char *marsad_export_footer(marsad_record_format fmt) {
    return fmt == MARSAD_RECORD_GEOJSON ? "\n]}\n" : "";
}

const char *marsad_export_separator(marsad_record_format fmt) {
    return fmt == MARSAD_RECORD_GEOJSON ? ",\n" : "";
}
