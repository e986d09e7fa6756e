/* test_text.c -- tokens, spans, sentences, clitics and numbers through the API. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "marsad.h"

static marsad_kb *kb;

static int setup(void **state) {
    (void)state;
    kb = marsad_kb_load_builtin(NULL);
    return kb ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    marsad_kb_free(kb);
    return 0;
}

static void spans_are_code_points(void **state) {
    (void)state;
    /* BOM (1 code point) + invalid byte (1 U+FFFD) + "قال" */
    const char in[] = "\xEF\xBB\xBF\xFF قال";
    marsad_text *t = marsad_text_new(kb, in, sizeof in - 1, NULL, NULL);
    assert_non_null(t);
    assert_int_equal(marsad_text_replaced(t), 1);
    assert_int_equal(marsad_text_token_count(t), 1); /* BOM and U+FFFD are ignored */
    const marsad_token *k = marsad_text_token(t, 0);
    assert_int_equal(k->start, 3);
    assert_int_equal(k->end, 6);
    assert_string_equal(k->text, "قال");
    assert_int_equal(marsad_text_byte_offset(t, 3), k->byte_start);
    assert_null(marsad_text_token(t, 1));
    marsad_text_free(t);
}

static void segment_examples(void **state) {
    (void)state;
    const char *cases[][2] = {{"والاشتباكات", "و+ال+اشتباكات"}, {"والزهور", "و+ال+زهور"},
                              {"بالطبع", "ب+ال+طبع"},           {"بمدينة", "ب+مدينة"},
                              {"وسط", "وسط"},                   {"لـ", "ل"},
                              {"والي", "والي"},                 {"كتائب", "كتائب"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *s = marsad_segment_word(kb, cases[i][0], strlen(cases[i][0]));
        assert_non_null(s);
        assert_string_equal(s, cases[i][1]);
        marsad_free(s);
    }
}

static void candidate_stems(void **state) {
    (void)state;
    const char in[] = "وقسد";
    marsad_text *t = marsad_text_new(kb, in, sizeof in - 1, NULL, NULL);
    const marsad_token *k = marsad_text_token(t, 0);
    int found = 0;
    for (size_t i = 0; i < k->n_stems; i++)
        if (strcmp(k->stems[i], "قسد") == 0) found = 1;
    assert_true(found); /* the dictionary can still find قسد */
    marsad_text_free(t);
}

static void numbers(void **state) {
    (void)state;
    double v = 0;
    assert_true(marsad_parse_number(kb, "ثلاثمائة وخمسون", strlen("ثلاثمائة وخمسون"), &v));
    assert_true(v == 350);
    assert_true(marsad_parse_number(kb, "ثلاث", strlen("ثلاث"), &v));
    assert_true(v == 3);
    assert_true(marsad_parse_number(kb, "١٥٠٠", strlen("١٥٠٠"), &v));
    assert_true(v == 1500);
    assert_false(marsad_parse_number(kb, "الاثنين", strlen("الاثنين"), &v));
    const char in[] = "قتل عشرات المدنيين";
    marsad_text *t = marsad_text_new(kb, in, sizeof in - 1, NULL, NULL);
    assert_int_equal(marsad_text_number_count(t), 1);
    const marsad_number *n = marsad_text_number(t, 0);
    assert_true(n->approx);
    assert_int_equal(n->magnitude, 1);
    marsad_text_free(t);
}

static void sentences_cover_tokens(void **state) {
    (void)state;
    const char in[] = "قال. ثم غادر!\n\nعنوان\nنص";
    marsad_text *t = marsad_text_new(kb, in, sizeof in - 1, NULL, NULL);
    assert_int_equal(marsad_text_sentence_count(t), 4);
    size_t covered = 0;
    for (size_t i = 0; i < marsad_text_sentence_count(t); i++) {
        const marsad_sentence *s = marsad_text_sentence(t, i);
        assert_int_equal(s->first_token, covered);
        covered += s->n_tokens;
    }
    assert_int_equal(covered, marsad_text_token_count(t));
    marsad_text_free(t);
}

static void limit_is_enforced(void **state) {
    (void)state;
    marsad_error err;
    memset(&err, 0, sizeof err);
    size_t n = MARSAD_MAX_DOC_BYTES + 1;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, 'a', n);
    marsad_text *t = marsad_text_new(kb, big, n, NULL, &err);
    assert_null(t);
    assert_int_equal(err.code, MARSAD_ERR_LIMIT);
    assert_non_null(strstr(err.msg, "MARSAD_MAX_DOC_BYTES"));
    free(big);
}

static void empty_input(void **state) {
    (void)state;
    marsad_text *t = marsad_text_new(kb, "", 0, NULL, NULL);
    assert_non_null(t);
    assert_int_equal(marsad_text_token_count(t), 0);
    assert_int_equal(marsad_text_sentence_count(t), 0);
    marsad_text_free(t);
    marsad_text_free(NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spans_are_code_points), cmocka_unit_test(segment_examples),
        cmocka_unit_test(candidate_stems),       cmocka_unit_test(numbers),
        cmocka_unit_test(sentences_cover_tokens), cmocka_unit_test(limit_is_enforced),
        cmocka_unit_test(empty_input),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
