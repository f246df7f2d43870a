/* topology-file.h: reading and writing the topology file of docs/file-format.md.
 *
 * Loading is all or nothing: a file that breaks any rule gives NULL and a
 * GError listing EVERY problem, one line each, naming the file, the JSON path,
 * the line where known, and what is wrong. Unknown fields are kept in the
 * model's `extra` objects and written back on save. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "core/topology.h"
#include "core/validate.h"

G_BEGIN_DECLS

#define NS_TOPOLOGY_ERROR (ns_topology_error_quark ())
GQuark ns_topology_error_quark (void);

typedef enum {
  NS_TOPOLOGY_ERROR_INVALID,   /* the file breaks the format's rules (message lists them) */
} NsTopologyError;

/* Deepest nesting of arrays/objects a file may have (the format needs 6;
 * more is refused, not parsed: see json-scan.h). */
#define NS_TOPOLOGY_MAX_DEPTH 64

/* Largest file ns_topology_load_file() reads (a 2,000-node file is 0.6 MB). */
#define NS_TOPOLOGY_MAX_FILE_SIZE (64 << 20)

/* Reads @path. I/O errors are G_FILE_ERROR (G_FILE_ERROR_FAILED past
 * NS_TOPOLOGY_MAX_FILE_SIZE, so /dev/zero or a pipe cannot fill memory); a
 * bad file is NS_TOPOLOGY_ERROR_INVALID. The display name used in messages
 * is the file's basename. */
NsTopology *ns_topology_load_file (const char *path, GError **error);

/* Parses @len bytes of @data (-1: NUL-terminated); @display_name (may be
 * NULL: "<data>") names it in messages. */
NsTopology *ns_topology_load_data (const char *data, gssize len, const char *display_name,
                                   GError **error);

/* As ns_topology_load_data(), and also gives every problem found as a
 * GPtrArray of NsProblem* in @problems_out (may be NULL; set to an empty
 * array when the file is valid), in file order. A file repeating one
 * mistake endlessly is cut at 1000 problems; the GError message lists the
 * first 50 and counts the rest. */
NsTopology *ns_topology_load_data_full (const char *data, gssize len, const char *display_name,
                                        GPtrArray **problems_out, GError **error);

/* As ns_topology_load_file() with the problem list (empty array when the
 * file could not be read at all: see @error then). */
NsTopology *ns_topology_load_file_full (const char *path, GPtrArray **problems_out,
                                        GError **error);

/* The document as pretty JSON, UTF-8, fields in the order of docs/file-format.md,
 * unknown fields after the known ones, ending with a newline. Loading the
 * result and writing it again gives the same bytes. @len_out may be NULL. */
char       *ns_topology_to_data (const NsTopology *self, gsize *len_out);

/* Writes ns_topology_to_data() to @path atomically (g_file_set_contents). */
gboolean    ns_topology_save_file (const NsTopology *self, const char *path, GError **error);

/* Formats @problems one a line (ns_problem_to_string), without a final
 * newline. */
char       *ns_problems_to_string (GPtrArray *problems, const char *display_name);

/* One object of the model as a JSON object node and back, exactly as in the
 * file (used by the command stack; handy for copy/paste). The *_from_json
 * functions return NULL and append problems (paths relative to @path_prefix)
 * to @problems when @json breaks a rule of the format. */
JsonNode     *ns_topo_node_to_json (const NsTopoNode *node);
JsonNode     *ns_topo_link_to_json (const NsTopoLink *link);
JsonNode     *ns_topo_action_to_json (const NsTopoAction *action);
NsTopoNode   *ns_topo_node_from_json (JsonNode *json, const char *path_prefix, GPtrArray *problems);
NsTopoLink   *ns_topo_link_from_json (JsonNode *json, const char *path_prefix, GPtrArray *problems);
NsTopoAction *ns_topo_action_from_json (JsonNode *json, const char *path_prefix,
                                        GPtrArray *problems);

G_END_DECLS
