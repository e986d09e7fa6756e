/*
 * blob.h -- private: the compiled knowledge base file.  One flat,
 * position-independent image (offsets, never pointers) that is written by
 * `marsad kb build`, embedded into the library, and mmap-ed read-only at
 * load: a header, a section table, a string pool, frozen hash tables and
 * record arrays.
 */
#ifndef MARSAD_BLOB_H
#define MARSAD_BLOB_H

#include <stddef.h>
#include <stdint.h>

#include "../util/util.h"

#define KB_MAGIC "MARSADKB"
#define KB_FORMAT 2

enum kbSection {
    KS_STRINGS = 1, /* string pool; offset 0 is "" */
    KS_LEXICON,     /* frozen set: segmentation-form stems */
    KS_NUMBERS,     /* frozen map: normalized number word -> index into KS_NUMWORDS */
    KS_NUMWORDS,    /* kbNumWord[] */
    KS_ABBREV,      /* frozen set */
    KS_CLITICS,     /* kbClitic[] */
    KS_TRIE,        /* frozen map: (u32 parent node, word) -> child node */
    KS_NODES,       /* kbNode[] (node 0 is the root) */
    KS_PAYLOADS,    /* kbPayload[] */
    KS_PLACES,      /* kbPlace[] */
    KS_ACTORS,      /* kbActor[] */
    KS_AGENTS,      /* kbAgent[] */
    KS_NATIONS,     /* kbNation[] */
    KS_COUNTRIES,   /* kbCountry[] */
    KS_CUES,        /* kbCue[] */
    KS_TERMS,       /* kbTerm[]: extraction vocabulary */
    KS_TYPES,       /* kbType[]: the ontology table */
    KS_DISCOURSE,   /* frozen set: discourse markers */
    KS_MAX
};

typedef struct kbHeader {
    char magic[8];
    uint32_t format;
    uint32_t n_sections;
    uint64_t size;     /* whole file */
    uint64_t checksum; /* FNV-1a 64 of everything after the header */
    char version[32];
} kbHeader;

typedef struct kbSectionEntry {
    uint32_t id, pad;
    uint64_t offset, size;
} kbSectionEntry;

typedef struct kbSlot {
    uint32_t hash, key, klen, value; /* hash 0: empty */
} kbSlot;

/* A frozen table: a view over a section (nslots, count, slots[]). */
typedef struct kbFrozen {
    const kbSlot *slots;
    uint32_t nslots, count;
    const char *pool;
} kbFrozen;

/* Returns value+1, or 0 when the key is absent. */
uint32_t kbFrozenGet(const kbFrozen *f, const char *key, size_t klen);

typedef struct kbNumWord {
    double value;
    uint32_t kind, flags;
} kbNumWord;

typedef struct kbClitic {
    uint32_t form, display, bits, type; /* type: 0 pro, 1 en, 2 suffix, 3 vprefix */
} kbClitic;

typedef struct kbNode {
    uint32_t first_payload, n_payload;
} kbNode;

enum kbPayloadKind {
    KP_PLACE = 1,
    KP_ACTOR,
    KP_AGENT,
    KP_NATION,
    KP_CUE,
    KP_TERM
};

/* Extraction vocabulary: one record per term of the files below. */
enum kbTermKind {
    KT_TRIGGER = 1, /* triggers.tsv: f0 pos, f1 type, f2 mode; weight */
    KT_MODE,        /* mode_cues.tsv: f0 mode */
    KT_REPORT,      /* reporting.tsv: f0 pos, f1 stance */
    KT_SOURCE,      /* sources.tsv: f0 source_type */
    KT_MODALITY,    /* modality.tsv: f0 modality, f1 scope */
    KT_CASUALTY,    /* casualties.tsv: f0 slot */
    KT_TIME,        /* time_words.tsv: f0 kind, f1 value */
    KT_FRAMING,     /* framing.tsv: f0 technique */
    KT_ORG          /* organisations.tsv: f0 kind (a name for the name tagger only) */
};

typedef struct kbTerm {
    uint32_t kind, term, f[3];
    float weight;
} kbTerm;

#define KB_TYPE_COLS 20
typedef struct kbType {
    uint32_t col[KB_TYPE_COLS]; /* the columns of ontology.tsv, in order */
} kbType;

typedef struct kbPayload {
    uint32_t kind, index;
} kbPayload;

typedef struct kbPlace {
    double lat, lon;
    uint32_t id, name_ar, name_en, feature, admin1, source;
    uint32_t population, geonameid;
    char country[4];
    uint8_t resolution, has_coords, curated, pad;
} kbPlace;

typedef struct kbActor {
    uint32_t code, name_en, source, alias;
    char sector[4], country[4];
    uint32_t date_from, date_to; /* yyyymmdd, 0 = open */
} kbActor;

typedef struct kbAgent {
    char sector[4];
    uint32_t role, number, term; /* number: 1 singular, 2 plural, 3 dual */
} kbAgent;

typedef struct kbNation {
    char iso3[4];
    uint32_t kind, form; /* kind: 1 country, 2 adjective, 3 group */
} kbNation;

typedef struct kbCountry {
    char iso3[4], iso2[4];
    uint32_t name_en, name_ar;
    uint32_t place; /* index+1 into places of the country's own point, 0 none */
} kbCountry;

/* Context words (cues.tsv): feature cues before a place name (حي، مدينة،
 * سجن), actor cues resolved by the focus country (القوات الحكومية),
 * directions, and extraction's words: target nouns, clause connectives,
 * counted units. */
enum {
    KC_FEATURE = 1,   /* value: the place features it selects */
    KC_ACTOR = 2,     /* value: a code pattern ({FOCUS}MIL) */
    KC_DIRECTION = 3, /* value: the relation */
    KC_TARGET = 4,    /* value: - or CVL (residential) */
    KC_CLAUSE = 5,    /* value: - */
    KC_UNIT = 6       /* value: vehicle, site or strike (what a number counts) */
};

typedef struct kbCue {
    uint32_t kind;     /* KC_* */
    uint32_t term;
    uint32_t value;    /* feature names '|' separated; a code pattern; a direction */
    char focus[4];     /* for actor cues: the focus country this row applies to, "*" any */
} kbCue;

/* ---- builder ---- */
typedef struct kbBuilder {
    marsadArena arena;
    marsadBuf pool;
    marsadMap pool_index;
    marsadBuf sec[KS_MAX];
    marsadMap lexicon, numbers, abbrev, trie, discourse;
    marsadBuf nodes_payloads; /* per node: list built at the end */
    uint32_t n_nodes;
    /* payload lists: for each node, a linked list in `links` */
    marsadBuf links;          /* kbLink[] */
    marsadBuf node_head;      /* uint32_t per node: head link + 1 */
    char version[32];
    int failed;
} kbBuilder;

int kbBuilderInit(kbBuilder *b);
void kbBuilderFree(kbBuilder *b);
uint32_t kbStr(kbBuilder *b, const char *s, size_t n);
void kbAppend(kbBuilder *b, int section, const void *rec, size_t size);
size_t kbCount(const kbBuilder *b, int section, size_t size);
/* Adds a phrase (words: normalized keys) with a payload to the trie. */
int kbAddPhrase(kbBuilder *b, const char *const *words, size_t n, uint32_t kind, uint32_t index);
/* Writes the image; returns a malloc'd buffer. */
unsigned char *kbSerialize(kbBuilder *b, size_t *len);

/* Validates an image and finds its sections; 0 on success. */
int kbOpen(const unsigned char *data, size_t len, const unsigned char *sec_data[KS_MAX],
           uint64_t sec_size[KS_MAX], marsad_error *err, const char *name);
uint64_t kbChecksum(const unsigned char *p, size_t n);

#endif
