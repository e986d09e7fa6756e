/*
 * features.c -- what the NER tagger sees of a token: the view built from a
 * text-stage token (norm, stem, clitics, shape, KB marks) and the hashed
 * feature templates over a sentence window (words and stems at +-2, affixes,
 * shapes, clitics, KB marks).
 */
#include <stdlib.h>
#include <string.h>

#include "ner_internal.h"

/* ---- tags ---- */

static const char *const tag_names[MARSAD_NER_NTAGS] = {
    "O", "B-PERS", "I-PERS", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"};

const char *marsadNerTagName(unsigned tag) {
    return tag < MARSAD_NER_NTAGS ? tag_names[tag] : "O";
}

const char *marsad_ner_label_name(marsad_ner_label label) {
    static const char *const names[MARSAD_NER_NLABELS] = {"PERS", "ORG", "LOC", "MISC"};
    return (unsigned)label < MARSAD_NER_NLABELS ? names[label] : "?";
}

static int eq(const char *s, size_t n, const char *lit) {
    return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

unsigned marsadNerTagParse(const char *s, size_t n) {
    if (n < 3 || (s[0] != 'B' && s[0] != 'I') || (s[1] != '-' && s[1] != '_')) return 0;
    unsigned inside = s[0] == 'I';
    const char *ty = s + 2;
    size_t tn = n - 2;
    while (tn && *ty == '-') { /* I--ORG, a typo in AQMAR */
        ty++;
        tn--;
    }
    int label = -1;
    if (eq(ty, tn, "PERS") || eq(ty, tn, "PER") || eq(ty, tn, "PERSON")) label = MARSAD_NER_PERS;
    else if (eq(ty, tn, "ORG") || eq(ty, tn, "ORGANIZATION")) label = MARSAD_NER_ORG;
    else if (eq(ty, tn, "LOC") || eq(ty, tn, "GPE") || eq(ty, tn, "LOCATION"))
        label = MARSAD_NER_LOC;
    else if (tn >= 3 && memcmp(ty, "MIS", 3) == 0) {
        /* MISC, MIS, and AQMAR's MIS0..MIS3, MIS-1, MIS1` */
        size_t k = 3;
        if (k < tn && ty[k] == 'C') k++;
        int ok = 1;
        for (; k < tn; k++)
            if (!((ty[k] >= '0' && ty[k] <= '9') || ty[k] == '-' || ty[k] == '`')) ok = 0;
        if (ok) label = MARSAD_NER_MISC;
    }
    if (label < 0) return 0;
    return 1 + 2 * (unsigned)label + inside;
}

/* ---- the token view ---- */



/* Code points of valid UTF-8 (continuation bytes are not counted). */
static size_t cp_count(const char *s, size_t n) {
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* A small class number: the token kind, then a detail (the length of a
 * word, the digits of a number, the class of a punctuation mark, the case
 * pattern of a Latin word). */
static unsigned shape_of(const marsad_token *t, size_t norm_len) {
    size_t len = cp_count(t->norm, norm_len);
    switch (t->kind) {
    case MARSAD_TOK_WORD:
        return 0x100 + (unsigned)(len > 12 ? 12 : len);
    case MARSAD_TOK_NUMBER:
        if (t->is_number_word) return 0x200 + (t->is_ordinal ? 1u : 0u) + (t->is_approx ? 2u : 0u);
        return 0x210 + (unsigned)(len > 6 ? 6 : len);
    case MARSAD_TOK_DATE:
        return 0x300;
    case MARSAD_TOK_PUNCT:
        return 0x400 + (unsigned)t->punct;
    case MARSAD_TOK_LATIN: {
        unsigned upper = 0, lower = 0, digit = 0, first_upper = 0;
        for (const char *p = t->text; *p; p++) {
            unsigned char c = (unsigned char)*p;
            if (c >= 'A' && c <= 'Z') {
                upper++;
                if (p == t->text) first_upper = 1;
            } else if (c >= 'a' && c <= 'z') {
                lower++;
            } else if (c >= '0' && c <= '9') {
                digit++;
            }
        }
        unsigned pat = digit ? 4 : upper && !lower ? 3 : first_upper && upper == 1 ? 2 : upper ? 1 : 0;
        return 0x500 + pat * 4 + (unsigned)(len > 3 ? 3 : len);
    }
    default:
        return 0x600 + (unsigned)t->kind;
    }
}

void marsadNerTokView(marsadNerTok *v, const marsad_token *t, const marsad_ner_clusters *clusters) {
    v->lex = t->lexicon | (unsigned)t->function_word << 2;
    v->norm = t->norm;
    v->norm_len = strlen(t->norm);
    v->stem = t->stem ? t->stem : t->norm;
    v->stem_len = strlen(v->stem);
    v->procl = t->proclitics;
    v->encl = t->enclitic && t->enclitic[0];
    v->shape = shape_of(t, v->norm_len);
    v->kb = 0;
    v->doc = 0;
    const char *key;
    size_t kn;
    marsadNerClusterKey(t, &key, &kn);
    marsadNerClusterOf(clusters, key, kn, marsadHash(key, kn), v->cl);
    v->wself = 0;
    if (clusters && clusters->has_words && v->norm_len + MARSAD_NER_WORD_PREFIX_LEN <= 256) {
        char buf[256];
        memcpy(buf, MARSAD_NER_WORD_PREFIX, MARSAD_NER_WORD_PREFIX_LEN);
        memcpy(buf + MARSAD_NER_WORD_PREFIX_LEN, v->norm, v->norm_len);
        size_t bl = MARSAD_NER_WORD_PREFIX_LEN + v->norm_len;
        size_t k = marsadNerClusterIndex(clusters, buf, bl, marsadHash(buf, bl));
        if (k != SIZE_MAX)
            for (unsigned l = 0; l < MARSAD_NER_NLABELS; l++)
                v->wself = v->wself << 4 | (clusters->attr[k * MARSAD_NER_NATTR + NA_SELF + l] & 0xFu);
        else
            v->wself = 0xFFFFu;
    } else {
        v->wself = 0xFFFFu;
    }
}

int marsadNerAnalyse(const marsad_kb *kb, const char *s, size_t len, marsadArena *arena,
                     marsad_token *out, marsad_error *err) {
    memset(out, 0, sizeof *out);
    marsad_text *t = marsad_text_new(kb, s, len, NULL, err);
    if (!t) return -1;
    const marsad_token *k = marsad_text_token(t, 0);
    size_t nt = marsad_text_token_count(t);
    int rc = -1;
    size_t ns = nt == 1 && k->n_stems ? k->n_stems : 1;
    const char **stems = marsadArenaAlloc(arena, ns * sizeof *stems);
    if (!stems) goto done;
    if (nt == 1) {
        *out = *k;
        out->text = marsadArenaStrndup(arena, k->text, strlen(k->text));
        out->norm = marsadArenaStrndup(arena, k->norm, strlen(k->norm));
        out->stem = marsadArenaStrndup(arena, k->stem, strlen(k->stem));
        out->seg = marsadArenaStrndup(arena, k->seg, strlen(k->seg));
        out->enclitic = marsadArenaStrndup(arena, k->enclitic, strlen(k->enclitic));
    } else {
        /* empty, or split by the tokenizer: keep it one token */
        const char *u = marsad_text_utf8(t);
        size_t ul = marsad_text_bytes(t), nl = 0;
        char *norm = marsad_normalize(u, ul, MARSAD_NORM_DEFAULT, &nl, NULL);
        if (!norm) goto done;
        out->kind = k ? k->kind : MARSAD_TOK_PUNCT;
        out->punct = k ? k->punct : MARSAD_PUNCT_OTHER;
        out->text = marsadArenaStrndup(arena, u, ul);
        out->norm = marsadArenaStrndup(arena, norm, nl);
        out->stem = out->norm;
        out->seg = out->text;
        out->enclitic = "";
        marsad_free(norm);
    }
    if (!out->text || !out->norm || !out->stem || !out->seg || !out->enclitic) goto done;
    out->sentence = 0;
    out->start = 0;
    out->end = marsad_text_chars(t);
    out->byte_start = 0;
    out->byte_end = strlen(out->text);
    /* all the candidate stems (the KB hook looks them up), the first
     * being the stem */
    stems[0] = out->stem;
    for (size_t i = 1; i < ns; i++)
        if (!(stems[i] = marsadArenaStrndup(arena, k->stems[i], strlen(k->stems[i])))) goto done;
    out->stems = stems;
    out->n_stems = ns;
    rc = 0;
done:
    if (rc) marsadErrorSet(err, MARSAD_ERR_NOMEM, NULL, 0, "out of memory");
    marsad_text_free(t);
    return rc;
}

/* ---- hashed features ---- */

/* The finalizer of MurmurHash3: every input bit moves every output bit. */
static inline uint64_t fmix(uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

/* Observations of one token, hashed once and shared by the templates of
 * its neighbours. */
enum {
    OB_W, OB_S, OB_PRE1, OB_PRE2, OB_PRE3, OB_SUF1, OB_SUF2, OB_SUF3,
    OB_SPRE2, OB_SSUF1, OB_SSUF2, OB_SSUF3, OB_SHAPE, OB_CL, OB_KB,
    OB_COARSE, OB_FINE, OB_RIGHT, OB_SPOS, OB_SELF, OB_WSELF, OB_N
};
_Static_assert(OB_N <= MARSAD_NER_OBS_WORDS, "observation slots");

/* Values of absent things: outside the sentence, an affix longer than
 * the word. */
#define H_NONE 0x6e6f6e65ULL
#define H_BOS1 0x626f7331ULL
#define H_BOS2 0x626f7332ULL
#define H_EOS1 0x656f7331ULL
#define H_EOS2 0x656f7332ULL

/* Byte offsets of the first 3 code point boundaries (after 1, 2, 3 code
 * points) and of the last 3 (before the last 1, 2, 3); 0 / SIZE_MAX when
 * the string is too short. */
static void affix_bounds(const char *s, size_t n, size_t pre[3], size_t suf[3]) {
    size_t c = 0;
    pre[0] = pre[1] = pre[2] = 0;
    for (size_t i = 1; i <= n && c < 3; i++)
        if (i == n || ((unsigned char)s[i] & 0xC0) != 0x80) pre[c++] = i;
    c = 0;
    suf[0] = suf[1] = suf[2] = SIZE_MAX;
    for (size_t i = n; i > 0 && c < 3; i--)
        if (((unsigned char)s[i - 1] & 0xC0) != 0x80) suf[c++] = i - 1;
}

/* The hash of s[a, b) as a prefix or suffix: H_NONE when it would be the
 * whole string (the word itself says that) or is missing. */
static uint64_t affix(const char *s, size_t n, size_t a, size_t b) {
    if (a == SIZE_MAX || b == 0 || b - a >= n) return H_NONE;
    return marsadHash(s + a, b - a);
}

static void observe(const marsadNerTok *t, uint64_t *o) {
    size_t pre[3], suf[3];
    o[OB_W] = marsadHash(t->norm, t->norm_len);
    o[OB_S] = marsadHash(t->stem, t->stem_len);
    affix_bounds(t->norm, t->norm_len, pre, suf);
    for (int k = 0; k < 3; k++) {
        o[OB_PRE1 + k] = affix(t->norm, t->norm_len, 0, pre[k]);
        o[OB_SUF1 + k] = affix(t->norm, t->norm_len, suf[k], t->norm_len);
    }
    affix_bounds(t->stem, t->stem_len, pre, suf);
    o[OB_SPRE2] = affix(t->stem, t->stem_len, 0, pre[1]);
    for (int k = 0; k < 3; k++) o[OB_SSUF1 + k] = affix(t->stem, t->stem_len, suf[k], t->stem_len);
    o[OB_SHAPE] = t->shape;
    o[OB_CL] = t->procl | (t->encl << 8);
    o[OB_KB] = t->kb | (uint64_t)t->lex << 16;
    o[OB_COARSE] = t->cl[NA_COARSE];
    o[OB_FINE] = t->cl[NA_FINE];
    o[OB_RIGHT] = t->cl[NA_RIGHT];
    o[OB_SPOS] = t->cl[NA_SPOS];
    /* the four self-training steps as one value */
    uint64_t self = 0;
    for (unsigned l = 0; l < MARSAD_NER_NLABELS; l++) self = self << 16 | t->cl[NA_SELF + l];
    o[OB_SELF] = self;
    o[OB_WSELF] = t->wself;
}

static inline uint32_t row_of(unsigned tid, uint64_t h, unsigned bits) {
    return (uint32_t)(fmix(h ^ ((uint64_t)(tid + 1) * 0x9E3779B97F4A7C15ULL)) >> (64 - bits));
}

uint32_t marsadNerRow(unsigned tid, uint64_t v, unsigned bits) { return row_of(tid, v, bits); }

static inline uint64_t pair(uint64_t a, uint64_t b) { return fmix(a) * 31 + b; }

void marsadNerFeatures(const marsadNerTok *toks, size_t n, unsigned bits, uint64_t *scratch,
                       uint32_t *rows) {
    for (size_t i = 0; i < n; i++) observe(&toks[i], scratch + i * MARSAD_NER_OBS_WORDS);
    static const uint64_t pad_before[2] = {H_BOS1, H_BOS2};
    static const uint64_t pad_after[2] = {H_EOS1, H_EOS2};
    /* observation `slot` of token i + d (d in -2 .. 2), or a pad */
#define OBS(d, slot)                                                                   \
    ((d) < 0 && i < (size_t)-(d)  ? pad_before[-(d)-1]                                 \
     : (d) > 0 && i + (d) >= n ? pad_after[i + (d)-n]                                  \
                               : scratch[(i + (d)) * MARSAD_NER_OBS_WORDS + (slot)])
    for (size_t i = 0; i < n; i++) {
        const uint64_t *o = scratch + i * MARSAD_NER_OBS_WORDS;
        uint64_t wm1 = OBS(-1, OB_W), wp1 = OBS(1, OB_W);
        uint64_t sm1 = OBS(-1, OB_S), sp1 = OBS(1, OB_S);
        uint64_t shm1 = OBS(-1, OB_SHAPE), shp1 = OBS(1, OB_SHAPE);
        uint64_t f[MARSAD_NER_NFEAT];
        f[NF_BIAS] = 0;
        f[NF_W0] = o[OB_W];
        f[NF_WM1] = wm1;
        f[NF_WP1] = wp1;
        f[NF_WM2] = OBS(-2, OB_W);
        f[NF_WP2] = OBS(2, OB_W);
        f[NF_S0] = o[OB_S];
        f[NF_SM1] = sm1;
        f[NF_SP1] = sp1;
        f[NF_WM1_W0] = pair(wm1, o[OB_W]);
        f[NF_W0_WP1] = pair(o[OB_W], wp1);
        f[NF_SM1_S0] = pair(sm1, o[OB_S]);
        f[NF_S0_SP1] = pair(o[OB_S], sp1);
        for (int k = 0; k < 3; k++) {
            f[NF_PRE1 + k] = o[OB_PRE1 + k];
            f[NF_SUF1 + k] = o[OB_SUF1 + k];
            f[NF_SSUF1 + k] = o[OB_SSUF1 + k];
        }
        f[NF_SPRE2] = o[OB_SPRE2];
        f[NF_SHAPE0] = o[OB_SHAPE];
        f[NF_SHAPEM1] = shm1;
        f[NF_SHAPEP1] = shp1;
        f[NF_SHAPE3] = pair(pair(shm1, o[OB_SHAPE]), shp1);
        f[NF_CL0] = o[OB_CL];
        f[NF_KB0] = o[OB_KB];
        f[NF_KBM1] = OBS(-1, OB_KB);
        f[NF_KBP1] = OBS(1, OB_KB);
        f[NF_POS] = (i == 0) + 2 * (i + 1 == n);
        f[NF_C1_0] = o[OB_COARSE];
        f[NF_C1_M1] = OBS(-1, OB_COARSE);
        f[NF_C1_P1] = OBS(1, OB_COARSE);
        f[NF_C2_0] = o[OB_FINE];
        f[NF_C2_M1] = OBS(-1, OB_FINE);
        f[NF_C2_P1] = OBS(1, OB_FINE);
        f[NF_C2_M2] = OBS(-2, OB_FINE);
        f[NF_C2_P2] = OBS(2, OB_FINE);
        f[NF_R_0] = o[OB_RIGHT];
        f[NF_R_M1] = OBS(-1, OB_RIGHT);
        f[NF_R_P1] = OBS(1, OB_RIGHT);
        f[NF_SELF0] = o[OB_SELF];
        f[NF_SELF_M1] = OBS(-1, OB_SELF);
        f[NF_SELF_P1] = OBS(1, OB_SELF);
        f[NF_SPOS0] = o[OB_SPOS];
        f[NF_SPOS_M1] = OBS(-1, OB_SPOS);
        f[NF_SPOS_P1] = OBS(1, OB_SPOS);
        f[NF_WSELF0] = o[OB_WSELF];
        f[NF_DOC] = toks[i].doc;
        uint32_t *r = rows + i * MARSAD_NER_NFEAT;
        for (unsigned k = 0; k < MARSAD_NER_NFEAT; k++) r[k] = row_of(k, f[k], bits);
    }
#undef OBS
}
