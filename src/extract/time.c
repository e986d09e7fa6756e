/*
 * time.c -- time expressions (data/time_words.tsv) resolved against the
 * publication date: numeric dates, day + month (+ year), months, relative
 * days (أمس، أول أمس، الليلة الماضية), weekdays (يوم الإثنين الماضي), the
 * previous week, month or year, and "in the 20th of this month".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"

/* ---- calendar arithmetic on yyyymmdd ---- */

static long days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d) {
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int days_in_month(int y, int m) {
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return m >= 1 && m <= 12 ? dm[m - 1] : 30;
}

static void put(char out[11], int y, int m, int d) {
    unsigned uy = (unsigned)(y < 0 ? 0 : y) % 10000u, um = (unsigned)(m < 0 ? 0 : m) % 100u,
             ud = (unsigned)(d < 0 ? 0 : d) % 100u;
    out[0] = (char)('0' + uy / 1000);
    out[1] = (char)('0' + uy / 100 % 10);
    out[2] = (char)('0' + uy / 10 % 10);
    out[3] = (char)('0' + uy % 10);
    out[4] = '-';
    out[5] = (char)('0' + um / 10);
    out[6] = (char)('0' + um % 10);
    out[7] = '-';
    out[8] = (char)('0' + ud / 10);
    out[9] = (char)('0' + ud % 10);
    out[10] = '\0';
}

static void put_days(char out[11], long z) {
    int y, m, d;
    civil_from_days(z, &y, &m, &d);
    put(out, y, m, d);
}

/* ---- helpers over the term matches ---- */

/* d->terms is sorted by first token (match.c): binary searches instead
 * of scans from the start, which made the date search quadratic in the
 * number of terms. */
static size_t terms_lower(const marsad_doc *d, size_t tok) {
    size_t lo = 0, hi = d->n_terms;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->terms[mid].first < tok)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static const kbTerm *time_term_at(const marsad_doc *d, size_t tok, size_t *n) {
    for (size_t i = terms_lower(d, tok); i < d->n_terms; i++) {
        const marsadMatch *m = &d->terms[i];
        if (m->first > tok) break;
        const kbTerm *t = exTerm(d, m, KT_TIME);
        if (t) {
            *n = m->n;
            return t;
        }
    }
    return NULL;
}

static const char *kind_of(const marsad_doc *d, const kbTerm *t) {
    return marsadKbStr(d->kb, t->f[0]);
}

static const char *value_of(const marsad_doc *d, const kbTerm *t) {
    return marsadKbStr(d->kb, t->f[1]);
}

/* The longest term match of the document, in tokens. */
static size_t max_term_tokens(const marsad_doc *d) {
    size_t mx = 0;
    for (size_t i = 0; i < d->n_terms; i++)
        if (d->terms[i].n > mx) mx = d->terms[i].n;
    return mx;
}

/* Whether a reporting term covers `tok`; `maxn` is max_term_tokens(d):
 * no term that starts more than maxn tokens before `tok` can cover it. */
static int is_reporting(const marsad_doc *d, size_t tok, size_t maxn) {
    for (size_t i = terms_lower(d, tok + 1); i > 0; i--) {
        const marsadMatch *m = &d->terms[i - 1];
        if (m->first + maxn <= tok) break;
        if (tok < m->first + m->n && exTerm(d, m, KT_REPORT)) return 1;
    }
    return 0;
}

/* "-2d", "0", "+7d", "-6m" (a month as 30 days) in days. */
static long range_offset(const char *v) {
    char *end = NULL;
    long a = strtol(v, &end, 10);
    return end && *end == 'm' ? 30L * a : a;
}

static int in_place(const marsad_doc *d, size_t tok) {
    for (size_t i = 0; i < d->n_mentions; i++) {
        const marsad_mention *m = &d->mentions[i];
        if (m->kind == MARSAD_MENTION_PLACE && tok >= m->first_token && tok < m->first_token + m->n_tokens)
            return 1;
    }
    return 0;
}

static int day_number(const marsad_token *k) {
    if (k->kind != MARSAD_TOK_NUMBER || !(k->value >= 1 && k->value <= 31)) return 0;
    return k->value == (double)(int)k->value ? (int)k->value : 0;
}

static int year_number(const marsad_token *k) {
    if (k->kind != MARSAD_TOK_NUMBER || k->is_number_word) return 0;
    return k->value >= 1900 && k->value <= 2100 ? (int)k->value : 0;
}

/* Which tokens of [lo, hi) a reporting term covers, found with one pass
 * over the terms that reach into the range rather than a search per token
 * (is_reporting); tokens outside the range fall back to is_reporting(). */
typedef struct rep_cover {
    size_t lo, hi, maxn;
    unsigned char *bit; /* NULL: no table (out of memory); use is_reporting() */
    unsigned char small[512];
} rep_cover;

static void rep_cover_init(rep_cover *c, const marsad_doc *d, size_t lo, size_t hi) {
    c->lo = lo;
    c->hi = hi > lo ? hi : lo;
    c->maxn = max_term_tokens(d);
    size_t n = c->hi - c->lo;
    c->bit = n <= sizeof c->small ? c->small : malloc(n);
    if (!c->bit) return;
    memset(c->bit, 0, n);
    size_t i = terms_lower(d, c->lo > c->maxn ? c->lo - c->maxn : 0);
    for (; i < d->n_terms && d->terms[i].first < c->hi; i++) {
        const marsadMatch *m = &d->terms[i];
        size_t a = m->first > c->lo ? m->first : c->lo, z = m->first + m->n;
        if (z > c->hi) z = c->hi;
        if (a >= z || !exTerm(d, m, KT_REPORT)) continue;
        memset(c->bit + (a - c->lo), 1, z - a);
    }
}

static void rep_cover_free(rep_cover *c) {
    if (c->bit && c->bit != c->small) free(c->bit);
}

static int reporting_at(const rep_cover *c, const marsad_doc *d, size_t tok) {
    if (c->bit && tok >= c->lo && tok < c->hi) return c->bit[tok - c->lo];
    return is_reporting(d, tok, c->maxn);
}

/* قبل N unit at token i: the period N units before publication (a
 * number word or digits; a singular or dual unit counts 1 or 2; a plural
 * without a number is vague); منذ N unit: from then to publication. */
static int ago(const marsad_doc *d, size_t i, size_t to, int py, int pm, long pz, exDate *out) {
    const marsad_text *t = d->text;
    size_t n = 0;
    const kbTerm *m = time_term_at(d, i, &n);
    if (!m || n != 1 || strcmp(kind_of(d, m), "range-marker") != 0) return 0;
    int since = !strcmp(value_of(d, m), "since");
    if (!since && strcmp(value_of(d, m), "ago") != 0) return 0;
    size_t j = i + 1;
    double count = 0;
    if (j < to && t->tokens[j].kind == MARSAD_TOK_NUMBER && !t->tokens[j].is_approx) {
        count = t->tokens[j].value;
        j++;
    }
    size_t un = 0;
    const kbTerm *u = j < to ? time_term_at(d, j, &un) : NULL;
    if (!u || strcmp(kind_of(d, u), "unit") != 0) return 0;
    const char *v = value_of(d, u);
    if (*v >= '1' && *v <= '9') { /* a singular or dual unit counts itself */
        count = count ? count * (*v - '0') : *v - '0';
        v++;
    }
    if (count < 1 || count > 100) return 0; /* قبل أيام: vague */
    long c = (long)count;
    if (!strcmp(v, "d")) {
        put_days(out->start, pz - c);
        memcpy(out->end, out->start, 11);
        out->precision = "day";
    } else if (!strcmp(v, "w")) {
        put_days(out->start, pz - 7 * c - 3);
        put_days(out->end, pz - 7 * c + 3);
        out->precision = "week";
    } else if (!strcmp(v, "m")) {
        int y = py, mm = pm - (int)c;
        while (mm < 1) {
            mm += 12;
            y--;
        }
        put(out->start, y, mm, 1);
        put(out->end, y, mm, days_in_month(y, mm));
        out->precision = "month";
    } else if (!strcmp(v, "y")) {
        put(out->start, py - (int)c, 1, 1);
        put(out->end, py - (int)c, 12, 31);
        out->precision = "year";
    } else {
        return 0;
    }
    if (since) { /* منذ ثلاثة أيام، منذ عامين: from that day to the publication */
        int y, mo, dd;
        civil_from_days(pz, &y, &mo, &dd);
        if (!strcmp(v, "m") || !strcmp(v, "y")) {
            int back = !strcmp(v, "y") ? 12 * (int)c : (int)c;
            mo -= back;
            while (mo < 1) {
                mo += 12;
                y--;
            }
            put(out->start, y, mo, dd <= days_in_month(y, mo) ? dd : days_in_month(y, mo));
        }
        put_days(out->end, pz);
        out->precision = "range";
    }
    out->found = 1;
    out->tok_first = i;
    out->tok_n = j + un - i;
    return 1;
}

static int find_date(const marsad_doc *d, size_t from, size_t to, exDate *out,
                     const rep_cover *rc) {
    memset(out, 0, sizeof *out);
    const marsad_text *t = d->text;
    uint32_t pub = d->published;
    int py = (int)(pub / 10000), pm = (int)(pub / 100 % 100), pd = (int)(pub % 100);
    long pz = pub ? days_from_civil(py, pm, pd) : 0;
    for (size_t i = from; i < to && i < t->ntok; i++) {
        const marsad_token *k = &t->tokens[i];
        /* a date said of a statement ("قال أمس") is not the event's */
        if ((i > 0 && reporting_at(rc, d, i - 1)) || (i >= 2 && reporting_at(rc, d, i - 2)) ||
            (i + 1 < t->ntok && reporting_at(rc, d, i + 1)))
            continue;
        if (k->kind == MARSAD_TOK_DATE) {
            int a = 0, b = 0, c = 0;
            char sep;
            if (sscanf(k->norm, "%d%c%d%*c%d", &a, &sep, &b, &c) == 4) {
                int y, m, dd;
                if (a > 31) {
                    y = a;
                    m = b;
                    dd = c;
                } else {
                    dd = a;
                    m = b;
                    y = c < 100 ? 2000 + c : c;
                }
                if (m >= 1 && m <= 12 && dd >= 1 && dd <= days_in_month(y, m)) {
                    put(out->start, y, m, dd);
                    memcpy(out->end, out->start, 11);
                    out->precision = "day";
                    out->found = 1;
                    out->tok_first = i;
                    out->tok_n = 1;
                    return 1;
                }
            }
            continue;
        }
        /* قبل 3 سنوات، قبل عام، قبل شهرين: a duration ago (time_words.tsv
         * range-marker ago + unit): the day, week, month or year it was */
        if (pub && ago(d, i, to, py, pm, pz, out)) return 1;
        /* a year: عام 2013، في 2014، منذ عام 1984 (a range to publication) */
        int yr = year_number(k);
        if (yr && i > from) {
            const char *p1 = t->tokens[i - 1].stem;
            const char *p2 = i > from + 1 ? t->tokens[i - 2].stem : "";
            int since = !strcmp(p1, "منذ") || (!strcmp(p2, "منذ") && (!strcmp(p1, "عام") ||
                                                                   !strcmp(p1, "سنه")));
            int year_word = !strcmp(p1, "عام") || !strcmp(p1, "سنه") || !strcmp(p1, "في");
            if (since && pub) {
                put(out->start, yr, 1, 1);
                put(out->end, py, pm, pd);
                out->precision = "range";
            } else if (year_word) {
                put(out->start, yr, 1, 1);
                put(out->end, yr, 12, 31);
                out->precision = "year";
            } else {
                continue;
            }
            out->found = 1;
            out->tok_first = strcmp(p1, "في") && (since || year_word) ? i - 1 : i;
            if (since && strcmp(p1, "منذ")) out->tok_first = i - 2;
            out->tok_n = i + 1 - out->tok_first;
            return 1;
        }
        size_t n = 0;
        int day = day_number(k);
        size_t mi = i + (day ? 1 : 0);
        const kbTerm *tt = mi < to ? time_term_at(d, mi, &n) : NULL;
        if (tt && strcmp(kind_of(d, tt), "month") == 0) {
            /* [day] month [year] [الماضي|المقبل] */
            int mon = atoi(value_of(d, tt));
            size_t end = mi + n;
            int year = 0;
            if (end < to && year_number(&t->tokens[end])) year = year_number(&t->tokens[end++]);
            size_t mn = 0;
            const kbTerm *mod = end < to ? time_term_at(d, end, &mn) : NULL;
            const char *mv = mod && strcmp(kind_of(d, mod), "modifier") == 0 ? value_of(d, mod) : "";
            if (*mv) end += mn;
            if (!year && pub) {
                year = py;
                if (strcmp(mv, "previous") == 0 ? mon >= pm && (mon > pm || (day && day >= pd))
                                                 : mon > pm + 1)
                    year--; /* a month after the publication month is last year's */
                if (strcmp(mv, "next") == 0 && mon <= pm) year = py + 1;
            }
            if (!year) continue;
            if (!day && !year_number(&t->tokens[mi + n < to ? mi + n : mi]) && !*mv &&
                (in_place(d, mi) || !strncmp(t->tokens[mi].text, "\xd8\xa5", 2)))
                continue; /* إب the Yemeni city folds to آب (which has a madda, not a hamza below) */
            if (day && day <= days_in_month(year, mon)) {
                put(out->start, year, mon, day);
                memcpy(out->end, out->start, 11);
                out->precision = "day";
            } else {
                put(out->start, year, mon, 1);
                put(out->end, year, mon, days_in_month(year, mon));
                out->precision = "month";
            }
            out->found = 1;
            out->tok_first = day ? i : mi;
            out->tok_n = end - out->tok_first;
            /* a weekday just before: الأحد 15 آب */
            if (out->tok_first > from) {
                size_t wn = 0;
                const kbTerm *w = time_term_at(d, out->tok_first - 1, &wn);
                if (w && strcmp(kind_of(d, w), "weekday") == 0) {
                    out->tok_first--;
                    out->tok_n++;
                }
            }
            return 1;
        }
        tt = time_term_at(d, i, &n);
        if (!tt || !pub) continue;
        const char *kind = kind_of(d, tt), *val = value_of(d, tt);
        if (strcmp(kind, "relative-day") == 0) {
            long z = pz + atol(val);
            put_days(out->start, z);
            memcpy(out->end, out->start, 11);
            out->precision = "day";
        } else if (strcmp(kind, "weekday") == 0) {
            /* a weekday has the article or a time noun before it (يوم،
             * ليلة، مساء): أحد، أحدهما، إحدى are 'one' */
            const marsad_token *wk = &t->tokens[i];
            int timed = i > from && (!strcmp(t->tokens[i - 1].stem, "يوم") || !strcmp(t->tokens[i - 1].stem, "ليل") ||
                                     !strcmp(t->tokens[i - 1].stem, "ليله") || !strcmp(t->tokens[i - 1].stem, "مساء") ||
                                     !strcmp(t->tokens[i - 1].stem, "صباح") || !strcmp(t->tokens[i - 1].stem, "فجر") ||
                                     !strcmp(t->tokens[i - 1].stem, "ظهر") || !strcmp(t->tokens[i - 1].stem, "منذ"));
            if ((!(wk->proclitics & MARSAD_CL_AL) && !timed) || (wk->enclitic && *wk->enclitic)) continue;
            /* the most recent such day before publication (or on it,
             * without الماضي); with المقبل the next one */
            int wd = atoi(val);
            long pwd = ((pz % 7) + 11) % 7; /* 1970-01-01 was a Thursday (4) */
            size_t mn = 0;
            const kbTerm *mod = i + n < to ? time_term_at(d, i + n, &mn) : NULL;
            const char *mv = mod && strcmp(kind_of(d, mod), "modifier") == 0 ? value_of(d, mod) : "";
            long back = (pwd - wd + 7) % 7;
            if (strcmp(mv, "previous") == 0 && back == 0) back = 7;
            long z = strcmp(mv, "next") == 0 ? pz + ((wd - pwd + 7) % 7 ? (wd - pwd + 7) % 7 : 7)
                                             : pz - back;
            /* بعد منتصف ليل الأحد: after midnight, the next day */
            if (i >= from + 3 && !strcmp(t->tokens[i - 1].stem, "ليل") &&
                !strcmp(t->tokens[i - 2].stem, "منتصف") && !strcmp(t->tokens[i - 3].stem, "بعد"))
                z += 1;
            put_days(out->start, z);
            memcpy(out->end, out->start, 11);
            out->precision = "day";
            if (*mv) n += mn;
            /* ليل الأحد الإثنين: the night from one day to the next */
            size_t wn = 0;
            const kbTerm *w2 = !*mv && i + n < to ? time_term_at(d, i + n, &wn) : NULL;
            if (w2 && strcmp(kind_of(d, w2), "weekday") == 0 && atoi(value_of(d, w2)) == (wd + 1) % 7) {
                put_days(out->end, z + 1);
                out->precision = "range";
                n += wn;
            }
            /* the time noun before it belongs to the expression; منذ مساء
             * الثلاثاء runs to publication */
            int since = 0;
            for (size_t b = 1; b <= 2 && i >= from + b; b++)
                if (!strcmp(t->tokens[i - b].stem, "منذ")) since = (int)b;
            if (timed) {
                i--;
                n++;
            }
            if (since && z < pz) {
                put_days(out->end, pz);
                out->precision = "range";
                if (since == 2 && !timed) since = 0;
                if (since && i > from && !strcmp(t->tokens[i - 1].stem, "منذ")) {
                    i--;
                    n++;
                }
            }
        } else if (strcmp(kind, "relative-week") == 0) {
            int off = atoi(val);
            long pwd = ((pz % 7) + 11) % 7;
            long monday = pz - ((pwd + 6) % 7) + 7L * off;
            put_days(out->start, monday);
            put_days(out->end, monday + 6);
            out->precision = "week";
        } else if (strcmp(kind, "relative-month") == 0) {
            int off = atoi(val), y = py, m = pm + off;
            while (m < 1) {
                m += 12;
                y--;
            }
            while (m > 12) {
                m -= 12;
                y++;
            }
            put(out->start, y, m, 1);
            put(out->end, y, m, days_in_month(y, m));
            out->precision = "month";
        } else if (strcmp(kind, "relative-year") == 0) {
            int y = py + atoi(val);
            put(out->start, y, 1, 1);
            put(out->end, y, 12, 31);
            out->precision = "year";
        } else if (strcmp(kind, "ordinal-day") == 0 || strcmp(kind, "relative-range") == 0) {
            if (strcmp(kind, "relative-range") == 0) {
                /* "-7d..0", "0..+7d": days (d) or months (m) from publication */
                const char *dots = strstr(val, "..");
                if (!dots) continue;
                put_days(out->start, pz + range_offset(val));
                put_days(out->end, pz + range_offset(dots + 2));
                out->precision = "range";
            } else {
                /* في العشرين من الشهر الجاري / الماضي */
                int dd = atoi(val), y = py, m = pm;
                size_t j = i + n;
                if (j < to && strcmp(t->tokens[j].stem, "من") == 0) j++;
                size_t rn = 0;
                const kbTerm *rm = j < to ? time_term_at(d, j, &rn) : NULL;
                if (rm && strcmp(kind_of(d, rm), "month") == 0) {
                    /* في الثامن من يوليو: the last such month on or before
                     * the publication's (news reports the past) */
                    m = atoi(value_of(d, rm));
                    if (m > pm) y--;
                    if (j + rn < to && year_number(&t->tokens[j + rn])) y = year_number(&t->tokens[j + rn++]);
                } else {
                    if (!rm || strcmp(kind_of(d, rm), "relative-month") != 0) continue;
                    m += atoi(value_of(d, rm));
                }
                if (m < 1) {
                    m += 12;
                    y--;
                }
                if (dd < 1 || dd > days_in_month(y, m)) continue;
                put(out->start, y, m, dd);
                memcpy(out->end, out->start, 11);
                out->precision = "day";
                n = j + rn - i;
            }
        } else {
            continue;
        }
        out->found = 1;
        out->tok_first = i;
        out->tok_n = n;
        return 1;
    }
    /* "في العشرين من الشهر": a cardinal day number before من الشهر */
    return 0;
}

/* منذ X runs from X to the publication (GUIDELINES): منذ صباح أمس، منذ
 * مطلع الشهر، منذ آذار 2011. */
static void since(const marsad_doc *d, size_t from, exDate *out) {
    uint32_t pub = d->published;
    if (!pub || !strcmp(out->precision, "range")) return;
    size_t i = out->tok_first;
    for (size_t back = 1; back <= 2 && i >= from + back; back++) {
        const marsad_token *k = &d->text->tokens[i - back];
        if (k->kind != MARSAD_TOK_WORD) return;
        if (strcmp(k->stem, "منذ") != 0) continue;
        char p[11];
        put(p, (int)(pub / 10000), (int)(pub / 100 % 100), (int)(pub % 100));
        if (strcmp(out->start, p) >= 0) return;
        memcpy(out->end, p, 11);
        out->precision = "range";
        out->tok_n += back;
        out->tok_first -= back;
        return;
    }
}

int exFindDate(const marsad_doc *d, size_t from, size_t to, exDate *out) {
    /* the tokens find_date() asks about: from - 2 .. to */
    size_t ntok = d->text->ntok;
    rep_cover rc;
    rep_cover_init(&rc, d, from >= 2 ? from - 2 : 0, to + 1 < ntok ? to + 1 : ntok);
    int found = find_date(d, from, to, out, &rc);
    rep_cover_free(&rc);
    if (found) since(d, from, out);
    return found;
}
