/*
 * cmd_extract.c -- `marsad extract`: articles in, one marsad/1 record per
 * article out (JSON Lines), or a readable table of events.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: marsad extract [--format marsad|table] [--pretty] [-o FILE]\n"
    "                      [--input auto|text|jsonl] [--published YYYY-MM-DD] [--outlet NAME]\n"
    "                      [--kb FILE | --kb-dir DIR] [FILE|DIR|-]...\n"
    "\n"
    "Reads Arabic news articles and writes their events: who did what to whom,\n"
    "where, when, how many, according to whom, with the evidence span of each\n"
    "field (the marsad/1 record, ../shared/design/SCHEMA.md).\n"
    "\n"
    "Input: plain-text files (one article each; the id is the file name; a\n"
    "NAME.meta.json beside NAME.txt may give published, outlet, title, url), or JSON\n"
    "Lines with fields id, text, published, outlet, url, title (the default for\n"
    ".jsonl and .jsonl.gz files), directories of them, or standard input ('-' or\n"
    "none).\n"
    "\n"
    "options:\n"
    "  --format F      marsad (default: one JSON record a line) or table (for people)\n"
    "  --pretty        indent the JSON records\n"
    "  -o FILE         write to FILE instead of standard output\n"
    "  --input I       auto (default), text or jsonl\n"
    "  --published D   publication date of text inputs (relative dates resolve against it)\n"
    "  --outlet NAME   the outlet of text inputs (the `via` of attributions)\n"
    "  --kb FILE       a compiled knowledge base; --kb-dir DIR compiles one from DIR\n"
    "\n"
    "Exit status: 0 when every input succeeded, 1 when some failed (each reported\n"
    "on stderr with its file and line; the rest are still processed), 2 for usage\n"
    "errors.\n";

/* Reads NAME.meta.json beside a NAME.txt when present. */
static json_t *sidecar(const char *path) {
    size_t n = strlen(path);
    if (n < 4 || strcmp(path + n - 4, ".txt") != 0) return NULL;
    char meta[4096];
    snprintf(meta, sizeof meta, "%.*s.meta.json", (int)(n - 4), path);
    FILE *f = fopen(meta, "rb");
    if (!f) return NULL;
    json_error_t e;
    json_t *j = json_loadf(f, 0, &e);
    fclose(f);
    if (!j) fprintf(stderr, "marsad: %s:%d: %s (ignored)\n", meta, e.line, e.text);
    if (j && !json_is_object(j)) {
        json_decref(j);
        j = NULL;
    }
    return j;
}

static const char *jstr(json_t *o, const char *k) {
    json_t *v = o ? json_object_get(o, k) : NULL;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int run(int argc, char **argv) {
    marsad_record_format fmt = MARSAD_RECORD_JSON;
    int pretty = 0, nfiles = 0, failed = 0;
    const char *kb_dir = NULL, *kb_file = NULL, *published = NULL, *outlet = NULL, *out = NULL;
    marsad_input_format input = MARSAD_INPUT_AUTO;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    if (!files) return CLI_SOME_FAILED;
#define NEED()                                                                           \
    do {                                                                                 \
        if (i + 1 >= argc) {                                                             \
            free((void *)files);                                                         \
            return cli_usage_error("extract", "%s needs a value", a);                    \
        }                                                                                \
    } while (0)
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--pretty")) pretty = 1;
        else if (!strcmp(a, "--format")) {
            NEED();
            const char *f = argv[++i];
            if (!strcmp(f, "marsad")) fmt = MARSAD_RECORD_JSON;
            else if (!strcmp(f, "table")) fmt = MARSAD_RECORD_TABLE;
            else {
                free((void *)files);
                return cli_usage_error("extract", "unknown format '%s' (marsad or table)", f);
            }
        } else if (!strcmp(a, "--input")) {
            NEED();
            const char *f = argv[++i];
            if (!strcmp(f, "auto")) input = MARSAD_INPUT_AUTO;
            else if (!strcmp(f, "text")) input = MARSAD_INPUT_TEXT;
            else if (!strcmp(f, "jsonl")) input = MARSAD_INPUT_JSONL;
            else {
                free((void *)files);
                return cli_usage_error("extract", "unknown input '%s' (auto, text or jsonl)", f);
            }
        } else if (!strcmp(a, "--published")) {
            NEED();
            published = argv[++i];
            int y, m, d;
            if (sscanf(published, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 ||
                d > 31) {
                free((void *)files);
                return cli_usage_error("extract", "--published needs a date YYYY-MM-DD, not '%s'",
                                       published);
            }
        } else if (!strcmp(a, "--outlet")) {
            NEED();
            outlet = argv[++i];
        } else if (!strcmp(a, "-o")) {
            NEED();
            out = argv[++i];
        } else if (!strcmp(a, "--kb")) {
            NEED();
            kb_file = argv[++i];
        } else if (!strcmp(a, "--kb-dir")) {
            NEED();
            kb_dir = argv[++i];
        } else if (a[0] == '-' && a[1] != '\0') {
            free((void *)files);
            return cli_usage_error("extract", "unknown option '%s'", a);
        } else {
            files[nfiles++] = a;
        }
    }
#undef NEED
    if (nfiles == 0) files[nfiles++] = "-";
    if (out && !freopen(out, "w", stdout)) {
        fprintf(stderr, "marsad: %s: cannot write\n", out);
        free((void *)files);
        return CLI_SOME_FAILED;
    }
    marsad_kb *kb = cli_load_kb_any(kb_file, kb_dir);
    if (!kb) {
        free((void *)files);
        return CLI_SOME_FAILED;
    }
    if (fmt == MARSAD_RECORD_JSON && pretty) fmt = MARSAD_RECORD_PRETTY;
    for (int f = 0; f < nfiles; f++) {
        marsad_error err;
        memset(&err, 0, sizeof err);
        marsad_reader *r = marsad_reader_open(files[f], input, &err);
        json_t *meta = input != MARSAD_INPUT_JSONL ? sidecar(files[f]) : NULL;
        if (!r) {
            json_decref(meta);
            cli_print_error(&err);
            failed++;
            continue;
        }
        for (;;) {
            marsad_doc_input in;
            memset(&in, 0, sizeof in);
            memset(&err, 0, sizeof err);
            int rc = marsad_reader_next(r, &in, &err);
            if (rc == 0) break;
            if (rc < 0) {
                cli_print_error(&err);
                failed++;
                continue;
            }
            /* a text file's sidecar NAME.meta.json, then the options */
            if (meta) {
                if (!in.published) in.published = jstr(meta, "published");
                if (!in.outlet) in.outlet = jstr(meta, "outlet");
                if (!in.title) in.title = jstr(meta, "title");
                if (!in.url) in.url = jstr(meta, "url");
                if (jstr(meta, "id")) in.id = jstr(meta, "id");
            }
            if (!in.published) in.published = published;
            if (!in.outlet) in.outlet = outlet;
            marsad_doc *d = marsad_doc_new(kb, &in, &err);
            if (!d) {
                fprintf(stderr, "marsad: %s: %s\n", in.id ? in.id : files[f], err.msg);
                failed++;
            } else {
                size_t n;
                char *s = marsad_doc_render(d, fmt, &n);
                if (!s || cli_write(s, n)) failed++;
                marsad_free(s);
                marsad_doc_free(d);
            }
        }
        json_decref(meta);
        marsad_reader_close(r);
    }
    marsad_kb_free(kb);
    free((void *)files);
    return failed ? CLI_SOME_FAILED : CLI_OK;
}

const cli_command cli_extract = {"extract", "extract events from articles (the main job)", usage,
                                 run};
