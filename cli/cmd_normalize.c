/*
 * cmd_normalize.c -- `marsad normalize`: the matching form of a text,
 * with each fold chosen by name.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: marsad normalize [--only FOLD,... | --without FOLD,...] [FILE...]\n"
    "\n"
    "Prints each FILE (standard input when none) repaired to valid UTF-8 and\n"
    "normalized for matching.  Folds (all by default):\n"
    "  nfkc diacritics tatweel alef yeh teh-marbuta hamza digits punct case\n"
    "  format kaf\n";

static const struct {
    const char *name;
    unsigned flag;
} folds[] = {{"nfkc", MARSAD_NORM_NFKC},
             {"diacritics", MARSAD_NORM_DIACRITICS},
             {"tatweel", MARSAD_NORM_TATWEEL},
             {"alef", MARSAD_NORM_ALEF},
             {"yeh", MARSAD_NORM_YEH},
             {"teh-marbuta", MARSAD_NORM_TEH_MARBUTA},
             {"hamza", MARSAD_NORM_HAMZA},
             {"digits", MARSAD_NORM_DIGITS},
             {"punct", MARSAD_NORM_PUNCT},
             {"case", MARSAD_NORM_CASE},
             {"format", MARSAD_NORM_FORMAT},
             {"kaf", MARSAD_NORM_KAF}};

static int parse_folds(const char *list, unsigned *out) {
    *out = 0;
    while (*list) {
        size_t n = strcspn(list, ",");
        size_t k;
        for (k = 0; k < sizeof folds / sizeof *folds; k++)
            if (strlen(folds[k].name) == n && strncmp(folds[k].name, list, n) == 0) break;
        if (k == sizeof folds / sizeof *folds) return -1;
        *out |= folds[k].flag;
        list += n;
        if (*list == ',') list++;
    }
    return 0;
}

static int run(int argc, char **argv) {
    unsigned flags = MARSAD_NORM_DEFAULT;
    int nfiles = 0, failed = 0;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    if (!files) return CLI_SOME_FAILED;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--only") == 0 || strcmp(a, "--without") == 0) {
            unsigned f;
            if (i + 1 >= argc || parse_folds(argv[i + 1], &f)) {
                free((void *)files);
                return cli_usage_error("normalize", "%s needs a comma-separated list of folds", a);
            }
            flags = strcmp(a, "--only") == 0 ? f : (MARSAD_NORM_DEFAULT & ~f);
            i++;
        } else if (a[0] == '-' && a[1] != '\0') {
            free((void *)files);
            return cli_usage_error("normalize", "unknown option '%s'", a);
        } else {
            files[nfiles++] = argv[i];
        }
    }
    if (nfiles == 0) files[nfiles++] = "-";
    for (int f = 0; f < nfiles; f++) {
        char *data = NULL;
        size_t len = 0;
        if (cli_read_file(files[f], MARSAD_MAX_DOC_BYTES, &data, &len)) {
            failed++;
            continue;
        }
        size_t rl = 0, nl = 0;
        char *fixed = marsad_utf8_repair(data, len, &rl, NULL);
        free(data);
        char *norm = fixed ? marsad_normalize(fixed, rl, flags, &nl, NULL) : NULL;
        marsad_free(fixed);
        if (!norm || cli_write(norm, nl)) {
            fprintf(stderr, "marsad: %s: cannot normalize (out of memory or write error)\n",
                    files[f]);
            failed++;
        }
        marsad_free(norm);
    }
    free((void *)files);
    return failed ? CLI_SOME_FAILED : CLI_OK;
}

const cli_command cli_normalize = {"normalize", "print the normalized (matching) form of text",
                                   usage, run};
