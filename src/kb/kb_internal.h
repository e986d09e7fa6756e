/*
 * kb_internal.h -- private interface of the knowledge base (src/kb): the
 * data-file reader, the compiled tables the text stage consults, and the
 * files built into the library.
 */
#ifndef MARSAD_KB_INTERNAL_H
#define MARSAD_KB_INTERNAL_H

#include <stddef.h>

#include "../util/util.h"
#include "marsad.h"

typedef struct marsadEmbeddedFile {
    const char *name; /* path relative to data/, e.g. "lexicon-ar.tsv" */
    const char *data;
    size_t len;
} marsadEmbeddedFile;

extern const marsadEmbeddedFile marsadEmbeddedFiles[];

/* ---- TSV reader: '#' comments, blank lines skipped, fields split on TAB ---- */
#define MARSAD_TSV_MAX_FIELDS 32
typedef struct marsadTsv {
    const char *name;  /* file name for messages */
    const char *data;
    size_t len, pos;
    size_t line;       /* 1-based number of the current line */
    char *buf;         /* copy of the current line */
    size_t nfields;
    char *fields[MARSAD_TSV_MAX_FIELDS];
} marsadTsv;

void marsadTsvInit(marsadTsv *t, const char *name, const char *data, size_t len);
/* 1: a record in t->fields; 0: end of data; -1: error (err filled with
 * file:line and reason: invalid UTF-8, line too long, too many fields). */
int marsadTsvNext(marsadTsv *t, marsad_error *err);
void marsadTsvFree(marsadTsv *t);

/* ---- clitics ---- */
typedef struct marsadClitic {
    const char *form;    /* segmentation form (see marsadSegForm) */
    size_t len;          /* bytes */
    const char *display; /* "و+ب+ال" */
    unsigned bits;       /* MARSAD_CL_* for proclitics; MARSAD_CL_ENCL_ONLY for suffixes */
} marsadClitic;

#define MARSAD_CL_ENCL_ONLY (1u << 16)
#define MARSAD_CL_STRICT (1u << 17)

/* ---- number words ---- */
typedef enum marsadNumKind {
    NUM_UNIT,       /* 1..10 */
    NUM_TEEN_TEN,   /* عشر/عشرة after a unit: 11..19 */
    NUM_TENS,       /* 20..90 */
    NUM_HUNDREDS,   /* 100..900 written as one word (مائة، ثلاثمائة) */
    NUM_MULT,       /* ألف، مليون، مليار and their duals/plurals (scale words) */
    NUM_VAGUE,      /* عشرات، مئات، آلاف ... (value = magnitude base) */
    NUM_ORDINAL,    /* الأول، الثاني ... */
    NUM_FRACTION    /* نصف، ربع، ثلث */
} marsadNumKind;

typedef struct marsadNumWord {
    double value;
    marsadNumKind kind;
    unsigned no_article : 1; /* not a number with the article (الاثنين = Monday) */
    unsigned plural : 1;     /* a plural scale word (آلاف، ملايين) */
    unsigned dual : 1;       /* ألفين، مليونين */
    unsigned teen_only : 1;  /* only before عشر/عشرة (أحد عشر) */
    unsigned art_only : 1;   /* only with the article (الثانية) */
} marsadNumWord;

struct marsad_kb {
    marsadArena arena;
    char version[32];
    marsadMap lexicon;   /* seg-form word -> 1 */
    marsadMap numbers;   /* normalized word or "w1 w2" -> index+1 into numwords */
    marsadNumWord *numwords;
    size_t n_numwords;
    marsadMap abbrev;    /* normalized abbreviation (without the final '.') -> 1 */
    marsadClitic *procl; /* longest first */
    size_t n_procl;
    marsadClitic *encl;  /* longest first */
    size_t n_encl;
    marsadClitic *suffix;  /* inflectional suffixes: display = replacement */
    size_t n_suffix;
    marsadClitic *vprefix; /* imperfect verb prefixes */
    size_t n_vprefix;
};

/* The segmentation form: NFKC, no diacritics, tatweel or format chars, alef
 * and hamza forms folded, but ة and ى kept (they tell a suffix from a
 * pronoun).  Appends to b. */
#define MARSAD_NORM_SEG                                                                     \
    (MARSAD_NORM_DEFAULT & ~(unsigned)(MARSAD_NORM_TEH_MARBUTA | MARSAD_NORM_YEH))

#endif
