/* json.h -- private: writing JSON values into a marsadBuf. */
#ifndef MARSAD_JSON_H
#define MARSAD_JSON_H

#include "../util/util.h"

/* Appends s[0..n) (valid UTF-8) as a JSON string with quotes; control
 * characters, quotes, backslashes and U+2028/U+2029 are escaped. */
void marsadJsonStr(marsadBuf *b, const char *s, size_t n);
/* Appends a number the shortest way that reads back exactly. */
void marsadJsonNum(marsadBuf *b, double v);

#endif
