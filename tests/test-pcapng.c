/* test-pcapng.c: the capture writer, read back block by block. */
#include <glib/gstdio.h>
#include <string.h>

#include "core/pcapng.h"
#include "sim/sim.h"
#include "sim/trace.h"

typedef struct {
  guint32 type;
  const guint8 *body;  /* after type and length */
  gsize body_len;      /* without the trailing length */
} Block;

typedef struct {
  guint32 iface;
  guint64 ts;
  guint32 caplen, origlen;
  const guint8 *data;
  char *comment;       /* or NULL */
} Packet;

typedef struct {
  char *name;
  gint tsresol;        /* -1 if absent */
  guint16 linktype;
  guint32 snaplen;
} Iface;

static guint32
rd32 (const guint8 *p)
{
  guint32 v;

  memcpy (&v, p, 4);
  return GUINT32_FROM_LE (v);
}

static guint16
rd16 (const guint8 *p)
{
  guint16 v;

  memcpy (&v, p, 2);
  return GUINT16_FROM_LE (v);
}

/* Splits @bytes into blocks, asserting every block's framing. */
static GArray *
split_blocks (GBytes *bytes)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  GArray *blocks = g_array_new (FALSE, FALSE, sizeof (Block));
  gsize off = 0;

  while (off < len)
    {
      Block b;
      guint32 total;

      g_assert_cmpuint (len - off, >=, 12);
      b.type = rd32 (data + off);
      total = rd32 (data + off + 4);
      g_assert_cmpuint (total % 4, ==, 0);
      g_assert_cmpuint (total, >=, 12);
      g_assert_cmpuint (total, <=, len - off);
      g_assert_cmpuint (rd32 (data + off + total - 4), ==, total);
      b.body = data + off + 8;
      b.body_len = total - 12;
      g_array_append_val (blocks, b);
      off += total;
    }
  g_assert_cmpuint (off, ==, len);
  return blocks;
}

/* Calls back for each option of @opts; asserts padding and the end mark. */
typedef void (*OptionFunc) (guint16 code, const guint8 *value, guint16 len, gpointer data);

static void
walk_options (const guint8 *opts, gsize len, OptionFunc func, gpointer data)
{
  gsize off = 0;
  gboolean ended = FALSE;

  while (off < len)
    {
      guint16 code, olen;

      g_assert_false (ended);
      g_assert_cmpuint (len - off, >=, 4);
      code = rd16 (opts + off);
      olen = rd16 (opts + off + 2);
      off += 4;
      if (code == 0)
        {
          g_assert_cmpuint (olen, ==, 0);
          ended = TRUE;
          continue;
        }
      g_assert_cmpuint (len - off, >=, ((olen + 3u) & ~3u));
      func (code, opts + off, olen, data);
      for (guint i = olen; i < ((olen + 3u) & ~3u); i++)
        g_assert_cmpuint (opts[off + i], ==, 0);
      off += (olen + 3u) & ~3u;
    }
  g_assert_true (ended);
}

static void
iface_option (guint16 code, const guint8 *value, guint16 len, gpointer data)
{
  Iface *iface = data;

  if (code == 2)
    iface->name = g_strndup ((const char *) value, len);
  else if (code == 9)
    {
      g_assert_cmpuint (len, ==, 1);
      iface->tsresol = value[0];
    }
}

static void
packet_option (guint16 code, const guint8 *value, guint16 len, gpointer data)
{
  Packet *p = data;

  if (code == 1)
    {
      g_assert_null (p->comment);
      p->comment = g_strndup ((const char *) value, len);
    }
}

typedef struct {
  GArray *blocks;
  GPtrArray *ifaces;   /* of Iface* */
  GArray *packets;     /* of Packet */
} Capture;

static void
iface_free (gpointer data)
{
  Iface *iface = data;

  g_free (iface->name);
  g_free (iface);
}

static void
packet_clear (gpointer data)
{
  g_free (((Packet *) data)->comment);
}

/* Parses a whole capture: one section header first, then interfaces and
 * packets, each packet on an interface described before it. */
static void
capture_parse (Capture *cap, GBytes *bytes)
{
  Block *shb;

  cap->blocks = split_blocks (bytes);
  cap->ifaces = g_ptr_array_new_with_free_func (iface_free);
  cap->packets = g_array_new (FALSE, TRUE, sizeof (Packet));
  g_array_set_clear_func (cap->packets, packet_clear);

  g_assert_cmpuint (cap->blocks->len, >=, 1);
  shb = &g_array_index (cap->blocks, Block, 0);
  g_assert_cmphex (shb->type, ==, 0x0A0D0D0A);
  g_assert_cmpuint (shb->body_len, >=, 16);
  g_assert_cmphex (rd32 (shb->body), ==, 0x1A2B3C4D);
  g_assert_cmpuint (rd16 (shb->body + 4), ==, 1);
  g_assert_cmpuint (rd16 (shb->body + 6), ==, 0);

  for (guint i = 1; i < cap->blocks->len; i++)
    {
      Block *b = &g_array_index (cap->blocks, Block, i);

      if (b->type == 1)
        {
          Iface *iface = g_new0 (Iface, 1);

          iface->tsresol = -1;
          g_assert_cmpuint (b->body_len, >=, 8);
          iface->linktype = rd16 (b->body);
          iface->snaplen = rd32 (b->body + 4);
          walk_options (b->body + 8, b->body_len - 8, iface_option, iface);
          g_ptr_array_add (cap->ifaces, iface);
        }
      else if (b->type == 6)
        {
          Packet p = { 0 };
          gsize padded;

          g_assert_cmpuint (b->body_len, >=, 20);
          p.iface = rd32 (b->body);
          p.ts = ((guint64) rd32 (b->body + 4) << 32) | rd32 (b->body + 8);
          p.caplen = rd32 (b->body + 12);
          p.origlen = rd32 (b->body + 16);
          p.data = b->body + 20;
          padded = (p.caplen + 3u) & ~3u;
          g_assert_cmpuint (b->body_len, >=, 20 + padded);
          g_assert_cmpuint (p.iface, <, cap->ifaces->len);
          if (b->body_len > 20 + padded)
            walk_options (b->body + 20 + padded, b->body_len - 20 - padded, packet_option, &p);
          g_array_append_val (cap->packets, p);
        }
      else
        g_assert_not_reached ();
    }
}

static void
capture_clear (Capture *cap)
{
  g_array_unref (cap->blocks);
  g_ptr_array_unref (cap->ifaces);
  g_array_unref (cap->packets);
}

static void
add_tx (NsTrace *trace, gint64 t, guint64 frame, const char *link, gsize len, guint8 fill)
{
  NsTraceEvent *ev = ns_trace_append (trace, NS_TRACE_TX, t);
  NsPacket *p = ns_packet_new (0, len);

  memset (p->data, fill, len);
  p->data[0] = (guint8) frame;
  ev->frame = frame;
  ev->link = link;
  ev->iface = "a:eth0";
  ev->packet = p;
}

static void
add_drop (NsTrace *trace, gint64 t, guint64 frame, const char *reason, const char *why)
{
  NsTraceEvent *ev = ns_trace_append (trace, NS_TRACE_DROP, t);

  ev->frame = frame;
  ev->link = "l1";
  ev->reason = reason;
  ev->why = g_strdup (why);
}

static NsTrace *
sample_trace (void)
{
  NsTrace *trace = ns_trace_new ();
  NsTraceEvent *ev;

  add_tx (trace, 1500000007, 1, "l2", 60, 0xaa);
  add_tx (trace, 3 * NS_NSEC_PER_SEC + 5, 2, "l1", 61, 0xbb);
  /* A link the caller did not list gets a block before its first frame. */
  add_tx (trace, 6 * NS_NSEC_PER_SEC, 3, "l9", 98, 0xcc);
  /* Timestamps above 2^32 ns (4.3 s) need the high word. */
  add_tx (trace, G_GINT64_CONSTANT (5000000000000), 4, "l1", 42, 0xdd);
  ev = ns_trace_append (trace, NS_TRACE_RX, 3 * NS_NSEC_PER_SEC + 9);
  ev->frame = 1;
  ev->link = "l2";
  add_drop (trace, 7 * NS_NSEC_PER_SEC, 2, "loss",
            "frame lost on link l1: the link loses 30% of frames at random");
  add_drop (trace, 7 * NS_NSEC_PER_SEC, 4, "drop_nth", "drop_nth says so");
  /* A frame dropped for another reason (it never started) is not a loss
   * on the link: no comment on frame 3. */
  add_drop (trace, 7 * NS_NSEC_PER_SEC, 3, "checksum", "bad checksum");
  ev = ns_trace_append (trace, NS_TRACE_DROP, 8 * NS_NSEC_PER_SEC);
  ev->node = "r1";
  ev->reason = "ttl";
  ev->why = g_strdup ("TTL ran out");
  return trace;
}

static void
test_layout (void)
{
  g_autoptr (NsTrace) trace = sample_trace ();
  const char *const links[] = { "l1", "l2", NULL };
  g_autoptr (GBytes) bytes = ns_pcapng_build (trace, links);
  Capture cap;
  Packet *p;

  capture_parse (&cap, bytes);
  /* SHB, the 2 listed interfaces and the unlisted one, then the packets
   * link by link (l1's two, l2's, l9's), each link's in time order. */
  g_assert_cmpuint (cap.blocks->len, ==, 1 + 3 + 4);
  for (guint i = 1; i < 4; i++)
    g_assert_cmpuint (g_array_index (cap.blocks, Block, i).type, ==, 1);
  g_assert_cmpuint (cap.ifaces->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      static const char *const names[] = { "l1", "l2", "l9" };
      Iface *iface = g_ptr_array_index (cap.ifaces, i);

      g_assert_cmpstr (iface->name, ==, names[i]);
      g_assert_cmpint (iface->tsresol, ==, 9);
      g_assert_cmpuint (iface->linktype, ==, 1);
      g_assert_cmpuint (iface->snaplen, >=, 65535);
    }

  g_assert_cmpuint (cap.packets->len, ==, 4);
  p = &g_array_index (cap.packets, Packet, 0);
  g_assert_cmpuint (p->iface, ==, 0);
  g_assert_cmpuint (p->ts, ==, 3000000005);
  g_assert_cmpuint (p->caplen, ==, 61);
  g_assert_cmpuint (p->data[60], ==, 0xbb);
  g_assert_cmpstr (p->comment, ==, "frame lost on link l1: the link loses 30% of frames at random");

  p = &g_array_index (cap.packets, Packet, 1);
  g_assert_cmpuint (p->iface, ==, 0);
  g_assert_cmpuint (p->ts, ==, G_GUINT64_CONSTANT (5000000000000));
  g_assert_cmpuint (p->caplen, ==, 42);
  g_assert_cmpstr (p->comment, ==, "drop_nth says so");

  p = &g_array_index (cap.packets, Packet, 2);
  g_assert_cmpuint (p->iface, ==, 1);
  g_assert_cmpuint (p->ts, ==, 1500000007);
  g_assert_cmpuint (p->caplen, ==, 60);
  g_assert_cmpuint (p->origlen, ==, 60);
  g_assert_cmpuint (p->data[0], ==, 1);
  g_assert_cmpuint (p->data[59], ==, 0xaa);
  g_assert_null (p->comment);

  p = &g_array_index (cap.packets, Packet, 3);
  g_assert_cmpuint (p->iface, ==, 2);
  g_assert_cmpuint (p->caplen, ==, 98);
  g_assert_null (p->comment);
  capture_clear (&cap);
}

static void
test_no_frames (void)
{
  g_autoptr (NsTrace) trace = ns_trace_new ();
  const char *const links[] = { "a", "b", "a-very-long-link-name", NULL };
  g_autoptr (GBytes) bytes = ns_pcapng_build (trace, links);
  g_autoptr (GBytes) none = ns_pcapng_build (NULL, NULL);
  Capture cap;

  capture_parse (&cap, bytes);
  g_assert_cmpuint (cap.ifaces->len, ==, 3);
  g_assert_cmpstr (((Iface *) g_ptr_array_index (cap.ifaces, 2))->name, ==,
                   "a-very-long-link-name");
  g_assert_cmpuint (cap.packets->len, ==, 0);
  capture_clear (&cap);

  capture_parse (&cap, none);
  g_assert_cmpuint (cap.blocks->len, ==, 1);
  capture_clear (&cap);
}

static void
test_deterministic_file (void)
{
  g_autoptr (NsTrace) trace = sample_trace ();
  const char *const links[] = { "l1", "l2", NULL };
  g_autoptr (GBytes) a = ns_pcapng_build (trace, links);
  g_autoptr (GBytes) b = ns_pcapng_build (trace, links);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-pcapng-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (a, b));
  path = g_build_filename (dir, "out.pcapng", NULL);
  g_assert_true (ns_pcapng_write_file (trace, links, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_cmpmem (contents, len, g_bytes_get_data (a, NULL), g_bytes_get_size (a));
  g_remove (path);
  g_rmdir (dir);

  /* An unwritable place is an error, not a crash. */
  g_assert_false (ns_pcapng_write_file (trace, links, "/nonexistent-dir/x.pcapng", &error));
  g_assert_nonnull (error);
}

/* The first bytes of a capture, byte for byte: any reader checks these. */
static void
test_header_bytes (void)
{
  g_autoptr (GBytes) bytes = ns_pcapng_build (NULL, (const char *const[]) { "l1", NULL });
  const guint8 *d = g_bytes_get_data (bytes, NULL);
  const guint8 shb_start[] = { 0x0a, 0x0d, 0x0d, 0x0a };
  const guint8 magic[] = { 0x4d, 0x3c, 0x2b, 0x1a, 0x01, 0x00, 0x00, 0x00,
                           0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
  guint32 shb_len = rd32 (d + 4);
  const guint8 idb[] = {
    0x01, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00,  /* IDB, 40 bytes */
    0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00,  /* Ethernet, reserved, snaplen */
    0x02, 0x00, 0x02, 0x00, 'l', '1', 0x00, 0x00,    /* if_name "l1" padded */
    0x09, 0x00, 0x01, 0x00, 0x09, 0x00, 0x00, 0x00,  /* if_tsresol 9 padded */
    0x00, 0x00, 0x00, 0x00,                          /* opt_endofopt */
  };

  g_assert_cmpmem (d, 4, shb_start, 4);
  g_assert_cmpmem (d + 8, 16, magic, 16);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, shb_len + sizeof idb + 4);
  g_assert_cmpmem (d + shb_len, sizeof idb, idb, sizeof idb);
  g_assert_cmpuint (rd32 (d + shb_len + sizeof idb), ==, 40);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/pcapng/layout", test_layout);
  g_test_add_func ("/core/pcapng/no-frames", test_no_frames);
  g_test_add_func ("/core/pcapng/deterministic-file", test_deterministic_file);
  g_test_add_func ("/core/pcapng/header-bytes", test_header_bytes);
  ret = g_test_run ();
  ns_packet_pool_trim ();
  return ret;
}
