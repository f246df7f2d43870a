/* wire.h: what every wire codec of src/net/wire/ shares: the error domain
 * and big-endian byte access.
 *
 * The codecs follow smoltcp's wire module: a parsed representation struct
 * in host byte order, ns_X_parse() that checks every length and field
 * before reading (a hostile packet is an error value, never a crash), and
 * ns_X_emit() that writes the header bytes, checksums included where the
 * header is self-contained. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define NS_WIRE_ERROR (ns_wire_error_quark ())

typedef enum {
  NS_WIRE_ERROR_TRUNCATED,    /* fewer bytes than a header or length field needs */
  NS_WIRE_ERROR_MALFORMED,    /* a field holds a value the RFC forbids */
  NS_WIRE_ERROR_CHECKSUM,     /* the checksum does not verify */
  NS_WIRE_ERROR_UNSUPPORTED,  /* valid but not handled (e.g. ARP for another hardware) */
} NsWireError;

GQuark ns_wire_error_quark (void);

/* Flags for the ns_X_parse_flags() variants. */
typedef enum {
  NS_WIRE_PARSE_DEFAULT         = 0,
  /* Do not verify the checksum (it is still reported in the struct). */
  NS_WIRE_PARSE_NO_CHECKSUM     = 1 << 0,
  /* Accept a length field that claims more bytes than the buffer holds:
   * for headers quoted inside ICMP errors, which carry only the IP header
   * and 8 bytes of payload (RFC 792). Implies NO_CHECKSUM for the
   * checksums that cover the missing bytes. */
  NS_WIRE_PARSE_ALLOW_TRUNCATED = 1 << 1,
} NsWireParseFlags;

static inline guint16
ns_wire_get_u16 (const guint8 *p)
{
  return (guint16) ((guint16) p[0] << 8 | p[1]);
}

static inline guint32
ns_wire_get_u32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static inline void
ns_wire_put_u16 (guint8 *p, guint16 v)
{
  p[0] = (guint8) (v >> 8);
  p[1] = (guint8) v;
}

static inline void
ns_wire_put_u32 (guint8 *p, guint32 v)
{
  p[0] = (guint8) (v >> 24);
  p[1] = (guint8) (v >> 16);
  p[2] = (guint8) (v >> 8);
  p[3] = (guint8) v;
}

G_END_DECLS
