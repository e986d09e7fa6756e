/*
 * kb_internal.h -- private interface of the knowledge base (src/kb): the
 * data-file reader, the compiled tables the text stage consults, and the
 * files built into the library.
 */
#ifndef MARSAD_KB_INTERNAL_H
#define MARSAD_KB_INTERNAL_H

#include <stddef.h>

#include "../util/util.h"
#include "blob.h"
#include "marsad.h"


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
    marsadArena arena;       /* the small in-memory tables below */
    const unsigned char *image; /* the compiled image (blob.h) */
    size_t image_len;
    void *owned;             /* malloc'd image, or NULL */
    void *mapped;            /* mmap'ed image, or NULL */
    char version[32];
    const char *pool;
    size_t pool_len;
    kbFrozen lexicon, numbers, abbrev, trie, discourse;
    marsadNumWord *numwords; /* in memory, from KS_NUMWORDS */
    size_t n_numwords;
    marsadClitic *procl;     /* longest first */
    size_t n_procl;
    marsadClitic *encl;      /* longest first */
    size_t n_encl;
    marsadClitic *suffix;    /* inflectional suffixes: display = replacement */
    size_t n_suffix;
    marsadClitic *vprefix;   /* imperfect verb prefixes */
    size_t n_vprefix;
    const kbNode *nodes;
    size_t n_nodes;
    const kbPayload *payloads;
    size_t n_payloads;
    const kbPlace *places;
    size_t n_places;
    const kbActor *actors;
    size_t n_actors;
    const kbAgent *agents;
    size_t n_agents;
    const kbNation *nations;
    size_t n_nations;
    const kbCountry *countries;
    size_t n_countries;
    const kbCue *cues;
    size_t n_cues;
    const kbTerm *terms;
    size_t n_terms;
    const kbType *types;
    size_t n_types;
};

/* Lookups over the compiled tables. */
int marsadKbHasWord(const marsad_kb *kb, const char *s, size_t n);
/* 0 unknown, 1 a word of the language, 2 only a name, 3 a function word. */
int marsadKbWordKind(const marsad_kb *kb, const char *s, size_t n);
const marsadNumWord *marsadKbNumber(const marsad_kb *kb, const char *s, size_t n);
int marsadKbIsAbbrev(const marsad_kb *kb, const char *s, size_t n);
int marsadKbIsDiscourse(const marsad_kb *kb, const char *s, size_t n);
/* The trie child of `node` by word, or 0 (the root is never a child). */
uint32_t marsadKbChild(const marsad_kb *kb, uint32_t node, const char *w, size_t n);
static inline const char *marsadKbStr(const marsad_kb *kb, uint32_t off) {
    return off < kb->pool_len ? kb->pool + off : "";
}
/* Compiles the data files of `dir` into an image (malloc'd). */
unsigned char *marsadKbCompileDir(const char *dir, size_t *len, marsad_error *err);


/* The segmentation form: NFKC, no diacritics, tatweel or format chars, alef
 * and hamza forms folded, but ة and ى kept (they tell a suffix from a
 * pronoun).  Appends to b. */
#define MARSAD_NORM_SEG                                                                     \
    (MARSAD_NORM_DEFAULT & ~(unsigned)(MARSAD_NORM_TEH_MARBUTA | MARSAD_NORM_YEH))

#endif
