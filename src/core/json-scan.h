/* json-scan.h: a strict, non-recursive JSON checker (RFC 8259) run over a
 * topology file before json-glib parses it.
 *
 * Why: json-glib 1.6 parses recursively (a file of 100000 '[' overflows the
 * stack), wraps integers over 2^63 silently (99999999999999999999999 reads
 * as -1), turns 1e400 into infinity, and accepts text that is not JSON
 * (comments, single quotes, leading zeros, two top-level values). The
 * checker refuses all of these with a line and column, so the parser only
 * ever sees strict JSON of bounded depth. The same walk, given JSON paths,
 * finds the line each one starts on (json-glib 1.6 keeps no positions). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  gint  line;       /* 1-based */
  gint  column;     /* 1-based, in characters */
  char *path;       /* JSON path of the value concerned, "" for the root */
  char *message;
  gboolean syntax;  /* TRUE: not JSON; FALSE: JSON we refuse (depth, range) */
} NsJsonScanError;

void     ns_json_scan_error_clear (NsJsonScanError *error);

/* Checks @data (valid UTF-8, @len bytes). On the first problem fills
 * @error_out and returns FALSE. Integers must be within ±2^53 (RFC 8259 §6:
 * beyond that numbers are not exact between implementations), strings may
 * not contain U+0000 or unpaired surrogates, nesting is at most @max_depth. */
gboolean ns_json_scan_check (const char *data, gsize len, guint max_depth,
                             NsJsonScanError *error_out);

/* @lines maps JSON paths such as "nodes[3].id" to a gint* that is 0; for
 * each path naming a value in @data, sets it to the value's line. @data
 * must have passed the check. */
void     ns_json_scan_find_lines (const char *data, gsize len, GHashTable *lines);

G_END_DECLS
