/* pcapng.c: the capture writer. See pcapng.h for the layout. */
#include "config.h"

#include "core/pcapng.h"

#include <string.h>

/* Option codes (pcapng spec §3.5, §4.2). */
enum {
  OPT_ENDOFOPT = 0,
  OPT_COMMENT = 1,
  OPT_SHB_USERAPPL = 4,
  OPT_IF_NAME = 2,
  OPT_IF_TSRESOL = 9,
};

static void
put_u16 (GByteArray *out, guint16 v)
{
  guint16 le = GUINT16_TO_LE (v);

  g_byte_array_append (out, (const guint8 *) &le, 2);
}

static void
put_u32 (GByteArray *out, guint32 v)
{
  guint32 le = GUINT32_TO_LE (v);

  g_byte_array_append (out, (const guint8 *) &le, 4);
}

static void
put_padding (GByteArray *out, gsize len)
{
  static const guint8 zeros[4] = { 0 };

  g_byte_array_append (out, zeros, (guint) ((4 - len % 4) % 4));
}

/* One option: code, length, value, padded to 32 bits. Values longer than
 * an option can say are cut (a comment is never that long in practice). */
static void
put_option (GByteArray *out, guint16 code, const void *value, gsize len)
{
  len = MIN (len, (gsize) G_MAXUINT16 - 3);
  put_u16 (out, code);
  put_u16 (out, (guint16) len);
  g_byte_array_append (out, value, (guint) len);
  put_padding (out, len);
}

static void
put_string_option (GByteArray *out, guint16 code, const char *text)
{
  put_option (out, code, text, strlen (text));
}

static void
put_end_of_options (GByteArray *out)
{
  put_u16 (out, OPT_ENDOFOPT);
  put_u16 (out, 0);
}

/* Starts a block: type and a placeholder total length; returns where the
 * block starts, for end_block(). */
static guint
begin_block (GByteArray *out, guint32 type)
{
  guint start = out->len;

  put_u32 (out, type);
  put_u32 (out, 0);
  return start;
}

/* Writes the block's total length at its start and again at its end. */
static void
end_block (GByteArray *out, guint start)
{
  guint32 total = out->len - start + 4;
  guint32 le = GUINT32_TO_LE (total);

  memcpy (out->data + start + 4, &le, 4);
  put_u32 (out, total);
}

static void
put_section_header (GByteArray *out)
{
  guint start = begin_block (out, NS_PCAPNG_BLOCK_SHB);

  put_u32 (out, NS_PCAPNG_BYTE_ORDER_MAGIC);
  put_u16 (out, 1);            /* major version */
  put_u16 (out, 0);            /* minor version */
  put_u32 (out, 0xFFFFFFFFu);  /* section length: not given (-1) */
  put_u32 (out, 0xFFFFFFFFu);
  put_string_option (out, OPT_SHB_USERAPPL, "netsketch " PACKAGE_VERSION);
  put_end_of_options (out);
  end_block (out, start);
}

static void
put_interface (GByteArray *out, const char *link_name)
{
  guint start = begin_block (out, NS_PCAPNG_BLOCK_IDB);
  const guint8 tsresol = 9;  /* 10^-9 s: the engine's nanoseconds */

  put_u16 (out, NS_PCAPNG_LINKTYPE_ETHERNET);
  put_u16 (out, 0);            /* reserved */
  put_u32 (out, NS_PCAPNG_SNAPLEN);
  put_string_option (out, OPT_IF_NAME, link_name);
  put_option (out, OPT_IF_TSRESOL, &tsresol, 1);
  put_end_of_options (out);
  end_block (out, start);
}

static void
put_packet (GByteArray *out, guint32 interface_id, gint64 t_ns, const NsPacket *frame,
            const char *comment)
{
  guint start = begin_block (out, NS_PCAPNG_BLOCK_EPB);
  guint64 ts = (guint64) MAX (t_ns, 0);
  guint32 len = (guint32) MIN (frame->len, (gsize) NS_PCAPNG_SNAPLEN);

  put_u32 (out, interface_id);
  put_u32 (out, (guint32) (ts >> 32));
  put_u32 (out, (guint32) ts);
  put_u32 (out, len);                   /* captured length */
  put_u32 (out, (guint32) frame->len);  /* original length */
  g_byte_array_append (out, frame->data, len);
  put_padding (out, len);
  if (comment != NULL)
    {
      put_string_option (out, OPT_COMMENT, comment);
      put_end_of_options (out);
    }
  end_block (out, start);
}

/* Frame number -> why it was lost, for frames lost on their link. */
static GHashTable *
collect_losses (const NsTrace *trace)
{
  GHashTable *lost = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  for (guint i = 0; i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);
      gint64 *key;

      if (ev->kind != NS_TRACE_DROP || ev->frame == 0)
        continue;
      if (g_strcmp0 (ev->reason, "loss") != 0 && g_strcmp0 (ev->reason, "drop_nth") != 0)
        continue;
      key = g_new (gint64, 1);
      *key = (gint64) ev->frame;
      g_hash_table_replace (lost, key,
                            ev->why != NULL
                            ? g_strdup (ev->why)
                            : g_strdup_printf ("frame lost on link %s (%s)",
                                               ev->link != NULL ? ev->link : "?", ev->reason));
    }
  return lost;
}

/* Interface blocks, one per link, numbered in the order they are written. */
typedef struct {
  GByteArray *out;
  GHashTable *index;  /* link name -> interface number + 1 */
  guint32     n;
} Interfaces;

/* The interface number of @link_name, writing its block first if the link
 * has none yet. */
static guint32
interface_of (Interfaces *ifs, const char *link_name)
{
  gpointer known = g_hash_table_lookup (ifs->index, link_name);

  if (known != NULL)
    return GPOINTER_TO_UINT (known) - 1;
  g_hash_table_insert (ifs->index, (gpointer) link_name, GUINT_TO_POINTER (ifs->n + 1));
  put_interface (ifs->out, link_name);
  return ifs->n++;
}

GBytes *
ns_pcapng_build (const NsTrace *trace, const char *const *link_names)
{
  g_autoptr (GByteArray) out = g_byte_array_new ();
  g_autoptr (GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) lost = NULL;
  g_autoptr (GPtrArray) by_iface = NULL;
  Interfaces ifs = { out, index, 0 };

  put_section_header (out);
  for (guint i = 0; link_names != NULL && link_names[i] != NULL; i++)
    interface_of (&ifs, link_names[i]);
  if (trace == NULL)
    return g_byte_array_free_to_bytes (g_steal_pointer (&out));

  lost = collect_losses (trace);
  /* Frames are written link by link, each link's in time order, not all
   * links interleaved: a segment crossing three links is the same TCP
   * segment three times, and Wireshark's TCP analysis, which does not tell
   * interfaces apart, would take the interleaved copies for out-of-order
   * data and report reassembly errors. Grouped, each link reads like a
   * capture taken on that wire; Wireshark sorts by time on request. */
  by_iface = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint i = 0; i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);
      guint32 iface;

      if (ev->kind != NS_TRACE_TX || ev->packet == NULL)
        continue;
      /* Links the caller did not list get their block in trace order. */
      iface = interface_of (&ifs, ev->link != NULL ? ev->link : "");
      while (by_iface->len <= iface)
        g_ptr_array_add (by_iface, g_array_new (FALSE, FALSE, sizeof (guint)));
      g_array_append_val (g_ptr_array_index (by_iface, iface), i);
    }
  for (guint32 iface = 0; iface < by_iface->len; iface++)
    {
      GArray *events = g_ptr_array_index (by_iface, iface);

      for (guint k = 0; k < events->len; k++)
        {
          const NsTraceEvent *ev = ns_trace_get (trace, g_array_index (events, guint, k));
          gint64 frame = (gint64) ev->frame;

          put_packet (out, iface, ev->t, ev->packet, g_hash_table_lookup (lost, &frame));
        }
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

GBytes *
ns_pcapng_build_links (const NsTrace *trace, const char *const *only_links)
{
  g_autoptr (GByteArray) out = g_byte_array_new ();
  g_autoptr (GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) lost = NULL;
  Interfaces ifs = { out, index, 0 };

  put_section_header (out);
  for (guint i = 0; only_links != NULL && only_links[i] != NULL; i++)
    interface_of (&ifs, only_links[i]);
  if (trace == NULL)
    return g_byte_array_free_to_bytes (g_steal_pointer (&out));
  lost = collect_losses (trace);
  /* The trace is in time order: the frames of the chosen links keep it. */
  for (guint i = 0; i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);
      gpointer known;
      gint64 frame;

      if (ev->kind != NS_TRACE_TX || ev->packet == NULL || ev->link == NULL)
        continue;
      known = g_hash_table_lookup (index, ev->link);
      if (known == NULL)
        continue;
      frame = (gint64) ev->frame;
      put_packet (out, GPOINTER_TO_UINT (known) - 1, ev->t, ev->packet,
                  g_hash_table_lookup (lost, &frame));
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

gboolean
ns_pcapng_write_file_links (const NsTrace *trace, const char *const *link_names,
                            const char *const *only_links, const char *path, GError **error)
{
  g_autoptr (GBytes) bytes = only_links != NULL ? ns_pcapng_build_links (trace, only_links)
                                                : ns_pcapng_build (trace, link_names);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return g_file_set_contents (path, data, (gssize) len, error);
}

gboolean
ns_pcapng_write_file (const NsTrace *trace, const char *const *link_names, const char *path,
                      GError **error)
{
  g_autoptr (GBytes) bytes = ns_pcapng_build (trace, link_names);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return g_file_set_contents (path, data, (gssize) len, error);
}
