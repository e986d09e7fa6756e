/* doc.h -- private: the document object shared by resolve/ and extract/. */
#ifndef MARSAD_DOC_H
#define MARSAD_DOC_H

#include "../kb/kb_internal.h"
#include "../text/text_priv.h"

/* A raw dictionary match before resolution. */
typedef struct marsadMatch {
    size_t first, n;      /* tokens */
    uint32_t node;        /* trie node with the payloads */
} marsadMatch;

struct marsad_doc {
    const marsad_kb *kb;
    marsad_text *text;
    marsadArena arena;
    marsad_doc_input in; /* copies */
    uint32_t published;  /* yyyymmdd, 0 unknown */
    char focus[4];
    marsadMatch *matches;   /* actors, places, agents, nationalities, cues */
    size_t n_matches;
    marsadMatch *terms;     /* extraction vocabulary */
    size_t n_terms;
    struct marsadExtract *ex; /* events (src/extract) */
    marsad_mention *mentions;
    size_t n_mentions, cap_mentions;
    int *token_mention;  /* per token: mention index, or -1 */
};

/* Longest-match dictionary lookup over the tokens (match.c). */
int marsadMatchTokens(marsad_doc *d);
/* The extraction vocabulary's matches (match.c). */
int marsadMatchTerms(marsad_doc *d);
/* Resolution of the matches into mentions (resolve.c). */
int marsadResolve(marsad_doc *d);
/* Events (src/extract/extract.c); frees with marsadExtractFree. */
int marsadExtract(marsad_doc *d);
void marsadExtractFree(marsad_doc *d);

#endif
