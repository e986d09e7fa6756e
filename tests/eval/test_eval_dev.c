/* test_eval_dev.c -- sanity check of the scorer on the real gold set: each
 * gold file of DIR (../shared/eval/dev), turned into the marsad/1 record a
 * perfect extractor would write, must score 1.0 on every figure.
 * usage: test_eval_dev DIR; exits 77 (skipped) when DIR is absent. */
#include <dirent.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "marsad.h"

static int failures;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            failures++;                                                                            \
            fprintf(stderr, "FAIL: " __VA_ARGS__);                                                 \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

static json_t *listOf(const json_t *codes, const char *key) {
    json_t *out = json_array();
    size_t i;
    json_t *v;
    json_array_foreach(codes, i, v) {
        json_t *o = json_object();
        json_object_set(o, key, v);
        if (strcmp(key, "value") == 0) json_object_set_new(o, "approx", json_false());
        json_array_append_new(out, o);
    }
    return out;
}

/* The record a perfect extractor would write for this gold file, in the
 * marsad/1 layout (codes and quantities as objects, source_type under
 * attribution, a date from the text). */
static json_t *toRecord(const json_t *gold) {
    json_t *rec = json_object();
    json_object_set_new(rec, "schema", json_string("marsad/1"));
    json_object_set(rec, "doc", json_object_get(gold, "doc"));
    json_t *events = json_array();
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(gold, "events"), i, g) {
        json_t *e = json_object();
        char id[32];
        snprintf(id, sizeof id, "e%zu", i + 1);
        json_object_set_new(e, "id", json_string(id));
        json_object_set(e, "type", json_object_get(g, "type"));
        json_object_set(e, "trigger", json_object_get(g, "trigger"));
        json_object_set_new(e, "actor", listOf(json_object_get(g, "actor"), "code"));
        json_object_set_new(e, "recipient", listOf(json_object_get(g, "recipient"), "code"));
        static const char *const places[] = {"location", "origin", "destination"};
        for (int k = 0; k < 3; k++) json_object_set(e, places[k], json_object_get(g, places[k]));
        json_t *date = json_object_get(g, "date");
        if (json_is_object(date)) {
            json_t *d = json_deep_copy(date);
            json_object_set_new(d, "basis", json_string("text"));
            json_object_set_new(e, "date", d);
        } else {
            json_object_set_new(e, "date", json_null());
        }
        json_object_set_new(e, "quantities", listOf(json_object_get(g, "quantities"), "value"));
        json_object_set(e, "counts", json_object_get(g, "counts"));
        json_object_set(e, "modality", json_object_get(g, "modality"));
        json_t *at = json_object();
        json_object_set(at, "source_type", json_object_get(g, "source_type"));
        json_object_set_new(e, "attribution", at);
        json_array_append_new(events, e);
    }
    json_object_set_new(rec, "events", events);
    return rec;
}

static char *readAll(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) buf[n] = '\0';
    *len = buf ? (size_t)n : 0;
    return buf;
}

static void perfect(const marsad_eval *ev, const char *doc, size_t *defined) {
    for (int fig = MARSAD_EVAL_IDENTIFICATION; fig <= MARSAD_EVAL_ARGUMENTS; fig++) {
        marsad_eval_prf f;
        CHECK(marsad_eval_prf_get(ev, doc, (marsad_eval_figure)fig, &f) == 0, "prf_get %d", fig);
        CHECK(f.fp == 0 && f.fn == 0, "%s figure %d: fp %zu fn %zu", doc ? doc : "total", fig,
              f.fp, f.fn);
        if (f.tp) {
            CHECK(f.precision == 1.0 && f.recall == 1.0 && f.f1 == 1.0, "%s figure %d: F1 %g",
                  doc ? doc : "total", fig, f.f1);
            (*defined)++;
        } else {
            CHECK(isnan(f.f1), "%s figure %d: F1 defined with nothing to count",
                  doc ? doc : "total", fig);
        }
    }
    for (int m = MARSAD_EVAL_MODALITY; m <= MARSAD_EVAL_GEO_161KM; m++) {
        marsad_eval_acc a;
        CHECK(marsad_eval_accuracy_get(ev, doc, (marsad_eval_measure)m, &a) == 0, "acc_get");
        CHECK(a.right == a.total, "%s measure %d: %zu/%zu", doc ? doc : "total", m, a.right,
              a.total);
    }
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: test_eval_dev DIR\n");
        return 2;
    }
    DIR *d = opendir(argv[1]);
    if (!d) {
        printf("SKIPPED: %s is absent (the shared gold set sits beside the repository as "
               "../shared); nothing to check\n",
               argv[1]);
        return 77;
    }
    marsad_eval *ev = marsad_eval_new();
    size_t docs = 0, events = 0, defined = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 11 || strcmp(e->d_name + n - 10, ".gold.json") != 0) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name);
        size_t len;
        char *text = readAll(path, &len);
        CHECK(text != NULL, "%s: cannot read", path);
        if (!text) continue;
        json_error_t je;
        json_t *gold = json_loadb(text, len, 0, &je);
        CHECK(gold != NULL, "%s: %s", path, je.text);
        if (!gold) {
            free(text);
            continue;
        }
        json_t *rec = toRecord(gold);
        char *pred = json_dumps(rec, JSON_COMPACT);
        marsad_error err;
        memset(&err, 0, sizeof err);
        int rc = marsad_eval_add_json(ev, text, len, path, pred, strlen(pred), "converted", 1, &err);
        CHECK(rc == 0, "%s: %s", path, err.msg);
        if (rc == 0) {
            perfect(ev, json_string_value(json_object_get(json_object_get(gold, "doc"), "id")),
                    &defined);
            docs++;
            events += json_array_size(json_object_get(gold, "events"));
        }
        free(pred);
        json_decref(rec);
        json_decref(gold);
        free(text);
    }
    closedir(d);
    CHECK(docs > 0, "no gold files in %s", argv[1]);
    perfect(ev, NULL, &defined);
    marsad_eval_prf f;
    marsad_eval_prf_get(ev, NULL, MARSAD_EVAL_CLASSIFICATION, &f);
    CHECK(f.tp == events, "matched %zu of %zu events", f.tp, events);
    marsad_eval_acc a;
    marsad_eval_accuracy_get(ev, NULL, MARSAD_EVAL_GEO_10KM, &a);
    CHECK(a.total > 0, "no geocoded place was compared");
    printf("%zu documents, %zu events, %zu figures at 1.0, %zu places geocoded: %s\n", docs,
           events, defined, a.total, failures ? "FAILED" : "all perfect");
    marsad_eval_free(ev);
    return failures ? 1 : 0;
}
