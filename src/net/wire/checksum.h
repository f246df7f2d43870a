/* checksum.h: the Internet checksum (RFC 1071), used by IPv4 (RFC 791 §3.1),
 * ICMP (RFC 792), UDP (RFC 768) and TCP (RFC 9293 §3.1). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Ones'-complement sum of 16-bit big-endian words, folded, not inverted:
 * add partial sums together with ns_checksum_fold to combine. */
guint32  ns_checksum_partial (const void *data, gsize len, guint32 sum);
/* Folds a partial sum and inverts it: the value to put in the header field
 * (host byte order; store it big-endian). */
guint16  ns_checksum_finish (guint32 sum);
/* The checksum of @data alone. A buffer containing a correct checksum field
 * sums to 0. */
guint16  ns_checksum (const void *data, gsize len);
/* Checksum over the IPv4 pseudo-header (RFC 768, RFC 9293 §3.1) and the
 * transport segment @data of @len bytes. Addresses in host byte order. */
guint16  ns_checksum_pseudo (guint32 src, guint32 dst, guint8 proto, const void *data, gsize len);

G_END_DECLS
