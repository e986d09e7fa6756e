/* test_kb.c -- loading the knowledge base from data files; errors name file:line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "marsad.h"

#include <dirent.h>

/* The data files, listed from MARSAD_DATA_DIR. */
static char files_buf[64][256];
static const char *files[64];
static size_t n_files;

static void list_files(void) {
    if (n_files) return;
    const char *src = getenv("MARSAD_DATA_DIR");
    DIR *d = src ? opendir(src) : NULL;
    struct dirent *e;
    while (d && (e = readdir(d)) && n_files < 64) {
        if (e->d_name[0] == '.') continue;
        snprintf(files_buf[n_files], sizeof files_buf[n_files], "%s", e->d_name);
        files[n_files] = files_buf[n_files];
        n_files++;
    }
    if (d) closedir(d);
}

static void builtin_and_dir_agree(void **state) {
    (void)state;
    const char *dir = getenv("MARSAD_DATA_DIR");
    if (!dir) skip();
    marsad_kb *a = marsad_kb_load_builtin(NULL);
    marsad_kb *b = marsad_kb_load_dir(dir, NULL);
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(marsad_kb_version(a), marsad_kb_version(b));
    char *s1 = marsad_segment_word(a, "والزهور", strlen("والزهور"));
    char *s2 = marsad_segment_word(b, "والزهور", strlen("والزهور"));
    assert_string_equal(s1, s2);
    marsad_free(s1);
    marsad_free(s2);
    marsad_kb_free(a);
    marsad_kb_free(b);
}

/* Copies data/ to a temp dir with one file replaced. */
static char *temp_data(const char *replace, const char *content) {
    const char *src = getenv("MARSAD_DATA_DIR");
    static char dir[64];
    snprintf(dir, sizeof dir, "/tmp/marsad-kb-XXXXXX");
    if (!src || !mkdtemp(dir)) return NULL;
    list_files();
    for (size_t i = 0; i < n_files; i++) {
        char from[4096], to[4096];
        snprintf(from, sizeof from, "%s/%s", src, files[i]);
        snprintf(to, sizeof to, "%s/%s", dir, files[i]);
        FILE *out = fopen(to, "wb");
        if (!out) return NULL;
        if (strcmp(files[i], replace) == 0) {
            fputs(content, out);
        } else {
            FILE *in = fopen(from, "rb");
            if (!in) {
                fclose(out);
                return NULL;
            }
            char buf[65536];
            size_t n;
            while ((n = fread(buf, 1, sizeof buf, in)) > 0) fwrite(buf, 1, n, out);
            fclose(in);
        }
        fclose(out);
    }
    return dir;
}

static void remove_temp(const char *dir) {
    for (size_t i = 0; i < n_files; i++) {
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        unlink(p);
    }
    rmdir(dir);
}

static void malformed_line_names_file_and_line(void **state) {
    (void)state;
    char *dir = temp_data("numbers.tsv", "# comment\nثلاثة\t3\tunit\nأربعة\tfour\tunit\n");
    if (!dir) skip();
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_kb *kb = marsad_kb_load_dir(dir, &err);
    assert_null(kb);
    assert_int_equal(err.code, MARSAD_ERR_PARSE);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.file, "numbers.tsv"));
    assert_non_null(strstr(err.msg, "four"));
    remove_temp(dir);
}

static void invalid_utf8_in_data(void **state) {
    (void)state;
    char *dir = temp_data("abbreviations.tsv", "د.\tdoctor\n\xFF\xFE\tbad\n");
    if (!dir) skip();
    marsad_error err;
    memset(&err, 0, sizeof err);
    assert_null(marsad_kb_load_dir(dir, &err));
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "UTF-8"));
    remove_temp(dir);
}

static void missing_dir(void **state) {
    (void)state;
    marsad_error err;
    memset(&err, 0, sizeof err);
    assert_null(marsad_kb_load_dir("/nonexistent/marsad", &err));
    assert_int_equal(err.code, MARSAD_ERR_IO);
    assert_null(marsad_kb_load_dir(NULL, &err));
    assert_int_equal(err.code, MARSAD_ERR_ARG);
    marsad_kb_free(NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builtin_and_dir_agree),
        cmocka_unit_test(malformed_line_names_file_and_line),
        cmocka_unit_test(invalid_utf8_in_data),
        cmocka_unit_test(missing_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
