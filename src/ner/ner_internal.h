/*
 * ner_internal.h -- private interface of the named-entity tagger
 * (src/ner): the token view the features read, the feature templates,
 * the model's weight table and the Viterbi decoder shared by training
 * and tagging.
 */
#ifndef MARSAD_NER_INTERNAL_H
#define MARSAD_NER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "../util/util.h"
#include "marsad.h"

/* Tags: 0 is O; label l has B = 1 + 2l and I = 2 + 2l. */
#define MARSAD_NER_NTAGS (1 + 2 * MARSAD_NER_NLABELS)
/* The "previous tag" of a sentence's first token (a row of the
 * transition table). */
#define MARSAD_NER_START MARSAD_NER_NTAGS
#define MARSAD_NER_NPREV (MARSAD_NER_NTAGS + 1)

/* Bumped whenever the features change meaning: a model built with other
 * features is refused at load instead of tagging badly. */
#define MARSAD_NER_FEATURE_SET 3u

/* The hash table's size: 2^bits rows of MARSAD_NER_NTAGS weights. */
#define MARSAD_NER_BITS_DEFAULT 20u
#define MARSAD_NER_BITS_MIN 16u
#define MARSAD_NER_BITS_MAX 24u

/* Tag strings ("O", "B-PERS", ...), static. */
const char *marsadNerTagName(unsigned tag);
/* A BIO tag string mapped to a tag (docs in marsad.h: PER -> PERS, GPE
 * -> LOC, MIS1 -> MISC, unknown types -> O). */
unsigned marsadNerTagParse(const char *s, size_t n);

/* Word attributes learnt from unlabeled text: classes of the left- and
 * right-context clusterings and self-training figures. */
enum {
    NA_COARSE,  /* class of the coarse clustering (by the words before) */
    NA_FINE,    /* class of the fine clustering (by the words before) */
    NA_RIGHT,   /* class of the clustering by the words after */
    NA_SPOS,    /* where in a name a first model put the word in the unlabeled
                 * text: its share of first and of last tokens, 3 x 3 steps
                 * (see pos_bucket() in unlabeled.c) */
    NA_SELF,    /* 4 values from here: how often a first model tagged the word
                 * PERS, ORG, LOC, MISC in the unlabeled text (0 .. 4, see
                 * self_bucket() in unlabeled.c) */
    MARSAD_NER_NATTR = NA_SELF + MARSAD_NER_NLABELS
};

/* What the features read of one token: its normalized form, stem,
 * clitics, a shape class and the KB marks.  Strings are borrowed. */
typedef struct marsadNerTok {
    const char *norm;
    size_t norm_len;
    const char *stem;
    size_t stem_len;
    unsigned procl; /* MARSAD_CL_* bits */
    unsigned encl;  /* 1 when a pronoun enclitic was split off */
    unsigned shape; /* see shape_of() in features.c */
    unsigned kb;    /* MARSAD_NER_KB_* marks */
    unsigned lex;   /* the token's lexicon kind and function-word bit */
    unsigned cl[MARSAD_NER_NATTR]; /* word attributes; MARSAD_NER_NO_CLUSTER when unknown */
    unsigned wself; /* the self-training steps of the normalized word (see WORD_PREFIX) */
    unsigned doc;   /* how a first pass tagged the stem elsewhere in the document (doc.c); 0: unknown */
} marsadNerTok;

/* Entries of the word table keyed by a normalized word rather than a stem
 * begin with this prefix (a stem never contains ':'); only their
 * self-training attributes are set. */
#define MARSAD_NER_WORD_PREFIX "w:"
#define MARSAD_NER_WORD_PREFIX_LEN 2

/* ---- word clusters and other word attributes (clusters.c) ---- */
#define MARSAD_NER_NO_CLUSTER 0xFFFFu

struct marsad_ner_clusters {
    size_t n;        /* words */
    char *pool;      /* the words, NUL-terminated, in order */
    uint32_t *off;   /* n + 1 offsets into pool */
    uint16_t *attr;  /* MARSAD_NER_NATTR attributes of each word */
    unsigned k[MARSAD_NER_NATTR]; /* values each attribute takes */
    uint32_t *slots; /* hash index: word index + 1 */
    size_t nslots;
    int has_words;   /* some entries are normalized words (MARSAD_NER_WORD_PREFIX) */
};

/* A table of n words (not necessarily NUL-terminated: lens) and their
 * attributes (MARSAD_NER_NATTR per word); NULL on allocation failure. */
marsad_ner_clusters *marsadNerClustersFrom(size_t n, const char *const *words,
                                           const size_t *lens, const uint16_t *attr,
                                           const unsigned *k);
/* A copy; NULL on allocation failure. */
marsad_ner_clusters *marsadNerClustersCopy(const marsad_ner_clusters *c);
/* The index of word w (n bytes, marsadHash h) in the table, or SIZE_MAX. */
size_t marsadNerClusterIndex(const marsad_ner_clusters *c, const char *w, size_t n, uint64_t h);

/* ---- unlabeled text (unlabeled.c) ---- */

/* Unlabeled text after the text stage, kept compact: each distinct token
 * once (analysed), and the stream of token types. */
typedef struct marsadNerUnl {
    marsadArena arena;
    marsadMap types;    /* token text -> type + 1 */
    marsad_token *type; /* the analysed token of each type (strings in arena) */
    uint64_t *count;    /* occurrences of each type */
    size_t ntypes, cap_types;
    uint32_t *ids;      /* the types of the tokens, MARSAD_NER_BOUNDARY after each sentence */
    size_t n, cap;
    size_t ntokens;
} marsadNerUnl;
#define MARSAD_NER_BOUNDARY UINT32_MAX

/* Reads and analyses the text files paths[0 .. n) into u (initialised
 * here; free with marsadNerUnlFree even on failure). */
int marsadNerUnlRead(marsadNerUnl *u, const marsad_kb *kb, const char *const *paths, size_t n,
                     marsad_error *err);
void marsadNerUnlFree(marsadNerUnl *u);

/* Learns the word classes, frequencies and article rates of u (the
 * self-training attributes left unknown). */
marsad_ner_clusters *marsadNerClustersLearn(const marsadNerUnl *u, marsad_error *err);

/* Tags u with m (whose table is c's, or c itself) and sets the
 * self-training attributes of c's words. */
int marsadNerSelfTrain(const marsadNerUnl *u, const marsad_ner_model *m, const marsad_kb *kb,
                       const marsad_ner_options *opts, marsad_ner_clusters *c,
                       marsad_error *err);
/* Sets out[] to the attributes of word w (n bytes, marsadHash h);
 * returns 1 when it is in the table, else 0 with MARSAD_NER_NO_CLUSTER. */
int marsadNerClusterOf(const marsad_ner_clusters *c, const char *w, size_t n, uint64_t h,
                       unsigned out[MARSAD_NER_NATTR]);
/* The string a token is clustered under (its stem, or a class such as
 * "<num>"). */
void marsadNerClusterKey(const marsad_token *t, const char **k, size_t *n);

/* Fills `v` from a token of the text stage, with its word classes from
 * `clusters` (NULL: none; kb marks left 0). */
void marsadNerTokView(marsadNerTok *v, const marsad_token *t, const marsad_ner_clusters *clusters);

/* Analyses one free-standing token string with the text stage (`kb` may
 * be NULL for the built-in KB) and fills `out` with strings copied into
 * `arena`: one token as marsad_text_new reads it; a string the tokenizer
 * splits (such as "(د" or "أ)") becomes one token of the first piece's
 * kind whose norm and stem are the whole string's normalized form.
 * Returns 0, or -1 on allocation failure. */
int marsadNerAnalyse(const marsad_kb *kb, const char *s, size_t len, marsadArena *arena,
                     marsad_token *out, marsad_error *err);

/* Marks of the built-in KB hook beyond the public MARSAD_NER_KB_* bits:
 * a context word that announces a place (حي، مدينة، سجن) begins (_B) or
 * continues (_I) here. */
#define MARSAD_NER_KB_CUE (1u << 8)
/* an organisation's name from organisations.tsv begins (_B) or continues
 * (_I) here */
#define MARSAD_NER_KB_ORG (1u << 10)
#define MARSAD_NER_KB_ALL 0xFFFu

/* Calls the options' KB hook, or the built-in one with `kb`, for one
 * sentence and stores the marks in views[i].kb; `marks` is scratch of n
 * entries. */
void marsadNerKbMarks(const marsad_ner_options *opts, const marsad_kb *kb,
                      const marsad_token *toks, size_t n, marsadNerTok *views, unsigned *marks);

/* Every token gets exactly MARSAD_NER_NFEAT features (a template with
 * nothing to say still emits its "none" value).  W: the normalized word,
 * S: the stem, M1/P1: the token before / after (M2, P2: two away), PRE
 * and SUF: the word's first and last 1-3 letters (SPRE, SSUF: the stem's),
 * SHAPE: kind and length class, CL: the clitics, KB: the KB marks and the
 * lexicon's word kind, POS: first / last in the sentence, C1, C2, R: word
 * classes (coarse, fine, by the next word), SELF: the self-training steps. */
enum {
    NF_BIAS,
    NF_W0, NF_WM1, NF_WP1, NF_WM2, NF_WP2,
    NF_S0, NF_SM1, NF_SP1,
    NF_WM1_W0, NF_W0_WP1, NF_SM1_S0, NF_S0_SP1,
    NF_PRE1, NF_PRE2, NF_PRE3, NF_SUF1, NF_SUF2, NF_SUF3,
    NF_SPRE2, NF_SSUF1, NF_SSUF2, NF_SSUF3,
    NF_SHAPE0, NF_SHAPEM1, NF_SHAPEP1, NF_SHAPE3,
    NF_CL0, NF_KB0, NF_KBM1, NF_KBP1, NF_POS,
    NF_C1_0, NF_C1_M1, NF_C1_P1,
    NF_C2_0, NF_C2_M1, NF_C2_P1, NF_C2_M2, NF_C2_P2,
    NF_R_0, NF_R_M1, NF_R_P1,
    NF_SELF0, NF_SELF_M1, NF_SELF_P1,
    NF_SPOS0, NF_SPOS_M1, NF_SPOS_P1,
    NF_WSELF0,
    NF_DOC,
    MARSAD_NER_NFEAT
};

/* The weight-table row of feature template tid with value v. */
uint32_t marsadNerRow(unsigned tid, uint64_t v, unsigned bits);

/* ---- document consistency (doc.c) ---- */

/* Sentences either side whose first-pass tags give a token's NF_DOC value. */
#define MARSAD_NER_DOC_WINDOW 20u

/* The key a token's consistency is counted under (its stem), or 0 for
 * tokens that take no part (punctuation, numbers). */
uint64_t marsadNerDocKey(const marsadNerTok *t);
/* out[i] = the NF_DOC value of token i, from the first-pass tags of the
 * other tokens with the same key in sentences s - window .. s + window;
 * off: nsent + 1 token offsets.  Returns 0, or -1 on allocation failure. */
int marsadNerDocValues(const uint64_t *keys, const uint8_t *tags, const size_t *off, size_t nsent,
                       size_t window, unsigned *out);
/* Tags the sentences of one document (views of all its tokens, kb marks
 * set; off: nsent + 1 offsets) in two passes, the second with the NF_DOC
 * values the first gives; writes tags (ntok).  Returns 0 or -1. */
int marsadNerTagDoc(const marsad_ner_model *m, marsadNerTok *views, size_t ntok, const size_t *off,
                    size_t nsent, uint8_t *tags);

/* Writes rows[i * MARSAD_NER_NFEAT + k], the weight-table row of feature
 * k of token i, for a sentence of n tokens and a table of 2^bits rows.
 * `scratch` holds n * MARSAD_NER_OBS_WORDS words. */
#define MARSAD_NER_OBS_WORDS 21
void marsadNerFeatures(const marsadNerTok *toks, size_t n, unsigned bits, uint64_t *scratch,
                       uint32_t *rows);

struct marsad_ner_model {
    unsigned bits;
    int16_t *w;                                           /* 2^bits rows of NTAGS */
    int32_t trans[MARSAD_NER_NPREV * MARSAD_NER_NTAGS];   /* [prev][tag] */
    float scale;  /* weight units per quantum (informative) */
    char *info;   /* NUL-terminated */
    marsad_ner_clusters *clusters; /* NULL: no cluster features */
};

/* Allocates a zeroed model of 2^bits rows; NULL on allocation failure. */
marsad_ner_model *marsadNerModelAlloc(unsigned bits);

/* Scores em[i * NTAGS + y] = sum of the rows of token i's features. */
void marsadNerEmit(const int16_t *w, const uint32_t *rows, size_t n, int32_t *em);

/* The best tag sequence under emission scores em (n x NTAGS) and
 * transitions trans ([prev][tag], prev MARSAD_NER_START for the first
 * token), with BIO enforced (I-X only after B-X or I-X).  `bp` is
 * scratch of n * NTAGS bytes. */
void marsadNerViterbi(const int32_t *em, size_t n, const int32_t *trans, uint8_t *bp,
                      uint8_t *tags);

/* Per-sentence scratch for the tagger, grown as needed. */
typedef struct marsadNerScratch {
    size_t cap;
    marsadNerTok *views;
    unsigned *marks;
    uint64_t *obs;
    uint32_t *rows;
    int32_t *em;
    uint8_t *bp, *tags;
} marsadNerScratch;

int marsadNerScratchReserve(marsadNerScratch *s, size_t n);
void marsadNerScratchFree(marsadNerScratch *s);

/* Tags the views of one sentence (their kb marks already set) with `m`
 * into s->tags.  s must hold n. */
void marsadNerTagViews(const marsad_ner_model *m, marsadNerScratch *s, size_t n);

/* ---- corpus (corpus.c) ---- */
struct marsad_ner_corpus {
    marsadArena arena;
    marsadMap types;     /* token string -> index + 1 into type_tok (filled lazily) */
    const char **tok;    /* every token, sentence after sentence */
    const char **tagstr; /* its gold tag string (static) */
    uint8_t *tag;        /* its gold tag */
    uint32_t *type;      /* its type index */
    size_t ntok, cap_tok;
    size_t *sent_start;  /* nsent + 1 entries */
    size_t nsent, cap_sent;
    size_t ntypes;
    const char **type_str; /* type index -> string */
    size_t *type_len;
    size_t cap_types;
};

/* Analyses every token type of `c` with the text stage into `tokens`
 * (ntypes entries, strings in `arena`).  Returns 0 or -1. */
int marsadNerCorpusAnalyse(const marsad_ner_corpus *c, const marsad_kb *kb, marsadArena *arena,
                           marsad_token *tokens, marsad_error *err);

/* Fills s->views (KB marks included) for sentence si of `c`, whose token
 * types were analysed into `types`; *toks (capacity *toks_cap, grown as
 * needed) receives the sentence's tokens.  Returns the sentence length,
 * or SIZE_MAX on allocation failure. */
size_t marsadNerCorpusViews(const marsad_ner_corpus *c, size_t si, const marsad_token *types,
                            const marsad_kb *kb, const marsad_ner_clusters *clusters,
                            const marsad_ner_options *opts, marsadNerScratch *s,
                            marsad_token **toks, size_t *toks_cap);

/* Builds a model's info line. */
char *marsadNerInfo(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

#endif
