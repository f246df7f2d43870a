/* tcp-wire.h: the TCP segment header and its options (RFC 9293 §3.1,
 * §3.2), parsed from bytes with every length checked and emitted to bytes.
 *
 * Parsing is total: a truncated header, a data offset that points outside
 * the segment or an option whose length runs past the header is an error
 * value, never a read out of bounds. Options this stack does not use
 * (window scale, SACK, timestamps; RFC 7323, RFC 2018) are still decoded so
 * that a learner sees them in the inspector and the stack can ignore them. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define NS_TCP_HEADER_MIN_LEN 20
#define NS_TCP_HEADER_MAX_LEN 60

/* Control bits, RFC 9293 §3.1 (CWR/ECE from RFC 3168). */
#define NS_TCP_FIN 0x01
#define NS_TCP_SYN 0x02
#define NS_TCP_RST 0x04
#define NS_TCP_PSH 0x08
#define NS_TCP_ACK 0x10
#define NS_TCP_URG 0x20
#define NS_TCP_ECE 0x40
#define NS_TCP_CWR 0x80

/* Option kinds, RFC 9293 §3.2 and the IANA registry. */
#define NS_TCP_OPT_EOL       0
#define NS_TCP_OPT_NOP       1
#define NS_TCP_OPT_MSS       2
#define NS_TCP_OPT_WSCALE    3
#define NS_TCP_OPT_SACK_PERM 4
#define NS_TCP_OPT_SACK      5
#define NS_TCP_OPT_TIMESTAMP 8

/* At most four SACK blocks fit in 40 bytes of options (RFC 2018 3). */
#define NS_TCP_MAX_SACK_BLOCKS 4

typedef enum {
  NS_TCP_WIRE_ERROR_TRUNCATED,    /* fewer bytes than the header needs */
  NS_TCP_WIRE_ERROR_BAD_OFFSET,   /* data offset < 5 or beyond the segment */
  NS_TCP_WIRE_ERROR_BAD_OPTION,   /* an option's length is wrong */
} NsTcpWireError;

#define NS_TCP_WIRE_ERROR (ns_tcp_wire_error_quark ())
GQuark ns_tcp_wire_error_quark (void);

typedef struct {
  guint16  src_port;
  guint16  dst_port;
  guint32  seq;
  guint32  ack;
  guint8   header_len;    /* data offset in bytes (20..60) */
  guint8   flags;         /* NS_TCP_FIN | ... */
  guint16  window;
  guint16  checksum;
  guint16  urgent;
  /* Options. */
  gboolean has_mss;
  guint16  mss;
  gboolean has_wscale;
  guint8   wscale;
  gboolean sack_permitted;
  gboolean has_timestamps;
  guint32  ts_val;
  guint32  ts_ecr;
  /* SACK blocks (RFC 2018 3): left edge, and right edge (the number after
   * the last byte); emitted after the other options, as many as fit. */
  guint8   n_sack;
  guint32  sack_left[NS_TCP_MAX_SACK_BLOCKS];
  guint32  sack_right[NS_TCP_MAX_SACK_BLOCKS];
} NsTcpHeader;

/* Parses the header at the start of @data (@len bytes: the whole segment).
 * On success the payload is data[header_len .. len). */
gboolean  ns_tcp_header_parse (const guint8 *data, gsize len, NsTcpHeader *out, GError **error);

/* The bytes ns_tcp_header_emit writes: 20 plus the options, padded to a
 * multiple of 4. Options emitted: MSS (when has_mss), window scale, SACK
 * permitted, timestamps, in that order. */
gsize     ns_tcp_header_emit_len (const NsTcpHeader *hdr);
/* Writes the header (ignoring hdr->header_len, computing it) with the
 * checksum field as in @hdr; returns the bytes written. @out must hold
 * ns_tcp_header_emit_len (hdr) bytes. */
gsize     ns_tcp_header_emit (const NsTcpHeader *hdr, guint8 *out);

/* Computes and stores the checksum of @segment (header + payload, @len
 * bytes) over the IPv4 pseudo-header (RFC 9293 §3.1). Addresses in host
 * byte order. */
void      ns_tcp_checksum_fill (guint8 *segment, gsize len, guint32 src, guint32 dst);
/* TRUE when the checksum of a received segment is right. */
gboolean  ns_tcp_checksum_valid (const guint8 *segment, gsize len, guint32 src, guint32 dst);

/* "SYN,ACK" style text of @flags into @buf (at least 32 bytes). */
const char *ns_tcp_flags_to_string (guint8 flags, char *buf, gsize buf_len);

G_END_DECLS
