/* checksum.c: the Internet checksum, RFC 1071. */
#include "net/wire/checksum.h"

guint32
ns_checksum_partial (const void *data, gsize len, guint32 sum)
{
  const guint8 *p = data;
  guint64 acc = sum;

  for (; len >= 2; p += 2, len -= 2)
    acc += (guint32) p[0] << 8 | p[1];
  /* RFC 1071 §4.1: an odd last byte is padded with a zero byte. */
  if (len == 1)
    acc += (guint32) p[0] << 8;
  while (acc >> 16)
    acc = (acc & 0xffff) + (acc >> 16);
  return (guint32) acc;
}

guint16
ns_checksum_finish (guint32 sum)
{
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (guint16) ~sum;
}

guint16
ns_checksum (const void *data, gsize len)
{
  return ns_checksum_finish (ns_checksum_partial (data, len, 0));
}

guint16
ns_checksum_pseudo (guint32 src, guint32 dst, guint8 proto, const void *data, gsize len)
{
  guint8 pseudo[12] = {
    src >> 24, src >> 16, src >> 8, src,
    dst >> 24, dst >> 16, dst >> 8, dst,
    0, proto, (guint8) (len >> 8), (guint8) len,
  };
  guint32 sum = ns_checksum_partial (pseudo, sizeof pseudo, 0);

  return ns_checksum_finish (ns_checksum_partial (data, len, sum));
}
