/*
 * cmd_export.c -- `marsad export`: every event of a store as ACLED-style CSV,
 * one GeoJSON FeatureCollection, PLOVER records or marsad/1 records.
 */
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: marsad export --db FILE --format marsad|acled-csv|geojson|plover|table [-o FILE]\n"
    "\n"
    "Writes every event of a store (marsad ingest) in one of the export formats\n"
    "(docs/store.md): marsad (one marsad/1 record a document, JSON Lines),\n"
    "acled-csv (RFC 4180, UTF-8, a header row), geojson (an RFC 7946\n"
    "FeatureCollection of the located events), plover (PLOVER JSON records, one a\n"
    "line) or table (for people).  marsad query writes a filtered selection.\n"
    "\n"
    "Exit status: 0 on success, 1 when the store cannot be read or the output\n"
    "written, 2 for usage errors.\n";

static const struct {
    const char *name;
    marsad_record_format fmt;
} formats[] = {
    {"marsad", MARSAD_RECORD_JSON},         {"acled-csv", MARSAD_RECORD_ACLED_CSV},
    {"geojson", MARSAD_RECORD_GEOJSON},     {"plover", MARSAD_RECORD_PLOVER},
    {"table", MARSAD_RECORD_TABLE},
};

static int write_out(const char *data, size_t len, void *ud) {
    (void)ud;
    return cli_write(data, len);
}

static int run(int argc, char **argv) {
    const char *db = NULL, *out = NULL;
    int fmt = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--db") || !strcmp(a, "--format") || !strcmp(a, "-o")) {
            if (i + 1 >= argc) return cli_usage_error("export", "%s needs a value", a);
            const char *v = argv[++i];
            if (!strcmp(a, "--db")) {
                db = v;
            } else if (!strcmp(a, "-o")) {
                out = v;
            } else {
                size_t k = 0, n = sizeof formats / sizeof *formats;
                while (k < n && strcmp(v, formats[k].name) != 0) k++;
                if (k == n)
                    return cli_usage_error(
                        "export", "unknown format '%s' (marsad, acled-csv, geojson, plover or table)",
                        v);
                fmt = (int)formats[k].fmt;
            }
        } else {
            return cli_usage_error("export", "unknown argument '%s'", a);
        }
    }
    if (!db) return cli_usage_error("export", "--db FILE is required");
    if (fmt < 0) return cli_usage_error("export", "--format F is required");
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_store *st = marsad_store_open(db, MARSAD_STORE_READONLY, &err);
    if (!st) {
        cli_print_error(&err);
        return CLI_SOME_FAILED;
    }
    if (out && !freopen(out, "w", stdout)) {
        fprintf(stderr, "marsad: %s: cannot write\n", out);
        marsad_store_close(st, NULL);
        return CLI_SOME_FAILED;
    }
    long n = marsad_store_export(st, NULL, (marsad_record_format)fmt, write_out, NULL, &err);
    marsad_store_close(st, NULL);
    if (n < 0) {
        cli_print_error(&err);
        return CLI_SOME_FAILED;
    }
    return CLI_OK;
}

const cli_command cli_export = {"export", "write a store's events as CSV, GeoJSON, PLOVER, marsad/1",
                                usage, run};
