/* tcp-wire.c: TCP header codec, RFC 9293 §3.1-3.2. */
#include "net/wire/tcp-wire.h"

#include <string.h>

#include "net/wire/checksum.h"

G_DEFINE_QUARK (ns-tcp-wire-error-quark, ns_tcp_wire_error)

static guint16
get16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static guint32
get32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static void
put16 (guint8 *p, guint16 v)
{
  p[0] = v >> 8;
  p[1] = (guint8) v;
}

static void
put32 (guint8 *p, guint32 v)
{
  p[0] = v >> 24;
  p[1] = (guint8) (v >> 16);
  p[2] = (guint8) (v >> 8);
  p[3] = (guint8) v;
}

/* RFC 9293 §3.2: each option with a length field must have exactly the
 * length its kind defines. */
static gboolean
option_len_ok (guint8 kind, guint8 len)
{
  switch (kind)
    {
    case NS_TCP_OPT_MSS:
      return len == 4;
    case NS_TCP_OPT_WSCALE:
      return len == 3;
    case NS_TCP_OPT_SACK_PERM:
      return len == 2;
    case NS_TCP_OPT_TIMESTAMP:
      return len == 10;
    case NS_TCP_OPT_SACK:
      return len >= 10 && (len - 2) % 8 == 0;
    default:
      return len >= 2;
    }
}

static void
store_option (NsTcpHeader *out, const guint8 *opt)
{
  switch (opt[0])
    {
    case NS_TCP_OPT_MSS:
      out->has_mss = TRUE;
      out->mss = get16 (opt + 2);
      break;
    case NS_TCP_OPT_WSCALE:
      out->has_wscale = TRUE;
      out->wscale = opt[2];
      break;
    case NS_TCP_OPT_SACK_PERM:
      out->sack_permitted = TRUE;
      break;
    case NS_TCP_OPT_TIMESTAMP:
      out->has_timestamps = TRUE;
      out->ts_val = get32 (opt + 2);
      out->ts_ecr = get32 (opt + 6);
      break;
    case NS_TCP_OPT_SACK:
      for (guint b = 0; b < (guint) (opt[1] - 2) / 8 && out->n_sack < NS_TCP_MAX_SACK_BLOCKS; b++)
        {
          out->sack_left[out->n_sack] = get32 (opt + 2 + 8 * b);
          out->sack_right[out->n_sack] = get32 (opt + 6 + 8 * b);
          out->n_sack++;
        }
      break;
    default:
      /* Unknown options are skipped by their length (RFC 9293 §3.2). */
      break;
    }
}

static gboolean
parse_options (const guint8 *p, gsize len, NsTcpHeader *out, GError **error)
{
  gsize i = 0;

  while (i < len)
    {
      guint8 kind = p[i];
      guint8 olen;

      if (kind == NS_TCP_OPT_EOL)
        break;
      if (kind == NS_TCP_OPT_NOP)
        {
          i++;
          continue;
        }
      if (i + 1 >= len)
        {
          g_set_error (error, NS_TCP_WIRE_ERROR, NS_TCP_WIRE_ERROR_BAD_OPTION,
                       "TCP option %u at offset %" G_GSIZE_FORMAT " has no length byte",
                       kind, 20 + i);
          return FALSE;
        }
      olen = p[i + 1];
      if (!option_len_ok (kind, olen) || i + olen > len)
        {
          g_set_error (error, NS_TCP_WIRE_ERROR, NS_TCP_WIRE_ERROR_BAD_OPTION,
                       "TCP option %u at offset %" G_GSIZE_FORMAT " has bad length %u",
                       kind, 20 + i, olen);
          return FALSE;
        }
      store_option (out, p + i);
      i += olen;
    }
  return TRUE;
}

gboolean
ns_tcp_header_parse (const guint8 *data, gsize len, NsTcpHeader *out, GError **error)
{
  guint header_len;

  g_return_val_if_fail (out != NULL, FALSE);
  memset (out, 0, sizeof *out);
  if (data == NULL || len < NS_TCP_HEADER_MIN_LEN)
    {
      g_set_error (error, NS_TCP_WIRE_ERROR, NS_TCP_WIRE_ERROR_TRUNCATED,
                   "TCP segment of %" G_GSIZE_FORMAT " bytes is shorter than a header (20)",
                   data == NULL ? 0 : len);
      return FALSE;
    }
  header_len = (guint) (data[12] >> 4) * 4;
  if (header_len < NS_TCP_HEADER_MIN_LEN || header_len > len)
    {
      g_set_error (error, NS_TCP_WIRE_ERROR, NS_TCP_WIRE_ERROR_BAD_OFFSET,
                   "TCP data offset %u bytes is outside the segment (%" G_GSIZE_FORMAT
                   " bytes)", header_len, len);
      return FALSE;
    }
  out->src_port = get16 (data);
  out->dst_port = get16 (data + 2);
  out->seq = get32 (data + 4);
  out->ack = get32 (data + 8);
  out->header_len = (guint8) header_len;
  out->flags = data[13];
  out->window = get16 (data + 14);
  out->checksum = get16 (data + 16);
  out->urgent = get16 (data + 18);
  return parse_options (data + NS_TCP_HEADER_MIN_LEN, header_len - NS_TCP_HEADER_MIN_LEN,
                        out, error);
}

static gsize
options_len (const NsTcpHeader *hdr)
{
  gsize n = 0;

  if (hdr->has_mss)
    n += 4;
  if (hdr->has_wscale)
    n += 4;   /* NOP + 3 */
  if (hdr->sack_permitted)
    n += 4;   /* NOP NOP + 2 */
  if (hdr->has_timestamps)
    n += 12;  /* NOP NOP + 10 */
  if (hdr->n_sack > 0)
    n += 4 + 8 * (gsize) MIN (hdr->n_sack, (40 - n - 4) / 8);   /* NOP NOP + 2 + 8 each */
  return n;
}

gsize
ns_tcp_header_emit_len (const NsTcpHeader *hdr)
{
  return NS_TCP_HEADER_MIN_LEN + options_len (hdr);
}

static guint8 *
emit_options (const NsTcpHeader *hdr, guint8 *p)
{
  const guint8 *start = p;

  if (hdr->has_mss)
    {
      p[0] = NS_TCP_OPT_MSS;
      p[1] = 4;
      put16 (p + 2, hdr->mss);
      p += 4;
    }
  if (hdr->has_wscale)
    {
      p[0] = NS_TCP_OPT_NOP;
      p[1] = NS_TCP_OPT_WSCALE;
      p[2] = 3;
      p[3] = hdr->wscale;
      p += 4;
    }
  if (hdr->sack_permitted)
    {
      p[0] = p[1] = NS_TCP_OPT_NOP;
      p[2] = NS_TCP_OPT_SACK_PERM;
      p[3] = 2;
      p += 4;
    }
  if (hdr->has_timestamps)
    {
      p[0] = p[1] = NS_TCP_OPT_NOP;
      p[2] = NS_TCP_OPT_TIMESTAMP;
      p[3] = 10;
      put32 (p + 4, hdr->ts_val);
      put32 (p + 8, hdr->ts_ecr);
      p += 12;
    }
  if (hdr->n_sack > 0)
    {
      gsize room = 40 - (gsize) (p - start) - 4;
      guint n = (guint) MIN (hdr->n_sack, room / 8);

      p[0] = p[1] = NS_TCP_OPT_NOP;
      p[2] = NS_TCP_OPT_SACK;
      p[3] = (guint8) (2 + 8 * n);
      for (guint b = 0; b < n; b++)
        {
          put32 (p + 4 + 8 * b, hdr->sack_left[b]);
          put32 (p + 8 + 8 * b, hdr->sack_right[b]);
        }
      p += 4 + 8 * n;
    }
  return p;
}

gsize
ns_tcp_header_emit (const NsTcpHeader *hdr, guint8 *out)
{
  gsize len = ns_tcp_header_emit_len (hdr);

  put16 (out, hdr->src_port);
  put16 (out + 2, hdr->dst_port);
  put32 (out + 4, hdr->seq);
  put32 (out + 8, hdr->ack);
  out[12] = (guint8) ((len / 4) << 4);
  out[13] = hdr->flags;
  put16 (out + 14, hdr->window);
  put16 (out + 16, hdr->checksum);
  put16 (out + 18, hdr->urgent);
  emit_options (hdr, out + NS_TCP_HEADER_MIN_LEN);
  return len;
}

void
ns_tcp_checksum_fill (guint8 *segment, gsize len, guint32 src, guint32 dst)
{
  g_return_if_fail (len >= NS_TCP_HEADER_MIN_LEN);
  put16 (segment + 16, 0);
  put16 (segment + 16, ns_checksum_pseudo (src, dst, 6, segment, len));
}

gboolean
ns_tcp_checksum_valid (const guint8 *segment, gsize len, guint32 src, guint32 dst)
{
  /* A segment holding a correct checksum sums to zero (RFC 1071). */
  return len >= NS_TCP_HEADER_MIN_LEN && ns_checksum_pseudo (src, dst, 6, segment, len) == 0;
}

const char *
ns_tcp_flags_to_string (guint8 flags, char *buf, gsize buf_len)
{
  static const char *const names[] = { "FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR" };
  /* Shown in the order people say them: SYN,ACK rather than bit order. */
  static const guint order[] = { 1, 2, 0, 3, 4, 5, 6, 7 };
  gsize used = 0;

  g_return_val_if_fail (buf != NULL && buf_len > 0, "");
  buf[0] = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      if (!(flags & (1u << order[i])))
        continue;
      used += (gsize) g_snprintf (buf + MIN (used, buf_len - 1), buf_len - MIN (used, buf_len - 1),
                                  "%s%s", used > 0 ? "," : "", names[order[i]]);
    }
  return buf;
}
