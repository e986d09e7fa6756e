/*
 * cmd_entities.c -- `marsad entities`: every actor and place mention of
 * each input with its span, code or place, coordinates and the reason.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: marsad entities [--json] [--published YYYY-MM-DD] [--kb FILE | --kb-dir DIR]\n"
    "                       [FILE...]\n"
    "\n"
    "Finds the actors and places of each FILE (standard input when none) and\n"
    "resolves them with the knowledge base: actor codes (ISIS, SDF, USAMIL, ...)\n"
    "and gazetteer places with coordinates.\n"
    "\n"
    "Output (default): one mention a line, tab-separated:\n"
    "  start  end  kind  text  code-or-place-id  lat  lon  details  reason\n"
    "\n"
    "options:\n"
    "  --json        one JSON object per mention (JSON Lines)\n"
    "  --published D the publication date (dated actor codes depend on it)\n"
    "  --kb FILE     a compiled knowledge base (marsad kb build)\n"
    "  --kb-dir DIR  compile the knowledge base from DIR's data files\n";

static int run(int argc, char **argv) {
    int json = 0, nfiles = 0, failed = 0;
    const char *kb_dir = NULL, *kb_file = NULL, *published = NULL;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    if (!files) return CLI_SOME_FAILED;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) json = 1;
        else if ((strcmp(a, "--kb-dir") == 0 || strcmp(a, "--kb") == 0 ||
                  strcmp(a, "--published") == 0)) {
            if (i + 1 >= argc) {
                free((void *)files);
                return cli_usage_error("entities", "%s needs a value", a);
            }
            if (strcmp(a, "--kb-dir") == 0) kb_dir = argv[++i];
            else if (strcmp(a, "--kb") == 0) kb_file = argv[++i];
            else published = argv[++i];
        } else if (a[0] == '-' && a[1] != '\0') {
            free((void *)files);
            return cli_usage_error("entities", "unknown option '%s'", a);
        } else {
            files[nfiles++] = a;
        }
    }
    if (nfiles == 0) files[nfiles++] = "-";
    marsad_kb *kb = cli_load_kb_any(kb_file, kb_dir);
    if (!kb) {
        free((void *)files);
        return CLI_SOME_FAILED;
    }
    for (int f = 0; f < nfiles; f++) {
        char *data = NULL;
        size_t len = 0;
        if (cli_read_file(files[f], MARSAD_MAX_DOC_BYTES, &data, &len)) {
            failed++;
            continue;
        }
        marsad_doc_input in;
        memset(&in, 0, sizeof in);
        in.id = files[f];
        in.text = data;
        in.len = len;
        in.published = published;
        marsad_error err;
        memset(&err, 0, sizeof err);
        marsad_doc *d = marsad_doc_new(kb, &in, &err);
        free(data);
        if (!d) {
            fprintf(stderr, "marsad: %s: %s\n", files[f], err.msg);
            failed++;
            continue;
        }
        size_t n;
        char *out = marsad_doc_render_mentions(d, json, &n);
        if (nfiles > 1 && !json) printf("# %s (focus %s)\n", files[f],
                                        marsad_doc_focus_country(d) ? marsad_doc_focus_country(d) : "-");
        if (!out || cli_write(out, n)) failed++;
        marsad_free(out);
        marsad_doc_free(d);
    }
    marsad_kb_free(kb);
    free((void *)files);
    return failed ? CLI_SOME_FAILED : CLI_OK;
}

const cli_command cli_entities = {"entities", "find and resolve actor and place mentions", usage,
                                  run};
