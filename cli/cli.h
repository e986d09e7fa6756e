/* cli.h -- shared pieces of the marsad command (cli/ uses only marsad.h). */
#ifndef MARSAD_CLI_H
#define MARSAD_CLI_H

#include <stdio.h>

#include "marsad.h"

/* Exit codes: 0 all inputs succeeded, 1 some failed, 2 usage error. */
enum { CLI_OK = 0, CLI_SOME_FAILED = 1, CLI_USAGE = 2 };

typedef struct cli_command {
    const char *name;
    const char *summary;
    const char *usage; /* full help text */
    int (*run)(int argc, char **argv);
} cli_command;

extern const cli_command cli_tokenize;
extern const cli_command cli_normalize;
extern const cli_command cli_entities;
extern const cli_command cli_kb;
extern const cli_command cli_extract;
extern const cli_command cli_eval;
extern const cli_command cli_ingest;
extern const cli_command cli_query;
extern const cli_command cli_export;

/* Prints "marsad: CMD: MESSAGE" and a one-line hint, returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Reads a whole file ("-" for stdin) into *data (free with free), at most
 * `limit` bytes; returns 0, or -1 after printing "marsad: NAME: reason". */
int cli_read_file(const char *path, size_t limit, char **data, size_t *len);

/* Loads the KB from --kb-dir (when not NULL) or the built-in one; prints
 * the error and returns NULL on failure. */
marsad_kb *cli_load_kb(const char *dir);

/* Loads the KB from a compiled file, a data directory, or the built-in
 * copy (both NULL); prints the error and returns NULL on failure. */
marsad_kb *cli_load_kb_any(const char *file, const char *dir);

/* Prints a library error as "marsad: file:line: message". */
void cli_print_error(const marsad_error *err);

/* Writes all bytes to stdout; returns -1 on a write error. */
int cli_write(const char *s, size_t n);

#endif
