/*
 * json.c -- the JSON writer: strings escaped per RFC 8259 (and the two
 * line separators JavaScript dislikes), numbers printed exactly.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

void marsadJsonStr(marsadBuf *b, const char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    if (!marsad_utf8_valid(s, n)) {
        /* not valid UTF-8 (a file name, a cut message): repaired, so that
         * the output always is */
        size_t rl;
        char *fixed = marsad_utf8_repair(s, n, &rl, NULL);
        if (!fixed) {
            b->failed = 1;
            return;
        }
        marsadJsonStr(b, fixed, rl);
        free(fixed);
        return;
    }
    marsadBufPutc(b, '"');
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char u[7];
        if (c == '"') esc = "\\\"";
        else if (c == '\\') esc = "\\\\";
        else if (c == '\n') esc = "\\n";
        else if (c == '\r') esc = "\\r";
        else if (c == '\t') esc = "\\t";
        else if (c < 0x20 || c == 0x7F) {
            u[0] = '\\';
            u[1] = 'u';
            u[2] = '0';
            u[3] = '0';
            u[4] = hex[c >> 4];
            u[5] = hex[c & 15];
            u[6] = '\0';
            esc = u;
        } else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                   ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
            marsadBufPut(b, s + run, i - run);
            marsadBufPuts(b, (unsigned char)s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029");
            i += 2;
            run = i + 1;
            continue;
        }
        if (esc) {
            marsadBufPut(b, s + run, i - run);
            marsadBufPuts(b, esc);
            run = i + 1;
        }
    }
    marsadBufPut(b, s + run, n - run);
    marsadBufPutc(b, '"');
}

void marsadJsonNum(marsadBuf *b, double v) {
    if (!isfinite(v)) {
        marsadBufPuts(b, "null");
        return;
    }
    if (v == floor(v) && fabs(v) < 1e15) {
        marsadBufPrintf(b, "%.0f", v);
        return;
    }
    char tmp[32];
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, v);
        double back;
        if (sscanf(tmp, "%lg", &back) == 1 && back == v) break;
    }
    marsadBufPuts(b, tmp);
}
