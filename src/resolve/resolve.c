/*
 * resolve.c -- turns dictionary matches into actor and place mentions:
 * the document's focus country; actors composed from agent nouns and
 * nationalities or named groups (القوات الأمريكية، مسلحي داعش), dated codes,
 * cues settled by the focus country; places ranked by focus country, the
 * kind of place a cue word names (حي، مدينة، سجن), containment by a nearby
 * place, population and source.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"

/* ---- helpers ---- */

static const kbPayload *payloads(const marsad_doc *d, const marsadMatch *m, size_t *n) {
    const kbNode *node = &d->kb->nodes[m->node];
    *n = node->n_payload;
    return &d->kb->payloads[node->first_payload];
}

static int has_kind(const marsad_doc *d, const marsadMatch *m, uint32_t kind) {
    size_t n;
    const kbPayload *p = payloads(d, m, &n);
    for (size_t i = 0; i < n; i++)
        if (p[i].kind == kind) return 1;
    return 0;
}

static const char *str(const marsad_doc *d, uint32_t off) { return marsadKbStr(d->kb, off); }

static const char *nz(const marsad_doc *d, uint32_t off) {
    const char *s = str(d, off);
    return *s ? s : NULL;
}

static double distance_km(double lat1, double lon1, double lat2, double lon2) {
    const double r = 6371.0, rad = 3.14159265358979323846 / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * r * asin(sqrt(a < 1 ? a : 1));
}

static int feature_in(const char *feature, const char *list) {
    size_t fl = strlen(feature);
    if (!fl) return 0;
    while (*list) {
        size_t n = strcspn(list, "|");
        if (n == fl && strncmp(list, feature, n) == 0) return 1;
        list += n;
        if (*list == '|') list++;
    }
    return 0;
}

static marsad_mention *new_mention(marsad_doc *d, const marsadMatch *m) {
    if (d->n_mentions == d->cap_mentions) {
        size_t cap = d->cap_mentions ? d->cap_mentions * 2 : 32;
        marsad_mention *nm = realloc(d->mentions, cap * sizeof *nm);
        if (!nm) return NULL;
        d->mentions = nm;
        d->cap_mentions = cap;
    }
    marsad_mention *x = &d->mentions[d->n_mentions++];
    memset(x, 0, sizeof *x);
    const marsad_token *a = &d->text->tokens[m->first];
    const marsad_token *z = &d->text->tokens[m->first + m->n - 1];
    x->first_token = m->first;
    x->n_tokens = m->n;
    x->start = a->start;
    x->end = z->end;
    x->text = marsadArenaStrndup(&d->arena, d->text->utf8 + a->byte_start,
                                 z->byte_end - a->byte_start);
    return x->text ? x : NULL;
}

/* "WHY (of N candidates)" in the arena. */
static const char *with_count(marsad_doc *d, const char *why, size_t n) {
    char buf[256];
    snprintf(buf, sizeof buf, "%s (of %zu candidates)", why, n);
    return marsadArenaStrndup(&d->arena, buf, strlen(buf));
}

/* ---- focus country ---- */

static const kbCue *feature_cue_before(const marsad_doc *d, size_t mi);
static int feminine_of_word(const marsad_doc *d, const marsad_token *k);
static int locative_before(const marsad_doc *d, const marsadMatch *m);

static void focus_country(marsad_doc *d) {
    /* votes: a place whose candidates agree on one country, country names
     * and nationality words; countries named outright weigh double */
    char codes[64][4];
    double votes[64];
    size_t first[64];
    size_t n = 0;
    for (size_t i = 0; i < d->n_matches; i++) {
        size_t np;
        const kbPayload *p = payloads(d, &d->matches[i], &np);
        const char *c = NULL;
        double w = 0;
        int agree = 1;
        const marsad_token *k0 = &d->text->tokens[d->matches[i].first];
        int one = d->matches[i].n == 1, kind_before = one && feature_cue_before(d, i);
        /* وفي 'and in' is no vote for Alofi (الوفی), nor بن for a place
         * in Iran; مدينة هيت، محافظة إب are (a kind word before) */
        if (one && k0->function_word && !kind_before) continue;
        int common = one && !kind_before && (k0->lexicon == 1 || feminine_of_word(d, k0)) &&
                     !(k0->proclitics & MARSAD_CL_AL) && !locative_before(d, &d->matches[i]);
        for (size_t k = 0; k < np && agree; k++) {
            const char *cc = NULL;
            double ww = 1;
            if (p[k].kind == KP_PLACE) {
                const kbPlace *pl = &d->kb->places[p[k].index];
                /* أدى إلى، وسط رصد: a word of the language that is also a
                 * town's name votes only where it is used as a name (with
                 * the article, a preposition or a kind word) */
                if (common && pl->resolution != 1) continue;
                cc = pl->country;
                if (pl->resolution == 1) ww = 2;
            } else if (p[k].kind == KP_NATION && d->kb->nations[p[k].index].kind != 3) {
                cc = d->kb->nations[p[k].index].iso3;
                ww = d->kb->nations[p[k].index].kind == 1 ? 2 : 1;
            } else {
                continue;
            }
            if (!cc[0]) continue;
            if (c && strcmp(c, cc) != 0) agree = 0;
            c = cc;
            if (ww > w) w = ww;
        }
        if (!c || !agree) continue;
        size_t j;
        for (j = 0; j < n; j++)
            if (strcmp(codes[j], c) == 0) break;
        if (j == n) {
            if (n == 64) continue;
            memcpy(codes[n], c, 4);
            votes[n] = 0;
            first[n] = i;
            n++;
        }
        votes[j] += w;
    }
    size_t best = n;
    for (size_t j = 0; j < n; j++)
        if (best == n || votes[j] > votes[best] ||
            (votes[j] == votes[best] && first[j] < first[best]))
            best = j;
    if (best < n) memcpy(d->focus, codes[best], 4);
}

/* ---- actors ---- */

static void set_actor_from_row(marsad_doc *d, marsad_mention *x, const kbActor *a) {
    x->kind = MARSAD_MENTION_ACTOR;
    x->resolved = 1;
    x->actor.code = str(d, a->code);
    x->actor.name = nz(d, a->name_en);
    x->actor.country = a->country[0] ? a->country : NULL;
    x->actor.sector = a->sector[0] ? a->sector : NULL;
}

/* The best actor row of a match: a row whose dates hold on the publication
 * date beats an undated one; among undated rows the project's own
 * (ACTOR_CODES, curated) beat derived ones. */
static const char *nul_if_empty_r(const char *s) { return s && *s ? s : NULL; }

static const kbActor *pick_actor(const marsad_doc *d, const marsadMatch *m) {
    size_t np;
    const kbPayload *p = payloads(d, m, &np);
    const kbActor *best = NULL;
    int best_score = -1;
    for (size_t k = 0; k < np; k++) {
        if (p[k].kind != KP_ACTOR) continue;
        const kbActor *a = &d->kb->actors[p[k].index];
        int score = 0;
        if (a->date_from || a->date_to) {
            if (!d->published) continue;
            if (a->date_from && d->published < a->date_from) continue;
            if (a->date_to && d->published > a->date_to) continue;
            score = 4;
        }
        const char *src = str(d, a->source);
        if (strstr(src, "ACTOR_CODES")) score += 3;
        else if (strstr(src, "curated")) score += 2;
        if (score > best_score) {
            best_score = score;
            best = a;
        }
    }
    return best;
}

static const kbCue *pick_cue(const marsad_doc *d, const marsadMatch *m, uint32_t kind) {
    size_t np;
    const kbPayload *p = payloads(d, m, &np);
    const kbCue *any = NULL;
    for (size_t k = 0; k < np; k++) {
        if (p[k].kind != KP_CUE) continue;
        const kbCue *q = &d->kb->cues[p[k].index];
        if (q->kind != kind) continue;
        if (kind != KC_ACTOR) return q;
        if (d->focus[0] && strcmp(q->focus, d->focus) == 0) return q;
        if (strcmp(q->focus, "*") == 0 && !any) any = q;
    }
    return any;
}

/* Whether a match starting at token i is a kind word (a feature cue:
 * مدينة، محافظتي). */
static int kind_word_at(const marsad_doc *d, size_t i) {
    for (size_t mi = 0; mi < d->n_matches; mi++)
        if (d->matches[mi].first == i && pick_cue(d, &d->matches[mi], KC_FEATURE)) return 1;
    return 0;
}

static const kbAgent *pick_agent(const marsad_doc *d, const marsadMatch *m) {
    size_t np;
    const kbPayload *p = payloads(d, m, &np);
    for (size_t k = 0; k < np; k++)
        if (p[k].kind == KP_AGENT) return &d->kb->agents[p[k].index];
    return NULL;
}

static const char *nation_of(const marsad_doc *d, const marsadMatch *m) {
    size_t np;
    const kbPayload *p = payloads(d, m, &np);
    for (size_t k = 0; k < np; k++) {
        if (p[k].kind == KP_NATION && d->kb->nations[p[k].index].kind != 3 &&
            d->kb->nations[p[k].index].iso3[0])
            return d->kb->nations[p[k].index].iso3;
        if (p[k].kind == KP_PLACE && d->kb->places[p[k].index].resolution == 1)
            return d->kb->places[p[k].index].country;
    }
    return NULL;
}

/* Builds ISO3+sector codes in the arena. */
static const char *code_of(marsad_doc *d, const char *iso3, const char *sector) {
    char buf[16];
    snprintf(buf, sizeof buf, "%s%s", iso3, sector);
    return marsadArenaStrndup(&d->arena, buf, strlen(buf));
}

/* Index of the next match after m if it follows m directly (only quotes
 * and brackets between), else -1. */
static long next_adjacent(const marsad_doc *d, size_t mi) {
    if (mi + 1 >= d->n_matches) return -1;
    const marsadMatch *m = &d->matches[mi], *n = &d->matches[mi + 1];
    const marsad_text *t = d->text;
    for (size_t k = m->first + m->n; k < n->first; k++) {
        const marsad_token *tok = &t->tokens[k];
        /* 750 إرهابيا من “داعش”: the partitive من joins an agent to its group */
        if (k == m->first + m->n && tok->kind == MARSAD_TOK_WORD && !strcmp(tok->stem, "من") &&
            pick_actor(d, n))
            continue;
        if (tok->kind != MARSAD_TOK_PUNCT) return -1;
        if (!(tok->punct == MARSAD_PUNCT_QUOTE || tok->punct == MARSAD_PUNCT_QUOTE_OPEN ||
              tok->punct == MARSAD_PUNCT_QUOTE_CLOSE || tok->punct == MARSAD_PUNCT_OPEN))
            return -1;
    }
    if (t->tokens[n->first].sentence != t->tokens[m->first].sentence) return -1;
    return (long)(mi + 1);
}

/* ---- places ---- */

static const kbPlace *place_cand(const marsad_doc *d, const kbPayload *p) {
    return p->kind == KP_PLACE ? &d->kb->places[p->index] : NULL;
}

/* The feature cue in the two tokens before match m, if any. */
static const kbCue *feature_cue_before(const marsad_doc *d, size_t mi) {
    const marsadMatch *m = &d->matches[mi];
    if (mi == 0) return NULL;
    const marsadMatch *pm = &d->matches[mi - 1];
    if (pm->first + pm->n + 1 < m->first) return NULL; /* at most one token between */
    for (size_t k = pm->first + pm->n; k < m->first; k++)
        if (d->text->tokens[k].kind != MARSAD_TOK_PUNCT) return NULL;
    return pick_cue(d, pm, KC_FEATURE);
}

static const kbCue *direction_before(const marsad_doc *d, size_t mi) {
    const marsadMatch *m = &d->matches[mi];
    for (size_t back = 1; back <= 2 && back <= mi; back++) {
        const marsadMatch *pm = &d->matches[mi - back];
        if (pm->first + pm->n + 1 < m->first) return NULL;
        const kbCue *q = pick_cue(d, pm, KC_DIRECTION);
        if (q) return q;
        if (!pick_cue(d, pm, KC_FEATURE)) return NULL; /* شرق مدينة X: skip the feature cue */
    }
    return NULL;
}

static double score_place(const marsad_doc *d, size_t mi, const kbPlace *c, const kbCue *cue,
                          const char **why) {
    double s = 0;
    *why = "gazetteer";
    if (c->has_coords) s += 1;
    if (d->focus[0] && strcmp(c->country, d->focus) == 0) {
        s += 3;
        *why = "focus country";
    }
    const char *feature = str(d, c->feature);
    if (cue && feature_in(feature, str(d, cue->value))) {
        s += 4;
        *why = "cue word names its kind";
    }
    if (strcmp(feature, "city") == 0) s += 1;
    else if (strcmp(feature, "governorate") == 0) s += 0.6;
    else if (strcmp(feature, "country") == 0) s += 0.8;
    if (c->curated) s += 0.5;
    if (c->population) s += fmin(2.0, log10((double)c->population + 1) / 3.0);
    /* containment: a place named just after (حي غويران جنوب مدينة الحسكة,
     * في بلدة X بريف Y) or just before lies near a candidate */
    for (int dir = -1; dir <= 1; dir += 2) {
        long oi = (long)mi + dir;
        for (int steps = 0; steps < 3 && oi >= 0 && (size_t)oi < d->n_matches;
             steps++, oi += dir) {
            const marsadMatch *o = &d->matches[oi];
            size_t gap = dir > 0 ? o->first - (d->matches[mi].first + d->matches[mi].n)
                                 : d->matches[mi].first - (o->first + o->n);
            if (gap > 3 || d->text->tokens[o->first].sentence !=
                               d->text->tokens[d->matches[mi].first].sentence)
                break;
            size_t np;
            const kbPayload *p = payloads(d, o, &np);
            int near = 0;
            for (size_t k = 0; k < np && !near; k++) {
                const kbPlace *q = place_cand(d, &p[k]);
                if (!q || q == c || !q->has_coords || !c->has_coords) continue;
                double km = distance_km(c->lat, c->lon, q->lat, q->lon);
                double lim = q->resolution <= 2 || c->resolution <= 2 ? 150 : 40;
                if (km < lim && q->resolution != 1) near = 1;
            }
            if (near) {
                s += 3;
                *why = "near a place named beside it";
                break;
            }
        }
    }
    return s;
}

/* Words that are also place names (رصد، عبر، قدم، الصف) are places only
 * with support: a cue word before them, or a big place, or a locative
 * preposition and the focus country. */
/* An indefinite feminine form the lexicon lists only in the masculine
 * (مواقع جديدة of جديد): a common word too; with the article it may well be
 * a name (الحسكة). */
static int feminine_of_word(const marsad_doc *d, const marsad_token *k) {
    size_t n = strlen(k->stem);
    if (k->proclitics & MARSAD_CL_AL) return 0;
    if (n < 6 || memcmp(k->stem + n - 2, "ه", 2) != 0) return 0;
    return marsadKbWordKind(d->kb, k->stem, n - 2) == 1;
}

/* Whether the one-word match m is used as a place name: a locative
 * preposition or a kind word before it (في، من، قرب، مدينة), or ب with the
 * article (بالبيضاء; بدرجة، بشكل، بصورة: ب on a common word without the
 * article is an adverb far more often than a place). */
static int locative_before(const marsad_doc *d, const marsadMatch *m) {
    const marsad_token *k = &d->text->tokens[m->first];
    if ((k->proclitics & MARSAD_CL_BI) && (k->proclitics & MARSAD_CL_AL)) return 1;
    if (m->first == 0) return 0;
    const marsad_token *p = &d->text->tokens[m->first - 1];
    /* not على: على صعيد، على مستوى، على طريق are idioms */
    static const char *const preps[] = {"في", "من", "الي", "نحو", "باتجاه", "قرب",
                                        "مدينه", "بلده", "قريه", "حي"};
    for (size_t i = 0; i < sizeof preps / sizeof *preps; i++)
        if (strcmp(p->stem, preps[i]) == 0) return 1;
    return 0;
}

static int common_word_ok(const marsad_doc *d, size_t mi, const kbPlace *c) {
    const marsadMatch *m = &d->matches[mi];
    if (m->n > 1) return 1;
    const marsad_token *k = &d->text->tokens[m->first];
    if (k->function_word) return 0;
    int focus = d->focus[0] && strcmp(c->country, d->focus) == 0;
    /* a minor place abroad named by one word, with nothing to support it */
    if (d->focus[0] && !focus && c->population < 100000 && c->resolution > 2 && !c->curated &&
        !feature_cue_before(d, mi))
        return 0;
    if (k->lexicon != 1 && !feminine_of_word(d, k)) return 1;
    /* حيي غويران والزهور: a place joined by و to the place before it */
    const marsad_mention *last = NULL;
    for (size_t i = d->n_mentions; i-- > 0;)
        if (d->mentions[i].first_token < m->first) {
            last = &d->mentions[i];
            break;
        }
    if ((k->proclitics & MARSAD_CL_WA) && mi > 0 && last) {
        const marsadMatch *pm = &d->matches[mi - 1];
        if (pm->first + pm->n == m->first && last->kind == MARSAD_MENTION_PLACE &&
            last->first_token == pm->first && last->place.feature &&
            strcmp(last->place.feature, str(d, c->feature)) == 0)
            return 1;
    }
    if (pick_cue(d, m, KC_FEATURE)) return 0; /* مدينة، سجن are cue words, not places */
    if (feature_cue_before(d, mi)) return 1;
    /* جنوب غرب مأرب: a direction relates a place to a place */
    if (focus && direction_before(d, mi)) return 1;
    if ((c->population >= 100000 && focus) || c->population >= 1000000 || c->resolution == 1)
        return 1;
    /* في مأرب: a locative preposition before a name of the focus country;
     * with the article (من السجن) only a sizeable place */
    return locative_before(d, m) && focus && (!(k->proclitics & MARSAD_CL_AL) || c->population >= 20000);
}

static int resolve_place(marsad_doc *d, size_t mi, marsad_mention *x) {
    const marsadMatch *m = &d->matches[mi];
    size_t np;
    const kbPayload *p = payloads(d, m, &np);
    const kbCue *cue = feature_cue_before(d, mi);
    const kbPlace *best = NULL;
    double best_s = -1;
    const char *best_why = NULL;
    size_t ncand = 0;
    for (size_t k = 0; k < np; k++) {
        const kbPlace *c = place_cand(d, &p[k]);
        if (!c || !common_word_ok(d, mi, c)) continue;
        ncand++;
        const char *why;
        double s = score_place(d, mi, c, cue, &why);
        if (s > best_s) {
            best_s = s;
            best = c;
            best_why = why;
        }
    }
    if (!best) return 0;
    x->kind = MARSAD_MENTION_PLACE;
    x->resolved = 1;
    x->place.place_id = str(d, best->id);
    x->place.geonameid = best->geonameid;
    x->place.name = nz(d, best->name_en);
    x->place.name_ar = nz(d, best->name_ar);
    x->place.lat = best->lat;
    x->place.lon = best->lon;
    x->place.has_coords = best->has_coords;
    x->place.country = best->country[0] ? best->country : NULL;
    x->place.admin1 = nz(d, best->admin1);
    x->place.feature = nz(d, best->feature);
    x->place.resolution = best->resolution;
    const kbCue *dir = direction_before(d, mi);
    if (dir) x->relation = str(d, dir->value);
    x->reason = ncand > 1 ? with_count(d, best_why, ncand) : "only candidate";
    return 1;
}

/* ---- the pass ---- */

int marsadResolve(marsad_doc *d) {
    focus_country(d);
    for (size_t mi = 0; mi < d->n_matches; mi++) {
        marsadMatch *m = &d->matches[mi];
        const kbActor *actor = pick_actor(d, m);
        const kbAgent *agent = pick_agent(d, m);
        const kbCue *actor_cue = pick_cue(d, m, KC_ACTOR);
        int is_place = has_kind(d, m, KP_PLACE);
        /* named actors of the project's own list win over places; derived
         * (UniversalPetrarch) actor aliases lose to a gazetteer entry */
        if (actor && (!is_place || !strstr(str(d, actor->source), "UniversalPetrarch"))) {
            /* a following nationality does not change a named actor */
            marsad_mention *x = new_mention(d, m);
            if (!x) return -1;
            set_actor_from_row(d, x, actor);
            x->reason = "actor dictionary";
            continue;
        }
        if (m->n == 1 && d->text->tokens[m->first].function_word) continue;
        if (agent && !actor_cue && m->n == 1 && m->first > 0) {
            /* التنظيم الإرهابي: a definite agent word after a definite noun
             * is an adjective, not an actor */
            const marsad_token *k = &d->text->tokens[m->first];
            const marsad_token *p = &d->text->tokens[m->first - 1];
            if ((k->proclitics & MARSAD_CL_AL) && (p->proclitics & MARSAD_CL_AL) &&
                p->kind == MARSAD_TOK_WORD)
                agent = NULL;
        }
        /* منطقة القاعدة، حي المقاومة: a context word right after a place cue
         * names the place */
        if (actor_cue && !agent && m->n == 1 && feature_cue_before(d, mi)) continue;
        /* القاعدة after قاعدة العند was named: the base, not al-Qaeda (a word
         * that is both an actor cue and a place cue refers back to a place
         * of its kind named with it) */
        if (actor_cue && !agent && m->n == 1 && (d->text->tokens[m->first].proclitics & MARSAD_CL_AL)) {
            const kbCue *fc = pick_cue(d, m, KC_FEATURE);
            int named_before = 0;
            for (size_t q = 0; fc && q < mi && !named_before; q++) {
                const marsadMatch *pm = &d->matches[q];
                const marsad_token *pk = &d->text->tokens[pm->first];
                named_before = pm->n > 1 && !(pk->proclitics & MARSAD_CL_AL) &&
                               !strcmp(pk->stem, d->text->tokens[m->first].stem) &&
                               (pick_cue(d, pm, KC_FEATURE) == fc || has_kind(d, pm, KP_PLACE));
            }
            if (named_before) continue;
        }
        if (agent || actor_cue) {
            long ni = next_adjacent(d, mi);
            const marsadMatch *nm = ni >= 0 ? &d->matches[ni] : NULL;
            const kbActor *named = nm ? pick_actor(d, nm) : NULL;
            const char *nat = nm ? nation_of(d, nm) : NULL;
            if (agent && named) { /* مسلحي داعش، عناصر قسد */
                marsadMatch span = {m->first, nm->first + nm->n - m->first, m->node};
                marsad_mention *x = new_mention(d, &span);
                if (!x) return -1;
                set_actor_from_row(d, x, named);
                x->reason = "agent noun + named actor";
                /* قوات الشرعية، قوات الحكومة: a government's forces are its
                 * military */
                if (!strcmp(agent->sector, "MIL") && named->sector[0] && !strcmp(named->sector, "GOV") &&
                    named->country[0]) {
                    x->actor.code = code_of(d, named->country, "MIL");
                    x->actor.country = named->country;
                    x->actor.sector = "MIL";
                    x->actor.name = NULL;
                    x->reason = "forces of a government: its military";
                }
                mi = (size_t)ni;
                continue;
            }
            if (agent && nat && agent->sector[0] && strcmp(agent->sector, "UNK") != 0) {
                /* القوات الأمريكية، الجيش العراقي */
                marsadMatch span = {m->first, nm->first + nm->n - m->first, m->node};
                marsad_mention *x = new_mention(d, &span);
                if (!x) return -1;
                x->kind = MARSAD_MENTION_ACTOR;
                x->resolved = 1;
                x->actor.code = code_of(d, nat, agent->sector);
                x->actor.country = nat;
                x->actor.sector = agent->sector;
                x->reason = "agent noun + nationality";
                mi = (size_t)ni;
                continue;
            }
            if (actor_cue && m->n == 1 && strncmp(str(d, actor_cue->term), "ال", 4) == 0 &&
                !(d->text->tokens[m->first].proclitics & MARSAD_CL_AL))
                actor_cue = NULL; /* قاعدة (a base) is not القاعدة */
            if (actor_cue && (d->focus[0] || !strstr(str(d, actor_cue->value), "{FOCUS}"))) {
                marsad_mention *x = new_mention(d, m);
                if (!x) return -1;
                const char *v = str(d, actor_cue->value);
                const char *f = strstr(v, "{FOCUS}");
                x->kind = MARSAD_MENTION_ACTOR;
                x->resolved = 1;
                if (f) {
                    x->actor.code = code_of(d, d->focus, f + strlen("{FOCUS}"));
                    x->actor.country = d->focus;
                    x->actor.sector = f + strlen("{FOCUS}");
                } else {
                    x->actor.code = v;
                    /* the name, sector and country of the code's own entry */
                    for (size_t q = 0; q < d->kb->n_actors; q++) {
                        const kbActor *a = &d->kb->actors[q];
                        if (strcmp(str(d, a->code), v) != 0) continue;
                        x->actor.name = nul_if_empty_r(str(d, a->name_en));
                        x->actor.sector = a->sector[0] ? a->sector : NULL;
                        x->actor.country = a->country[0] ? a->country : NULL;
                        if (strstr(str(d, a->source), "ACTOR_CODES")) break;
                    }
                }
                x->reason = "context word, by the focus country";
                continue;
            }
            if (agent && d->focus[0] && agent->sector[0] && strcmp(agent->sector, "UNK") != 0 &&
                !is_place) {
                /* مسلحين: armed men of the focus country */
                marsad_mention *x = new_mention(d, m);
                if (!x) return -1;
                x->kind = MARSAD_MENTION_ACTOR;
                x->resolved = 1;
                x->actor.code = code_of(d, d->focus, agent->sector);
                x->actor.country = d->focus;
                x->actor.sector = agent->sector;
                x->reason = "agent noun, focus country";
                continue;
            }
        }
        if (is_place) {
            marsad_mention *x = new_mention(d, m);
            if (!x) return -1;
            if (!resolve_place(d, mi, x)) d->n_mentions--; /* a common word, not a place */
            continue;
        }
    }
    return 0;
}

/* ---- names the gazetteer lacks ---- */

static int token_is_name_part(const marsad_token *k, int first) {
    /* الطاش الأول، شارع الثلاثين */
    if (k->kind == MARSAD_TOK_NUMBER) return !first || k->is_number_word;
    if (k->kind != MARSAD_TOK_WORD || k->function_word) return 0;
    /* a name: an unknown word, a name, or a word with the article (الجفينة);
     * a common word with a preposition (بزعم) is not */
    if (k->proclitics & (MARSAD_CL_BI | MARSAD_CL_LI | MARSAD_CL_KA | MARSAD_CL_SA)) return 0;
    /* مناطق سيطرتهم: a pronoun ends a common noun, never a name */
    if (k->enclitic && *k->enclitic && k->lexicon == 1) return 0;
    /* مناطق متفرقة، مناطق واقعة: an indefinite common word in ة after the
     * cue is an adjective */
    if (first && k->lexicon == 1 && !(k->proclitics & MARSAD_CL_AL)) {
        size_t n = strlen(k->norm);
        return !(n >= 2 && !strcmp(k->norm + n - 2, "ه")); /* هبهب، منيف */
    }
    return k->lexicon != 1 || (k->proclitics & MARSAD_CL_AL);
}

static int add_unresolved(marsad_doc *d, size_t first, size_t n, const char *why) {
    marsadMatch span = {first, n, 0};
    marsad_mention *x = new_mention(d, &span);
    if (!x) return -1;
    x->kind = MARSAD_MENTION_PLACE;
    x->resolved = 0;
    x->reason = why;
    return 0;
}

static int by_start(const void *a, const void *b) {
    const marsad_mention *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* A name after a cue word (حي اليرموك، ناحية هبهب، جبل منيف) or an unknown
 * word after a locative preposition (في الجفينة) is a place the gazetteer
 * lacks: its span is kept, its coordinates stay null. */
static int unresolved_places(marsad_doc *d) {
    const marsad_text *t = d->text;
    uint8_t *covered = calloc(t->ntok ? t->ntok : 1, 1);
    if (!covered) return -1;
    for (size_t i = 0; i < d->n_mentions; i++)
        for (size_t k = 0; k < d->mentions[i].n_tokens; k++)
            covered[d->mentions[i].first_token + k] = 1;
    int rc = 0;
    for (size_t mi = 0; mi < d->n_matches && !rc; mi++) {
        const marsadMatch *m = &d->matches[mi];
        /* تلك (تل + ك as a segmentation) is a demonstrative, not a hill */
        const kbCue *fc = pick_cue(d, m, KC_FEATURE);
        if (!fc || covered[m->first] ||
            (m->n == 1 && t->tokens[m->first].function_word && strcmp(t->tokens[m->first].stem, str(d, fc->term)) != 0))
            continue;
        /* a name follows a cue in the construct state: السجن (definite) is
         * "the prison", not the start of a name -- it refers back to the
         * last place of its kind named before (the anaphora of news) */
        if (t->tokens[m->first].proclitics & MARSAD_CL_AL) {
            const kbCue *cue = pick_cue(d, m, KC_FEATURE);
            size_t nm = d->n_mentions;
            /* the nearest one before (the array is not in text order yet:
             * names found above are appended) */
            const marsad_mention *near = NULL;
            for (size_t q = 0; q < nm; q++) {
                const marsad_mention *p = &d->mentions[q];
                if (p->first_token >= m->first || (near && p->first_token <= near->first_token))
                    continue;
                if (p->kind != MARSAD_MENTION_PLACE || !p->resolved || !p->place.feature) continue;
                if (!feature_in(p->place.feature, str(d, cue->value))) continue;
                if (t->tokens[p->first_token].sentence + 3 < t->tokens[m->first].sentence) continue;
                near = p;
            }
            for (const marsad_mention *p = near; p; p = NULL) {
                marsad_place copy = p->place;
                marsad_mention *x = new_mention(d, m);
                if (!x) {
                    rc = -1;
                    break;
                }
                x->kind = MARSAD_MENTION_PLACE;
                x->resolved = 1;
                x->place = copy;
                x->reason = "refers to the place of this kind named before";
                covered[m->first] = 1;
                break;
            }
            continue;
        }
        size_t j = m->first + m->n, n = 0;
        while (j < t->ntok && t->tokens[j].kind == MARSAD_TOK_PUNCT &&
               (t->tokens[j].punct == MARSAD_PUNCT_QUOTE ||
                t->tokens[j].punct == MARSAD_PUNCT_QUOTE_OPEN) &&
               j < m->first + m->n + 1)
            j++; /* جبهة "عكد"، منطقة « ذيمرين» */
        while (j + n < t->ntok && n < 3 && !covered[j + n] &&
               t->tokens[j + n].sentence == t->tokens[m->first].sentence &&
               token_is_name_part(&t->tokens[j + n], n == 0)) {
            /* stop at another cue word; a direction first (عاصمة الجنوب،
             * مدن الشمال) describes a region, it does not name a place */
            int cue = 0;
            for (size_t q = mi + 1; q < d->n_matches && d->matches[q].first <= j + n; q++)
                if (d->matches[q].first == j + n &&
                    (pick_cue(d, &d->matches[q], KC_FEATURE) || (n == 0 && pick_cue(d, &d->matches[q], KC_DIRECTION))))
                    cue = 1;
            if (cue) break;
            n++;
        }
        if (n == 0) continue;

        rc = add_unresolved(d, m->first, j + n - m->first, "name after a cue word (not in the gazetteer)");
        for (size_t k = m->first; k < j + n; k++) covered[k] = 1;
    }
    /* not من: partitive "of" far more often than "from" */
    static const char *const preps[] = {"في", "الي", "علي", "نحو", "باتجاه", "قرب"};
    for (size_t i = 1; i < t->ntok && !rc; i++) {
        const marsad_token *k = &t->tokens[i], *p = &t->tokens[i - 1];
        if (covered[i] || k->kind != MARSAD_TOK_WORD || k->function_word ||
            p->sentence != k->sentence)
            continue;
        /* a word followed by a direction and a known place: المخدرة غربي مأرب */
        int before_direction = 0;
        for (size_t mi = 0; mi + 1 < d->n_matches; mi++) {
            const marsadMatch *m = &d->matches[mi];
            if (m->first != i + 1 || !pick_cue(d, m, KC_DIRECTION)) continue;
            const marsadMatch *n = &d->matches[mi + 1];
            if (n->first == m->first + m->n && has_kind(d, n, KP_PLACE)) before_direction = 1;
        }
        if (k->lexicon != 0 && !before_direction) continue;
        /* مدينتي، محافظتي: a kind word the lexicon lacks is not a name */
        if (kind_word_at(d, i)) continue;
        int loc = 0;
        for (size_t q = 0; q < sizeof preps / sizeof *preps; q++)
            if (p->kind == MARSAD_TOK_WORD && strcmp(p->stem, preps[q]) == 0) loc = 1;
        if (!loc) continue;
        rc = add_unresolved(d, i, 1, "unknown name after a locative preposition");
        covered[i] = 1;
    }
    free(covered);
    if (!rc && d->n_mentions > 1) qsort(d->mentions, d->n_mentions, sizeof *d->mentions, by_start);
    return rc;
}

/* ---- two-word names ---- */

/* قرية قصر البريج: two adjacent words that each match a place, the two far
 * apart (a town in Algeria, a camp in Gaza), are one name the gazetteer
 * lacks, not two places. */
static int split_name_pairs(marsad_doc *d) {
    for (size_t i = 0; i + 1 < d->n_mentions; i++) {
        marsad_mention *a = &d->mentions[i], *b = &d->mentions[i + 1];
        if (a->kind != MARSAD_MENTION_PLACE || b->kind != MARSAD_MENTION_PLACE || !a->resolved ||
            a->first_token + a->n_tokens != b->first_token || a->relation || b->relation)
            continue;
        const marsad_token *bt = &d->text->tokens[b->first_token];
        if (bt->proclitics & (MARSAD_CL_WA | MARSAD_CL_FA | MARSAD_CL_BI | MARSAD_CL_LI)) continue;
        int far;
        if (b->resolved) {
            /* حلب السورية: a country after a place (its adjective) names
             * where the place is, not the rest of one name */
            if (b->place.resolution == 1) continue;
            if (!a->place.has_coords || !b->place.has_coords) continue;
            far = distance_km(a->place.lat, a->place.lon, b->place.lat, b->place.lon) > 100;
        } else {
            /* a one-word place abroad before a name the gazetteer lacks */
            far = a->n_tokens == 1 && d->focus[0] && a->place.country &&
                  strcmp(a->place.country, d->focus) != 0 && a->place.resolution > 2;
        }
        if (!far) continue;
        marsad_mention merged;
        memset(&merged, 0, sizeof merged);
        merged.kind = MARSAD_MENTION_PLACE;
        merged.first_token = a->first_token;
        merged.n_tokens = a->n_tokens + b->n_tokens;
        merged.start = a->start;
        merged.end = b->end;
        const marsad_token *ft = &d->text->tokens[a->first_token];
        const marsad_token *lt = &d->text->tokens[b->first_token + b->n_tokens - 1];
        merged.text = marsadArenaStrndup(&d->arena, d->text->utf8 + ft->byte_start, lt->byte_end - ft->byte_start);
        if (!merged.text) return -1;
        merged.reason = "two words naming places far apart: one name not in the gazetteer";
        *a = merged;
        memmove(b, b + 1, (d->n_mentions - i - 2) * sizeof *b);
        d->n_mentions--;
    }
    return 0;
}

/* ---- coordinated parties ---- */

/* ميليشيات الحوثي وصالح، قوات النظام وحلفائه: a word joined by و right after
 * a party is a party too when the dictionaries know it with that party's head
 * noun or with قوات (قوات صالح): the head is shared by the coordination. */
static int coordinated_actors(marsad_doc *d) {
    const marsad_text *t = d->text;
    size_t nm = d->n_mentions;
    int added = 0;
    for (size_t q = 0; q < nm; q++) {
        const marsad_mention *prev = &d->mentions[q];
        if (prev->kind != MARSAD_MENTION_ACTOR || !prev->actor.code) continue;
        size_t i = prev->first_token + prev->n_tokens;
        if (i >= t->ntok) continue;
        const marsad_token *k = &t->tokens[i];
        if (k->kind != MARSAD_TOK_WORD || !(k->proclitics & MARSAD_CL_WA) || k->sentence != t->tokens[prev->first_token].sentence)
            continue;
        int covered = 0;
        for (size_t r = 0; r < d->n_mentions; r++) {
            const marsad_mention *o = &d->mentions[r];
            if (i >= o->first_token && i < o->first_token + o->n_tokens && (o->kind == MARSAD_MENTION_PLACE || o->actor.code))
                covered = 1;
        }
        if (covered) continue;
        const char *heads[2] = {t->tokens[prev->first_token].stem, "قوات"};
        for (size_t h = 0; h < 2; h++) {
            uint32_t n1 = marsadKbChild(d->kb, 0, heads[h], strlen(heads[h]));
            uint32_t n2 = n1 ? marsadKbChild(d->kb, n1, k->stem, strlen(k->stem)) : 0;
            if (!n2 || prev->n_tokens < 1) continue;
            marsadMatch span = {i, 1, n2};
            const kbActor *a = pick_actor(d, &span);
            if (!a || !strcmp(str(d, a->code), prev->actor.code)) continue;
            marsad_mention *x = new_mention(d, &span);
            if (!x) return -1;
            set_actor_from_row(d, x, a);
            x->reason = "joined by و to a party: shares its head noun";
            prev = &d->mentions[q]; /* new_mention may move the array */
            added = 1;
            break;
        }
    }
    if (added) qsort(d->mentions, d->n_mentions, sizeof *d->mentions, by_start);
    return 0;
}

/* ---- names the statistical tagger finds (src/ner) ---- */

extern const unsigned char marsadBuiltinNer[];
extern const size_t marsadBuiltinNerLen;
static marsad_ner_model *builtin_ner;
static pthread_once_t ner_once = PTHREAD_ONCE_INIT;

static void load_ner(void) {
    if (marsadBuiltinNerLen) builtin_ner = marsad_ner_model_load_mem(marsadBuiltinNer, marsadBuiltinNerLen, NULL);
}

const marsad_ner_model *marsad_ner_model_builtin(void) {
    pthread_once(&ner_once, load_ner);
    return builtin_ner;
}

/* The tagger's PERS, ORG and LOC names label the mentions they overlap;
 * the others become mentions of their own, unresolved (no code, no
 * coordinates): names no dictionary lists still reach the record. */
static int ner_mentions(marsad_doc *d) {
    pthread_once(&ner_once, load_ner);
    if (!builtin_ner) return 0;
    marsad_ner_entity *ents = NULL;
    size_t n = 0;
    if (marsad_ner_tag_text(builtin_ner, d->text, NULL, &ents, &n, NULL)) return 0;
    size_t before = d->n_mentions;
    for (size_t i = 0; i < n; i++) {
        const marsad_ner_entity *e = &ents[i];
        const char *label = marsad_ner_label_name(e->label);
        int overlap = 0;
        for (size_t q = 0; q < before; q++) {
            marsad_mention *m = &d->mentions[q];
            if (m->start < e->end && e->start < m->end) {
                overlap = 1;
                if (!m->label) m->label = label;
            }
        }
        if (overlap || e->label == MARSAD_NER_MISC || e->n_tokens == 0) continue;
        /* محافظتي alone: a kind word the tagger took for a place's name */
        if (e->n_tokens == 1 && kind_word_at(d, e->first_token)) continue;
        marsadMatch span = {e->first_token, e->n_tokens, 0};
        marsad_mention *x = new_mention(d, &span);
        if (!x) {
            marsad_free(ents);
            return -1;
        }
        /* وحي الصاخور، مدينة X: a name the tagger took for an
         * organisation or a person is a place when a kind word begins it */
        int place = e->label == MARSAD_NER_LOC || (e->n_tokens > 1 && kind_word_at(d, e->first_token));
        x->kind = place ? MARSAD_MENTION_PLACE : MARSAD_MENTION_ACTOR;
        x->resolved = 0;
        x->label = place ? marsad_ner_label_name(MARSAD_NER_LOC) : label;
        x->reason = place ? "name tagger: a place not in the gazetteer" : "name tagger: a name not in the dictionaries";
    }
    marsad_free(ents);
    if (d->n_mentions > before) qsort(d->mentions, d->n_mentions, sizeof *d->mentions, by_start);
    return 0;
}

/* ---- the document ---- */

static const char *dup_opt(marsad_doc *d, const char *s) {
    return s ? marsadArenaStrndup(&d->arena, s, strlen(s)) : NULL;
}

marsad_doc *marsad_doc_new(const marsad_kb *kb, const marsad_doc_input *in, marsad_error *err) {
    if (!in || (!in->text && in->len)) {
        marsadErrorSet(err, MARSAD_ERR_ARG, NULL, 0, "no document given");
        return NULL;
    }
    if (!kb) kb = marsadBuiltinKb(err);
    if (!kb) return NULL;
    marsad_doc *d = calloc(1, sizeof *d);
    if (!d) {
        marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    d->kb = kb;
    marsadArenaInit(&d->arena);
    d->text = marsad_text_new(kb, in->text ? in->text : "", in->len, NULL, err);
    if (!d->text) {
        marsad_doc_free(d);
        return NULL;
    }
    if (d->text->ntok > MARSAD_MAX_ANALYSIS_TOKENS) {
        marsadErrorSet(err, MARSAD_ERR_LIMIT, NULL, 0,
                       "document of %zu tokens exceeds the limit MARSAD_MAX_ANALYSIS_TOKENS (%zu)",
                       d->text->ntok, (size_t)MARSAD_MAX_ANALYSIS_TOKENS);
        marsad_doc_free(d);
        return NULL;
    }
    d->in.id = dup_opt(d, in->id);
    d->in.published = dup_opt(d, in->published);
    d->in.outlet = dup_opt(d, in->outlet);
    d->in.url = dup_opt(d, in->url);
    d->in.title = dup_opt(d, in->title);
    d->in.text = d->text->utf8;
    d->in.len = d->text->len;
    if (in->published) {
        int y, mo, da;
        if (sscanf(in->published, "%d-%d-%d", &y, &mo, &da) == 3 && y >= 1 && y <= 9999 &&
            mo >= 1 && mo <= 12 && da >= 1 && da <= 31) /* else unknown, like none */
            d->published = (uint32_t)(y * 10000 + mo * 100 + da);
    }
    if (marsadMatchTokens(d) || marsadResolve(d) || unresolved_places(d) || ner_mentions(d) ||
        coordinated_actors(d) || split_name_pairs(d) || marsadExtract(d)) {
        marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
        marsad_doc_free(d);
        return NULL;
    }
    return d;
}

void marsad_doc_free(marsad_doc *d) {
    if (!d) return;
    marsadExtractFree(d);
    free(d->terms);
    marsad_text_free(d->text);
    free(d->matches);
    free(d->mentions);
    free(d->token_mention);
    marsadArenaFree(&d->arena);
    free(d);
}

const marsad_text *marsad_doc_text(const marsad_doc *d) { return d ? d->text : NULL; }
size_t marsad_doc_mention_count(const marsad_doc *d) { return d ? d->n_mentions : 0; }
const marsad_mention *marsad_doc_mention(const marsad_doc *d, size_t i) {
    return d && i < d->n_mentions ? &d->mentions[i] : NULL;
}
const char *marsad_doc_focus_country(const marsad_doc *d) {
    return d && d->focus[0] ? d->focus : NULL;
}
const marsad_doc_input *marsad_doc_input_of(const marsad_doc *d) { return d ? &d->in : NULL; }
