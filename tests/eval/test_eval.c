/* test_eval.c -- the scorer's rules (GUIDELINES.md "How a prediction is
 * scored" 1-6) on small hand-made gold/prediction pairs, through the API. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "marsad.h"

/* Fixtures are written with single quotes for readability; q() turns them
 * into JSON. */
static char *q(const char *s) {
    char *out = strdup(s);
    assert_non_null(out);
    for (char *p = out; *p; p++)
        if (*p == '\'') *p = '"';
    return out;
}

#define GOLD(evs) "{'doc':{'id':'d','published':'2015-07-22'},'events':[" evs "]}"
#define PRED(evs) "{'schema':'marsad/1','doc':{'id':'d'},'events':[" evs "]}"
#define TRIG(s, e) "'trigger':{'start':" #s ",'end':" #e ",'text':'w" #s "'}"

static marsad_eval *score(const char *gold, const char *pred) {
    marsad_eval *ev = marsad_eval_new();
    assert_non_null(ev);
    char *g = q(gold), *p = pred ? q(pred) : NULL;
    marsad_error err;
    memset(&err, 0, sizeof err);
    int rc = marsad_eval_add_json(ev, g, strlen(g), "g.gold.json", p, p ? strlen(p) : 0,
                                  "p.jsonl", 1, &err);
    if (rc) fprintf(stderr, "add_json: %s:%zu: %s\n", err.file, err.line, err.msg);
    assert_int_equal(rc, 0);
    free(g);
    free(p);
    return ev;
}

static void check(const marsad_eval *ev, marsad_eval_figure fig, size_t tp, size_t fp,
                  size_t fn) {
    marsad_eval_prf f;
    assert_int_equal(marsad_eval_prf_get(ev, NULL, fig, &f), 0);
    if (f.tp != tp || f.fp != fp || f.fn != fn)
        fail_msg("figure %d: tp/fp/fn %zu/%zu/%zu, want %zu/%zu/%zu", (int)fig, f.tp, f.fp, f.fn,
                 tp, fp, fn);
}

static void checkAcc(const marsad_eval *ev, marsad_eval_measure m, size_t right, size_t total) {
    marsad_eval_acc a;
    assert_int_equal(marsad_eval_accuracy_get(ev, NULL, m, &a), 0);
    if (a.right != right || a.total != total)
        fail_msg("measure %d: %zu/%zu, want %zu/%zu", (int)m, a.right, a.total, right, total);
}

static char *render(const marsad_eval *ev, marsad_eval_format fmt, int verbose) {
    char *s = marsad_eval_render(ev, fmt, verbose, NULL);
    assert_non_null(s);
    return s;
}

/* ---- rule 1: matching ---- */

static void largest_overlap_first(void **state) {
    (void)state;
    /* P0 overlaps G0 by 4 and G1 by 7; P1 overlaps G0 by 4 only.  Largest
     * first: P0-G1 (7), then P1-G0; taking P0-G0 by position would leave
     * G1 unmatched. */
    marsad_eval *ev = score(GOLD("{'type':'a'," TRIG(10, 20) "},{'type':'b'," TRIG(20, 30) "}"),
                            PRED("{'type':'b'," TRIG(16, 27) "},{'type':'a'," TRIG(12, 16) "}"));
    check(ev, MARSAD_EVAL_IDENTIFICATION, 2, 0, 0);
    check(ev, MARSAD_EVAL_CLASSIFICATION, 2, 0, 0);
    marsad_eval_free(ev);
}

static void tie_goes_to_earlier_prediction(void **state) {
    (void)state;
    /* Both predictions overlap the gold trigger by 5: the earlier one wins,
     * the later one is a false positive.  Listed in reverse order to show
     * that position in the text, not in the record, decides. */
    marsad_eval *ev = score(GOLD("{'type':'a'," TRIG(10, 20) "}"),
                            PRED("{'type':'b'," TRIG(15, 25) "},{'type':'a'," TRIG(5, 15) "}"));
    check(ev, MARSAD_EVAL_IDENTIFICATION, 1, 1, 0);
    check(ev, MARSAD_EVAL_CLASSIFICATION, 1, 1, 0); /* the type-a one matched */
    marsad_eval_free(ev);
}

static void no_overlap_no_match(void **state) {
    (void)state;
    /* Touching spans do not overlap (end exclusive). */
    marsad_eval *ev = score(GOLD("{'type':'a'," TRIG(10, 20) "}"),
                            PRED("{'type':'a'," TRIG(20, 25) "}"));
    check(ev, MARSAD_EVAL_IDENTIFICATION, 0, 1, 1);
    marsad_eval_free(ev);
}

static void matching_ignores_type(void **state) {
    (void)state;
    marsad_eval *ev = score(GOLD("{'type':'airstrike'," TRIG(10, 14) ",'actor':['A']}"),
                            PRED("{'type':'shelling'," TRIG(10, 14) ",'actor':[{'code':'A'}]}"));
    /* matched, so identified; of another type, so a false positive and a
     * miss for classification; its arguments still count on the pair */
    check(ev, MARSAD_EVAL_IDENTIFICATION, 1, 0, 0);
    check(ev, MARSAD_EVAL_CLASSIFICATION, 0, 1, 1);
    check(ev, MARSAD_EVAL_ACTOR, 1, 0, 0);
    marsad_eval_prf f;
    assert_int_equal(marsad_eval_type_get(ev, "airstrike", &f), 0);
    assert_int_equal(f.tp, 0);
    assert_int_equal(f.fn, 1);
    assert_int_equal(f.fp, 0);
    assert_int_equal(marsad_eval_type_get(ev, "shelling", &f), 0);
    assert_int_equal(f.fp, 1);
    assert_int_equal(f.fn, 0);
    assert_int_equal(marsad_eval_type_get(ev, "riot", &f), -1);
    char *s = render(ev, MARSAD_EVAL_TABLE, 1);
    assert_non_null(strstr(s, "type      event       predicted shelling  in airstrike"));
    marsad_free(s);
    marsad_eval_free(ev);
}

static void also_spans_match(void **state) {
    (void)state;
    /* The prediction names the event at its `also` mention. */
    marsad_eval *ev = score(
        GOLD("{'type':'a'," TRIG(100, 105) ",'also':[{'start':10,'end':15},{'start':300,'end':"
             "310}]}"),
        PRED("{'type':'a'," TRIG(300, 306) "}"));
    check(ev, MARSAD_EVAL_IDENTIFICATION, 1, 0, 0);
    marsad_eval_free(ev);
}

static void also_overlap_beats_smaller_trigger_overlap(void **state) {
    (void)state;
    /* P overlaps G0's also span by 6 and G1's trigger by 2: it goes to G0. */
    marsad_eval *ev =
        score(GOLD("{'type':'a'," TRIG(0, 4) ",'also':[{'start':50,'end':56}]},"
                   "{'type':'b'," TRIG(56, 60) "}"),
              PRED("{'type':'a'," TRIG(50, 58) "}"));
    check(ev, MARSAD_EVAL_IDENTIFICATION, 1, 0, 1);
    check(ev, MARSAD_EVAL_CLASSIFICATION, 1, 0, 1);
    marsad_eval_free(ev);
}

static void tie_between_gold_events_prefers_own_trigger(void **state) {
    (void)state;
    /* Not fixed by GUIDELINES (docs/eval.md): a prediction overlapping two
     * gold events equally goes to the one whose own trigger it overlaps. */
    marsad_eval *ev = score(GOLD("{'type':'a'," TRIG(0, 4) ",'also':[{'start':50,'end':56}]},"
                                 "{'type':'b'," TRIG(50, 56) "}"),
                            PRED("{'type':'b'," TRIG(50, 56) "}"));
    check(ev, MARSAD_EVAL_CLASSIFICATION, 1, 0, 1);
    marsad_eval_free(ev);
}

static void second_prediction_is_false_positive(void **state) {
    (void)state;
    /* Two predictions of one event (trigger and `also` mention): one match;
     * the other and all its arguments are false positives. */
    marsad_eval *ev =
        score(GOLD("{'type':'a'," TRIG(10, 15) ",'also':[{'start':50,'end':55}],'actor':['A'],"
                   "'counts':{'dead':3}}"),
              PRED("{'type':'a'," TRIG(10, 15) ",'actor':[{'code':'A'}],'counts':{'dead':3}},"
                   "{'type':'a'," TRIG(50, 55) ",'actor':[{'code':'A'}],'counts':{'dead':3}}"));
    check(ev, MARSAD_EVAL_IDENTIFICATION, 1, 1, 0);
    check(ev, MARSAD_EVAL_CLASSIFICATION, 1, 1, 0);
    check(ev, MARSAD_EVAL_ACTOR, 1, 1, 0);
    check(ev, MARSAD_EVAL_DEAD, 1, 1, 0);
    char *s = render(ev, MARSAD_EVAL_TABLE, 1);
    assert_non_null(strstr(s, "a second prediction of the gold event"));
    marsad_free(s);
    marsad_eval_free(ev);
}

/* ---- rule 3: arguments ---- */

static void sets_of_codes_and_numbers(void **state) {
    (void)state;
    marsad_eval *ev = score(
        GOLD("{'type':'a'," TRIG(0, 5) ",'actor':['A','B'],'recipient':['C'],"
             "'quantities':[23,4]}"),
        PRED("{'type':'a'," TRIG(0, 5) ",'actor':[{'code':'A'},{'code':'X'},{'code':'A'},"
             "{'code':null},{'code':'X'}],'recipient':[{'code':'C'}],'quantities':[{'value':23,'approx':false},"
             "{'value':100,'approx':true},{'value':7,'approx':false}]}"));
    check(ev, MARSAD_EVAL_ACTOR, 1, 1, 1);      /* A right, X spurious, B missed; each once */
    check(ev, MARSAD_EVAL_RECIPIENT, 1, 0, 0);
    check(ev, MARSAD_EVAL_QUANTITIES, 1, 1, 1); /* 23 right, 7 spurious, 4 missed; 100 approx */
    marsad_eval_free(ev);
}

static void unmatched_events_count_end_to_end(void **state) {
    (void)state;
    /* An unmatched gold event misses every element; an unmatched
     * prediction's elements are all false positives (its date is not
     * scored). */
    marsad_eval *ev = score(
        GOLD("{'type':'a'," TRIG(0, 5) ",'actor':['A','B'],'recipient':['C'],'quantities':[5],"
             "'location':{'start':20,'end':25,'text':'L'},'date':{'start':'2015-07-20','end':"
             "'2015-07-20','precision':'day'},'counts':{'dead':3,'injured':null,'arrested':1}}"),
        PRED("{'type':'a'," TRIG(100, 105) ",'actor':[{'code':'X'}],'quantities':[{'value':7},"
             "{'value':9,'approx':true}],'origin':{'start':120,'end':124,'text':'O'},"
             "'date':{'start':'2015-07-01','end':'2015-07-01','basis':'text'},"
             "'counts':{'dead':null,'injured':2,'arrested':null}}"));
    check(ev, MARSAD_EVAL_IDENTIFICATION, 0, 1, 1);
    check(ev, MARSAD_EVAL_ACTOR, 0, 1, 2);
    check(ev, MARSAD_EVAL_RECIPIENT, 0, 0, 1);
    check(ev, MARSAD_EVAL_QUANTITIES, 0, 1, 1);
    check(ev, MARSAD_EVAL_LOCATION, 0, 0, 1);
    check(ev, MARSAD_EVAL_ORIGIN, 0, 1, 0);
    check(ev, MARSAD_EVAL_DATE, 0, 0, 1);
    check(ev, MARSAD_EVAL_DEAD, 0, 0, 1);
    check(ev, MARSAD_EVAL_INJURED, 0, 1, 0);
    check(ev, MARSAD_EVAL_ARRESTED, 0, 0, 1);
    check(ev, MARSAD_EVAL_COUNTS, 0, 1, 2);
    /* micro: fp 1+1+1+1 = 4, fn 2+1+1+1+1+2 = 8 */
    check(ev, MARSAD_EVAL_ARGUMENTS, 0, 4, 8);
    checkAcc(ev, MARSAD_EVAL_MODALITY, 0, 0); /* no matched pair */
    char *s = render(ev, MARSAD_EVAL_TABLE, 1);
    assert_non_null(strstr(s, "missed    event       a «w0» 0-5"));
    assert_non_null(strstr(s, "spurious  event       a «w100» 100-105"));
    assert_non_null(strstr(s, "missed    location    «L» 20-25  in a «w0» 0-5"));
    assert_non_null(strstr(s, "spurious  actor       X  in a «w100» 100-105"));
    marsad_free(s);
    marsad_eval_free(ev);
}

static void places_by_span_overlap(void **state) {
    (void)state;
    marsad_eval *ev = score(
        GOLD("{'type':'a'," TRIG(0, 5) ",'location':{'start':20,'end':27,'text':'L'},"
             "'origin':{'start':40,'end':45,'text':'O'},'destination':{'start':60,'end':65}},"
             "{'type':'b'," TRIG(100, 105) "}"),
        PRED("{'type':'a'," TRIG(0, 5) ",'location':{'start':24,'end':30,'text':'L2'},"
             "'origin':{'start':45,'end':50,'text':'O2'},'destination':null},"
             "{'type':'b'," TRIG(100, 105) ",'location':{'start':120,'end':125}}"));
    check(ev, MARSAD_EVAL_LOCATION, 1, 1, 0);    /* overlap right; a place where gold has none */
    check(ev, MARSAD_EVAL_ORIGIN, 0, 1, 1);      /* touching, not overlapping: fp and miss */
    check(ev, MARSAD_EVAL_DESTINATION, 0, 0, 1); /* not found */
    marsad_eval_free(ev);
}

#define GDATE(s, e) "'date':{'start':'" s "','end':'" e "','precision':'day'}"
#define PDATE(s, e, basis) "'date':{'start':" s ",'end':'" e "','basis':'" basis "'}"

static void date_rules(void **state) {
    (void)state;
    marsad_eval *ev = score(
        GOLD(/* 0: no gold date: a predicted one is not scored */
             "{'type':'a'," TRIG(0, 5) ",'date':null},"
             /* 1: same days (a time of day does not matter) */
             "{'type':'a'," TRIG(10, 15) "," GDATE("2015-07-20", "2015-07-20") "},"
             /* 2: wrong, from the text: miss and false positive */
             "{'type':'a'," TRIG(20, 25) "," GDATE("2015-07-20", "2015-07-20") "},"
             /* 3: wrong, the published-date fallback: a miss only */
             "{'type':'a'," TRIG(30, 35) "," GDATE("2015-07-20", "2015-07-20") "},"
             /* 4: no date predicted: a miss */
             "{'type':'a'," TRIG(40, 45) "," GDATE("2015-07-01", "2015-07-31") "},"
             /* 5: same start, other end: a miss and a false positive */
             "{'type':'a'," TRIG(50, 55) "," GDATE("2015-07-01", "2015-07-31") "}"),
        PRED("{'type':'a'," TRIG(0, 5) "," PDATE("'2015-07-20'", "2015-07-20", "text") "},"
             "{'type':'a'," TRIG(10, 15) "," PDATE("'2015-07-20T08:00'", "2015-07-20",
                                                    "text") "},"
             "{'type':'a'," TRIG(20, 25) "," PDATE("'2015-07-19'", "2015-07-19", "text") "},"
             "{'type':'a'," TRIG(30, 35) "," PDATE("null", "2015-07-22", "published") "},"
             "{'type':'a'," TRIG(40, 45) ",'date':null},"
             "{'type':'a'," TRIG(50, 55) "," PDATE("'2015-07-01'", "2015-07-30", "text") "},"
             /* unmatched prediction: its date is not scored */
             "{'type':'a'," TRIG(90, 95) "," PDATE("'2015-07-20'", "2015-07-20", "text") "}"));
    check(ev, MARSAD_EVAL_DATE, 1, 2, 4);
    marsad_eval_free(ev);
}

static void count_rules(void **state) {
    (void)state;
    marsad_eval *ev = score(
        GOLD("{'type':'a'," TRIG(0, 5) ",'counts':{'dead':16,'injured':5,'arrested':null}},"
             "{'type':'a'," TRIG(10, 15) ",'counts':{'dead':4,'injured':null,'arrested':2}}"),
        PRED("{'type':'a'," TRIG(0, 5) ",'counts':{'dead':16,'injured':4,'arrested':2}},"
             "{'type':'a'," TRIG(10, 15) ",'counts':{'dead':null,'injured':null,'arrested':2}}"));
    check(ev, MARSAD_EVAL_DEAD, 1, 0, 1);     /* 16 right; 4 not predicted */
    check(ev, MARSAD_EVAL_INJURED, 0, 1, 1);  /* 5 vs 4: a miss and a false positive */
    check(ev, MARSAD_EVAL_ARRESTED, 1, 1, 0); /* 2 where gold has none; 2 right */
    check(ev, MARSAD_EVAL_COUNTS, 2, 2, 2);
    marsad_eval_free(ev);
}

/* ---- rules 4 and 5 ---- */

static void modality_and_source_type(void **state) {
    (void)state;
    marsad_eval *ev = score(
        GOLD("{'type':'a'," TRIG(0, 5) ",'modality':'asserted','source_type':'official'},"
             "{'type':'a'," TRIG(10, 15) ",'modality':'claimed','source_type':'local'},"
             "{'type':'a'," TRIG(20, 25) ",'modality':'asserted','source_type':'outlet'},"
             "{'type':'a'," TRIG(30, 35) ",'modality':'future','source_type':'outlet'}"),
        PRED("{'type':'a'," TRIG(0, 5) ",'modality':'asserted','attribution':{'source_type':"
             "'official'}},"
             "{'type':'a'," TRIG(10, 15) ",'modality':'asserted','attribution':{'source_type':"
             "'local'}},"
             "{'type':'a'," TRIG(20, 25) ",'modality':'asserted','attribution':null}"));
    /* three matched pairs; the unmatched gold event is not in the accuracy */
    checkAcc(ev, MARSAD_EVAL_MODALITY, 2, 3);
    checkAcc(ev, MARSAD_EVAL_SOURCE_TYPE, 2, 3); /* no attribution: wrong */
    marsad_eval_free(ev);
}

#define GLOC(lat, lon) "'location':{'start':20,'end':27,'text':'L','lat':" lat ",'lon':" lon "}"

static void geocoding_distances(void **state) {
    (void)state;
    /* gold at 33.42056, 43.30778; 0.05 degrees of latitude is 5.56 km, 0.5
     * is 55.6 km, 5 is 556 km */
    marsad_eval *ev = score(
        GOLD("{'type':'a'," TRIG(0, 5) "," GLOC("33.42056", "43.30778") "},"
             "{'type':'a'," TRIG(100, 105) "," GLOC("33.42056", "43.30778") "},"
             "{'type':'a'," TRIG(200, 205) "," GLOC("33.42056", "43.30778") "},"
             "{'type':'a'," TRIG(300, 305) "," GLOC("33.42056", "43.30778") "},"
             "{'type':'a'," TRIG(400, 405) "," GLOC("null", "null") "},"
             "{'type':'a'," TRIG(500, 505) ",'origin':{'start':520,'end':527,'lat':33,'lon':44}},"
             "{'type':'a'," TRIG(600, 605) ",'destination':{'start':620,'end':627,'lat':33,"
             "'lon':44}},"
             "{'type':'a'," TRIG(700, 705) "," GLOC("33.42056", "43.30778") "},"
             "{'type':'a'," TRIG(800, 805) "," GLOC("33.42056", "43.30778") "},"
             "{'type':'a'," TRIG(900, 905) "," GLOC("33.42056", "43.30778") "},"
             "{'type':'a'," TRIG(1000, 1005) "," GLOC("33.42056", "43.30778") "}"),
        PRED("{'type':'a'," TRIG(0, 5) "," GLOC("33.47056", "43.30778") "},"
             "{'type':'a'," TRIG(100, 105) "," GLOC("33.92056", "43.30778") "},"
             "{'type':'a'," TRIG(200, 205) "," GLOC("38.42056", "43.30778") "},"
             "{'type':'a'," TRIG(300, 305) "," GLOC("null", "null") "},"
             "{'type':'a'," TRIG(400, 405) "," GLOC("33.0", "44.0") "},"
             /* not overlapping: not geocoding, just a place miss */
             "{'type':'a'," TRIG(500, 505) ",'origin':{'start':530,'end':537,'lat':33,'lon':44}},"
             /* same span, other slot: not compared */
             "{'type':'a'," TRIG(600, 605) ",'origin':{'start':620,'end':627,'lat':33,"
             "'lon':44}},"
             /* either side of each threshold: 9.45, 10.56, 155.7, 166.8 km */
             "{'type':'a'," TRIG(700, 705) "," GLOC("33.50556", "43.30778") "},"
             "{'type':'a'," TRIG(800, 805) "," GLOC("33.51556", "43.30778") "},"
             "{'type':'a'," TRIG(900, 905) "," GLOC("34.82056", "43.30778") "},"
             "{'type':'a'," TRIG(1000, 1005) "," GLOC("34.92056", "43.30778") "}"));
    /* no coordinates predicted is wrong; gold without coordinates is not
     * counted: 5.56 and 9.45 km within 10 km; and 55.6, 10.56, 155.7 km
     * within 161 km; of 8 */
    checkAcc(ev, MARSAD_EVAL_GEO_10KM, 2, 8);
    checkAcc(ev, MARSAD_EVAL_GEO_161KM, 5, 8);
    check(ev, MARSAD_EVAL_LOCATION, 9, 0, 0);
    char *s = render(ev, MARSAD_EVAL_TABLE, 1);
    assert_non_null(strstr(s, "geocoding location    «L» 20-27 (no coordinates predicted)"));
    assert_non_null(strstr(s, "is 55.6 km from gold"));
    marsad_free(s);
    marsad_eval_free(ev);
}

static void haversine_known_distance(void **state) {
    (void)state;
    /* Baghdad to Damascus, 751 km on a sphere of radius 6371.0088 km */
    marsad_eval *ev = score(
        GOLD("{'type':'a'," TRIG(0, 5) "," GLOC("33.3152", "44.3661") "}"),
        PRED("{'type':'a'," TRIG(0, 5) "," GLOC("33.5138", "36.2765") "}"));
    char *s = render(ev, MARSAD_EVAL_TABLE, 1);
    assert_non_null(strstr(s, "is 751.0 km from gold"));
    marsad_free(s);
    marsad_eval_free(ev);
}

/* ---- documents, totals, errors ---- */

static void no_prediction_is_all_misses(void **state) {
    (void)state;
    marsad_eval *ev =
        score(GOLD("{'type':'a'," TRIG(0, 5) ",'actor':['A']},{'type':'b'," TRIG(9, 12) "}"), NULL);
    check(ev, MARSAD_EVAL_IDENTIFICATION, 0, 0, 2);
    check(ev, MARSAD_EVAL_ARGUMENTS, 0, 0, 1);
    marsad_eval_prf f;
    assert_int_equal(marsad_eval_prf_get(ev, "d", MARSAD_EVAL_CLASSIFICATION, &f), 0);
    assert_true(isnan(f.precision));
    assert_true(f.recall == 0.0 && f.f1 == 0.0);
    assert_int_equal(marsad_eval_doc_count(ev), 1);
    char *s = render(ev, MARSAD_EVAL_TABLE, 0);
    assert_non_null(strstr(s, "documents without a prediction"));
    marsad_free(s);
    marsad_eval_free(ev);
}

static void undefined_figures_are_nan(void **state) {
    (void)state;
    marsad_eval *ev = score(GOLD(""), PRED(""));
    marsad_eval_prf f;
    assert_int_equal(marsad_eval_prf_get(ev, NULL, MARSAD_EVAL_ARGUMENTS, &f), 0);
    assert_true(isnan(f.precision) && isnan(f.recall) && isnan(f.f1));
    marsad_eval_acc a;
    assert_int_equal(marsad_eval_accuracy_get(ev, NULL, MARSAD_EVAL_GEO_10KM, &a), 0);
    assert_true(isnan(a.accuracy));
    assert_int_equal(marsad_eval_prf_get(ev, "nope", MARSAD_EVAL_ARGUMENTS, &f), -1);
    char *s = render(ev, MARSAD_EVAL_JSON, 1);
    json_error_t je;
    json_t *j = json_loads(s, 0, &je);
    assert_non_null(j);
    assert_true(json_is_null(json_object_get(
        json_object_get(json_object_get(j, "arguments"), "micro"), "f1")));
    json_decref(j);
    marsad_free(s);
    marsad_eval_free(ev);
}

static void totals_add_up_over_documents(void **state) {
    (void)state;
    marsad_eval *ev = marsad_eval_new();
    char *g1 = q("{'doc':{'id':'one'},'events':[{'type':'a'," TRIG(0, 5) "}]}");
    char *p1 = q("{'doc':{'id':'one'},'events':[{'type':'a'," TRIG(0, 5) "}]}");
    char *g2 = q("{'doc':{'id':'two'},'events':[{'type':'a'," TRIG(0, 5) "}]}");
    char *p2 = q("{'doc':{'id':'two'},'events':[{'type':'b'," TRIG(9, 12) "}]}");
    assert_int_equal(
        marsad_eval_add_json(ev, g1, strlen(g1), "one", p1, strlen(p1), NULL, 0, NULL), 0);
    assert_int_equal(
        marsad_eval_add_json(ev, g2, strlen(g2), "two", p2, strlen(p2), NULL, 0, NULL), 0);
    check(ev, MARSAD_EVAL_CLASSIFICATION, 1, 1, 1);
    marsad_eval_prf f;
    assert_int_equal(marsad_eval_prf_get(ev, "one", MARSAD_EVAL_CLASSIFICATION, &f), 0);
    assert_true(f.f1 == 1.0);
    assert_int_equal(marsad_eval_prf_get(ev, "two", MARSAD_EVAL_CLASSIFICATION, &f), 0);
    assert_true(f.f1 == 0.0);
    char *s = render(ev, MARSAD_EVAL_JSON, 1);
    json_error_t je;
    json_t *j = json_loads(s, 0, &je);
    if (!j) fail_msg("render JSON: %s at %d:%d\n%s", je.text, je.line, je.column, s);
    assert_int_equal(json_integer_value(json_object_get(j, "documents")), 2);
    json_t *cls = json_object_get(json_object_get(j, "events"), "classification");
    assert_true(json_real_value(json_object_get(cls, "f1")) == 0.5);
    assert_int_equal(json_array_size(json_object_get(j, "per_document")), 2);
    json_t *b = json_object_get(json_object_get(j, "types"), "b");
    assert_int_equal(json_integer_value(json_object_get(b, "fp")), 1);
    json_decref(j);
    marsad_free(s);
    free(g1);
    free(p1);
    free(g2);
    free(p2);
    marsad_eval_free(ev);
}

static void expect_error(const char *gold, const char *pred, size_t predLine, const char *file,
                         size_t line, const char *msgPart) {
    marsad_eval *ev = marsad_eval_new();
    char *g = q(gold), *p = pred ? q(pred) : NULL;
    marsad_error err;
    memset(&err, 0, sizeof err);
    int rc = marsad_eval_add_json(ev, g, strlen(g), "g.gold.json", p, p ? strlen(p) : 0,
                                  "p.jsonl", predLine, &err);
    assert_int_equal(rc, -1);
    assert_int_equal(err.code, MARSAD_ERR_PARSE);
    assert_string_equal(err.file, file);
    if (err.line != line) fail_msg("line %zu, want %zu (%s)", err.line, line, err.msg);
    if (!strstr(err.msg, msgPart)) fail_msg("message '%s' lacks '%s'", err.msg, msgPart);
    assert_int_equal(marsad_eval_skipped_count(ev), 1);
    assert_int_equal(marsad_eval_doc_count(ev), 0);
    check(ev, MARSAD_EVAL_IDENTIFICATION, 0, 0, 0); /* nothing entered the totals */
    char *s = render(ev, MARSAD_EVAL_TABLE, 0);
    assert_non_null(strstr(s, "skipped documents (not scored): 1"));
    marsad_free(s);
    free(g);
    free(p);
    marsad_eval_free(ev);
}

static void malformed_inputs(void **state) {
    (void)state;
    const char *okPred = PRED("");
    expect_error("{'doc':{'id':'d'},\n'events':[\n{'type':'a',}]}", okPred, 0, "g.gold.json", 3,
                 "invalid JSON");
    expect_error(GOLD(""), "{'doc':{'id':'d'},'events':[", 7, "p.jsonl", 7, "invalid JSON");
    expect_error(GOLD("{'type':'a'}"), okPred, 0, "g.gold.json", 0, "events[0].trigger");
    expect_error(GOLD("{'type':'a'," TRIG(9, 3) "}"), okPred, 0, "g.gold.json", 0,
                 "before \"start\"");
    expect_error(GOLD("{'type':'a'," TRIG(0, 3) ",'actor':'A'}"), okPred, 0, "g.gold.json", 0,
                 "events[0].actor: must be a list");
    expect_error(GOLD(""), PRED("{'type':'a'," TRIG(0, 3) ",'quantities':['x']}"), 4, "p.jsonl", 4,
                 "events[0].quantities[0]");
    expect_error(GOLD(""), "{'doc':{'id':'other'},'events':[]}", 2, "p.jsonl", 2,
                 "for document \"other\"");
    expect_error(GOLD(""), "{'schema':'marsad/2','doc':{'id':'d'},'events':[]}", 1, "p.jsonl", 1,
                 "not \"marsad/1\"");
    expect_error("[1,2]", okPred, 0, "g.gold.json", 0, "must be a JSON object");
    expect_error("{'doc':{'id':'d'}}", okPred, 0, "g.gold.json", 0, "\"events\" list");
}

static void doc_id_reader(void **state) {
    (void)state;
    char *s = q("{'doc':{'id':'abc'},'events':[]}");
    char *id = marsad_eval_doc_id(s, strlen(s), NULL);
    assert_non_null(id);
    assert_string_equal(id, "abc");
    marsad_free(id);
    free(s);
    marsad_error err;
    memset(&err, 0, sizeof err);
    assert_null(marsad_eval_doc_id("{\"doc\":", 7, &err));
    assert_int_equal(err.code, MARSAD_ERR_PARSE);
    assert_null(marsad_eval_doc_id("{\"doc\":{}}", 10, &err));
    assert_non_null(strstr(err.msg, "no \"doc\".\"id\""));
    marsad_eval_free(NULL);
    marsad_eval_ner_free(NULL);
}

/* ---- rule 6: NER ---- */

static marsad_eval_ner *ner(const char *gold, const char *pred) {
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_eval_ner *n =
        marsad_eval_ner_conll(gold, strlen(gold), "g.conll", pred, strlen(pred), "p.conll", &err);
    if (!n) fail_msg("ner: %s:%zu: %s", err.file, err.line, err.msg);
    return n;
}

static void checkNer(const marsad_eval_ner *n, const char *label, size_t tp, size_t fp,
                     size_t fn) {
    marsad_eval_prf f;
    assert_int_equal(marsad_eval_ner_get(n, label, &f), 0);
    if (f.tp != tp || f.fp != fp || f.fn != fn)
        fail_msg("%s: %zu/%zu/%zu, want %zu/%zu/%zu", label ? label : "micro", f.tp, f.fp, f.fn,
                 tp, fp, fn);
}

static void ner_exact_spans(void **state) {
    (void)state;
    const char *gold = "A B-PERS\nB I-PERS\nC O\nD B-LOC\nE I-LOC\n\n"
                       "F I-ORG\nG I-ORG\nH B-ORG\n";
    const char *pred = "A\tB-PERS\nB\tI-PERS\nC\tO\nD\tB-LOC\nE\tO\n\n"
                       "F\tB-ORG\nG\tI-ORG\nH\tI-ORG\n";
    marsad_eval_ner *n = ner(gold, pred);
    checkNer(n, "PERS", 1, 0, 0);
    checkNer(n, "LOC", 0, 1, 1);     /* D-E vs D: not exact */
    checkNer(n, "ORG", 0, 1, 2);     /* I-ORG starts a span; F-G and H vs F-H */
    checkNer(n, NULL, 1, 2, 3);
    assert_int_equal(marsad_eval_ner_label_count(n), 3);
    assert_string_equal(marsad_eval_ner_label(n, 0), "LOC");
    assert_null(marsad_eval_ner_label(n, 3));
    assert_int_equal(marsad_eval_ner_token_count(n), 8);
    char *s = marsad_eval_ner_render(n, MARSAD_EVAL_TABLE, NULL);
    assert_non_null(strstr(s, "micro"));
    marsad_free(s);
    s = marsad_eval_ner_render(n, MARSAD_EVAL_JSON, NULL);
    json_t *j = json_loads(s, 0, NULL);
    assert_non_null(j);
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(j, "micro"), "fn")), 3);
    json_decref(j);
    marsad_free(s);
    marsad_eval_ner_free(n);
}

static void ner_span_boundaries(void **state) {
    (void)state;
    /* A sentence break ends a span; an I- of another label starts one;
     * -DOCSTART- is a break; CRLF and odd tags are tolerated. */
    const char *gold = "-DOCSTART- O\r\n\r\nX B-LOC\r\n\r\nY I-LOC\r\nZ B-PERS\r\nW I-LOC\r\n"
                       "V IO\r\n";
    marsad_eval_ner *n = ner(gold, gold);
    checkNer(n, "LOC", 3, 0, 0); /* X, Y, W */
    checkNer(n, "PERS", 1, 0, 0);
    assert_int_equal(marsad_eval_ner_bad_tag_count(n), 2); /* V's IO, in both files */
    marsad_eval_ner_free(n);
    /* IOBES read as BIO */
    n = ner("a S-ORG\nb B-ORG\nc E-ORG\n", "a B-ORG\nb B-ORG\nc I-ORG\n");
    checkNer(n, "ORG", 2, 0, 0);
    marsad_eval_ner_free(n);
}

static void expect_ner_error(const char *gold, const char *pred, const char *file, size_t line,
                             const char *part) {
    marsad_error err;
    memset(&err, 0, sizeof err);
    marsad_eval_ner *n =
        marsad_eval_ner_conll(gold, strlen(gold), "g.conll", pred, strlen(pred), "p.conll", &err);
    assert_null(n);
    assert_int_equal(err.code, MARSAD_ERR_PARSE);
    assert_string_equal(err.file, file);
    if (err.line != line) fail_msg("line %zu, want %zu (%s)", err.line, line, err.msg);
    if (!strstr(err.msg, part)) fail_msg("message '%s' lacks '%s'", err.msg, part);
}

static void ner_errors(void **state) {
    (void)state;
    expect_ner_error("a O\nb O\n", "a O\n\nc O\n", "p.conll", 3, "g.conll line 2 has \"b\"");
    expect_ner_error("a O\nb O\n", "a O\n", "p.conll", 1, "ends after 1 tokens");
    expect_ner_error("a O\n", "a O\nb O\n", "p.conll", 2, "past the end");
    expect_ner_error("a O\nb\n", "a O\nb O\n", "g.conll", 2, "a token and a tag");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(largest_overlap_first),
        cmocka_unit_test(tie_goes_to_earlier_prediction),
        cmocka_unit_test(no_overlap_no_match),
        cmocka_unit_test(matching_ignores_type),
        cmocka_unit_test(also_spans_match),
        cmocka_unit_test(also_overlap_beats_smaller_trigger_overlap),
        cmocka_unit_test(tie_between_gold_events_prefers_own_trigger),
        cmocka_unit_test(second_prediction_is_false_positive),
        cmocka_unit_test(sets_of_codes_and_numbers),
        cmocka_unit_test(unmatched_events_count_end_to_end),
        cmocka_unit_test(places_by_span_overlap),
        cmocka_unit_test(date_rules),
        cmocka_unit_test(count_rules),
        cmocka_unit_test(modality_and_source_type),
        cmocka_unit_test(geocoding_distances),
        cmocka_unit_test(haversine_known_distance),
        cmocka_unit_test(no_prediction_is_all_misses),
        cmocka_unit_test(undefined_figures_are_nan),
        cmocka_unit_test(totals_add_up_over_documents),
        cmocka_unit_test(malformed_inputs),
        cmocka_unit_test(doc_id_reader),
        cmocka_unit_test(ner_exact_spans),
        cmocka_unit_test(ner_span_boundaries),
        cmocka_unit_test(ner_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
