/*
 * marsad.h -- the public interface of libmarsad.
 *
 * marsad turns Arabic news articles into structured, sourced, geolocated
 * event records.  This header is the only one the CLI, the store, the
 * server and bindings include; it is also the manual: every declaration
 * says what it does, what NULL means, who frees the result and whether it
 * is thread-safe.
 *
 * Conventions
 *  - Inputs are (pointer, length) pairs and may hold any bytes; outputs are
 *    NUL-terminated UTF-8.
 *  - Objects are created by marsad_X_new() or marsad_X_load() and released
 *    by marsad_X_free(); every _free(NULL) is a no-op.
 *  - Fallible calls return NULL (or a negative code) and fill an optional
 *    marsad_error.  The library never aborts or exits.
 *  - A marsad_kb is immutable after load and may be shared by any number of
 *    threads.  Every other object belongs to the thread that made it.
 *  - Offsets named start/end are code point offsets (end exclusive) into
 *    the document text decoded as Python's bytes.decode('utf-8', 'replace')
 *    decodes it; offsets named byte_start/byte_end are byte offsets into the
 *    repaired UTF-8 text that marsad_text_utf8() returns.
 */
#ifndef MARSAD_H
#define MARSAD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MARSAD_VERSION "0.1.0"
#define MARSAD_VERSION_MAJOR 0
#define MARSAD_VERSION_MINOR 1
#define MARSAD_VERSION_PATCH 0

/* The library version, "MAJOR.MINOR.PATCH".  Static storage. */
const char *marsad_version(void);

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

typedef enum marsad_status {
    MARSAD_OK = 0,
    MARSAD_ERR_NOMEM = 1,   /* an allocation failed */
    MARSAD_ERR_IO = 2,      /* a file could not be opened or read */
    MARSAD_ERR_PARSE = 3,   /* a data file or input line is malformed */
    MARSAD_ERR_LIMIT = 4,   /* an input exceeds a documented limit */
    MARSAD_ERR_ARG = 5      /* an argument is invalid (NULL where required, ...) */
} marsad_status;

/* Filled by fallible calls when the caller passes one.  `msg` is a
 * complete sentence naming the reason; `file` and `line` locate data-file
 * and input errors (empty / 0 when not applicable); `pos` is a byte offset
 * within the line or input when known. */
typedef struct marsad_error {
    marsad_status code;
    char msg[256];
    char file[256];
    size_t line;
    size_t pos;
} marsad_error;

/* Frees memory that a marsad_ function documents as "free with
 * marsad_free".  NULL is a no-op. */
void marsad_free(void *p);

/* ------------------------------------------------------------------ */
/* Limits (see docs/robustness.md)                                     */
/* ------------------------------------------------------------------ */

/* Every limit is enforced where input enters: with an error that names
 * it (MARSAD_ERR_LIMIT unless said otherwise), or by a documented cut that
 * keeps every byte.  docs/robustness.md has the table, how each value was
 * chosen and the worst case it bounds. */

/* The largest document, in bytes, that marsad_text_new() analyses.  A
 * larger one is refused with MARSAD_ERR_LIMIT; nothing is truncated.  The
 * reader skips a JSON line or a plain-text file over it the same way. */
#define MARSAD_MAX_DOC_BYTES ((size_t)64 * 1024 * 1024)
/* The most tokens marsad_text_new() makes of one document; a document
 * with more is refused with MARSAD_ERR_LIMIT naming this limit.  The text
 * stage holds about 300 bytes a token, so this bounds its memory (near
 * 600 MB) whatever the bytes are: 64 MB of one-letter words would be 20
 * million tokens. */
#define MARSAD_MAX_DOC_TOKENS ((size_t)2000000)
/* The most tokens marsad_doc_new() analyses (actors, places, events); a
 * longer document is refused with MARSAD_ERR_LIMIT naming this limit.
 * Resolution and extraction relate mentions and events across the whole
 * document, so their worst case grows faster than the text: this keeps
 * it to seconds.  15 times the longest of 31,012 news articles (6,673). */
#define MARSAD_MAX_ANALYSIS_TOKENS ((size_t)100000)
/* The longest sentence, in tokens.  A run of this many tokens with no
 * sentence end is closed there and the next token opens a new sentence;
 * nothing is dropped.  Bounds the work of the stages that scan a sentence
 * for each event in it.  In 31,012 news articles 6 sentences are longer
 * (the longest, 1,980 tokens, is a list with no full stop). */
#define MARSAD_MAX_SENTENCE_TOKENS 1024
/* The longest token, in bytes: a longer run of letters (Arabic or
 * Latin) is split into pieces of at most this size, each keeping its true
 * span.  Digits, URLs, e-mail addresses and hashtags are not split (they
 * cost linear time at any length). */
#define MARSAD_MAX_TOKEN_BYTES 1024
/* The longest line a data file may have, in bytes; a longer one fails the
 * load with MARSAD_ERR_LIMIT, err->file and err->line. */
#define MARSAD_MAX_DATA_LINE 65536
/* The deepest nesting of JSON input (jansson's parser stops there: its
 * JSON_PARSER_MAX_DEPTH).  A JSON Lines record nested deeper is skipped
 * with MARSAD_ERR_LIMIT naming this limit, with file and line; a gold file
 * or a record given to marsad_eval_add_json() fails with MARSAD_ERR_PARSE. */
#define MARSAD_MAX_JSON_DEPTH 2048

/* ------------------------------------------------------------------ */
/* UTF-8 at the boundary                                               */
/* ------------------------------------------------------------------ */

/* Decodes `len` bytes with repair, exactly as Python's
 * data.decode('utf-8', 'replace'): each maximal invalid subsequence (and
 * each NUL byte) becomes one U+FFFD.  Returns a NUL-terminated valid UTF-8
 * copy (free with marsad_free) and sets *out_len to its length in bytes and,
 * when not NULL, *replaced to the number of U+FFFD inserted.  Returns NULL
 * only when memory runs out. */
char *marsad_utf8_repair(const char *bytes, size_t len, size_t *out_len, size_t *replaced);

/* Nonzero when `len` bytes are valid UTF-8 without NUL bytes. */
int marsad_utf8_valid(const char *bytes, size_t len);

/* ------------------------------------------------------------------ */
/* Normalization for matching                                          */
/* ------------------------------------------------------------------ */

/* Each fold is a flag; MARSAD_NORM_DEFAULT is all of them. */
enum {
    MARSAD_NORM_NFKC = 1u << 0,       /* compatibility composition (presentation forms, ligatures) */
    MARSAD_NORM_DIACRITICS = 1u << 1, /* remove harakat, shadda, sukun, superscript alef, Quranic marks */
    MARSAD_NORM_TATWEEL = 1u << 2,    /* remove U+0640 */
    MARSAD_NORM_ALEF = 1u << 3,       /* أ إ آ ٱ ٲ ٳ -> ا */
    MARSAD_NORM_YEH = 1u << 4,        /* ى and Persian ی -> ي */
    MARSAD_NORM_TEH_MARBUTA = 1u << 5,/* ة -> ه */
    MARSAD_NORM_HAMZA = 1u << 6,      /* ؤ -> و, ئ -> ي (hamza on a carrier -> the carrier) */
    MARSAD_NORM_DIGITS = 1u << 7,     /* Arabic-Indic and Persian digits, ٫ ٬ -> ASCII */
    MARSAD_NORM_PUNCT = 1u << 8,      /* ، ؛ ؟ « » “ ” ‹ › ‘ ’ and dashes -> ASCII */
    MARSAD_NORM_CASE = 1u << 9,       /* lower-case letters (Latin and others) */
    MARSAD_NORM_FORMAT = 1u << 10,    /* remove ZWNJ, ZWJ, bidi marks, soft hyphen, BOM */
    MARSAD_NORM_KAF = 1u << 11,       /* Persian ک -> ك, ە -> ه */
    MARSAD_NORM_DEFAULT = (1u << 12) - 1
};

/* Normalizes valid UTF-8 (repair first with marsad_utf8_repair) under
 * `flags`.  Returns the normalized NUL-terminated string (free with
 * marsad_free) and its length in *out_len.  When `map` is not NULL it
 * receives an array of *out_len + 1 entries (free with marsad_free): map[i]
 * is the byte offset in the input of the code point that produced byte i of
 * the output, and map[*out_len] == len.  Idempotent:
 * normalize(normalize(x)) == normalize(x).  NULL only on allocation
 * failure. */
char *marsad_normalize(const char *utf8, size_t len, unsigned flags, size_t *out_len,
                       uint32_t **map);

/* Punctuation classes of punctuation tokens. */
typedef enum marsad_punct {
    MARSAD_PUNCT_NONE = 0,
    MARSAD_PUNCT_PERIOD,      /* . ۔ */
    MARSAD_PUNCT_QUESTION,    /* ? ؟ */
    MARSAD_PUNCT_EXCLAIM,     /* ! */
    MARSAD_PUNCT_ELLIPSIS,    /* … ... */
    MARSAD_PUNCT_COMMA,       /* , ، */
    MARSAD_PUNCT_SEMICOLON,   /* ; ؛ */
    MARSAD_PUNCT_COLON,       /* : */
    MARSAD_PUNCT_QUOTE_OPEN,  /* « “ ‹ ‘ „ */
    MARSAD_PUNCT_QUOTE_CLOSE, /* » ” › ’ */
    MARSAD_PUNCT_QUOTE,       /* " ' (direction unknown) */
    MARSAD_PUNCT_OPEN,        /* ( [ { */
    MARSAD_PUNCT_CLOSE,       /* ) ] } */
    MARSAD_PUNCT_DASH,        /* - – — */
    MARSAD_PUNCT_SLASH,       /* / \ */
    MARSAD_PUNCT_OTHER        /* any other punctuation or symbol */
} marsad_punct;

/* The class of one code point; MARSAD_PUNCT_NONE when it is not
 * punctuation or a symbol. */
marsad_punct marsad_punct_class(uint32_t cp);

/* Name of a class ("period", "quote-open", ...).  Static storage. */
const char *marsad_punct_name(marsad_punct p);

/* ------------------------------------------------------------------ */
/* Knowledge base                                                      */
/* ------------------------------------------------------------------ */

/* The compiled language knowledge: lexicon, clitics, number words,
 * abbreviations (and, as the project grows, gazetteer, actors, triggers).
 * Immutable after load; share one among all threads. */
typedef struct marsad_kb marsad_kb;

/* Loads the knowledge base built into the library from data/ at build
 * time.  NULL on failure, with `err` filled when not NULL. */
marsad_kb *marsad_kb_load_builtin(marsad_error *err);

/* Compiles the knowledge base from the data files in directory `dir` (the
 * layout of the repository's data/) in memory and loads it.  A malformed
 * line fails the load with err->file and err->line set.  NULL on failure. */
marsad_kb *marsad_kb_load_dir(const char *dir, marsad_error *err);

/* Loads a compiled knowledge base (written by marsad_kb_build or
 * `marsad kb build`), mapped read-only into memory.  The file is checked
 * (magic, format version, size, checksum, table bounds) before use.  NULL
 * on failure. */
marsad_kb *marsad_kb_load_file(const char *path, marsad_error *err);

/* Compiles the data files of directory `dir` into a knowledge-base file at
 * `out_path` (written to a temporary name, then renamed).  A malformed data
 * line fails with err->file and err->line set.  0 on success, -1 on
 * failure. */
int marsad_kb_build(const char *dir, const char *out_path, marsad_error *err);

/* Number of entries of one table of the KB: "lexicon", "places", "actors",
 * "agents", "nationalities", "countries", "cues", "numbers", "phrases" (trie
 * nodes), or "bytes" (the image size).  0 for an unknown name. */
size_t marsad_kb_count(const marsad_kb *kb, const char *table);

/* The KB version string, e.g. "2026-11-24.1".  Owned by the KB. */
const char *marsad_kb_version(const marsad_kb *kb);

void marsad_kb_free(marsad_kb *kb);

/* ------------------------------------------------------------------ */
/* Text analysis: tokens, sentences, clitics, numbers                  */
/* ------------------------------------------------------------------ */

typedef enum marsad_token_kind {
    MARSAD_TOK_WORD = 0,  /* an Arabic word */
    MARSAD_TOK_NUMBER,    /* digits in any script: 1,500  1.5  ١٥٠٠  3-4; or an Arabic number word */
    MARSAD_TOK_DATE,      /* a numeric date: 20/1/2022, 2022-01-20 */
    MARSAD_TOK_PUNCT,     /* one punctuation mark or symbol (or an ellipsis) */
    MARSAD_TOK_LATIN,     /* a word in Latin or another non-Arabic script */
    MARSAD_TOK_URL,
    MARSAD_TOK_EMAIL,
    MARSAD_TOK_HASHTAG,
    MARSAD_TOK_MENTION
} marsad_token_kind;

/* Name of a kind ("word", "number", ...).  Static storage. */
const char *marsad_token_kind_name(marsad_token_kind k);

/* Proclitics found on a word, as bits of marsad_token.proclitics. */
enum {
    MARSAD_CL_WA = 1u << 0,  /* و  and */
    MARSAD_CL_FA = 1u << 1,  /* ف  so */
    MARSAD_CL_BI = 1u << 2,  /* ب  in, with */
    MARSAD_CL_KA = 1u << 3,  /* ك  like */
    MARSAD_CL_LI = 1u << 4,  /* ل  for, to */
    MARSAD_CL_SA = 1u << 5,  /* س  future */
    MARSAD_CL_AL = 1u << 6   /* ال the (also the ل of لل) */
};

/* One token.  All strings are NUL-terminated, owned by the marsad_text. */
typedef struct marsad_token {
    marsad_token_kind kind;
    uint32_t sentence;          /* index of its sentence */
    size_t start, end;          /* code points into the original text */
    size_t byte_start, byte_end;/* bytes into marsad_text_utf8() */
    const char *text;           /* the token as written (repaired UTF-8) */
    const char *norm;           /* normalized with MARSAD_NORM_DEFAULT */
    /* Clitic segmentation (words): the chosen split, written with the
     * token's own letters (diacritics and tatweel dropped), parts joined
     * by '+': "و+ال+زهور".  Equal to the letters of the word when
     * nothing was split. */
    const char *seg;
    const char *stem;           /* the stem of `seg`, normalized: "زهور" */
    unsigned proclitics;        /* MARSAD_CL_* bits of the chosen split */
    const char *enclitic;       /* normalized pronoun enclitic, "" when none */
    /* Candidate stems for dictionary lookup, best first (normalized,
     * clitics removed); stems[0] == stem.  Always at least one. */
    const char *const *stems;
    size_t n_stems;
    marsad_punct punct;         /* class of a PUNCT token */
    /* Numbers: the value of a NUMBER token (a number word's own value);
     * value_max > value for a range (3-4).  0 for other tokens. */
    double value, value_max;
    unsigned is_number_word : 1;/* a NUMBER token that is a word (ثلاث) */
    unsigned is_ordinal : 1;    /* an ordinal word (الأول، العشرين in dates) */
    unsigned is_approx : 1;     /* a vague amount word (عشرات، مئات) */
    /* What the lexicon says of the chosen stem: 0 unknown, 1 a word of the
     * language, 2 a name known only from the KB's entries, 3 a function
     * word (في، إلى، أمام). */
    unsigned lexicon : 2;
    unsigned function_word : 1; /* some candidate stem is a function word (وفي) */
} marsad_token;

/* A number phrase: one or more tokens that together state an amount:
 * "ثلاثمائة وخمسون", "10 آلاف", "عشرات الآلاف", "750". */
typedef struct marsad_number {
    size_t first_token, n_tokens;
    size_t start, end;          /* code points */
    double value;               /* the amount; for vague amounts the order of magnitude (10, 100, ...) */
    double value_max;           /* > value for ranges (3-4) */
    unsigned approx : 1;        /* vague (عشرات، مئات، الآلاف، عدد كبير) */
    unsigned ordinal : 1;       /* an ordinal (الأول، الثالث) */
    unsigned magnitude;         /* for approximate amounts: log10 of the order (1 for عشرات) */
} marsad_number;

typedef struct marsad_sentence {
    size_t first_token, n_tokens;
    size_t start, end;          /* code points, from its first to the end of its last token */
    size_t byte_start, byte_end;
} marsad_sentence;

/* A document after the text stage.  Owns all its strings (one arena). */
typedef struct marsad_text marsad_text;

typedef struct marsad_text_options {
    unsigned reserved; /* zero-initialise; room for options */
} marsad_text_options;

/* Analyses `len` bytes of any content: repairs UTF-8, tokenizes, splits
 * sentences, segments clitics and reads numbers.  `kb` supplies the
 * lexicon and word lists (NULL: the built-in KB, loaded once).  `opts` may
 * be NULL.  Returns NULL on allocation failure, when the built-in KB cannot
 * be loaded, or when len > MARSAD_MAX_DOC_BYTES (MARSAD_ERR_LIMIT), with
 * `err` filled.  Free with marsad_text_free. */
marsad_text *marsad_text_new(const marsad_kb *kb, const char *bytes, size_t len,
                             const marsad_text_options *opts, marsad_error *err);
void marsad_text_free(marsad_text *t);

/* The repaired text (valid UTF-8, BOM kept) and its length in bytes and
 * in code points. */
const char *marsad_text_utf8(const marsad_text *t);
size_t marsad_text_bytes(const marsad_text *t);
size_t marsad_text_chars(const marsad_text *t);
/* Number of U+FFFD inserted by the repair. */
size_t marsad_text_replaced(const marsad_text *t);

size_t marsad_text_token_count(const marsad_text *t);
/* The i-th token, or NULL when i is out of range. */
const marsad_token *marsad_text_token(const marsad_text *t, size_t i);
size_t marsad_text_sentence_count(const marsad_text *t);
const marsad_sentence *marsad_text_sentence(const marsad_text *t, size_t i);
size_t marsad_text_number_count(const marsad_text *t);
const marsad_number *marsad_text_number(const marsad_text *t, size_t i);

/* Converts a code point offset of `t` to a byte offset into
 * marsad_text_utf8() (clamped to the text). */
size_t marsad_text_byte_offset(const marsad_text *t, size_t cp);

/* Views of the text stage, for marsad_text_render. */
typedef enum marsad_render_format {
    /* one token a line: sentence, start, end, kind, text, normalized,
     * segmentation, value (numbers; "3-4" for a range) */
    MARSAD_RENDER_TOKENS_TSV = 0,
    /* one JSON object a token, with its candidate stems and number fields */
    MARSAD_RENDER_TOKENS_JSONL,
    /* one number phrase a line: sentence, start, end, value, exact|approx|ordinal,
     * magnitude, text */
    MARSAD_RENDER_NUMBERS_TSV,
    /* one sentence a line: index, start, end, text (tabs and newlines as spaces) */
    MARSAD_RENDER_SENTENCES_TSV
} marsad_render_format;

/* Renders `t` in `fmt`; `doc_id` names the document in JSON output (NULL:
 * ""). Returns a NUL-terminated string (free with marsad_free) and its
 * length in *len when not NULL; NULL on allocation failure. */
char *marsad_text_render(const marsad_text *t, marsad_render_format fmt, const char *doc_id,
                         size_t *len);

/* Segments one word (valid UTF-8) with `kb`'s lexicon; the same as the
 * `seg` of a token.  Free the result with marsad_free.  NULL on
 * allocation failure. */
char *marsad_segment_word(const marsad_kb *kb, const char *word, size_t len);

/* Reads the Arabic number words or digits in `s` (one phrase, e.g.
 * "ثلاثمائة وخمسون") and returns 1 with *value set when it is a number,
 * 0 otherwise. */
int marsad_parse_number(const marsad_kb *kb, const char *s, size_t len, double *value);

/* ------------------------------------------------------------------ */
/* Named entities (src/ner)                                            */
/* ------------------------------------------------------------------ */

/* A statistical tagger for person, organisation, location and other
 * names (ANERcorp's PERS, ORG, LOC, MISC, in BIO): an averaged structured
 * perceptron over hashed features, decoded with Viterbi (docs/ner.md).
 * A marsad_ner_model is immutable after load or training and may be
 * shared by any number of threads; every call below that takes a model
 * only reads it. */

typedef enum marsad_ner_label {
    MARSAD_NER_PERS = 0, /* a person */
    MARSAD_NER_ORG,      /* an organisation, party, company, armed group */
    MARSAD_NER_LOC,      /* a place: country, city, region, river */
    MARSAD_NER_MISC      /* another name: currency, religion, event, prize */
} marsad_ner_label;
#define MARSAD_NER_NLABELS 4

/* "PERS", "ORG", "LOC" or "MISC"; "?" for another value.  Static. */
const char *marsad_ner_label_name(marsad_ner_label label);

/* One entity mention: tokens first_token .. first_token + n_tokens - 1
 * of a marsad_text and their span in it (offsets as the conventions above
 * define them). */
typedef struct marsad_ner_entity {
    marsad_ner_label label;
    size_t first_token, n_tokens;
    size_t start, end;           /* code points */
    size_t byte_start, byte_end; /* bytes */
} marsad_ner_entity;

/* KB membership: what the knowledge base knows about each token of a
 * sentence, as bits.  A token that begins an entry of a kind gets its
 * _B bit, each later token of the entry its _I bit (a one-token entry
 * sets _B only).  These are features of the tagger: with them the
 * dictionaries and the model help each other. */
enum {
    MARSAD_NER_KB_PLACE_B = 1u << 0,       /* a gazetteer place */
    MARSAD_NER_KB_PLACE_I = 1u << 1,
    MARSAD_NER_KB_ACTOR_B = 1u << 2,       /* a named actor: group, state, organisation */
    MARSAD_NER_KB_ACTOR_I = 1u << 3,
    MARSAD_NER_KB_PERSON_B = 1u << 4,      /* a person's name, or a title before one */
    MARSAD_NER_KB_PERSON_I = 1u << 5,
    MARSAD_NER_KB_NATIONALITY_B = 1u << 6, /* a nationality or demonym */
    MARSAD_NER_KB_NATIONALITY_I = 1u << 7
};

/* The KB membership hook: sets marks[i] (zeroed before the call) to
 * MARSAD_NER_KB_* bits for tokens[0 .. n) of one sentence.  `ctx` is the
 * options' kb_ctx.  It must be deterministic and thread-safe when the
 * model is shared.  The built-in hook (used when the options give none)
 * walks the knowledge base's phrases over the sentence, longest match
 * first, as the resolver does.  A model learns weights only for the marks
 * it saw in training: a model trained with one hook tags best with the
 * same hook. */
typedef void (*marsad_ner_kb_hook)(void *ctx, const marsad_token *tokens, size_t n,
                                   unsigned *marks);

typedef struct marsad_ner_options {
    marsad_ner_kb_hook kb_hook; /* NULL: the built-in hook */
    void *kb_ctx;
} marsad_ner_options;

typedef struct marsad_ner_model marsad_ner_model;

/* Loads a model file written by marsad_ner_model_save (data/ner-model.bin
 * is the shipped one).  The file is validated (magic, version, feature
 * set, sizes, checksum); a truncated, corrupt or foreign file fails with
 * MARSAD_ERR_PARSE, an unreadable one with MARSAD_ERR_IO, err->file set.
 * NULL on failure.  Free with marsad_ner_model_free. */
marsad_ner_model *marsad_ner_model_load(const char *path, marsad_error *err);

/* The same from `len` bytes in memory (copied; the caller keeps them). */
marsad_ner_model *marsad_ner_model_load_mem(const void *data, size_t len, marsad_error *err);

/* The model built into the library (data/ner-model.bin at build time),
 * loaded once and shared; do not free it.  NULL when the library was built
 * without one or it cannot be loaded. */
const marsad_ner_model *marsad_ner_model_builtin(void);

/* Writes `m` to `path` (replaced atomically: written beside it, then
 * renamed).  Returns 0, or -1 with `err` filled.  The bytes depend only
 * on the model: the same training gives the same file. */
int marsad_ner_model_save(const marsad_ner_model *m, const char *path, marsad_error *err);

void marsad_ner_model_free(marsad_ner_model *m);

/* A one-line description of how the model was trained (seed, epochs,
 * sentences, tokens), owned by the model. */
const char *marsad_ner_model_info(const marsad_ner_model *m);

/* Tags every sentence of `t` (its tokens and their normalized forms,
 * stems and clitics).  `opts` may be NULL.  On success returns 0, sets
 * *out to the entities in text order (free with marsad_free; NULL when
 * there are none) and *n_out to their number.  Returns -1 with `err`
 * filled on a NULL argument or allocation failure. */
int marsad_ner_tag_text(const marsad_ner_model *m, const marsad_text *t,
                        const marsad_ner_options *opts, marsad_ner_entity **out, size_t *n_out,
                        marsad_error *err);

/* Tags one pre-tokenized sentence: tokens[0 .. n) are UTF-8 strings (any
 * bytes; repaired as the text stage repairs them), each analysed by the
 * text stage with `kb` (NULL: the built-in KB).  Writes tags[i], a static
 * BIO tag string ("O", "B-PERS", "I-LOC", ...), for every token.  Returns
 * 0, or -1 with `err` filled.  For CoNLL files and evaluation. */
int marsad_ner_tag_tokens(const marsad_ner_model *m, const marsad_kb *kb,
                          const char *const *tokens, size_t n, const marsad_ner_options *opts,
                          const char **tags, marsad_error *err);

/* Tags the pre-tokenized sentences of one document, or of a corpus kept
 * in document order: sentence s is tokens[sent_off[s] .. sent_off[s + 1])
 * (sent_off[0] == 0; n_sent + 1 offsets), tags as marsad_ner_tag_tokens
 * writes them.  Unlike tagging each sentence alone, the tagger sees how
 * it tagged the same words in the neighbouring sentences (label
 * consistency; docs/ner.md).  Returns 0, or -1 with `err` filled. */
int marsad_ner_tag_sentences(const marsad_ner_model *m, const marsad_kb *kb,
                             const char *const *tokens, const size_t *sent_off, size_t n_sent,
                             const marsad_ner_options *opts, const char **tags,
                             marsad_error *err);

/* ---- CoNLL corpora, training and scoring ---- */

/* Sentences of tokens with gold tags, read from CoNLL files: one token a
 * line, its tag in the second whitespace-separated column (further
 * columns are ignored), a blank line between sentences.  Tag types map
 * to the four labels: PERS/PER/PERSON -> PERS, ORG, LOC/GPE -> LOC,
 * MISC/MIS/MIS0.. -> MISC; any other type (DATE, NORP, ...) and a line
 * without a tag read as O. */
typedef struct marsad_ner_corpus marsad_ner_corpus;

marsad_ner_corpus *marsad_ner_corpus_new(void);
void marsad_ner_corpus_free(marsad_ner_corpus *c);

/* Appends the sentences of the CoNLL file at `path`.  Returns the number
 * of sentences added, or -1 with `err` filled (an unreadable file, a line
 * longer than MARSAD_MAX_DATA_LINE, with file and line). */
long marsad_ner_corpus_read_conll(marsad_ner_corpus *c, const char *path, marsad_error *err);

size_t marsad_ner_corpus_sentence_count(const marsad_ner_corpus *c);
size_t marsad_ner_corpus_token_count(const marsad_ner_corpus *c);

/* Sentence i: sets *tokens and *tags (static BIO strings) to arrays owned
 * by the corpus and returns its length; 0 when i is out of range. */
size_t marsad_ner_corpus_sentence(const marsad_ner_corpus *c, size_t i,
                                  const char *const **tokens, const char *const **tags);

/* Word classes and statistics learnt from unlabeled text: for each
 * frequent stem, its classes in three clusterings (words that follow, or
 * precede, the same words share a class) and how often a first model
 * tagged it PERS, ORG, LOC or MISC there (self-training).  They let a name
 * the labelled data never saw still look like names of its kind.  A model
 * trained with them carries a copy in its file. */
typedef struct marsad_ner_clusters marsad_ner_clusters;

/* Writes / reads the table as text: a '#' header line, then one stem a
 * line with its attributes, tab-separated.  Load returns NULL with `err`
 * filled (file and line) on a malformed file. */
int marsad_ner_clusters_save(const marsad_ner_clusters *c, const char *path, marsad_error *err);
marsad_ner_clusters *marsad_ner_clusters_load(const char *path, marsad_error *err);

/* The table a model carries (NULL when it has none), owned by the model. */
const marsad_ner_clusters *marsad_ner_model_clusters(const marsad_ner_model *m);

/* Number of stems in the table. */
size_t marsad_ner_clusters_count(const marsad_ner_clusters *c);
void marsad_ner_clusters_free(marsad_ner_clusters *c);

typedef struct marsad_ner_train_options {
    uint64_t seed;       /* shuffles the sentences each epoch and drops words */
    unsigned epochs;     /* 0: 20 */
    unsigned hash_bits;  /* log2 of the feature table's rows; 0: 20 (16 .. 24) */
    const marsad_kb *kb; /* analyses the tokens; NULL: the built-in KB */
    const marsad_ner_options *tag; /* the KB hook; NULL: built-in */
    /* Unlabeled text files ("-": standard input; any text, JSON Lines of
     * articles included) to learn word classes from and to self-train on:
     * a first model tags them, a second one is trained with what the first
     * found.  NULL / 0: none.  Minutes and a few hundred MB for 10 million
     * words. */
    const char *const *unlabeled;
    size_t n_unlabeled;
    /* Word classes to use instead of learning them (from an earlier model,
     * marsad_ner_model_clusters, or a saved table); with unlabeled text
     * only the self-training figures are recomputed.  NULL: learn them
     * when there is unlabeled text. */
    const marsad_ner_clusters *clusters;
    /* Called with one line of progress at a time when not NULL. */
    void (*log)(void *ctx, const char *line);
    void *log_ctx;
} marsad_ner_train_options;

/* Trains a model on the sentences of `c` listed in sentences[0 .. n)
 * (sentences NULL: all of them, n ignored).  Deterministic: the same
 * corpus, options and seed give a model whose saved bytes are identical.
 * NULL with `err` filled on failure. */
marsad_ner_model *marsad_ner_train(const marsad_ner_corpus *c, const size_t *sentences, size_t n,
                                   const marsad_ner_train_options *opts, marsad_error *err);

/* Exact-span counts, conlleval style: an entity is correct when its
 * label, first and last token all match.  Index MARSAD_NER_NLABELS holds
 * the micro totals. */
typedef struct marsad_ner_counts {
    size_t gold[MARSAD_NER_NLABELS + 1];
    size_t pred[MARSAD_NER_NLABELS + 1];
    size_t correct[MARSAD_NER_NLABELS + 1];
} marsad_ner_counts;

/* Adds one sentence of BIO tag strings (gold and predicted, n each) to
 * `counts`.  As conlleval reads BIO: an I- tag after O or after another
 * label starts an entity. */
void marsad_ner_counts_add(marsad_ner_counts *counts, const char *const *gold,
                           const char *const *pred, size_t n);

/* Precision, recall and F1 of label `i` (MARSAD_NER_NLABELS: micro); 0
 * where undefined. */
void marsad_ner_counts_prf(const marsad_ner_counts *counts, size_t i, double *precision,
                           double *recall, double *f1);

/* The counts as a tab-separated table: a header line, then one line per
 * label and "micro": label, gold, pred, correct, precision, recall, f1.
 * Free with marsad_free; NULL on allocation failure. */
char *marsad_ner_counts_table(const marsad_ner_counts *counts);

/* Tags sentences[0 .. n) of `c` (NULL: all) and adds them to `counts`.
 * Returns 0, or -1 with `err` filled. */
int marsad_ner_evaluate(const marsad_ner_model *m, const marsad_ner_corpus *c,
                        const size_t *sentences, size_t n, const marsad_kb *kb,
                        const marsad_ner_options *opts, marsad_ner_counts *counts,
                        marsad_error *err);

/* ------------------------------------------------------------------ */
/* Evaluation (src/eval)                                               */
/* ------------------------------------------------------------------ */

/* The scorer of ../shared/eval/GUIDELINES.md, "How a prediction is
 * scored", rules 1-6; docs/eval.md explains every figure.  A marsad_eval
 * accumulates documents: each marsad_eval_add_json() scores one gold file
 * (NAME.gold.json) against one marsad/1 record (SCHEMA.md) and adds the
 * document's counts to the totals; marsad_eval_render() prints them.
 * A marsad_eval belongs to the thread that made it. */
typedef struct marsad_eval marsad_eval;

/* Counts and the figures made of them.  precision = tp / (tp + fp),
 * recall = tp / (tp + fn), f1 = 2tp / (2tp + fp + fn); each is NaN when
 * its denominator is 0 (nothing to measure), never a made-up 0 or 1. */
typedef struct marsad_eval_prf {
    size_t tp, fp, fn;
    double precision, recall, f1;
} marsad_eval_prf;

/* An accuracy: right out of total; accuracy is NaN when total is 0. */
typedef struct marsad_eval_acc {
    size_t right, total;
    double accuracy;
} marsad_eval_acc;

/* The P/R/F1 figures of a document or of the totals. */
typedef enum marsad_eval_figure {
    MARSAD_EVAL_IDENTIFICATION = 0, /* rule 2: matched pairs, any type */
    MARSAD_EVAL_CLASSIFICATION,     /* rule 2: matched pairs of equal type (event F1) */
    MARSAD_EVAL_ACTOR,              /* rule 3, each slot end to end */
    MARSAD_EVAL_RECIPIENT,
    MARSAD_EVAL_QUANTITIES,
    MARSAD_EVAL_LOCATION,
    MARSAD_EVAL_ORIGIN,
    MARSAD_EVAL_DESTINATION,
    MARSAD_EVAL_DATE,
    MARSAD_EVAL_COUNTS,    /* dead + injured + arrested */
    MARSAD_EVAL_DEAD,
    MARSAD_EVAL_INJURED,
    MARSAD_EVAL_ARRESTED,
    MARSAD_EVAL_ARGUMENTS  /* the micro average over all slots (argument F1) */
} marsad_eval_figure;

/* The accuracies over matched pairs (rules 4 and 5). */
typedef enum marsad_eval_measure {
    MARSAD_EVAL_MODALITY = 0,
    MARSAD_EVAL_SOURCE_TYPE,
    MARSAD_EVAL_GEO_10KM,  /* predicted coordinates within 10 km of gold */
    MARSAD_EVAL_GEO_161KM  /* within 161 km */
} marsad_eval_measure;

typedef enum marsad_eval_format {
    MARSAD_EVAL_TABLE = 0, /* aligned text for a terminal */
    MARSAD_EVAL_JSON       /* one JSON object, pretty-printed, for programs */
} marsad_eval_format;

/* A new, empty accumulator (free with marsad_eval_free); NULL when memory
 * runs out. */
marsad_eval *marsad_eval_new(void);
void marsad_eval_free(marsad_eval *ev);

/* The "doc"."id" string of a gold file or a marsad/1 record held in `len`
 * bytes of JSON, so that a caller can pair predictions with gold files.
 * Returns a copy (free with marsad_free), or NULL with `err` filled
 * (MARSAD_ERR_PARSE for malformed JSON, with err->line and err->pos from
 * the parser, or for a missing id; err->file is left empty). */
char *marsad_eval_doc_id(const char *json, size_t len, marsad_error *err);

/* Scores one document: `gold` (gold_len bytes) is a NAME.gold.json object,
 * `pred` (pred_len bytes) the marsad/1 record of the same document, or
 * NULL when there is none: then every gold event and argument is a miss
 * and the document is reported as having no prediction.  `gold_name` and
 * `pred_name` name the inputs in errors and reports (NULL: "gold",
 * "prediction"); `pred_line` is the record's line in a JSON Lines file
 * (0 when it is not from one).  Returns 0 when the document was scored.
 * Returns -1 with `err` filled when either input is malformed (invalid
 * JSON, a field of the wrong type, a span with end < start, a record for
 * another doc.id): err->file and err->line locate the fault, and the
 * document is skipped, counted and listed by marsad_eval_render(); nothing
 * of it enters the totals.  Also -1 (MARSAD_ERR_NOMEM) when memory runs
 * out, MARSAD_ERR_ARG when ev or gold is NULL. */
int marsad_eval_add_json(marsad_eval *ev, const char *gold, size_t gold_len,
                         const char *gold_name, const char *pred, size_t pred_len,
                         const char *pred_name, size_t pred_line, marsad_error *err);

/* Records document `doc_name` as skipped for `reason` (a sentence; NULL:
 * none given) without scoring it, e.g. when its file cannot be read.
 * Returns 0, or -1 when memory runs out or ev is NULL. */
int marsad_eval_skip(marsad_eval *ev, const char *doc_name, const char *reason);

/* Documents scored (with or without a prediction), and documents skipped. */
size_t marsad_eval_doc_count(const marsad_eval *ev);
size_t marsad_eval_skipped_count(const marsad_eval *ev);

/* Fills *out with figure `fig` of the document whose gold doc.id is
 * `doc_id`, or of the totals when doc_id is NULL.  Returns 0, or -1 when
 * there is no such scored document or an argument is invalid. */
int marsad_eval_prf_get(const marsad_eval *ev, const char *doc_id, marsad_eval_figure fig,
                        marsad_eval_prf *out);

/* Fills *out with accuracy `m` of one document (doc_id) or the totals
 * (NULL).  Returns 0 or -1 as marsad_eval_prf_get(). */
int marsad_eval_accuracy_get(const marsad_eval *ev, const char *doc_id, marsad_eval_measure m,
                             marsad_eval_acc *out);

/* The per-type breakdown over all documents: tp counts matched pairs whose
 * gold and predicted type are both `type`, fp the other predictions of
 * that type, fn the other gold events of that type.  Returns 0, or -1 when
 * no gold or predicted event had that type. */
int marsad_eval_type_get(const marsad_eval *ev, const char *type, marsad_eval_prf *out);

/* Renders the totals (events, each argument slot and their micro average,
 * attributes, geocoding, the per-type breakdown, documents without a
 * prediction and skipped ones) as a table or JSON.  With `verbose`, each
 * document's figures come first, with every missed and spurious event and
 * argument, type, modality and source-type disagreement and geocoding
 * error, with its text and span.  Returns a NUL-terminated string (free
 * with marsad_free) and its length in *len when not NULL; NULL when memory
 * runs out. */
char *marsad_eval_render(const marsad_eval *ev, marsad_eval_format fmt, int verbose,
                         size_t *len);

/* NER scoring (rule 6): exact spans and labels, per label and micro. */
typedef struct marsad_eval_ner marsad_eval_ner;

/* Scores `pred` against `gold`, both CoNLL text: a token and its tag a
 * line (separated by spaces or tabs; the first column is the token, the
 * last the tag), a blank line between sentences; "-DOCSTART-" lines are
 * sentence breaks.  Tags are O, B-LABEL or I-LABEL (E- and S- of IOBES are
 * read as I- and B-); as in conlleval, an I- tag that does not continue a
 * span of its label starts one.  Any other tag is read as O and counted.
 * The files must hold the same tokens in the same order; the gold file's
 * sentence breaks apply to both.  Returns the scores (free with
 * marsad_eval_ner_free), or NULL with `err` filled: MARSAD_ERR_PARSE with
 * err->file (gold_name or pred_name; NULL: "gold", "prediction") and
 * err->line for a line without a tag or for the first token that differs
 * (the message gives both files' lines), MARSAD_ERR_NOMEM. */
marsad_eval_ner *marsad_eval_ner_conll(const char *gold, size_t gold_len, const char *gold_name,
                                       const char *pred, size_t pred_len, const char *pred_name,
                                       marsad_error *err);
void marsad_eval_ner_free(marsad_eval_ner *n);

/* The labels seen in either file, sorted by byte value; label(i) is NULL
 * when i is out of range.  Strings are owned by n. */
size_t marsad_eval_ner_label_count(const marsad_eval_ner *n);
const char *marsad_eval_ner_label(const marsad_eval_ner *n, size_t i);

/* Fills *out with the figures of `label`, or the micro average over all
 * labels when label is NULL.  Returns 0, or -1 for an unknown label. */
int marsad_eval_ner_get(const marsad_eval_ner *n, const char *label, marsad_eval_prf *out);

/* Tokens read, and tags that were not O, B-, I-, E- or S- (read as O). */
size_t marsad_eval_ner_token_count(const marsad_eval_ner *n);
size_t marsad_eval_ner_bad_tag_count(const marsad_eval_ner *n);

/* Renders the per-label table and the micro line as text or JSON; the
 * result and *len as marsad_eval_render(). */
char *marsad_eval_ner_render(const marsad_eval_ner *n, marsad_eval_format fmt, size_t *len);

/* ------------------------------------------------------------------ */
/* Documents: the text stage plus resolved actors and places           */
/* ------------------------------------------------------------------ */

/* One input document.  Strings may be NULL; `published` is an ISO date
 * (YYYY-MM-DD) used for date-dependent actor codes and, later, relative
 * dates. */
typedef struct marsad_doc_input {
    const char *id;
    const char *text;
    size_t len;
    const char *published;
    const char *outlet;
    const char *url;
    const char *title;
} marsad_doc_input;

/* A resolved place (a gazetteer entry).  Strings are NULL when unknown. */
typedef struct marsad_place {
    const char *place_id;  /* geonames:N, ocha:PCODE, iso:XXX, marsad:slug */
    unsigned long geonameid; /* 0 when not a GeoNames place */
    const char *name;      /* English name */
    const char *name_ar;
    double lat, lon;
    int has_coords;
    const char *country;   /* ISO 3166-1 alpha-3 */
    const char *admin1;    /* first-level division's name */
    const char *feature;   /* city, village, neighbourhood, prison, river, desert, ... */
    int resolution;        /* PLOVER: 5 sub-city ... 1 country; 0 unknown */
} marsad_place;

/* A resolved actor.  `code` follows ACTOR_CODES (ISIS, SDF, USAMIL, SYRUAF). */
typedef struct marsad_actor {
    const char *code;
    const char *name;      /* English name; NULL for codes built by convention */
    const char *country;   /* ISO3, NULL for transnational actors */
    const char *sector;    /* PLOVER sector (MIL, GOV, REB, UAF, CVL, ...) or IGO/NGO */
} marsad_actor;

typedef enum marsad_mention_kind {
    MARSAD_MENTION_PLACE = 1,
    MARSAD_MENTION_ACTOR = 2
} marsad_mention_kind;

/* One actor or place mention with its evidence span and the reason for
 * its resolution.  An unresolved name keeps its span with `resolved` 0 and
 * the place or actor fields NULL. */
typedef struct marsad_mention {
    marsad_mention_kind kind;
    size_t first_token, n_tokens;
    size_t start, end;     /* code points */
    const char *text;      /* the evidence, as written */
    int resolved;
    marsad_place place;    /* kind PLACE */
    marsad_actor actor;    /* kind ACTOR */
    const char *relation;  /* for places after a direction word: "east" of this place, "near", ... */
    const char *label;     /* NER label: LOC, ORG, PERS, MISC */
    const char *reason;    /* why this entry was chosen, for people */
} marsad_mention;

typedef struct marsad_doc marsad_doc;

/* Analyses a document: the text stage, then actor and place mentions
 * resolved with `kb` (NULL: built-in).  NULL on failure with `err` filled.
 * Free with marsad_doc_free. */
marsad_doc *marsad_doc_new(const marsad_kb *kb, const marsad_doc_input *in, marsad_error *err);
void marsad_doc_free(marsad_doc *d);
const marsad_text *marsad_doc_text(const marsad_doc *d);
size_t marsad_doc_mention_count(const marsad_doc *d);
const marsad_mention *marsad_doc_mention(const marsad_doc *d, size_t i);
/* The country the document is about (ISO3), from its places, country names
 * and nationalities; NULL when none. */
const char *marsad_doc_focus_country(const marsad_doc *d);
/* The input fields (copies owned by the document; NULL when not given). */
const marsad_doc_input *marsad_doc_input_of(const marsad_doc *d);

/* ------------------------------------------------------------------ */
/* Events (src/extract): the marsad/1 record                           */
/* ------------------------------------------------------------------ */

/* A span of the original text (code points) and its text. */
typedef struct marsad_span {
    size_t start, end;
    const char *text; /* NULL when there is no span */
} marsad_span;

typedef struct marsad_quantity {
    double value;
    int approx;
    const char *unit;  /* person, vehicle, site, strike, weapon, other */
    marsad_span span;
} marsad_quantity;

typedef struct marsad_date {
    const char *start, *end; /* ISO dates; start NULL for the published fallback */
    const char *precision;   /* day, week, month, year, range; NULL */
    const char *basis;       /* text, published, unknown */
    marsad_span span;        /* the time expression when basis is text */
} marsad_date;

typedef struct marsad_attribution {
    const char *source;      /* the source phrase as written; NULL for the outlet */
    const char *source_type; /* outlet, correspondent, anonymous, local, official,
                                organization, witness, media */
    const char *entity;      /* actor code of the source when known */
    const char *verb;        /* the reporting verb as written */
    const char *stance;      /* neutral, confirm, doubt, deny */
    size_t start, end;       /* the source phrase's span (0, 0 when none) */
    const char *via;         /* the outlet */
} marsad_attribution;

/* One event: a type of ONTOLOGY.md with its mappings, the evidence of
 * every field, and its confidence.  Pointers are owned by the document. */
typedef struct marsad_event {
    const char *id;           /* e1, e2, ... */
    const char *type;
    const char *plover_event, *plover_mode;
    const char *plover_context; /* '|' separated, "" when none */
    const char *acled_event_type, *acled_sub_event_type, *cameo;
    marsad_span trigger;
    const marsad_span *also;  /* the event's other mentions */
    size_t n_also;
    size_t sentence;          /* index of the trigger's sentence */
    const marsad_mention *const *actor;
    size_t n_actor;
    const marsad_mention *const *recipient;
    size_t n_recipient;
    const marsad_mention *location, *origin, *destination; /* NULL when none */
    const marsad_quantity *quantities;
    size_t n_quantities;
    long dead, injured, arrested; /* -1 when the text gives none */
    marsad_date date;
    const char *modality;     /* asserted, claimed, denied, negated, future, hypothetical */
    marsad_attribution attribution;
    double confidence;        /* 0..1, see docs/extraction.md */
} marsad_event;

/* A loaded-language or labelling span (ArAIEval technique names). */
typedef struct marsad_framing {
    size_t start, end;
    const char *text;
    const char *technique;
} marsad_framing;

size_t marsad_doc_event_count(const marsad_doc *d);
const marsad_event *marsad_doc_event(const marsad_doc *d, size_t i);
size_t marsad_doc_framing_count(const marsad_doc *d);
const marsad_framing *marsad_doc_framing(const marsad_doc *d, size_t i);

typedef enum marsad_record_format {
    MARSAD_RECORD_JSON = 0,   /* one marsad/1 record on one line (JSON Lines) */
    MARSAD_RECORD_PRETTY,     /* the same record, indented */
    MARSAD_RECORD_TABLE,      /* a readable summary per event, for people */
    /* The flat exports (SCHEMA.md "Flat exports", docs/store.md).  A
     * document renders to the items of its events only; an output stream
     * of many documents is framed by marsad_export_header() and
     * marsad_export_footer() (see there). */
    MARSAD_RECORD_ACLED_CSV,  /* ACLED-style CSV: one row per event, RFC 4180 (fields quoted
                                 when needed, CRLF line ends), UTF-8 without BOM; the columns
                                 of marsad_export_header(MARSAD_RECORD_ACLED_CSV) */
    MARSAD_RECORD_GEOJSON,    /* RFC 7946 Features, one per event with a place that has
                                 coordinates (Point [lon, lat]; properties: the CSV columns),
                                 joined by marsad_export_separator(); "" when none */
    MARSAD_RECORD_PLOVER      /* PLOVER JSON records (the manual's "Data Fields"), one per
                                 event, one a line (JSON Lines) */
} marsad_record_format;

/* Renders the document's record, or its events in one of the export
 * formats.  Free with marsad_free; NULL on allocation failure. */
char *marsad_doc_render(const marsad_doc *d, marsad_record_format fmt, size_t *len);

/* Framing of an output stream of many documents in `fmt`.  Write the
 * header once, then each document's marsad_doc_render() output -- for
 * GeoJSON, put marsad_export_separator() before every non-empty rendering
 * but the first one written -- then the footer once:
 *   ACLED_CSV: header = the header row (CRLF-terminated); no separator or
 *              footer: rows simply follow each other.
 *   GEOJSON:   header = '{"type":"FeatureCollection","features":[' and a
 *              newline; separator ",\n"; footer "\n]}\n".  With no
 *              feature the result is an empty, valid FeatureCollection.
 *   others:    "" for all three (JSON Lines need no framing).
 * Static strings; never NULL. */
const char *marsad_export_header(marsad_record_format fmt);
const char *marsad_export_separator(marsad_record_format fmt);
const char *marsad_export_footer(marsad_record_format fmt);

/* Renders the mentions of `d`: TSV (start, end, kind, text, code or place
 * id, lat, lon, reason) or JSON Lines (one object a mention).  Free with
 * marsad_free. */
char *marsad_doc_render_mentions(const marsad_doc *d, int json, size_t *len);

/* ------------------------------------------------------------------ */
/* Input readers (src/io/reader.c)                                     */
/* ------------------------------------------------------------------ */

/* How a reader reads its files (docs/input.md). */
typedef enum marsad_input_format {
    /* by file name: .jsonl, .jsonl.gz, .ndjson, .ndjson.gz and .json.gz
     * are JSON Lines, every other file (a plain .json too) is one
     * plain-text document; standard input is JSON Lines when its first
     * non-blank byte is '{' (or it has none), plain text otherwise */
    MARSAD_INPUT_AUTO = 0,
    MARSAD_INPUT_TEXT, /* every file is one plain-text document */
    MARSAD_INPUT_JSONL /* every file is JSON Lines: one article object a line */
} marsad_input_format;

/* A streaming reader of news articles: files, directory trees or standard
 * input, plain or gzip'd, as plain text or JSON Lines.  It reads a fixed
 * buffer at a time and holds one record: its memory does not grow with
 * the number of documents (only with the longest line, which is capped,
 * and with the number of entries of the directories being walked).  A
 * reader belongs to one thread; readers of different inputs may run in
 * parallel. */
typedef struct marsad_reader marsad_reader;

/* Opens `path`: a file, a directory (its regular files, recursively, each
 * directory's entries in byte order of their names, depth-first; names
 * beginning with '.' are skipped, and so are sidecars NAME.meta.json,
 * symbolic links to directories, FIFOs and devices), or "-" for standard
 * input.  With MARSAD_INPUT_AUTO the format is chosen per file by its name
 * (see marsad_input_format).  A plain-text document's id is its file name
 * without directory and extension ("a/b/2015-07-21.txt.gz" -> "2015-07-21";
 * standard input: "stdin"); its other fields come from the sidecar
 * "a/b/2015-07-21.meta.json" when there is one (a JSON object whose string
 * members published, outlet, title, url and id are used).  Input whose
 * first bytes are the gzip magic number is decompressed on the fly,
 * whatever its name.  NULL with `err` filled (MARSAD_ERR_IO, err->file =
 * path) when `path` does not exist or cannot be opened; MARSAD_ERR_ARG when
 * it is NULL.  Close with marsad_reader_close. */
marsad_reader *marsad_reader_open(const char *path, marsad_input_format fmt, marsad_error *err);

/* Reads the next document into *doc.  Returns
 *   1: *doc is filled; its strings are owned by the reader and valid until
 *      the next call or marsad_reader_close.  JSON Lines: "text" (required,
 *      a string; its length in doc->len, "\u0000" included), "id" (a string
 *      or a number, written as a string; missing, null or "": "FILE:LINE"),
 *      "published", "outlet", "url", "title" (strings; missing, null or "":
 *      NULL); other members are ignored.  Plain text: the whole file as
 *      it is (a BOM stays), the id from the file name, the other fields
 *      from the sidecar or NULL.  Text is not validated: the text stage
 *      repairs it.
 *   0: the end of the input (and on every later call).
 *  -1: this record is bad and is skipped; `err` says why, with err->file
 *      and err->line (1-based; 0 for a whole file) and, for malformed
 *      JSON, err->pos (byte in the line): MARSAD_ERR_PARSE for malformed
 *      JSON, a line that is not an object, a missing or non-string "text"
 *      or a field of the wrong type; MARSAD_ERR_LIMIT for a line or a
 *      plain-text file over MARSAD_MAX_DOC_BYTES (skipped without being
 *      held in memory); MARSAD_ERR_IO for a file or directory that cannot
 *      be read, a binary file (a NUL byte, or over 30% of bytes that are
 *      not UTF-8, in its first 8 KB: the whole file is skipped), a corrupt
 *      or truncated gzip stream (the rest of that file is skipped).  Call
 *      again to continue with the next record: every -1 consumes input, so
 *      a loop until 0 ends.  The one exception is MARSAD_ERR_ARG (`r` or
 *      `doc` NULL), which consumes nothing: stop on it.
 * Invalid UTF-8 inside a JSON line is repaired (each maximal invalid
 * subsequence becomes U+FFFD, as marsad_utf8_repair) rather than failing
 * the record. */
int marsad_reader_next(marsad_reader *r, marsad_doc_input *doc, marsad_error *err);

/* Counts so far; each pointer may be NULL.  `records`: documents returned
 * (1); `failed`: records skipped (-1); `bytes`: bytes read (of gzip'd
 * input, the decompressed bytes); `total`: the expected total of `bytes`
 * when known, for progress and ETA, else 0 (standard input).  For gzip'd
 * files `total` is an estimate from the gzip trailer, so `bytes` may end
 * above or below it: clamp. */
void marsad_reader_stats(const marsad_reader *r, size_t *records, size_t *failed, uint64_t *bytes,
                         uint64_t *total);

/* Closes the current file and frees the reader.  NULL is a no-op. */
void marsad_reader_close(marsad_reader *r);

/* ------------------------------------------------------------------ */
/* The event store (src/store) */
/* ------------------------------------------------------------------ */

/* A SQLite database of documents and their events (docs/store.md): the
 * documents with their text, the events with their actors, places,
 * quantities, counts and attributions, the mentions and framing spans,
 * every one with its evidence span; full-text search over the articles
 * (FTS5) and a spatial index over the events' places (R*Tree).  The file
 * is in WAL mode: other processes may read it while one writes.  A
 * marsad_store belongs to the thread that opened it. */
typedef struct marsad_store marsad_store;

/* The schema version this library writes (PRAGMA user_version).  Older
 * stores are migrated on open; newer ones are refused. */
#define MARSAD_STORE_SCHEMA 1

enum {
    MARSAD_STORE_READONLY = 1u << 0 /* open for queries only: never create or migrate */
};

/* Opens the store at `path`, creating it (unless MARSAD_STORE_READONLY)
 * and migrating its schema to MARSAD_STORE_SCHEMA, each step in one
 * transaction.  NULL with `err` filled (err->file = path): MARSAD_ERR_IO
 * when the file cannot be opened or is not a SQLite database,
 * MARSAD_ERR_PARSE when it is another application's database or a newer
 * marsad schema (or, read-only, an older one), MARSAD_ERR_ARG for a NULL
 * path.  Close with marsad_store_close. */
marsad_store *marsad_store_open(const char *path, unsigned flags, marsad_error *err);

/* Commits the pending batch (see marsad_store_set_batch) and closes.
 * Returns 0, or -1 with `err` filled when the commit failed (the batch's
 * documents are then not stored; ingesting them again stores them).  The
 * store is freed either way; NULL is a no-op. */
int marsad_store_close(marsad_store *st, marsad_error *err);

/* Ingested documents are written in transactions of up to `docs`
 * documents (default 256; 1 commits each document on its own), and a
 * transaction never stays open more than about a second.  A crash or a
 * kill loses at most the documents of the open transaction: nothing of
 * them is stored, so ingesting the same input again completes the store
 * without duplicates.  0 is read as 1. */
void marsad_store_set_batch(marsad_store *st, size_t docs);

/* Commits the open transaction now, if any.  0, or -1 with `err`. */
int marsad_store_commit(marsad_store *st, marsad_error *err);

typedef enum marsad_ingest_result {
    MARSAD_INGEST_ERROR = -1,    /* nothing of the document was stored; err says why */
    MARSAD_INGEST_UNCHANGED = 0, /* stored already with the same content and KB version: skipped */
    MARSAD_INGEST_ADDED = 1,     /* a new document */
    MARSAD_INGEST_REPLACED = 2   /* its id was stored with other content or another KB
                                    version: its old rows were replaced, atomically */
} marsad_ingest_result;

/* 1 when the document `in` (its id; its content: text as repaired UTF-8,
 * published, outlet, url, title) is stored with the same content and the
 * KB version `kb_version`: ingesting it would change nothing, so its
 * extraction can be skipped.  0 otherwise or on error. */
int marsad_store_is_current(marsad_store *st, const marsad_doc_input *in,
                            const char *kb_version);

/* Ingests an analysed document (its marsad/1 record, text and content
 * hash) unless it is current.  Each document is all or nothing. */
marsad_ingest_result marsad_store_ingest(marsad_store *st, const marsad_doc *d,
                                         marsad_error *err);

/* Ingests one marsad/1 record (a JSON object, `len` bytes).  `text` (may
 * be NULL) is the document text its offsets refer to; when NULL, the
 * record's own doc.text member is used if it has one, else the document
 * is stored without text (no full-text search, CSV notes fall back to the
 * trigger).  The content hash is that of marsad_store_is_current when the
 * text is known, else that of the record.  A record that is not valid
 * JSON, not an object or lacks doc.id is MARSAD_ERR_PARSE (err->pos: the
 * byte of a JSON error). */
marsad_ingest_result marsad_store_ingest_record(marsad_store *st, const char *json, size_t len,
                                                const char *text, size_t text_len,
                                                marsad_error *err);

/* Filters of a query; they compose (AND).  Zero-initialise; NULL or 0
 * means "any". */
typedef struct marsad_store_filter {
    const char *type;        /* an event type of ONTOLOGY.md (armed-clash, arrest, ...) */
    const char *actor;       /* an actor code as actor or recipient (ISIS, SYRMIL); any case */
    const char *country;     /* ISO 3166-1 alpha-3 of the event's country (docs/store.md) */
    int near;                /* nonzero: a place of the event within `km` of (lat, lon) */
    double lat, lon, km;     /* degrees WGS 84; kilometres (great circle), 0 < km <= 20040 */
    const char *since;       /* YYYY, YYYY-MM or YYYY-MM-DD: events whose dates reach it */
    const char *until;       /* the same: events whose dates begin on or before it */
    const char *modality;    /* asserted, claimed, denied, negated, future, hypothetical */
    const char *source_type; /* outlet, correspondent, anonymous, local, official,
                                organization, witness, media */
    const char *text;        /* an FTS5 query over the documents' title and text (normalized
                                as marsad_normalize does; substrings of 3+ characters) */
    const char *doc_id;      /* one document */
    size_t limit;            /* at most this many events; 0: all */
} marsad_store_filter;

/* Checks a filter: 0, or -1 with `err` MARSAD_ERR_ARG and a message naming
 * the field and the accepted values (an unknown type, a country that is
 * not ISO3, a malformed date, since after until, lat/lon out of range, km
 * not positive, a malformed full-text query, ...).  marsad_store_query and
 * marsad_store_export check their filter the same way. */
int marsad_store_filter_check(marsad_store *st, const marsad_store_filter *f, marsad_error *err);

/* One event found by a query.  Strings are valid during the callback only;
 * NULL when unknown. */
typedef struct marsad_store_hit {
    const char *doc_id, *event_id, *type, *modality, *source_type;
    const char *country;            /* ISO3 */
    const char *date_start, *date_end;
    const char *trigger;            /* the trigger's text */
    const char *place;              /* the located place's name (or its text) */
    double lat, lon;
    int has_coords;
    double confidence;
} marsad_store_hit;

/* Calls `fn` for each event matching `f` (NULL: every event), in ingest
 * order of documents and then event order; a nonzero return from `fn`
 * stops the query.  Returns the number of events passed to `fn`, or -1
 * with `err` (MARSAD_ERR_ARG for a bad filter). */
long marsad_store_query(marsad_store *st, const marsad_store_filter *f,
                        int (*fn)(const marsad_store_hit *hit, void *ud), void *ud,
                        marsad_error *err);

/* Writes the events matching `f` (NULL: all) in `fmt` through `write`
 * (which returns nonzero on failure: the export stops, MARSAD_ERR_IO):
 * a complete output -- the CSV header row, the whole FeatureCollection --
 * not a fragment.  MARSAD_RECORD_JSON writes each document's marsad/1
 * record with only its matching events (one a line); MARSAD_RECORD_TABLE
 * one line per event for people; PRETTY is read as JSON.  Returns the
 * number of events written (for GeoJSON: features, i.e. located events),
 * or -1 with `err`. */
long marsad_store_export(marsad_store *st, const marsad_store_filter *f, marsad_record_format fmt,
                         int (*write)(const char *data, size_t len, void *ud), void *ud,
                         marsad_error *err);

/* Row counts of the store's tables. */
typedef struct marsad_store_stats {
    int schema;                 /* PRAGMA user_version */
    size_t documents, events, actors, places, located, quantities, counts, attributions,
        mentions, framing;      /* located: rows of the R*Tree (places with coordinates) */
    size_t fts;                 /* rows of the full-text index */
} marsad_store_stats;

/* Fills *out.  0, or -1 with `err`. */
int marsad_store_stats_get(marsad_store *st, marsad_store_stats *out, marsad_error *err);

#ifdef __cplusplus
}
#endif

#endif /* MARSAD_H */
