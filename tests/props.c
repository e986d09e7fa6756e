/*
 * props.c -- properties over random and pathological inputs: any byte
 * string is processed; output is valid UTF-8; every span lies inside the
 * text on a code point boundary and maps back to the text it claims;
 * normalize(normalize(x)) == normalize(x); time grows linearly (a guard
 * against quadratic behaviour with a generous limit, not a speed test).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "marsad.h"

static int failures;
#define CHECK(cond, ...)                                                                 \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            failures++;                                                                  \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);             \
            fprintf(stderr, __VA_ARGS__);                                                \
            fputc('\n', stderr);                                                         \
        }                                                                                \
    } while (0)

static uint64_t rng = 88172645463325252ULL;
static uint32_t rnd(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)rng;
}

static const char *const pieces[] = {
    "و", "ال", "قوات", "الحسكة", "بمدينة", "ـ", "\xD9\x8E", "\xD9\x91", " ", "\n", "\n\n", ".",
    "،", "؟", "«", "»", "“", "”", "(", ")", "1", "٥", "۳", ",", "750", "ثلاث", "مئة", "آلاف",
    "abc", "U.S.", "http://x.y/z", "a@b.co", "#وسم", "@user", "\xEF\xBB\xBF", "\xFF", "\xC0",
    "\xE0\x80", "\xF0\x9F", "\0", "\x01", "\xE2\x80\x8C", "ﻻ", "ﷲ", "\xD8\xA7\xD9\x94", "-",
    "3-4", "20/1/2022", "د.", "!", "…", "\t", "\r\n", "\xF0\x9F\x98\x80"};

static char *random_doc(size_t *len) {
    size_t n = 1 + rnd() % 60, cap = 4096, l = 0;
    char *b = malloc(cap);
    for (size_t i = 0; i < n; i++) {
        const char *p = pieces[rnd() % (sizeof pieces / sizeof *pieces)];
        size_t pl = p[0] ? strlen(p) : 1; /* "\0" is one NUL byte */
        if (rnd() % 17 == 0) { /* a random byte */
            b[l++] = (char)(rnd() & 0xFF);
            continue;
        }
        if (l + pl >= cap) break;
        memcpy(b + l, p, pl);
        l += pl;
    }
    *len = l;
    return b;
}

static size_t cps(const char *s, size_t n) {
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) c++;
    return c;
}

static void check_text(const marsad_kb *kb, const char *in, size_t len, int deep) {
    marsad_text *t = marsad_text_new(kb, in, len, NULL, NULL);
    CHECK(t != NULL, "analysis failed on %zu bytes", len);
    if (!t) return;
    const char *u = marsad_text_utf8(t);
    size_t ub = marsad_text_bytes(t), uc = marsad_text_chars(t);
    CHECK(marsad_utf8_valid(u, ub), "repaired text is not valid UTF-8");
    size_t prev_end = 0;
    for (size_t i = 0; i < marsad_text_token_count(t); i++) {
        const marsad_token *k = marsad_text_token(t, i);
        CHECK(k->start < k->end && k->end <= uc, "token %zu span %zu-%zu of %zu", i, k->start,
              k->end, uc);
        CHECK(k->byte_end <= ub && k->byte_start < k->byte_end, "token %zu bytes", i);
        CHECK(((unsigned char)u[k->byte_start] & 0xC0) != 0x80, "token %zu not on a boundary", i);
        CHECK(k->byte_end == ub || ((unsigned char)u[k->byte_end] & 0xC0) != 0x80,
              "token %zu end not on a boundary", i);
        CHECK(strlen(k->text) == k->byte_end - k->byte_start &&
                  memcmp(k->text, u + k->byte_start, strlen(k->text)) == 0,
              "token %zu text does not match its span", i);
        CHECK(k->start >= prev_end, "tokens overlap at %zu", i);
        prev_end = k->end;
        if (deep) CHECK(cps(u, k->byte_start) == k->start, "token %zu code point offset", i);
        CHECK(marsad_utf8_valid(k->norm, strlen(k->norm)), "norm of token %zu", i);
        CHECK(marsad_utf8_valid(k->seg, strlen(k->seg)), "seg of token %zu", i);
        CHECK(k->n_stems >= 1 && k->stems[0] == k->stem, "stems of token %zu", i);
    }
    size_t covered = 0;
    for (size_t i = 0; i < marsad_text_sentence_count(t); i++) {
        const marsad_sentence *s = marsad_text_sentence(t, i);
        CHECK(s->first_token == covered && s->n_tokens > 0, "sentence %zu", i);
        covered += s->n_tokens;
    }
    CHECK(covered == marsad_text_token_count(t), "sentences cover %zu of %zu tokens", covered,
          marsad_text_token_count(t));
    if (deep) {
        size_t n1, n2;
        char *a = marsad_normalize(u, ub, MARSAD_NORM_DEFAULT, &n1, NULL);
        char *b = marsad_normalize(a, n1, MARSAD_NORM_DEFAULT, &n2, NULL);
        CHECK(marsad_utf8_valid(a, n1), "normalized text is not valid UTF-8");
        CHECK(n1 == n2 && memcmp(a, b, n1) == 0, "normalize is not idempotent");
        marsad_free(a);
        marsad_free(b);
    }
    size_t rl;
    char *r = marsad_text_render(t, MARSAD_RENDER_TOKENS_JSONL, "x", &rl);
    CHECK(r && marsad_utf8_valid(r, rl), "JSON output is not valid UTF-8");
    marsad_free(r);
    marsad_text_free(t);
}

static double seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *repeat(const char *unit, size_t total, size_t *len) {
    size_t ul = strlen(unit);
    char *b = malloc(total + ul);
    size_t l = 0;
    while (l < total) {
        memcpy(b + l, unit, ul);
        l += ul;
    }
    *len = l;
    return b;
}

static double time_doc(const marsad_kb *kb, const char *in, size_t len) {
    double t0 = seconds();
    check_text(kb, in, len, 0);
    return seconds() - t0;
}

int main(void) {
    marsad_kb *kb = marsad_kb_load_builtin(NULL);
    if (!kb) {
        fprintf(stderr, "cannot load the built-in KB\n");
        return 1;
    }
    int n = 0;
    for (int i = 0; i < 3000; i++) {
        size_t len;
        char *d = random_doc(&len);
        check_text(kb, d, len, 1);
        free(d);
        n++;
    }
    /* Pathological inputs against a baseline of ordinary text of the same
     * size: each may take at most ten times as long, plus a second. */
    const size_t big = (size_t)10 << 20;
    size_t bl;
    char *base = repeat("قالت المصادر إن القوات الأمريكية نقلت 750 إرهابيا من سجن الصناعة. ",
                        big, &bl);
    double tb = time_doc(kb, base, bl);
    free(base);
    struct {
        const char *name, *unit;
        size_t size;
    } cases[] = {
        {"a 10 MB line without spaces", "الحسكة", big},
        {"a 10 MB line of words", "الحسكة والقوات ", big},
        {"1 MB of diacritics", "\xD9\x8E\xD9\x91", (size_t)1 << 20},
        {"100k tatweels", "ـ", 200000},
        {"1 MB of invalid bytes", "\xFF\xC0\x80", (size_t)1 << 20},
        {"1 MB of NUL bytes", "\0", (size_t)1 << 20},
        {"1 MB of punctuation", ".،؟«", (size_t)1 << 20},
        {"1 MB of open quotes", "« ", (size_t)1 << 20},
        {"1 MB of digits", "1,000", (size_t)1 << 20},
        {"a million tiny sentences", "و. ", (size_t)3 << 20},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t len;
        char *d;
        if (cases[i].unit[0] == '\0') {
            d = calloc(1, cases[i].size);
            len = cases[i].size;
        } else {
            d = repeat(cases[i].unit, cases[i].size, &len);
        }
        double t = time_doc(kb, d, len);
        double limit = 10.0 * tb * ((double)len / (double)bl) + 1.0;
        printf("%-30s %6.2f MB %7.3f s (limit %.3f s)\n", cases[i].name, (double)len / 1e6, t,
               limit);
        CHECK(t <= limit, "%s took %.3f s, limit %.3f s", cases[i].name, t, limit);
        free(d);
        n++;
    }
    printf("ordinary text: %.2f MB in %.3f s\n", (double)bl / 1e6, tb);
    marsad_kb_free(kb);
    printf("%d passed, %d failed\n", failures ? 0 : n, failures);
    return failures ? 1 : 0;
}
