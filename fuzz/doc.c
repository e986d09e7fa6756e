/*
 * doc.c -- fuzz target: bytes -> marsad_doc_new (built-in KB) ->
 * marsad_doc_render, directly and after a trip through marsad_reader in
 * small chunks.  Checks: valid UTF-8 and JSON out, every span in range and
 * equal to the text it claims, both paths giving the same record.
 *
 * Byte 0 chooses the options: bits 0-1 the published date (none, valid, a
 * leap day, out of range), bits 2-3 the format (JSON, pretty, table), bit 4 an
 * outlet, bit 5 the reader trip, bits 6-7 its chunk size.  The rest is the
 * document.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static const char *const published[] = {NULL, "2015-07-21", "2016-02-29", "999999-13-45"};
static const marsad_record_format formats[] = {MARSAD_RECORD_JSON, MARSAD_RECORD_PRETTY,
                                               MARSAD_RECORD_TABLE, MARSAD_RECORD_JSON};
static const size_t chunks[] = {1, 3, 7, 64};

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_kb *kb = marsad_kb_load_builtin(&err);
    FZ_CHECK(kb != NULL, "the built-in KB does not load: %s", err.msg);
    marsad_kb_free(kb);
    return 0;
}

static void check_mention(const marsad_text *t, const char *what, const marsad_mention *m) {
    if (!m) return;
    fzCheckSpan(t, what, m->start, m->end, m->text);
    FZ_CHECK(m->first_token + m->n_tokens <= marsad_text_token_count(t),
             "%s: tokens %zu+%zu of %zu", what, m->first_token, m->n_tokens,
             marsad_text_token_count(t));
    FZ_CHECK(m->kind == MARSAD_MENTION_PLACE || m->kind == MARSAD_MENTION_ACTOR,
             "%s: kind %d", what, (int)m->kind);
}

/* Every span the API exposes. */
static void check_api(const marsad_doc *d) {
    const marsad_text *t = marsad_doc_text(d);
    FZ_CHECK(t != NULL, "a document without text");
    for (size_t i = 0; i < marsad_doc_mention_count(d); i++)
        check_mention(t, "mention", marsad_doc_mention(d, i));
    for (size_t i = 0; i < marsad_doc_event_count(d); i++) {
        const marsad_event *e = marsad_doc_event(d, i);
        FZ_CHECK(e && e->type && e->id, "event %zu without a type or id", i);
        fzCheckSpan(t, "trigger", e->trigger.start, e->trigger.end, e->trigger.text);
        for (size_t k = 0; k < e->n_also; k++)
            fzCheckSpan(t, "also", e->also[k].start, e->also[k].end, e->also[k].text);
        for (size_t k = 0; k < e->n_actor; k++) check_mention(t, "actor", e->actor[k]);
        for (size_t k = 0; k < e->n_recipient; k++) check_mention(t, "recipient", e->recipient[k]);
        check_mention(t, "location", e->location);
        check_mention(t, "origin", e->origin);
        check_mention(t, "destination", e->destination);
        for (size_t k = 0; k < e->n_quantities; k++)
            if (e->quantities[k].span.text)
                fzCheckSpan(t, "quantity", e->quantities[k].span.start, e->quantities[k].span.end,
                            e->quantities[k].span.text);
        if (e->date.span.text)
            fzCheckSpan(t, "date", e->date.span.start, e->date.span.end, e->date.span.text);
        if (e->attribution.source)
            fzCheckSpan(t, "source", e->attribution.start, e->attribution.end,
                        e->attribution.source);
        FZ_CHECK(e->confidence >= 0 && e->confidence <= 1, "confidence %g", e->confidence);
    }
    for (size_t i = 0; i < marsad_doc_framing_count(d); i++) {
        const marsad_framing *f = marsad_doc_framing(d, i);
        fzCheckSpan(t, "framing", f->start, f->end, f->text);
    }
}

static int get_size(const json_t *o, const char *k, size_t *v) {
    const json_t *j = json_object_get(o, k);
    if (!json_is_integer(j) || json_integer_value(j) < 0) return 0;
    *v = (size_t)json_integer_value(j);
    return 1;
}

/* Every object of the record with a span: {start, end, text},
 * {text_start, text_end, text} (dates) and {source, start, end}. */
static void check_json_spans(const marsad_text *t, json_t *j, int depth) {
    FZ_CHECK(depth < 64, "the record nests deeper than 64");
    if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) check_json_spans(t, v, depth + 1);
        return;
    }
    if (!json_is_object(j)) return;
    size_t s, e;
    const char *text = json_string_value(json_object_get(j, "text"));
    if (get_size(j, "start", &s) && get_size(j, "end", &e)) {
        const char *src = json_string_value(json_object_get(j, "source"));
        fzCheckSpan(t, "record span", s, e, src ? src : text);
    }
    if (get_size(j, "text_start", &s) && get_size(j, "text_end", &e))
        fzCheckSpan(t, "record date span", s, e, text);
    const char *k;
    json_t *v;
    json_object_foreach(j, k, v) check_json_spans(t, v, depth + 1);
}

/* Analyses and renders one document; returns the rendering (free it). */
static char *analyse(const char *text, size_t len, const char *id, unsigned opt, size_t *out_len) {
    marsad_doc_input in;
    memset(&in, 0, sizeof in);
    in.id = id;
    in.text = text;
    in.len = len;
    in.published = published[opt & 3];
    in.outlet = opt & 16 ? "وكالة الأنباء" : NULL;
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_doc *d = marsad_doc_new(NULL, &in, &err);
    FZ_CHECK(d != NULL, "marsad_doc_new failed on %zu bytes: %s", len, err.msg);
    check_api(d);
    marsad_record_format fmt = formats[(opt >> 2) & 3];
    char *s = marsad_doc_render(d, fmt, out_len);
    fzCheckOutput("the record", s, *out_len, fmt != MARSAD_RECORD_TABLE, 0);
    if (fmt != MARSAD_RECORD_TABLE) {
        json_t *j = json_loadb(s, *out_len, 0, NULL);
        const marsad_text *t = marsad_doc_text(d);
        size_t chars;
        FZ_CHECK(get_size(json_object_get(j, "doc"), "chars", &chars) &&
                     chars == marsad_text_chars(t),
                 "doc.chars is not %zu", marsad_text_chars(t));
        check_json_spans(t, j, 0);
        json_decref(j);
    }
    size_t ml;
    char *m = marsad_doc_render_mentions(d, 1, &ml);
    fzCheckOutput("the mentions", m, ml, 1, 1);
    marsad_free(m);
    marsad_doc_free(d);
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    unsigned opt = data[0];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    size_t n1;
    char *direct = analyse(text, len, "fuzz", opt, &n1);
    if (opt & 32) {
        /* the same bytes as a plain-text file read through a pipe */
        fzRecords rs = fzReadChunked(text, len, MARSAD_INPUT_TEXT, chunks[opt >> 6], 16, 0);
        FZ_CHECK(rs.n == 1, "the reader gave %zu records for one text", rs.n);
        if (rs.r[0].rc == 1) {
            FZ_CHECK(rs.r[0].len == len && memcmp(rs.r[0].text, text, len) == 0,
                     "the reader changed the text");
            size_t n2;
            char *again = analyse(rs.r[0].text, rs.r[0].len, "fuzz", opt, &n2);
            FZ_CHECK(n1 == n2 && memcmp(direct, again, n1) == 0,
                     "the record differs after the reader");
            marsad_free(again);
        } else {
            FZ_CHECK(rs.r[0].code == MARSAD_ERR_IO, "a text refused with code %d",
                     (int)rs.r[0].code);
        }
        fzRecordsFree(&rs);
    }
    marsad_free(direct);
    return 0;
}
