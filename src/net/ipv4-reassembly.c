/* ipv4-reassembly.c: putting IPv4 fragments back together at the
 * destination (RFC 791 §3.2 "Reassembly", RFC 1122 3.3.2).
 *
 * A datagram being reassembled is keyed by (source, destination, protocol,
 * identification) as RFC 791 says. Its data goes into a buffer that grows
 * to the highest byte seen; which 8-byte blocks have arrived is a bitmap
 * (fragment offsets count in 8-byte units, so a block is the natural grain:
 * the same bookkeeping as RFC 815's hole list, with no list to walk or to
 * corrupt). Every fragment is checked before any byte is copied: a datagram
 * never grows past 65535 bytes and a fragment that contradicts what came
 * before (a second, different end) throws the whole datagram away. Where
 * fragments overlap, the bytes that arrived first are kept (a duplicate
 * changes nothing).
 *
 * RFC 1122 3.3.2 wants a reassembly timeout (60 s recommended, 15 s as
 * the initial TTL-based value of RFC 791): we use NS_IPV4_REASSEMBLY_TIMEOUT,
 * 30 s, after which the pieces are dropped and, if fragment zero came, the
 * sender is told with ICMP time exceeded code 1 (RFC 792). */
#include "net/ipv4-reassembly.h"

#include <string.h>

#include "net/wire/checksum.h"
#include "net/wire/icmp-wire.h"
#include "net/wire/ipv4-wire.h"

/* Data bytes of the largest datagram: 65535 minus the smallest header. */
#define MAX_DATA  (65535 - NS_IPV4_HEADER_LEN)
#define N_BLOCKS  ((MAX_DATA + 7) / 8)

typedef struct _NsReasmTable NsReasmTable;

typedef struct {
  NsReasmTable *table;
  guint32       src, dst;
  guint8        proto;
  guint16       id;
  guint8       *data;          /* cap bytes */
  gsize         cap;
  gsize         received;      /* distinct data bytes, for the trace */
  guint         blocks_filled;
  gsize         total;         /* data length, once the last fragment came */
  gboolean      have_last;
  gsize         max_end;       /* highest data byte seen + 1 */
  guint8        first_header[NS_IPV4_MAX_HEADER_LEN];
  guint         first_header_len;  /* 0 until fragment zero arrives */
  NsEventId     timer;
  guint8        filled[(N_BLOCKS + 7) / 8];
} NsReasm;

struct _NsReasmTable {
  NsStack   *stack;
  GPtrArray *list;   /* of NsReasm*, oldest first: at most a handful */
};

static void
reasm_free (gpointer data)
{
  NsReasm *r = data;

  ns_sim_clear_event (r->table->stack->sim, &r->timer);
  g_free (r->data);
  g_free (r);
}

static void
table_free (gpointer data)
{
  NsReasmTable *table = data;

  table->stack->reassembly = NULL;
  g_ptr_array_unref (table->list);
  g_free (table);
}

static NsReasmTable *
table_get (NsStack *self)
{
  NsReasmTable *table = self->reassembly;

  if (table == NULL)
    {
      /* Made by the first fragment: an idle host keeps nothing. */
      table = g_new0 (NsReasmTable, 1);
      table->stack = self;
      table->list = g_ptr_array_new_with_free_func (reasm_free);
      self->reassembly = table;
      ns_stack_adopt (self, table, table_free);
    }
  return table;
}

static void
reasm_remove (NsReasm *r)
{
  g_ptr_array_remove (r->table->list, r);
}

static void
reasm_expire (NsSim *sim, gpointer data)
{
  NsReasm *r = data;
  NsStack *self = r->table->stack;
  char src[16];

  r->timer = 0;
  if (r->first_header_len > 0)
    {
      /* RFC 1122 3.3.2 / RFC 792: time exceeded, code 1, quoting fragment
       * zero's header and its first 8 data bytes (they arrived with it). */
      guint8 quote[NS_IPV4_MAX_HEADER_LEN + NS_ICMP_QUOTE_DATA_LEN];
      gsize n = MIN (r->cap, (gsize) NS_ICMP_QUOTE_DATA_LEN);

      memcpy (quote, r->first_header, r->first_header_len);
      memcpy (quote + r->first_header_len, r->data, n);
      ns_icmp_send_error (self, NS_ICMP_TIME_EXCEEDED, NS_ICMP_EXCEEDED_REASSEMBLY, quote,
                          r->first_header_len + n);
    }
  ns_stack_drop (self, "reassembly", "not all fragments of datagram id %u from %s arrived "
                 "within %u s: the %" G_GSIZE_FORMAT " bytes received are thrown away "
                 "(reassembly timeout, RFC 1122 3.3.2)%s", r->id, ns_ipv4_to_string (r->src, src),
                 (guint) (NS_IPV4_REASSEMBLY_TIMEOUT / NS_NSEC_PER_SEC), r->received,
                 r->first_header_len > 0
                 ? "; the sender is told (ICMP time exceeded, code 1)"
                 : "; the first fragment never came, so no ICMP error is sent (RFC 792)");
  reasm_remove (r);
}

static NsReasm *
reasm_find (NsReasmTable *table, const NsIpv4Hdr *hdr)
{
  for (guint i = 0; i < table->list->len; i++)
    {
      NsReasm *r = table->list->pdata[i];

      if (r->src == hdr->src && r->dst == hdr->dst && r->proto == hdr->proto && r->id == hdr->id)
        return r;
    }
  return NULL;
}

static NsReasm *
reasm_new (NsReasmTable *table, const NsIpv4Hdr *hdr)
{
  NsReasm *r = g_new0 (NsReasm, 1);

  r->table = table;
  r->src = hdr->src;
  r->dst = hdr->dst;
  r->proto = hdr->proto;
  r->id = hdr->id;
  r->timer = ns_sim_schedule (table->stack->sim, NS_IPV4_REASSEMBLY_TIMEOUT, reasm_expire, r);
  g_ptr_array_add (table->list, r);
  return r;
}

/* Checks a fragment on its own: FALSE (and a drop recorded) if no
 * datagram could contain it. */
static gboolean
fragment_valid (NsStack *self, const NsIpv4Hdr *hdr, gsize off, gsize len)
{
  char src[16];

  if (hdr->more_frags && (len == 0 || len % 8 != 0))
    {
      ns_stack_drop (self, "malformed", "fragment of datagram id %u from %s carries %"
                     G_GSIZE_FORMAT " bytes with more fragments to follow: every fragment but "
                     "the last carries a multiple of 8 bytes (RFC 791 §3.2)", hdr->id,
                     ns_ipv4_to_string (hdr->src, src), len);
      return FALSE;
    }
  if (off + len > MAX_DATA)
    {
      ns_stack_drop (self, "malformed", "fragment of datagram id %u from %s ends at byte %"
                     G_GSIZE_FORMAT ": the whole datagram would be longer than the 65535 bytes "
                     "IPv4's total length can say (RFC 791 §3.1)", hdr->id,
                     ns_ipv4_to_string (hdr->src, src), off + len);
      return FALSE;
    }
  return TRUE;
}

/* A fragment that contradicts the datagram's end: FALSE. */
static gboolean
end_consistent (NsReasm *r, const NsIpv4Hdr *hdr, gsize end)
{
  if (r->have_last)
    return end < r->total || (end == r->total && !hdr->more_frags);
  return hdr->more_frags || end >= r->max_end;
}

/* Copies the blocks of [off, end) that have not arrived yet. */
static void
reasm_fill (NsReasm *r, const guint8 *payload, gsize off, gsize end)
{
  if (end > r->cap)
    {
      r->data = g_realloc (r->data, end);
      memset (r->data + r->cap, 0, end - r->cap);
      r->cap = end;
    }
  for (gsize b = off / 8; b * 8 < end; b++)
    {
      gsize from = b * 8, to = MIN (from + 8, end);

      if (r->filled[b / 8] & (1u << (b % 8)))
        continue;
      memcpy (r->data + from, payload + (from - off), to - from);
      r->filled[b / 8] |= (guint8) (1u << (b % 8));
      r->blocks_filled++;
      r->received += to - from;
    }
  r->max_end = MAX (r->max_end, end);
}

/* The whole datagram: fragment zero's header with the total length and
 * fragment fields rewritten, then the data. NULL if too long. */
static NsPacket *
reasm_build (NsStack *self, NsReasm *r, NsIpv4Hdr *hdr_out)
{
  gsize hlen = r->first_header_len;
  NsPacket *packet;
  guint8 *h;
  char src[16];

  if (hlen + r->total > 65535)
    {
      ns_stack_drop (self, "malformed", "the fragments of datagram id %u from %s add up to %"
                     G_GSIZE_FORMAT " bytes with its header, more than IPv4's 65535 (RFC 791 "
                     "§3.1): thrown away", r->id, ns_ipv4_to_string (r->src, src), hlen + r->total);
      return NULL;
    }
  packet = ns_packet_new (NS_PACKET_HEADROOM, hlen + r->total);
  h = packet->data;
  memcpy (h, r->first_header, hlen);
  memcpy (h + hlen, r->data, r->total);
  ns_wire_put_u16 (h + 2, (guint16) (hlen + r->total));
  ns_wire_put_u16 (h + 6, ns_wire_get_u16 (h + 6) & 0x4000);   /* keep DF only */
  ns_wire_put_u16 (h + 10, 0);
  ns_wire_put_u16 (h + 10, ns_checksum (h, hlen));
  if (!ns_ipv4_parse (h, packet->len, hdr_out, NULL))
    {
      ns_packet_unref (packet);
      return NULL;
    }
  return packet;
}

NsPacket *
ns_ipv4_reassemble (NsStack *self, const NsIpv4Hdr *hdr, NsPacket *packet, NsIpv4Hdr *hdr_out)
{
  NsReasmTable *table = table_get (self);
  gsize off = (gsize) hdr->frag_offset * 8;
  gsize len = hdr->total_len - hdr->header_len;
  const guint8 *payload = packet->data + hdr->header_len;
  NsPacket *whole = NULL;
  NsReasm *r;
  char src[16];

  if (!fragment_valid (self, hdr, off, len))
    goto out;
  r = reasm_find (table, hdr);
  if (r == NULL)
    {
      if (table->list->len >= NS_IPV4_MAX_REASSEMBLIES)
        {
          ns_stack_drop (self, "reassembly", "%s is already reassembling %u datagrams, its "
                         "limit: the fragment of datagram id %u from %s is thrown away (RFC "
                         "1122 3.3.2 lets a host bound its reassembly buffers)", self->node_id,
                         NS_IPV4_MAX_REASSEMBLIES, hdr->id, ns_ipv4_to_string (hdr->src, src));
          goto out;
        }
      r = reasm_new (table, hdr);
    }
  if (!end_consistent (r, hdr, off + len))
    {
      ns_stack_drop (self, "reassembly", "a fragment of datagram id %u from %s disagrees with "
                     "the others about where the datagram ends: all its fragments are thrown "
                     "away (RFC 791 §3.2)", hdr->id, ns_ipv4_to_string (hdr->src, src));
      reasm_remove (r);
      goto out;
    }
  if (!hdr->more_frags)
    {
      r->have_last = TRUE;
      r->total = off + len;
    }
  if (off == 0 && r->first_header_len == 0)
    {
      memcpy (r->first_header, packet->data, hdr->header_len);
      r->first_header_len = hdr->header_len;
    }
  reasm_fill (r, payload, off, off + len);
  if (r->have_last && r->first_header_len > 0 && r->blocks_filled == (r->total + 7) / 8)
    {
      whole = reasm_build (self, r, hdr_out);
      reasm_remove (r);
    }
out:
  ns_packet_unref (packet);
  return whole;
}

guint
ns_ipv4_n_reassemblies (NsStack *self)
{
  NsReasmTable *table = self->reassembly;

  return table != NULL ? table->list->len : 0;
}
