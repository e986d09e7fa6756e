/*
 * cmd_tokenize.c -- `marsad tokenize`: the text stage of each input,
 * one token a line (TSV), as JSON Lines, or its sentences or numbers.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: marsad tokenize [--json | --sentences | --numbers] [--kb-dir DIR] [FILE...]\n"
    "\n"
    "Splits each FILE (standard input when none, or '-') into sentences and tokens,\n"
    "with each token's normalized form and clitic segmentation.\n"
    "\n"
    "Output (default): one token a line, tab-separated:\n"
    "  sentence  start  end  kind  text  normalized  segmentation  value\n"
    "start/end are code point offsets into the text as Python's\n"
    "decode('utf-8', 'replace') reads it; kind is word, number, date, punct, latin,\n"
    "url, email, hashtag or mention; segmentation joins clitics with '+'\n"
    "(و+ال+زهور); value is a number token's value (3-4 for a range).\n"
    "With several files, a line '# FILE' precedes each file's tokens.\n"
    "\n"
    "options:\n"
    "  --json        one JSON object per token (JSON Lines), with candidate stems\n"
    "  --sentences   one sentence a line: index, start, end, text\n"
    "  --numbers     one number phrase a line: sentence, start, end, value,\n"
    "                exact|approx|ordinal, magnitude, text\n"
    "  --kb-dir DIR  read the knowledge base from DIR's data files instead of the\n"
    "                built-in copy\n";

static int run(int argc, char **argv) {
    marsad_render_format fmt = MARSAD_RENDER_TOKENS_TSV;
    const char *kb_dir = NULL;
    int nfiles = 0;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    if (!files) return CLI_SOME_FAILED;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) fmt = MARSAD_RENDER_TOKENS_JSONL;
        else if (strcmp(a, "--sentences") == 0) fmt = MARSAD_RENDER_SENTENCES_TSV;
        else if (strcmp(a, "--numbers") == 0) fmt = MARSAD_RENDER_NUMBERS_TSV;
        else if (strcmp(a, "--kb-dir") == 0) {
            if (i + 1 >= argc) {
                free((void *)files);
                return cli_usage_error("tokenize", "--kb-dir needs a directory");
            }
            kb_dir = argv[++i];
        } else if (a[0] == '-' && a[1] != '\0') {
            free((void *)files);
            return cli_usage_error("tokenize", "unknown option '%s'", a);
        } else {
            files[nfiles++] = argv[i];
        }
    }
    if (nfiles == 0) files[nfiles++] = "-";
    marsad_kb *kb = cli_load_kb(kb_dir);
    if (!kb) {
        free((void *)files);
        return CLI_SOME_FAILED;
    }
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
        if (!t) {
            fprintf(stderr, "marsad: %s: %s\n", files[f], err.msg);
            failed++;
            continue;
        }
        if (marsad_text_replaced(t))
            fprintf(stderr, "marsad: %s: %zu invalid UTF-8 sequence(s) replaced with U+FFFD\n",
                    files[f], marsad_text_replaced(t));
        size_t n;
        char *out = marsad_text_render(t, fmt, files[f], &n);
        if (nfiles > 1 && fmt != MARSAD_RENDER_TOKENS_JSONL) printf("# %s\n", files[f]);
        if (!out || cli_write(out, n)) {
            fprintf(stderr, "marsad: %s: cannot write the output\n", files[f]);
            failed++;
        }
        marsad_free(out);
        marsad_text_free(t);
    }
    marsad_kb_free(kb);
    free((void *)files);
    return failed ? CLI_SOME_FAILED : CLI_OK;
}

const cli_command cli_tokenize = {"tokenize", "split text into sentences and tokens", usage, run};
