/*
 * blob.c -- writes and validates the compiled knowledge-base image (see
 * blob.h): string pool, frozen open-addressing tables, record sections,
 * a version and a checksum over everything.
 */
#include <stdlib.h>
#include <string.h>

#include "blob.h"

typedef struct kbLink {
    uint32_t kind, index, next; /* next: link index + 1, 0 = end */
} kbLink;

uint64_t kbChecksum(const unsigned char *p, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static uint32_t hash32(const char *s, size_t n) {
    uint32_t h = (uint32_t)marsadHash(s, n);
    return h ? h : 1;
}

uint32_t kbFrozenGet(const kbFrozen *f, const char *key, size_t klen) {
    if (!f->nslots) return 0;
    uint32_t h = hash32(key, klen);
    uint32_t mask = f->nslots - 1, i = h & mask;
    for (uint32_t probes = 0; probes < f->nslots; probes++) {
        const kbSlot *s = &f->slots[i];
        if (!s->hash) return 0;
        if (s->hash == h && s->klen == klen && memcmp(f->pool + s->key, key, klen) == 0)
            return s->value + 1;
        i = (i + 1) & mask;
    }
    return 0;
}

int kbBuilderInit(kbBuilder *b) {
    memset(b, 0, sizeof *b);
    marsadArenaInit(&b->arena);
    for (int i = 0; i < KS_MAX; i++) marsadBufInit(&b->sec[i]);
    marsadBufInit(&b->pool);
    marsadBufInit(&b->links);
    marsadBufInit(&b->node_head);
    if (marsadMapInit(&b->pool_index, &b->arena) || marsadMapInit(&b->lexicon, &b->arena) ||
        marsadMapInit(&b->numbers, &b->arena) || marsadMapInit(&b->abbrev, &b->arena) ||
        marsadMapInit(&b->trie, &b->arena) || marsadMapInit(&b->discourse, &b->arena))
        return -1;
    marsadBufPutc(&b->pool, '\0'); /* offset 0 is "" */
    b->n_nodes = 1;                /* the root */
    uint32_t zero = 0;
    marsadBufPut(&b->node_head, &zero, sizeof zero);
    return 0;
}

void kbBuilderFree(kbBuilder *b) {
    for (int i = 0; i < KS_MAX; i++) marsadBufFree(&b->sec[i]);
    marsadBufFree(&b->pool);
    marsadBufFree(&b->links);
    marsadBufFree(&b->node_head);
    marsadMapFree(&b->pool_index);
    marsadMapFree(&b->lexicon);
    marsadMapFree(&b->numbers);
    marsadMapFree(&b->abbrev);
    marsadMapFree(&b->trie);
    marsadMapFree(&b->discourse);
    marsadArenaFree(&b->arena);
}

uint32_t kbStr(kbBuilder *b, const char *s, size_t n) {
    if (n == 0) return 0;
    const marsadMapEntry *e = marsadMapGet(&b->pool_index, s, n);
    if (e) return (uint32_t)e->value;
    uint32_t off = (uint32_t)b->pool.len;
    marsadBufPut(&b->pool, s, n);
    marsadBufPutc(&b->pool, '\0');
    if (b->pool.failed || marsadMapPut(&b->pool_index, s, n, off)) b->failed = 1;
    return off;
}

void kbAppend(kbBuilder *b, int section, const void *rec, size_t size) {
    marsadBufPut(&b->sec[section], rec, size);
    if (b->sec[section].failed) b->failed = 1;
}

size_t kbCount(const kbBuilder *b, int section, size_t size) { return b->sec[section].len / size; }

int kbAddPhrase(kbBuilder *b, const char *const *words, size_t n, uint32_t kind, uint32_t index) {
    if (n == 0) return 0;
    uint32_t node = 0;
    char key[4 + MARSAD_MAX_TOKEN_BYTES * 2];
    for (size_t i = 0; i < n; i++) {
        size_t wl = strlen(words[i]);
        if (wl == 0 || wl + 4 > sizeof key) return 0;
        memcpy(key, &node, 4);
        memcpy(key + 4, words[i], wl);
        const marsadMapEntry *e = marsadMapGet(&b->trie, key, wl + 4);
        if (e) {
            node = (uint32_t)e->value;
        } else {
            uint32_t child = b->n_nodes++;
            uint32_t zero = 0;
            marsadBufPut(&b->node_head, &zero, sizeof zero);
            if (marsadMapPut(&b->trie, key, wl + 4, child)) return -1;
            node = child;
        }
    }
    /* avoid duplicate payloads on the same node */
    uint32_t *heads = (uint32_t *)(void *)b->node_head.data;
    kbLink *links = (kbLink *)(void *)b->links.data;
    for (uint32_t l = heads[node]; l; l = links[l - 1].next)
        if (links[l - 1].kind == kind && links[l - 1].index == index) return 0;
    kbLink nl = {kind, index, heads[node]};
    marsadBufPut(&b->links, &nl, sizeof nl);
    if (b->links.failed || b->node_head.failed) return -1;
    heads = (uint32_t *)(void *)b->node_head.data;
    heads[node] = (uint32_t)(b->links.len / sizeof(kbLink));
    return 0;
}

/* Freezes a map into `section`: nslots, count, then slots. */
static void freeze(kbBuilder *b, const marsadMap *m, int section) {
    uint32_t nslots = 16;
    while (nslots < m->count * 2 + 1) nslots *= 2;
    kbSlot *slots = calloc(nslots, sizeof *slots);
    if (!slots) {
        b->failed = 1;
        return;
    }
    for (size_t i = 0; i < m->cap; i++) {
        const marsadMapEntry *e = &m->slots[i];
        if (!e->key) continue;
        uint32_t h = hash32(e->key, e->klen);
        uint32_t j = h & (nslots - 1);
        while (slots[j].hash) j = (j + 1) & (nslots - 1);
        slots[j].hash = h;
        slots[j].key = kbStr(b, e->key, e->klen);
        slots[j].klen = (uint32_t)e->klen;
        slots[j].value = (uint32_t)e->value;
    }
    uint32_t hdr[2] = {nslots, (uint32_t)m->count};
    marsadBufInit(&b->sec[section]);
    kbAppend(b, section, hdr, sizeof hdr);
    kbAppend(b, section, slots, nslots * sizeof *slots);
    free(slots);
}

unsigned char *kbSerialize(kbBuilder *b, size_t *len) {
    /* trie nodes and payloads from the linked lists */
    marsadBufFree(&b->sec[KS_NODES]);
    marsadBufFree(&b->sec[KS_PAYLOADS]);
    const uint32_t *heads = (const uint32_t *)(const void *)b->node_head.data;
    const kbLink *links = (const kbLink *)(const void *)b->links.data;
    uint32_t np = 0;
    for (uint32_t n = 0; n < b->n_nodes; n++) {
        kbNode node = {np, 0};
        for (uint32_t l = heads[n]; l; l = links[l - 1].next) {
            kbPayload p = {links[l - 1].kind, links[l - 1].index};
            kbAppend(b, KS_PAYLOADS, &p, sizeof p);
            node.n_payload++;
            np++;
        }
        kbAppend(b, KS_NODES, &node, sizeof node);
    }
    freeze(b, &b->lexicon, KS_LEXICON);
    freeze(b, &b->numbers, KS_NUMBERS);
    freeze(b, &b->abbrev, KS_ABBREV);
    freeze(b, &b->trie, KS_TRIE);
    freeze(b, &b->discourse, KS_DISCOURSE);
    /* the pool last: freezing added keys to it */
    marsadBufFree(&b->sec[KS_STRINGS]);
    kbAppend(b, KS_STRINGS, b->pool.data, b->pool.len);
    if (b->failed) return NULL;
    uint32_t nsec = 0;
    size_t off = sizeof(kbHeader) + (KS_MAX - 1) * sizeof(kbSectionEntry);
    kbSectionEntry table[KS_MAX];
    for (int s = 1; s < KS_MAX; s++) {
        off = (off + 7) & ~(size_t)7;
        table[nsec].id = (uint32_t)s;
        table[nsec].pad = 0;
        table[nsec].offset = off;
        table[nsec].size = b->sec[s].len;
        off += b->sec[s].len;
        nsec++;
    }
    unsigned char *img = calloc(1, off);
    if (!img) return NULL;
    kbHeader h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, KB_MAGIC, 8);
    h.format = KB_FORMAT;
    h.n_sections = nsec;
    h.size = off;
    memcpy(h.version, b->version, sizeof h.version);
    memcpy(img + sizeof h, table, nsec * sizeof *table);
    for (uint32_t i = 0; i < nsec; i++)
        if (table[i].size) memcpy(img + table[i].offset, b->sec[table[i].id].data, table[i].size);
    h.checksum = kbChecksum(img + sizeof h, off - sizeof h);
    memcpy(img, &h, sizeof h);
    *len = off;
    return img;
}

int kbOpen(const unsigned char *data, size_t len, const unsigned char *sec_data[KS_MAX],
           uint64_t sec_size[KS_MAX], marsad_error *err, const char *name) {
    kbHeader h;
    if (len < sizeof h) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, name, 0, "not a marsad knowledge base (too short)");
        return -1;
    }
    memcpy(&h, data, sizeof h);
    if (memcmp(h.magic, KB_MAGIC, 8) != 0) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, name, 0, "not a marsad knowledge base (bad magic)");
        return -1;
    }
    if (h.format != KB_FORMAT) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, name, 0,
                       "knowledge base format %u, this library reads format %d", h.format,
                       KB_FORMAT);
        return -1;
    }
    if (h.size != len || h.n_sections >= KS_MAX ||
        sizeof h + h.n_sections * sizeof(kbSectionEntry) > len) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, name, 0,
                       "knowledge base is truncated or corrupt (size %zu, header says %llu)", len,
                       (unsigned long long)h.size);
        return -1;
    }
    if (kbChecksum(data + sizeof h, len - sizeof h) != h.checksum) {
        marsadErrorSet(err, MARSAD_ERR_PARSE, name, 0, "knowledge base checksum mismatch");
        return -1;
    }
    memset(sec_data, 0, KS_MAX * sizeof *sec_data);
    memset(sec_size, 0, KS_MAX * sizeof *sec_size);
    for (uint32_t i = 0; i < h.n_sections; i++) {
        kbSectionEntry e;
        memcpy(&e, data + sizeof h + i * sizeof e, sizeof e);
        if (e.id == 0 || e.id >= KS_MAX || e.offset > len || e.size > len - e.offset ||
            (e.offset & 7)) {
            marsadErrorSet(err, MARSAD_ERR_PARSE, name, 0, "knowledge base section %u is corrupt",
                           i);
            return -1;
        }
        sec_data[e.id] = data + e.offset;
        sec_size[e.id] = e.size;
    }
    if (!sec_data[KS_STRINGS] || sec_size[KS_STRINGS] == 0 ||
        data[sec_data[KS_STRINGS] - data + sec_size[KS_STRINGS] - 1] != '\0') {
        marsadErrorSet(err, MARSAD_ERR_PARSE, name, 0, "knowledge base string pool is corrupt");
        return -1;
    }
    return 0;
}
