/* kb_stub.c -- an empty built-in image for the tool that compiles the real one. */
#include <stddef.h>

const unsigned char marsadBuiltinImage[1] = {0};
const size_t marsadBuiltinImageLen = 0;
