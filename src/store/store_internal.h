/* store_internal.h -- private: the event store's connection, its prepared
 * statements, and the pieces store.c (schema, ingest) shares with query.c. */
#ifndef MARSAD_STORE_INTERNAL_H
#define MARSAD_STORE_INTERNAL_H

#include <sqlite3.h>

#include "../util/util.h"

enum {
    SQ_FIND_DOC,
    SQ_DELETE_DOC,
    SQ_INSERT_DOC,
    SQ_INSERT_FTS,
    SQ_INSERT_EVENT,
    SQ_INSERT_ACTOR,
    SQ_INSERT_PLACE,
    SQ_INSERT_QUANTITY,
    SQ_INSERT_COUNT,
    SQ_INSERT_ATTRIBUTION,
    SQ_INSERT_MENTION,
    SQ_INSERT_FRAMING,
    SQ_LOAD_DOC,
    SQ_N
};

/* A document's full-text row, written at the end of its batch: FTS5 turns
 * its pending terms into a segment at every savepoint, so rows written
 * inside the per-document savepoints would cost twice as much. */
typedef struct ftsPending {
    sqlite3_int64 rowid;
    char *title, *text; /* normalized (marsad_free), may be NULL */
    size_t title_len, text_len;
} ftsPending;

struct marsad_store {
    sqlite3 *db;
    char *path;
    unsigned flags;
    sqlite3_stmt *stmt[SQ_N];
    int in_tx;              /* a batch transaction is open */
    size_t batch_docs;      /* documents in the open transaction */
    size_t batch_limit;
    double batch_started;   /* monotonic seconds */
    ftsPending *fts;        /* full-text rows of the open transaction */
    size_t n_fts, cap_fts, fts_bytes;
};

/* Writes the pending full-text rows (inside the open transaction); 0, or
 * -1 with err (the transaction is then rolled back). */
int marsadStoreFlushFts(marsad_store *st, marsad_error *err);

/* Fills err from the connection's last error: "WHAT: sqlite message". */
void marsadStoreFail(marsad_store *st, marsad_error *err, marsad_status code, const char *what);

/* The prepared statement `i` (prepared on first use), reset and cleared;
 * NULL with err filled. */
sqlite3_stmt *marsadStoreStmt(marsad_store *st, int i, marsad_error *err);

/* Runs SQL without results; 0, or -1 with err. */
int marsadStoreExec(marsad_store *st, const char *sql, marsad_error *err);

/* The KB used for validating filters and naming countries (the built-in
 * one); NULL when it cannot be loaded. */
const marsad_kb *marsadStoreKb(void);

#endif
