/* test_utf8.c -- UTF-8 repair agrees with Python's decode('utf-8', 'replace'). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "marsad.h"

#define R "\xEF\xBF\xBD"

static void check(const char *in, size_t n, const char *want, size_t want_rep) {
    size_t len, rep;
    char *out = marsad_utf8_repair(in, n, &len, &rep);
    assert_non_null(out);
    assert_int_equal(len, strlen(want));
    assert_memory_equal(out, want, len);
    assert_int_equal(rep, want_rep);
    assert_true(marsad_utf8_valid(out, len));
    marsad_free(out);
}

static void valid_text_is_unchanged(void **state) {
    (void)state;
    check("abc", 3, "abc", 0);
    check("\xD8\xAD\xD9\x84\xD8\xA8", 6, "\xD8\xAD\xD9\x84\xD8\xA8", 0);
    check("\xF0\x9F\x98\x80", 4, "\xF0\x9F\x98\x80", 0);
    check("", 0, "", 0);
}

static void maximal_subparts(void **state) {
    (void)state;
    /* lone continuation bytes: one U+FFFD each */
    check("\x80\x80", 2, R R, 2);
    /* overlong C0 AF: C0 is never a lead byte */
    check("\xC0\xAF", 2, R R, 2);
    /* E0 80 80: E0 needs A0..BF next, so three subparts */
    check("\xE0\x80\x80", 3, R R R, 3);
    /* surrogate ED A0 80 */
    check("\xED\xA0\x80", 3, R R R, 3);
    /* truncated four-byte sequence: one subpart */
    check("\xF0\x9F\x98", 3, R, 1);
    check("a\xF0\x9F\x98z", 5, "a" R "z", 1);
    /* F4 90: beyond U+10FFFF */
    check("\xF4\x90\x80\x80", 4, R R R R, 4);
    /* F5..FF never lead */
    check("\xFF\xFE", 2, R R, 2);
    /* E2 82 then ASCII */
    check("\xE2\x82" "A", 3, R "A", 1);
}

static void nul_is_invalid(void **state) {
    (void)state;
    check("a\0b", 3, "a" R "b", 1);
    assert_false(marsad_utf8_valid("a\0b", 3));
}

static void bom_is_kept(void **state) {
    (void)state;
    check("\xEF\xBB\xBF" "x", 4, "\xEF\xBB\xBF" "x", 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_text_is_unchanged),
        cmocka_unit_test(maximal_subparts),
        cmocka_unit_test(nul_is_invalid),
        cmocka_unit_test(bom_is_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
