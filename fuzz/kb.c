/*
 * kb.c -- fuzz target: the knowledge-base loaders.  Bytes as a compiled
 * image -> marsad_kb_load_file, or as the content of one data file in a
 * small copy of data/ -> marsad_kb_load_dir.  Checks: a failure names its
 * file (and line, for a malformed data line); a KB that loads can analyse
 * and render a fixed sentence.
 *
 * Byte 0: bit 0 chooses the loader (0 image, 1 data file); for images,
 * bit 1 rewrites the header's size and checksum so that mutations reach
 * the tables.  For data files, byte 1 picks the file (names[] below).
 * The copy of data/ keeps the first lines of each file of the source tree's
 * data/ (MARSAD_DATA_DIR overrides it); with FUZZ_KB_SEED=PATH the harness
 * writes the image of that copy, as an input, to PATH (how the image seed
 * of the corpus was made).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "blob.h"
#include "fuzz.h"

#ifndef MARSAD_FUZZ_DATA_DIR
#define MARSAD_FUZZ_DATA_DIR "data"
#endif

/* The data files a fuzz input may replace (a stable order for the corpus). */
static const char *const names[] = {
    "abbreviations.tsv", "actors.tsv",        "agents.tsv",     "casualties.tsv",
    "clitics.tsv",       "countries.tsv",     "cues.tsv",       "discourse.tsv",
    "framing.tsv",       "kb-version.txt",    "lexicon-ar.tsv", "lexicon-extra.tsv",
    "modality.tsv",      "mode_cues.tsv",     "nationalities.tsv", "numbers.tsv",
    "ontology.tsv",      "places-aliases.tsv", "places-extra.tsv", "places.tsv",
    "reporting.tsv",     "sources.tsv",       "time_words.tsv", "triggers.tsv"};
#define NNAMES (sizeof names / sizeof *names)

static char data_dir[4096];
static char *original[NNAMES];
static size_t original_len[NNAMES];

static const char sentence[] = "قال مصدر أمني إن طائرات حربية قصفت مواقع في مدينة حلب أمس، "
                               "ما أدى إلى مقتل 5 مدنيين واعتقال ثلاثة من المسلحين.";

/* The first `keep` data lines of a file (comments dropped); for
 * places-aliases.tsv only the lines whose place was kept. */
static char *trim(const char *text, size_t len, size_t keep, const char *ids, size_t *out_len) {
    char *out = malloc(len + 1);
    FZ_CHECK(out != NULL, "out of memory");
    size_t n = 0, kept = 0;
    for (size_t i = 0; i < len && kept < keep;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t l = nl ? (size_t)(nl - (text + i)) : len - i;
        const char *line = text + i;
        i += l + 1;
        if (l == 0 || line[0] == '#') continue;
        if (ids) {
            size_t k = strcspn(line, "\t\n");
            char key[256];
            if (k >= sizeof key - 2) continue;
            snprintf(key, sizeof key, "\n%.*s\t", (int)k, line);
            if (!strstr(ids, key)) continue;
        }
        memcpy(out + n, line, l);
        n += l;
        out[n++] = '\n';
        kept++;
    }
    out[n] = '\0';
    *out_len = n;
    return out;
}

static void make_data_copy(void) {
    const char *src = getenv("MARSAD_DATA_DIR");
    if (!src || !*src) src = MARSAD_FUZZ_DATA_DIR;
    snprintf(data_dir, sizeof data_dir, "%s", fzTempPath("data"));
    FZ_CHECK(mkdir(data_dir, 0700) == 0, "cannot make %s", data_dir);
    DIR *d = opendir(src);
    FZ_CHECK(d != NULL, "cannot open the data directory %s", src);
    char *ids = calloc(1, 2); /* "\nID\t" for every place kept */
    size_t ids_len = 1;
    ids[0] = '\n';
    /* places first, so that the aliases can follow them */
    static const char *const order[] = {"places.tsv", "places-extra.tsv", NULL};
    for (int pass = 0; pass < 2; pass++) {
        rewinddir(d);
        for (struct dirent *e; (e = readdir(d)) != NULL;) {
            if (e->d_name[0] == '.') continue;
            int is_place = !strcmp(e->d_name, order[0]) || !strcmp(e->d_name, order[1]);
            if ((pass == 0) != is_place) continue;
            char path[8192];
            snprintf(path, sizeof path, "%s/%s", src, e->d_name);
            struct stat st;
            if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) continue;
            size_t len, tl;
            char *text = fzReadFile(path, &len);
            FZ_CHECK(text != NULL, "cannot read %s", path);
            size_t keep = 12;
            int aliases = !strcmp(e->d_name, "places-aliases.tsv");
            char *t = trim(text, len, keep, aliases ? ids : NULL, &tl);
            if (is_place)
                for (size_t i = 0; i < tl;) {
                    size_t k = strcspn(t + i, "\t\n");
                    char *p = realloc(ids, ids_len + k + 3);
                    FZ_CHECK(p != NULL, "out of memory");
                    ids = p;
                    memcpy(ids + ids_len, t + i, k);
                    ids_len += k;
                    ids[ids_len++] = '\t';
                    ids[ids_len++] = '\n';
                    ids[ids_len] = '\0';
                    const char *nl = strchr(t + i, '\n');
                    i = nl ? (size_t)(nl - t) + 1 : tl;
                }
            snprintf(path, sizeof path, "%s/%s", data_dir, e->d_name);
            fzWriteFile(path, t, tl);
            for (size_t i = 0; i < NNAMES; i++)
                if (!strcmp(names[i], e->d_name)) {
                    original[i] = t;
                    original_len[i] = tl;
                    t = NULL;
                }
            free(t);
            free(text);
        }
    }
    closedir(d);
    free(ids);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    make_data_copy();
    const char *seed = getenv("FUZZ_KB_SEED");
    if (seed && *seed) {
        marsad_error err;
        memset(&err, 0, sizeof err);
        const char *img = fzTempPath("seed.bin");
        FZ_CHECK(marsad_kb_build(data_dir, img, &err) == 0, "the data copy does not build: %s:%zu: %s",
                 err.file, err.line, err.msg);
        size_t len;
        char *bytes = fzReadFile(img, &len);
        FZ_CHECK(bytes != NULL, "cannot read %s", img);
        FILE *f = fopen(seed, "wb");
        FZ_CHECK(f && fputc(0, f) == 0 && fwrite(bytes, 1, len, f) == len && fclose(f) == 0,
                 "cannot write %s", seed);
        free(bytes);
    }
    return 0;
}

/* A KB that loaded must serve the whole pipeline. */
static void use(const marsad_kb *kb) {
    static const char *const tables[] = {"lexicon", "places", "actors", "agents", "nationalities",
                                         "countries", "cues", "terms", "types", "phrases",
                                         "numbers", "bytes"};
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) (void)marsad_kb_count(kb, tables[i]);
    const char *v = marsad_kb_version(kb);
    FZ_CHECK(v != NULL, "no version");
    marsad_doc_input in;
    memset(&in, 0, sizeof in);
    in.id = "kb-fuzz";
    in.text = sentence;
    in.len = sizeof sentence - 1;
    in.published = "2015-07-21";
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_doc *d = marsad_doc_new(kb, &in, &err);
    FZ_CHECK(d != NULL, "a loaded KB cannot analyse a sentence: %s", err.msg);
    size_t n;
    char *s = marsad_doc_render(d, MARSAD_RECORD_JSON, &n);
    fzCheckOutput("the record", s, n, 1, 0);
    marsad_free(s);
    s = marsad_doc_render(d, MARSAD_RECORD_TABLE, &n);
    fzCheckOutput("the table", s, n, 0, 0);
    marsad_free(s);
    s = marsad_doc_render_mentions(d, 1, &n);
    fzCheckOutput("the mentions", s, n, 1, 1);
    marsad_free(s);
    marsad_doc_free(d);
}

static void load_image(const uint8_t *img, size_t len, int patch) {
    unsigned char *copy = malloc(len ? len : 1);
    FZ_CHECK(copy != NULL, "out of memory");
    memcpy(copy, img, len);
    if (patch && len >= sizeof(kbHeader)) {
        kbHeader h;
        memcpy(&h, copy, sizeof h);
        h.size = len;
        h.checksum = kbChecksum(copy + sizeof h, len - sizeof h);
        memcpy(copy, &h, sizeof h);
    }
    const char *path = fzTempPath("kb.bin");
    fzWriteFile(path, copy, len);
    free(copy);
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_kb *kb = marsad_kb_load_file(path, &err);
    if (!kb) {
        FZ_CHECK(err.code == MARSAD_ERR_PARSE || err.code == MARSAD_ERR_IO ||
                     err.code == MARSAD_ERR_NOMEM,
                 "code %d: %s", (int)err.code, err.msg);
        FZ_CHECK(!strcmp(err.file, path), "the error names '%s', not the file", err.file);
        return;
    }
    use(kb);
    marsad_kb_free(kb);
}

static void load_data_file(size_t which, const uint8_t *text, size_t len) {
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", data_dir, names[which]);
    fzWriteFile(path, text, len);
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_kb *kb = marsad_kb_load_dir(data_dir, &err);
    if (!kb) {
        FZ_CHECK(err.code == MARSAD_ERR_PARSE || err.code == MARSAD_ERR_LIMIT ||
                     err.code == MARSAD_ERR_IO || err.code == MARSAD_ERR_NOMEM,
                 "code %d: %s", (int)err.code, err.msg);
        FZ_CHECK(err.file[0] != '\0', "a data error without a file: %s", err.msg);
        FZ_CHECK(err.code == MARSAD_ERR_NOMEM || err.code == MARSAD_ERR_IO || err.line > 0,
                 "a data error without a line: %s: %s", err.file, err.msg);
    } else {
        use(kb);
        marsad_kb_free(kb);
    }
    /* put the original back for the next input */
    if (original[which])
        fzWriteFile(path, original[which], original_len[which]);
    else
        remove(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    if (data[0] & 1) {
        if (size < 2) return 0;
        load_data_file(data[1] % NNAMES, data + 2, size - 2);
    } else {
        load_image(data + 1, size - 1, (data[0] & 2) != 0);
    }
    return 0;
}
