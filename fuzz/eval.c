/*
 * eval.c -- fuzz target: bytes split at the first NUL into a gold file and
 * a marsad/1 record (no NUL: no prediction) -> marsad_eval_add_json, then
 * both renderings.  Checks: a failure names its input and is counted as
 * skipped, a success is counted as scored, renderings are valid (JSON).
 */
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *gold = (const char *)data;
    const char *nul = memchr(data, 0, size);
    size_t glen = nul ? (size_t)(nul - gold) : size;
    const char *pred = nul ? nul + 1 : NULL;
    size_t plen = nul ? size - glen - 1 : 0;
    marsad_eval *ev = marsad_eval_new();
    FZ_CHECK(ev != NULL, "marsad_eval_new");
    marsad_error err;
    memset(&err, 0, sizeof err);
    int rc = marsad_eval_add_json(ev, gold, glen, "g.gold.json", pred, plen, "p.jsonl", 3, &err);
    FZ_CHECK(rc == 0 || rc == -1, "marsad_eval_add_json returned %d", rc);
    if (rc < 0) {
        FZ_CHECK(err.code == MARSAD_ERR_PARSE || err.code == MARSAD_ERR_NOMEM,
                 "error code %d: %s", (int)err.code, err.msg);
        FZ_CHECK(!strcmp(err.file, "g.gold.json") || !strcmp(err.file, "p.jsonl"),
                 "the error names '%s', not an input: %s", err.file, err.msg);
        FZ_CHECK(marsad_eval_skipped_count(ev) == 1 && marsad_eval_doc_count(ev) == 0,
                 "a failed document is not counted as skipped");
    } else {
        FZ_CHECK(marsad_eval_doc_count(ev) == 1 && marsad_eval_skipped_count(ev) == 0,
                 "a scored document is not counted");
        marsad_eval_prf prf;
        FZ_CHECK(marsad_eval_prf_get(ev, NULL, MARSAD_EVAL_CLASSIFICATION, &prf) == 0,
                 "no totals");
    }
    for (int verbose = 0; verbose < 2; verbose++) {
        size_t n;
        char *s = marsad_eval_render(ev, MARSAD_EVAL_JSON, verbose, &n);
        fzCheckOutput("the JSON report", s, n, 1, 0);
        marsad_free(s);
        s = marsad_eval_render(ev, MARSAD_EVAL_TABLE, verbose, &n);
        fzCheckOutput("the table report", s, n, 0, 0);
        marsad_free(s);
    }
    char *id = marsad_eval_doc_id(gold, glen, &err);
    marsad_free(id);
    if (pred) {
        id = marsad_eval_doc_id(pred, plen, &err);
        marsad_free(id);
    }
    marsad_eval_free(ev);
    return 0;
}
