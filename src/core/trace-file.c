/* trace-file.c: the JSON Lines writer. A small writer of our own rather
 * than JsonGenerator: it prints `t` as the exact decimal of the integer
 * clock and doubles in their shortest round-trip form, so files are short,
 * exact and byte-identical from run to run. */
#include "core/trace-file.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Bytes of output gathered before each write to the stream. */
#define FLUSH_AT (64 * 1024)

void
ns_trace_append_seconds (GString *out, gint64 t_ns)
{
  guint64 abs_ns;
  char frac[16];
  int n;

  if (t_ns < 0)
    g_string_append_c (out, '-');
  abs_ns = t_ns < 0 ? (guint64) -(t_ns + 1) + 1 : (guint64) t_ns;
  g_string_append_printf (out, "%" G_GUINT64_FORMAT, abs_ns / (guint64) NS_NSEC_PER_SEC);
  /* Always a fractional part, even ".0": readers that tell integers from
   * reals (Python's json, json-glib) then see every `t` as a real. */
  n = g_snprintf (frac, sizeof frac, "%09" G_GUINT64_FORMAT, abs_ns % (guint64) NS_NSEC_PER_SEC);
  while (n > 1 && frac[n - 1] == '0')
    frac[--n] = '\0';
  g_string_append_c (out, '.');
  g_string_append (out, frac);
}

/* A JSON string (RFC 8259 §7): quote, backslash and control characters
 * escaped; text that is not UTF-8 is repaired first so the line stays
 * valid UTF-8. */
static void
append_string (GString *out, const char *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

/* The shortest decimal that reads back as @v, in plain notation where it
 * is readable (4000, 12.5, not 4e+03); JSON has no NaN or infinity, so
 * those are null. */
static void
append_double (GString *out, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (v))
    {
      g_string_append (out, "null");
      return;
    }
  if (v == 0 || (fabs (v) >= 1e-4 && fabs (v) < 1e15))
    for (int decimals = 0; decimals <= 17; decimals++)
      {
        char format[8];

        g_snprintf (format, sizeof format, "%%.%df", decimals);
        g_ascii_formatd (buf, sizeof buf, format, v);
        if (g_ascii_strtod (buf, NULL) == v)
          {
            g_string_append (out, buf);
            return;
          }
      }
  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, format, v);
      if (g_ascii_strtod (buf, NULL) == v)
        break;
    }
  g_string_append (out, buf);
}

static void
append_key (GString *out, const char *key)
{
  g_string_append_c (out, ',');
  append_string (out, key);
  g_string_append_c (out, ':');
}

static void
add_string (GString *out, const char *key, const char *value)
{
  append_key (out, key);
  append_string (out, value);
}

static void
add_uint (GString *out, const char *key, guint64 value)
{
  append_key (out, key);
  g_string_append_printf (out, "%" G_GUINT64_FORMAT, value);
}

static void append_variant (GString *out, GVariant *value);

/* An a{s*} dictionary as a JSON object, any other array as a JSON array. */
static void
append_variant_array (GString *out, GVariant *value)
{
  const GVariantType *element = g_variant_type_element (g_variant_get_type (value));
  gboolean object = g_variant_type_is_dict_entry (element)
    && g_variant_type_equal (g_variant_type_key (element), G_VARIANT_TYPE_STRING);
  gsize n = g_variant_n_children (value);

  g_string_append_c (out, object ? '{' : '[');
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr (GVariant) child = g_variant_get_child_value (value, i);

      if (i > 0)
        g_string_append_c (out, ',');
      if (object)
        {
          g_autoptr (GVariant) key = g_variant_get_child_value (child, 0);
          g_autoptr (GVariant) item = g_variant_get_child_value (child, 1);

          append_string (out, g_variant_get_string (key, NULL));
          g_string_append_c (out, ':');
          append_variant (out, item);
        }
      else
        append_variant (out, child);
    }
  g_string_append_c (out, object ? '}' : ']');
}

static void
append_variant (GString *out, GVariant *value)
{
  switch (g_variant_classify (value))
    {
    case G_VARIANT_CLASS_BOOLEAN:
      g_string_append (out, g_variant_get_boolean (value) ? "true" : "false");
      break;
    case G_VARIANT_CLASS_BYTE:
      g_string_append_printf (out, "%u", (guint) g_variant_get_byte (value));
      break;
    case G_VARIANT_CLASS_INT16:
      g_string_append_printf (out, "%d", (int) g_variant_get_int16 (value));
      break;
    case G_VARIANT_CLASS_UINT16:
      g_string_append_printf (out, "%u", (guint) g_variant_get_uint16 (value));
      break;
    case G_VARIANT_CLASS_INT32:
      g_string_append_printf (out, "%d", (int) g_variant_get_int32 (value));
      break;
    case G_VARIANT_CLASS_HANDLE:
      g_string_append_printf (out, "%d", (int) g_variant_get_handle (value));
      break;
    case G_VARIANT_CLASS_UINT32:
      g_string_append_printf (out, "%u", (guint) g_variant_get_uint32 (value));
      break;
    case G_VARIANT_CLASS_INT64:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, g_variant_get_int64 (value));
      break;
    case G_VARIANT_CLASS_UINT64:
      g_string_append_printf (out, "%" G_GUINT64_FORMAT, g_variant_get_uint64 (value));
      break;
    case G_VARIANT_CLASS_DOUBLE:
      append_double (out, g_variant_get_double (value));
      break;
    case G_VARIANT_CLASS_STRING:
    case G_VARIANT_CLASS_OBJECT_PATH:
    case G_VARIANT_CLASS_SIGNATURE:
      append_string (out, g_variant_get_string (value, NULL));
      break;
    case G_VARIANT_CLASS_VARIANT:
      {
        g_autoptr (GVariant) inner = g_variant_get_variant (value);

        append_variant (out, inner);
      }
      break;
    case G_VARIANT_CLASS_MAYBE:
      {
        g_autoptr (GVariant) inner = g_variant_get_maybe (value);

        if (inner == NULL)
          g_string_append (out, "null");
        else
          append_variant (out, inner);
      }
      break;
    case G_VARIANT_CLASS_ARRAY:
      append_variant_array (out, value);
      break;
    case G_VARIANT_CLASS_TUPLE:
    case G_VARIANT_CLASS_DICT_ENTRY:
    default:
      {
        gsize n = g_variant_n_children (value);

        g_string_append_c (out, '[');
        for (gsize i = 0; i < n; i++)
          {
            g_autoptr (GVariant) child = g_variant_get_child_value (value, i);

            if (i > 0)
              g_string_append_c (out, ',');
            append_variant (out, child);
          }
        g_string_append_c (out, ']');
      }
      break;
    }
}

/* The keys an app event writes itself; a result field of the same name
 * would make a duplicate key, so it is left out. */
static gboolean
is_app_key (const char *key)
{
  static const char *const taken[] = { "t", "event", "node", "do", "ok", "detail", "why" };

  for (guint i = 0; i < G_N_ELEMENTS (taken); i++)
    if (strcmp (key, taken[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Every result field of an app event at the top level of its object. */
static void
add_result_fields (GString *out, GVariant *fields)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;

  if (fields == NULL || !g_variant_is_of_type (fields, G_VARIANT_TYPE ("a{s*}")))
    return;
  g_variant_iter_init (&iter, fields);
  while (g_variant_iter_next (&iter, "{&s@*}", &key, &value))
    {
      if (!is_app_key (key))
        {
          append_key (out, key);
          append_variant (out, value);
        }
      g_variant_unref (value);
    }
}

static void
add_drop_fields (GString *out, const NsTraceEvent *ev)
{
  if (ev->frame != 0)
    add_uint (out, "frame", ev->frame);
  if (ev->node != NULL || ev->frame == 0)
    add_string (out, "node", ev->node);
  if (ev->link != NULL)
    add_string (out, "link", ev->link);
  add_string (out, "reason", ev->reason);
}

gboolean
ns_trace_event_in_jsonl (const NsTraceEvent *event)
{
  switch (event->kind)
    {
    case NS_TRACE_TX:
    case NS_TRACE_RX:
    case NS_TRACE_DROP:
    case NS_TRACE_TCP:
    case NS_TRACE_RETRANSMIT:
    case NS_TRACE_APP:
    case NS_TRACE_LINK:
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
ns_trace_event_append_json (const NsTraceEvent *ev, NsSummarizer *summarizer, GString *out)
{
  if (!ns_trace_event_in_jsonl (ev))
    return FALSE;
  g_string_append (out, "{\"t\":");
  ns_trace_append_seconds (out, ev->t);
  add_string (out, "event", ns_trace_kind_name (ev->kind));
  switch (ev->kind)
    {
    case NS_TRACE_TX:
      add_string (out, "link", ev->link);
      add_string (out, "from", ev->iface);
      add_uint (out, "frame", ev->frame);
      add_uint (out, "bytes", ev->packet != NULL ? ev->packet->len : 0);
      if (ev->packet != NULL && summarizer != NULL)
        {
          g_autofree char *summary = ns_summarizer_summarize (summarizer, ev->packet->data,
                                                              ev->packet->len);

          add_string (out, "summary", summary);
        }
      else
        add_string (out, "summary", "");
      break;
    case NS_TRACE_RX:
      add_string (out, "link", ev->link);
      add_string (out, "to", ev->iface);
      add_uint (out, "frame", ev->frame);
      break;
    case NS_TRACE_DROP:
      add_drop_fields (out, ev);
      break;
    case NS_TRACE_TCP:
      add_string (out, "node", ev->node);
      add_string (out, "local", ev->local);
      add_string (out, "remote", ev->remote);
      add_string (out, "from", ev->from_state);
      add_string (out, "to", ev->to_state);
      break;
    case NS_TRACE_RETRANSMIT:
      add_string (out, "node", ev->node);
      add_string (out, "local", ev->local);
      add_string (out, "remote", ev->remote);
      add_uint (out, "seq", ev->seq);
      add_string (out, "cause", ev->reason);
      break;
    case NS_TRACE_APP:
      add_string (out, "node", ev->node);
      add_string (out, "do", ev->action);
      append_key (out, "ok");
      g_string_append (out, ev->ok ? "true" : "false");
      add_string (out, "detail", ev->detail != NULL ? ev->detail : "");
      add_result_fields (out, ev->fields);
      break;
    case NS_TRACE_LINK:
      if (ev->link != NULL)
        add_string (out, "link", ev->link);
      else
        add_string (out, "node", ev->node);
      append_key (out, "up");
      g_string_append (out, ev->ok ? "true" : "false");
      break;
    case NS_TRACE_ARP:
    case NS_TRACE_TCP_VARS:
    default:
      g_assert_not_reached ();
    }
  if (ev->why != NULL)
    add_string (out, "why", ev->why);
  g_string_append_c (out, '}');
  return TRUE;
}

gboolean
ns_trace_tcp_vars_append_json (const NsTraceEvent *ev, GString *out)
{
  const NsTraceTcpVars *v = ev->tcp_vars;

  if (ev->kind != NS_TRACE_TCP_VARS || v == NULL || (v->changed & NS_TCP_VARS_CONGESTION) == 0)
    return FALSE;
  g_string_append (out, "{\"t\":");
  ns_trace_append_seconds (out, ev->t);
  add_string (out, "event", "tcp-vars");
  add_string (out, "node", ev->node);
  add_string (out, "local", ev->local);
  add_string (out, "remote", ev->remote);
  add_uint (out, "cwnd", v->cwnd);
  add_uint (out, "ssthresh", v->ssthresh);
  add_uint (out, "flight", v->flight_size);
  add_uint (out, "rwnd", v->snd_wnd);
  append_key (out, "srtt_ms");
  append_double (out, (double) v->srtt_ns / NS_NSEC_PER_MSEC);
  append_key (out, "rto_ms");
  append_double (out, (double) v->rto_ns / NS_NSEC_PER_MSEC);
  g_string_append_c (out, '}');
  return TRUE;
}

static gboolean
write_jsonl (const NsTrace *trace, GOutputStream *stream, gboolean tcp_vars,
             GCancellable *cancellable, GError **error)
{
  g_autoptr (NsSummarizer) summarizer = ns_summarizer_new ();
  g_autoptr (GString) buf = g_string_sized_new (FLUSH_AT + 4096);
  guint n = ns_trace_len (trace);

  for (guint i = 0; i < n; i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);

      if (ns_trace_event_append_json (ev, summarizer, buf)
          || (tcp_vars && ns_trace_tcp_vars_append_json (ev, buf)))
        g_string_append_c (buf, '\n');
      if (buf->len >= FLUSH_AT || i + 1 == n)
        {
          if (!g_output_stream_write_all (stream, buf->str, buf->len, NULL, cancellable, error))
            return FALSE;
          g_string_truncate (buf, 0);
        }
    }
  return TRUE;
}

gboolean
ns_trace_write_jsonl (const NsTrace *trace, GOutputStream *stream, GCancellable *cancellable,
                      GError **error)
{
  return write_jsonl (trace, stream, FALSE, cancellable, error);
}

gboolean
ns_trace_write_jsonl_file (const NsTrace *trace, const char *path, GError **error)
{
  return ns_trace_write_jsonl_file_full (trace, path, FALSE, error);
}

gboolean
ns_trace_write_jsonl_file_full (const NsTrace *trace, const char *path, gboolean tcp_vars,
                                GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileOutputStream) stream = NULL;

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  if (stream == NULL)
    return FALSE;
  if (!write_jsonl (trace, G_OUTPUT_STREAM (stream), tcp_vars, NULL, error))
    {
      /* Leave the old file (if any) in place rather than half a new one. */
      g_autoptr (GCancellable) cancel = g_cancellable_new ();

      g_cancellable_cancel (cancel);
      g_output_stream_close (G_OUTPUT_STREAM (stream), cancel, NULL);
      return FALSE;
    }
  return g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}

char *
ns_trace_to_jsonl (const NsTrace *trace, gsize *len_out)
{
  g_autoptr (NsSummarizer) summarizer = ns_summarizer_new ();
  GString *out = g_string_new ("");

  for (guint i = 0; i < ns_trace_len (trace); i++)
    {
      if (ns_trace_event_append_json (ns_trace_get (trace, i), summarizer, out))
        g_string_append_c (out, '\n');
    }
  if (len_out != NULL)
    *len_out = out->len;
  return g_string_free (out, FALSE);
}
