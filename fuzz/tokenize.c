/*
 * tokenize.c -- fuzz target: bytes -> marsad_text_new -> every
 * marsad_text_render format, and marsad_normalize under chosen flags.
 * Checks: repair equals marsad_utf8_repair, tokens, sentences and numbers
 * lie in the text in order, renders are valid UTF-8 (JSON Lines parse),
 * normalization is idempotent and its map is monotone.
 *
 * Bytes 0-1 are the normalization flags (12 bits); the rest is the text.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    return 0;
}

static void check_tokens(const marsad_text *t) {
    const char *u = marsad_text_utf8(t);
    size_t nt = marsad_text_token_count(t), bytes = marsad_text_bytes(t);
    size_t prev_end = 0, prev_sent = 0;
    for (size_t i = 0; i < nt; i++) {
        const marsad_token *k = marsad_text_token(t, i);
        FZ_CHECK(k != NULL, "token %zu missing", i);
        fzCheckSpan(t, "token", k->start, k->end, k->text);
        FZ_CHECK(k->start < k->end, "token %zu is empty", i);
        FZ_CHECK(k->byte_start == marsad_text_byte_offset(t, k->start) &&
                     k->byte_end == marsad_text_byte_offset(t, k->end) && k->byte_end <= bytes,
                 "token %zu: bytes [%zu, %zu) do not match code points [%zu, %zu)", i,
                 k->byte_start, k->byte_end, k->start, k->end);
        FZ_CHECK(memcmp(u + k->byte_start, k->text, k->byte_end - k->byte_start) == 0,
                 "token %zu text", i);
        FZ_CHECK(i == 0 || k->start >= prev_end, "token %zu overlaps the one before", i);
        FZ_CHECK(k->sentence >= prev_sent && k->sentence < marsad_text_sentence_count(t),
                 "token %zu in sentence %u", i, k->sentence);
        FZ_CHECK(k->norm && k->seg && k->stem && k->enclitic && k->stems && k->n_stems >= 1 &&
                     k->stems[0] == k->stem,
                 "token %zu: missing strings", i);
        FZ_CHECK(marsad_utf8_valid(k->norm, strlen(k->norm)) &&
                     marsad_utf8_valid(k->seg, strlen(k->seg)) &&
                     marsad_utf8_valid(k->stem, strlen(k->stem)),
                 "token %zu: strings are not UTF-8", i);
        prev_end = k->end;
        prev_sent = k->sentence;
    }
    size_t next_tok = 0;
    for (size_t i = 0; i < marsad_text_sentence_count(t); i++) {
        const marsad_sentence *s = marsad_text_sentence(t, i);
        FZ_CHECK(s && s->first_token == next_tok && s->n_tokens > 0 &&
                     s->n_tokens <= MARSAD_MAX_SENTENCE_TOKENS && s->first_token + s->n_tokens <= nt,
                 "sentence %zu does not follow the one before", i);
        fzCheckSpan(t, "sentence", s->start, s->end, NULL);
        next_tok += s->n_tokens;
    }
    FZ_CHECK(next_tok == nt, "sentences cover %zu of %zu tokens", next_tok, nt);
    for (size_t i = 0; i < marsad_text_number_count(t); i++) {
        const marsad_number *n = marsad_text_number(t, i);
        FZ_CHECK(n && n->n_tokens > 0 && n->first_token + n->n_tokens <= nt,
                 "number %zu: tokens", i);
        fzCheckSpan(t, "number", n->start, n->end, NULL);
    }
}

static void check_normalize(const char *s, size_t len, unsigned flags) {
    size_t n1, n2;
    uint32_t *map = NULL;
    char *a = marsad_normalize(s, len, flags, &n1, &map);
    FZ_CHECK(a && map, "marsad_normalize failed");
    fzCheckOutput("normalized text", a, n1, 0, 0);
    FZ_CHECK(map[n1] == len, "map[%zu] is %u, not %zu", n1, map[n1], len);
    for (size_t i = 1; i <= n1; i++)
        FZ_CHECK(map[i] >= map[i - 1] && map[i] <= len, "map not monotone at %zu", i);
    char *b = marsad_normalize(a, n1, flags, &n2, NULL);
    FZ_CHECK(b && n1 == n2 && memcmp(a, b, n1) == 0,
             "normalize is not idempotent under flags %#x: '%s' -> '%s'", flags, a, b ? b : "");
    marsad_free(a);
    marsad_free(b);
    marsad_free(map);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 2) return 0;
    unsigned flags = ((unsigned)data[0] | (unsigned)data[1] << 8) & MARSAD_NORM_DEFAULT;
    const char *s = (const char *)data + 2;
    size_t len = size - 2;
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_text *t = marsad_text_new(NULL, s, len, NULL, &err);
    FZ_CHECK(t != NULL, "marsad_text_new failed: %s", err.msg);
    size_t rl, replaced;
    char *rep = marsad_utf8_repair(s, len, &rl, &replaced);
    FZ_CHECK(rep && rl == marsad_text_bytes(t) && memcmp(rep, marsad_text_utf8(t), rl) == 0 &&
                 replaced == marsad_text_replaced(t),
             "the text stage repaired differently from marsad_utf8_repair");
    fzCheckOutput("repaired text", rep, rl, 0, 0);
    check_tokens(t);
    static const marsad_render_format fmts[] = {MARSAD_RENDER_TOKENS_TSV, MARSAD_RENDER_TOKENS_JSONL,
                                                MARSAD_RENDER_NUMBERS_TSV,
                                                MARSAD_RENDER_SENTENCES_TSV};
    for (size_t f = 0; f < sizeof fmts / sizeof *fmts; f++) {
        size_t n;
        char *out = marsad_text_render(t, fmts[f], "doc\t\"1\"", &n);
        fzCheckOutput("a text rendering", out, n, fmts[f] == MARSAD_RENDER_TOKENS_JSONL, 1);
        marsad_free(out);
    }
    check_normalize(rep, rl, flags);
    check_normalize(rep, rl, MARSAD_NORM_DEFAULT);
    if (marsad_text_token_count(t) > 0) {
        const marsad_token *k = marsad_text_token(t, 0);
        char *seg = marsad_segment_word(NULL, k->text, strlen(k->text));
        FZ_CHECK(seg != NULL, "marsad_segment_word failed");
        marsad_free(seg);
    }
    double v;
    (void)marsad_parse_number(NULL, rep, rl, &v);
    marsad_free(rep);
    marsad_text_free(t);
    return 0;
}
