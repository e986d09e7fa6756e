/*
 * main.c -- the marsad command: dispatches to one file per subcommand and
 * turns library errors into messages and exit codes.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Each subcommand lives in cli/cmd_NAME.c and is listed here. */
extern const cli_command cli_ner, cli_train_ner;
static const cli_command *const commands[] = {
    &cli_extract,
    &cli_tokenize,
    &cli_normalize,
    &cli_entities,
    &cli_kb,
    &cli_eval,
    &cli_ingest,
    &cli_query,
    &cli_export,
    &cli_ner,
    &cli_train_ner,
};
#define NCOMMANDS (sizeof commands / sizeof *commands)

int cli_usage_error(const char *cmd, const char *fmt, ...) {
    va_list ap;
    fprintf(stderr, "marsad: %s%s", cmd ? cmd : "", cmd ? ": " : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'marsad help%s%s' for more information.\n", cmd ? " " : "",
            cmd ? cmd : "");
    return CLI_USAGE;
}

int cli_read_file(const char *path, size_t limit, char **data, size_t *len) {
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "marsad: %s: cannot open: %s\n", path, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fprintf(stderr, "marsad: %s: out of memory\n", path);
        if (!is_stdin) fclose(f);
        return -1;
    }
    for (;;) {
        if (n == cap) {
            if (cap > limit) {
                fprintf(stderr,
                        "marsad: %s: larger than the document limit of %zu bytes "
                        "(MARSAD_MAX_DOC_BYTES); skipped\n",
                        path, limit);
                free(buf);
                if (!is_stdin) fclose(f);
                return -1;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                fprintf(stderr, "marsad: %s: out of memory\n", path);
                free(buf);
                if (!is_stdin) fclose(f);
                return -1;
            }
            buf = nb;
            cap *= 2;
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (k == 0) break;
    }
    int bad = ferror(f);
    int saved = errno;
    if (!is_stdin) fclose(f);
    if (bad) {
        fprintf(stderr, "marsad: %s: read error: %s\n", path, strerror(saved));
        free(buf);
        return -1;
    }
    if (n > limit) {
        fprintf(stderr,
                "marsad: %s: %zu bytes is larger than the document limit of %zu bytes "
                "(MARSAD_MAX_DOC_BYTES); skipped\n",
                path, n, limit);
        free(buf);
        return -1;
    }
    *data = buf;
    *len = n;
    return 0;
}

void cli_print_error(const marsad_error *err) {
    if (err->line)
        fprintf(stderr, "marsad: %s:%zu: %s\n", err->file, err->line, err->msg);
    else if (err->file[0])
        fprintf(stderr, "marsad: %s: %s\n", err->file, err->msg);
    else
        fprintf(stderr, "marsad: knowledge base: %s\n", err->msg);
}

marsad_kb *cli_load_kb_any(const char *file, const char *dir) {
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_kb *kb = file  ? marsad_kb_load_file(file, &err)
                    : dir ? marsad_kb_load_dir(dir, &err)
                          : marsad_kb_load_builtin(&err);
    if (!kb) cli_print_error(&err);
    return kb;
}

marsad_kb *cli_load_kb(const char *dir) { return cli_load_kb_any(NULL, dir); }

int cli_write(const char *s, size_t n) {
    if (n && fwrite(s, 1, n, stdout) != n) return -1;
    return 0;
}

static void print_overview(FILE *out) {
    fprintf(out,
            "marsad %s -- Arabic news to sourced, geolocated event records\n\n"
            "usage: marsad COMMAND [OPTIONS] [FILE...]\n\n"
            "commands:\n",
            marsad_version());
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(out, "  %-10s %s\n", "help", "show help for marsad or one command");
    fprintf(out,
            "\noptions:\n  --version  print the library and knowledge-base versions\n"
            "  --help     this text\n\n"
            "Exit status: 0 when every input succeeded, 1 when some failed, 2 for usage "
            "errors.\n");
}

static const cli_command *find(const char *name) {
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i]->name, name) == 0) return commands[i];
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 2) return cli_usage_error(NULL, "no command given");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        marsad_kb *kb = cli_load_kb(NULL);
        printf("marsad %s (knowledge base %s)\n", marsad_version(),
               kb ? marsad_kb_version(kb) : "unavailable");
        marsad_kb_free(kb);
        return kb ? CLI_OK : CLI_SOME_FAILED;
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        print_overview(stdout);
        return CLI_OK;
    }
    if (strcmp(cmd, "help") == 0) {
        if (argc < 3) {
            print_overview(stdout);
            return CLI_OK;
        }
        const cli_command *c = find(argv[2]);
        if (!c) return cli_usage_error(NULL, "unknown command '%s'", argv[2]);
        fputs(c->usage, stdout);
        return CLI_OK;
    }
    const cli_command *c = find(cmd);
    if (!c) return cli_usage_error(NULL, "unknown command '%s'", cmd);
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(c->usage, stdout);
            return CLI_OK;
        }
    int rc = c->run(argc - 1, argv + 1);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "marsad: %s: error writing output: %s\n", cmd, strerror(errno));
        return CLI_SOME_FAILED;
    }
    return rc;
}
