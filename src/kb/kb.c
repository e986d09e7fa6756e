/*
 * kb.c -- loads the knowledge base from data files, either the copies
 * built into the library or a data/ directory, into lookup tables that
 * are immutable afterwards and shared by all threads.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb_internal.h"

typedef struct source {
    const char *dir; /* NULL: built-in copies */
} source;

/* Reads one data file into memory (free with free). */
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

typedef int (*line_fn)(marsad_kb *kb, marsadTsv *t, marsad_error *err);

static int load_file(marsad_kb *kb, const source *src, const char *name, size_t min_fields,
                     line_fn fn, marsad_error *err) {
    const char *data = NULL;
    size_t len = 0;
    char *owned = NULL;
    char path[4096];
    const char *label = name;
    if (src->dir) {
        snprintf(path, sizeof path, "%s/%s", src->dir, name);
        owned = read_file(path, &len, err);
        if (!owned) return -1;
        data = owned;
        label = path;
    } else {
        for (const marsadEmbeddedFile *f = marsadEmbeddedFiles; f->name; f++)
            if (strcmp(f->name, name) == 0) {
                data = f->data;
                len = f->len;
            }
        if (!data) {
            marsadErrorSet(err, MARSAD_ERR_IO, name, 0, "data file is not built in");
            return -1;
        }
    }
    marsadTsv t;
    marsadTsvInit(&t, label, data, len);
    int rc;
    while ((rc = marsadTsvNext(&t, err)) == 1) {
        if (t.nfields < min_fields) {
            marsadErrorSet(err, MARSAD_ERR_PARSE, label, t.line,
                           "expected at least %zu tab-separated fields, found %zu", min_fields,
                           t.nfields);
            rc = -1;
            break;
        }
        if (fn(kb, &t, err)) {
            if (err && !err->line) {
                size_t ll = strlen(label);
                if (ll >= sizeof err->file) ll = sizeof err->file - 1;
                memcpy(err->file, label, ll);
                err->file[ll] = '\0';
                err->line = t.line;
            }
            rc = -1;
            break;
        }
    }
    marsadTsvFree(&t);
    free(owned);
    return rc < 0 ? -1 : 0;
}

/* Normalizes s into the arena with `flags`; NULL on failure. */
static char *norm_dup(marsad_kb *kb, const char *s, unsigned flags, size_t *len) {
    char *n = marsad_normalize(s, strlen(s), flags, len, NULL);
    if (!n) return NULL;
    char *p = marsadArenaStrndup(&kb->arena, n, *len);
    free(n);
    return p;
}

static int lexicon_line(marsad_kb *kb, marsadTsv *t, marsad_error *err) {
    size_t n;
    char *w = norm_dup(kb, t->fields[0], MARSAD_NORM_SEG, &n);
    if (!w || marsadMapPut(&kb->lexicon, w, n, 1)) {
        marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
        return -1;
    }
    return 0;
}

static int parse_bits(const char *s, unsigned *bits) {
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {{"WA", MARSAD_CL_WA}, {"FA", MARSAD_CL_FA}, {"BI", MARSAD_CL_BI},
                 {"KA", MARSAD_CL_KA}, {"LI", MARSAD_CL_LI}, {"SA", MARSAD_CL_SA},
                 {"AL", MARSAD_CL_AL}, {"PRON", 0}, {"ENCL", MARSAD_CL_ENCL_ONLY}, {"STRICT", MARSAD_CL_STRICT}};
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

static int clitic_line(marsad_kb *kb, marsadTsv *t, marsad_error *err) {
    /* form  type(pro|en|suffix|vprefix)  display  bits */
    static const char *const types[] = {"pro", "en", "suffix", "vprefix"};
    int type = -1;
    for (int k = 0; k < 4; k++)
        if (strcmp(t->fields[1], types[k]) == 0) type = k;
    if (type < 0) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, NULL, 0,
                       "clitic type must be pro, en, suffix or vprefix, not '%s'", t->fields[1]);
        return -1;
    }
    marsadClitic c;
    if (parse_bits(t->fields[3], &c.bits)) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, NULL, 0, "unknown clitic bits '%s'", t->fields[3]);
        return -1;
    }
    c.form = norm_dup(kb, t->fields[0], MARSAD_NORM_SEG, &c.len);
    if (type == 2 && strcmp(t->fields[2], "-") == 0) {
        c.display = "";
    } else {
        size_t dl;
        c.display = type == 2 ? norm_dup(kb, t->fields[2], MARSAD_NORM_SEG, &dl)
                              : marsadArenaStrndup(&kb->arena, t->fields[2], strlen(t->fields[2]));
    }
    if (!c.form || !c.display) {
        marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
        return -1;
    }
    if (c.len == 0) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, NULL, 0, "empty clitic form");
        return -1;
    }
    marsadClitic **arr = type == 0 ? &kb->procl
                         : type == 1 ? &kb->encl
                         : type == 2 ? &kb->suffix
                                     : &kb->vprefix;
    size_t *n = type == 0 ? &kb->n_procl
              : type == 1 ? &kb->n_encl
              : type == 2 ? &kb->n_suffix
                          : &kb->n_vprefix;
    marsadClitic *na = marsadArenaAlloc(&kb->arena, (*n + 1) * sizeof *na);
    if (!na) {
        marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
        return -1;
    }
    if (*n) memcpy(na, *arr, *n * sizeof *na);
    /* keep longest first: insertion */
    size_t k = *n;
    while (k > 0 && na[k - 1].len < c.len) {
        na[k] = na[k - 1];
        k--;
    }
    na[k] = c;
    *arr = na;
    (*n)++;
    return 0;
}

static int number_line(marsad_kb *kb, marsadTsv *t, marsad_error *err) {
    /* form  value  kind  flags */
    static const struct {
        const char *name;
        marsadNumKind kind;
    } kinds[] = {{"unit", NUM_UNIT},         {"teen-ten", NUM_TEEN_TEN}, {"tens", NUM_TENS},
                 {"hundreds", NUM_HUNDREDS}, {"scale", NUM_MULT},        {"vague", NUM_VAGUE},
                 {"ordinal", NUM_ORDINAL},   {"fraction", NUM_FRACTION}};
    marsadNumWord w;
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
    w.kind = kinds[k].kind;
    const char *fl = t->nfields > 3 ? t->fields[3] : "";
    w.no_article = strstr(fl, "noart") != NULL;
    w.plural = strstr(fl, "plural") != NULL;
    w.dual = strstr(fl, "dual") != NULL;
    w.teen_only = strstr(fl, "teenonly") != NULL;
    w.art_only = strstr(fl, "artonly") != NULL;
    if (kb->n_numwords % 64 == 0) {
        marsadNumWord *nw = marsadArenaAlloc(&kb->arena, (kb->n_numwords + 64) * sizeof *nw);
        if (!nw) goto nomem;
        if (kb->n_numwords) memcpy(nw, kb->numwords, kb->n_numwords * sizeof *nw);
        kb->numwords = nw;
    }
    kb->numwords[kb->n_numwords++] = w;
    size_t n;
    char *form = norm_dup(kb, t->fields[0], MARSAD_NORM_DEFAULT, &n);
    if (!form || marsadMapPut(&kb->numbers, form, n, (intptr_t)kb->n_numwords)) goto nomem;
    return 0;
nomem:
    marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
    return -1;
}

static int abbrev_line(marsad_kb *kb, marsadTsv *t, marsad_error *err) {
    size_t n;
    char *a = norm_dup(kb, t->fields[0], MARSAD_NORM_DEFAULT, &n);
    while (a && n && a[n - 1] == '.') a[--n] = '\0';
    if (!a || marsadMapPut(&kb->abbrev, a, n, 1)) {
        marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
        return -1;
    }
    return 0;
}

static int version_line(marsad_kb *kb, marsadTsv *t, marsad_error *err) {
    (void)err;
    snprintf(kb->version, sizeof kb->version, "%s", t->fields[0]);
    return 0;
}

static marsad_kb *load(const source *src, marsad_error *err) {
    marsad_kb *kb = calloc(1, sizeof *kb);
    if (!kb) {
        marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    marsadArenaInit(&kb->arena);
    if (marsadMapInit(&kb->lexicon, &kb->arena) || marsadMapInit(&kb->numbers, &kb->arena) ||
        marsadMapInit(&kb->abbrev, &kb->arena)) {
        marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
        marsad_kb_free(kb);
        return NULL;
    }
    struct {
        const char *name;
        size_t min_fields;
        line_fn fn;
    } files[] = {
        {"kb-version.txt", 1, version_line}, {"lexicon-ar.tsv", 1, lexicon_line},
        {"lexicon-extra.tsv", 1, lexicon_line}, {"clitics.tsv", 4, clitic_line},
        {"numbers.tsv", 3, number_line},     {"abbreviations.tsv", 1, abbrev_line},
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        if (load_file(kb, src, files[i].name, files[i].min_fields, files[i].fn, err)) {
            marsad_kb_free(kb);
            return NULL;
        }
    }
    return kb;
}

marsad_kb *marsad_kb_load_builtin(marsad_error *err) {
    source s = {NULL};
    return load(&s, err);
}

marsad_kb *marsad_kb_load_dir(const char *dir, marsad_error *err) {
    if (!dir) {
        marsadErrorSet(err, MARSAD_ERR_ARG, NULL, 0, "no data directory given");
        return NULL;
    }
    source s = {dir};
    return load(&s, err);
}

const char *marsad_kb_version(const marsad_kb *kb) { return kb ? kb->version : ""; }

void marsad_kb_free(marsad_kb *kb) {
    if (!kb) return;
    marsadMapFree(&kb->lexicon);
    marsadMapFree(&kb->numbers);
    marsadMapFree(&kb->abbrev);
    marsadArenaFree(&kb->arena);
    free(kb);
}

const char *marsad_version(void) { return MARSAD_VERSION; }
