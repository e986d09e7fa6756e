/* clitics.h -- private: the result of segmenting one word (seg form). */
#ifndef MARSAD_CLITICS_H
#define MARSAD_CLITICS_H

#include <stddef.h>

#include "../kb/kb_internal.h"

#define MARSAD_SEG_MAX_CAND 6
#define MARSAD_SEG_MAX_ALL 64

typedef struct marsadSegCand {
    size_t pre, len; /* stem = w[pre, pre+len) in bytes of the seg form */
    int score;
} marsadSegCand;

typedef struct marsadSeg {
    size_t pre, stem_len;          /* the chosen stem */
    const marsadClitic *procl;     /* NULL when none */
    const marsadClitic *encl;      /* NULL when none */
    marsadSegCand cand[MARSAD_SEG_MAX_CAND];
    size_t n_cand;
} marsadSeg;

/* Segments `w` (seg form: see MARSAD_NORM_SEG). */
void marsadSegment(const marsad_kb *kb, const char *w, size_t n, marsadSeg *out);

#endif
