/*
 * cmd_eval.c -- `marsad eval`: scores marsad/1 records against a directory
 * of gold files, or CoNLL NER tags against gold tags, by the rules of
 * ../shared/eval/GUIDELINES.md (the scorer itself is src/eval).
 */
#include <dirent.h>
#include <jansson.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char usage[] =
    "usage: marsad eval DIR [--json] [--verbose] [--save-pred FILE.jsonl]\n"
    "       marsad eval --gold DIR --pred FILE.jsonl [--json] [--verbose]\n"
    "       marsad eval --ner GOLD.conll [--pred PRED.conll] [--json]\n"
    "\n"
    "Scores predictions by the rules of GUIDELINES.md \"How a prediction is scored\"\n"
    "(docs/eval.md explains each figure).\n"
    "\n"
    "DIR\n"
    "  Runs marsad extract on every NAME.txt of DIR that has a NAME.gold.json\n"
    "  (with the gold file's published date and outlet) and scores the records\n"
    "  as below; --save-pred keeps them.\n"
    "\n"
    "--gold DIR --pred FILE.jsonl\n"
    "  DIR holds one NAME.gold.json per article; FILE.jsonl one marsad/1 record a\n"
    "  line ('-' for standard input), as `marsad extract` writes them.  Records are\n"
    "  paired with gold files by doc.id.  A gold file without a record counts as\n"
    "  all misses and is listed; records without a gold file are not scored.\n"
    "  Prints event identification and classification (event F1) P/R/F1,\n"
    "  per-slot argument P/R/F1 and their micro average (argument F1), modality and\n"
    "  source_type accuracy, geocoding acc@10km and acc@161km, and the per-type\n"
    "  breakdown.  A malformed gold file or record is reported with its file and\n"
    "  line, that document is skipped and counted, the others are still scored,\n"
    "  and the exit status is 1.\n"
    "\n"
    "--ner GOLD.conll [--pred PRED.conll]\n"
    "  CoNLL files, a token and its BIO tag a line, a blank line between\n"
    "  sentences: exact-span P/R/F1 per label and micro.  Without --pred the\n"
    "  tokens of GOLD are tagged by marsad's built-in name tagger.\n"
    "\n"
    "options:\n"
    "  --json        write the table as one JSON object\n"
    "  --verbose     first, per document: its figures and every missed and\n"
    "                spurious event and argument with its text and span\n";

static int evalError(const marsad_error *err, const char *file, size_t line) {
    const char *f = err->file[0] ? err->file : file;
    size_t l = err->file[0] ? err->line : line;
    if (l)
        fprintf(stderr, "marsad: eval: %s:%zu: %s\n", f, l, err->msg);
    else
        fprintf(stderr, "marsad: eval: %s: %s\n", f, err->msg);
    return 1;
}

/* ---- --ner ---- */

static int runNer(const char *goldPath, const char *predPath, marsad_eval_format fmt) {
    char *g = NULL, *p = NULL;
    size_t gl = 0, pl = 0;
    if (cli_read_file(goldPath, MARSAD_MAX_DOC_BYTES, &g, &gl)) return CLI_SOME_FAILED;
    if (cli_read_file(predPath, MARSAD_MAX_DOC_BYTES, &p, &pl)) {
        free(g);
        return CLI_SOME_FAILED;
    }
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_eval_ner *n = marsad_eval_ner_conll(g, gl, goldPath, p, pl, predPath, &err);
    free(g);
    free(p);
    if (!n) {
        evalError(&err, predPath, 0);
        return CLI_SOME_FAILED;
    }
    size_t len;
    char *out = marsad_eval_ner_render(n, fmt, &len);
    int rc = CLI_OK;
    if (!out || cli_write(out, len)) {
        fprintf(stderr, "marsad: eval: cannot write the output\n");
        rc = CLI_SOME_FAILED;
    }
    marsad_free(out);
    marsad_eval_ner_free(n);
    return rc;
}

/* ---- --ner FILE.conll alone: tag its tokens with the built-in model ---- */

/* Writes TOKEN TAB PREDICTED-TAG lines for the tokens of a CoNLL file
 * (blank lines between sentences) to a temporary file; returns its path
 * (free with free) or NULL after printing why. */
static char *tagConll(const char *goldPath) {
    const marsad_ner_model *model = marsad_ner_model_builtin();
    if (!model) {
        fprintf(stderr, "marsad: eval: no name tagger is built into marsad\n");
        return NULL;
    }
    char *g = NULL;
    size_t gl = 0;
    if (cli_read_file(goldPath, MARSAD_MAX_DOC_BYTES, &g, &gl)) return NULL;
    char tmpl[] = "/tmp/marsad-ner-XXXXXX";
    int fd = mkstemp(tmpl);
    FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!out) {
        fprintf(stderr, "marsad: eval: cannot write a temporary file\n");
        free(g);
        return NULL;
    }
    /* every token of the file, the sentences kept in order: the whole file
     * is tagged as one document, as `marsad ner --conll` does (the tagger
     * sees how it tagged a word in the neighbouring sentences) */
    size_t cap = 256, n = 0, scap = 64, ns = 0;
    const char **toks = malloc(cap * sizeof *toks);
    size_t *off = malloc(scap * sizeof *off);
    int ok = toks && off;
    if (ok) off[0] = 0;
    char *line = g;
    for (int last = 0; ok && !last;) {
        char *nl = memchr(line, '\n', (size_t)(g + gl - line));
        if (!nl) last = 1;
        size_t ll = nl ? (size_t)(nl - line) : (size_t)(g + gl - line);
        if (ll && line[ll - 1] == '\r') ll--;
        line[ll] = '\0';
        size_t tl = strcspn(line, " \t");
        if (tl > 0) {
            line[tl] = '\0';
            if (n == cap) {
                const char **a = realloc(toks, cap * 2 * sizeof *toks);
                if (!a) {
                    ok = 0;
                    break;
                }
                toks = a;
                cap *= 2;
            }
            toks[n++] = line;
        }
        if ((tl == 0 || last) && n > off[ns]) { /* the end of a sentence */
            if (ns + 2 > scap) {
                size_t *a = realloc(off, scap * 2 * sizeof *off);
                if (!a) {
                    ok = 0;
                    break;
                }
                off = a;
                scap *= 2;
            }
            off[++ns] = n;
        }
        if (nl) line = nl + 1;
    }
    const char **tags = ok ? malloc((n ? n : 1) * sizeof *tags) : NULL;
    if (!tags) {
        fprintf(stderr, "marsad: eval: out of memory\n");
        ok = 0;
    }
    if (ok) {
        marsad_error err;
        memset(&err, 0, sizeof err);
        if (marsad_ner_tag_sentences(model, NULL, toks, off, ns, NULL, tags, &err)) {
            fprintf(stderr, "marsad: eval: %s: %s\n", goldPath, err.msg);
            ok = 0;
        }
    }
    for (size_t s = 0; ok && s < ns; s++) {
        for (size_t k = off[s]; k < off[s + 1]; k++) fprintf(out, "%s\t%s\n", toks[k], tags[k]);
        fputc('\n', out);
    }
    free(off);
    free(toks);
    free(tags);
    free(g);
    if (fclose(out) || !ok) {
        unlink(tmpl);
        return NULL;
    }
    char *path = malloc(sizeof tmpl);
    if (path) memcpy(path, tmpl, sizeof tmpl);
    return path;
}

/* ---- --gold --pred ---- */

typedef struct goldDoc {
    char *path;
    char *data;
    size_t len;
    char *id;          /* NULL when the file could not be read */
    char *pred;        /* its record, or NULL */
    size_t predLen, predLine;
    size_t brokenLine; /* a malformed record line that names this document */
} goldDoc;

static int byId(const void *a, const void *b) {
    return strcmp(((const goldDoc *)a)->id, ((const goldDoc *)b)->id);
}

static int byPath(const void *a, const void *b) {
    return strcmp(((const goldDoc *)a)->path, ((const goldDoc *)b)->path);
}

static int endsWith(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && strcmp(s + n - k, suffix) == 0;
}

/* Lists DIR's *.gold.json files, sorted by name. */
static goldDoc *listGold(const char *dir, size_t *n) {
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "marsad: eval: %s: cannot open the directory: %s\n", dir,
                strerror(errno));
        return NULL;
    }
    goldDoc *v = NULL;
    size_t cap = 0;
    *n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!endsWith(e->d_name, ".gold.json")) continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            goldDoc *nv = realloc(v, cap * sizeof *nv);
            if (!nv) goto nomem;
            v = nv;
        }
        goldDoc *g = &v[*n];
        memset(g, 0, sizeof *g);
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        if (!(g->path = malloc(len))) goto nomem;
        snprintf(g->path, len, "%s/%s", dir, e->d_name);
        (*n)++;
    }
    closedir(d);
    if (*n) qsort(v, *n, sizeof *v, byPath);
    return v ? v : calloc(1, sizeof *v);
nomem:
    fprintf(stderr, "marsad: eval: out of memory\n");
    closedir(d);
    for (size_t i = 0; i < *n; i++) free(v[i].path);
    free(v);
    return NULL;
}

static void freeGold(goldDoc *v, size_t n) {
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].path);
        free(v[i].data);
        free(v[i].id);
        free(v[i].pred);
    }
    free(v);
}

/* The gold document a malformed record line names, when exactly one gold
 * doc.id appears quoted in it. */
static goldDoc *guessDoc(goldDoc *v, size_t n, const char *line) {
    goldDoc *found = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!v[i].id) continue;
        size_t k = strlen(v[i].id);
        for (const char *s = strstr(line, v[i].id); s; s = strstr(s + 1, v[i].id))
            if (s > line && s[-1] == '"' && s[k] == '"') {
                if (found && found != &v[i]) return NULL;
                found = &v[i];
                break;
            }
    }
    return found;
}

static int isBlankLine(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') return 0;
    return 1;
}

/* Reads the records, keeping the one of each gold document; returns the
 * number of errors, or -1 when the file cannot be read at all. */
static int readPredictions(const char *path, goldDoc *gold, size_t ngold, size_t nsorted) {
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "marsad: eval: %s: cannot open: %s\n", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0, lineNo = 0, unknown = 0;
    ssize_t got;
    int errors = 0;
    while ((got = getline(&line, &cap, f)) >= 0) {
        lineNo++;
        size_t n = (size_t)got;
        if (isBlankLine(line, n)) continue;
        marsad_error err;
        memset(&err, 0, sizeof err);
        char *id = marsad_eval_doc_id(line, n, &err);
        if (!id) {
            err.line = lineNo;
            snprintf(err.file, sizeof err.file, "%s", path);
            evalError(&err, path, lineNo);
            goldDoc *g = guessDoc(gold, ngold, line);
            if (g && !g->brokenLine) g->brokenLine = lineNo;
            errors++;
            continue;
        }
        goldDoc key;
        key.id = id;
        goldDoc *g = bsearch(&key, gold, nsorted, sizeof *gold, byId);
        if (!g) {
            unknown++;
        } else if (g->pred) {
            fprintf(stderr,
                    "marsad: eval: %s:%zu: a second record for document \"%s\" (the first is "
                    "at line %zu); ignored\n",
                    path, lineNo, id, g->predLine);
            errors++;
        } else if (!(g->pred = malloc(n + 1))) {
            fprintf(stderr, "marsad: eval: out of memory\n");
            free(id);
            errors = -1;
            break;
        } else {
            memcpy(g->pred, line, n + 1);
            g->predLen = n;
            g->predLine = lineNo;
        }
        free(id);
    }
    if (errors >= 0 && ferror(f)) {
        fprintf(stderr, "marsad: eval: %s: read error: %s\n", path, strerror(errno));
        errors = -1;
    }
    free(line);
    if (!is_stdin) fclose(f);
    if (unknown)
        fprintf(stderr,
                "marsad: eval: %s: %zu record(s) for documents without a gold file were not "
                "scored\n",
                path, unknown);
    return errors;
}

static int runGold(const char *dir, const char *predPath, marsad_eval_format fmt, int verbose) {
    size_t ngold = 0;
    goldDoc *gold = listGold(dir, &ngold);
    if (!gold) return CLI_SOME_FAILED;
    if (!ngold) {
        fprintf(stderr, "marsad: eval: %s: no *.gold.json files\n", dir);
        freeGold(gold, ngold);
        return CLI_SOME_FAILED;
    }
    marsad_eval *ev = marsad_eval_new();
    if (!ev) {
        fprintf(stderr, "marsad: eval: out of memory\n");
        freeGold(gold, ngold);
        return CLI_SOME_FAILED;
    }
    int failed = 0;
    for (size_t i = 0; i < ngold; i++) {
        goldDoc *g = &gold[i];
        if (cli_read_file(g->path, MARSAD_MAX_DOC_BYTES, &g->data, &g->len)) {
            marsad_eval_skip(ev, g->path, "the file cannot be read");
            failed++;
            continue;
        }
        marsad_error err;
        memset(&err, 0, sizeof err);
        g->id = marsad_eval_doc_id(g->data, g->len, &err);
        if (!g->id) {
            snprintf(err.file, sizeof err.file, "%s", g->path);
            evalError(&err, g->path, err.line);
            char reason[600];
            snprintf(reason, sizeof reason, "line %zu: %s", err.line, err.msg);
            marsad_eval_skip(ev, g->path, reason);
            failed++;
        }
    }
    /* Documents with an id first, sorted by it for the record lookup. */
    size_t nid = 0;
    for (size_t i = 0; i < ngold; i++)
        if (gold[i].id) {
            goldDoc t = gold[nid];
            gold[nid++] = gold[i];
            gold[i] = t;
        }
    qsort(gold, nid, sizeof *gold, byId);
    for (size_t i = 1; i < nid; i++)
        if (strcmp(gold[i].id, gold[i - 1].id) == 0) {
            fprintf(stderr, "marsad: eval: %s: doc.id \"%s\" is also the id of %s; skipped\n",
                    gold[i].path, gold[i].id, gold[i - 1].path);
            marsad_eval_skip(ev, gold[i].path, "a second gold file with the same doc.id");
            failed++;
        }
    int perr = readPredictions(predPath, gold, nid, nid);
    if (perr < 0) {
        marsad_eval_free(ev);
        freeGold(gold, ngold);
        return CLI_SOME_FAILED;
    }
    failed += perr;
    /* Score in file-name order, so that reports do not depend on ids. */
    qsort(gold, nid, sizeof *gold, byPath);
    for (size_t i = 0; i < nid; i++) {
        goldDoc *g = &gold[i];
        if (i && strcmp(g->id, gold[i - 1].id) == 0) continue; /* reported above */
        if (!g->pred && g->brokenLine) {
            char reason[600];
            snprintf(reason, sizeof reason, "its record (%s:%zu) is malformed", predPath,
                     g->brokenLine);
            marsad_eval_skip(ev, g->path, reason);
            continue;
        }
        if (!g->pred)
            fprintf(stderr,
                    "marsad: eval: %s: no record for document \"%s\" in %s; its events count "
                    "as misses\n",
                    g->path, g->id, predPath);
        marsad_error err;
        memset(&err, 0, sizeof err);
        if (marsad_eval_add_json(ev, g->data, g->len, g->path, g->pred, g->predLen, predPath,
                                 g->predLine, &err)) {
            evalError(&err, g->path, 0);
            failed++;
        }
    }
    size_t len;
    char *out = marsad_eval_render(ev, fmt, verbose, &len);
    if (!out || cli_write(out, len)) {
        fprintf(stderr, "marsad: eval: cannot write the output\n");
        failed++;
    }
    marsad_free(out);
    marsad_eval_free(ev);
    freeGold(gold, ngold);
    return failed ? CLI_SOME_FAILED : CLI_OK;
}

/* ---- DIR: extract and score ---- */

/* Runs extraction on each NAME.txt that has a NAME.gold.json in `dir`
 * (published date and outlet from the gold file) and scores the records. */
static int runDir(const char *dir, marsad_eval_format fmt, int verbose, const char *predOut) {
    size_t ngold = 0;
    goldDoc *gold = listGold(dir, &ngold);
    if (!gold) return CLI_SOME_FAILED;
    if (!ngold) {
        fprintf(stderr, "marsad: eval: %s: no *.gold.json files\n", dir);
        freeGold(gold, ngold);
        return CLI_SOME_FAILED;
    }
    FILE *po = NULL;
    if (predOut && !(po = fopen(predOut, "w"))) {
        fprintf(stderr, "marsad: eval: %s: cannot write: %s\n", predOut, strerror(errno));
        freeGold(gold, ngold);
        return CLI_SOME_FAILED;
    }
    marsad_kb *kb = cli_load_kb_any(NULL, NULL);
    marsad_eval *ev = marsad_eval_new();
    int failed = 0;
    if (!kb || !ev) {
        failed = 1;
        goto done;
    }
    for (size_t i = 0; i < ngold; i++) {
        goldDoc *g = &gold[i];
        if (cli_read_file(g->path, MARSAD_MAX_DOC_BYTES, &g->data, &g->len)) {
            marsad_eval_skip(ev, g->path, "the file cannot be read");
            failed++;
            continue;
        }
        json_error_t je;
        json_t *gj = json_loadb(g->data, g->len, 0, &je);
        json_t *doc = gj ? json_object_get(gj, "doc") : NULL;
        const char *published = json_string_value(json_object_get(doc, "published"));
        const char *outlet = json_string_value(json_object_get(doc, "outlet"));
        const char *id = json_string_value(json_object_get(doc, "id"));
        if (!gj || !id) {
            fprintf(stderr, "marsad: eval: %s:%d: %s\n", g->path, gj ? 0 : je.line,
                    gj ? "no doc.id" : je.text);
            marsad_eval_skip(ev, g->path, "malformed gold file");
            json_decref(gj);
            failed++;
            continue;
        }
        char txt[4096];
        snprintf(txt, sizeof txt, "%.*s.txt", (int)(strlen(g->path) - strlen(".gold.json")), g->path);
        char *text = NULL;
        size_t tlen = 0;
        if (cli_read_file(txt, MARSAD_MAX_DOC_BYTES, &text, &tlen)) {
            marsad_eval_skip(ev, txt, "the article cannot be read");
            json_decref(gj);
            failed++;
            continue;
        }
        marsad_doc_input in;
        memset(&in, 0, sizeof in);
        in.id = id;
        in.text = text;
        in.len = tlen;
        in.published = published;
        in.outlet = outlet;
        marsad_error err;
        memset(&err, 0, sizeof err);
        marsad_doc *d = marsad_doc_new(kb, &in, &err);
        free(text);
        size_t rl = 0;
        char *rec = d ? marsad_doc_render(d, MARSAD_RECORD_JSON, &rl) : NULL;
        if (po && rec) fwrite(rec, 1, rl, po);
        if (!rec || marsad_eval_add_json(ev, g->data, g->len, g->path, rec, rl, txt, 0, &err)) {
            fprintf(stderr, "marsad: eval: %s: %s\n", txt, err.msg);
            failed++;
        }
        marsad_free(rec);
        marsad_doc_free(d);
        json_decref(gj);
    }
    size_t len = 0;
    char *out = marsad_eval_render(ev, fmt, verbose, &len);
    if (!out || cli_write(out, len)) failed++;
    marsad_free(out);
done:
    if (po) fclose(po);
    marsad_eval_free(ev);
    marsad_kb_free(kb);
    freeGold(gold, ngold);
    return failed ? CLI_SOME_FAILED : CLI_OK;
}

static int run(int argc, char **argv) {
    const char *goldDir = NULL, *predPath = NULL, *nerGold = NULL, *dir = NULL, *predOut = NULL;
    marsad_eval_format fmt = MARSAD_EVAL_TABLE;
    int verbose = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = strcmp(a, "--gold") == 0   ? &goldDir
                            : strcmp(a, "--pred") == 0 ? &predPath
                            : strcmp(a, "--ner") == 0  ? &nerGold
                            : strcmp(a, "--save-pred") == 0 ? &predOut
                                                       : NULL;
        if (slot) {
            if (i + 1 >= argc) return cli_usage_error("eval", "%s needs a value", a);
            if (*slot) return cli_usage_error("eval", "%s given twice", a);
            *slot = argv[++i];
        } else if (strcmp(a, "--json") == 0) {
            fmt = MARSAD_EVAL_JSON;
        } else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0) {
            verbose = 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_usage_error("eval", "unknown option '%s'", a);
        } else if (dir) {
            return cli_usage_error("eval", "more than one directory given");
        } else {
            dir = a;
        }
    }
    if (dir) {
        if (goldDir || predPath || nerGold)
            return cli_usage_error("eval", "give either DIR or --gold/--pred or --ner");
        return runDir(dir, fmt, verbose, predOut);
    }
    if (nerGold) {
        if (goldDir) return cli_usage_error("eval", "--ner and --gold cannot be combined");
        if (!predPath) { /* tag the file's tokens with the built-in tagger */
            char *tmp = tagConll(nerGold);
            if (!tmp) return CLI_SOME_FAILED;
            int rc = runNer(nerGold, tmp, fmt);
            unlink(tmp);
            free(tmp);
            return rc;
        }
        if (verbose) return cli_usage_error("eval", "--verbose applies to --gold scoring only");
        return runNer(nerGold, predPath, fmt);
    }
    if (!goldDir && !predPath) return cli_usage_error("eval", "nothing to score");
    if (!goldDir) return cli_usage_error("eval", "--pred needs --gold DIR (or --ner FILE)");
    if (!predPath) return cli_usage_error("eval", "--gold needs --pred FILE.jsonl");
    return runGold(goldDir, predPath, fmt, verbose);
}

const cli_command cli_eval = {"eval", "score predictions against gold events or NER tags", usage,
                              run};
