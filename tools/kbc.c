/*
 * kbc.c -- build tool: compiles data/ into the knowledge-base image that
 * is embedded into the library (the same compiler as `marsad kb build`).
 * usage: kbc DATA_DIR OUT.bin
 */
#include <stdio.h>
#include <string.h>

#include "marsad.h"

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: kbc DATA_DIR OUT.bin\n");
        return 2;
    }
    marsad_error err;
    memset(&err, 0, sizeof err);
    if (marsad_kb_build(argv[1], argv[2], &err)) {
        if (err.line)
            fprintf(stderr, "%s:%zu: error: %s\n", err.file, err.line, err.msg);
        else
            fprintf(stderr, "%s: error: %s\n", err.file[0] ? err.file : argv[1], err.msg);
        return 1;
    }
    return 0;
}
