/*
 * extract.c -- events: triggers (data/triggers.tsv) become candidate
 * events; arguments are attached by position and markers within the
 * sentence (actor, recipient, location, origin, destination, quantities,
 * casualty counts); modality, attribution (reporting verbs and sources,
 * carried over by continuing reports) and time; mentions of one event are
 * merged; types are mapped to PLOVER, ACLED and CAMEO (data/ontology.tsv).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"

/* ---- vocabulary helpers ---- */

static const char *S(const marsad_doc *d, uint32_t off) { return marsadKbStr(d->kb, off); }

/* The strongest term of `kind` among a match's payloads, leaving out the
 * trigger readings of type `not_type` (NULL: none left out). */
static const kbTerm *strongest_term(const marsad_doc *d, const marsadMatch *m, uint32_t kind,
                                    const char *not_type) {
    const kbNode *node = &d->kb->nodes[m->node];
    const kbTerm *best = NULL;
    for (uint32_t i = 0; i < node->n_payload; i++) {
        const kbPayload *p = &d->kb->payloads[node->first_payload + i];
        if (p->kind != KP_TERM) continue;
        const kbTerm *t = &d->kb->terms[p->index];
        if (t->kind != kind || (not_type && !strcmp(S(d, t->f[1]), not_type))) continue;
        if (!best || t->weight > best->weight) best = t;
    }
    return best;
}

const kbTerm *exTerm(const marsad_doc *d, const marsadMatch *m, uint32_t kind) {
    return strongest_term(d, m, kind, NULL);
}

static const char *nul_if_empty(const char *s) { return s && *s ? s : NULL; }

static int feature_list_has(const char *list, const char *item) {
    size_t il = strlen(item);
    while (*list) {
        size_t n = strcspn(list, "|");
        if (n == il && !strncmp(list, item, n)) return 1;
        list += n;
        if (*list == '|') list++;
    }
    return 0;
}

static const kbType *find_type(const marsad_doc *d, const char *name) {
    for (size_t i = 0; i < d->kb->n_types; i++)
        if (strcmp(S(d, d->kb->types[i].col[0]), name) == 0) return &d->kb->types[i];
    return NULL;
}

/* The match of `arr` that covers token `tok`, or NULL.  A match pass's
 * matches are sorted and do not overlap: the last one starting at or
 * before tok is the only candidate. */
static const marsadMatch *match_covering(const marsadMatch *arr, size_t n, size_t tok) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (arr[mid].first <= tok) lo = mid + 1;
        else hi = mid;
    }
    if (lo == 0) return NULL;
    const marsadMatch *m = &arr[lo - 1];
    return tok < m->first + m->n ? m : NULL;
}

/* The term match (of any kind) that covers token `tok`, or NULL. */
static const marsadMatch *term_at(const marsad_doc *d, size_t tok) {
    return match_covering(d->terms, d->n_terms, tok);
}

/* The entity match (actors, places, agents, cues) that starts at `tok`. */
static const marsadMatch *entity_match_at(const marsad_doc *d, size_t tok) {
    const marsadMatch *m = match_covering(d->matches, d->n_matches, tok);
    return m && m->first == tok ? m : NULL;
}

static const marsad_token *tok(const marsad_doc *d, size_t i) { return &d->text->tokens[i]; }

static int stem_is(const marsad_doc *d, size_t i, const char *s) {
    return i < d->text->ntok && strcmp(tok(d, i)->stem, s) == 0;
}

static marsad_span span_of(marsad_doc *d, size_t first, size_t n) {
    marsad_span s = {0, 0, NULL};
    if (n == 0) return s;
    const marsad_token *a = tok(d, first), *z = tok(d, first + n - 1);
    s.start = a->start;
    s.end = z->end;
    s.text = marsadArenaStrndup(&d->arena, d->text->utf8 + a->byte_start,
                                z->byte_end - a->byte_start);
    return s;
}

/* Whether a trigger token is used as a verb: a word with the article or a
 * preposition is a noun; a word listed only as a verb is one; otherwise a
 * bare word is read as a verb when it is inflected (قصفت، يقصف) and as a
 * noun in its base form before a definite word (قصف التحالف). */
static int is_verb_use(const marsad_doc *d, size_t ti, const kbTerm *trig) {
    const marsad_token *k = tok(d, ti);
    if (k->proclitics & (MARSAD_CL_AL | MARSAD_CL_BI | MARSAD_CL_LI | MARSAD_CL_KA)) return 0;
    if (k->proclitics & MARSAD_CL_SA) return 1;
    /* تم طرد، يتم اعتقال: the verbal noun after the passive auxiliary */
    if (ti > 0 && (stem_is(d, ti - 1, "تم") || stem_is(d, ti - 1, "يتم") || stem_is(d, ti - 1, "تمت")))
        return 0;
    int has_noun = 0, has_verb = 0;
    const marsadMatch *m = term_at(d, ti);
    if (m && m->first != ti) m = NULL;
    if (m) {
        const kbNode *node = &d->kb->nodes[m->node];
        for (uint32_t q = 0; q < node->n_payload; q++) {
            const kbPayload *p = &d->kb->payloads[node->first_payload + q];
            if (p->kind != KP_TERM || d->kb->terms[p->index].kind != KT_TRIGGER) continue;
            if (!strcmp(S(d, d->kb->terms[p->index].f[0]), "verb")) has_verb = 1;
            else has_noun = 1;
        }
    }
    if (has_verb && !has_noun) return 1;
    if (!has_verb) {
        /* سيطرت read through the noun سيطرة: the noun's ة as ت ending the
         * word is the past verb (she/they took), not the noun */
        const char *lemma = S(d, trig->term);
        size_t ll = strlen(lemma), sl = strlen(k->stem);
        return ll >= 4 && !strcmp(lemma + ll - 2, "ة") && sl == ll && !strncmp(k->stem, lemma, ll - 2) &&
               !strcmp(k->stem + sl - 2, "ت");
    }
    const char *lemma = S(d, trig->term);
    char *ln = marsad_normalize(lemma, strlen(lemma), MARSAD_NORM_DEFAULT, NULL, NULL);
    int inflected = ln && strcmp(ln, k->stem) != 0;
    marsad_free(ln);
    if (inflected) return 1;
    if (ti + 1 < d->text->ntok && (tok(d, ti + 1)->proclitics & MARSAD_CL_AL)) return 0;
    return 1;
}

/* The agent noun (agents.tsv) that starts at token i, or NULL. */
static const kbAgent *agent_at(const marsad_doc *d, size_t i) {
    const marsadMatch *m = entity_match_at(d, i);
    if (!m) return NULL;
    const kbNode *node = &d->kb->nodes[m->node];
    for (uint32_t q = 0; q < node->n_payload; q++) {
        const kbPayload *p = &d->kb->payloads[node->first_payload + q];
        if (p->kind == KP_AGENT) return &d->kb->agents[p->index];
    }
    return NULL;
}

/* The agent noun that token i is by itself (جندي of جندي تركي, which
 * matches as a longer phrase), or NULL. */
static const kbAgent *agent_word(const marsad_doc *d, size_t i) {
    const kbAgent *a = agent_at(d, i);
    const marsad_token *k = tok(d, i);
    for (size_t s = 0; !a && s <= k->n_stems; s++) {
        const char *w = s < k->n_stems ? k->stems[s] : k->norm;
        uint32_t node = marsadKbChild(d->kb, 0, w, strlen(w));
        const kbNode *nd = node ? &d->kb->nodes[node] : NULL;
        for (uint32_t q = 0; nd && q < nd->n_payload && !a; q++) {
            const kbPayload *p = &d->kb->payloads[nd->first_payload + q];
            if (p->kind == KP_AGENT) a = &d->kb->agents[p->index];
        }
    }
    return a;
}

/* The role of the agent noun that starts at token i, or "". */
static const char *agent_role_at(const marsad_doc *d, size_t i) {
    const kbAgent *a = agent_at(d, i);
    return a ? S(d, a->role) : "";
}

static int is_captive_role(const char *role) {
    return !strcmp(role, "detainee") || !strcmp(role, "prisoner") || !strcmp(role, "captive");
}

/* The token of a detainee noun (معتقلي، سجناء، أسرى) in [a, b) of one
 * sentence, or (size_t)-1. */
static size_t captives_in(const marsad_doc *d, size_t a, size_t b) {
    for (size_t i = a; i < b && i < d->text->ntok; i++)
        if (is_captive_role(agent_role_at(d, i))) return i;
    return (size_t)-1;
}

/* The modality.tsv term covering token i when its kind (column 2) is
 * `kind` (state, undergoes, agent, another, told, idiom), or NULL; its
 * match in *match when asked. */
static const kbTerm *modality_cue_at(const marsad_doc *d, size_t i, const char *kind, const marsadMatch **match) {
    const marsadMatch *m = term_at(d, i);
    const kbTerm *mt = m ? exTerm(d, m, KT_MODALITY) : NULL;
    if (!mt || strcmp(S(d, mt->f[0]), kind) != 0) return NULL;
    if (match) *match = m;
    return mt;
}

/* A voice word (تعرض لـ 'was subjected to') before the trigger, within
 * its clause: the party before it undergoes the event.  Its subject may be
 * a long phrase (تعرضت منازل المواطنين في بلدة ... لقصف). */
#define UNDERGO_REACH 10
static int undergoes(const marsad_doc *d, size_t ti, size_t s0) {
    for (size_t back = 0; back <= UNDERGO_REACH && ti >= s0 + back; back++) {
        if (back && tok(d, ti - back)->kind == MARSAD_TOK_PUNCT) break;
        if (modality_cue_at(d, ti - back, "undergoes", NULL)) return 1;
    }
    return 0;
}

/* The feature cue (حي، مدينة، سجن) the entity match at word ti carries, or
 * NULL. */
static const kbCue *cue_at(const marsad_doc *d, size_t ti, uint32_t kind) {
    if (tok(d, ti)->kind != MARSAD_TOK_WORD) return NULL;
    const marsadMatch *m = entity_match_at(d, ti);
    if (!m) return NULL;
    const kbNode *node = &d->kb->nodes[m->node];
    for (uint32_t q = 0; q < node->n_payload; q++) {
        const kbPayload *p = &d->kb->payloads[node->first_payload + q];
        if (p->kind == KP_CUE && d->kb->cues[p->index].kind == kind) return &d->kb->cues[p->index];
    }
    return NULL;
}

static const kbCue *feature_cue(const marsad_doc *d, size_t ti) { return cue_at(d, ti, KC_FEATURE); }

static int cue_word(const marsad_doc *d, size_t ti) { return feature_cue(d, ti) != NULL; }

/* Whether tokens [a, b) name a prison: a place of that feature, a feature
 * cue for it (سجن، معتقل as cues.tsv lists them) or detainees. */
static int prison_in(const marsad_doc *d, size_t a, size_t b) {
    if (captives_in(d, a, b) != (size_t)-1) return 1;
    for (size_t i = 0; i < d->n_mentions; i++) {
        const marsad_mention *m = &d->mentions[i];
        if (m->kind == MARSAD_MENTION_PLACE && m->resolved && m->place.feature &&
            m->first_token < b && m->first_token + m->n_tokens > a && strstr(m->place.feature, "prison"))
            return 1;
    }
    for (size_t i = a; i < b && i < d->text->ntok; i++) {
        const kbCue *c = feature_cue(d, i);
        if (c && strstr(S(d, c->value), "prison")) return 1;
    }
    return 0;
}

/* The strongest trigger reading of a match other than `type` (فر: a
 * withdrawal where it is not a prison-break), or NULL. */
static const kbTerm *other_reading(const marsad_doc *d, const marsadMatch *m, const char *type) {
    return strongest_term(d, m, KT_TRIGGER, type);
}


/* ---- attribution ---- */

typedef struct source {
    int present;
    int definite; /* a bare definite cue (المصادر): the sources named before */
    const char *text, *type, *entity, *verb, *stance;
    const marsad_mention *party; /* the party the source belongs to (مصدر في المقاومة) */
    size_t start, end;
} source;

/* A sector of the state: government, military, police, intelligence,
 * judiciary, legislature. */
static int state_sector(const char *sec) {
    return sec && (!strcmp(sec, "GOV") || !strcmp(sec, "MIL") || !strcmp(sec, "COP") || !strcmp(sec, "SPY") ||
                   !strcmp(sec, "JUD") || !strcmp(sec, "LEG"));
}

/* Whether a sector is an armed force's (PLOVER: military, police,
 * rebels, militias, unnamed gunmen, intelligence; IGO for coalitions). */
static int armed_sector(const char *sec) {
    static const char *const armed[] = {"MIL", "COP", "REB", "PRM", "UAF", "SPY", "IGO"};
    for (size_t i = 0; sec && i < sizeof armed / sizeof *armed; i++)
        if (!strcmp(sec, armed[i])) return 1;
    return 0;
}

static const char *source_type_of_actor(const marsad_doc *d, const marsad_mention *m) {
    const char *sec = m->actor.sector ? m->actor.sector : "";
    const char *code = m->actor.code ? m->actor.code : "";
    if (state_sector(sec)) return "official";
    if (!strcmp(sec, "JRN") || !strcmp(sec, "MED")) {
        /* the outlet's own name is its correspondent, another outlet is media */
        const char *outlet = d->in.outlet ? d->in.outlet : "";
        const char *name = m->actor.name ? m->actor.name : "";
        if (*outlet && (strstr(outlet, name) || strstr(name, outlet) ||
                        !strncasecmp(outlet, code, strlen(code))))
            return "correspondent";
        return "media";
    }
    if (!strcmp(sec, "CVL")) return "local";
    return "organization";
}

/* The mention (actor) starting within tokens [a, b), or NULL. */
static const marsad_mention *actor_in(const marsad_doc *d, size_t a, size_t b) {
    for (size_t i = 0; i < d->n_mentions; i++) {
        const marsad_mention *m = &d->mentions[i];
        if (m->kind == MARSAD_MENTION_ACTOR && m->actor.code && m->first_token >= a &&
            m->first_token < b)
            return m;
    }
    return NULL;
}

/* Takes source cue `m` (مصادر، مصدر أمني، مراسل) as the source, with the
 * party or outlet right after it (مصدر في المقاومة، مراسل RT). */
static void take_cue(marsad_doc *d, const marsadMatch *m, const kbTerm *src, source *out) {
    const marsad_text *t = d->text;
    /* the longer phrase: the cue plus a following actor or adjective */
    size_t end = m->first + m->n;
    /* مصدر في المقاومة، مصادر قسد، تنظيم "قسد"، أوساط داخل قسد: an actor
     * right after the cue (or after في، داخل, or an opening quote) */
    size_t from = end;
    if (from < t->ntok && (!strcmp(tok(d, from)->stem, "في") || !strcmp(tok(d, from)->stem, "داخل")))
        from++;
    while (from < t->ntok && from < end + 2 && tok(d, from)->kind == MARSAD_TOK_PUNCT &&
           (tok(d, from)->punct == MARSAD_PUNCT_QUOTE || tok(d, from)->punct == MARSAD_PUNCT_QUOTE_OPEN))
        from++;
    const marsad_mention *a = actor_in(d, from, from + 1);
    out->present = 1;
    out->type = S(d, src->f[0]);
    out->definite = m->n == 1 && (tok(d, m->first)->proclitics & MARSAD_CL_AL) != 0;
    if (a) {
        out->entity = a->actor.code;
        out->party = a;
        end = a->first_token + a->n_tokens;
        /* مصدر في المقاومة، الناطق باسم المقاومة: a source inside a party
         * (an official of a non-state one included) is that party's */
        if (!strcmp(out->type, "anonymous") || !strcmp(out->type, "official"))
            out->type = source_type_of_actor(d, a);
    }
    marsad_span sp = span_of(d, m->first, end - m->first);
    out->text = sp.text;
    out->start = sp.start;
    out->end = sp.end;
    if (!strcmp(out->type, "correspondent") && a && strcmp(source_type_of_actor(d, a), "media") == 0)
        out->type = "media"; /* مراسل رويترز: another outlet's reporter */
    if (!strcmp(out->type, "correspondent") && !a && end < t->ntok &&
        tok(d, end)->kind == MARSAD_TOK_LATIN) {
        out->type = "media"; /* مراسل RT */
        sp = span_of(d, m->first, end + 1 - m->first);
        out->text = sp.text;
        out->end = sp.end;
    }
}

static void take_actor(const marsad_doc *d, const marsad_mention *a, source *out) {
    out->present = 1;
    out->text = a->text;
    out->start = a->start;
    out->end = a->end;
    out->entity = a->actor.code;
    out->party = a;
    out->type = source_type_of_actor(d, a);
}

/* The complementizer أن / إن, with و or ب before it and a pronoun after
 * it (بأن، أنه، وإنها), which the segmenter leaves whole. */
static int is_that(const marsad_token *k) {
    if (k->kind != MARSAD_TOK_WORD) return 0;
    const char *w = k->norm;
    if (!strncmp(w, "و", 2)) w += 2;
    if (!strncmp(w, "ب", 2)) w += 2;
    if (strncmp(w, "ان", 4) != 0) return 0;
    w += 4;
    static const char *const pron[] = {"", "ه", "ها", "هم", "هما", "هن", "نا", "ني"};
    for (size_t i = 0; i < sizeof pron / sizeof *pron; i++)
        if (!strcmp(w, pron[i])) return 1;
    return 0;
}

/* Finds the source of a report around reporting term `rm`: the relayed
 * source after عن (نقل مراسلنا عن مصادر محلية), a source cue (مصادر، مصدر
 * أمني) or an actor right after the verb (VSO) or right before it. */
static void find_source(marsad_doc *d, const marsadMatch *rm, const kbTerm *rep, source *out) {
    const marsad_text *t = d->text;
    uint32_t sent = tok(d, rm->first)->sentence;
    const marsad_sentence *s = &t->sents[sent];
    size_t after = rm->first + rm->n, s_end = s->first_token + s->n_tokens;
    memset(out, 0, sizeof *out);
    out->verb = span_of(d, rm->first, rm->n).text;
    out->stance = S(d, rep->f[1]);
    int particle = !strcmp(S(d, rep->f[0]), "particle");
    /* نقل عن، نقلا عن: the source after عن, a few words on (نقل يوم
     * الإثنين الماضي عن مصادر محلية) */
    for (size_t q = rm->first; q < after + 8 && q < s_end; q++) {
        if (strcmp(tok(d, q)->stem, "عن") != 0) continue;
        for (size_t i = 0; i < d->n_terms; i++) {
            const marsadMatch *m = &d->terms[i];
            const kbTerm *src = m->first > q && m->first <= q + 2 ? exTerm(d, m, KT_SOURCE) : NULL;
            if (src) {
                take_cue(d, m, src, out);
                return;
            }
        }
        const marsad_mention *a = actor_in(d, q + 1, q + 4);
        if (a) {
            take_actor(d, a, out);
            return;
        }
        break;
    }
    /* correspondent words (مراسل) with the outlet, or a source cue */
    for (size_t i = 0; i < d->n_terms; i++) {
        const marsadMatch *m = &d->terms[i];
        if (tok(d, m->first)->sentence != sent) continue;
        const kbTerm *src = exTerm(d, m, KT_SOURCE);
        if (!src) continue;
        long dist = (long)m->first - (long)after;
        long before = (long)rm->first - (long)(m->first + m->n);
        if (particle) before = -1; /* بحسب، وفقا ل: the source follows */
        for (size_t q = after; q < m->first && dist >= 0; q++)
            if (is_that(tok(d, q))) dist = -1; /* after the complement: what was said */
        if (!((dist >= 0 && dist <= 3) || (before >= 0 && before <= 2))) continue;
        take_cue(d, m, src, out);
        return;
    }
    /* an actor as the source: before the complement (وأفاد بأن مسلحي
     * داعش: the speaker is the one before), not the addressee (وقال
     * لوكالة الأنباء: to the agency) */
    size_t lim = after + 3;
    for (size_t q = after; q < lim && q < s_end; q++)
        if (is_that(tok(d, q))) lim = q;
    const marsad_mention *a = actor_in(d, after, lim);
    if (a && a->first_token == after && (tok(d, after)->proclitics & MARSAD_CL_LI)) a = NULL;
    if (!a && rm->first > s->first_token && !particle) {
        for (size_t i = d->n_mentions; i-- > 0;) {
            const marsad_mention *m = &d->mentions[i];
            if (m->kind == MARSAD_MENTION_ACTOR && m->actor.code &&
                m->first_token + m->n_tokens <= rm->first &&
                m->first_token + m->n_tokens + 2 >= rm->first && m->first_token >= s->first_token) {
                a = m;
                break;
            }
        }
    }
    if (a) {
        take_actor(d, a, out);
        return;
    }
    /* a person or body the dictionaries lack (وقال الشيخ فلان رئيس مجلس
     * المقاومة إن): its affiliation, the first party named before the
     * complement, types it */
    for (size_t i = 0; i < d->n_mentions; i++) {
        const marsad_mention *n = &d->mentions[i];
        if (n->kind != MARSAD_MENTION_ACTOR || n->actor.code || !n->label ||
            n->first_token < after || n->first_token > after + 2)
            continue;
        /* a named party over a title noun (رئيس مجلس المقاومة: the
         * resistance, not a government's رئيس) */
        const marsad_mention *aff = NULL, *title = NULL;
        for (size_t q = n->first_token + n->n_tokens; q < s->first_token + s->n_tokens && q < n->first_token + 12; q++) {
            if (!strcmp(tok(d, q)->stem, "ان")) break;
            const marsad_mention *x = actor_in(d, q, q + 1);
            if (!x) continue;
            if (x->reason && !strncmp(x->reason, "agent noun", 10)) {
                if (!title) title = x;
                continue;
            }
            aff = x;
            break;
        }
        if (!aff) aff = title;
        if (!aff) break;
        take_actor(d, aff, out); /* the party's code and type, the person's words */
        out->text = n->text;
        out->start = n->start;
        out->end = n->end;
        break;
    }
}

/* reporting.tsv's verb rows: verb, and verb-that (a verb only with its
 * complement). */
static int is_verb_pos(const char *pos) { return !strcmp(pos, "verb") || !strcmp(pos, "verb-that"); }

/* The reporting payload of a term match: of a word listed as verb and
 * noun (زعم), the noun when the word has the article or a preposition
 * (بزعم، الزعم), else the verb. */
static const kbTerm *report_term(const marsad_doc *d, const marsadMatch *m) {
    const kbNode *node = &d->kb->nodes[m->node];
    int nounish = (tok(d, m->first)->proclitics & (MARSAD_CL_AL | MARSAD_CL_BI | MARSAD_CL_LI | MARSAD_CL_KA)) != 0;
    const kbTerm *any = NULL;
    for (uint32_t i = 0; i < node->n_payload; i++) {
        const kbPayload *p = &d->kb->payloads[node->first_payload + i];
        if (p->kind != KP_TERM) continue;
        const kbTerm *t = &d->kb->terms[p->index];
        if (t->kind != KT_REPORT) continue;
        const char *pos = S(d, t->f[0]);
        if (nounish ? !strcmp(pos, "noun") : is_verb_pos(pos)) return t;
        if (!any) any = t;
    }
    return any;
}


/* Whether a reporting term is used as one: a reporting verb takes neither
 * the article nor a preposition (التابع، بين) nor a pronoun (بينهم). */
static int reporting_use(const marsad_doc *d, const marsadMatch *m, const kbTerm *rep) {
    const char *pos = S(d, rep->f[0]);
    if (!is_verb_pos(pos) || m->n > 1) return 1;
    const marsad_token *k = tok(d, m->first);
    if (k->proclitics & (MARSAD_CL_AL | MARSAD_CL_BI | MARSAD_CL_KA)) return 0;
    if (k->enclitic && *k->enclitic) return 0;
    if (strcmp(pos, "verb-that") != 0) return 1;
    /* a form that is also a common word (بين 'between'): a reporting verb
     * only with its complement, أن or a colon, after at most a subject */
    const marsad_sentence *s = &d->text->sents[k->sentence];
    for (size_t q = m->first + 1; q < s->first_token + s->n_tokens && q <= m->first + 4; q++) {
        const marsad_token *c = tok(d, q);
        if (is_that(c) || (c->kind == MARSAD_TOK_PUNCT && c->norm[0] == ':')) return 1;
    }
    return 0;
}

/* The closing quote of a quotation opened within 12 words after reporting
 * verb `v` that holds three words or more and is not the sentence's end;
 * (size_t)-1 when there is none. */
static size_t quote_end(const marsad_doc *d, const marsad_sentence *s, size_t v) {
    size_t s1 = s->first_token + s->n_tokens;
    for (size_t q = v + 1; q < s1 && q <= v + 12; q++) {
        const marsad_token *k = tok(d, q);
        if (k->kind != MARSAD_TOK_PUNCT) continue;
        if (k->punct != MARSAD_PUNCT_QUOTE_OPEN && k->punct != MARSAD_PUNCT_QUOTE) continue;
        int want = k->punct == MARSAD_PUNCT_QUOTE_OPEN ? MARSAD_PUNCT_QUOTE_CLOSE : MARSAD_PUNCT_QUOTE;
        size_t words = 0;
        for (size_t r = q + 1; r < s1; r++) {
            const marsad_token *c = tok(d, r);
            if (c->kind == MARSAD_TOK_PUNCT && (int)c->punct == want) {
                if (words < 3) return (size_t)-1;
                /* a name in quotes (رئيسة «اتحاد جمعيات الصحافيين» أن ...)
                 * is before the complement; a report that goes on (،
                 * موضحا أنه "...") covers what follows */
                int more = 0;
                for (size_t z = r + 1; z < s1; z++) {
                    if (tok(d, z)->kind == MARSAD_TOK_WORD) more = 1;
                    if (z > r + 6) continue;
                    const marsadMatch *zm = term_at(d, z);
                    if ((zm && zm->first == z && exTerm(d, zm, KT_REPORT)) || is_that(tok(d, z)))
                        return (size_t)-1;
                }
                return more ? r : (size_t)-1;
            }
            if (c->kind == MARSAD_TOK_WORD) words++;
        }
        return (size_t)-1;
    }
    return (size_t)-1;
}

/* ---- events ---- */

static exEvent *new_event(marsad_doc *d) {
    struct marsadExtract *x = d->ex;
    if (x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 16;
        exEvent *ne = realloc(x->ev, cap * sizeof *ne);
        if (!ne) return NULL;
        x->ev = ne;
        x->cap = cap;
    }
    exEvent *e = &x->ev[x->n++];
    memset(e, 0, sizeof *e);
    e->pub.dead = e->pub.injured = e->pub.arrested = -1;
    return e;
}

static int is_speech_act(const char *type) {
    return !strcmp(type, "accusation") || !strcmp(type, "threat") || !strcmp(type, "denial") ||
           !strcmp(type, "claim-responsibility");
}

/* Who an event type's parties are (ontology.tsv's parties column):
 * 'b' every side an actor, 'o' actor and recipient, 'a' an actor only. */
static char parties(const marsad_doc *d, const char *type) {
    const kbType *ty = find_type(d, type);
    const char *p = ty ? S(d, ty->col[18]) : "";
    return !strcmp(p, "both") ? 'b' : !strcmp(p, "actor") ? 'a' : 'o';
}

static int is_two_sided(const marsad_doc *d, const char *type) { return parties(d, type) == 'b'; }

/* The PLOVER event of an event type (ontology.tsv), "" when none. */
static const char *plover_of(const marsad_doc *d, const char *type) {
    const kbType *ty = find_type(d, type);
    return ty ? S(d, ty->col[1]) : "";
}

static int is_movement(const char *type) {
    return !strcmp(type, "prisoner-transfer") || !strcmp(type, "deployment") ||
           !strcmp(type, "withdrawal") || !strcmp(type, "prison-break");
}

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !memcmp(s + n - m, suffix, m);
}

static int is_strike(const char *type) {
    return !strcmp(type, "attack") || !strcmp(type, "airstrike") || !strcmp(type, "shelling") ||
           !strcmp(type, "bombing") || !strcmp(type, "armed-clash") || !strcmp(type, "killing");
}

static void add_actor(const marsad_mention **arr, size_t *n, const marsad_mention *m) {
    if (!m || *n >= EX_MAX_ARGS) return;
    for (size_t i = 0; i < *n; i++)
        if (arr[i] == m || (arr[i]->actor.code && m->actor.code &&
                            strcmp(arr[i]->actor.code, m->actor.code) == 0))
            return;
    arr[(*n)++] = m;
}

/* Whether mention b follows mention a joined by و (a وb, a و b). */
static int joined(const marsad_doc *d, const marsad_mention *a, const marsad_mention *b) {
    size_t end = a->first_token + a->n_tokens;
    if (b->first_token == end) {
        /* the segmenter may leave و on a word the KB knows whole (وقوات) */
        const marsad_token *k = tok(d, b->first_token);
        if (k->proclitics & MARSAD_CL_WA) return 1;
        if (strncmp(k->norm, "و", 2) != 0) return 0;
        for (size_t i = 0; i < k->n_stems; i++)
            if (!strcmp(k->stems[i], k->norm + 2)) return 1;
        return 0;
    }
    return b->first_token == end + 1 && !strcmp(tok(d, end)->norm, "و");
}

/* Adds to arr the parties joined by و to one already in it, either side
 * (الحوثيون وقوات صالح تراجعوا; قصفت ميليشيات الحوثي وقوات صالح), unless
 * it is in arr or in other. */
static void coordinated(const marsad_doc *d, const marsad_mention **arr, size_t *cnt,
                        const marsad_mention *const *other, size_t nother,
                        const marsad_mention *const *before, size_t nb,
                        const marsad_mention *const *after, size_t na) {
    for (size_t i = 0; i < *cnt && *cnt < EX_MAX_ARGS; i++) {
        for (size_t q = 0; q < nb + na; q++) {
            const marsad_mention *c = q < nb ? before[q] : after[q - nb];
            if (!joined(d, arr[i], c) && !joined(d, c, arr[i])) continue;
            int taken = 0;
            for (size_t k = 0; k < *cnt; k++) taken |= arr[k] == c;
            for (size_t k = 0; k < nother; k++) taken |= other[k] == c;
            if (!taken) add_actor(arr, cnt, c);
        }
    }
}

/* Whether m names unnamed gunmen (sector UAF) of a group named right
 * after it: مسلحي ميليشيات قسد، 30 مسلحا من عناصر داعش. */
static int gunmen_of_named(const marsad_doc *d, const marsad_mention *m) {
    if (!m->actor.sector || strcmp(m->actor.sector, "UAF") != 0) return 0;
    size_t end = m->first_token + m->n_tokens;
    for (size_t k = (size_t)(m - d->mentions) + 1; k < d->n_mentions; k++) {
        const marsad_mention *o = &d->mentions[k];
        if (o->first_token >= end + 3) break;
        if (o->kind == MARSAD_MENTION_ACTOR && o->actor.code && o->first_token >= end && o->actor.sector &&
            strcmp(o->actor.sector, "UAF") != 0)
            return 1;
    }
    return 0;
}

/* Whether an event word lies in tokens [a, b). */
static int trigger_between(const marsad_doc *d, size_t a, size_t b) {
    for (size_t i = 0; i < d->n_terms; i++) {
        const marsadMatch *m = &d->terms[i];
        if (m->first >= a && m->first < b && exTerm(d, m, KT_TRIGGER) && !exTerm(d, m, KT_CASUALTY)) return 1;
    }
    return 0;
}

/* Whether a word of a movement of another type than `type` (a transfer
 * after an escape), not joined by و, stands in tokens [a, b). */
static int movement_between(const marsad_doc *d, size_t a, size_t b, const char *type) {
    for (size_t i = 0; i < d->n_terms && d->terms[i].first < b; i++) {
        const marsadMatch *m = &d->terms[i];
        const kbTerm *t = m->first >= a ? exTerm(d, m, KT_TRIGGER) : NULL;
        if (t && is_movement(S(d, t->f[1])) && strcmp(S(d, t->f[1]), type) != 0 &&
            !(tok(d, m->first)->proclitics & MARSAD_CL_WA))
            return 1;
    }
    return 0;
}

/* Whether the word at ti is a target noun (cues.tsv kind target: صفوف،
 * مواقع، عربات): the party after it owns what was hit. */
static int target_noun(const marsad_doc *d, size_t ti) { return cue_at(d, ti, KC_TARGET) != NULL; }

/* Markers before token i: 1 agent (من قبل، على يد), 2 target (ضد، استهداف). */
static int marker_before(const marsad_doc *d, size_t i, size_t sent_first) {
    /* من قبل طائرات التحالف، على يد عناصر التنظيم: one noun may stand
     * between the marker and the party */
    for (size_t j = i; j + 1 >= i && j >= sent_first + 2; j--) {
        if (j < i && (tok(d, j)->kind != MARSAD_TOK_WORD || tok(d, j)->function_word)) break;
        if (stem_is(d, j - 2, "من") && stem_is(d, j - 1, "قبل")) return 1;
        if (stem_is(d, j - 2, "علي") && stem_is(d, j - 1, "يد")) return 1;
        if (j == i && i < sent_first + 3) break;
    }
    if (i >= sent_first + 1 && (stem_is(d, i - 1, "ضد") || stem_is(d, i - 1, "استهداف")))
        return 2;
    /* خسائر في صفوف الحوثيين، قصفت مواقع الحوثيين، تجمع للمتمردين،
     * عربات للحوثيين: the ranks, sites or vehicles hit (cues.tsv target) */
    if (i >= sent_first + 1 && target_noun(d, i - 1)) return 2;
    /* طائرات تابعة للتحالف، سيارات تابعة لقسد: the owner of the means;
     * نقطة تفتيش تابعة للحوثيين، مواقع تابعة للتنظيم: the owner of the
     * site hit (a target noun or a site before تابعة) */
    int li = 0;
    for (size_t j = i + 1; j-- > sent_first && j + 3 >= i;) {
        li |= (tok(d, j)->proclitics & MARSAD_CL_LI) != 0 || !strcmp(tok(d, j)->norm, "ل"); /* تابعة لـ “التحالف” */
        if (j < i && li && (stem_is(d, j, "تابعه") || stem_is(d, j, "تابع") || stem_is(d, j, "تابعين"))) {
            for (size_t b = j; b-- > sent_first && b + 3 > j;) {
                const kbCue *u = cue_at(d, b, KC_UNIT);
                if (target_noun(d, b) || (u && !strcmp(S(d, u->value), "site"))) return 2;
            }
            return 1;
        }
    }
    return 0;
}

/* Whether actor mention m names the dead or wounded of a toll (مقتل 9 من
 * ميليشيات الحوثي، 15 مسلحا حوثيا قتلوا): a number counts it, with a word
 * of death or injury before the number or right after the mention. */
static int victims(const marsad_doc *d, const marsad_mention *m, size_t s0, size_t s1) {
    size_t f = m->first_token, num = (size_t)-1;
    int nouns = 0; /* مقتل 5 عناصر من الشرطة، 5 من عناصر الشرطة: one noun */
    for (size_t k = f; k-- > s0 && k + 4 > f;) {
        const marsad_token *q = tok(d, k);
        if (q->kind == MARSAD_TOK_NUMBER || q->is_number_word) {
            num = k;
            break;
        }
        if (stem_is(d, k, "من")) continue;
        if (q->kind != MARSAD_TOK_WORD || q->lexicon == 3 || nouns++) break;
    }
    if (num == (size_t)-1) {
        /* قتل جندي تركي في هجوم: a casualty word right before one of them */
        const marsadMatch *c = f > s0 ? term_at(d, f - 1) : NULL;
        const kbTerm *ct = c ? exTerm(d, c, KT_CASUALTY) : NULL;
        return ct && c->first + c->n == f && strcmp(S(d, ct->f[0]), "arrested") != 0;
    }
    for (size_t k = num; k-- > s0 && k + 3 > num;) {
        const marsadMatch *c = term_at(d, k);
        if (c && exTerm(d, c, KT_CASUALTY)) return 1;
    }
    for (size_t k = f + m->n_tokens; k < s1 && k < f + m->n_tokens + 2; k++) {
        const marsadMatch *c = term_at(d, k);
        if (c && exTerm(d, c, KT_CASUALTY)) return 1;
    }
    return 0;
}

static int place_marker(const marsad_doc *d, const marsad_mention *m) {
    /* 1 origin (من), 2 destination (إلى، باتجاه، نحو), 0 other */
    size_t i = m->first_token;
    const marsad_token *k = tok(d, i);
    for (size_t back = 1; back <= 2 && i >= back; back++) {
        const marsad_token *p = tok(d, i - back);
        if (p->sentence != k->sentence) break;
        if (p->kind == MARSAD_TOK_PUNCT) continue;
        if (!strcmp(p->stem, "من")) return 1;
        if (!strcmp(p->stem, "الي") || !strcmp(p->stem, "باتجاه") || !strcmp(p->stem, "نحو") ||
            !strcmp(p->stem, "اتجاه"))
            return 2;
        if (back == 1 && !strcmp(p->stem, "في")) return 0;
    }
    return 0;
}

/* Whether the number at token i is part of a count told before it:
 * بينهم 5 مدنيين، منهم، من بينهم. */
static int subset_count(const marsad_doc *d, size_t i, size_t s0) {
    for (size_t k = i; k-- > s0 && k + 3 > i;) {
        const char *st = tok(d, k)->stem;
        if (!strcmp(st, "بين") || !strcmp(st, "من") || !strcmp(st, "منهم")) {
            if (*tok(d, k)->enclitic || !strcmp(st, "منهم")) return 1;
        }
    }
    return 0;
}

/* Which counted things an event type is about (GUIDELINES: people moved,
 * vehicles, sites, strikes; casualties are counts, not quantities). */
static int quantity_fits(const char *type, const char *unit) {
    if (!strcmp(unit, "person"))
        return is_movement(type) || !strcmp(type, "release") || !strcmp(type, "surrender") ||
               !strcmp(type, "protest") || !strcmp(type, "riot");
    if (!strcmp(unit, "vehicle")) return is_movement(type) || !strcmp(type, "seize-property");
    if (!strcmp(unit, "site"))
        return !strcmp(type, "seizure") || !strcmp(type, "withdrawal") ||
               !strcmp(type, "airstrike") || !strcmp(type, "shelling") || !strcmp(type, "attack");
    if (!strcmp(unit, "strike")) return !strcmp(type, "airstrike") || !strcmp(type, "shelling");
    return 0;
}

/* Whether place mention m is an anaphoric kind word (المنطقة، المدينة)
 * resolved to the place of its kind named before. */
static int refers_back(const marsad_mention *m) { return m->reason && !strncmp(m->reason, "refers to", 9); }

/* How specific a place is: its resolution (unresolved names count as
 * towns), a level less when it is near a place (شرق X) or a guess. */
static int place_rank(const marsad_mention *m) {
    int res = m->resolved ? m->place.resolution : 4;
    if (m->relation) res -= 1;                                    /* شرق X: near X, not X */
    if (refers_back(m)) res -= 2; /* المنطقة: a guess */
    return res;
}

/* Places scored by their distance from the event word lose a level of
 * specificity per PLACE_STEP words. */
#define PLACE_STEP 2.0
/* ... and more across a clause connective or a comma (separation()) */
#define CLAUSE_STEP 3.0
#define COMMA_STEP 2.0

/* المنطقة، المدينة: the place named before, where the text names it. */
static const marsad_mention *named_place(const marsad_doc *d, const marsad_mention *loc) {
    if (!loc || !refers_back(loc) || !loc->place.place_id) return loc;
    const marsad_mention *ante = NULL;
    for (size_t i = 0; i < d->n_mentions; i++) {
        const marsad_mention *m = &d->mentions[i];
        if (m->kind == MARSAD_MENTION_PLACE && m->first_token < loc->first_token && m->place.place_id &&
            !strcmp(m->place.place_id, loc->place.place_id) && !refers_back(m) &&
            (!ante || m->first_token > ante->first_token))
            ante = m;
    }
    return ante ? ante : loc;
}

static int is_headline(const marsad_doc *d);

/* The sentence holding code point cp. */
static size_t sentence_at(const marsad_doc *d, size_t cp) {
    const marsad_text *t = d->text;
    size_t lo = 0, hi = t->nsent;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (t->sents[mid].start <= cp) lo = mid;
        else hi = mid;
    }
    return lo;
}

/* Whether two place mentions name the same place the same way. */
static int same_mention(const marsad_mention *p, const marsad_mention *m) {
    if (p->kind != MARSAD_MENTION_PLACE || p->resolved != m->resolved || !p->relation != !m->relation ||
        (p->relation && strcmp(p->relation, m->relation) != 0))
        return 0;
    if (!p->resolved) return !strcmp(p->text, m->text);
    return p->place.place_id && m->place.place_id && !strcmp(p->place.place_id, m->place.place_id) &&
           !refers_back(p);
}

/* Place m of event e as named in the sentence of its trigger, else in the
 * first body sentence that mentions the event: a merged mention brings its
 * place, which a coder marks where the event is told. */
static const marsad_mention *told_place(const marsad_doc *d, const exEvent *e, const marsad_mention *m, int marker) {
    if (!m) return m;
    size_t ts = tok(d, e->trig_tok)->sentence;
    if (tok(d, m->first_token)->sentence == ts) return m;
    const marsad_mention *first = NULL;
    for (size_t i = 0; i < d->n_mentions; i++) {
        const marsad_mention *p = &d->mentions[i];
        if (!same_mention(p, m) || (marker && place_marker(d, p) != marker)) continue;
        size_t ps = tok(d, p->first_token)->sentence;
        if (ps == ts) return p;
        if (first || (ps == 0 && is_headline(d))) continue;
        int told = 0;
        for (size_t k = 0; k < e->pub.n_also && !told; k++) told = sentence_at(d, e->also[k].start) == ps;
        if (told) first = p;
    }
    return first ? first : m;
}

/* Whether place m, after the event word at ti, is nearer it than best,
 * before it. */
static int nearer(const marsad_mention *best, const marsad_mention *m, size_t ti) {
    return best && best->first_token < ti && m->first_token > ti && m->first_token - ti < ti - best->first_token;
}

/* What separates tokens a and b, in levels of place specificity: a clause
 * connective (cues.tsv kind clause: كما، بينما، فيما) opens a clause
 * that tells another incident in a long sentence (CLAUSE_STEP); a comma
 * sets off a phrase (وفي حلب، قصفت المدفعية ... في حي X) (COMMA_STEP). */
static double separation(const marsad_doc *d, size_t a, size_t b) {
    double cost = 0;
    for (size_t i = (a < b ? a : b) + 1; i < (a < b ? b : a); i++) {
        if (cue_at(d, i, KC_CLAUSE)) return CLAUSE_STEP;
        const marsad_token *k = tok(d, i);
        if (k->kind == MARSAD_TOK_PUNCT && k->punct == MARSAD_PUNCT_COMMA) cost = COMMA_STEP;
    }
    return cost;
}

/* Whether place m stands in brackets right after another place (a word
 * may come between: مدينة كوباني السورية (عين العرب)). */
static int alias_in_brackets(const marsad_doc *d, const marsad_mention *m) {
    size_t f = m->first_token;
    if (f < 2 || tok(d, f - 1)->kind != MARSAD_TOK_PUNCT || tok(d, f - 1)->punct != MARSAD_PUNCT_OPEN) return 0;
    for (size_t i = 0; i < d->n_mentions; i++) {
        const marsad_mention *p = &d->mentions[i];
        size_t end = p->first_token + p->n_tokens;
        if (p != m && p->kind == MARSAD_MENTION_PLACE && end < f && end + 2 >= f &&
            tok(d, p->first_token)->sentence == tok(d, f)->sentence)
            return 1;
    }
    return 0;
}

/* Whether token i begins with the conjunction و (وحي: the segmenter may
 * keep a kind word whole, وحي being a word too). */
static int joined_by_wa(const marsad_doc *d, size_t i) {
    const marsad_token *k = tok(d, i);
    return (k->proclitics & MARSAD_CL_WA) || (!strncmp(k->norm, "و", 2) && cue_word(d, i));
}

/* حي الشعار وحي الصاخور في مدينة حلب: when place m is one of a list
 * of places joined by و, the place named right after the list that holds
 * them (في، ب، ل: a bigger place) is where the event happened; else m. */
static const marsad_mention *list_container(const marsad_doc *d, const marsad_mention *m) {
    if (!m) return m;
    size_t lo = m->first_token, hi = m->first_token + m->n_tokens, items = 1;
    /* the list: places next to each other, each joined by و (a kind word
     * between: وحي باب توما) */
    for (int grew = 1; grew && items < 20;) { /* (a list of at most 20: hostile text may chain thousands) */
        grew = 0;
        for (size_t i = 0; i < d->n_mentions; i++) {
            const marsad_mention *p = &d->mentions[i];
            if (p->kind != MARSAD_MENTION_PLACE) continue;
            size_t pf = p->first_token, pe = pf + p->n_tokens;
            if (pf >= hi && pf <= hi + 1 && hi < d->text->ntok && joined_by_wa(d, hi)) {
                hi = pe;
                items++;
                grew = 1;
            } else if (pe <= lo && pe + 1 >= lo && joined_by_wa(d, pe)) {
                lo = pf;
                items++;
                grew = 1;
            }
        }
    }
    if (items < 2) return m;
    for (size_t i = 0; i < d->n_mentions; i++) {
        const marsad_mention *p = &d->mentions[i];
        if (p->kind != MARSAD_MENTION_PLACE || p->first_token < hi || p->first_token > hi + 4 || !p->resolved ||
            tok(d, p->first_token)->sentence != tok(d, lo)->sentence)
            continue;
        int gap = 0; /* nothing but words between (والمدخل الشرقي لمدينة تعز) */
        for (size_t q = hi; q < p->first_token; q++) gap |= tok(d, q)->kind != MARSAD_TOK_WORD || term_at(d, q) != NULL;
        const marsad_token *k = tok(d, p->first_token);
        int holds = stem_is(d, p->first_token - 1, "في") || (k->proclitics & (MARSAD_CL_BI | MARSAD_CL_LI)) ||
                    (p->first_token >= 2 && (stem_is(d, p->first_token - 2, "في") ||
                                             (tok(d, p->first_token - 1)->proclitics & (MARSAD_CL_BI | MARSAD_CL_LI))));
        if (!gap && holds && place_rank(p) <= place_rank(m)) return p;
    }
    return m;
}

/* The casualty slot of a word (قتلوا، أصيبوا) that follows the people
 * counted from token a (a person noun or party, its adjectives, من and the
 * parties they belong to), or NULL. */
static const char *counted_then_casualty(const marsad_doc *d, size_t a, size_t s1) {
    if (a >= s1 || (!agent_word(d, a) && !actor_in(d, a, a + 1))) return NULL;
    for (size_t i = a + 1; i < s1 && i <= a + 8; i++) {
        const marsad_token *k = tok(d, i);
        if (k->kind != MARSAD_TOK_WORD) return NULL;
        const marsadMatch *m = term_at(d, i);
        const kbTerm *c = m ? exTerm(d, m, KT_CASUALTY) : NULL;
        /* (a bare word: قتلوا، أصيبوا; not القتلى) */
        if (c) return m->first == i && !(k->proclitics & MARSAD_CL_AL) ? S(d, c->f[0]) : NULL;
        if (m) return NULL; /* another event word */
        /* nouns and adjectives (حوثيا، عناصر، الشرطة) and the partitive من go
         * on; another function word ends the phrase */
        if (k->function_word && !stem_is(d, i, "من")) return NULL;
    }
    return NULL;
}

/* Whether a number phrase starts at token k. */
static int number_at(const marsad_text *t, size_t k) {
    for (size_t i = 0; i < t->nnum; i++)
        if (t->nums[i].first_token == k) return 1;
    return 0;
}

/* Whether a modality.tsv cue's value is a modality a cue sets (negated,
 * future, hypothetical, denied); claimed comes from the report, and the
 * other kinds (state, undergoes, another, agent, told, idiom) are not
 * modalities. */
static int sets_modality(const char *v) {
    return !strcmp(v, "negated") || !strcmp(v, "future") || !strcmp(v, "hypothetical") || !strcmp(v, "denied");
}

/* A casualty count belongs to the events of its clause: within 20 words of
 * the trigger (a long sentence lists several incidents with their tolls). */
#define COUNT_REACH 20

static const marsad_mention *civilians_of(marsad_doc *d, const exEvent *e, marsad_span ev, const char *why);

/* Whether token i is a residential target (cues.tsv target, value CVL). */
static int residential_at(const marsad_doc *d, size_t i) {
    const kbCue *c = cue_at(d, i, KC_TARGET);
    return c && !strcmp(S(d, c->value), "CVL");
}

/* The token of a residential target (cues.tsv target with value CVL: أحياء
 * سكنية، منازل) that event e hits: the object within five words after its
 * word, or the subject before a voice word (تعرضت الأحياء لقصف); or
 * (size_t)-1. */
static size_t civilian_target(const marsad_doc *d, const exEvent *e, size_t s0, size_t s1) {
    size_t ti = e->trig_tok, te = ti + e->trig_n;
    for (size_t i = te; i < s1 && i < te + 5; i++) {
        const marsad_token *k = tok(d, i);
        const marsadMatch *m = term_at(d, i);
        /* (another event word: هجمات المقاومة بقصف أحياء) */
        if (k->kind == MARSAD_TOK_PUNCT || cue_at(d, i, KC_CLAUSE) || (m && exTerm(d, m, KT_TRIGGER) && !exTerm(d, m, KT_MODE)))
            break;
        if (residential_at(d, i)) return i;
    }
    if (!undergoes(d, ti, s0)) return (size_t)-1;
    for (size_t i = ti; i-- > s0 && i + UNDERGO_REACH + 1 > ti;)
        if (residential_at(d, i)) return i;
    return (size_t)-1;
}

static marsad_mention *coded_actor(marsad_doc *d, const marsad_mention *base, const char *iso, const char *sector,
                                   const char *why);

/* The forces of the country whose nationality adjective follows strike
 * noun e (القصف التركي، الضربات الجوية الأمريكية: one adjective such as
 * الجوية may come between), or NULL. */
static const marsad_mention *strike_nationality(marsad_doc *d, const exEvent *e, size_t s1) {
    size_t te = e->trig_tok + e->trig_n;
    for (size_t i = te; i < s1 && i <= te + 1; i++) {
        const marsad_token *k = tok(d, i);
        /* an adjective agrees with its noun in definiteness */
        if (k->kind != MARSAD_TOK_WORD ||
            !(k->proclitics & MARSAD_CL_AL) != !(tok(d, e->trig_tok)->proclitics & MARSAD_CL_AL))
            return NULL;
        const marsadMatch *m = entity_match_at(d, i);
        const kbNode *node = m && m->n == 1 ? &d->kb->nodes[m->node] : NULL;
        for (uint32_t q = 0; node && q < node->n_payload; q++) {
            const kbPayload *p = &d->kb->payloads[node->first_payload + q];
            if (p->kind == KP_NATION && d->kb->nations[p->index].kind == 2 && d->kb->nations[p->index].iso3[0]) {
                marsad_mention *x = coded_actor(d, NULL, d->kb->nations[p->index].iso3, "MIL",
                                                "a strike of a nationality: its forces");
                if (x) {
                    marsad_span sp = span_of(d, i, 1);
                    x->start = sp.start;
                    x->end = sp.end;
                    x->text = sp.text;
                    x->first_token = i;
                    x->n_tokens = 1;
                }
                return x;
            }
        }
    }
    return NULL;
}

/* The party that holds what event e hits: سيطرة after a state word (تحت
 * سيطرة X، الخاضعة لسيطرة X: modality.tsv `state`) in the event's clause,
 * within ten words after its word, and the party right after it; or NULL. */
static const marsad_mention *holder_of_target(const marsad_doc *d, const exEvent *e, size_t s1) {
    size_t te = e->trig_tok + e->trig_n;
    for (size_t i = te + 1; i + 1 < s1 && i < te + 10; i++) {
        const marsad_token *k = tok(d, i);
        if (k->kind == MARSAD_TOK_PUNCT || cue_at(d, i, KC_CLAUSE)) break;
        if (strcmp(k->stem, "سيطره") != 0) continue;
        if (!modality_cue_at(d, i - 1, "state", NULL) && !(k->proclitics & MARSAD_CL_LI)) continue;
        return actor_in(d, i + 1, i + 2);
    }
    return NULL;
}

static void args(marsad_doc *d, exEvent *e, const source *src) {
    const marsad_text *t = d->text;
    const marsad_sentence *s = &t->sents[tok(d, e->trig_tok)->sentence];
    size_t s0 = s->first_token, s1 = s->first_token + s->n_tokens, ti = e->trig_tok;
    const char *type = e->pub.type;
    const kbTerm *trig = NULL;
    const marsadMatch *tm = term_at(d, ti);
    if (tm) trig = exTerm(d, tm, KT_TRIGGER);
    int verb = trig && is_verb_use(d, ti, trig);
    /* actors of the sentence, split around the trigger */
    const marsad_mention *before[32], *after[32], *victim[8];
    size_t nb = 0, na = 0, nv = 0;
    for (size_t i = 0; i < d->n_mentions; i++) {
        const marsad_mention *m = &d->mentions[i];
        if (m->kind != MARSAD_MENTION_ACTOR || m->first_token < s0 || m->first_token >= s1) continue;
        /* names only the tagger found have no code: they stay mentions */
        if (!m->actor.code) continue;
        /* the source of the report (قال المرصد: قصفت الطائرات) tells
         * of the event; it is not a party to it */
        /* (the source itself: within its span, or covering its head word
         * as وزارة الداخلية العراقية covers وزارة, unless an armed force
         * announcing its own act; not the party of a source inside it,
         * مصدر في المقاومة, often the actor) */
        if (src && src->present &&
            ((m->start >= src->start && m->end <= src->end) ||
             (m->start <= src->start && m->end > src->start && !armed_sector(m->actor.sector))) &&
            (e->trig_tok < m->first_token || !is_speech_act(type)))
            continue;
        /* القوات الموالية للحكومة: the patron of the forces named before is
         * not a party of its own */
        if (m->first_token >= s0 + 2 && !strncmp(tok(d, m->first_token - 1)->stem, "موالي", 10) &&
            (tok(d, m->first_token)->proclitics & MARSAD_CL_LI) && actor_in(d, m->first_token - 2, m->first_token - 1))
            continue;
        /* مسلحي ميليشيات قسد، 30 مسلحا من عناصر داعش: unnamed gunmen of a
         * group named right after are that group */
        if (gunmen_of_named(d, m)) continue;
        /* هجوما انتحاريا، هجوم إرهابي، الهجوم الإرهابي: a role noun right
         * after an event noun, as definite as it, is its adjective */
        if (m->n_tokens == 1 && m->first_token > s0 && m->reason && !strncmp(m->reason, "agent noun,", 11)) {
            size_t p = m->first_token - 1;
            const marsadMatch *pm = term_at(d, p);
            const kbTerm *pt = pm ? exTerm(d, pm, KT_TRIGGER) : NULL;
            if (pt && pm->first + pm->n == m->first_token && !is_verb_use(d, pm->first, pt) &&
                !(tok(d, m->first_token)->proclitics & MARSAD_CL_AL) == !(tok(d, p)->proclitics & MARSAD_CL_AL))
                continue;
        }
        /* outlets and reporters tell of events; they are not their parties */
        if (m->actor.sector && (!strcmp(m->actor.sector, "JRN") || !strcmp(m->actor.sector, "MED")))
            continue;
        if (!is_two_sided(d, type) && victims(d, m, s0, s1)) {
            if (nv < 8) victim[nv++] = m;
            continue;
        }
        if (m->first_token + m->n_tokens <= ti && nb < 32) before[nb++] = m;
        else if (m->first_token > ti && na < 32) after[na++] = m;
    }
    /* مقتل 5 من مسلحي X وقوات Y: the party joined to the dead is dead too */
    for (size_t v = 0; v < nv; v++) {
        size_t end = victim[v]->first_token + victim[v]->n_tokens;
        for (int pass = 0; pass < 2; pass++) {
            const marsad_mention **arr = pass ? after : before;
            size_t *cnt = pass ? &na : &nb;
            for (size_t i = 0; i < *cnt; i++) {
                const marsad_mention *c = arr[i];
                if (c->first_token != end || !(tok(d, c->first_token)->proclitics & MARSAD_CL_WA) || nv >= 8) continue;
                victim[nv++] = c;
                memmove(&arr[i], &arr[i + 1], (*cnt - i - 1) * sizeof *arr);
                (*cnt)--;
                break;
            }
        }
    }
    size_t nact = 0, nrec = 0;
    /* agent and target markers */
    for (size_t i = 0; i < na; i++) {
        int mk = marker_before(d, after[i]->first_token, s0);
        /* the agent of this event, not of one told later in the sentence */
        if (mk == 1 && !trigger_between(d, ti + e->trig_n, after[i]->first_token)) add_actor(e->actors, &nact, after[i]);
        if (mk == 2) add_actor(e->recips, &nrec, after[i]);
    }
    /* هجوم شنه مسلحون، كمين نصبته المقاومة، القذائف التي أطلقتها
     * المعارضة، هجوم بقاذفة صواريخ شنه متمردون: the subject of an agent
     * verb just after the event noun (past its adjective, a relative
     * pronoun or its weapon) made it */
    if (!verb && !nact) {
        for (size_t q = ti + e->trig_n; q < s1 && q <= ti + e->trig_n + 3; q++) {
            if (tok(d, q)->kind == MARSAD_TOK_PUNCT) break;
            if (!modality_cue_at(d, q, "agent", NULL)) continue;
            for (size_t i = 0; i < na; i++)
                if (after[i]->first_token > q && after[i]->first_token <= q + 3) {
                    add_actor(e->actors, &nact, after[i]);
                    break;
                }
            break;
        }
    }
    const marsad_mention *first_after = na ? after[0] : NULL;
    const marsad_mention *nearest_before = nb ? before[nb - 1] : NULL;
    if (nearest_before && ti - (nearest_before->first_token + nearest_before->n_tokens) > 20)
        nearest_before = NULL;
    if (is_two_sided(d, type)) {
        add_actor(e->actors, &nact, nearest_before);
        for (size_t i = 0; i < na && i < 3; i++)
            if (after[i]->first_token - ti <= 15) add_actor(e->actors, &nact, after[i]);
    } else if (!nact) {
        int vs = verb && first_after && first_after->first_token - ti <= 4 &&
                 !marker_before(d, first_after->first_token, s0);
        /* a noun trigger takes its perpetrator with ل (غارات لطيران التحالف،
         * هجوم للحوثيين): a ل word within three words, the actor at it or
         * right after it */
        int ns = 0;
        if (!verb && first_after && first_after->first_token <= ti + 4 &&
            marker_before(d, first_after->first_token, s0) != 2) {
            for (size_t q = ti + 1; q <= first_after->first_token && q < s1; q++)
                if ((tok(d, q)->proclitics & MARSAD_CL_LI) && first_after->first_token <= q + 1)
                    ns = 1;
        }
        /* a strike noun in construct with a party (غارات التحالف، قصف
         * الطيران، صواريخ الحوثي): the party is the one striking */
        int cs = !verb && is_strike(type) && first_after && first_after->first_token == ti + e->trig_n &&
                 !(tok(d, ti)->proclitics & MARSAD_CL_AL) && !ends_with(tok(d, ti)->norm, "ا");
        /* سيطرة المقاومة على، هجوم الحوثيين على: an event noun's party in
         * construct, followed by the target's على or ضد, is its subject */
        int ss = 0;
        if (!verb && first_after && first_after->first_token == ti + e->trig_n) {
            size_t after_end = first_after->first_token + first_after->n_tokens;
            ss = after_end < s1 && (stem_is(d, after_end, "علي") || stem_is(d, after_end, "ضد"));
        }
        /* هروب عدد من قياديي داعش، انسحاب القوات، استسلام المسلحين: the
         * party after an intransitive noun of movement is its subject */
        int ms = !verb && first_after && first_after->first_token <= ti + e->trig_n + 3 &&
                 (!strcmp(type, "prison-break") || !strcmp(type, "withdrawal") || !strcmp(type, "surrender")) &&
                 !marker_before(d, first_after->first_token, s0);
        /* الضربات الجوية الأمريكية، القصف التركي، الغارات الروسية: a
         * strike noun with a nationality adjective is that country's forces'
         * (no party named right after it) */
        const marsad_mention *national = NULL;
        if (!verb && is_strike(type) && !(first_after && first_after->first_token <= ti + e->trig_n + 1))
            national = strike_nationality(d, e, s1);
        if (vs || ns || cs || ss || ms) add_actor(e->actors, &nact, first_after);
        else if (national) add_actor(e->actors, &nact, national);
        else add_actor(e->actors, &nact, nearest_before);
    }
    /* أوساط داخل قسد تؤكد الانسحاب، مصدر في المقاومة: عملية تحرير: an
     * armed party speaking of an act no one is named doing tells its own */
    if (!nact && src && src->present && src->party && armed_sector(src->party->actor.sector) &&
        !is_two_sided(d, type) && !nv)
        add_actor(e->actors, &nact, src->party);
    /* coordinated parties (ميليشيات الحوثي وقوات صالح، المقاومة والجيش)
     * share a role: the actors' partners join them before the recipients
     * are chosen */
    coordinated(d, e->actors, &nact, NULL, 0, before, nb, after, na);
    /* taking ground from a party (تحرير القرى من المسلحين، طرد التنظيم من
     * البلدة): the party after من is the one that lost it */
    if (!strcmp(type, "seizure") && !nrec) {
        for (size_t i = 0; i < na; i++) {
            size_t f = after[i]->first_token;
            if (f > ti + 12) break;
            int taken = 0;
            for (size_t k = 0; k < nact; k++) taken |= e->actors[k] == after[i];
            if (!taken && f > s0 && stem_is(d, f - 1, "من")) {
                add_actor(e->recips, &nrec, after[i]);
                break;
            }
        }
    }
    if (!is_two_sided(d, type) && !nrec) {
        for (size_t i = 0; i < na; i++) {
            int dup = 0;
            for (size_t k = 0; k < nact; k++) dup |= e->actors[k] == after[i];
            if (!dup && after[i]->first_token - ti <= 6) {
                add_actor(e->recips, &nrec, after[i]);
                break;
            }
        }
    }
    /* the dead and wounded counted in the sentence are the targets */
    if (!nrec)
        for (size_t i = 0; i < nv; i++) add_actor(e->recips, &nrec, victim[i]);
    coordinated(d, e->recips, &nrec, e->actors, nact, before, nb, after, na);
    /* تعرضت القوات لهجوم: the party before the voice word undergoes it */
    if (!is_two_sided(d, type) && undergoes(d, ti, s0)) {
        nrec = 0; /* those after it are its agents, if anyone */
        for (size_t i = 0; i < nact; i++)
            if (e->actors[i]->first_token < ti && !marker_before(d, e->actors[i]->first_token, s0)) {
                add_actor(e->recips, &nrec, e->actors[i]);
                e->actors[i--] = e->actors[--nact];
            }
    }
    /* the detainees moved are the recipients of a transfer (معتقلي تنظيم
     * داعش: the group after the detainee noun) */
    if (!strcmp(type, "prisoner-transfer")) {
        size_t lo = ti >= s0 + 12 ? ti - 12 : s0;
        for (size_t c = captives_in(d, lo, ti + 6 < s1 ? ti + 6 : s1); c != (size_t)-1;
             c = captives_in(d, c + 1, ti + 6 < s1 ? ti + 6 : s1)) {
            const marsad_mention *g = actor_in(d, c + 1, c + 4);
            if (!g) g = actor_in(d, c, c + 1);
            if (!g) continue;
            for (size_t i = 0; i < nact; i++)
                if (e->actors[i] == g || !strcmp(e->actors[i]->actor.code, g->actor.code))
                    e->actors[i--] = e->actors[--nact];
            add_actor(e->recips, &nrec, g);
        }
    }
    /* an airstrike is flown by a state or a coalition: an armed group
     * found as its actor is its target (غارات على مواقع الحوثيين) */
    if (!strcmp(type, "airstrike")) {
        for (size_t i = 0; i < nact; i++) {
            const char *sec = e->actors[i]->actor.sector ? e->actors[i]->actor.sector : "";
            if (!strcmp(sec, "MIL") || !strcmp(sec, "GOV") || !strcmp(sec, "IGO") || !strcmp(sec, "SPY"))
                continue;
            add_actor(e->recips, &nrec, e->actors[i]);
            e->actors[i--] = e->actors[--nact];
        }
    }
    /* an airstrike with no one named flying it: the air force or coalition
     * the article named last (a coder's reading of "غارات على ...") */
    if (!strcmp(type, "airstrike") && !nact) {
        uint32_t sent = tok(d, ti)->sentence;
        /* a coalition named in reach is preferred to an army */
        const marsad_mention *flyer = NULL, *army = NULL;
        for (size_t i = d->n_mentions; i-- > 0 && !flyer;) {
            const marsad_mention *m = &d->mentions[i];
            if (m->first_token >= ti || m->kind != MARSAD_MENTION_ACTOR || !m->actor.code) continue;
            if (tok(d, m->first_token)->sentence + 5 < sent) break;
            const char *sec = m->actor.sector ? m->actor.sector : "";
            if (!strcmp(sec, "IGO")) flyer = m;
            else if (!army && !strcmp(sec, "MIL") && m->actor.country) army = m;
        }
        if (!flyer) flyer = army;
        int taken = 0;
        for (size_t k = 0; flyer && k < nrec; k++) taken |= !strcmp(e->recips[k]->actor.code, flyer->actor.code);
        if (flyer && !taken) add_actor(e->actors, &nact, flyer);
    }
    /* civilians are victims, not perpetrators, of one-sided violence */
    for (size_t i = 0; i < nact; i++)
        if (!is_two_sided(d, type) && e->actors[i]->actor.sector &&
            !strcmp(e->actors[i]->actor.sector, "CVL")) {
            add_actor(e->recips, &nrec, e->actors[i]);
            e->actors[i--] = e->actors[--nact];
        }
    /* a party does not act on itself: a code among the actors is not also
     * a recipient */
    for (size_t i = 0; i < nrec; i++) {
        int self = 0;
        for (size_t k = 0; k < nact; k++)
            self |= e->recips[i]->actor.code && e->actors[k]->actor.code &&
                    !strcmp(e->recips[i]->actor.code, e->actors[k]->actor.code);
        if (self) {
            memmove(&e->recips[i], &e->recips[i + 1], (nrec - i - 1) * sizeof *e->recips);
            nrec--;
            i--;
        }
    }
    e->pub.n_actor = nact;
    e->pub.n_recipient = nrec;
    /* places */
    const marsad_mention *loc = NULL, *wide = NULL, *orig = NULL, *dest = NULL;
    double loc_score = -1e9, wide_score = -1e9;
    for (size_t i = 0; i < d->n_mentions; i++) {
        const marsad_mention *m = &d->mentions[i];
        if (m->kind != MARSAD_MENTION_PLACE || m->first_token < s0 || m->first_token >= s1) continue;
        /* a bare kind word (المنطقة، المناطق، محافظتي) that names no place
         * before it is not a place */
        if (m->n_tokens == 1 && !m->resolved && cue_word(d, m->first_token)) continue;
        /* كوباني السورية (عين العرب): a name in brackets after a place is
         * its other name; the place is named first */
        if (alias_in_brackets(d, m)) continue;
        int mk = place_marker(d, m);
        if (is_movement(type) && m->first_token > ti) {
            /* not another clause's or another movement's (... كما نقلت
             * باتجاه X; هروب ... ومن ثم نقلهم باتجاه X), but one joined
             * to it by و (بتحشدات ونقل الأسلحة إلى X) */
            int own = separation(d, ti, m->first_token) < CLAUSE_STEP &&
                      !movement_between(d, ti + e->trig_n, m->first_token, type);
            if (mk == 1 && !orig && own) orig = m;
            if (mk == 2 && !dest && own) dest = m;
            if (mk) continue;
        }
        /* the most specific place; unresolved names count as specific */
        double score = place_rank(m);
        /* the place the event word governs: في، ب right after it (or after
         * its adjective) */
        if (m->first_token > ti && m->first_token <= ti + e->trig_n + 2) {
            size_t pq = m->first_token - 1;
            const marsad_token *pk = tok(d, m->first_token);
            if (stem_is(d, pq, "في") || (pk->proclitics & MARSAD_CL_BI)) score += 2;
        }
        if (score > wide_score || (score == wide_score && nearer(wide, m, ti))) {
            wide = m;
            wide_score = score;
        }
        /* where it happened is named near the event word: a long sentence
         * names the places of other clauses too (a level of specificity
         * per PLACE_STEP words) */
        size_t te = ti + e->trig_n;
        size_t dist = m->first_token >= te ? m->first_token - te : ti - (m->first_token + m->n_tokens - 1);
        score -= (double)dist / PLACE_STEP;
        score -= separation(d, ti, m->first_token);
        if (score > loc_score || (score == loc_score && nearer(loc, m, ti))) {
            loc = m;
            loc_score = score;
        }
    }
    /* statements (accusations, threats, denials, claims) are not placed by
     * the places they mention */
    if (!strcmp(type, "accusation") || !strcmp(type, "threat") || !strcmp(type, "denial") ||
        !strcmp(type, "claim-responsibility"))
        loc = wide = NULL;
    if (is_movement(type) && (orig || dest)) loc = wide = orig ? orig : dest;
    else loc = list_container(d, loc);
    e->pub.location = named_place(d, loc);
    /* the most specific place of the sentence tells whether two mentions
     * can be one event */
    e->region = named_place(d, wide);
    e->pub.origin = named_place(d, orig);
    e->pub.destination = named_place(d, dest);
    /* quantities and counts: number phrases of the sentence */
    const kbType *cty = find_type(d, type);
    const char *carried = cty ? S(d, cty->col[19]) : "";
    size_t nq = 0, last_end = 0;
    const char *last_slot = NULL; /* the slot of the last count, for و + number */
    for (size_t i = 0; i < t->nnum; i++) {
        const marsad_number *n = &t->nums[i];
        if (n->first_token < s0 || n->first_token >= s1 || n->ordinal) continue;
        size_t nt = n->first_token + n->n_tokens;
        /* a casualty word before or after the number decides a count */
        const char *slot = NULL;
        /* the nearest first: قتيلا وأصيب 46 is 46 injured */
        const long near[4] = {(long)n->first_token - 1, (long)nt, (long)n->first_token - 2, (long)nt + 1};
        for (size_t ki = 0; ki < 4 && !slot; ki++) {
            long k = near[ki];
            if (k < (long)s0 || k >= (long)s1) continue;
            const marsadMatch *m = term_at(d, (size_t)k);
            const kbTerm *c = m ? exTerm(d, m, KT_CASUALTY) : NULL;
            if (c) slot = S(d, c->f[0]);
        }
        /* 15 مسلحا حوثيا قتلوا، 17 فردا من المتمردين وقوات صالح قتلوا: the
         * counted people, then the verb of their death or injury */
        if (!slot) slot = counted_then_casualty(d, nt, s1);
        const marsad_token *next = nt < s1 ? tok(d, nt) : NULL;
        if (next && next->kind == MARSAD_TOK_PUNCT && next->punct == MARSAD_PUNCT_OTHER) continue; /* % */
        if (n->value >= 1900 && n->value <= 2100 && !tok(d, n->first_token)->is_number_word)
            continue; /* a year */
        if (n->approx) continue;
        /* اعتقال 5 أشخاص، خطف 3 جنود: the number an arrest or abduction is
         * about counts the arrested (GUIDELINES: captured included) */
        if (!slot && (!strcmp(type, "arrest") || !strcmp(type, "abduction")) &&
            n->first_token > ti && n->first_token <= ti + e->trig_n + 3)
            slot = "arrested";
        /* مقتل 7 جنود من الجيش و5 من المسلحين: a number joined by
         * و to a count, without a word of its own, adds to that count */
        int sum = 0;
        if (!slot && last_slot && n->first_token <= last_end + 4 &&
            ((tok(d, n->first_token)->proclitics & MARSAD_CL_WA) ||
             (n->first_token > s0 && !strcmp(tok(d, n->first_token - 1)->norm, "و")))) {
            slot = last_slot;
            sum = 1;
        }
        if (slot) {
            if (!(n->value < 9e18)) continue; /* not a count, and over a long */
            /* the counts the type carries (ontology.tsv): a claim's or a
             * truce's toll is its attack's, a capture counts the captured */
            if (!feature_list_has(carried, slot)) {
                last_slot = slot;
                last_end = nt;
                continue;
            }
            {
                size_t te = ti + e->trig_n;
                if (!(n->first_token < te + COUNT_REACH && nt + COUNT_REACH > ti)) continue;
            }
            /* مقتل ستة مدنيين: the dead of one-sided violence are its targets */
            if (!is_two_sided(d, type) && strcmp(slot, "arrested") != 0 && nt < s1) {
                const marsad_mention *v = actor_in(d, nt, nt + 1);
                if (v && !gunmen_of_named(d, v)) {
                    int taken = 0;
                    for (size_t k = 0; k < e->pub.n_actor; k++)
                        taken |= !strcmp(e->actors[k]->actor.code, v->actor.code);
                    if (!taken) add_actor(e->recips, &e->pub.n_recipient, v);
                }
            }
            long v = (long)n->value;
            long *cnt = !strcmp(slot, "dead") ? &e->pub.dead : !strcmp(slot, "injured") ? &e->pub.injured
                      : !strcmp(slot, "arrested") ? &e->pub.arrested : NULL;
            /* two sides' losses add up (مقتل 17 من الحوثيين ... فيما قتل
             * 3 من المقاومة), unless the number is part of the one told
             * (بينهم، منهم) */
            if (!sum && cnt && *cnt >= 0 && is_two_sided(d, type) && !subset_count(d, n->first_token, s0))
                sum = 1;
            if (cnt) *cnt = sum && *cnt >= 0 ? *cnt + v : v;
            last_slot = slot;
            last_end = nt;
            continue;
        }
        /* a time unit (3 أيام) is not a quantity */
        const marsadMatch *um = next ? term_at(d, nt) : NULL;
        if (um && exTerm(d, um, KT_TIME)) continue;
        if (nq >= EX_MAX_ARGS || n->value <= 0) continue;
        const char *unit = "other";
        if (next) {
            for (size_t k = 0; k < d->n_mentions; k++)
                if (d->mentions[k].first_token == nt && d->mentions[k].kind == MARSAD_MENTION_ACTOR)
                    unit = "person";
            /* حافلات، مواقع، غارات (cues.tsv unit) */
            const kbCue *u = cue_at(d, nt, KC_UNIT);
            if (u) unit = S(d, u->value);
            if (!strcmp(unit, "other") && (next->lexicon == 1 || next->lexicon == 2)) {
                /* a person noun (agents.tsv) */
                const marsadMatch *am = entity_match_at(d, nt);
                const kbNode *node = am ? &d->kb->nodes[am->node] : NULL;
                for (uint32_t q = 0; node && q < node->n_payload; q++)
                    if (d->kb->payloads[node->first_payload + q].kind == KP_AGENT) unit = "person";
            }
        }
        if (!strcmp(unit, "other")) continue; /* only people, vehicles, sites, strikes */
        /* the number counts this event's things when it is near the trigger
         * (شن 5 غارات، نقل 750 إرهابيا), not another clause's */
        size_t te = ti + e->trig_n;
        /* a movement's subject comes first (ثلاث حافلات وبداخلها ... خرجت) */
        size_t reach_back = is_movement(type) ? 20 : 8;
        if (!(n->first_token < te + 8 && nt + reach_back > ti)) continue;
        if (!quantity_fits(type, unit)) continue;
        marsad_quantity *q = &e->q[nq++];
        q->value = n->value;
        q->approx = 0;
        q->unit = unit;
        q->span = span_of(d, n->first_token, (next ? nt + 1 : nt) - n->first_token);
    }
    e->pub.n_quantities = nq;
    /* مقتل جندي، قتل عنصر أمني، مقتل أحد قادته: a casualty word before
     * one person (an indefinite singular noun of agents.tsv, أحد) counts
     * one, when no number gave the count */
    for (size_t i = 0; i < d->n_terms && d->terms[i].first < s1; i++) { /* (terms in text order) */
        const marsadMatch *m = &d->terms[i];
        if (m->first < s0) continue;
        size_t k = m->first + m->n, te = ti + e->trig_n;
        const kbTerm *c = exTerm(d, m, KT_CASUALTY);
        if (!c || k >= s1 || !(m->first < te + COUNT_REACH && k + COUNT_REACH > ti)) continue;
        const char *slot = S(d, c->f[0]);
        long *cnt = !strcmp(slot, "dead") ? &e->pub.dead : !strcmp(slot, "injured") ? &e->pub.injured : NULL;
        /* (a clash's other side: فيما قتل أحد رجال المقاومة adds one) */
        if (!cnt || (*cnt >= 0 && !is_two_sided(d, type)) || !feature_list_has(carried, slot)) continue;
        const marsad_token *w = tok(d, k);
        const kbAgent *a = agent_word(d, k);
        /* (قتله: the pronoun is the victim, the noun after is not) */
        const marsad_token *ck = tok(d, k - 1);
        if (w->kind != MARSAD_TOK_WORD || (w->proclitics & (MARSAD_CL_AL | MARSAD_CL_WA)) ||
            (ck->enclitic && *ck->enclitic) || number_at(t, k))
            continue; /* (أحد عشر is eleven, counted above) */
        if (!strcmp(w->norm, "احد") || !strcmp(w->norm, "احدي") || (a && a->number == 1)) *cnt = *cnt >= 0 ? *cnt + 1 : 1;
    }
    /* قصف مناطق تحت سيطرة المعارضة، قرى خاضعة لسيطرة التنظيم: the party
     * holding the areas hit is the target */
    if (!e->pub.n_recipient && !strcmp(plover_of(d, type), "ASSAULT") && !is_two_sided(d, type)) {
        const marsad_mention *holder = holder_of_target(d, e, s1);
        if (holder) add_actor(e->recips, &e->pub.n_recipient, holder);
    }
    /* قصف الأحياء السكنية: homes and residential quarters hit, no party
     * named as the target, are the civilians' */
    if (!e->pub.n_recipient && !strcmp(plover_of(d, type), "ASSAULT") && !is_two_sided(d, type)) {
        size_t at = civilian_target(d, e, s0, s1);
        const marsad_mention *c =
            at != (size_t)-1 ? civilians_of(d, e, span_of(d, at, 1), "residential target: civilians") : NULL;
        if (c) add_actor(e->recips, &e->pub.n_recipient, c);
    }
}



#define MOD_REACH_MAX 30

/* How many words before the event a modality cue of this scope reaches. */
static size_t scope_reach(const char *scope) {
    if (!strcmp(scope, "before-verb") || !strcmp(scope, "before-noun")) return 2;
    if (!strcmp(scope, "complement")) return 4;
    if (!strcmp(scope, "clause")) return 6;
    if (!strcmp(scope, "sentence")) return MOD_REACH_MAX;
    return 0; /* after-noun, prefix: not before it */
}

static int irrealis(const char *modality) {
    return !strcmp(modality, "future") || !strcmp(modality, "hypothetical");
}

static void modality(marsad_doc *d, exEvent *e, const source *src_in, size_t rep_tok,
                     size_t rep_end) {
    size_t ti = e->trig_tok;
    const marsad_token *k = tok(d, ti);
    const marsad_sentence *s = &d->text->sents[k->sentence];
    const char *mod = NULL;
    source src = *src_in;
    /* a report covers what follows its verb; an event told before the
     * verb is in the outlet's own voice (except بحسب / وفقا ل, which
     * cover the whole sentence) */
    if (src.present && rep_tok != (size_t)-1 && ti < rep_tok) src.present = 0;
    if (src.present && ti >= rep_end) src.present = 0;
    if (is_speech_act(e->pub.type)) {
        /* accusations, threats, denials and claims are events the outlet
         * reports as made: asserted, with the speaker as the source */
        memset(&src, 0, sizeof src);
        const marsad_mention *a = e->pub.n_actor ? e->actors[0] : NULL;
        if (!a) { /* the speaker: the nearest party of the sentence */
            size_t best = (size_t)-1;
            for (size_t q = 0; q < d->n_mentions; q++) {
                const marsad_mention *m = &d->mentions[q];
                if (m->kind != MARSAD_MENTION_ACTOR || !m->actor.code ||
                    tok(d, m->first_token)->sentence != k->sentence)
                    continue;
                size_t dd = m->first_token > ti ? m->first_token - ti : ti - m->first_token;
                if (dd < best) {
                    best = dd;
                    a = m;
                }
            }
        }
        if (a) {
            src.present = 1;
            src.text = a->text;
            src.start = a->start;
            src.end = a->end;
            src.entity = a->actor.code;
            src.type = source_type_of_actor(d, a);
        }
    }
    const marsadMatch *tm = term_at(d, ti);
    const kbTerm *tt = tm ? exTerm(d, tm, KT_TRIGGER) : NULL;
    /* بزعم استسلامهم، بادعاء: a doubting noun right before the event gives
     * its stance */
    for (size_t back = 1; back <= 2 && ti >= s->first_token + back; back++) {
        const marsadMatch *m = term_at(d, ti - back);
        const kbTerm *r = m ? exTerm(d, m, KT_REPORT) : NULL;
        if (r && !strcmp(S(d, r->f[0]), "noun") && strcmp(S(d, r->f[1]), "neutral") != 0) {
            src.stance = S(d, r->f[1]);
            src.verb = span_of(d, m->first, m->n).text;
            break;
        }
    }
    if (k->proclitics & MARSAD_CL_SA) mod = "future";
    /* a future verb governing the event (ستبدأ خلال الفترة القادمة بالتعرض،
     * سيواصل الجيش قصف) */
    for (size_t back = 1; back <= 5 && !mod && ti >= s->first_token + back; back++) {
        const marsad_token *p = tok(d, ti - back);
        if (p->kind == MARSAD_TOK_PUNCT) break;
        if (p->proclitics & MARSAD_CL_SA) mod = "future";
    }
    /* ل + a verbal noun: the purpose of an act, not yet done (لاستعادة) */
    if (!mod && (k->proclitics & MARSAD_CL_LI) && tt && !strcmp(S(d, tt->f[0]), "noun") &&
        (e->trig_n == 1 || (e->trig_n == 2 && tok(d, ti + 1)->function_word)) && /* للسيطرة على */
        !ends_with(k->norm, "ات") && !undergoes(d, ti, s->first_token))
        mod = "future"; /* not لطائرات الاستطلاع: ل of possession */
    /* a cue after the event noun (هجوم مرتقب، الهجوم المزعوم) */
    for (size_t q = ti + e->trig_n; q <= ti + e->trig_n + 1 && q < s->first_token + s->n_tokens && !mod; q++) {
        const marsadMatch *m = term_at(d, q);
        const kbTerm *mt = m ? exTerm(d, m, KT_MODALITY) : NULL;
        if (!mt || strcmp(S(d, mt->f[1]), "after-noun") != 0) continue;
        if (!strcmp(S(d, mt->f[0]), "another")) {
            /* one indefinite occurrence: الهجمات الأخرى is 'the other
             * attacks', told before; هجومان آخران sums up incidents told
             * after */
            if (!(k->proclitics & MARSAD_CL_AL) && !(tok(d, q)->proclitics & MARSAD_CL_AL) &&
                e->trig_n == 1 && !ends_with(k->norm, "ات") && !ends_with(k->norm, "ان") &&
                !ends_with(k->norm, "ين"))
                e->another = 1;
        }
        else if (sets_modality(S(d, mt->f[0])))
            mod = S(d, mt->f[0]);
    }
    /* كما قصفت، كما شنت الطائرات غارات: a further incident of its kind
     * (an indefinite or verbal mention within three words) */
    for (size_t back = 1; back <= 3 && ti >= s->first_token + back && !(k->proclitics & MARSAD_CL_AL); back++) {
        const marsad_token *bk = tok(d, ti - back);
        if (bk->kind == MARSAD_TOK_PUNCT) break;
        const kbTerm *mt = modality_cue_at(d, ti - back, "another", NULL);
        if (mt && !strcmp(S(d, mt->f[1]), "before-verb")) e->another = 1;
    }
    /* cues before it, each within the reach of its scope (modality.tsv): a
     * negation governs the verb after it, not the next clause's event */
    for (size_t back = 1; back <= MOD_REACH_MAX && !mod && ti >= s->first_token + back; back++) {
        /* a new clause (كما، فيما، بينما; a comma) ends every cue's reach */
        const marsad_token *bk = tok(d, ti - back);
        if ((bk->kind == MARSAD_TOK_PUNCT && (bk->punct == MARSAD_PUNCT_COMMA || bk->punct == MARSAD_PUNCT_SEMICOLON)) ||
            !strcmp(bk->stem, "كما") || !strcmp(bk->stem, "فيما") || !strcmp(bk->stem, "بينما"))
            break;
        const marsadMatch *m = term_at(d, ti - back);
        const kbTerm *mt = m ? exTerm(d, m, KT_MODALITY) : NULL;
        if (!mt || m->first + m->n > ti) continue;
        if (back > scope_reach(S(d, mt->f[1]))) continue;
        const char *v = S(d, mt->f[0]);
        if (!strcmp(v, "hypothetical") && !strcmp(S(d, mt->term), "قد")) {
            /* قد + past is "already", not a possibility */
            /* the verb right after قد: imperfect with ي or ن (a ت- word is
             * as often a past form V or VI verb: قد تم، قد تمكن) */
            const char *vn = tok(d, m->first + m->n < ti ? m->first + m->n : ti)->norm;
            int imperfect = !strncmp(vn, "ي", 2) || !strncmp(vn, "ن", 2);
            if (!imperfect) continue;
        }
        if (!sets_modality(v)) continue; /* claimed: the report decides; state, agent...: not modalities */
        /* لم تسجل سوى ثلاث غارات، ما ... إلا: a negation with an exception
         * restricts (only three strikes), it does not negate */
        if (!strcmp(v, "negated")) {
            int except = 0;
            for (size_t q = m->first + m->n; q < ti; q++)
                except |= stem_is(d, q, "الا") || stem_is(d, q, "سوي");
            if (except) break;
        }
        mod = v;
    }
    /* اقتحام المدينة والسيطرة عليها: a verbal noun joined by و to the
     * event just before shares the cue that governs it */
    if (!mod && (k->proclitics & MARSAD_CL_WA) && d->ex->n >= 2) {
        const exEvent *p = &d->ex->ev[d->ex->n - 2];
        if (p->pub.sentence == e->pub.sentence && p->trig_tok < ti && ti <= p->trig_tok + p->trig_n + 5 &&
            irrealis(p->pub.modality))
            mod = p->pub.modality;
    }
    if (src.present && src.stance && !strcmp(src.stance, "deny") && !is_speech_act(e->pub.type))
        mod = "denied";
    if (mod) {
        e->pub.modality = mod;
        if (src.present) e->attributed = 1;
        else e->asserted = 1;
    } else if (is_speech_act(e->pub.type)) {
        e->pub.modality = "asserted";
        e->asserted = 1;
    } else if (src.present && strcmp(src.type ? src.type : "", "correspondent") != 0) {
        e->pub.modality = "claimed";
        e->attributed = 1;
    } else {
        e->pub.modality = "asserted";
        e->asserted = 1;
    }
    marsad_attribution *a = &e->pub.attribution;
    a->via = d->in.outlet;
    if (src.present) {
        a->source = src.text;
        a->source_type = src.type ? src.type : "anonymous";
        a->entity = src.entity;
        a->verb = src.verb;
        a->stance = src.stance;
        a->start = src.start;
        a->end = src.end;
    } else {
        a->source_type = "outlet";
    }
}

static void map_type(marsad_doc *d, exEvent *e) {
    const kbType *ty = e->type;
    if (!ty) return;
    const char *mode = e->mode;
    e->pub.plover_event = nul_if_empty(S(d, ty->col[1]));
    if (!strcmp(e->pub.modality, "future") && *S(d, ty->col[10])) e->pub.plover_event = S(d, ty->col[10]);
    e->pub.plover_mode = e->pub.plover_event ? nul_if_empty(mode) : NULL;
    e->pub.plover_context = S(d, ty->col[3]);
    const char *acled = S(d, ty->col[4]), *sub = S(d, ty->col[5]);
    int civ = 0, state = 0;
    for (size_t i = 0; i < e->pub.n_recipient; i++)
        if (e->recips[i]->actor.sector && !strcmp(e->recips[i]->actor.sector, "CVL")) civ = 1;
    for (size_t i = 0; i < e->pub.n_actor; i++) {
        const char *sec = e->actors[i]->actor.sector ? e->actors[i]->actor.sector : "";
        if (!strcmp(sec, "GOV") || !strcmp(sec, "MIL") || !strcmp(sec, "COP") || !strcmp(sec, "SPY"))
            state = 1;
    }
    if (civ && *S(d, ty->col[11])) {
        acled = S(d, ty->col[11]);
        sub = S(d, ty->col[12]);
    } else if (state && *S(d, ty->col[13])) {
        acled = S(d, ty->col[13]);
        sub = S(d, ty->col[14]);
    }
    /* acled_by_mode: "mode:type;sub|mode:type;sub" */
    const char *bm = S(d, ty->col[15]);
    if (mode && *bm) {
        size_t ml = strlen(mode);
        for (const char *p = bm; *p;) {
            size_t n = strcspn(p, "|");
            if (n > ml && !strncmp(p, mode, ml) && p[ml] == ':') {
                const char *semi = memchr(p, ';', n);
                if (semi) {
                    acled = marsadArenaStrndup(&d->arena, p + ml + 1, (size_t)(semi - p - ml - 1));
                    sub = marsadArenaStrndup(&d->arena, semi + 1, (size_t)(p + n - semi - 1));
                }
            }
            p += n + (p[n] == '|');
        }
    }
    e->pub.acled_event_type = nul_if_empty(acled);
    e->pub.acled_sub_event_type = nul_if_empty(sub);
    const char *cameo = S(d, ty->col[6]), *cm = S(d, ty->col[17]);
    if (mode && *cm) {
        size_t ml = strlen(mode);
        for (const char *p = cm; *p;) {
            size_t n = strcspn(p, "|");
            if (n > ml && !strncmp(p, mode, ml) && p[ml] == ':')
                cameo = marsadArenaStrndup(&d->arena, p + ml + 1, n - ml - 1);
            p += n + (p[n] == '|');
        }
    }
    e->pub.cameo = nul_if_empty(cameo);
}

#define MODE_REACH 12

/* The mode: the trigger's own, else a cue of the sentence the type allows;
 * for the strike types a cue of another strike type retypes the event. */
static void choose_mode(marsad_doc *d, exEvent *e, const kbTerm *trig) {
    const char *own = trig ? S(d, trig->f[2]) : "";
    if (*own && strcmp(own, "-") != 0) {
        e->mode = own;
        return;
    }
    const marsad_sentence *s = &d->text->sents[tok(d, e->trig_tok)->sentence];
    /* the cue nearest the trigger, within a clause's reach (a long
     * sentence tells of several strikes) */
    const char *cue = NULL;
    size_t best = MODE_REACH + 1, ti = e->trig_tok;
    for (size_t i = 0; i < d->n_terms; i++) {
        const marsadMatch *m = &d->terms[i];
        if (m->first < s->first_token || m->first >= s->first_token + s->n_tokens) continue;
        const kbTerm *c = exTerm(d, m, KT_MODE);
        const char *v = c ? S(d, c->f[0]) : NULL;
        /* وشن 6 غارات على ...، وقصف أهدافا أخرى: an event word of its own
         * mode before it, in the same sentence, tells how the strikes that
         * follow were made */
        if (!c && m->first + m->n <= ti) {
            const kbTerm *t = exTerm(d, m, KT_TRIGGER);
            const char *tm = t ? S(d, t->f[2]) : "";
            if (t && (double)t->weight >= 0.8 && (!strcmp(tm, "aerial") || !strcmp(tm, "drone"))) v = tm;
        }
        if (!v) continue;
        size_t dist = m->first >= ti ? m->first - ti : ti - (m->first + m->n - 1);
        if (dist < best) {
            best = dist;
            cue = v;
        }
    }
    const char *type = e->pub.type;
    int strike = !strcmp(type, "attack") || !strcmp(type, "airstrike") ||
                 !strcmp(type, "shelling") || !strcmp(type, "bombing");
    if (cue && strike) {
        const char *retype = NULL;
        if (!strcmp(cue, "aerial") || !strcmp(cue, "drone")) retype = "airstrike";
        else if (!strcmp(cue, "heavy-weapons")) retype = "shelling";
        else if (!strcmp(cue, "explosives") || !strcmp(cue, "suicide-attack")) retype = "bombing";
        if (retype && strcmp(retype, type) != 0) {
            const kbType *nt = find_type(d, retype);
            if (nt) {
                e->type = nt;
                e->pub.type = S(d, nt->col[0]);
            }
        }
    }
    const char *def = e->type ? S(d, e->type->col[2]) : "";
    const char *alt = e->type ? S(d, e->type->col[8]) : "";
    e->cued = cue != NULL;
    if (cue && (!strcmp(cue, def) || feature_list_has(alt, cue))) e->mode = cue;
    else e->mode = *def ? def : NULL;
}

/* Whether the word at ti is a part of the day here (time_words.tsv: فجر
 * 'dawn', not 'blew up'): before a day word (فجر الثلاثاء، فجر اليوم) or
 * after عند/منذ. */
static int time_reading(const marsad_doc *d, size_t ti) {
    const marsadMatch *m = term_at(d, ti);
    const kbTerm *t = m ? exTerm(d, m, KT_TIME) : NULL;
    if (!t || strcmp(S(d, t->f[0]), "part-of-day") != 0) return 0;
    if (ti > 0 && (stem_is(d, ti - 1, "عند") || stem_is(d, ti - 1, "منذ"))) return 1;
    const marsadMatch *n = ti + 1 < d->text->ntok ? term_at(d, ti + 1) : NULL;
    const kbTerm *nt = n ? exTerm(d, n, KT_TIME) : NULL;
    return nt && (!strcmp(S(d, nt->f[0]), "weekday") || !strcmp(S(d, nt->f[0]), "relative-day"));
}

/* Whether the trigger has the support its weight asks for: an ambiguous
 * word (weight < 0.7) needs an actor or a place in its sentence, a weak
 * one (< 0.55) both. */
static int supported(const marsad_doc *d, size_t ti, double w) {
    if (w >= 0.7) return 1;
    const marsad_sentence *s = &d->text->sents[tok(d, ti)->sentence];
    int actor = 0, place = 0;
    for (size_t i = 0; i < d->n_mentions; i++) {
        const marsad_mention *m = &d->mentions[i];
        if (m->first_token < s->first_token || m->first_token >= s->first_token + s->n_tokens)
            continue;
        if (m->kind == MARSAD_MENTION_ACTOR) actor = 1;
        else place = 1;
    }
    return w >= 0.55 ? (actor || place) : (actor && place);
}

/* Whether the sentence (or the one before) has a trigger that is not a
 * casualty word: then قتل، مقتل are mentions of that incident. */
static int other_trigger(const marsad_doc *d, const marsadMatch *self, const marsad_sentence *s) {
    size_t from = s->first_token;
    if (tok(d, from)->sentence > 0) from = d->text->sents[tok(d, from)->sentence - 1].first_token;
    for (size_t i = 0; i < d->n_terms; i++) {
        const marsadMatch *m = &d->terms[i];
        if (m == self || m->first < from || m->first >= s->first_token + s->n_tokens) continue;
        if (exTerm(d, m, KT_TRIGGER) && !exTerm(d, m, KT_CASUALTY)) return 1;
    }
    return 0;
}

/* A feature cue word (سجن، مطار، قاعدة) names a place, not an act. */

/* A weak trigger word (سقوط، تقدم، نقل) read as its other sense: a
 * stronger trigger in the sentence, or a casualty or weapon word right
 * after it (سقوط قذائف، سقوط قتلى). */
#define WEAK_REACH 20
/* Whether the object of an ambiguous word confirms its event reading. */
static int confirmed(const marsad_doc *d, const marsadMatch *self, const marsad_sentence *s,
                     const char *type) {
    size_t a = self->first, z = self->first + self->n, s0 = s->first_token, s1 = s0 + s->n_tokens;
    /* the object that confirms the reading: a place taken (سقوط المدينة),
     * detainees moved (نقل 750 معتقلا، حافلات وبداخلها معتقلون خرجت) */
    if (!strcmp(type, "seizure")) {
        for (size_t i = 0; i < d->n_mentions; i++) {
            const marsad_mention *x = &d->mentions[i];
            if (x->kind == MARSAD_MENTION_PLACE && x->first_token >= z && x->first_token <= z + 2)
                return 1;
        }
    }
    if (is_movement(type) &&
        captives_in(d, a >= s0 + 10 ? a - 10 : s0, z + 4 < s1 ? z + 4 : s1) != (size_t)-1)
        return 1;
    /* نشر تركيا قوات، نشرت الولايات المتحدة طائرات: forces deployed */
    if (!strcmp(type, "deployment")) {
        for (size_t i = 0; i < d->n_mentions; i++) {
            const marsad_mention *x = &d->mentions[i];
            if (x->kind == MARSAD_MENTION_ACTOR && x->actor.code && x->first_token >= z &&
                x->first_token <= z + 3 && x->actor.sector && strcmp(x->actor.sector, "CVL") != 0 &&
                strcmp(x->actor.sector, "JRN") != 0)
                return 1;
        }
    }
    if (!strcmp(type, "prisoner-transfer")) {
        for (size_t i = 0; i < d->text->nnum; i++) {
            const marsad_number *n = &d->text->nums[i];
            if (n->first_token >= z && n->first_token <= z + 1 && n->first_token + n->n_tokens < s1 &&
                actor_in(d, n->first_token + n->n_tokens, n->first_token + n->n_tokens + 1))
                return 1; /* نقل 750 إرهابيا */
        }
    }
    return 0;
}

static int weak_reading(const marsad_doc *d, const marsadMatch *self, const marsad_sentence *s,
                        const char *type) {
    if (confirmed(d, self, s, type)) return 0;
    size_t a = self->first, z = self->first + self->n;
    for (size_t i = 0; i < d->n_terms; i++) {
        const marsadMatch *m = &d->terms[i];
        if (m->first < s->first_token || m->first >= s->first_token + s->n_tokens || m == self)
            continue;
        const kbTerm *t = exTerm(d, m, KT_TRIGGER);
        /* a stronger word for the event near it */
        if (t && (double)t->weight >= 0.8 && !exTerm(d, m, KT_CASUALTY) && m->first + WEAK_REACH >= a &&
            m->first <= z + WEAK_REACH)
            return 1;
        /* عملية النقل، عمليات رصد: the noun after names the event */
        if (t && m->first == self->first + self->n) return 1;
        if (m->first > self->first && m->first <= self->first + self->n + 4 &&
            (exTerm(d, m, KT_CASUALTY) || exTerm(d, m, KT_MODE)))
            return 1;
    }
    /* 10 ضربات، خمس عمليات: counted, the noun names incidents */
    if (a > s->first_token && (tok(d, a - 1)->kind == MARSAD_TOK_NUMBER || tok(d, a - 1)->is_number_word) &&
        !tok(d, a - 1)->is_ordinal && !tok(d, a - 1)->is_approx)
        return 0;
    /* the weak sense needs its object: a place or an actor right after;
     * a taking of territory needs a place (سقوط المدينة, not سقوط الشهداء) */
    int place_only = !strcmp(type, "seizure");
    for (size_t i = 0; i < d->n_mentions; i++) {
        const marsad_mention *x = &d->mentions[i];
        if (place_only && x->kind != MARSAD_MENTION_PLACE) continue;
        if (x->first_token > self->first && x->first_token <= self->first + self->n + 3) return 0;
    }
    return 1;
}

/* A verb that says what an event noun did (غارات استهدفت مواقع، استهدف
 * هجوم انتحاري مركزا، الاعتداء الذي استهدف): the noun names the event. */
static int predicate_of_event(const marsad_doc *d, const marsadMatch *self, const kbTerm *trig,
                              const marsad_sentence *s) {
    if (strcmp(S(d, trig->f[0]), "verb") != 0 || strcmp(S(d, trig->f[1]), "attack") != 0) return 0;
    size_t a = self->first, z = self->first + self->n, s0 = s->first_token;
    /* a verb joined by و shares the subject of the clause before (هجوم
     * شنه مسلحون واستهدف دورية) */
    size_t reach = (tok(d, a)->proclitics & MARSAD_CL_WA) ? 8 : 4;
    for (size_t i = 0; i < d->n_terms; i++) {
        const marsadMatch *m = &d->terms[i];
        if (m == self || m->first + reach < a || m->first > z + 1 || m->first < s0) continue;
        const kbTerm *t = exTerm(d, m, KT_TRIGGER);
        if (t && !strcmp(S(d, t->f[0]), "noun") && (m->first == z || m->first + m->n + reach - 1 >= a))
            return 1;
    }
    return 0;
}

/* A weapon named as the means of an event word just before it (هجوم
 * انتحاري بسيارة مفخخة، قصف بقذائف الهاون): the weapon is that event's mode,
 * not an event of its own. */
static int instrument_of_event(const marsad_doc *d, const marsadMatch *self, const kbTerm *trig) {
    if (!(tok(d, self->first)->proclitics & MARSAD_CL_BI) || strcmp(S(d, trig->f[0]), "noun") != 0 ||
        !exTerm(d, self, KT_MODE))
        return 0;
    uint32_t sent = tok(d, self->first)->sentence;
    for (size_t i = 0; i < d->n_terms; i++) {
        const marsadMatch *m = &d->terms[i];
        if (m->first >= self->first || m->first + m->n + 4 < self->first || tok(d, m->first)->sentence != sent)
            continue;
        if (exTerm(d, m, KT_TRIGGER) && !exTerm(d, m, KT_CASUALTY)) return 1;
    }
    return 0;
}

/* ل + a verbal noun after another event word of its sentence (هجوم موسع
 * لاستعادتها، الهجوم ... لانتزاع السيطرة): the purpose of that act, not an
 * event of its own. */
static int purpose_of_event(const marsad_doc *d, const marsadMatch *self, const kbTerm *trig,
                            const marsad_sentence *s) {
    const marsad_token *k = tok(d, self->first);
    if (!(k->proclitics & MARSAD_CL_LI) || strcmp(S(d, trig->f[0]), "noun") != 0 || self->n != 1 ||
        ends_with(k->norm, "ات"))
        return 0; /* a plural (لهجمات) is not a verbal noun of purpose */
    if (undergoes(d, self->first, s->first_token)) return 0; /* تتعرض لقصف */
    for (size_t i = 0; i < d->n_terms; i++) {
        const marsadMatch *m = &d->terms[i];
        if (m->first >= self->first || m->first + 8 < self->first || m->first < s->first_token) continue;
        if (exTerm(d, m, KT_TRIGGER) && !exTerm(d, m, KT_CASUALTY)) return 1;
    }
    return 0;
}

/* A trigger noun right after a state word (تحت سيطرة، الخاضعة لسيطرة)
 * names a standing situation, not an occurrence. */
static int state_noun(const marsad_doc *d, size_t ti, const marsad_sentence *s) {
    return ti > s->first_token && modality_cue_at(d, ti - 1, "state", NULL);
}

/* An event word with the word after it as an idiom (ضبط النفس 'restraint',
 * استطلاع الرأي 'opinion poll': modality.tsv `idiom`) names no event. */
static int idiom_with_next(const marsad_doc *d, const marsadMatch *self, const marsad_sentence *s) {
    size_t q = self->first + self->n;
    if (q >= s->first_token + s->n_tokens) return 0;
    const marsadMatch *m = NULL;
    return modality_cue_at(d, q, "idiom", &m) && m->first == q;
}

static int inside_mention(const marsad_doc *d, size_t ti) {
    for (size_t i = 0; i < d->n_mentions; i++) {
        const marsad_mention *m = &d->mentions[i];
        if (ti >= m->first_token && ti < m->first_token + m->n_tokens) return 1;
    }
    return 0;
}

static double distance_km(double a, double b, double c, double e) {
    const double r = 3.14159265358979323846 / 180.0;
    double x = sin((c - a) * r / 2) * sin((c - a) * r / 2) +
               cos(a * r) * cos(c * r) * sin((e - b) * r / 2) * sin((e - b) * r / 2);
    return 2 * 6371.0 * asin(sqrt(x < 1 ? x : 1));
}

/* Whether unresolved place u is located by a direction from resolved
 * place r, named right after it (الجفينة جنوب غرب مأرب). */
static int located_from(const marsad_doc *d, const marsad_mention *u, const marsad_mention *r) {
    if (u->resolved || !r->resolved || !r->place.place_id) return 0;
    size_t end = u->first_token + u->n_tokens;
    for (size_t i = 0; i < d->n_mentions; i++) {
        const marsad_mention *p = &d->mentions[i];
        if (p->kind != MARSAD_MENTION_PLACE || !p->resolved || !p->place.place_id || p->first_token <= end ||
            strcmp(p->place.place_id, r->place.place_id) != 0)
            continue;
        if (p->relation && p->first_token <= end + 3) return 1;
        /* حي النخيل الخاضع لسيطرة المعارضة بمدينة حمص: the
         * neighbourhood of the town named after it with في or ب */
        if (p->first_token <= end + 8 && p->place.resolution >= 3 &&
            (stem_is(d, p->first_token - 1, "في") || (tok(d, p->first_token)->proclitics & MARSAD_CL_BI) ||
             (p->first_token >= 2 && stem_is(d, p->first_token - 2, "في")) ||
             (tok(d, p->first_token - 1)->proclitics & MARSAD_CL_BI)))
            return 1;
    }
    return 0;
}

static int same_place(const marsad_doc *d, const marsad_mention *a, const marsad_mention *b) {
    if (!a || !b) return 1;
    if (located_from(d, a, b) || located_from(d, b, a)) return 1;
    /* a country and a place inside it (الهدنة في اليمن ... في عدن) */
    for (int pass = 0; pass < 2 && a->resolved && b->resolved; pass++) {
        const marsad_mention *big = pass ? b : a, *small = pass ? a : b;
        if (big->place.resolution == 1 && big->place.country && small->place.country &&
            !strcmp(big->place.country, small->place.country) && small->place.resolution > 1)
            return 1;
    }
    if (a->resolved && b->resolved && a->place.has_coords && b->place.has_coords)
        return distance_km(a->place.lat, a->place.lon, b->place.lat, b->place.lon) < 10;
    if (strcmp(a->text, b->text) == 0) return 1;
    /* مدينة سوروتش الحدودية، سوروتش التركية: names sharing a word that is
     * neither a cue (مدينة، حي) nor a common word */
    if (a->resolved && b->resolved) return 0;
    for (size_t i = a->first_token; i < a->first_token + a->n_tokens; i++) {
        const marsad_token *x = tok(d, i);
        if (x->kind != MARSAD_TOK_WORD || x->lexicon == 1 || x->function_word || cue_word(d, i)) continue;
        for (size_t j = b->first_token; j < b->first_token + b->n_tokens; j++)
            if (!strcmp(x->stem, tok(d, j)->stem)) return 1;
    }
    return 0;
}

/* Whether two places are named as one: the same gazetteer entry, or the
 * same unresolved name. */
static int same_named(const marsad_mention *a, const marsad_mention *b) {
    if (!a || !b || a->resolved != b->resolved) return 0;
    if (a->resolved) return a->place.place_id && b->place.place_id && !strcmp(a->place.place_id, b->place.place_id);
    return !strcmp(a->text, b->text);
}

static int share_actor(const exEvent *a, const exEvent *b) {
    if (!a->pub.n_actor || !b->pub.n_actor) return 1;
    for (size_t i = 0; i < a->pub.n_actor; i++)
        for (size_t j = 0; j < b->pub.n_actor; j++)
            if (a->actors[i]->actor.code && b->actors[j]->actor.code &&
                !strcmp(a->actors[i]->actor.code, b->actors[j]->actor.code))
                return 1;
    return 0;
}

static int nargs(const exEvent *e) {
    return (int)(e->pub.n_actor + e->pub.n_recipient + e->pub.n_quantities) +
           (e->pub.location != NULL) + (e->pub.origin != NULL) + (e->pub.destination != NULL) +
           (e->pub.dead >= 0) + (e->pub.injured >= 0) + (e->pub.arrested >= 0) +
           (e->pub.date.basis && !strcmp(e->pub.date.basis, "text"));
}


/* Merges b into a (the same real-world event mentioned again). */
static void merge(const marsad_doc *d, exEvent *a, exEvent *b) {
    /* the most informative mention becomes the trigger */
    if (nargs(b) > nargs(a)) {
        exEvent tmp = *a;
        *a = *b;
        *b = tmp;
    }
    if (a->pub.n_also < EX_MAX_ALSO) a->also[a->pub.n_also++] = b->pub.trigger;
    for (size_t i = 0; i < b->pub.n_also && a->pub.n_also < EX_MAX_ALSO; i++)
        a->also[a->pub.n_also++] = b->also[i];
    for (size_t i = 0; i < b->pub.n_actor; i++) add_actor(a->actors, &a->pub.n_actor, b->actors[i]);
    for (size_t i = 0; i < b->pub.n_recipient; i++)
        add_actor(a->recips, &a->pub.n_recipient, b->recips[i]);
    /* the most specific place any mention names (GUIDELINES), when it is
     * within the other's; a movement's place is its origin */
    if (!a->pub.location || (b->pub.location && !is_movement(a->pub.type) &&
                             place_rank(b->pub.location) > place_rank(a->pub.location) &&
                             same_place(d, a->pub.location, b->pub.location)))
        a->pub.location = b->pub.location;
    if (!a->region) a->region = b->region;
    if (!a->pub.origin) a->pub.origin = b->pub.origin;
    if (!a->pub.destination) a->pub.destination = b->pub.destination;
    if (a->pub.dead < 0) a->pub.dead = b->pub.dead;
    if (a->pub.injured < 0) a->pub.injured = b->pub.injured;
    if (a->pub.arrested < 0) a->pub.arrested = b->pub.arrested;
    for (size_t i = 0; i < b->pub.n_quantities && a->pub.n_quantities < EX_MAX_ARGS; i++) {
        int dup = 0;
        for (size_t j = 0; j < a->pub.n_quantities; j++) dup |= a->q[j].value == b->q[i].value;
        if (!dup) a->q[a->pub.n_quantities++] = b->q[i];
    }
    if (strcmp(a->pub.date.basis, "text") != 0 && !strcmp(b->pub.date.basis, "text"))
        a->pub.date = b->pub.date;
    a->asserted |= b->asserted;
    a->attributed |= b->attributed;
    if (!strcmp(a->pub.attribution.source_type, "outlet") &&
        strcmp(b->pub.attribution.source_type, "outlet") != 0)
        a->pub.attribution = b->pub.attribution;
    if (a->weight < b->weight) a->weight = b->weight;
    b->merged = 1;
}

/* A new actor mention coded ISO3 + sector (a copy of `base` when given),
 * in the document's arena; NULL when out of memory. */
static marsad_mention *coded_actor(marsad_doc *d, const marsad_mention *base, const char *iso, const char *sector,
                                   const char *reason) {
    marsad_mention *c = marsadArenaAlloc(&d->arena, sizeof *c);
    char *code = marsadArenaAlloc(&d->arena, 8);
    char *cc = marsadArenaStrndup(&d->arena, iso, 3);
    if (!c || !code || !cc) return NULL;
    if (base) *c = *base;
    else memset(c, 0, sizeof *c);
    snprintf(code, 8, "%.3s%s", iso, sector);
    c->kind = MARSAD_MENTION_ACTOR;
    c->resolved = 1;
    c->actor.code = code;
    c->actor.name = NULL;
    c->actor.country = cc;
    c->actor.sector = sector;
    c->reason = reason;
    return c;
}

/* Actor mention m recoded with its country's `sector` (the state's forces
 * for the state: TURGOV -> TURMIL); m itself when it has no country. */
static const marsad_mention *recoded(marsad_doc *d, const marsad_mention *m, const char *sector) {
    if (!m->actor.country || strlen(m->actor.country) != 3) return m;
    const marsad_mention *c = coded_actor(d, m, m->actor.country, sector, "acting by force: its armed forces");
    return c ? c : m;
}

/* The civilians of the event's country (its place's, else the article's)
 * as a new actor mention with `ev` as evidence, or NULL. */
static const marsad_mention *civilians_of(marsad_doc *d, const exEvent *e, marsad_span ev, const char *why) {
    const char *iso = e->pub.location && e->pub.location->resolved && e->pub.location->place.country
                          ? e->pub.location->place.country
                          : d->focus;
    if (!iso || strlen(iso) != 3) return NULL;
    marsad_mention *m = coded_actor(d, NULL, iso, "CVL", why);
    if (!m) return NULL;
    m->start = ev.start;
    m->end = ev.end;
    m->text = ev.text;
    return m;
}

/* An armed group's "arrest" (ألقت المقاومة القبض على قادة حوثيين) is a
 * capture: abduction (GUIDELINES: captured combatants). */
static void capture(marsad_doc *d, exEvent *e) {
    if (strcmp(e->pub.type, "arrest") != 0 || !e->pub.n_actor) return;
    int state = 0;
    for (size_t q = 0; q < e->pub.n_actor; q++) state |= state_sector(e->actors[q]->actor.sector);
    const kbType *ab = state ? NULL : find_type(d, "abduction");
    if (ab) {
        e->type = ab;
        e->pub.type = S(d, ab->col[0]);
        e->mode = S(d, ab->col[2]);
    }
}

/* The article's opponents: a violent event (PLOVER ASSAULT or COERCE)
 * whose mention names who acted but not on whom is read, as a coder reads
 * it, as aimed at the party the article shows that actor fighting
 * (المقاومة سيطرت على الموقع, in an article of its fight with the
 * Houthis).  Pairs are counted over the events: actor -> recipient of
 * one-sided ones, both ways between the sides of two-sided ones; a party
 * counterpart twice or more of the event's actors is taken. */
#define OPP_MAX 48

/* The index of m's code among the parties seen (added when new), or -1
 * when the table is full. */
static long opp_id(const marsad_mention **code, size_t *nc, const marsad_mention *m) {
    for (size_t z = 0; z < *nc; z++)
        if (!strcmp(code[z]->actor.code, m->actor.code)) return (long)z;
    if (*nc >= OPP_MAX) return -1;
    code[*nc] = m;
    return (long)(*nc)++;
}

/* score[r]: how often party r was the counterpart of the `known` parties
 * (dir 0: their targets, 1: who struck them, 2: either). */
static void opp_scores(const marsad_mention *const *code, size_t nc, unsigned char w[OPP_MAX][OPP_MAX],
                       const marsad_mention *const *known, size_t nknown, int dir, unsigned score[OPP_MAX]) {
    memset(score, 0, OPP_MAX * sizeof *score);
    for (size_t a = 0; a < nknown; a++)
        for (size_t c = 0; c < nc; c++)
            if (!strcmp(code[c]->actor.code, known[a]->actor.code))
                for (size_t r = 0; r < nc; r++)
                    score[r] += dir == 0 ? w[c][r] : dir == 1 ? w[r][c] : w[c][r] + w[r][c];
}

static void opponents(const marsad_doc *d, struct marsadExtract *x) {
    const marsad_mention *code[OPP_MAX];
    size_t nc = 0;
    unsigned char w[OPP_MAX][OPP_MAX];
    memset(w, 0, sizeof w);
    for (size_t i = 0; i < x->n; i++) {
        const exEvent *e = &x->ev[i];
        /* a clash lists its sides together with their allies, so only
         * one-sided events tell who is against whom */
        if (e->merged || irrealis(e->pub.modality) || is_two_sided(d, e->pub.type)) continue;
        for (size_t a = 0; a < e->pub.n_actor; a++) {
            long ia = opp_id(code, &nc, e->actors[a]);
            if (ia < 0) continue;
            for (size_t b = 0; b < e->pub.n_recipient; b++) {
                long ib = opp_id(code, &nc, e->recips[b]);
                if (ib < 0 || ib == ia) continue;
                if (w[ia][ib] < 255) w[ia][ib]++;
            }
        }
    }
    unsigned score[OPP_MAX];
    /* a clash with one side named (اندلعت اشتباكات بين الطرفين, named
     * before): the other side is that side's chief opponent (the most
     * pairs, twice or more) */
    for (size_t i = 0; i < x->n; i++) {
        exEvent *e = &x->ev[i];
        if (e->merged || parties(d, e->pub.type) != 'b' || e->pub.n_actor != 1) continue;
        opp_scores(code, nc, w, e->actors, 1, 2, score);
        unsigned best = 2;
        for (size_t r = 0; r < nc; r++)
            if (strcmp(code[r]->actor.code, e->actors[0]->actor.code) != 0 && score[r] > best) best = score[r];
        const marsad_mention *add[OPP_MAX];
        size_t nadd = 0;
        for (size_t r = 0; r < nc; r++)
            if (strcmp(code[r]->actor.code, e->actors[0]->actor.code) != 0 && score[r] == best) add[nadd++] = code[r];
        for (size_t k = 0; k < nadd; k++) add_actor(e->actors, &e->pub.n_actor, add[k]);
    }
    for (size_t i = 0; i < x->n; i++) {
        exEvent *e = &x->ev[i];
        if (e->merged || parties(d, e->pub.type) != 'o' || !e->pub.n_actor == !e->pub.n_recipient) continue;
        const char *ev = plover_of(d, e->pub.type);
        if (strcmp(ev, "ASSAULT") != 0 && strcmp(ev, "COERCE") != 0) continue;
        /* from the actors to their targets, or back from the targets */
        int back = !e->pub.n_actor;
        const marsad_mention **known = back ? e->recips : e->actors, **want = back ? e->actors : e->recips;
        size_t nknown = back ? e->pub.n_recipient : e->pub.n_actor;
        size_t *nwant = back ? &e->pub.n_actor : &e->pub.n_recipient;
        opp_scores(code, nc, w, known, nknown, back, score);
        for (size_t r = 0; r < nc; r++) {
            int own = 0;
            for (size_t a = 0; a < nknown; a++) own |= !strcmp(code[r]->actor.code, known[a]->actor.code);
            if (!own && score[r] >= 2) add_actor(want, nwant, code[r]);
        }
    }
}

/* Whether a superlative (أسوأ، أحدث: modality.tsv's 'told') right before
 * the event noun at ti ranks an incident already told. */
static int told_before(const marsad_doc *d, size_t ti) {
    return ti > 0 && modality_cue_at(d, ti - 1, "told", NULL);
}

/* Whether the first sentence is a headline: a line of its own, without a
 * full stop, before the body. */
static int is_headline(const marsad_doc *d) {
    const marsad_text *t = d->text;
    if (t->nsent < 2) return 0;
    const marsad_sentence *s0 = &t->sents[0], *s1 = &t->sents[1];
    if (s0->n_tokens == 0 || s0->n_tokens > 40) return 0;
    const marsad_token *last = tok(d, s0->first_token + s0->n_tokens - 1);
    if (last->kind == MARSAD_TOK_PUNCT && last->punct == MARSAD_PUNCT_PERIOD) return 0;
    const marsad_token *next = tok(d, s1->first_token);
    return memchr(t->utf8 + last->byte_end, '\n', next->byte_start - last->byte_end) != NULL;
}


/* Whether headline event h can be a mention of body event b: the same type,
 * or two words of violence (a headline's قصف، هجوم، مقتل for the body's
 * airstrike or clash: the body tells which), at a
 * place that is the same or contains it (a headline names the country). */
static int headline_type_fits(const exEvent *h, const exEvent *b) {
    return !strcmp(h->pub.type, b->pub.type) || (is_strike(h->pub.type) && is_strike(b->pub.type));
}

static int headline_fits(const marsad_doc *d, const exEvent *h, const exEvent *b) {
    if (!headline_type_fits(h, b)) return 0;
    const marsad_mention *hp = h->region, *bp = b->region;
    if (!hp || !bp || same_place(d, hp, bp)) return 1;
    /* a village the gazetteer lacks, told of under a headline's town */
    if (hp->resolved && !bp->resolved) return 1;
    /* the headline's town and the body's village of one governorate */
    if (hp->resolved && bp->resolved && hp->place.admin1 && bp->place.admin1 &&
        !strcmp(hp->place.admin1, bp->place.admin1))
        return 1;
    return hp->resolved && hp->place.resolution <= 2 && bp->resolved && hp->place.country &&
           bp->place.country && !strcmp(hp->place.country, bp->place.country);
}

/* The time expression of a sentence's events, not of its statement: with
 * a reporting verb, what lies between the verb and its complement (أعلنت
 * رئيسة الاتحاد يوم الثلاثاء أن ...) dates the statement (GUIDELINES), so
 * the complement is searched first, then the words before the verb. */
/* The time expression in tokens [from, to) nearest to token `near` (the
 * first one when near is (size_t)-1): a long sentence dates several acts. */
static int date_near(const marsad_doc *d, size_t from, size_t to, size_t near, exDate *out) {
    if (!exFindDate(d, from, to, out)) return 0;
    if (near == (size_t)-1) return 1;
    exDate next;
    for (size_t f = out->tok_first + (out->tok_n ? out->tok_n : 1); f < to && exFindDate(d, f, to, &next);
         f = next.tok_first + (next.tok_n ? next.tok_n : 1)) {
        size_t a = out->tok_first < near ? near - out->tok_first : out->tok_first - near;
        size_t b = next.tok_first < near ? near - next.tok_first : next.tok_first - near;
        if (b < a) *out = next;
        if (next.tok_first <= f - 1) break; /* no progress */
    }
    return 1;
}

static int event_date(const marsad_doc *d, const marsad_sentence *s, size_t rep_tok, size_t near, exDate *out) {
    size_t s0 = s->first_token, s1 = s0 + s->n_tokens;
    if (rep_tok == (size_t)-1 || rep_tok < s0 || rep_tok >= s1) return date_near(d, s0, s1, near, out);
    size_t comp = (size_t)-1;
    for (size_t i = rep_tok + 1; i < s1 && i <= rep_tok + 15; i++) {
        const marsad_token *k = tok(d, i);
        if (!strcmp(k->stem, "ان") || (k->kind == MARSAD_TOK_PUNCT && k->norm[0] == ':')) {
            comp = i;
            break;
        }
    }
    if (comp == (size_t)-1) return date_near(d, s0, s1, near, out);
    if (date_near(d, comp + 1, s1, near, out)) return 1;
    return rep_tok > s0 && date_near(d, s0, rep_tok, near, out);
}

typedef struct casMention {
    size_t tok, n;
    uint32_t sent;
    int asserted;
} casMention;

int marsadExtract(marsad_doc *d) {
    d->ex = calloc(1, sizeof *d->ex);
    if (!d->ex || marsadMatchTerms(d)) return -1;
    const marsad_text *t = d->text;
    source last = {0};
    uint32_t last_sent = UINT32_MAX;
    exDate lede;
    memset(&lede, 0, sizeof lede);
    casMention casm[256];
    size_t ncas = 0;
    uint32_t lede_sent = 0;
    for (uint32_t si = 0; si < t->nsent; si++) {
        const marsad_sentence *s = &t->sents[si];
        /* the sentence's attribution: its reporting term and source; a
         * report with no source of its own continues the previous one */
        source src;
        memset(&src, 0, sizeof src);
        size_t rep_tok = (size_t)-1, rep_end = (size_t)-1;
        for (size_t i = 0; i < d->n_terms; i++) {
            const marsadMatch *m = &d->terms[i];
            if (m->first < s->first_token || m->first >= s->first_token + s->n_tokens) continue;
            const kbTerm *rep = report_term(d, m);
            if (!rep || !reporting_use(d, m, rep)) continue;
            const kbTerm *as_trig = exTerm(d, m, KT_TRIGGER);
            if (as_trig && confirmed(d, m, s, S(d, as_trig->f[1]))) continue; /* نشر قوات */
            /* بحسب، وفقا ل، حسب: the whole sentence */
            rep_tok = strcmp(S(d, rep->f[0]), "particle") == 0 ? (size_t)-1 : m->first;
            /* أنباء عن، تقارير عن: a noun reports only what follows it */
            rep_end = !strcmp(S(d, rep->f[0]), "noun") ? m->first + m->n + 8 : (size_t)-1;
            find_source(d, m, rep, &src);
            /* قال ... "انها بداية العمليات" الذي استعادته القوات: a quotation
             * of three words or more after the verb is what the source said;
             * what follows its closing quote is the outlet's again */
            if (rep_tok != (size_t)-1 && rep_end == (size_t)-1) rep_end = quote_end(d, s, rep_tok);
            /* وأكدت المصادر after مصادر محلية: the same sources */
            if (src.present && src.definite && !src.entity && !strcmp(src.type, "anonymous") &&
                last.present && last_sent + 3 >= si && strcmp(last.type, "anonymous") != 0) {
                const char *verb = src.verb, *stance = src.stance;
                src = last;
                src.verb = verb;
                src.stance = stance;
            }
            if (!src.present && last.present && last_sent + 3 >= si) {
                const char *verb = src.verb, *stance = src.stance;
                src = last;
                src.verb = verb;
                src.stance = stance;
            }
            if (!src.present) src.verb = NULL;
            break;
        }
        if (src.present) {
            last = src;
            last_sent = si;
        }
        {
            exDate sd;
            if (event_date(d, s, rep_tok, (size_t)-1, &sd) &&
                !strcmp(sd.precision, "day")) {
                lede = sd;
                lede_sent = si;
            }
        }
        for (size_t i = 0; i < d->n_terms; i++) {
            const marsadMatch *m = &d->terms[i];
            if (m->first < s->first_token || m->first >= s->first_token + s->n_tokens) continue;
            const kbTerm *f = exTerm(d, m, KT_FRAMING);
            if (f) {
                struct marsadExtract *x = d->ex;
                if (x->nfr == x->capfr) {
                    size_t cap = x->capfr ? x->capfr * 2 : 8;
                    marsad_framing *nf = realloc(x->fr, cap * sizeof *nf);
                    if (!nf) return -1;
                    x->fr = nf;
                    x->capfr = cap;
                }
                marsad_span sp = span_of(d, m->first, m->n);
                x->fr[x->nfr++] = (marsad_framing){sp.start, sp.end, sp.text, S(d, f->f[0])};
            }
            const kbTerm *trig = exTerm(d, m, KT_TRIGGER);
            if (!trig || inside_mention(d, m->first) || cue_word(d, m->first) || time_reading(d, m->first)) continue;
            /* a reporting verb is not an event -- but a verbal noun with a
             * preposition or the article is (بنقل 750 إرهابيا) */
            int noun_use = (tok(d, m->first)->proclitics & (MARSAD_CL_BI | MARSAD_CL_AL | MARSAD_CL_LI)) != 0;
            if (!noun_use && exTerm(d, m, KT_REPORT) && !confirmed(d, m, s, S(d, trig->f[1])) &&
                strcmp(S(d, trig->f[1]), "denial") != 0 &&
                strcmp(S(d, trig->f[1]), "accusation") != 0 && strcmp(S(d, trig->f[1]), "threat") != 0)
                continue; /* a reporting verb, not an event */
            if (!supported(d, m->first, (double)trig->weight)) continue;
            if ((double)trig->weight < 0.6 && weak_reading(d, m, s, S(d, trig->f[1]))) continue;
            if (!is_verb_use(d, m->first, trig) && state_noun(d, m->first, s)) continue;
            if (idiom_with_next(d, m, s)) continue;
            /* يسيطر، تسيطر: control as a state, not a taking */
            if (!strcmp(S(d, trig->f[1]), "seizure") && !strcmp(S(d, trig->f[0]), "verb") &&
                !(tok(d, m->first)->proclitics & MARSAD_CL_SA) &&
                (!strncmp(tok(d, m->first)->stem, "ي", 2) || !strncmp(tok(d, m->first)->stem, "ت", 2)) &&
                strncmp(S(d, trig->term), "ت", 2) != 0)
                continue;
            /* a word of death or injury is a mention of the incident around it;
             * a capture (أسر، اعتقال) is an event of its own (GUIDELINES) */
            if (predicate_of_event(d, m, trig, s) || purpose_of_event(d, m, trig, s) ||
                instrument_of_event(d, m, trig))
                continue;
            const kbTerm *cas = exTerm(d, m, KT_CASUALTY);
            if (cas && strcmp(S(d, cas->f[0]), "arrested") != 0 && other_trigger(d, m, s)) {
                /* a mention of the incident: kept, with its voice, for the
                 * event it belongs to (مقتل 30 in a headline is the outlet's) */
                if (ncas < sizeof casm / sizeof *casm) {
                    int reported = src.present && (rep_tok == (size_t)-1 || m->first >= rep_tok) &&
                                   m->first < rep_end && strcmp(src.type ? src.type : "", "correspondent") != 0;
                    casm[ncas++] = (casMention){m->first, m->n, si, !reported};
                }
                continue;
            }
            const kbType *ty = find_type(d, S(d, trig->f[1]));
            /* استولى على + a place is taking territory, not property */
            if (ty && !strcmp(S(d, trig->f[1]), "seize-property")) {
                for (size_t q = 0; q < d->n_mentions; q++) {
                    const marsad_mention *pm = &d->mentions[q];
                    if (pm->kind == MARSAD_MENTION_PLACE && pm->first_token > m->first &&
                        pm->first_token <= m->first + 8)
                        ty = find_type(d, "seizure");
                }
            }
            /* forces moving detainees (حافلات وبداخلها معتقلون خرجت من) is a
             * transfer of the detainees */
            if (ty && (!strcmp(S(d, trig->f[1]), "withdrawal") || !strcmp(S(d, trig->f[1]), "deployment"))) {
                size_t s0 = s->first_token, s1 = s0 + s->n_tokens;
                size_t lo = m->first >= s0 + 10 ? m->first - 10 : s0;
                size_t hi = m->first + m->n + 4 < s1 ? m->first + m->n + 4 : s1;
                if (captives_in(d, lo, hi) != (size_t)-1) ty = find_type(d, "prisoner-transfer");
            }
            /* فر، هروب: from a prison a prison-break, from a front a withdrawal */
            if (ty && !strcmp(S(d, trig->f[1]), "prison-break") &&
                !prison_in(d, s->first_token, s->first_token + s->n_tokens)) {
                const kbTerm *alt = other_reading(d, m, "prison-break");
                ty = alt ? find_type(d, S(d, alt->f[1])) : NULL;
            }
            if (!ty) continue;
            exEvent *e = new_event(d);
            if (!e) return -1;
            e->type = ty;
            e->pub.type = S(d, ty->col[0]);
            e->trig_tok = m->first;
            e->trig_n = m->n;
            e->weight = (double)trig->weight;
            e->pub.trigger = span_of(d, m->first, m->n);
            e->pub.sentence = si;
            choose_mode(d, e, trig);
            args(d, e, &src);
            /* وقصف التحالف، استهدافه (the coalition's): an international
             * coalition strikes from the air when no word says how */
            if (!e->cued && (!strcmp(e->pub.type, "shelling") || !strcmp(e->pub.type, "attack"))) {
                int air = 0;
                for (size_t q = 0; q < e->pub.n_actor; q++)
                    air |= e->actors[q]->actor.sector && !strcmp(e->actors[q]->actor.sector, "IGO");
                const kbType *as = air ? find_type(d, "airstrike") : NULL;
                if (as) {
                    e->type = as;
                    e->pub.type = S(d, as->col[0]);
                    e->mode = S(d, as->col[2]);
                }
            }
            capture(d, e);
            /* نظم مئات المتظاهرين اعتصاما: protesters no one names are
             * civilians (PLOVER CVL, ACLED's Protesters) */
            if (!e->pub.n_actor && (!strcmp(e->pub.type, "protest") || !strcmp(e->pub.type, "riot"))) {
                const marsad_mention *c = civilians_of(d, e, e->pub.trigger, "unnamed protesters: civilians");
                if (c) add_actor(e->actors, &e->pub.n_actor, c);
            }
            /* journalists or civilians arriving, a crowd gathering: people
             * moving, not forces deployed */
            if (!strcmp(e->pub.type, "deployment") && !e->pub.n_actor) {
                int people = 0;
                for (size_t q = 0; q < d->n_mentions; q++) {
                    const marsad_mention *pm = &d->mentions[q];
                    if (pm->kind != MARSAD_MENTION_ACTOR || !pm->actor.sector ||
                        tok(d, pm->first_token)->sentence != si)
                        continue;
                    size_t pe = pm->first_token + pm->n_tokens;
                    int near = (pe <= m->first && pe + 6 > m->first) ||
                               (pm->first_token >= m->first + m->n && pm->first_token <= m->first + m->n + 2);
                    const char *sec = pm->actor.sector;
                    if (near && (!strcmp(sec, "CVL") || !strcmp(sec, "JRN") || !strcmp(sec, "MED"))) people = 1;
                }
                if (people) {
                    d->ex->n--;
                    continue;
                }
            }
            modality(d, e, &src, rep_tok, rep_end);
            exDate dt;
            int found = event_date(d, s, rep_tok, m->first, &dt);
            /* a time word of the report before (the lede's أمس) covers the
             * incidents it goes on to list (GUIDELINES) */
            if (!found && lede.found && si <= lede_sent + 3) {
                dt = lede;
                found = 1;
                e->date_lede = 1;
            }
            if (found) {
                e->pub.date.start = marsadArenaStrndup(&d->arena, dt.start, strlen(dt.start));
                e->pub.date.end = marsadArenaStrndup(&d->arena, dt.end, strlen(dt.end));
                e->pub.date.precision = dt.precision;
                e->pub.date.basis = "text";
                e->pub.date.span = span_of(d, dt.tok_first, dt.tok_n);
            } else {
                e->pub.date.start = NULL;
                e->pub.date.end = d->in.published;
                e->pub.date.basis = d->in.published ? "published" : "unknown";
            }
        }
    }
    /* casualty counts of a sentence without a trigger go to the event just
     * before (مقتل 5 في الهجوم after the attack's sentence) */
    struct marsadExtract *x = d->ex;
    /* casualty words: also-mentions of the nearest event of their sentence
     * (or of the one before) */
    for (size_t c = 0; c < ncas; c++) {
        exEvent *best = NULL;
        size_t bd = (size_t)-1;
        for (size_t i = 0; i < x->n; i++) {
            exEvent *e = &x->ev[i];
            if (e->pub.sentence != casm[c].sent && e->pub.sentence + 1 != casm[c].sent) continue;
            size_t dd = e->trig_tok > casm[c].tok ? e->trig_tok - casm[c].tok : casm[c].tok - e->trig_tok;
            if (e->pub.sentence != casm[c].sent) dd += 1000; /* its own sentence first */
            if (dd < bd) {
                bd = dd;
                best = e;
            }
        }
        if (!best) continue;
        if (best->pub.n_also < EX_MAX_ALSO) best->also[best->pub.n_also++] = span_of(d, casm[c].tok, casm[c].n);
        if (casm[c].asserted) best->asserted = 1;
        else best->attributed = 1;
    }
    /* merge mentions of one event: the same type, compatible places and actors */
    for (size_t i = 0; i < x->n; i++) {
        if (x->ev[i].merged) continue;
        for (size_t j = i + 1; j < x->n; j++) {
            exEvent *a = &x->ev[i], *b = &x->ev[j];
            if (b->merged || b->another || strcmp(a->pub.type, b->pub.type) != 0) continue;
            /* a predicted or possible event is not the one that happened */
            if (irrealis(a->pub.modality) != irrealis(b->pub.modality)) continue;
            if (!same_place(d, a->region, b->region) && !same_named(a->pub.location, b->pub.location)) continue;
            /* mentions in other sentences naming other actors tell other
             * incidents (a clash lists its sides' allies variously) */
            if (!share_actor(a, b) && a->pub.sentence != b->pub.sentence && !is_two_sided(d, a->pub.type))
                continue;
            /* different days are different incidents, when each mention
             * dates itself (a date carried from the lede does not) */
            if (a->pub.date.basis && b->pub.date.basis && !strcmp(a->pub.date.basis, "text") &&
                !strcmp(b->pub.date.basis, "text") && strcmp(a->pub.date.start, b->pub.date.start) != 0 &&
                !a->date_lede && !b->date_lede)
                continue;
            merge(d, a, b);
        }
    }
    /* الهجوم، الاعتداء (singular, with the article) refer back to the
     * attack told before; the earlier, more specific mention keeps its type */
    for (size_t j = 0; j < x->n; j++) {
        exEvent *b = &x->ev[j];
        if (b->merged || b->another || strcmp(b->pub.type, "attack") != 0 || irrealis(b->pub.modality)) continue;
        const marsad_token *k = tok(d, b->trig_tok);
        if (b->trig_n != 1 || !(k->proclitics & MARSAD_CL_AL || told_before(d, b->trig_tok)) || ends_with(k->norm, "ات"))
            continue;
        for (size_t i = j; i-- > 0;) {
            exEvent *a = &x->ev[i];
            if (a->merged || !is_strike(a->pub.type) || !strcmp(a->pub.type, "armed-clash") ||
                !strcmp(a->pub.type, "killing") || irrealis(a->pub.modality))
                continue;
            /* a mention only: its sentence may tell of other acts */
            if (a->pub.n_also < EX_MAX_ALSO) a->also[a->pub.n_also++] = b->pub.trigger;
            a->asserted |= b->asserted;
            a->attributed |= b->attributed;
            b->merged = 1;
            break;
        }
    }
    /* the headline names the article's main event in a word or two (تركيا:
     * مقتل 30 في هجوم); its events are mentions of the body's events */
    if (is_headline(d)) {
        for (size_t i = 0; i < x->n; i++) {
            exEvent *h = &x->ev[i];
            if (h->merged || h->pub.sentence != 0) continue;
            /* the lede (the first body sentence with an event) tells the
             * headline's event first: a fitting type there is enough */
            uint32_t lede_s = UINT32_MAX;
            for (size_t j = 0; j < x->n; j++)
                if (!x->ev[j].merged && x->ev[j].pub.sentence > 0 && x->ev[j].pub.sentence < lede_s)
                    lede_s = x->ev[j].pub.sentence;
            exEvent *pick = NULL;
            for (size_t j = 0; j < x->n && !pick; j++) {
                exEvent *b = &x->ev[j];
                if (!b->merged && b->pub.sentence == lede_s && headline_type_fits(h, b)) pick = b;
            }
            for (size_t j = 0; j < x->n; j++) {
                exEvent *b = pick ? pick : &x->ev[j];
                if (!pick && (b->merged || b->pub.sentence == 0 || !headline_fits(d, h, b))) continue;
                exEvent keep_type = *b;
                merge(d, b, h);
                if (b->pub.sentence == 0) { /* merge made the headline the trigger */
                    b->type = keep_type.type;
                    b->pub.type = keep_type.pub.type;
                    b->mode = keep_type.mode;
                }
                break;
            }
        }
    }
    opponents(d, x);
    /* an arrest whose actor only the opponents named */
    for (size_t i = 0; i < x->n; i++)
        if (!x->ev[i].merged) capture(d, &x->ev[i]);
    /* ويقصف النظام، شنت أنقرة غارات: a government strikes through its
     * forces (as قوات الحكومة is ISO3MIL); an opposition that strikes, or
     * is struck, is the armed opposition (ACTOR_CODES: SYRREB for factions
     * not named) */
    for (size_t i = 0; i < x->n; i++) {
        exEvent *e = &x->ev[i];
        if (e->merged || strcmp(plover_of(d, e->pub.type), "ASSAULT") != 0) continue;
        const marsad_mention *was[EX_MAX_ARGS];
        size_t n = e->pub.n_actor;
        memcpy(was, e->actors, n * sizeof *was);
        e->pub.n_actor = 0;
        for (size_t a = 0; a < n; a++)
            add_actor(e->actors, &e->pub.n_actor,
                      !was[a]->actor.sector               ? was[a]
                      : !strcmp(was[a]->actor.sector, "GOV") ? recoded(d, was[a], "MIL")
                      : !strcmp(was[a]->actor.sector, "OPP") ? recoded(d, was[a], "REB")
                                                              : was[a]);
        /* (the opposition struck by force is the armed one too) */
        for (size_t r = 0; r < e->pub.n_recipient; r++)
            if (e->recips[r]->actor.sector && !strcmp(e->recips[r]->actor.sector, "OPP"))
                e->recips[r] = recoded(d, e->recips[r], "REB");
    }
    /* the public events */
    x->out = calloc(x->n ? x->n : 1, sizeof *x->out);
    if (!x->out) return -1;
    for (size_t i = 0; i < x->n; i++) {
        exEvent *e = &x->ev[i];
        if (e->merged) continue;
        /* document-level modality: asserted when some mention is in the
         * outlet's own voice, claimed when all are attributed */
        if (e->asserted && !strcmp(e->pub.modality, "claimed")) e->pub.modality = "asserted";
        /* a movement's place repeats its origin, else its destination
         * (GUIDELINES), whichever mention named them */
        e->pub.location = told_place(d, e, e->pub.location, 0);
        e->pub.origin = told_place(d, e, e->pub.origin, 1);
        e->pub.destination = told_place(d, e, e->pub.destination, 2);
        if (is_movement(e->pub.type) && (e->pub.origin || e->pub.destination))
            e->pub.location = named_place(d, e->pub.origin ? e->pub.origin : e->pub.destination);
        /* merged mentions (and codes recoded above) may bring an actor back
         * as a recipient: a party does not act on itself */
        size_t kept = 0;
        for (size_t r = 0; r < e->pub.n_recipient; r++) {
            int self = 0;
            for (size_t a = 0; a < e->pub.n_actor; a++)
                self |= !strcmp(e->recips[r]->actor.code, e->actors[a]->actor.code);
            if (!self) e->recips[kept++] = e->recips[r];
        }
        e->pub.n_recipient = kept;
        /* the parties the type has: both sides of a clash are actors; a
         * deployment acts on no one */
        char pt = parties(d, e->pub.type);
        for (size_t k = 0; pt != 'o' && k < e->pub.n_recipient; k++)
            if (pt == 'b') add_actor(e->actors, &e->pub.n_actor, e->recips[k]);
        if (pt != 'o') e->pub.n_recipient = 0;
        map_type(d, e);
        snprintf(e->id, sizeof e->id, "e%zu", x->nout + 1);
        e->pub.id = e->id;
        e->pub.actor = e->actors;
        e->pub.recipient = e->recips;
        e->pub.also = e->also;
        e->pub.quantities = e->q;
        double c = 0.25 + 0.45 * e->weight + 0.04 * (nargs(e) < 6 ? nargs(e) : 6) +
                   (e->pub.n_also ? 0.05 : 0);
        e->pub.confidence = floor((c > 1 ? 1 : c) * 100 + 0.5) / 100;
        x->out[x->nout++] = e->pub;
    }
    return 0;
}

void marsadExtractFree(marsad_doc *d) {
    if (!d->ex) return;
    free(d->ex->ev);
    free(d->ex->fr);
    free(d->ex->out);
    free(d->ex);
    d->ex = NULL;
}

size_t marsad_doc_event_count(const marsad_doc *d) { return d && d->ex ? d->ex->nout : 0; }
const marsad_event *marsad_doc_event(const marsad_doc *d, size_t i) {
    return d && d->ex && i < d->ex->nout ? &d->ex->out[i] : NULL;
}
size_t marsad_doc_framing_count(const marsad_doc *d) { return d && d->ex ? d->ex->nfr : 0; }
const marsad_framing *marsad_doc_framing(const marsad_doc *d, size_t i) {
    return d && d->ex && i < d->ex->nfr ? &d->ex->fr[i] : NULL;
}
