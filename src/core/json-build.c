/* json-build.c: see json-build.h. */
#include "config.h"

#include <string.h>

#include "core/json-build.h"

void
ns_json_obj_init (NsJsonObj *o, NsJsonDoc *doc)
{
  o->doc = doc;
  o->members = g_array_sized_new (FALSE, FALSE, sizeof (NsJsonMember), 12);
}

void
ns_json_obj_add (NsJsonObj *o, const char *key, NsJson *value)
{
  NsJsonMember m = { key, value };

  g_array_append_val (o->members, m);
}

void
ns_json_obj_string (NsJsonObj *o, const char *key, const char *value)
{
  if (value != NULL)
    ns_json_obj_add (o, key, ns_json_new_string (o->doc, value));
}

void
ns_json_obj_int (NsJsonObj *o, const char *key, gint64 value)
{
  NsJson *json = ns_json_new (o->doc, NS_JSON_INT);

  json->v.i = value;
  ns_json_obj_add (o, key, json);
}

void
ns_json_obj_double (NsJsonObj *o, const char *key, double value)
{
  NsJson *json = ns_json_new (o->doc, NS_JSON_DOUBLE);

  json->v.d = value;
  ns_json_obj_add (o, key, json);
}

void
ns_json_obj_bool (NsJsonObj *o, const char *key, gboolean value)
{
  NsJson *json = ns_json_new (o->doc, NS_JSON_BOOL);

  json->v.b = value;
  ns_json_obj_add (o, key, json);
}

gboolean
ns_json_obj_has (const NsJsonObj *o, const char *key)
{
  for (guint i = 0; i < o->members->len; i++)
    if (strcmp (g_array_index (o->members, NsJsonMember, i).key, key) == 0)
      return TRUE;
  return FALSE;
}

void
ns_json_obj_extra (NsJsonObj *o, JsonObject *extra)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (extra == NULL)
    return;
  json_object_iter_init_ordered (&iter, extra);
  while (json_object_iter_next_ordered (&iter, &key, &value))
    if (!ns_json_obj_has (o, key))
      ns_json_obj_add (o, ns_json_doc_strdup (o->doc, key), ns_json_from_node (o->doc, value));
}

NsJson *
ns_json_obj_finish (NsJsonObj *o)
{
  NsJson *json = ns_json_new_object (o->doc, (NsJsonMember *) (gpointer) o->members->data,
                                     o->members->len);

  g_clear_pointer (&o->members, g_array_unref);
  return json;
}
