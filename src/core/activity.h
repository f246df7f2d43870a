/* activity.h: the `activity` of a topology file (docs/file-format.md): a lab a
 * teacher writes once, with instructions, locked objects and checks that
 * the running network itself decides, so that any correct answer passes.
 *
 * Three kinds of check:
 *   - an action check runs a scenario action (ping, http-get, ...) in a
 *     separate, seeded run of the student's network, after the file's own
 *     scenario has finished, and judges its result against `expect`;
 *   - a field check reads the model at a JSON path ("nodes[pc1].gateway",
 *     `[id]` selecting by id or name) and compares it with `expect`;
 *   - a question check asks the student for a value the run decides (the
 *     port a connection used): the app compares, the CLI only lists it. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "core/json-scan.h"
#include "core/topology.h"

G_BEGIN_DECLS

typedef enum {
  NS_CHECK_ACTION,
  NS_CHECK_FIELD,
  NS_CHECK_QUESTION,
} NsCheckKind;

/* What an action or field check expects. An action check has either
 * `has_ok` (the string "ok"/"fail", or "ok": true/false in an object) or
 * conditions on the result fields, or both. */
typedef struct {
  gboolean   is_word;        /* written as the string "ok" / "fail" */
  gboolean   has_ok;
  gboolean   ok;
  GPtrArray *hops_include;   /* of char* (node ids or addresses), or NULL */
  GPtrArray *hops_equal;     /* of char*, or NULL */
  gint       status;         /* HTTP status, -1 = no condition */
  gint64     bytes;          /* -1 = no condition */
  char      *address;        /* or NULL */
  JsonNode  *equals;         /* field checks, or NULL */
  JsonNode  *not_equals;     /* field checks, or NULL */
} NsExpect;

typedef struct {
  NsCheckKind   kind;
  char         *text;         /* what the student reads; never NULL once loaded */
  guint         points;       /* default 1 */
  NsTopoAction *action;       /* ACTION and QUESTION: node, do and the action's fields */
  char         *field;        /* FIELD: the JSON path */
  char         *question;     /* QUESTION: port, address, number or text */
  char         *answer_from;  /* QUESTION: which result gives the answer (local_port, ...) */
  NsExpect      expect;
  JsonObject   *extra;        /* unknown members of a field check (an action check keeps
                                 them in action->extra), or NULL */
} NsCheck;

struct _NsActivity {
  char       *title;          /* or NULL */
  char       *instructions;   /* or NULL */
  GPtrArray  *locked;         /* of char*: node and link ids */
  GPtrArray  *checks;         /* of NsCheck* */
  JsonObject *extra;          /* unknown members, or NULL */
};

NsActivity *ns_activity_new (void);
void        ns_activity_free (NsActivity *self);
NsActivity *ns_activity_copy (const NsActivity *self);

NsCheck    *ns_check_new (NsCheckKind kind, const char *text);
void        ns_check_free (NsCheck *check);
NsCheck    *ns_check_copy (const NsCheck *check);

gboolean    ns_activity_is_locked (const NsActivity *self, const char *id);
/* Locks (or unlocks) @id; TRUE if that changed anything. */
gboolean    ns_activity_set_locked (NsActivity *self, const char *id, gboolean locked);
/* Whether a check runs on node @id or reads a path through it: such a node
 * cannot be removed or renamed without breaking the activity. */
gboolean    ns_activity_uses_node (const NsActivity *self, const char *id);
/* Total points of the checks that can pass or fail (questions excluded). */
guint       ns_activity_max_points (const NsActivity *self);

/* Reads the `activity` object @json (path @path, e.g. "activity") into a
 * model, appending every problem of form (types, unknown check kinds,
 * unknown `expect` conditions, conditions that do not fit the action) to
 * @problems. Returns NULL if any was found. */
NsActivity *ns_activity_from_json (const NsJson *json, const char *path, GPtrArray *problems);
/* The activity as the file holds it. */
NsJson     *ns_activity_to_json (NsJsonDoc *doc, const NsActivity *self);

/* Problems of @self against @topology: nodes and links that do not exist
 * (locked ids, a check's node, hops), actions that break the scenario's
 * rules, JSON paths that name nothing the format knows. Paths start with
 * "activity". */
void        ns_activity_validate (const NsActivity *self, const NsTopology *topology,
                                  GPtrArray *problems);

/* A field check's path resolved against @topology: the value (a new
 * JsonNode), or NULL with *@message_out saying why (absent, no such node). */
JsonNode   *ns_topology_read_path (const NsTopology *topology, const char *path,
                                   char **message_out);

/* ---- grading (activity-grade.c) ---- */

typedef enum {
  NS_CHECK_PASS,
  NS_CHECK_FAIL,
  NS_CHECK_ASK,       /* a question: neither passes nor fails by itself */
} NsCheckOutcome;

typedef struct {
  NsCheckOutcome outcome;
  char          *seen;        /* what the run or model showed ("3 sent, 0 received (no
                                 route at r1)"); set for PASS and FAIL */
  char          *answer;      /* ASK: the value the run decided, or NULL if it could not */
  char          *node;        /* the node a failure involves, or NULL */
  char          *link;        /* the link a failure involves, or NULL */
} NsCheckResult;

void           ns_check_result_free (NsCheckResult *result);

/* Runs check @index of @topology's activity (see the top of this file).
 * Deterministic: the same document gives the same result. */
NsCheckResult *ns_activity_grade_check (const NsTopology *topology, guint index);

/* Every check, in order (a GPtrArray of NsCheckResult*). @cancellable may
 * stop it between checks (the rest are then missing). */
GPtrArray     *ns_activity_grade (const NsTopology *topology, GCancellable *cancellable);

/* Points earned by @results (questions excluded). */
guint          ns_activity_score (const NsActivity *self, GPtrArray *results);

/* Whether the student's @answer to a question equals the run's (ports
 * and numbers compare as numbers, addresses as addresses, text ignoring
 * case and surrounding space). */
gboolean       ns_check_answer_matches (const NsCheck *check, const NsCheckResult *result,
                                        const char *answer);

/* "PASS  TEXT", "FAIL  TEXT: SEEN" or "QUESTION  TEXT", as `grade` prints. */
char          *ns_check_result_to_line (const NsCheck *check, const NsCheckResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsActivity, ns_activity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsCheck, ns_check_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsCheckResult, ns_check_result_free)

G_END_DECLS
