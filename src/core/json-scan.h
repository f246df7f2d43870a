/* json-scan.h: a strict, non-recursive JSON parser (RFC 8259) for topology
 * files, building a light tree (NsJson) that topology-read.c reads into the
 * model and topology-write.c prints the model from.
 *
 * Why not json-glib's JsonParser: in 1.6 it parses recursively (a file of
 * 100000 '[' overflows the stack), wraps integers over 2^63 silently
 * (99999999999999999999999 reads as -1), turns 1e400 into infinity, keeps
 * the last of two equal member names without a word, accepts text that is
 * not JSON (comments, single quotes, leading zeros, two top-level values),
 * keeps no positions, and builds a hash table per object: its parse of a
 * 2,000-node file alone took longer than this whole loader now does. This
 * parser refuses all of that with a line and column, in bounded depth. The
 * same walk, given JSON paths, finds the line each one starts on. Unknown
 * fields still end up as json-glib JsonObjects in the model (`extra`). */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct {
  gint  line;       /* 1-based */
  gint  column;     /* 1-based, in characters */
  char *path;       /* JSON path of the value concerned, "" for the root */
  char *message;
  gboolean syntax;  /* TRUE: not JSON; FALSE: JSON we refuse (depth, range) */
} NsJsonScanError;

void     ns_json_scan_error_clear (NsJsonScanError *error);

/* A light, read-only JSON tree: every node and string lives in the arena
 * of an NsJsonDoc and goes with it, so reading a 2,000-node file costs a
 * few allocations instead of json-glib's hash table per object. */
typedef enum {
  NS_JSON_NULL,
  NS_JSON_BOOL,
  NS_JSON_INT,       /* a number written without fraction or exponent */
  NS_JSON_DOUBLE,
  NS_JSON_STRING,
  NS_JSON_ARRAY,
  NS_JSON_OBJECT,
} NsJsonType;

typedef struct _NsJson NsJson;

typedef struct {
  const char *key;
  NsJson     *value;
} NsJsonMember;

struct _NsJson {
  NsJsonType type;
  guint      n;                /* elements or members */
  union {
    gboolean      b;
    gint64        i;
    double        d;
    const char   *s;
    NsJson      **items;       /* ARRAY */
    NsJsonMember *members;     /* OBJECT, in file order */
  } v;
};

typedef struct _NsJsonDoc NsJsonDoc;

NsJsonDoc *ns_json_doc_new (void);
void       ns_json_doc_free (NsJsonDoc *doc);

/* Parses @data (valid UTF-8, @len bytes) into @doc. On the first problem
 * fills @error_out and returns NULL. Integers must be within ±2^53 (RFC
 * 8259 §6: beyond that numbers are not exact between implementations),
 * other numbers finite, strings may not contain U+0000 or unpaired
 * surrogates, an object may not name a member twice, nesting is at most
 * @max_depth. */
NsJson    *ns_json_parse (NsJsonDoc *doc, const char *data, gsize len, guint max_depth,
                          NsJsonScanError *error_out);
/* As ns_json_parse(); besides, each element of a top-level array named
 * in @object_arrays should be an object: the first @max_wrong that are
 * not are kept in the tree (for the caller to report); the others are
 * checked as JSON but left out of it, so a file of millions of them
 * costs no memory.
 * @object_arrays (may be NULL) is NULL-terminated pairs of a member name
 * and what its elements are ("a node"), for the message. */
NsJson    *ns_json_parse_full (NsJsonDoc *doc, const char *data, gsize len, guint max_depth,
                               const char *const *object_arrays, guint max_wrong,
                               NsJsonScanError *error_out);

/* Building trees in @doc (strings and arrays are copied into it; member
 * keys must outlive @doc: literals, or ns_json_doc_strdup()). */
const char *ns_json_doc_strdup (NsJsonDoc *doc, const char *text);
NsJson    *ns_json_new (NsJsonDoc *doc, NsJsonType type);
NsJson    *ns_json_new_string (NsJsonDoc *doc, const char *text);
NsJson    *ns_json_new_array (NsJsonDoc *doc, NsJson *const *items, guint n);
NsJson    *ns_json_new_object (NsJsonDoc *doc, const NsJsonMember *members, guint n);

/* The member @key of @object, or NULL (also when @object is no object). */
NsJson    *ns_json_get (const NsJson *object, const char *key);
/* Conversions to and from json-glib's trees. */
JsonNode  *ns_json_to_node (const NsJson *json);
NsJson    *ns_json_from_node (NsJsonDoc *doc, JsonNode *node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsJsonDoc, ns_json_doc_free)

/* JSON paths as problems name them ("nodes[3].interfaces[0].ip"), built in
 * one place for the loader, the validator and the activity reader: each
 * push appends to @path and returns the length to truncate back to. */
gsize       ns_json_path_push_key (GString *path, const char *key);
gsize       ns_json_path_push_index (GString *path, guint index);
/* What kind of value @node is, for a message: "an object", "a number", ... */
const char *ns_json_describe (const NsJson *node);

/* @lines maps JSON paths such as "nodes[3].id" to a gint* that is 0; for
 * each path naming a value in @data, sets it to the value's line. @data
 * must have passed the check. */
void     ns_json_scan_find_lines (const char *data, gsize len, GHashTable *lines);

/* A copy of @node sharing nothing with it (json_node_copy() shares the
 * objects and arrays inside); the copy is mutable. */
JsonNode *ns_json_node_deep_copy (JsonNode *node);

G_END_DECLS
