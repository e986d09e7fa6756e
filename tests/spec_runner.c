/*
 * spec_runner.c -- runs data-driven spec files (tests/spec/NAME.spec) through
 * the library and through the marsad command, and checks that both give
 * the expected output and the same bytes.
 *
 * A spec file holds cases:
 *   ## name of the case
 *   input text (one or more lines)
 *   -- VIEW
 *   expected output lines
 * VIEW is one of: tokens (the full TSV of `marsad tokenize`), seg (word
 * tokens: text TAB segmentation), kinds (text TAB kind TAB value),
 * sentences (one sentence text a line), numbers (value TAB class TAB text),
 * norm (the normalized text).
 * usage: spec_runner MARSAD_BINARY SPECFILE...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "marsad.h"

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    char *b = malloc(cap);
    size_t k;
    while (b && (k = fread(b + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (n + 1 == cap) {
            char *nb = realloc(b, cap *= 2);
            if (!nb) {
                free(b);
                b = NULL;
            }
            b = nb;
        }
    }
    fclose(f);
    if (!b) return NULL;
    b[n] = '\0';
    *len = n;
    return b;
}

static char *run_cli(const char *bin, const char *args, const char *input, size_t len) {
    char tmpl[] = "/tmp/marsad-spec-XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0) return NULL;
    if (write(fd, input, len) != (ssize_t)len) {
        close(fd);
        unlink(tmpl);
        return NULL;
    }
    close(fd);
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "'%s' %s '%s'", bin, args, tmpl);
    FILE *p = popen(cmd, "r");
    if (!p) {
        unlink(tmpl);
        return NULL;
    }
    size_t cap = 4096, n = 0, k;
    char *b = malloc(cap);
    while (b && (k = fread(b + n, 1, cap - n - 1, p)) > 0) {
        n += k;
        if (n + 1 == cap) {
            char *nb = realloc(b, cap *= 2);
            if (!nb) free(b);
            b = nb;
        }
    }
    pclose(p);
    unlink(tmpl);
    if (b) b[n] = '\0';
    return b;
}

/* Appends line `l` of TSV `row` fields selected by `cols` (0-based,
 * -1 terminated) to out. */
static void pick(char *out, size_t cap, const char *row, const int *cols) {
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", row);
    char *f[16];
    int nf = 0;
    char *p = buf;
    f[nf++] = p;
    while ((p = strchr(p, '\t')) && nf < 16) {
        *p++ = '\0';
        f[nf++] = p;
    }
    for (int i = 0; cols[i] >= 0; i++) {
        if (i) strncat(out, "\t", cap - strlen(out) - 1);
        if (cols[i] < nf) strncat(out, f[cols[i]], cap - strlen(out) - 1);
    }
    strncat(out, "\n", cap - strlen(out) - 1);
}

/* Derives a view from the TSV output. */
static char *view(const char *view_name, const char *tsv) {
    size_t cap = strlen(tsv) + 16;
    char *out = calloc(1, cap);
    if (!out) return NULL;
    static const int seg_cols[] = {4, 6, -1}, kind_cols[] = {4, 3, 7, -1},
                     sent_cols[] = {3, -1}, num_cols[] = {3, 4, 6, -1};
    const int *cols = NULL;
    int words_only = 0;
    if (strcmp(view_name, "seg") == 0) {
        cols = seg_cols;
        words_only = 1;
    } else if (strcmp(view_name, "kinds") == 0) cols = kind_cols;
    else if (strcmp(view_name, "sentences") == 0) cols = sent_cols;
    else if (strcmp(view_name, "numbers") == 0) cols = num_cols;
    if (!cols) {
        snprintf(out, cap, "%s", tsv);
        return out;
    }
    const char *l = tsv;
    while (*l) {
        const char *e = strchr(l, '\n');
        size_t n = e ? (size_t)(e - l) : strlen(l);
        char row[4096];
        snprintf(row, sizeof row, "%.*s", (int)n, l);
        if (!words_only || strstr(row, "\tword\t")) pick(out, cap, row, cols);
        l += n + (e ? 1 : 0);
    }
    return out;
}

static int run_case(const char *bin, const char *file, const char *name, const char *input,
                    const char *vname, const char *expected) {
    size_t len = strlen(input);
    char *lib = NULL, *cli = NULL;
    marsad_render_format fmt = MARSAD_RENDER_TOKENS_TSV;
    const char *args = "tokenize";
    if (strcmp(vname, "sentences") == 0) {
        fmt = MARSAD_RENDER_SENTENCES_TSV;
        args = "tokenize --sentences";
    } else if (strcmp(vname, "numbers") == 0) {
        fmt = MARSAD_RENDER_NUMBERS_TSV;
        args = "tokenize --numbers";
    }
    if (strcmp(vname, "norm") == 0) {
        size_t rl, nl;
        char *r = marsad_utf8_repair(input, len, &rl, NULL);
        char *nn = marsad_normalize(r, rl, MARSAD_NORM_DEFAULT, &nl, NULL);
        lib = malloc(nl + 2);
        snprintf(lib, nl + 2, "%s\n", nn);
        marsad_free(r);
        marsad_free(nn);
        char *c = run_cli(bin, "normalize", input, len);
        cli = malloc(strlen(c ? c : "") + 2);
        snprintf(cli, strlen(c ? c : "") + 2, "%s\n", c ? c : "");
        free(c);
    } else {
        marsad_text *t = marsad_text_new(NULL, input, len, NULL, NULL);
        char *r = marsad_text_render(t, fmt, NULL, NULL);
        marsad_text_free(t);
        lib = view(vname, r ? r : "");
        marsad_free(r);
        char *c = run_cli(bin, args, input, len);
        cli = view(vname, c ? c : "");
        free(c);
    }
    int ok = 1;
    if (!lib || !cli || strcmp(lib, cli) != 0) {
        fprintf(stderr, "FAIL %s: %s: library and CLI differ\n--- library\n%s--- cli\n%s", file,
                name, lib ? lib : "(null)", cli ? cli : "(null)");
        ok = 0;
    } else if (strcmp(lib, expected) != 0) {
        fprintf(stderr, "FAIL %s: %s\n--- expected\n%s--- got\n%s", file, name, expected, lib);
        ok = 0;
    }
    free(lib);
    free(cli);
    return ok;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: spec_runner MARSAD_BINARY SPECFILE...\n");
        return 2;
    }
    int pass = 0, fail = 0;
    for (int a = 2; a < argc; a++) {
        size_t len;
        char *s = slurp(argv[a], &len);
        if (!s) {
            fprintf(stderr, "cannot read %s\n", argv[a]);
            return 2;
        }
        char *p = strstr(s, "## ");
        while (p) {
            char *nl = strchr(p, '\n');
            if (!nl) break;
            *nl = '\0';
            char *name = p + 3;
            char *input = nl + 1;
            char *sep = strstr(input, "\n-- ");
            if (!sep) {
                fprintf(stderr, "%s: case '%s' has no '-- VIEW' line\n", argv[a], name);
                return 2;
            }
            *sep = '\0';
            char *vname = sep + 4;
            char *vnl = strchr(vname, '\n');
            if (!vnl) break;
            *vnl = '\0';
            char *expected = vnl + 1;
            char *next = strstr(expected, "\n## ");
            if (next) {
                next[1] = '\0';
                next++;
            }
            /* expected: trim trailing blank lines, end with one newline */
            size_t el = strlen(expected);
            while (el > 0 && expected[el - 1] == '\n') expected[--el] = '\0';
            char *exp = malloc(el + 2);
            snprintf(exp, el + 2, el ? "%s\n" : "%s", expected);
            if (run_case(argv[1], argv[a], name, input, vname, exp)) pass++;
            else fail++;
            free(exp);
            if (!next) break;
            next[0] = '#';
            p = next;
        }
        free(s);
    }
    printf("%d passed, %d failed\n", pass, fail);
    return fail ? 1 : 0;
}
