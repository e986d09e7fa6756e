/*
 * cmd_query.c -- `marsad query`: the events of a store that match composable
 * filters, as a table for people or in an export format.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: marsad query --db FILE [--type TYPE] [--actor CODE] [--country ISO3]\n"
    "                    [--near LAT,LON --km R] [--since DATE] [--until DATE]\n"
    "                    [--modality M] [--source-type S] [--text QUERY] [--doc ID]\n"
    "                    [--limit N] [--format table|marsad|acled-csv|geojson|plover]\n"
    "                    [-o FILE]\n"
    "\n"
    "Finds the events of a store (marsad ingest) that match every filter given.\n"
    "\n"
    "filters:\n"
    "  --type TYPE         an event type of ONTOLOGY.md (armed-clash, airstrike, arrest, ...)\n"
    "  --actor CODE        an actor code, as actor or recipient (ISIS, SDF, SYRMIL)\n"
    "  --country ISO3      the event's country (SYR, IRQ, YEM, ...)\n"
    "  --near LAT,LON      a place of the event within --km R kilometres of LAT,LON\n"
    "  --km R              the radius of --near\n"
    "  --since DATE        events on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY)\n"
    "  --until DATE        events on or before DATE\n"
    "  --modality M        asserted, claimed, denied, negated, future, hypothetical\n"
    "  --source-type S     outlet, correspondent, anonymous, local, official,\n"
    "                      organization, witness, media\n"
    "  --text QUERY        full-text search of the articles (FTS5 syntax: words, \"a phrase\",\n"
    "                      OR, NOT; any 3+ characters match inside words, so clitics need\n"
    "                      no care: --text الحسكة finds بالحسكة)\n"
    "  --doc ID            the events of one document\n"
    "  --limit N           at most N events\n"
    "\n"
    "output:\n"
    "  --format F          table (default, for people), marsad (the documents' records with\n"
    "                      only the matching events), acled-csv, geojson, plover\n"
    "  -o FILE             write to FILE instead of standard output\n"
    "\n"
    "Exit status: 0 on success (also when nothing matches), 1 when the store cannot\n"
    "be read, 2 for usage errors and bad filters.\n";

static const struct {
    const char *name;
    marsad_record_format fmt;
} formats[] = {
    {"table", MARSAD_RECORD_TABLE},         {"marsad", MARSAD_RECORD_JSON},
    {"acled-csv", MARSAD_RECORD_ACLED_CSV}, {"geojson", MARSAD_RECORD_GEOJSON},
    {"plover", MARSAD_RECORD_PLOVER},
};

static int write_out(const char *data, size_t len, void *ud) {
    (void)ud;
    return cli_write(data, len);
}

static int read_double(const char *s, double *out) {
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    return errno || end == s || *end || !isfinite(*out) ? -1 : 0;
}

static int run(int argc, char **argv) {
    const char *db = NULL, *out = NULL;
    marsad_record_format fmt = MARSAD_RECORD_TABLE;
    marsad_store_filter f;
    memset(&f, 0, sizeof f);
    int have_km = 0;
#define NEED()                                                                           \
    do {                                                                                 \
        if (i + 1 >= argc) return cli_usage_error("query", "%s needs a value", a);        \
    } while (0)
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--db")) {
            NEED();
            db = argv[++i];
        } else if (!strcmp(a, "--type")) {
            NEED();
            f.type = argv[++i];
        } else if (!strcmp(a, "--actor")) {
            NEED();
            f.actor = argv[++i];
        } else if (!strcmp(a, "--country")) {
            NEED();
            f.country = argv[++i];
        } else if (!strcmp(a, "--near")) {
            NEED();
            const char *v = argv[++i];
            const char *comma = strchr(v, ',');
            char lat[64];
            if (!comma || (size_t)(comma - v) >= sizeof lat)
                return cli_usage_error("query", "--near needs LAT,LON in degrees, not '%s'", v);
            memcpy(lat, v, (size_t)(comma - v));
            lat[comma - v] = '\0';
            if (read_double(lat, &f.lat) || read_double(comma + 1, &f.lon))
                return cli_usage_error("query", "--near needs LAT,LON in degrees, not '%s'", v);
            f.near = 1;
        } else if (!strcmp(a, "--km")) {
            NEED();
            if (read_double(argv[++i], &f.km))
                return cli_usage_error("query", "--km needs a number of kilometres, not '%s'",
                                       argv[i]);
            have_km = 1;
        } else if (!strcmp(a, "--since")) {
            NEED();
            f.since = argv[++i];
        } else if (!strcmp(a, "--until")) {
            NEED();
            f.until = argv[++i];
        } else if (!strcmp(a, "--modality")) {
            NEED();
            f.modality = argv[++i];
        } else if (!strcmp(a, "--source-type")) {
            NEED();
            f.source_type = argv[++i];
        } else if (!strcmp(a, "--text")) {
            NEED();
            f.text = argv[++i];
        } else if (!strcmp(a, "--doc")) {
            NEED();
            f.doc_id = argv[++i];
        } else if (!strcmp(a, "--limit")) {
            NEED();
            char *end;
            errno = 0;
            long long v = strtoll(argv[++i], &end, 10);
            if (errno || *end || end == argv[i] || v < 1)
                return cli_usage_error("query", "--limit needs a positive number, not '%s'",
                                       argv[i]);
            f.limit = (size_t)v;
        } else if (!strcmp(a, "--format")) {
            NEED();
            const char *v = argv[++i];
            size_t k = 0, n = sizeof formats / sizeof *formats;
            while (k < n && strcmp(v, formats[k].name) != 0) k++;
            if (k == n)
                return cli_usage_error(
                    "query", "unknown format '%s' (table, marsad, acled-csv, geojson or plover)", v);
            fmt = formats[k].fmt;
        } else if (!strcmp(a, "-o")) {
            NEED();
            out = argv[++i];
        } else {
            return cli_usage_error("query", "unknown argument '%s'", a);
        }
    }
#undef NEED
    if (!db) return cli_usage_error("query", "--db FILE is required");
    if (f.near && !have_km) return cli_usage_error("query", "--near needs --km R (kilometres)");
    if (have_km && !f.near) return cli_usage_error("query", "--km needs --near LAT,LON");
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_store *st = marsad_store_open(db, MARSAD_STORE_READONLY, &err);
    if (!st) {
        cli_print_error(&err);
        return CLI_SOME_FAILED;
    }
    if (marsad_store_filter_check(st, &f, &err)) {
        marsad_store_close(st, NULL);
        return cli_usage_error("query", "bad filter: %s", err.msg);
    }
    if (out && !freopen(out, "w", stdout)) {
        fprintf(stderr, "marsad: %s: cannot write\n", out);
        marsad_store_close(st, NULL);
        return CLI_SOME_FAILED;
    }
    long n = marsad_store_export(st, &f, fmt, write_out, NULL, &err);
    if (n < 0) {
        marsad_store_close(st, NULL);
        if (err.code == MARSAD_ERR_ARG) return cli_usage_error("query", "bad filter: %s", err.msg);
        cli_print_error(&err);
        return CLI_SOME_FAILED;
    }
    if (fmt == MARSAD_RECORD_TABLE) fprintf(stderr, "marsad: query: %ld event%s\n", n, n == 1 ? "" : "s");
    marsad_store_close(st, NULL);
    return CLI_OK;
}

const cli_command cli_query = {"query", "find events in a store by type, actor, place, date, text",
                               usage, run};
