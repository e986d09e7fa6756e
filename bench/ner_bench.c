/*
 * ner_bench.c -- the NER tagger's speed: runs the text stage over the
 * inputs once, then times marsad_ner_tag_text alone (CPU time of this
 * thread, so other work on the machine counts little) and prints tokens/s.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "marsad.h"

static double cpu_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double wall_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int usage(void) {
    fprintf(stderr,
            "usage: ner_bench MODEL [--lines] [--max-mb N] [--repeat R] FILE...\n"
            "  --lines     each line of a file is a document (JSON Lines work as they are)\n"
            "  --max-mb N  read at most N MB of text (default 32)\n"
            "  --repeat R  tag everything R times (default 3); the best pass counts\n");
    return 2;
}

int main(int argc, char **argv) {
    if (argc < 3) return usage();
    const char *model_path = argv[1];
    int lines = 0;
    size_t max_bytes = (size_t)32 << 20;
    int repeat = 3;
    int first_file = 0;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--lines") == 0) {
            lines = 1;
        } else if (strcmp(argv[i], "--max-mb") == 0 && i + 1 < argc) {
            max_bytes = (size_t)atol(argv[++i]) << 20;
        } else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
            repeat = atoi(argv[++i]);
            if (repeat < 1) repeat = 1;
        } else if (argv[i][0] == '-') {
            return usage();
        } else if (!first_file) {
            first_file = i;
        }
    }
    if (!first_file) return usage();
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_ner_model *m = marsad_ner_model_load(model_path, &err);
    if (!m) {
        fprintf(stderr, "ner_bench: %s: %s\n", model_path, err.msg);
        return 1;
    }
    marsad_kb *kb = marsad_kb_load_builtin(&err);
    if (!kb) {
        fprintf(stderr, "ner_bench: knowledge base: %s\n", err.msg);
        return 1;
    }

    /* the documents, through the text stage */
    size_t cap = 1024, ndocs = 0, bytes = 0, tokens = 0;
    marsad_text **docs = malloc(cap * sizeof *docs);
    double t0 = wall_now();
    for (int i = first_file; i < argc && bytes < max_bytes; i++) {
        if (argv[i][0] == '-' ) {
            if (strcmp(argv[i], "--max-mb") == 0 || strcmp(argv[i], "--repeat") == 0) i++;
            continue;
        }
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            fprintf(stderr, "ner_bench: cannot open %s\n", argv[i]);
            return 1;
        }
        char *line = NULL;
        size_t lcap = 0;
        ssize_t got;
        char *whole = NULL;
        size_t wl = 0;
        while (bytes < max_bytes && (got = getline(&line, &lcap, f)) >= 0) {
            if (!lines) {
                whole = realloc(whole, wl + (size_t)got + 1);
                memcpy(whole + wl, line, (size_t)got);
                wl += (size_t)got;
                bytes += (size_t)got;
                continue;
            }
            marsad_text *t = marsad_text_new(kb, line, (size_t)got, NULL, NULL);
            if (!t) continue;
            if (ndocs == cap) docs = realloc(docs, (cap *= 2) * sizeof *docs);
            docs[ndocs++] = t;
            bytes += (size_t)got;
            tokens += marsad_text_token_count(t);
        }
        if (!lines && wl) {
            marsad_text *t = marsad_text_new(kb, whole, wl, NULL, NULL);
            if (t) {
                if (ndocs == cap) docs = realloc(docs, (cap *= 2) * sizeof *docs);
                docs[ndocs++] = t;
                tokens += marsad_text_token_count(t);
            }
        }
        free(whole);
        free(line);
        fclose(f);
    }
    double text_wall = wall_now() - t0;

    double best = 1e30;
    size_t entities = 0;
    for (int r = 0; r < repeat; r++) {
        double c0 = cpu_now();
        size_t ents = 0;
        for (size_t d = 0; d < ndocs; d++) {
            marsad_ner_entity *e = NULL;
            size_t n = 0;
            if (marsad_ner_tag_text(m, docs[d], NULL, &e, &n, &err)) {
                fprintf(stderr, "ner_bench: %s\n", err.msg);
                return 1;
            }
            ents += n;
            marsad_free(e);
        }
        double c = cpu_now() - c0;
        if (c < best) best = c;
        entities = ents;
    }
    printf("documents\t%zu\nbytes\t%zu\ntokens\t%zu\nentities\t%zu\n", ndocs, bytes, tokens,
           entities);
    printf("text stage (wall)\t%.2f s\t%.0f tokens/s\n", text_wall,
           text_wall > 0 ? (double)tokens / text_wall : 0.0);
    printf("ner tagging (cpu, best of %d)\t%.3f s\t%.0f tokens/s\n", repeat, best,
           best > 0 ? (double)tokens / best : 0.0);
    printf("model\t%s\n", marsad_ner_model_info(m));
    for (size_t d = 0; d < ndocs; d++) marsad_text_free(docs[d]);
    free(docs);
    marsad_kb_free(kb);
    marsad_ner_model_free(m);
    return 0;
}
