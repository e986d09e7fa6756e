/*
 * cmd_kb.c -- `marsad kb build|info`: compile data/ into a knowledge-base
 * file, and describe one.
 */
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: marsad kb build [--data DIR] -o FILE\n"
    "       marsad kb info [--kb FILE | --kb-dir DIR]\n"
    "\n"
    "build  compiles the data files of DIR (default: data) into one versioned,\n"
    "       checksummed knowledge-base file that marsad maps into memory read-only.\n"
    "       A malformed data line is reported as file:line with the reason.\n"
    "info   prints the version and table sizes of a knowledge base (default: the\n"
    "       one built into marsad).\n";

static int run(int argc, char **argv) {
    if (argc < 2) return cli_usage_error("kb", "expected 'build' or 'info'");
    const char *data = "data", *out = NULL, *kb_file = NULL, *kb_dir = NULL;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 < argc && strcmp(a, "--data") == 0) data = argv[++i];
        else if (i + 1 < argc && strcmp(a, "-o") == 0) out = argv[++i];
        else if (i + 1 < argc && strcmp(a, "--kb") == 0) kb_file = argv[++i];
        else if (i + 1 < argc && strcmp(a, "--kb-dir") == 0) kb_dir = argv[++i];
        else return cli_usage_error("kb", "unknown or incomplete option '%s'", a);
    }
    if (strcmp(argv[1], "build") == 0) {
        if (!out) return cli_usage_error("kb", "build needs -o FILE");
        marsad_error err;
        memset(&err, 0, sizeof err);
        if (marsad_kb_build(data, out, &err)) {
            cli_print_error(&err);
            return CLI_SOME_FAILED;
        }
        return CLI_OK;
    }
    if (strcmp(argv[1], "info") == 0) {
        marsad_kb *kb = cli_load_kb_any(kb_file, kb_dir);
        if (!kb) return CLI_SOME_FAILED;
        static const char *const tables[] = {"lexicon", "numbers", "places", "actors", "agents",
                                             "nationalities", "countries", "cues", "terms", "types", "phrases",
                                             "bytes"};
        printf("version\t%s\n", marsad_kb_version(kb));
        for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
            printf("%s\t%zu\n", tables[i], marsad_kb_count(kb, tables[i]));
        marsad_kb_free(kb);
        return CLI_OK;
    }
    return cli_usage_error("kb", "unknown subcommand '%s'", argv[1]);
}

const cli_command cli_kb = {"kb", "build or describe the knowledge base", usage, run};
