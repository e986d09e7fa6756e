/*
 * tsv.c -- the one reader of data files: TAB-separated fields, '#'
 * comments and blank lines skipped, every problem reported as file:line.
 */
#include <stdlib.h>
#include <string.h>

#include "kb_internal.h"

void marsadTsvInit(marsadTsv *t, const char *name, const char *data, size_t len) {
    memset(t, 0, sizeof *t);
    t->name = name;
    t->data = data;
    t->len = len;
}

void marsadTsvFree(marsadTsv *t) {
    free(t->buf);
    t->buf = NULL;
}

int marsadTsvNext(marsadTsv *t, marsad_error *err) {
    for (;;) {
        if (t->pos >= t->len) return 0;
        const char *start = t->data + t->pos;
        const char *nl = memchr(start, '\n', t->len - t->pos);
        size_t n = nl ? (size_t)(nl - start) : t->len - t->pos;
        t->pos += n + (nl ? 1 : 0);
        t->line++;
        if (n && start[n - 1] == '\r') n--;
        if (n > MARSAD_MAX_DATA_LINE) {
            marsadErrorSet(err, MARSAD_ERR_LIMIT, t->name, t->line,
                           "line is longer than the limit of %d bytes", MARSAD_MAX_DATA_LINE);
            return -1;
        }
        if (!marsad_utf8_valid(start, n)) {
            marsadErrorSet(err, MARSAD_ERR_PARSE, t->name, t->line,
                           "line is not valid UTF-8 (or holds a NUL byte)");
            return -1;
        }
        if (n == 0 || start[0] == '#') continue;
        size_t k = 0;
        while (k < n && (start[k] == ' ' || start[k] == '\t')) k++;
        if (k == n) continue;
        char *buf = realloc(t->buf, n + 1);
        if (!buf) {
            marsadErrorSet(err, MARSAD_ERR_NOMEM, t->name, t->line, "out of memory");
            return -1;
        }
        t->buf = buf;
        memcpy(buf, start, n);
        buf[n] = '\0';
        t->nfields = 0;
        char *p = buf;
        for (;;) {
            if (t->nfields == MARSAD_TSV_MAX_FIELDS) {
                marsadErrorSet(err, MARSAD_ERR_PARSE, t->name, t->line,
                               "more than %d fields", MARSAD_TSV_MAX_FIELDS);
                return -1;
            }
            t->fields[t->nfields++] = p;
            char *tab = strchr(p, '\t');
            if (!tab) break;
            *tab = '\0';
            p = tab + 1;
        }
        return 1;
    }
}
