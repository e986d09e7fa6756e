/* extract.h -- private: the extraction stage's state and its time module. */
#ifndef MARSAD_EXTRACT_H
#define MARSAD_EXTRACT_H

#include "../resolve/doc.h"

#define EX_MAX_ARGS 8
#define EX_MAX_ALSO 24

typedef struct exEvent {
    marsad_event pub;
    const kbType *type;
    size_t trig_tok, trig_n;
    const marsad_mention *actors[EX_MAX_ARGS];
    const marsad_mention *recips[EX_MAX_ARGS];
    marsad_quantity q[EX_MAX_ARGS];
    marsad_span also[EX_MAX_ALSO];
    const char *mode;
    int cued; /* a word near it says how it was made (mode_cues.tsv) */
    const marsad_mention *region; /* the sentence's most specific place: merges compare it */
    double weight;
    int asserted;   /* some mention in the outlet's own voice */
    int attributed; /* some mention attributed to a source */
    int merged;     /* merged into another event: not output */
    int another;    /* غارة أخرى، هجوم جديد: a new occurrence, not merged into an earlier one */
    int date_lede;  /* its date is the lede's, not its own sentence's */
    char id[16];
} exEvent;

struct marsadExtract {
    exEvent *ev;
    size_t n, cap;
    marsad_framing *fr;
    size_t nfr, capfr;
    marsad_event *out; /* the public events, in order */
    size_t nout;
};

/* A time expression found in tokens [first, first+n). */
typedef struct exDate {
    int found;
    char start[11], end[11]; /* YYYY-MM-DD; start may be "" */
    const char *precision;
    size_t tok_first, tok_n;
} exDate;

/* Finds the first time expression in tokens [from, to) of d's text that is
 * not the date of a statement; dates resolve against `published`
 * (yyyymmdd, 0 unknown). */
int exFindDate(const marsad_doc *d, size_t from, size_t to, exDate *out);

/* Term payloads of a term match of the given kind (kbTermKind); returns
 * the first, or NULL. */
const kbTerm *exTerm(const marsad_doc *d, const marsadMatch *m, uint32_t kind);

#endif
