/* json-build.h: building a JSON object member by member, for the writers
 * of the topology file and of its activity (one builder, one place where
 * unknown fields are put back after the known ones). */
#pragma once

#include <json-glib/json-glib.h>

#include "core/json-scan.h"

G_BEGIN_DECLS

typedef struct {
  NsJsonDoc *doc;
  GArray    *members;   /* of NsJsonMember, in the order added */
} NsJsonObj;

void    ns_json_obj_init   (NsJsonObj *o, NsJsonDoc *doc);
/* @key must outlive the document: a literal, or ns_json_doc_strdup(). */
void    ns_json_obj_add    (NsJsonObj *o, const char *key, NsJson *value);
/* Adds nothing when @value is NULL. */
void    ns_json_obj_string (NsJsonObj *o, const char *key, const char *value);
void    ns_json_obj_int    (NsJsonObj *o, const char *key, gint64 value);
void    ns_json_obj_double (NsJsonObj *o, const char *key, double value);
void    ns_json_obj_bool   (NsJsonObj *o, const char *key, gboolean value);
gboolean ns_json_obj_has   (const NsJsonObj *o, const char *key);
/* The members of @extra (unknown fields kept from the file) that are not
 * there yet, in the order they were read. */
void    ns_json_obj_extra  (NsJsonObj *o, JsonObject *extra);
/* The object, built in the document; @o is emptied. */
NsJson *ns_json_obj_finish (NsJsonObj *o);

G_END_DECLS
