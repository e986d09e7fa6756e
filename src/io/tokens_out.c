/*
 * tokens_out.c -- renders the text stage of a document for people and
 * programs: tokens as TSV or JSON Lines, number phrases as TSV.  The CLI
 * and the spec tests print through here, so both see the same bytes.
 */
#include <string.h>

#include "../text/text_priv.h"
#include "json.h"

static void put_value(marsadBuf *b, const marsad_token *k) {
    if (k->kind != MARSAD_TOK_NUMBER) return;
    marsadJsonNum(b, k->value);
    if (k->value_max > k->value) {
        marsadBufPutc(b, '-');
        marsadJsonNum(b, k->value_max);
    }
}

/* TSV fields never hold tabs or newlines: tokens have none by
 * construction, but be safe with the doc id. */
static void put_field(marsadBuf *b, const char *s) {
    for (; *s; s++) marsadBufPutc(b, (*s == '\t' || *s == '\n' || *s == '\r') ? ' ' : *s);
}

static void tokens_tsv(marsadBuf *b, const marsad_text *t) {
    for (size_t i = 0; i < t->ntok; i++) {
        const marsad_token *k = &t->tokens[i];
        marsadBufPrintf(b, "%u\t%zu\t%zu\t%s\t", k->sentence, k->start, k->end,
                        marsad_token_kind_name(k->kind));
        put_field(b, k->text);
        marsadBufPutc(b, '\t');
        put_field(b, k->norm);
        marsadBufPutc(b, '\t');
        put_field(b, k->seg);
        marsadBufPutc(b, '\t');
        put_value(b, k);
        marsadBufPutc(b, '\n');
    }
}

static void tokens_jsonl(marsadBuf *b, const marsad_text *t, const char *doc) {
    for (size_t i = 0; i < t->ntok; i++) {
        const marsad_token *k = &t->tokens[i];
        marsadBufPuts(b, "{\"doc\":");
        marsadJsonStr(b, doc, strlen(doc));
        marsadBufPrintf(b, ",\"sentence\":%u,\"start\":%zu,\"end\":%zu,\"kind\":\"%s\",\"text\":",
                        k->sentence, k->start, k->end, marsad_token_kind_name(k->kind));
        marsadJsonStr(b, k->text, strlen(k->text));
        marsadBufPuts(b, ",\"norm\":");
        marsadJsonStr(b, k->norm, strlen(k->norm));
        marsadBufPuts(b, ",\"seg\":");
        marsadJsonStr(b, k->seg, strlen(k->seg));
        marsadBufPuts(b, ",\"stems\":[");
        for (size_t s = 0; s < k->n_stems; s++) {
            if (s) marsadBufPutc(b, ',');
            marsadJsonStr(b, k->stems[s], strlen(k->stems[s]));
        }
        marsadBufPutc(b, ']');
        if (k->kind == MARSAD_TOK_PUNCT)
            marsadBufPrintf(b, ",\"punct\":\"%s\"", marsad_punct_name(k->punct));
        if (k->kind == MARSAD_TOK_NUMBER) {
            marsadBufPuts(b, ",\"value\":");
            marsadJsonNum(b, k->value);
            if (k->value_max > k->value) {
                marsadBufPuts(b, ",\"value_max\":");
                marsadJsonNum(b, k->value_max);
            }
            if (k->is_number_word) marsadBufPuts(b, ",\"word\":true");
            if (k->is_ordinal) marsadBufPuts(b, ",\"ordinal\":true");
            if (k->is_approx) marsadBufPuts(b, ",\"approx\":true");
        }
        marsadBufPuts(b, "}\n");
    }
}

static void numbers_tsv(marsadBuf *b, const marsad_text *t) {
    for (size_t i = 0; i < t->nnum; i++) {
        const marsad_number *m = &t->nums[i];
        const marsad_token *a = &t->tokens[m->first_token];
        const marsad_token *z = &t->tokens[m->first_token + m->n_tokens - 1];
        marsadBufPrintf(b, "%u\t%zu\t%zu\t", a->sentence, m->start, m->end);
        marsadJsonNum(b, m->value);
        if (m->value_max > m->value) {
            marsadBufPutc(b, '-');
            marsadJsonNum(b, m->value_max);
        }
        marsadBufPrintf(b, "\t%s\t%u\t", m->approx ? "approx" : (m->ordinal ? "ordinal" : "exact"),
                        m->magnitude);
        marsadBufPut(b, t->utf8 + a->byte_start, z->byte_end - a->byte_start);
        marsadBufPutc(b, '\n');
    }
}

static void sentences_tsv(marsadBuf *b, const marsad_text *t) {
    for (size_t i = 0; i < t->nsent; i++) {
        const marsad_sentence *s = &t->sents[i];
        marsadBufPrintf(b, "%zu\t%zu\t%zu\t", i, s->start, s->end);
        for (size_t p = s->byte_start; p < s->byte_end; p++) {
            char c = t->utf8[p];
            marsadBufPutc(b, (c == '\t' || c == '\n' || c == '\r') ? ' ' : c);
        }
        marsadBufPutc(b, '\n');
    }
}

char *marsad_text_render(const marsad_text *t, marsad_render_format fmt, const char *doc_id,
                         size_t *len) {
    if (!t) return NULL;
    marsadBuf b;
    marsadBufInit(&b);
    if (marsadBufReserve(&b, t->ntok * 48)) return NULL;
    switch (fmt) {
    case MARSAD_RENDER_TOKENS_TSV:
        tokens_tsv(&b, t);
        break;
    case MARSAD_RENDER_TOKENS_JSONL:
        tokens_jsonl(&b, t, doc_id ? doc_id : "");
        break;
    case MARSAD_RENDER_NUMBERS_TSV:
        numbers_tsv(&b, t);
        break;
    case MARSAD_RENDER_SENTENCES_TSV:
        sentences_tsv(&b, t);
        break;
    }
    return marsadBufDetach(&b, len);
}

const char *marsad_token_kind_name(marsad_token_kind k) {
    static const char *const names[] = {"word",  "number", "date",    "punct",  "latin",
                                        "url",   "email",  "hashtag", "mention"};
    return (unsigned)k < sizeof names / sizeof *names ? names[k] : "word";
}
