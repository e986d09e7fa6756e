/* export.h -- private: the flat exports (ACLED-style CSV, GeoJSON, PLOVER)
 * of parsed marsad/1 records, shared by marsad_doc_render and the store. */
#ifndef MARSAD_EXPORT_H
#define MARSAD_EXPORT_H

#include <jansson.h>

#include "../util/util.h"

/* Appends the export of the events of `rec` (a parsed marsad/1 record) in
 * `fmt` (ACLED_CSV, GEOJSON, PLOVER, or JSON: the record itself, compact,
 * with only the kept events) to `b`.  `keep` is NULL (every event) or has
 * one flag per element of rec.events.  `text` is the document text the
 * offsets refer to (repaired UTF-8), or NULL (notes then fall back to the
 * trigger).  `kb` names countries (NULL: ISO3 codes are written).
 * `*written` counts the items written so far on the output stream (GeoJSON
 * puts the separator before every feature but the first).  Returns the
 * number of items (rows, features, records) appended, -1 when `fmt` is not
 * an export format or memory ran out. */
long marsadExportRecord(marsadBuf *b, marsad_record_format fmt, const json_t *rec,
                        const char *text, size_t text_len, const unsigned char *keep,
                        const marsad_kb *kb, size_t *written);

/* marsad_doc_render's exports (ACLED_CSV, GEOJSON, PLOVER) of a document:
 * its record is rendered, parsed and exported.  NULL on allocation failure. */
char *marsadExportDoc(const marsad_doc *d, marsad_record_format fmt, size_t *len);

/* The place an export locates event `ev` at: the first of location, origin
 * and destination with coordinates, else the first present; NULL when the
 * event has none. */
const json_t *marsadExportPlace(const json_t *ev);

/* The event's country (ISO3): its place's country, else the document's
 * focus country; NULL when neither is known.  Points into `rec`. */
const char *marsadExportCountry(const json_t *rec, const json_t *ev);

/* Writes a JSON value compactly in the style of the marsad/1 writer
 * (record_out.c): no spaces, members in their order, numbers exact. */
void marsadExportJson(marsadBuf *b, const json_t *v);

/* Code point offsets [start, end) of `text` as a byte range; clamped. */
const char *marsadExportSlice(const char *text, size_t len, size_t start, size_t end,
                              size_t *out_len);

/* The English name of an ISO3 country in `kb`, or NULL. */
const char *marsadExportCountryName(const marsad_kb *kb, const char *iso3);

#endif
