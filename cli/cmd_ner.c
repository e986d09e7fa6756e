/*
 * cmd_ner.c -- `marsad ner`: named-entity mentions of each input, the
 * tags of a CoNLL file's tokens, or exact-span scores against a gold
 * CoNLL file.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

extern const cli_command cli_ner;

static const char usage[] =
    "usage: marsad ner [--model FILE] [--kb-dir DIR] [FILE...]\n"
    "       marsad ner --conll IN.conll [--model FILE]\n"
    "       marsad ner --score GOLD.conll [--pred PRED.conll | --model FILE]\n"
    "\n"
    "Finds names of persons, organisations, places and other things (PERS, ORG,\n"
    "LOC, MISC) in each FILE (standard input when none, or '-') with the\n"
    "statistical tagger, one mention a line, tab-separated:\n"
    "  start  end  label  text\n"
    "start/end are code point offsets into the text as Python's\n"
    "decode('utf-8', 'replace') reads it.  With several files, a line '# FILE'\n"
    "precedes each file's mentions.\n"
    "\n"
    "options:\n"
    "  --model FILE   the model (default: $MARSAD_NER_MODEL, else data/ner-model.bin\n"
    "                 in the current directory or beside the marsad executable's\n"
    "                 source tree)\n"
    "  --conll IN     tag the tokens of a CoNLL file (token in the first column,\n"
    "                 blank line between sentences) and print token<TAB>tag lines\n"
    "  --score GOLD   tag GOLD's tokens and print exact-span precision, recall and\n"
    "                 F1 per label and micro (conlleval's rules)\n"
    "  --pred PRED    with --score: score the tags of PRED (a CoNLL file with the\n"
    "                 same tokens) instead of tagging\n"
    "  --kb-dir DIR   read the knowledge base from DIR's data files\n";

/* The default model: $MARSAD_NER_MODEL, ./data/ner-model.bin, or
 * data/ner-model.bin in the source tree above the executable. */
static const char *default_model(char *buf, size_t cap) {
    const char *env = getenv("MARSAD_NER_MODEL");
    if (env && *env) return env;
    if (access("data/ner-model.bin", R_OK) == 0) return "data/ner-model.bin";
    ssize_t n = readlink("/proc/self/exe", buf, cap - 1);
    if (n > 0) {
        buf[n] = '\0';
        static const char *const rel[] = {"/data/ner-model.bin", "/../data/ner-model.bin",
                                          "/../../data/ner-model.bin"};
        char *slash = strrchr(buf, '/');
        if (slash) {
            *slash = '\0';
            size_t dl = strlen(buf);
            for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
                if (dl + strlen(rel[i]) + 1 > cap) continue;
                strcpy(buf + dl, rel[i]);
                if (access(buf, R_OK) == 0) return buf;
                buf[dl] = '\0';
            }
        }
    }
    return "data/ner-model.bin";
}

static marsad_ner_model *load_model(const char *path) {
    char buf[4096];
    if (!path) path = default_model(buf, sizeof buf);
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_ner_model *m = marsad_ner_model_load(path, &err);
    if (!m) fprintf(stderr, "marsad: %s: %s\n", err.file[0] ? err.file : path, err.msg);
    return m;
}

static void print_error(const char *what, const marsad_error *err) {
    if (err->line)
        fprintf(stderr, "marsad: %s:%zu: %s\n", err->file, err->line, err->msg);
    else
        fprintf(stderr, "marsad: %s: %s\n", err->file[0] ? err->file : what, err->msg);
}

static marsad_ner_corpus *read_corpus(const char *path) {
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_ner_corpus *c = marsad_ner_corpus_new();
    if (!c) {
        fprintf(stderr, "marsad: out of memory\n");
        return NULL;
    }
    if (marsad_ner_corpus_read_conll(c, path, &err) < 0) {
        print_error(path, &err);
        marsad_ner_corpus_free(c);
        return NULL;
    }
    return c;
}

/* Prints the exact-span table; -1 when memory runs out. */
static int print_counts(const marsad_ner_counts *k) {
    char *table = marsad_ner_counts_table(k);
    if (!table) return -1;
    fputs(table, stdout);
    marsad_free(table);
    return 0;
}

static int run_conll(const char *in, const char *model_path, const marsad_kb *kb) {
    marsad_ner_model *m = load_model(model_path);
    if (!m) return CLI_SOME_FAILED;
    marsad_ner_corpus *c = read_corpus(in);
    int rc = c ? CLI_OK : CLI_SOME_FAILED;
    size_t ns = c ? marsad_ner_corpus_sentence_count(c) : 0;
    size_t nt = c ? marsad_ner_corpus_token_count(c) : 0;
    const char **toks = malloc((nt ? nt : 1) * sizeof *toks);
    const char **tags = malloc((nt ? nt : 1) * sizeof *tags);
    size_t *off = malloc((ns + 1) * sizeof *off);
    if (c && (!toks || !tags || !off)) {
        fprintf(stderr, "marsad: ner: out of memory\n");
        rc = CLI_SOME_FAILED;
    }
    if (rc == CLI_OK) {
        /* the whole file as one document: the sentences tagged together */
        off[0] = 0;
        for (size_t s = 0; s < ns; s++) {
            const char *const *st;
            size_t n = marsad_ner_corpus_sentence(c, s, &st, NULL);
            memcpy((void *)(toks + off[s]), st, n * sizeof *toks);
            off[s + 1] = off[s] + n;
        }
        marsad_error err;
        memset(&err, 0, sizeof err);
        if (marsad_ner_tag_sentences(m, kb, toks, off, ns, NULL, tags, &err)) {
            print_error(in, &err);
            rc = CLI_SOME_FAILED;
        }
    }
    for (size_t s = 0; rc == CLI_OK && s < ns; s++) {
        for (size_t i = off[s]; i < off[s + 1]; i++) printf("%s\t%s\n", toks[i], tags[i]);
        printf("\n");
    }
    free((void *)toks);
    free((void *)tags);
    free(off);
    marsad_ner_corpus_free(c);
    marsad_ner_model_free(m);
    return rc;
}

static int run_score(const char *gold, const char *pred, const char *model_path,
                     const marsad_kb *kb) {
    marsad_ner_corpus *g = read_corpus(gold);
    if (!g) return CLI_SOME_FAILED;
    marsad_ner_counts k;
    memset(&k, 0, sizeof k);
    int rc = CLI_OK;
    if (pred) {
        marsad_ner_corpus *p = read_corpus(pred);
        if (!p) {
            marsad_ner_corpus_free(g);
            return CLI_SOME_FAILED;
        }
        size_t ns = marsad_ner_corpus_sentence_count(g);
        if (ns != marsad_ner_corpus_sentence_count(p)) {
            fprintf(stderr, "marsad: ner: %s has %zu sentences, %s has %zu\n", gold, ns, pred,
                    marsad_ner_corpus_sentence_count(p));
            rc = CLI_SOME_FAILED;
        }
        for (size_t s = 0; rc == CLI_OK && s < ns; s++) {
            const char *const *gt, *const *pt;
            size_t n = marsad_ner_corpus_sentence(g, s, NULL, &gt);
            if (marsad_ner_corpus_sentence(p, s, NULL, &pt) != n) {
                fprintf(stderr, "marsad: ner: sentence %zu has a different length in %s\n",
                        s + 1, pred);
                rc = CLI_SOME_FAILED;
                break;
            }
            marsad_ner_counts_add(&k, gt, pt, n);
        }
        marsad_ner_corpus_free(p);
    } else {
        marsad_ner_model *m = load_model(model_path);
        marsad_error err;
        memset(&err, 0, sizeof err);
        if (!m) {
            rc = CLI_SOME_FAILED;
        } else if (marsad_ner_evaluate(m, g, NULL, 0, kb, NULL, &k, &err)) {
            print_error(gold, &err);
            rc = CLI_SOME_FAILED;
        }
        marsad_ner_model_free(m);
    }
    if (rc == CLI_OK && print_counts(&k)) {
        fprintf(stderr, "marsad: ner: out of memory\n");
        rc = CLI_SOME_FAILED;
    }
    marsad_ner_corpus_free(g);
    return rc;
}

/* Prints one mention's text with tabs and line breaks as spaces. */
static void print_text(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        putchar(ch == '\t' || ch == '\n' || ch == '\r' ? ' ' : ch);
    }
}

static int run_files(const char **files, int nfiles, const char *model_path, const marsad_kb *kb) {
    marsad_ner_model *m = load_model(model_path);
    if (!m) return CLI_SOME_FAILED;
    int failed = 0;
    for (int f = 0; f < nfiles; f++) {
        char *data = NULL;
        size_t len = 0;
        if (cli_read_file(files[f], MARSAD_MAX_DOC_BYTES, &data, &len)) {
            failed++;
            continue;
        }
        marsad_error err;
        memset(&err, 0, sizeof err);
        marsad_text *t = marsad_text_new(kb, data, len, NULL, &err);
        free(data);
        marsad_ner_entity *ents = NULL;
        size_t ne = 0;
        if (!t || marsad_ner_tag_text(m, t, NULL, &ents, &ne, &err)) {
            fprintf(stderr, "marsad: %s: %s\n", files[f], err.msg);
            marsad_text_free(t);
            failed++;
            continue;
        }
        if (nfiles > 1) printf("# %s\n", files[f]);
        const char *u = marsad_text_utf8(t);
        for (size_t i = 0; i < ne; i++) {
            printf("%zu\t%zu\t%s\t", ents[i].start, ents[i].end,
                   marsad_ner_label_name(ents[i].label));
            print_text(u + ents[i].byte_start, ents[i].byte_end - ents[i].byte_start);
            putchar('\n');
        }
        marsad_free(ents);
        marsad_text_free(t);
    }
    marsad_ner_model_free(m);
    return failed ? CLI_SOME_FAILED : CLI_OK;
}

static int run(int argc, char **argv) {
    const char *model = NULL, *kb_dir = NULL, *conll = NULL, *score = NULL, *pred = NULL;
    int nfiles = 0;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    if (!files) return CLI_SOME_FAILED;
    int rc = CLI_OK;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = strcmp(a, "--model") == 0    ? &model
                            : strcmp(a, "--kb-dir") == 0 ? &kb_dir
                            : strcmp(a, "--conll") == 0  ? &conll
                            : strcmp(a, "--score") == 0  ? &score
                            : strcmp(a, "--pred") == 0   ? &pred
                                                         : NULL;
        if (slot) {
            if (i + 1 >= argc) {
                rc = cli_usage_error("ner", "%s needs a value", a);
                goto done;
            }
            *slot = argv[++i];
        } else if (a[0] == '-' && a[1] != '\0') {
            rc = cli_usage_error("ner", "unknown option '%s'", a);
            goto done;
        } else {
            files[nfiles++] = a;
        }
    }
    if (conll && score) {
        rc = cli_usage_error("ner", "--conll and --score do not go together");
        goto done;
    }
    if (pred && !score) {
        rc = cli_usage_error("ner", "--pred needs --score GOLD");
        goto done;
    }
    if ((conll || score) && nfiles) {
        rc = cli_usage_error("ner", "input files do not go with --conll or --score");
        goto done;
    }
    marsad_kb *kb = NULL;
    if (!pred) {
        kb = cli_load_kb(kb_dir);
        if (!kb) {
            rc = CLI_SOME_FAILED;
            goto done;
        }
    }
    if (conll) {
        rc = run_conll(conll, model, kb);
    } else if (score) {
        rc = run_score(score, pred, model, kb);
    } else {
        if (nfiles == 0) files[nfiles++] = "-";
        rc = run_files(files, nfiles, model, kb);
    }
    marsad_kb_free(kb);
done:
    free((void *)files);
    return rc;
}

const cli_command cli_ner = {"ner", "find names of persons, organisations and places", usage,
                             run};
