/*
 * cmd_train_ner.c -- `marsad train-ner`: trains the NER tagger on CoNLL
 * files, optionally holding out the last part for an exact-span score,
 * and writes the model file.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

extern const cli_command cli_train_ner;

static const char usage[] =
    "usage: marsad train-ner --seed N --out FILE [--epochs E] [--dev-split F]\n"
    "                        [--hash-bits B] [--extra FILE]... [--kb-dir DIR]\n"
    "                        [--unlabeled FILE... | --clusters FILE] [--save-clusters FILE]\n"
    "                        CONLL...\n"
    "\n"
    "Trains the named-entity tagger (an averaged perceptron) on the sentences of\n"
    "the CoNLL files (token and BIO tag a line, blank line between sentences) and\n"
    "writes the model to FILE.  The same files, options and seed give the same\n"
    "model bytes.\n"
    "\n"
    "options:\n"
    "  --seed N        the seed of the sentence shuffles (required)\n"
    "  --out FILE      where to write the model (required)\n"
    "  --epochs E      passes over the data (default 20)\n"
    "  --dev-split F   hold out the last fraction F (0 <= F < 1) of the CONLL\n"
    "                  files' sentences, train on the rest and print exact-span\n"
    "                  precision, recall and F1 on the held-out part (default 0)\n"
    "  --hash-bits B   the feature table has 2^B rows (16 .. 24, default 20)\n"
    "  --extra FILE    more training sentences, never held out (may repeat)\n"
    "  --kb-dir DIR    read the knowledge base from DIR's data files\n"
    "  --unlabeled FILE  unlabeled text ('-': standard input; may repeat; JSON Lines\n"
    "                  of articles work as they are) to learn word classes from and\n"
    "                  to self-train on; the model carries the word table\n"
    "  --clusters FILE   use this word table (from --save-clusters) instead of\n"
    "                  learning one; with --unlabeled only its self-training\n"
    "                  figures are recomputed\n"
    "  --save-clusters FILE  also write the model's word table as text\n";

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress(void *ctx, const char *line) {
    double t0 = *(const double *)ctx;
    fprintf(stderr, "marsad: train-ner: %.1f s: %s\n", now() - t0, line);
}

static int parse_u64(const char *s, unsigned long long *v) {
    char *end;
    if (!*s || *s == '-') return -1;
    *v = strtoull(s, &end, 10);
    return *end ? -1 : 0;
}

static void print_error(const char *what, const marsad_error *err) {
    if (err->line)
        fprintf(stderr, "marsad: %s:%zu: %s\n", err->file, err->line, err->msg);
    else
        fprintf(stderr, "marsad: %s: %s\n", err->file[0] ? err->file : what, err->msg);
}

static int run(int argc, char **argv) {
    const char *out = NULL, *kb_dir = NULL, *clusters_in = NULL, *clusters_out = NULL;
    int nunl = 0;
    unsigned long long seed = 0, epochs = 0, bits = 0;
    int have_seed = 0;
    double split = 0;
    int nfiles = 0, nextra = 0;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    const char **extra = calloc((size_t)argc + 1, sizeof *extra);
    const char **unl = calloc((size_t)argc + 1, sizeof *unl);
    marsad_ner_clusters *cl = NULL;
    size_t *sel = NULL, *dev = NULL;
    marsad_ner_corpus *c = NULL;
    marsad_kb *kb = NULL;
    marsad_ner_model *m = NULL;
    int rc = CLI_SOME_FAILED;
    if (!files || !extra || !unl) goto done;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_value = i + 1 < argc;
        const char *v = has_value ? argv[i + 1] : NULL;
        if (strcmp(a, "--seed") == 0 || strcmp(a, "--epochs") == 0 ||
            strcmp(a, "--hash-bits") == 0) {
            unsigned long long x;
            if (!v || parse_u64(v, &x)) {
                rc = cli_usage_error("train-ner", "%s needs a non-negative integer", a);
                goto done;
            }
            if (a[2] == 's') {
                seed = x;
                have_seed = 1;
            } else if (a[2] == 'e') {
                epochs = x;
            } else {
                bits = x;
            }
            i++;
        } else if (strcmp(a, "--dev-split") == 0) {
            char *end = NULL;
            split = v ? strtod(v, &end) : -1;
            if (!v || *end || !(split >= 0 && split < 1)) {
                rc = cli_usage_error("train-ner", "--dev-split needs a fraction in [0, 1)");
                goto done;
            }
            i++;
        } else if (strcmp(a, "--out") == 0 || strcmp(a, "--kb-dir") == 0 ||
                   strcmp(a, "--extra") == 0 || strcmp(a, "--unlabeled") == 0 ||
                   strcmp(a, "--clusters") == 0 || strcmp(a, "--save-clusters") == 0) {
            if (!v) {
                rc = cli_usage_error("train-ner", "%s needs a value", a);
                goto done;
            }
            if (strcmp(a, "--out") == 0) out = v;
            else if (strcmp(a, "--kb-dir") == 0) kb_dir = v;
            else if (strcmp(a, "--extra") == 0) extra[nextra++] = v;
            else if (strcmp(a, "--unlabeled") == 0) unl[nunl++] = v;
            else if (strcmp(a, "--clusters") == 0) clusters_in = v;
            else clusters_out = v;
            i++;
        } else if (a[0] == '-' && a[1] != '\0') {
            rc = cli_usage_error("train-ner", "unknown option '%s'", a);
            goto done;
        } else {
            files[nfiles++] = a;
        }
    }
    if (!have_seed || !out || nfiles == 0) {
        rc = cli_usage_error("train-ner", "--seed, --out and at least one CoNLL file are needed");
        goto done;
    }
    if (epochs > 1000 || (bits && (bits < 16 || bits > 24))) {
        rc = cli_usage_error("train-ner", "--epochs at most 1000, --hash-bits 16 .. 24");
        goto done;
    }
    if (clusters_out && !nunl && !clusters_in) {
        rc = cli_usage_error("train-ner", "--save-clusters needs --unlabeled or --clusters");
        goto done;
    }
    kb = cli_load_kb(kb_dir);
    c = marsad_ner_corpus_new();
    if (!kb || !c) goto done;
    marsad_error err;
    memset(&err, 0, sizeof err);
    if (clusters_in) {
        cl = marsad_ner_clusters_load(clusters_in, &err);
        if (!cl) {
            print_error(clusters_in, &err);
            goto done;
        }
    }
    for (int f = 0; f < nfiles; f++)
        if (marsad_ner_corpus_read_conll(c, files[f], &err) < 0) {
            print_error(files[f], &err);
            goto done;
        }
    size_t nmain = marsad_ner_corpus_sentence_count(c);
    for (int f = 0; f < nextra; f++)
        if (marsad_ner_corpus_read_conll(c, extra[f], &err) < 0) {
            print_error(extra[f], &err);
            goto done;
        }
    size_t nall = marsad_ner_corpus_sentence_count(c);
    /* the first (1 - split) of the main sentences, then all the extra ones */
    size_t ntrain = (size_t)((double)nmain * (1.0 - split) + 1e-9);
    size_t ndev = nmain - ntrain;
    sel = malloc((nall ? nall : 1) * sizeof *sel);
    dev = malloc((ndev ? ndev : 1) * sizeof *dev);
    if (!sel || !dev) {
        fprintf(stderr, "marsad: train-ner: out of memory\n");
        goto done;
    }
    size_t nsel = 0;
    for (size_t i = 0; i < ntrain; i++) sel[nsel++] = i;
    for (size_t i = nmain; i < nall; i++) sel[nsel++] = i;
    for (size_t i = 0; i < ndev; i++) dev[i] = ntrain + i;
    fprintf(stderr,
            "marsad: train-ner: %zu sentences (%zu tokens) read; training on %zu, holding out "
            "%zu\n",
            nall, marsad_ner_corpus_token_count(c), nsel, ndev);

    double t0 = now();
    marsad_ner_train_options o;
    memset(&o, 0, sizeof o);
    o.seed = seed;
    o.epochs = (unsigned)epochs;
    o.hash_bits = (unsigned)bits;
    o.kb = kb;
    o.clusters = cl;
    o.unlabeled = unl;
    o.n_unlabeled = (size_t)nunl;
    o.log = progress;
    o.log_ctx = &t0;
    m = marsad_ner_train(c, sel, nsel, &o, &err);
    if (!m) {
        print_error("train-ner", &err);
        goto done;
    }
    fprintf(stderr, "marsad: train-ner: trained in %.1f s: %s\n", now() - t0,
            marsad_ner_model_info(m));
    if (marsad_ner_model_save(m, out, &err)) {
        print_error(out, &err);
        goto done;
    }
    if (clusters_out && marsad_ner_clusters_save(marsad_ner_model_clusters(m), clusters_out, &err)) {
        print_error(clusters_out, &err);
        goto done;
    }
    if (ndev) {
        marsad_ner_counts k;
        memset(&k, 0, sizeof k);
        if (marsad_ner_evaluate(m, c, dev, ndev, kb, NULL, &k, &err)) {
            print_error("train-ner", &err);
            goto done;
        }
        printf("# held out: the last %zu of %zu sentences\n", ndev, nmain);
        char *table = marsad_ner_counts_table(&k);
        if (!table) {
            fprintf(stderr, "marsad: train-ner: out of memory\n");
            goto done;
        }
        fputs(table, stdout);
        marsad_free(table);
    }
    rc = CLI_OK;
done:
    free((void *)files);
    free((void *)extra);
    free((void *)unl);
    marsad_ner_clusters_free(cl);
    free(sel);
    free(dev);
    marsad_ner_model_free(m);
    marsad_ner_corpus_free(c);
    marsad_kb_free(kb);
    return rc;
}

const cli_command cli_train_ner = {"train-ner", "train the named-entity tagger on CoNLL files",
                                   usage, run};
