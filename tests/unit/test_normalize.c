/* test_normalize.c -- each fold is a flag; the offset map leads back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "marsad.h"

static char *norm(const char *s, unsigned flags) {
    size_t n;
    char *r = marsad_normalize(s, strlen(s), flags, &n, NULL);
    assert_non_null(r);
    assert_int_equal(strlen(r), n);
    return r;
}

#define EXPECT(in, flags, want)                                                          \
    do {                                                                                 \
        char *r_ = norm(in, flags);                                                      \
        assert_string_equal(r_, want);                                                   \
        marsad_free(r_);                                                                 \
    } while (0)

static void each_fold_alone(void **state) {
    (void)state;
    EXPECT("أإآٱ", MARSAD_NORM_ALEF, "اااا");
    EXPECT("مستشفى", MARSAD_NORM_YEH, "مستشفي");
    EXPECT("مدينة", MARSAD_NORM_TEH_MARBUTA, "مدينه");
    EXPECT("مؤتمر رئيس", MARSAD_NORM_HAMZA, "موتمر رييس");
    EXPECT("مُحَمَّد", MARSAD_NORM_DIACRITICS, "محمد");
    EXPECT("قـــوات", MARSAD_NORM_TATWEEL, "قوات");
    EXPECT("١٢٣۴", MARSAD_NORM_DIGITS, "1234");
    EXPECT("٣٫٥", MARSAD_NORM_DIGITS, "3.5");
    EXPECT("،؛؟«»“”", MARSAD_NORM_PUNCT, ",;?\"\"\"\"");
    EXPECT("ABC", MARSAD_NORM_CASE, "abc");
    EXPECT("می\u200cخواهم", MARSAD_NORM_FORMAT, "میخواهم");
    EXPECT("ﻻ", MARSAD_NORM_NFKC, "لا");
    /* without the flag nothing changes */
    EXPECT("أة", 0, "أة");
    EXPECT("مدينة", MARSAD_NORM_DEFAULT & ~(unsigned)MARSAD_NORM_TEH_MARBUTA, "مدينة");
}

static void decomposed_hamza_composes(void **state) {
    (void)state;
    /* ا + U+0654 (hamza above) is أ under NFKC, then ا under the alef fold */
    EXPECT("\xD8\xA7\xD9\x94", MARSAD_NORM_NFKC, "أ");
    EXPECT("\xD8\xA7\xD9\x94", MARSAD_NORM_DEFAULT, "ا");
}

static void offset_map(void **state) {
    (void)state;
    const char *s = "الـقُوّات";
    size_t n;
    uint32_t *map = NULL;
    char *r = marsad_normalize(s, strlen(s), MARSAD_NORM_DEFAULT, &n, &map);
    assert_string_equal(r, "القوات");
    assert_non_null(map);
    /* each output letter comes from the same letter in the input */
    size_t i = 0;
    while (i < n) {
        assert_true(map[i] < strlen(s));
        assert_memory_equal(r + i, s + map[i], 2); /* Arabic letters are 2 bytes */
        i += 2;
    }
    assert_int_equal(map[n], strlen(s));
    marsad_free(r);
    marsad_free(map);
}

static void idempotent(void **state) {
    (void)state;
    const char *samples[] = {"وَالزُّهُورِ", "ﷲ أكبر", "«قال»،", "ا\xD9\x94\xD9\x8E", "Ⅻ ½ ²",
                             "e\xCC\x81", "\357\273\277abc"};
    for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
        char *a = norm(samples[i], MARSAD_NORM_DEFAULT);
        char *b = norm(a, MARSAD_NORM_DEFAULT);
        assert_string_equal(a, b);
        marsad_free(a);
        marsad_free(b);
    }
}

static void punct_classes(void **state) {
    (void)state;
    assert_int_equal(marsad_punct_class(0x060C), MARSAD_PUNCT_COMMA);
    assert_int_equal(marsad_punct_class(0x061B), MARSAD_PUNCT_SEMICOLON);
    assert_int_equal(marsad_punct_class(0x061F), MARSAD_PUNCT_QUESTION);
    assert_int_equal(marsad_punct_class(0x00AB), MARSAD_PUNCT_QUOTE_OPEN);
    assert_int_equal(marsad_punct_class(0x00BB), MARSAD_PUNCT_QUOTE_CLOSE);
    assert_int_equal(marsad_punct_class(0x201C), MARSAD_PUNCT_QUOTE_OPEN);
    assert_int_equal(marsad_punct_class(0x201D), MARSAD_PUNCT_QUOTE_CLOSE);
    assert_int_equal(marsad_punct_class(0x2039), MARSAD_PUNCT_QUOTE_OPEN);
    assert_int_equal(marsad_punct_class(0x203A), MARSAD_PUNCT_QUOTE_CLOSE);
    assert_int_equal(marsad_punct_class('a'), MARSAD_PUNCT_NONE);
    assert_string_equal(marsad_punct_name(MARSAD_PUNCT_QUOTE_OPEN), "quote-open");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_fold_alone), cmocka_unit_test(decomposed_hamza_composes),
        cmocka_unit_test(offset_map),      cmocka_unit_test(idempotent),
        cmocka_unit_test(punct_classes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
