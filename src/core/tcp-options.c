/* tcp-options.c: a node's `tcp` object, docs/file-format.md. The defaults are
 * the RFCs' conservative choices (and the behaviour of a file without the
 * object); "profile": "linux" gives Linux's. */
#include "core/tcp-options.h"

#include <math.h>

JsonObject *
ns_tcp_options_find (JsonObject *extra)
{
  JsonNode *node;

  if (extra == NULL || !json_object_has_member (extra, "tcp"))
    return NULL;
  node = json_object_get_member (extra, "tcp");
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
fail (const char **key_out, char **message_out, const char *key, char *message)
{
  *key_out = key;
  *message_out = message;
  return FALSE;
}

static gboolean
get_bool (JsonObject *tcp, const char *key, gboolean *out, const char **key_out,
          char **message_out)
{
  JsonNode *node;

  if (!json_object_has_member (tcp, key))
    return TRUE;
  node = json_object_get_member (tcp, key);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (key_out, message_out, key, g_strdup ("expected true or false"));
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* A number in [min, max]; FALSE with the error when it is not. */
static gboolean
get_number (JsonObject *tcp, const char *key, double min, double max, gboolean integer,
            double *out, gboolean *given, const char **key_out, char **message_out)
{
  JsonNode *node;
  GType type;
  double v;

  *given = FALSE;
  if (!json_object_has_member (tcp, key))
    return TRUE;
  node = json_object_get_member (tcp, key);
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return fail (key_out, message_out, key, g_strdup ("expected a number"));
  v = type == G_TYPE_INT64 ? (double) json_node_get_int (node) : json_node_get_double (node);
  if (!isfinite (v) || v < min || v > max || (integer && v != floor (v)))
    return fail (key_out, message_out, key,
                 g_strdup_printf ("%g is out of range: expected %s from %g to %g", v,
                                  integer ? "a whole number" : "a number", min, max));
  *out = v;
  *given = TRUE;
  return TRUE;
}

static gboolean
get_choice (JsonObject *tcp, const char *key, const char *const *choices, gint *out,
            const char **key_out, char **message_out)
{
  JsonNode *node;
  const char *text;
  g_autofree char *known = NULL;

  if (!json_object_has_member (tcp, key))
    return TRUE;
  node = json_object_get_member (tcp, key);
  known = g_strjoinv (", ", (char **) choices);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (key_out, message_out, key, g_strdup_printf ("expected one of %s", known));
  text = json_node_get_string (node);
  for (gint i = 0; choices[i] != NULL; i++)
    if (g_str_equal (text, choices[i]))
      {
        *out = i;
        return TRUE;
      }
  return fail (key_out, message_out, key,
               g_strdup_printf ("unknown value \"%s\" (known: %s)", text, known));
}

gboolean
ns_tcp_options_read (JsonObject *tcp, NsTcpConfig *config, const char **key_out,
                     char **message_out)
{
  static const char *const profiles[] = { "default", "linux", NULL };
  static const char *const congestions[] = { "newreno", "cubic", NULL };
  gint profile = 0, congestion = -1;
  gboolean given, scaling_default;
  double v;

  ns_tcp_config_init_default (config);
  if (tcp == NULL)
    return TRUE;
  if (!get_choice (tcp, "profile", profiles, &profile, key_out, message_out))
    return FALSE;
  if (profile == 1)
    ns_tcp_config_apply_linux (config);
  if (!get_choice (tcp, "congestion", congestions, &congestion, key_out, message_out))
    return FALSE;
  if (congestion >= 0)
    config->congestion = congestion == 1 ? NS_TCP_CC_CUBIC : NS_TCP_CC_NEWRENO;
  /* RFC 6928 stops at 10 for the Internet; a lab may try more, up to 64. */
  if (!get_number (tcp, "initial_window", 1, 64, TRUE, &v, &given, key_out, message_out))
    return FALSE;
  if (given)
    config->initial_window = (guint) v;
  if (!get_bool (tcp, "sack", &config->sack, key_out, message_out)
      || !get_bool (tcp, "window_scaling", &config->window_scaling, key_out, message_out)
      || !get_bool (tcp, "timestamps", &config->timestamps, key_out, message_out)
      || !get_bool (tcp, "nagle", &config->nagle, key_out, message_out)
      || !get_bool (tcp, "pmtu_discovery", &config->pmtu_discovery, key_out, message_out))
    return FALSE;
  /* RFC 6298 2.4 asks for 1 s; Linux uses 200 ms. Not above the 60 s
   * maximum RTO. */
  if (!get_number (tcp, "rto_min_ms", 1, 60000, FALSE, &v, &given, key_out, message_out))
    return FALSE;
  if (given)
    config->rto_min_ns = (gint64) (v * NS_NSEC_PER_MSEC);
  /* RFC 1122 4.2.3.2: the delay MUST be less than 0.5 s; 0 ACKs at once. */
  if (!get_number (tcp, "delayed_ack_ms", 0, 499, FALSE, &v, &given, key_out, message_out))
    return FALSE;
  if (given)
    config->delack_ns = (gint64) (v * NS_NSEC_PER_MSEC);
  /* Window scaling is for windows above 64 KiB: give the buffers room. */
  scaling_default = config->rcv_buf == 65535;
  if (config->window_scaling && scaling_default)
    {
      config->rcv_buf = NS_TCP_SCALED_RCV_BUF;
      config->snd_buf = NS_TCP_SCALED_SND_BUF;
    }
  return TRUE;
}
