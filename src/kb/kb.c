/*
 * kb.c -- the knowledge base: compiles the data files of data/ into one
 * image (blob.h) and loads an image -- built into the library, mmap-ed
 * from a file, or compiled in memory from a directory -- into an immutable
 * object that all threads share.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kb_internal.h"
#include "../text/text_internal.h"

/* The image built into the library (kb_embedded.c, generated). */
extern const unsigned char marsadBuiltinImage[];
extern const size_t marsadBuiltinImageLen;

/* ------------------------------------------------------------------ */
/* Reading data files                                                  */
/* ------------------------------------------------------------------ */

static char *read_file(const char *path, size_t *len, marsad_error *err) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        marsadErrorSet(err, MARSAD_ERR_IO, path, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    marsadBuf b;
    marsadBufInit(&b);
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) marsadBufPut(&b, tmp, n);
    int bad = ferror(f);
    fclose(f);
    if (bad || b.failed) {
        marsadBufFree(&b);
        marsadErrorSet(err, bad ? MARSAD_ERR_IO : MARSAD_ERR_NOMEM, path, 0,
                       bad ? "read error" : "out of memory");
        return NULL;
    }
    return marsadBufDetach(&b, len);
}

typedef struct compiler compiler;
typedef int (*line_fn)(compiler *c, marsadTsv *t, marsad_error *err);

static void set_err_file(marsad_error *err, const char *label, size_t line) {
    if (!err || err->line) return;
    size_t ll = strlen(label);
    if (ll >= sizeof err->file) ll = sizeof err->file - 1;
    memcpy(err->file, label, ll);
    err->file[ll] = '\0';
    err->line = line;
}

static int each_line(compiler *c, const char *dir, const char *name, size_t min_fields,
                     line_fn fn, marsad_error *err) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    size_t len = 0;
    char *data = read_file(path, &len, err);
    if (!data) return -1;
    marsadTsv t;
    marsadTsvInit(&t, path, data, len);
    int rc;
    while ((rc = marsadTsvNext(&t, err)) == 1) {
        if (t.nfields < min_fields) {
            marsadErrorSet(err, MARSAD_ERR_PARSE, path, t.line,
                           "expected at least %zu tab-separated fields, found %zu", min_fields,
                           t.nfields);
            rc = -1;
            break;
        }
        if (fn(c, &t, err)) {
            set_err_file(err, path, t.line);
            rc = -1;
            break;
        }
    }
    marsadTsvFree(&t);
    free(data);
    return rc < 0 ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* The compiler                                                        */
/* ------------------------------------------------------------------ */

typedef struct alias {
    const char *text;
    uint32_t kind, index;
} alias;

struct compiler {
    kbBuilder *b;          /* the builder being filled */
    marsadArena arena;     /* aliases and names */
    alias *aliases;
    size_t n_aliases, cap_aliases;
    marsadMap names;       /* single name words for the lexicon */
    marsadMap place_ids;   /* place id -> index */
    int curated;           /* the places file being read is curated */
    uint32_t term_kind;    /* the vocabulary file being read (kbTermKind) */
    size_t trig_from, trig_to; /* the aliases of triggers.tsv */
};

static int nomem(marsad_error *err) {
    marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
    return -1;
}

/* Normalizes into a temporary malloc'd string. */
static char *norm(const char *s, unsigned flags, size_t *n) {
    return marsad_normalize(s, strlen(s), flags, n, NULL);
}

static int put_set(kbBuilder *b, marsadMap *m, const char *s, unsigned flags, intptr_t v) {
    size_t n;
    char *x = norm(s, flags, &n);
    if (!x) return -1;
    int rc = n ? marsadMapPut(m, x, n, v) : 0;
    free(x);
    (void)b;
    return rc;
}

/* Lexicon values: 1 a word of the language, 2 a name from the KB's
 * entries, 3 a function word (stop word: في، إلى، أمام). */
static int lexicon_line(compiler *c, marsadTsv *t, marsad_error *err) {
    const char *src = t->nfields > 1 ? t->fields[1] : "";
    int v = strstr(src, "stopwords") || strncmp(src, "function word", 13) == 0 ? 3 : 1;
    size_t n;
    char *x = norm(t->fields[0], MARSAD_NORM_SEG, &n);
    if (!x) return nomem(err);
    const marsadMapEntry *e = n ? marsadMapGet(&c->b->lexicon, x, n) : NULL;
    int rc = 0;
    if (n && (!e || e->value < v)) rc = marsadMapPut(&c->b->lexicon, x, n, v);
    free(x);
    return rc ? nomem(err) : 0;
}

static int parse_bits(const char *s, unsigned *bits) {
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {{"WA", MARSAD_CL_WA},   {"FA", MARSAD_CL_FA},
                 {"BI", MARSAD_CL_BI},   {"KA", MARSAD_CL_KA},
                 {"LI", MARSAD_CL_LI},   {"SA", MARSAD_CL_SA},
                 {"AL", MARSAD_CL_AL},   {"PRON", 0},
                 {"ENCL", MARSAD_CL_ENCL_ONLY}, {"STRICT", MARSAD_CL_STRICT}};
    *bits = 0;
    while (*s) {
        size_t n = strcspn(s, "|");
        size_t k;
        for (k = 0; k < sizeof names / sizeof *names; k++)
            if (strlen(names[k].name) == n && strncmp(names[k].name, s, n) == 0) break;
        if (k == sizeof names / sizeof *names) return -1;
        *bits |= names[k].bit;
        s += n;
        if (*s == '|') s++;
    }
    return 0;
}

static int clitic_line(compiler *c, marsadTsv *t, marsad_error *err) {
    static const char *const types[] = {"pro", "en", "suffix", "vprefix"};
    int type = -1;
    for (int k = 0; k < 4; k++)
        if (strcmp(t->fields[1], types[k]) == 0) type = k;
    if (type < 0) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, NULL, 0,
                       "clitic type must be pro, en, suffix or vprefix, not '%s'", t->fields[1]);
        return -1;
    }
    unsigned bits;
    if (parse_bits(t->fields[3], &bits)) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, NULL, 0, "unknown clitic bits '%s'", t->fields[3]);
        return -1;
    }
    size_t fl, dl = 0;
    char *form = norm(t->fields[0], MARSAD_NORM_SEG, &fl);
    char *disp = NULL;
    if (type == 2 && strcmp(t->fields[2], "-") != 0) disp = norm(t->fields[2], MARSAD_NORM_SEG, &dl);
    if (!form) return nomem(err);
    if (fl == 0) {
        free(form);
        free(disp);
        marsadErrorSet(err, MARSAD_ERR_PARSE, NULL, 0, "empty clitic form");
        return -1;
    }
    kbClitic k = {kbStr(c->b, form, fl),
                  type == 2 ? (disp ? kbStr(c->b, disp, dl) : 0)
                            : kbStr(c->b, t->fields[2], strlen(t->fields[2])),
                  bits, (uint32_t)type};
    free(form);
    free(disp);
    kbAppend(c->b, KS_CLITICS, &k, sizeof k);
    return 0;
}

static int number_line(compiler *c, marsadTsv *t, marsad_error *err) {
    static const struct {
        const char *name;
        marsadNumKind kind;
    } kinds[] = {{"unit", NUM_UNIT},         {"teen-ten", NUM_TEEN_TEN}, {"tens", NUM_TENS},
                 {"hundreds", NUM_HUNDREDS}, {"scale", NUM_MULT},        {"vague", NUM_VAGUE},
                 {"ordinal", NUM_ORDINAL},   {"fraction", NUM_FRACTION}};
    kbNumWord w;
    memset(&w, 0, sizeof w);
    char *end;
    w.value = strtod(t->fields[1], &end);
    if (end == t->fields[1] || *end) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, NULL, 0, "value '%s' is not a number", t->fields[1]);
        return -1;
    }
    size_t k;
    for (k = 0; k < sizeof kinds / sizeof *kinds; k++)
        if (strcmp(kinds[k].name, t->fields[2]) == 0) break;
    if (k == sizeof kinds / sizeof *kinds) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, NULL, 0, "unknown number kind '%s'", t->fields[2]);
        return -1;
    }
    w.kind = (uint32_t)kinds[k].kind;
    const char *fl = t->nfields > 3 ? t->fields[3] : "";
    static const char *const flags[] = {"noart", "plural", "dual", "teenonly", "artonly"};
    for (size_t f = 0; f < sizeof flags / sizeof *flags; f++)
        if (strstr(fl, flags[f])) w.flags |= 1u << f;
    uint32_t idx = (uint32_t)kbCount(c->b, KS_NUMWORDS, sizeof w);
    kbAppend(c->b, KS_NUMWORDS, &w, sizeof w);
    return put_set(c->b, &c->b->numbers, t->fields[0], MARSAD_NORM_DEFAULT, idx) ? nomem(err) : 0;
}

static int abbrev_line(compiler *c, marsadTsv *t, marsad_error *err) {
    size_t n;
    char *a = norm(t->fields[0], MARSAD_NORM_DEFAULT, &n);
    if (!a) return nomem(err);
    while (n && a[n - 1] == '.') a[--n] = '\0';
    int rc = n ? marsadMapPut(&c->b->abbrev, a, n, 1) : 0;
    free(a);
    return rc ? nomem(err) : 0;
}

/* Discourse markers: keyed by their normalized words joined by spaces. */
static int discourse_line(compiler *c, marsadTsv *t, marsad_error *err) {
    size_t n;
    char *a = norm(t->fields[0], MARSAD_NORM_DEFAULT, &n);
    if (!a) return nomem(err);
    int rc = n ? marsadMapPut(&c->b->discourse, a, n, 1) : 0;
    free(a);
    return rc ? nomem(err) : 0;
}

static int version_line(compiler *c, marsadTsv *t, marsad_error *err) {
    (void)err;
    snprintf(c->b->version, sizeof c->b->version, "%s", t->fields[0]);
    marsadUtf8Clean(c->b->version); /* not cut inside a character */
    return 0;
}

/* ---- entities ---- */

static int add_alias(compiler *c, const char *text, uint32_t kind, uint32_t index) {
    while (*text == ' ') text++;
    if (!*text) return 0;
    if (c->n_aliases == c->cap_aliases) {
        size_t cap = c->cap_aliases ? c->cap_aliases * 2 : 4096;
        alias *na = realloc(c->aliases, cap * sizeof *na);
        if (!na) return -1;
        c->aliases = na;
        c->cap_aliases = cap;
    }
    const char *copy = marsadArenaStrndup(&c->arena, text, strlen(text));
    if (!copy) return -1;
    c->aliases[c->n_aliases++] = (alias){copy, kind, index};
    if (kind != KP_PLACE && kind != KP_ACTOR && kind != KP_NATION) return 0;
    /* its words, without the article, protect names from segmentation */
    char *n = norm(text, MARSAD_NORM_SEG, &(size_t){0});
    if (!n) return -1;
    char *save = NULL;
    for (char *w = strtok_r(n, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        if (strncmp(w, "ال", strlen("ال")) == 0 && strlen(w) >= strlen("ال") + 6)
            w += strlen("ال");
        size_t wl = strlen(w);
        if (marsadUtf8Chars(w, wl) < 3) continue;
        int arabic = 1;
        for (size_t i = 0; i < wl; i++)
            if (!((unsigned char)w[i] == 0xD8 || (unsigned char)w[i] == 0xD9 ||
                  ((unsigned char)w[i] & 0xC0) == 0x80))
                arabic = 0;
        if (arabic && marsadMapPut(&c->names, w, wl, 1)) {
            free(n);
            return -1;
        }
    }
    free(n);
    return 0;
}

static int split_aliases(compiler *c, const char *list, uint32_t kind, uint32_t index) {
    char buf[MARSAD_MAX_DATA_LINE + 1];
    snprintf(buf, sizeof buf, "%s", list);
    char *save = NULL;
    for (char *a = strtok_r(buf, "|", &save); a; a = strtok_r(NULL, "|", &save))
        if (add_alias(c, a, kind, index)) return -1;
    return 0;
}

static int parse_double(const char *s, double *v) {
    char *end;
    *v = strtod(s, &end);
    return end != s && *end == '\0';
}

static void copy_code(char dst[4], const char *src) {
    memset(dst, 0, 4);
    size_t n = strlen(src);
    memcpy(dst, src, n < 3 ? n : 3);
}

static int place_line(compiler *c, marsadTsv *t, marsad_error *err) {
    /* id name_ar aliases_ar name_en lat lon country feature admin1 population resolution source */
    kbPlace p;
    memset(&p, 0, sizeof p);
    const char *const *f = (const char *const *)t->fields;
    if (t->nfields < 12) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, NULL, 0, "a place needs 12 fields, found %zu",
                       t->nfields);
        return -1;
    }
    if (f[4][0] || f[5][0]) {
        if (!parse_double(f[4], &p.lat) || !parse_double(f[5], &p.lon) || p.lat < -90 ||
            p.lat > 90 || p.lon < -180 || p.lon > 180) {
            marsadErrorSet(err, MARSAD_ERR_PARSE, NULL, 0, "bad coordinates '%s' '%s'", f[4], f[5]);
            return -1;
        }
        p.has_coords = 1;
    }
    if (strlen(f[6]) != 3 && f[6][0]) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, NULL, 0, "country '%s' is not ISO3", f[6]);
        return -1;
    }
    int res = f[10][0] ? atoi(f[10]) : 0;
    if (res < 0 || res > 5) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, NULL, 0, "resolution '%s' is not 1-5", f[10]);
        return -1;
    }
    kbBuilder *b = c->b;
    p.id = kbStr(b, f[0], strlen(f[0]));
    p.name_ar = kbStr(b, f[1], strlen(f[1]));
    p.name_en = kbStr(b, f[3], strlen(f[3]));
    copy_code(p.country, f[6]);
    p.feature = kbStr(b, f[7], strlen(f[7]));
    p.admin1 = kbStr(b, f[8], strlen(f[8]));
    p.population = (uint32_t)strtoul(f[9], NULL, 10);
    p.resolution = (uint8_t)res;
    p.source = kbStr(b, f[11], strlen(f[11]));
    p.curated = (uint8_t)c->curated;
    if (strncmp(f[0], "geonames:", 9) == 0) p.geonameid = (uint32_t)strtoul(f[0] + 9, NULL, 10);
    uint32_t idx = (uint32_t)kbCount(b, KS_PLACES, sizeof p);
    kbAppend(b, KS_PLACES, &p, sizeof p);
    if (marsadMapPut(&c->place_ids, f[0], strlen(f[0]), idx)) return nomem(err);
    if ((f[1][0] && add_alias(c, f[1], KP_PLACE, idx)) || split_aliases(c, f[2], KP_PLACE, idx))
        return nomem(err);
    return 0;
}

static int place_alias_line(compiler *c, marsadTsv *t, marsad_error *err) {
    const marsadMapEntry *e = marsadMapGet(&c->place_ids, t->fields[0], strlen(t->fields[0]));
    if (!e) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, NULL, 0, "no place with id '%s'", t->fields[0]);
        return -1;
    }
    return add_alias(c, t->fields[1], KP_PLACE, (uint32_t)e->value) ? nomem(err) : 0;
}

static uint32_t parse_date(const char *s) {
    int y, m, d;
    if (sscanf(s, "%d-%d-%d", &y, &m, &d) != 3) return 0;
    return (uint32_t)(y * 10000 + m * 100 + d);
}

static int actor_line(compiler *c, marsadTsv *t, marsad_error *err) {
    /* code name_en sector country aliases_ar date_from date_to source */
    const char *const *f = (const char *const *)t->fields;
    if (t->nfields < 5) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, NULL, 0, "an actor needs at least 5 fields");
        return -1;
    }
    kbActor a;
    memset(&a, 0, sizeof a);
    a.code = kbStr(c->b, f[0], strlen(f[0]));
    a.name_en = kbStr(c->b, f[1], strlen(f[1]));
    copy_code(a.sector, f[2]);
    copy_code(a.country, f[3]);
    if (t->nfields > 5 && f[5][0]) a.date_from = parse_date(f[5]);
    if (t->nfields > 6 && f[6][0]) a.date_to = parse_date(f[6]);
    if (t->nfields > 7) a.source = kbStr(c->b, f[7], strlen(f[7]));
    a.alias = kbStr(c->b, f[4], strlen(f[4]));
    uint32_t idx = (uint32_t)kbCount(c->b, KS_ACTORS, sizeof a);
    kbAppend(c->b, KS_ACTORS, &a, sizeof a);
    return split_aliases(c, f[4], KP_ACTOR, idx) ? nomem(err) : 0;
}

static int agent_line(compiler *c, marsadTsv *t, marsad_error *err) {
    /* term sector role number source */
    kbAgent a;
    memset(&a, 0, sizeof a);
    copy_code(a.sector, t->fields[1]);
    a.role = t->nfields > 2 ? kbStr(c->b, t->fields[2], strlen(t->fields[2])) : 0;
    a.number = t->nfields > 3 ? (uint32_t)(strcmp(t->fields[3], "pl") == 0 ? 2
                                           : strcmp(t->fields[3], "du") == 0 ? 3 : 1)
                              : 1;
    a.term = kbStr(c->b, t->fields[0], strlen(t->fields[0]));
    uint32_t idx = (uint32_t)kbCount(c->b, KS_AGENTS, sizeof a);
    kbAppend(c->b, KS_AGENTS, &a, sizeof a);
    return add_alias(c, t->fields[0], KP_AGENT, idx) ? nomem(err) : 0;
}

static int nation_line(compiler *c, marsadTsv *t, marsad_error *err) {
    /* form iso3 kind source */
    kbNation n;
    memset(&n, 0, sizeof n);
    copy_code(n.iso3, t->fields[1]);
    n.kind = strcmp(t->fields[2], "country") == 0 ? 1 : strcmp(t->fields[2], "adj") == 0 ? 2 : 3;
    n.form = kbStr(c->b, t->fields[0], strlen(t->fields[0]));
    uint32_t idx = (uint32_t)kbCount(c->b, KS_NATIONS, sizeof n);
    kbAppend(c->b, KS_NATIONS, &n, sizeof n);
    return add_alias(c, t->fields[0], KP_NATION, idx) ? nomem(err) : 0;
}

static int country_line(compiler *c, marsadTsv *t, marsad_error *err) {
    /* iso2 iso3 name_en name_ar */
    kbCountry k;
    memset(&k, 0, sizeof k);
    copy_code(k.iso2, t->fields[0]);
    copy_code(k.iso3, t->fields[1]);
    k.name_en = kbStr(c->b, t->fields[2], strlen(t->fields[2]));
    k.name_ar = t->nfields > 3 ? kbStr(c->b, t->fields[3], strlen(t->fields[3])) : 0;
    char id[16];
    snprintf(id, sizeof id, "iso:%s", t->fields[1]);
    const marsadMapEntry *e = marsadMapGet(&c->place_ids, id, strlen(id));
    k.place = e ? (uint32_t)e->value + 1 : 0;
    kbAppend(c->b, KS_COUNTRIES, &k, sizeof k);
    (void)err;
    return 0;
}

static int cue_line(compiler *c, marsadTsv *t, marsad_error *err) {
    /* kind term value focus */
    kbCue q;
    memset(&q, 0, sizeof q);
    const char *k = t->fields[0];
    q.kind = strcmp(k, "feature") == 0 ? KC_FEATURE : strcmp(k, "actor") == 0 ? KC_ACTOR
           : strcmp(k, "direction") == 0 ? KC_DIRECTION : strcmp(k, "target") == 0 ? KC_TARGET
           : strcmp(k, "clause") == 0 ? KC_CLAUSE : strcmp(k, "unit") == 0 ? KC_UNIT : 0;
    if (!q.kind) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, NULL, 0,
                       "cue kind must be feature, actor, direction, target, clause or unit, not '%s'", k);
        return -1;
    }
    q.term = kbStr(c->b, t->fields[1], strlen(t->fields[1]));
    q.value = kbStr(c->b, t->fields[2], strlen(t->fields[2]));
    copy_code(q.focus, t->nfields > 3 ? t->fields[3] : "*");
    uint32_t idx = (uint32_t)kbCount(c->b, KS_CUES, sizeof q);
    kbAppend(c->b, KS_CUES, &q, sizeof q);
    return add_alias(c, t->fields[1], KP_CUE, idx) ? nomem(err) : 0;
}

/* Extraction vocabulary: column 0 is the term, the others map to f[] as
 * listed per file; an optional weight column. */

static int term_line(compiler *c, marsadTsv *t, marsad_error *err) {
    kbTerm k;
    memset(&k, 0, sizeof k);
    uint32_t term_kind = c->term_kind;
    k.kind = term_kind;
    k.term = kbStr(c->b, t->fields[0], strlen(t->fields[0]));
    k.weight = 1.0f;
    size_t nf = 0;
    for (size_t i = 1; i < t->nfields && (nf < 3 || (term_kind == KT_TRIGGER && i == 4)); i++) {
        if (term_kind == KT_TRIGGER && i == 4) { /* term pos type mode weight notes */
            char *end;
            double w = strtod(t->fields[i], &end);
            if (end == t->fields[i] || *end || w < 0 || w > 1) {
                marsadErrorSet(err, MARSAD_ERR_PARSE, NULL, 0, "weight '%s' is not in 0..1",
                               t->fields[i]);
                return -1;
            }
            k.weight = (float)w;
            continue;
        }
        if (term_kind == KT_TRIGGER && i > 4) break;
        if (term_kind != KT_TRIGGER && term_kind != KT_REPORT && term_kind != KT_MODALITY &&
            term_kind != KT_TIME && i > 1)
            break; /* the rest is a note */
        if ((term_kind == KT_REPORT || term_kind == KT_MODALITY || term_kind == KT_TIME) && i > 2)
            break;
        k.f[nf++] = kbStr(c->b, t->fields[i], strlen(t->fields[i]));
    }
    uint32_t idx = (uint32_t)kbCount(c->b, KS_TERMS, sizeof k);
    kbAppend(c->b, KS_TERMS, &k, sizeof k);
    if (add_alias(c, t->fields[0], KP_TERM, idx)) return nomem(err);
    /* a weapon or framing phrase that starts with a trigger word (صواريخ
     * موجهة، انسحاب تكتيكي) is matched as the longer phrase: it carries the
     * trigger too, or the event would be lost to the cue */
    const char *sp = strchr(t->fields[0], ' ');
    if ((term_kind == KT_MODE || term_kind == KT_FRAMING) && sp) {
        size_t wl = (size_t)(sp - t->fields[0]);
        for (size_t i = c->trig_from; i < c->trig_to; i++) {
            const char *a = c->aliases[i].text;
            if (strlen(a) == wl && !memcmp(a, t->fields[0], wl) &&
                add_alias(c, t->fields[0], KP_TERM, c->aliases[i].index))
                return nomem(err);
        }
    }
    return 0;
}

static int type_line(compiler *c, marsadTsv *t, marsad_error *err) {
    if (t->nfields < 8) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, NULL, 0, "an ontology row needs at least 8 fields");
        return -1;
    }
    kbType k;
    memset(&k, 0, sizeof k);
    for (size_t i = 0; i < t->nfields && i < KB_TYPE_COLS; i++) {
        const char *v = strcmp(t->fields[i], "-") == 0 ? "" : t->fields[i];
        k.col[i] = kbStr(c->b, v, strlen(v));
    }
    kbAppend(c->b, KS_TYPES, &k, sizeof k);
    return 0;
}

/* Reads an optional vocabulary file (absent: no entries of that kind). */
static int each_line_opt(compiler *c, const char *dir, const char *name, size_t min_fields,
                         line_fn fn, marsad_error *err) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (access(path, F_OK) != 0) return 0;
    return each_line(c, dir, name, min_fields, fn, err);
}

static int compile_terms(compiler *c, const char *dir, marsad_error *err) {
    static const struct {
        const char *name;
        uint32_t kind;
        size_t min_fields;
    } files[] = {{"triggers.tsv", KT_TRIGGER, 5}, {"mode_cues.tsv", KT_MODE, 2},
                 {"reporting.tsv", KT_REPORT, 3}, {"sources.tsv", KT_SOURCE, 2},
                 {"modality.tsv", KT_MODALITY, 2}, {"casualties.tsv", KT_CASUALTY, 2},
                 {"time_words.tsv", KT_TIME, 3},  {"framing.tsv", KT_FRAMING, 2},
                 {"organisations.tsv", KT_ORG, 2}};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        c->term_kind = files[i].kind;
        if (files[i].kind == KT_TRIGGER) c->trig_from = c->n_aliases;
        if (each_line_opt(c, dir, files[i].name, files[i].min_fields, term_line, err)) return -1;
        if (files[i].kind == KT_TRIGGER) c->trig_to = c->n_aliases;
    }
    return each_line(c, dir, "ontology.tsv", 8, type_line, err);
}

/* The text tables: lexicon (plus `names`), clitics, numbers, abbreviations. */
static int compile_text(compiler *c, const char *dir, const marsadMap *names, marsad_error *err) {
    if (each_line(c, dir, "kb-version.txt", 1, version_line, err) ||
        each_line(c, dir, "lexicon-ar.tsv", 1, lexicon_line, err) ||
        each_line(c, dir, "lexicon-extra.tsv", 1, lexicon_line, err) ||
        each_line(c, dir, "clitics.tsv", 4, clitic_line, err) ||
        each_line(c, dir, "numbers.tsv", 3, number_line, err) ||
        each_line(c, dir, "abbreviations.tsv", 1, abbrev_line, err) ||
        each_line(c, dir, "discourse.tsv", 1, discourse_line, err))
        return -1;
    if (names)
        for (size_t i = 0; i < names->cap; i++)
            if (names->slots[i].key &&
                !marsadMapGet(&c->b->lexicon, names->slots[i].key, names->slots[i].klen) &&
                marsadMapPut(&c->b->lexicon, names->slots[i].key, names->slots[i].klen, 2))
                return nomem(err);
    return 0;
}

static marsad_kb *load_image(const unsigned char *img, size_t len, void *owned, void *mapped,
                             const char *name, marsad_error *err);

unsigned char *marsadKbCompileDir(const char *dir, size_t *len, marsad_error *err) {
    kbBuilder final, text;
    compiler c;
    memset(&c, 0, sizeof c);
    marsadArenaInit(&c.arena);
    unsigned char *img = NULL, *timg = NULL;
    marsad_kb *tkb = NULL;
    int ok = 0;
    if (kbBuilderInit(&final) || kbBuilderInit(&text) || marsadMapInit(&c.names, &c.arena) ||
        marsadMapInit(&c.place_ids, &c.arena)) {
        nomem(err);
        goto done;
    }
    /* 1. entities: records into the final image, aliases and names aside */
    c.b = &final;
    if (each_line(&c, dir, "places.tsv", 12, place_line, err)) goto done;
    c.curated = 1;
    if (each_line(&c, dir, "places-extra.tsv", 12, place_line, err)) goto done;
    c.curated = 0;
    if (each_line(&c, dir, "places-aliases.tsv", 2, place_alias_line, err) ||
        each_line(&c, dir, "countries.tsv", 3, country_line, err) ||
        each_line(&c, dir, "actors.tsv", 5, actor_line, err) ||
        each_line(&c, dir, "agents.tsv", 2, agent_line, err) ||
        each_line(&c, dir, "nationalities.tsv", 3, nation_line, err) ||
        each_line(&c, dir, "cues.tsv", 3, cue_line, err) || compile_terms(&c, dir, err))
        goto done;
    /* 2. the text tables with the names, to segment the aliases as the
     *    final KB will segment text */
    c.b = &text;
    if (compile_text(&c, dir, &c.names, err)) goto done;
    size_t tlen;
    timg = kbSerialize(&text, &tlen);
    if (!timg) {
        nomem(err);
        goto done;
    }
    tkb = load_image(timg, tlen, NULL, NULL, "(text tables)", err);
    if (!tkb) goto done;
    /* 3. alias phrases into the trie */
    for (size_t i = 0; i < c.n_aliases; i++) {
        marsad_text *t = marsad_text_new(tkb, c.aliases[i].text, strlen(c.aliases[i].text), NULL,
                                         err);
        if (!t) goto done;
        const char *words[32];
        size_t nw = 0;
        for (size_t k = 0; k < marsad_text_token_count(t) && nw < 32; k++) {
            const marsad_token *tok = marsad_text_token(t, k);
            if (tok->kind == MARSAD_TOK_PUNCT) continue;
            words[nw++] = tok->stem;
        }
        int rc = kbAddPhrase(&final, words, nw, c.aliases[i].kind, c.aliases[i].index);
        marsad_text_free(t);
        if (rc) {
            nomem(err);
            goto done;
        }
    }
    /* 4. the text tables of the final image */
    c.b = &final;
    if (compile_text(&c, dir, &c.names, err)) goto done;
    img = kbSerialize(&final, len);
    if (!img) nomem(err);
    ok = img != NULL;
done:
    marsad_kb_free(tkb);
    free(timg);
    kbBuilderFree(&final);
    kbBuilderFree(&text);
    marsadMapFree(&c.names);
    marsadMapFree(&c.place_ids);
    free(c.aliases);
    marsadArenaFree(&c.arena);
    if (!ok) {
        free(img);
        return NULL;
    }
    return img;
}

/* ------------------------------------------------------------------ */
/* Loading an image                                                    */
/* ------------------------------------------------------------------ */

static int frozen_view(marsad_kb *kb, kbFrozen *f, const unsigned char *d, uint64_t size) {
    memset(f, 0, sizeof *f);
    f->pool = kb->pool;
    if (!d) return 0;
    uint32_t hdr[2];
    if (size < sizeof hdr) return -1;
    memcpy(hdr, d, sizeof hdr);
    uint32_t ns = hdr[0];
    if (ns == 0 || (ns & (ns - 1)) || (uint64_t)ns * sizeof(kbSlot) + sizeof hdr != size) return -1;
    f->slots = (const kbSlot *)(const void *)(d + sizeof hdr);
    f->nslots = ns;
    f->count = hdr[1];
    for (uint32_t i = 0; i < ns; i++) {
        const kbSlot *s = &f->slots[i];
        if (s->hash && ((uint64_t)s->key + s->klen >= kb->pool_len)) return -1;
    }
    return 0;
}

#define VIEW(kb, field, nfield, type, id)                                                 \
    do {                                                                                  \
        if (sz[id] % sizeof(type)) goto corrupt;                                          \
        (kb)->field = (const type *)(const void *)sec[id];                                \
        (kb)->nfield = (size_t)(sz[id] / sizeof(type));                                   \
    } while (0)

static marsad_kb *load_image(const unsigned char *img, size_t len, void *owned, void *mapped,
                             const char *name, marsad_error *err) {
    const unsigned char *sec[KS_MAX];
    uint64_t sz[KS_MAX];
    if (kbOpen(img, len, sec, sz, err, name)) return NULL;
    marsad_kb *kb = calloc(1, sizeof *kb);
    if (!kb) {
        nomem(err);
        return NULL;
    }
    marsadArenaInit(&kb->arena);
    kb->image = img;
    kb->image_len = len;
    kb->owned = owned;
    kb->mapped = mapped;
    memcpy(kb->version, ((const kbHeader *)(const void *)img)->version, sizeof kb->version);
    kb->version[sizeof kb->version - 1] = '\0';
    marsadUtf8Clean(kb->version); /* it goes into every record */
    kb->pool = (const char *)sec[KS_STRINGS];
    kb->pool_len = (size_t)sz[KS_STRINGS];
    if (frozen_view(kb, &kb->lexicon, sec[KS_LEXICON], sz[KS_LEXICON]) ||
        frozen_view(kb, &kb->numbers, sec[KS_NUMBERS], sz[KS_NUMBERS]) ||
        frozen_view(kb, &kb->abbrev, sec[KS_ABBREV], sz[KS_ABBREV]) ||
        frozen_view(kb, &kb->trie, sec[KS_TRIE], sz[KS_TRIE]) ||
        frozen_view(kb, &kb->discourse, sec[KS_DISCOURSE], sz[KS_DISCOURSE]))
        goto corrupt;
    VIEW(kb, nodes, n_nodes, kbNode, KS_NODES);
    VIEW(kb, payloads, n_payloads, kbPayload, KS_PAYLOADS);
    VIEW(kb, places, n_places, kbPlace, KS_PLACES);
    VIEW(kb, actors, n_actors, kbActor, KS_ACTORS);
    VIEW(kb, agents, n_agents, kbAgent, KS_AGENTS);
    VIEW(kb, nations, n_nations, kbNation, KS_NATIONS);
    VIEW(kb, countries, n_countries, kbCountry, KS_COUNTRIES);
    VIEW(kb, cues, n_cues, kbCue, KS_CUES);
    VIEW(kb, terms, n_terms, kbTerm, KS_TERMS);
    VIEW(kb, types, n_types, kbType, KS_TYPES);
    for (size_t i = 0; i < kb->n_nodes; i++)
        if ((uint64_t)kb->nodes[i].first_payload + kb->nodes[i].n_payload > kb->n_payloads)
            goto corrupt;
    for (size_t i = 0; i < kb->n_payloads; i++) {
        const kbPayload *p = &kb->payloads[i];
        size_t lim = p->kind == KP_PLACE   ? kb->n_places
                   : p->kind == KP_ACTOR   ? kb->n_actors
                   : p->kind == KP_AGENT   ? kb->n_agents
                   : p->kind == KP_NATION  ? kb->n_nations
                   : p->kind == KP_CUE     ? kb->n_cues
                   : p->kind == KP_TERM    ? kb->n_terms
                                           : 0;
        if (p->index >= lim) goto corrupt;
    }
    for (size_t i = 0; i < kb->trie.nslots; i++)
        if (kb->trie.slots[i].hash && kb->trie.slots[i].value >= kb->n_nodes) goto corrupt;
    /* number words */
    if (sz[KS_NUMWORDS] % sizeof(kbNumWord)) goto corrupt;
    kb->n_numwords = (size_t)(sz[KS_NUMWORDS] / sizeof(kbNumWord));
    kb->numwords = marsadArenaCalloc(&kb->arena, (kb->n_numwords + 1) * sizeof *kb->numwords);
    if (!kb->numwords) goto nomem_;
    for (size_t i = 0; i < kb->n_numwords; i++) {
        kbNumWord w;
        memcpy(&w, sec[KS_NUMWORDS] + i * sizeof w, sizeof w);
        if (w.kind > NUM_FRACTION) goto corrupt;
        marsadNumWord *m = &kb->numwords[i];
        m->value = w.value;
        m->kind = (marsadNumKind)w.kind;
        m->no_article = (w.flags >> 0) & 1;
        m->plural = (w.flags >> 1) & 1;
        m->dual = (w.flags >> 2) & 1;
        m->teen_only = (w.flags >> 3) & 1;
        m->art_only = (w.flags >> 4) & 1;
    }
    for (size_t i = 0; i < kb->numbers.nslots; i++)
        if (kb->numbers.slots[i].hash && kb->numbers.slots[i].value >= kb->n_numwords)
            goto corrupt;
    /* clitics, longest first per type */
    if (sz[KS_CLITICS] % sizeof(kbClitic)) goto corrupt;
    size_t nc = (size_t)(sz[KS_CLITICS] / sizeof(kbClitic));
    marsadClitic *all = marsadArenaCalloc(&kb->arena, (nc + 1) * 4 * sizeof *all);
    if (!all) goto nomem_;
    kb->procl = all;
    kb->encl = all + nc;
    kb->suffix = all + 2 * nc;
    kb->vprefix = all + 3 * nc;
    for (size_t i = 0; i < nc; i++) {
        kbClitic k;
        memcpy(&k, sec[KS_CLITICS] + i * sizeof k, sizeof k);
        if (k.type > 3 || k.form >= kb->pool_len || k.display >= kb->pool_len) goto corrupt;
        marsadClitic m = {marsadKbStr(kb, k.form), strlen(marsadKbStr(kb, k.form)),
                          marsadKbStr(kb, k.display), k.bits};
        marsadClitic *arr = k.type == 0 ? kb->procl : k.type == 1 ? kb->encl
                          : k.type == 2 ? kb->suffix : kb->vprefix;
        size_t *n = k.type == 0 ? &kb->n_procl : k.type == 1 ? &kb->n_encl
                  : k.type == 2 ? &kb->n_suffix : &kb->n_vprefix;
        size_t j = *n;
        while (j > 0 && arr[j - 1].len < m.len) {
            arr[j] = arr[j - 1];
            j--;
        }
        arr[j] = m;
        (*n)++;
    }
    return kb;
corrupt:
    marsadErrorSet(err, MARSAD_ERR_PARSE, name, 0, "knowledge base tables are corrupt");
    marsad_kb_free(kb);
    return NULL;
nomem_:
    nomem(err);
    marsad_kb_free(kb);
    return NULL;
}

marsad_kb *marsad_kb_load_builtin(marsad_error *err) {
    return load_image(marsadBuiltinImage, marsadBuiltinImageLen, NULL, NULL, "(built-in)", err);
}

marsad_kb *marsad_kb_load_dir(const char *dir, marsad_error *err) {
    if (!dir) {
        marsadErrorSet(err, MARSAD_ERR_ARG, NULL, 0, "no data directory given");
        return NULL;
    }
    size_t len;
    unsigned char *img = marsadKbCompileDir(dir, &len, err);
    if (!img) return NULL;
    marsad_kb *kb = load_image(img, len, img, NULL, dir, err);
    if (!kb) free(img);
    return kb;
}

marsad_kb *marsad_kb_load_file(const char *path, marsad_error *err) {
    if (!path) {
        marsadErrorSet(err, MARSAD_ERR_ARG, NULL, 0, "no file given");
        return NULL;
    }
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        marsadErrorSet(err, MARSAD_ERR_IO, path, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) || st.st_size <= 0) {
        marsadErrorSet(err, MARSAD_ERR_IO, path, 0, "cannot read: %s",
                       st.st_size <= 0 ? "empty file" : strerror(errno));
        close(fd);
        return NULL;
    }
    void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (m == MAP_FAILED) {
        marsadErrorSet(err, MARSAD_ERR_IO, path, 0, "cannot map: %s", strerror(errno));
        return NULL;
    }
    marsad_kb *kb = load_image(m, (size_t)st.st_size, NULL, m, path, err);
    if (!kb) munmap(m, (size_t)st.st_size);
    return kb;
}

int marsad_kb_build(const char *dir, const char *out_path, marsad_error *err) {
    size_t len;
    unsigned char *img = marsadKbCompileDir(dir, &len, err);
    if (!img) return -1;
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", out_path);
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        marsadErrorSet(err, MARSAD_ERR_IO, out_path, 0, "cannot write: %s", strerror(errno));
        free(img);
        return -1;
    }
    int bad = fwrite(img, 1, len, f) != len;
    bad |= fclose(f) != 0;
    free(img);
    if (bad || rename(tmp, out_path)) {
        marsadErrorSet(err, MARSAD_ERR_IO, out_path, 0, "cannot write: %s", strerror(errno));
        remove(tmp);
        return -1;
    }
    return 0;
}

const char *marsad_kb_version(const marsad_kb *kb) { return kb ? kb->version : ""; }

size_t marsad_kb_count(const marsad_kb *kb, const char *table) {
    if (!kb || !table) return 0;
    if (strcmp(table, "lexicon") == 0) return kb->lexicon.count;
    if (strcmp(table, "places") == 0) return kb->n_places;
    if (strcmp(table, "actors") == 0) return kb->n_actors;
    if (strcmp(table, "agents") == 0) return kb->n_agents;
    if (strcmp(table, "nationalities") == 0) return kb->n_nations;
    if (strcmp(table, "countries") == 0) return kb->n_countries;
    if (strcmp(table, "cues") == 0) return kb->n_cues;
    if (strcmp(table, "terms") == 0) return kb->n_terms;
    if (strcmp(table, "types") == 0) return kb->n_types;
    if (strcmp(table, "phrases") == 0) return kb->n_nodes;
    if (strcmp(table, "numbers") == 0) return kb->numbers.count;
    if (strcmp(table, "bytes") == 0) return kb->image_len;
    return 0;
}

void marsad_kb_free(marsad_kb *kb) {
    if (!kb) return;
    if (kb->mapped) munmap(kb->mapped, kb->image_len);
    free(kb->owned);
    marsadArenaFree(&kb->arena);
    free(kb);
}

const char *marsad_version(void) { return MARSAD_VERSION; }

int marsadKbHasWord(const marsad_kb *kb, const char *s, size_t n) {
    return kbFrozenGet(&kb->lexicon, s, n) != 0;
}

int marsadKbWordKind(const marsad_kb *kb, const char *s, size_t n) {
    uint32_t v = kbFrozenGet(&kb->lexicon, s, n);
    return v ? (int)(v - 1) : 0;
}

const marsadNumWord *marsadKbNumber(const marsad_kb *kb, const char *s, size_t n) {
    uint32_t v = kbFrozenGet(&kb->numbers, s, n);
    return v ? &kb->numwords[v - 1] : NULL;
}

int marsadKbIsDiscourse(const marsad_kb *kb, const char *s, size_t n) {
    return kbFrozenGet(&kb->discourse, s, n) != 0;
}

int marsadKbIsAbbrev(const marsad_kb *kb, const char *s, size_t n) {
    return kbFrozenGet(&kb->abbrev, s, n) != 0;
}

uint32_t marsadKbChild(const marsad_kb *kb, uint32_t node, const char *w, size_t n) {
    char key[4 + MARSAD_MAX_TOKEN_BYTES * 2];
    if (n + 4 > sizeof key) return 0;
    memcpy(key, &node, 4);
    memcpy(key + 4, w, n);
    uint32_t v = kbFrozenGet(&kb->trie, key, n + 4);
    return v ? v - 1 : 0;
}
