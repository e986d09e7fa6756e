/*
 * model.c -- the NER model file: a little-endian binary format with a
 * magic, a version, the feature set it was trained with and a checksum,
 * storing only the non-zero rows of the hashed weight table.  Loading
 * validates everything before the model is used.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ner_internal.h"

/*
 * Layout (all integers little-endian):
 *   0  magic "MRSDNER\x1a"
 *   8  u32 format version (1)
 *  12  u32 feature set (MARSAD_NER_FEATURE_SET)
 *  16  u32 bits: the table has 2^bits rows
 *  20  u32 tags per row (MARSAD_NER_NTAGS)
 *  24  u32 features per token (MARSAD_NER_NFEAT)
 *  28  u32 scale (IEEE float bits; informative)
 *  32  u32 info length L (at most MODEL_MAX_INFO)
 *  36  u32 non-zero rows R
 *  40  info, L bytes
 *      transitions: NPREV x NTAGS i32
 *      bitmap: 2^bits / 8 bytes, bit r set when row r is stored
 *      rows: R x NTAGS i16, in row order
 *      u32 words W with attributes (0: no such features), u32 attributes
 *      per word A (MARSAD_NER_NATTR), A x u32 values each takes, then W
 *      times: u16 length, the word's bytes, A x u16 attribute
 *      u64 FNV-1a of every byte before it
 */
static const char model_magic[8] = {'M', 'R', 'S', 'D', 'N', 'E', 'R', 0x1a};
#define MODEL_VERSION 1u
#define MODEL_HEADER 40u
#define MODEL_MAX_INFO 4096u

marsad_ner_model *marsadNerModelAlloc(unsigned bits) {
    marsad_ner_model *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->bits = bits;
    m->w = calloc((size_t)1 << bits, MARSAD_NER_NTAGS * sizeof *m->w);
    if (!m->w) {
        free(m);
        return NULL;
    }
    return m;
}

void marsad_ner_model_free(marsad_ner_model *m) {
    if (!m) return;
    marsad_ner_clusters_free(m->clusters);
    free(m->w);
    free(m->info);
    free(m);
}

const marsad_ner_clusters *marsad_ner_model_clusters(const marsad_ner_model *m) {
    return m ? m->clusters : NULL;
}

const char *marsad_ner_model_info(const marsad_ner_model *m) {
    return m && m->info ? m->info : "";
}

char *marsadNerInfo(const char *fmt, ...) {
    char buf[MODEL_MAX_INFO];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    size_t n = strlen(buf);
    char *s = malloc(n + 1);
    if (s) memcpy(s, buf, n + 1);
    return s;
}

static uint64_t fnv_update(uint64_t h, const unsigned char *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}
#define FNV_INIT 1469598103934665603ULL

static void put16(marsadBuf *b, uint32_t v) {
    unsigned char c[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
    marsadBufPut(b, c, 2);
}

static void put32(marsadBuf *b, uint32_t v) {
    unsigned char c[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    marsadBufPut(b, c, 4);
}

static uint32_t get32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const unsigned char *p) {
    return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

static int row_nonzero(const int16_t *r) {
    for (unsigned k = 0; k < MARSAD_NER_NTAGS; k++)
        if (r[k]) return 1;
    return 0;
}

int marsad_ner_model_save(const marsad_ner_model *m, const char *path, marsad_error *err) {
    if (!m || !path) {
        marsadErrorSet(err, MARSAD_ERR_ARG, path, 0, "no model or no path to save it to");
        return -1;
    }
    size_t rows = (size_t)1 << m->bits, nz = 0;
    for (size_t r = 0; r < rows; r++) nz += row_nonzero(m->w + r * MARSAD_NER_NTAGS);
    const char *info = m->info ? m->info : "";
    size_t il = strlen(info);
    if (il > MODEL_MAX_INFO) il = MODEL_MAX_INFO;
    marsadBuf b;
    marsadBufInit(&b);
    marsadBufPut(&b, model_magic, sizeof model_magic);
    uint32_t scale_bits;
    memcpy(&scale_bits, &m->scale, 4);
    put32(&b, MODEL_VERSION);
    put32(&b, MARSAD_NER_FEATURE_SET);
    put32(&b, m->bits);
    put32(&b, MARSAD_NER_NTAGS);
    put32(&b, MARSAD_NER_NFEAT);
    put32(&b, scale_bits);
    put32(&b, (uint32_t)il);
    put32(&b, (uint32_t)nz);
    marsadBufPut(&b, info, il);
    for (size_t k = 0; k < MARSAD_NER_NPREV * MARSAD_NER_NTAGS; k++) put32(&b, (uint32_t)m->trans[k]);
    size_t bm = b.len;
    if (marsadBufReserve(&b, rows / 8) == 0) {
        memset(b.data + bm, 0, rows / 8);
        for (size_t r = 0; r < rows; r++)
            if (row_nonzero(m->w + r * MARSAD_NER_NTAGS))
                b.data[bm + r / 8] = (char)(b.data[bm + r / 8] | (1 << (r % 8)));
        b.len += rows / 8;
    }
    if (marsadBufReserve(&b, nz * MARSAD_NER_NTAGS * 2 + 8) == 0) {
        for (size_t r = 0; r < rows; r++) {
            const int16_t *w = m->w + r * MARSAD_NER_NTAGS;
            if (!row_nonzero(w)) continue;
            for (unsigned k = 0; k < MARSAD_NER_NTAGS; k++) {
                uint16_t v = (uint16_t)w[k];
                b.data[b.len++] = (char)(v & 0xFF);
                b.data[b.len++] = (char)(v >> 8);
            }
        }
    }
    const marsad_ner_clusters *cl = m->clusters;
    put32(&b, cl ? (uint32_t)cl->n : 0);
    put32(&b, MARSAD_NER_NATTR);
    for (unsigned a = 0; a < MARSAD_NER_NATTR; a++) put32(&b, cl ? cl->k[a] : 0);
    for (size_t i = 0; cl && i < cl->n; i++) {
        size_t wl = cl->off[i + 1] - cl->off[i] - 1;
        put16(&b, (uint32_t)wl);
        marsadBufPut(&b, cl->pool + cl->off[i], wl);
        for (unsigned a = 0; a < MARSAD_NER_NATTR; a++) put16(&b, cl->attr[i * MARSAD_NER_NATTR + a]);
    }
    if (b.failed) {
        marsadBufFree(&b);
        marsadErrorSet(err, MARSAD_ERR_NOMEM, path, 0, "out of memory");
        return -1;
    }
    uint64_t h = fnv_update(FNV_INIT, (const unsigned char *)b.data, b.len);
    put32(&b, (uint32_t)h);
    put32(&b, (uint32_t)(h >> 32));
    size_t pl = strlen(path);
    char *tmp = malloc(pl + 8);
    if (!tmp || b.failed) {
        free(tmp);
        marsadBufFree(&b);
        marsadErrorSet(err, MARSAD_ERR_NOMEM, path, 0, "out of memory");
        return -1;
    }
    memcpy(tmp, path, pl);
    memcpy(tmp + pl, ".tmp", 5);
    FILE *f = fopen(tmp, "wb");
    int rc = -1;
    if (!f) {
        marsadErrorSet(err, MARSAD_ERR_IO, path, 0, "cannot create the model file: %s",
                       strerror(errno));
    } else {
        int bad = fwrite(b.data, 1, b.len, f) != b.len;
        bad |= fclose(f) != 0;
        if (bad || rename(tmp, path) != 0) {
            marsadErrorSet(err, MARSAD_ERR_IO, path, 0, "cannot write the model file: %s",
                           strerror(errno));
            remove(tmp);
        } else {
            rc = 0;
        }
    }
    free(tmp);
    marsadBufFree(&b);
    return rc;
}

static marsad_ner_model *load_fail(marsad_error *err, marsad_status code, const char *file,
                                   const char *msg) {
    marsadErrorSet(err, code, file, 0, "%s", msg);
    return NULL;
}

/* The word attributes of a checked section: nw words from q. */
static marsad_ner_clusters *clusters_from(const unsigned char *q, uint32_t nw, const uint32_t *k) {
    const char **ws = malloc((nw ? nw : 1) * sizeof *ws);
    size_t *ls = malloc((nw ? nw : 1) * sizeof *ls);
    uint16_t *attr = malloc((nw ? nw : 1) * MARSAD_NER_NATTR * sizeof *attr);
    marsad_ner_clusters *c = NULL;
    if (ws && ls && attr) {
        for (uint32_t i = 0; i < nw; i++) {
            size_t wl = (size_t)(q[0] | q[1] << 8);
            ws[i] = (const char *)q + 2;
            ls[i] = wl;
            for (unsigned a = 0; a < MARSAD_NER_NATTR; a++)
                attr[i * MARSAD_NER_NATTR + a] =
                    (uint16_t)(q[2 + wl + 2 * a] | q[3 + wl + 2 * a] << 8);
            q += 2 + wl + 2 * MARSAD_NER_NATTR;
        }
        unsigned ku[MARSAD_NER_NATTR];
        for (unsigned a = 0; a < MARSAD_NER_NATTR; a++) ku[a] = k[a];
        c = marsadNerClustersFrom(nw, ws, ls, attr, ku);
    }
    free((void *)ws);
    free(ls);
    free(attr);
    return c;
}

static marsad_ner_model *load_mem(const unsigned char *p, size_t len, const char *file,
                                  marsad_error *err) {
    if (!p && len) return load_fail(err, MARSAD_ERR_ARG, file, "NULL model data");
    if (len < sizeof model_magic || memcmp(p, model_magic, sizeof model_magic) != 0)
        return load_fail(err, MARSAD_ERR_PARSE, file, "not a marsad NER model (bad magic)");
    if (len < MODEL_HEADER + 8)
        return load_fail(err, MARSAD_ERR_PARSE, file, "truncated NER model (no header)");
    uint32_t version = get32(p + 8), fs = get32(p + 12), bits = get32(p + 16),
             ntags = get32(p + 20), nfeat = get32(p + 24), il = get32(p + 32),
             nz = get32(p + 36);
    if (version != MODEL_VERSION) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, file, 0,
                       "NER model format version %u; this library reads version %u", version,
                       MODEL_VERSION);
        return NULL;
    }
    if (fs != MARSAD_NER_FEATURE_SET || nfeat != MARSAD_NER_NFEAT) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, file, 0,
                       "NER model built with feature set %u (%u features); this library "
                       "uses set %u (%u): retrain it with marsad train-ner",
                       fs, nfeat, MARSAD_NER_FEATURE_SET, (unsigned)MARSAD_NER_NFEAT);
        return NULL;
    }
    if (bits < MARSAD_NER_BITS_MIN || bits > MARSAD_NER_BITS_MAX || ntags != MARSAD_NER_NTAGS ||
        il > MODEL_MAX_INFO)
        return load_fail(err, MARSAD_ERR_PARSE, file, "corrupt NER model (bad header fields)");
    size_t rows = (size_t)1 << bits;
    if (nz > rows) return load_fail(err, MARSAD_ERR_PARSE, file, "corrupt NER model (row count)");
    size_t trans_bytes = MARSAD_NER_NPREV * MARSAD_NER_NTAGS * 4;
    size_t want = MODEL_HEADER + il + trans_bytes + rows / 8 + (size_t)nz * MARSAD_NER_NTAGS * 2;
    if (len < want + 8 + 8) return load_fail(err, MARSAD_ERR_PARSE, file, "truncated NER model");
    if (fnv_update(FNV_INIT, p, len - 8) != get64(p + len - 8))
        return load_fail(err, MARSAD_ERR_PARSE, file,
                         "corrupt or truncated NER model (checksum mismatch)");
    /* the word attributes: every word is checked against the end */
    const size_t head = 8 + 4 * MARSAD_NER_NATTR, per = 2 + 2 * MARSAD_NER_NATTR;
    const unsigned char *cs = p + want, *end = p + len - 8;
    if ((size_t)(end - cs) < head || get32(cs + 4) != MARSAD_NER_NATTR)
        return load_fail(err, MARSAD_ERR_PARSE, file, "corrupt NER model (word attributes)");
    uint32_t nw = get32(cs), kv[MARSAD_NER_NATTR];
    int ok = nw <= (size_t)(end - cs - head) / per;
    for (unsigned a = 0; a < MARSAD_NER_NATTR; a++) {
        kv[a] = get32(cs + 8 + 4 * a);
        ok &= kv[a] < MARSAD_NER_NO_CLUSTER;
    }
    const unsigned char *q0 = cs + head;
    for (uint32_t i = 0; ok && i < nw; i++) {
        size_t wl = (size_t)(q0[0] | q0[1] << 8);
        if ((size_t)(end - q0) < per + wl) {
            ok = 0;
            break;
        }
        for (unsigned a = 0; a < MARSAD_NER_NATTR; a++)
        {
            unsigned v = (unsigned)(q0[2 + wl + 2 * a] | q0[3 + wl + 2 * a] << 8);
            ok &= v < kv[a] || v == MARSAD_NER_NO_CLUSTER;
        }
        q0 += per + wl;
    }
    if (!ok || q0 != end)
        return load_fail(err, MARSAD_ERR_PARSE, file, "corrupt NER model (word attributes)");
    const unsigned char *bm = p + MODEL_HEADER + il + trans_bytes;
    size_t count = 0;
    for (size_t i = 0; i < rows / 8; i++) count += (size_t)__builtin_popcount(bm[i]);
    if (count != nz)
        return load_fail(err, MARSAD_ERR_PARSE, file, "corrupt NER model (row bitmap)");
    marsad_ner_model *m = marsadNerModelAlloc(bits);
    if (m) m->info = malloc(il + 1);
    if (!m || !m->info) {
        marsad_ner_model_free(m);
        return load_fail(err, MARSAD_ERR_NOMEM, file, "out of memory");
    }
    if (nw && !(m->clusters = clusters_from(cs + head, nw, kv))) {
        marsad_ner_model_free(m);
        return load_fail(err, MARSAD_ERR_NOMEM, file, "out of memory");
    }
    memcpy(&m->scale, p + 28, 4);
    memcpy(m->info, p + MODEL_HEADER, il);
    m->info[il] = '\0';
    const unsigned char *q = p + MODEL_HEADER + il;
    for (size_t k = 0; k < MARSAD_NER_NPREV * MARSAD_NER_NTAGS; k++, q += 4)
        m->trans[k] = (int32_t)get32(q);
    q = bm + rows / 8;
    for (size_t r = 0; r < rows; r++) {
        if (!(bm[r / 8] & (1u << (r % 8)))) continue;
        int16_t *w = m->w + r * MARSAD_NER_NTAGS;
        for (unsigned k = 0; k < MARSAD_NER_NTAGS; k++, q += 2)
            w[k] = (int16_t)(uint16_t)(q[0] | q[1] << 8);
    }
    return m;
}

marsad_ner_model *marsad_ner_model_load_mem(const void *data, size_t len, marsad_error *err) {
    return load_mem(data, len, NULL, err);
}

marsad_ner_model *marsad_ner_model_load(const char *path, marsad_error *err) {
    if (!path) return load_fail(err, MARSAD_ERR_ARG, NULL, "no model path");
    FILE *f = fopen(path, "rb");
    if (!f) {
        marsadErrorSet(err, MARSAD_ERR_IO, path, 0, "cannot open the NER model: %s",
                       strerror(errno));
        return NULL;
    }
    marsadBuf b;
    marsadBufInit(&b);
    for (;;) {
        if (marsadBufReserve(&b, 1 << 20)) break;
        size_t k = fread(b.data + b.len, 1, b.cap - b.len - 1, f);
        b.len += k;
        if (k == 0) break;
        if (b.len > ((size_t)64 << 20)) break; /* far beyond any model: refused below */
    }
    int bad = ferror(f);
    fclose(f);
    marsad_ner_model *m = NULL;
    if (b.failed)
        marsadErrorSet(err, MARSAD_ERR_NOMEM, path, 0, "out of memory");
    else if (bad)
        marsadErrorSet(err, MARSAD_ERR_IO, path, 0, "cannot read the NER model");
    else
        m = load_mem((const unsigned char *)b.data, b.len, path, err);
    marsadBufFree(&b);
    return m;
}
