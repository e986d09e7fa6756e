/* test_reader_corpus.c -- the reader on real news: the first 200 records of
 * SaudiNewsNet (gzip'd JSON Lines) all come with an id, non-empty text and a
 * published date, and none fails.
 * usage: test_reader_corpus FILE; exits 77 (skipped) when FILE is absent. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "marsad.h"

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: test_reader_corpus FILE\n");
        return 2;
    }
    if (access(argv[1], R_OK) != 0) {
        fprintf(stderr, "SKIP: %s is absent (the shared news corpus is not here)\n", argv[1]);
        return 77;
    }
    marsad_error err;
    marsad_reader *r = marsad_reader_open(argv[1], MARSAD_INPUT_AUTO, &err);
    if (!r) {
        fprintf(stderr, "FAIL: %s: %s\n", err.file, err.msg);
        return 1;
    }
    int failures = 0;
    size_t n = 0;
    marsad_doc_input d;
    while (n < 200) {
        int rc = marsad_reader_next(r, &d, &err);
        if (rc == 0) break;
        if (rc < 0) {
            fprintf(stderr, "FAIL: %s:%zu: %s\n", err.file, err.line, err.msg);
            failures++;
            continue;
        }
        n++;
        if (!d.id || !*d.id) {
            fprintf(stderr, "FAIL: record %zu has no id\n", n);
            failures++;
        }
        if (!d.text || d.len == 0 || strlen(d.text) != d.len) {
            fprintf(stderr, "FAIL: record %s has empty text or NUL bytes\n", d.id ? d.id : "?");
            failures++;
        }
        if (!d.published || strlen(d.published) != 10 || !d.outlet || !d.title) {
            fprintf(stderr, "FAIL: record %s lacks published, outlet or title\n", d.id);
            failures++;
        }
    }
    size_t records, failed;
    uint64_t bytes, total;
    marsad_reader_stats(r, &records, &failed, &bytes, &total);
    marsad_reader_close(r);
    if (n != 200) {
        fprintf(stderr, "FAIL: %zu records, 200 expected\n", n);
        failures++;
    }
    if (records != n || failed != 0 || bytes == 0 || total < bytes) {
        fprintf(stderr, "FAIL: stats %zu records, %zu failed, %llu of %llu bytes\n", records,
                failed, (unsigned long long)bytes, (unsigned long long)total);
        failures++;
    }
    printf("%zu records, %llu bytes read of about %llu\n", n, (unsigned long long)bytes,
           (unsigned long long)total);
    return failures ? 1 : 0;
}
