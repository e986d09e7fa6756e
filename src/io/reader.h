/* reader.h -- private: knobs of the input reader (src/io/reader.c) that the
 * public API does not expose; tests use them to exercise limits cheaply. */
#ifndef MARSAD_READER_H
#define MARSAD_READER_H

#include <stddef.h>

#include "marsad.h"

/* Lowers (or raises) the largest line or plain-text document `r` accepts,
 * MARSAD_MAX_DOC_BYTES by default; 0 restores the default.  Takes effect
 * from the next record. */
void marsadReaderSetLimit(marsad_reader *r, size_t max_bytes);

#endif
