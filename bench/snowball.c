/*
 * snowball.c -- the Snowball peer of bench/run.sh: stems every
 * whitespace-separated token of a text file with libstemmer's Arabic
 * stemmer (Debian libstemmer-dev) and prints the number of tokens and the
 * bytes of their stems (so that nothing is optimised away).
 *
 * usage: snowball FILE
 */
#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: snowball FILE\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    struct sb_stemmer *st = sb_stemmer_new("arabic", "UTF_8");
    if (!st) {
        fprintf(stderr, "snowball: no Arabic stemmer in this libstemmer\n");
        return 1;
    }
    /* read in blocks; a token cut by a block boundary is carried over */
    size_t cap = 1 << 20, have = 0;
    char *buf = malloc(cap);
    if (!buf) return 1;
    unsigned long long tokens = 0, out = 0;
    for (;;) {
        size_t got = fread(buf + have, 1, cap - have, f);
        int eof = got == 0;
        have += got;
        size_t i = 0, last = 0;
        while (i < have) {
            while (i < have && is_space((unsigned char)buf[i])) i++;
            size_t s = i;
            while (i < have && !is_space((unsigned char)buf[i])) i++;
            if (i == have && !eof) {
                last = s; /* incomplete: keep for the next block */
                break;
            }
            if (i > s) {
                const sb_symbol *r = sb_stemmer_stem(st, (const sb_symbol *)buf + s, (int)(i - s));
                if (r) out += (unsigned long long)sb_stemmer_length(st);
                tokens++;
            }
            last = i;
        }
        if (eof) break;
        memmove(buf, buf + last, have - last);
        have -= last;
        if (have == cap) { /* a token longer than the buffer */
            char *nb = realloc(buf, cap * 2);
            if (!nb) return 1;
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    sb_stemmer_delete(st);
    free(buf);
    printf("%llu tokens, %llu bytes of stems\n", tokens, out);
    return 0;
}
