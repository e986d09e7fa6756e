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

/* The largest document, in bytes, that marsad_text_new() analyses.  A
 * larger one is refused with MARSAD_ERR_LIMIT; nothing is truncated. */
#define MARSAD_MAX_DOC_BYTES ((size_t)64 * 1024 * 1024)
/* The longest line a data file may have, in bytes. */
#define MARSAD_MAX_DATA_LINE 65536
/* The longest token, in bytes; a longer run of letters is split into
 * pieces of at most this size (each piece keeps its true span). */
#define MARSAD_MAX_TOKEN_BYTES 1024

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

/* Loads the knowledge base from the data files in directory `dir` (the
 * layout of the repository's data/).  A malformed line fails the load
 * with err->file and err->line set.  NULL on failure. */
marsad_kb *marsad_kb_load_dir(const char *dir, marsad_error *err);

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

#ifdef __cplusplus
}
#endif

#endif /* MARSAD_H */
