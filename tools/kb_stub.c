/* kb_stub.c -- empty built-in images for the tool that compiles the real KB. */
#include <stddef.h>

const unsigned char marsadBuiltinImage[1] = {0};
const size_t marsadBuiltinImageLen = 0;
const unsigned char marsadBuiltinNer[1] = {0};
const size_t marsadBuiltinNerLen = 0;
