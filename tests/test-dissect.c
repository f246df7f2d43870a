/* test-dissect.c: the packet inspector's dissection and the trace's
 * summaries and labels, on frames of a whole exchange (ARP, ping, a
 * traceroute probe's TTL exceeded, UDP, DNS, a TCP handshake and an HTTP
 * request and response), each checked with Wireshark beforehand: no
 * malformed field, no bad checksum. Then every truncation and many
 * corruptions of each frame, which must be dissected and summarised
 * without a crash (run under AddressSanitizer). */
#include <string.h>

#include "net/dissect.h"
#include "net/summary.h"
#include "net/wire/checksum.h"
#include "net/wire/ethernet.h"
#include "net/wire/ipv4-wire.h"
#include "net/wire/udp-wire.h"
#include "net/wire/wire.h"

/* arp_req */
static const guint8 frame_arp_req[] = {
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x05,
  0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x02, 0x00,
  0x00, 0x00, 0x00, 0x05, 0x0a, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x0a, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* arp_rep */
static const guint8 frame_arp_rep[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x05, 0x02, 0x00, 0x00, 0x00, 0x00, 0x03,
  0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x02, 0x02, 0x00,
  0x00, 0x00, 0x00, 0x03, 0x0a, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00,
  0x00, 0x05, 0x0a, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* ping */
static const guint8 frame_ping[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x03, 0x02, 0x00, 0x00, 0x00, 0x00, 0x05,
  0x08, 0x00, 0x45, 0x00, 0x00, 0x54, 0x12, 0x34, 0x40, 0x00, 0x40, 0x01,
  0x13, 0x21, 0x0a, 0x00, 0x00, 0x05, 0x0a, 0x00, 0x01, 0x50, 0x08, 0x00,
  0x3f, 0x28, 0x00, 0x01, 0x00, 0x02, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15,
  0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21,
  0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d,
  0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39,
  0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45,
  0x46, 0x47,
};

/* pong */
static const guint8 frame_pong[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x05, 0x02, 0x00, 0x00, 0x00, 0x00, 0x03,
  0x08, 0x00, 0x45, 0x00, 0x00, 0x54, 0x43, 0x21, 0x00, 0x00, 0x3e, 0x01,
  0x24, 0x34, 0x0a, 0x00, 0x01, 0x50, 0x0a, 0x00, 0x00, 0x05, 0x00, 0x00,
  0x47, 0x28, 0x00, 0x01, 0x00, 0x02, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15,
  0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21,
  0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d,
  0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39,
  0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45,
  0x46, 0x47,
};

/* ttlx */
static const guint8 frame_ttlx[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x05, 0x02, 0x00, 0x00, 0x00, 0x00, 0x03,
  0x08, 0x00, 0x45, 0x00, 0x00, 0x38, 0x01, 0x00, 0x00, 0x00, 0x40, 0x01,
  0x65, 0xc0, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x05, 0x0b, 0x00,
  0x0a, 0x8e, 0x00, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x3c, 0x00, 0x07,
  0x40, 0x00, 0x01, 0x11, 0x64, 0x56, 0x0a, 0x00, 0x00, 0x05, 0x0a, 0x00,
  0x01, 0x50, 0xc0, 0x00, 0x82, 0x9a, 0x00, 0x28, 0xa7, 0xae,
};

/* udp */
static const guint8 frame_udp[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x03, 0x02, 0x00, 0x00, 0x00, 0x00, 0x05,
  0x08, 0x00, 0x45, 0x00, 0x00, 0xe4, 0x00, 0x02, 0x40, 0x00, 0x40, 0x11,
  0x24, 0xb3, 0x0a, 0x00, 0x00, 0x05, 0x0a, 0x00, 0x01, 0x50, 0xc0, 0x00,
  0x00, 0x07, 0x00, 0xd0, 0x55, 0xbb, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05,
  0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11,
  0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d,
  0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29,
  0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35,
  0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x41,
  0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d,
  0x4e, 0x4f, 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59,
  0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f, 0x60, 0x61, 0x62, 0x63, 0x64, 0x65,
  0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71,
  0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x7b, 0x7c, 0x7d,
  0x7e, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
  0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95,
  0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1,
  0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad,
  0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9,
  0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5,
  0xc6, 0xc7,
};

/* dnsq */
static const guint8 frame_dnsq[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x03, 0x02, 0x00, 0x00, 0x00, 0x00, 0x05,
  0x08, 0x00, 0x45, 0x00, 0x00, 0x3d, 0x00, 0x03, 0x40, 0x00, 0x40, 0x11,
  0x26, 0x74, 0x0a, 0x00, 0x00, 0x05, 0x0a, 0x00, 0x00, 0x35, 0xc0, 0x00,
  0x00, 0x35, 0x00, 0x29, 0xc6, 0xa5, 0x1a, 0x2b, 0x01, 0x00, 0x00, 0x01,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x77, 0x77, 0x77, 0x07, 0x65,
  0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x03, 0x63, 0x6f, 0x6d, 0x00, 0x00,
  0x01, 0x00, 0x01,
};

/* dnsr */
static const guint8 frame_dnsr[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x05, 0x02, 0x00, 0x00, 0x00, 0x00, 0x03,
  0x08, 0x00, 0x45, 0x00, 0x00, 0x4d, 0x00, 0x04, 0x40, 0x00, 0x40, 0x11,
  0x26, 0x63, 0x0a, 0x00, 0x00, 0x35, 0x0a, 0x00, 0x00, 0x05, 0x00, 0x35,
  0xc0, 0x00, 0x00, 0x39, 0xb7, 0x37, 0x1a, 0x2b, 0x81, 0x80, 0x00, 0x01,
  0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x03, 0x77, 0x77, 0x77, 0x07, 0x65,
  0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x03, 0x63, 0x6f, 0x6d, 0x00, 0x00,
  0x01, 0x00, 0x01, 0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x01,
  0x2c, 0x00, 0x04, 0x0a, 0x00, 0x01, 0x50,
};

/* syn */
static const guint8 frame_syn[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x03, 0x02, 0x00, 0x00, 0x00, 0x00, 0x05,
  0x08, 0x00, 0x45, 0x00, 0x00, 0x3c, 0x00, 0x10, 0x40, 0x00, 0x40, 0x06,
  0x25, 0x58, 0x0a, 0x00, 0x00, 0x05, 0x0a, 0x00, 0x01, 0x50, 0xc0, 0x00,
  0x00, 0x50, 0x11, 0x22, 0x33, 0x44, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x02,
  0xff, 0xff, 0x2a, 0x0d, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02,
  0x08, 0x0a, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03,
  0x03, 0x07,
};

/* synack */
static const guint8 frame_synack[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x05, 0x02, 0x00, 0x00, 0x00, 0x00, 0x03,
  0x08, 0x00, 0x45, 0x00, 0x00, 0x3c, 0x00, 0x20, 0x40, 0x00, 0x40, 0x06,
  0x25, 0x48, 0x0a, 0x00, 0x01, 0x50, 0x0a, 0x00, 0x00, 0x05, 0x00, 0x50,
  0xc0, 0x00, 0xff, 0xff, 0xff, 0xf0, 0x11, 0x22, 0x33, 0x45, 0xa0, 0x12,
  0xff, 0xff, 0x2a, 0x0b, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02,
  0x08, 0x0a, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03,
  0x03, 0x07,
};

/* ack */
static const guint8 frame_ack[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x03, 0x02, 0x00, 0x00, 0x00, 0x00, 0x05,
  0x08, 0x00, 0x45, 0x00, 0x00, 0x28, 0x00, 0x11, 0x40, 0x00, 0x40, 0x06,
  0x25, 0x6b, 0x0a, 0x00, 0x00, 0x05, 0x0a, 0x00, 0x01, 0x50, 0xc0, 0x00,
  0x00, 0x50, 0x11, 0x22, 0x33, 0x45, 0xff, 0xff, 0xff, 0xf1, 0x50, 0x10,
  0xff, 0xff, 0x95, 0xd6, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* get */
static const guint8 frame_get[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x03, 0x02, 0x00, 0x00, 0x00, 0x00, 0x05,
  0x08, 0x00, 0x45, 0x00, 0x00, 0x68, 0x00, 0x12, 0x40, 0x00, 0x40, 0x06,
  0x25, 0x2a, 0x0a, 0x00, 0x00, 0x05, 0x0a, 0x00, 0x01, 0x50, 0xc0, 0x00,
  0x00, 0x50, 0x11, 0x22, 0x33, 0x45, 0xff, 0xff, 0xff, 0xf1, 0x50, 0x18,
  0xff, 0xff, 0x8b, 0x19, 0x00, 0x00, 0x47, 0x45, 0x54, 0x20, 0x2f, 0x20,
  0x48, 0x54, 0x54, 0x50, 0x2f, 0x31, 0x2e, 0x31, 0x0d, 0x0a, 0x48, 0x6f,
  0x73, 0x74, 0x3a, 0x20, 0x77, 0x77, 0x77, 0x2e, 0x65, 0x78, 0x61, 0x6d,
  0x70, 0x6c, 0x65, 0x2e, 0x63, 0x6f, 0x6d, 0x0d, 0x0a, 0x55, 0x73, 0x65,
  0x72, 0x2d, 0x41, 0x67, 0x65, 0x6e, 0x74, 0x3a, 0x20, 0x6e, 0x65, 0x74,
  0x73, 0x6b, 0x65, 0x74, 0x63, 0x68, 0x0d, 0x0a, 0x0d, 0x0a,
};

/* resp */
static const guint8 frame_resp[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x05, 0x02, 0x00, 0x00, 0x00, 0x00, 0x03,
  0x08, 0x00, 0x45, 0x00, 0x00, 0x70, 0x00, 0x21, 0x40, 0x00, 0x40, 0x06,
  0x25, 0x13, 0x0a, 0x00, 0x01, 0x50, 0x0a, 0x00, 0x00, 0x05, 0x00, 0x50,
  0xc0, 0x00, 0xff, 0xff, 0xff, 0xf1, 0x11, 0x22, 0x33, 0x85, 0x50, 0x18,
  0xff, 0xff, 0x30, 0x69, 0x00, 0x00, 0x48, 0x54, 0x54, 0x50, 0x2f, 0x31,
  0x2e, 0x31, 0x20, 0x32, 0x30, 0x30, 0x20, 0x4f, 0x4b, 0x0d, 0x0a, 0x43,
  0x6f, 0x6e, 0x74, 0x65, 0x6e, 0x74, 0x2d, 0x4c, 0x65, 0x6e, 0x67, 0x74,
  0x68, 0x3a, 0x20, 0x36, 0x30, 0x30, 0x30, 0x0d, 0x0a, 0x43, 0x6f, 0x6e,
  0x74, 0x65, 0x6e, 0x74, 0x2d, 0x54, 0x79, 0x70, 0x65, 0x3a, 0x20, 0x74,
  0x65, 0x78, 0x74, 0x2f, 0x68, 0x74, 0x6d, 0x6c, 0x0d, 0x0a, 0x0d, 0x0a,
  0x3c, 0x68, 0x74, 0x6d, 0x6c, 0x3e,
};

/* ack1461 */
static const guint8 frame_ack1461[] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x05, 0x02, 0x00, 0x00, 0x00, 0x00, 0x03,
  0x08, 0x00, 0x45, 0x00, 0x00, 0x28, 0x00, 0x22, 0x40, 0x00, 0x40, 0x06,
  0x25, 0x5a, 0x0a, 0x00, 0x01, 0x50, 0x0a, 0x00, 0x00, 0x05, 0x00, 0x50,
  0xc0, 0x00, 0xff, 0xff, 0xff, 0xf1, 0x11, 0x22, 0x38, 0xf9, 0x50, 0x10,
  0xff, 0xff, 0x90, 0x22, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

typedef struct {
  const char   *name;
  const guint8 *bytes;
  gsize         len;
} Frame;

#define FRAME(x) { #x, frame_##x, sizeof frame_##x }

/* In the order they would cross the network. */
static const Frame frames[] = {
  FRAME (arp_req), FRAME (arp_rep), FRAME (ping), FRAME (pong), FRAME (ttlx), FRAME (udp),
  FRAME (dnsq), FRAME (dnsr), FRAME (syn), FRAME (synack), FRAME (ack), FRAME (get),
  FRAME (resp), FRAME (ack1461),
};

/* A data segment 10.0.0.5:49152 -> 10.0.1.80:80, 1460 bytes of 'x',
 * built from the handshake's last ACK with its checksums recomputed. */
static guint8 *
segment_after_ack (guint16 dport, const guint8 *payload, gsize plen, gsize *len_out)
{
  gsize len = 54 + plen;  /* frame_ack without its 6 bytes of padding */
  guint8 *f = g_malloc0 (len);

  memcpy (f, frame_ack, 54);
  memcpy (f + 54, payload, plen);
  ns_wire_put_u16 (f + 36, dport);
  ns_wire_put_u16 (f + 16, (guint16) (20 + 20 + plen));
  ns_wire_put_u16 (f + 24, 0);
  ns_wire_put_u16 (f + 24, ns_checksum (f + 14, 20));
  ns_wire_put_u16 (f + 50, 0);
  ns_wire_put_u16 (f + 50, ns_checksum_pseudo (ns_wire_get_u32 (f + 26), ns_wire_get_u32 (f + 30),
                                               6, f + 34, 20 + plen));
  *len_out = len;
  return f;
}

static guint8 *
make_data_segment (gsize *len_out)
{
  guint8 data[1460];

  memset (data, 'x', sizeof data);
  return segment_after_ack (80, data, sizeof data, len_out);
}

#define IP(a, b, c, d) ((guint32)(a) << 24 | (guint32)(b) << 16 | (guint32)(c) << 8 | (guint32)(d))

/* An Ethernet/IPv4/UDP frame around @payload, checksums right (built with
 * the wire codecs, themselves tested byte for byte in test-wire). */
static guint8 *
udp_frame (guint32 src, guint16 sport, guint32 dst, guint16 dport, const guint8 *payload,
           gsize plen, gsize *len_out)
{
  gsize len = 14 + 20 + 8 + plen;
  guint8 *f = g_malloc0 (len + ns_ethernet_padding_len (len));
  NsEthernetHdr eth = { .dst = { 2, 0, 0, 0, 0, 5 }, .src = { 2, 0, 0, 0, 0, 3 },
                        .ethertype = NS_ETHERTYPE_IPV4 };
  NsIpv4Hdr ip;

  ns_ethernet_emit (&eth, f);
  ns_ipv4_hdr_init (&ip, src, dst, 17, 64, 7, 8 + plen);
  ns_ipv4_emit (&ip, f + 14);
  ns_udp_emit (sport, dport, plen, f + 34);
  memcpy (f + 42, payload, plen);
  ns_udp_fill_checksum (f + 34, 8 + plen, src, dst);
  *len_out = len + ns_ethernet_padding_len (len);
  return f;
}

static const NsDissectLayer *
layer_at (const NsDissection *d, guint i)
{
  g_assert_cmpuint (i, <, d->layers->len);
  return g_ptr_array_index (d->layers, i);
}

static const NsDissectField *
field (const NsDissectLayer *layer, const char *name)
{
  const NsDissectField *f = ns_dissect_layer_find_field (layer, name);

  if (f == NULL)
    g_error ("no field %s in layer %s", name, layer->protocol);
  return f;
}

static void
assert_field (const NsDissectLayer *layer, const char *name, const char *value, gsize offset,
              gsize length)
{
  const NsDissectField *f = field (layer, name);

  g_assert_cmpstr (f->value, ==, value);
  g_assert_cmpuint (f->offset, ==, offset);
  g_assert_cmpuint (f->length, ==, length);
  g_assert_false (f->malformed);
}

static void
assert_protocols (const NsDissection *d, const char *expected)
{
  g_autoptr (GString) s = g_string_new (NULL);

  for (guint i = 0; i < d->layers->len; i++)
    g_string_append_printf (s, "%s%s", i ? " " : "", layer_at (d, i)->protocol);
  g_assert_cmpstr (s->str, ==, expected);
}

/* ---- dissection ---- */

static void
test_dissect_arp (void)
{
  g_autoptr (NsDissection) d = ns_dissect_frame (frame_arp_req, sizeof frame_arp_req);
  const NsDissectLayer *eth, *arp;

  assert_protocols (d, "Ethernet ARP");
  g_assert_false (ns_dissection_is_malformed (d));
  eth = layer_at (d, 0);
  g_assert_cmpuint (eth->offset, ==, 0);
  g_assert_cmpuint (eth->length, ==, 60);
  g_assert_cmpuint (eth->header_len, ==, 14);
  g_assert_cmpstr (eth->title, ==,
                   "Ethernet II, Src: 02:00:00:00:00:05, Dst: ff:ff:ff:ff:ff:ff (broadcast)");
  assert_field (eth, "Destination", "ff:ff:ff:ff:ff:ff", 0, 6);
  assert_field (eth, "Source", "02:00:00:00:00:05", 6, 6);
  assert_field (eth, "Type", "0x0806 (ARP)", 12, 2);
  assert_field (eth, "Padding", "18 bytes", 42, 18);
  g_assert_nonnull (field (eth, "Destination")->meaning);

  arp = layer_at (d, 1);
  g_assert_cmpuint (arp->offset, ==, 14);
  g_assert_cmpuint (arp->length, ==, 28);
  g_assert_cmpstr (arp->title, ==, "Address Resolution Protocol (request)");
  assert_field (arp, "Opcode", "request (1)", 20, 2);
  assert_field (arp, "Sender MAC address", "02:00:00:00:00:05", 22, 6);
  assert_field (arp, "Sender IP address", "10.0.0.5", 28, 4);
  assert_field (arp, "Target MAC address", "00:00:00:00:00:00", 32, 6);
  assert_field (arp, "Target IP address", "10.0.0.1", 38, 4);
}

static void
test_dissect_ping (void)
{
  g_autoptr (NsDissection) d = ns_dissect_frame (frame_ping, sizeof frame_ping);
  const NsDissectLayer *ip, *icmp;
  const NsDissectField *flags;

  assert_protocols (d, "Ethernet IPv4 ICMP");
  g_assert_false (ns_dissection_is_malformed (d));
  ip = ns_dissection_find_layer (d, "IPv4");
  g_assert_cmpuint (ip->offset, ==, 14);
  g_assert_cmpuint (ip->length, ==, 84);
  g_assert_cmpuint (ip->header_len, ==, 20);
  g_assert_cmpstr (ip->title, ==, "Internet Protocol Version 4, Src: 10.0.0.5, Dst: 10.0.1.80");
  assert_field (ip, "Version", "4", 14, 1);
  assert_field (ip, "Header length", "20 bytes (IHL 5)", 14, 1);
  assert_field (ip, "Total length", "84", 16, 2);
  assert_field (ip, "Identification", "0x1234 (4660)", 18, 2);
  flags = field (ip, "Flags");
  g_assert_cmpstr (flags->value, ==, "0x2 (don't fragment)");
  g_assert_cmpuint (flags->children->len, ==, 2);
  assert_field (ip, "Don't fragment", "Set (1)", 20, 1);
  assert_field (ip, "Fragment offset", "0", 20, 2);
  assert_field (ip, "Time to live", "64", 22, 1);
  g_assert_cmpstr (field (ip, "Time to live")->meaning, ==,
                   "hops left before a router throws the packet away");
  assert_field (ip, "Protocol", "ICMP (1)", 23, 1);
  assert_field (ip, "Header checksum", "0x1321 (correct)", 24, 2);
  assert_field (ip, "Source address", "10.0.0.5", 26, 4);
  assert_field (ip, "Destination address", "10.0.1.80", 30, 4);

  icmp = ns_dissection_find_layer (d, "ICMP");
  g_assert_cmpuint (icmp->offset, ==, 34);
  g_assert_cmpuint (icmp->length, ==, 64);
  g_assert_cmpstr (icmp->title, ==, "Internet Control Message Protocol (echo request)");
  assert_field (icmp, "Type", "8 (echo request)", 34, 1);
  assert_field (icmp, "Checksum", "0x3f28 (correct)", 36, 2);
  assert_field (icmp, "Identifier", "1 (0x0001)", 38, 2);
  assert_field (icmp, "Sequence number", "2", 40, 2);
  assert_field (icmp, "Data", "56 bytes", 42, 56);
}

static void
test_dissect_ttl_exceeded (void)
{
  g_autoptr (NsDissection) d = ns_dissect_frame (frame_ttlx, sizeof frame_ttlx);
  const NsDissectLayer *quoted_ip, *quoted_udp;

  assert_protocols (d, "Ethernet IPv4 ICMP IPv4 UDP");
  g_assert_false (ns_dissection_is_malformed (d));
  assert_field (layer_at (d, 2), "Type", "11 (time exceeded)", 34, 1);
  g_assert_nonnull (strstr (field (layer_at (d, 2), "Code")->meaning, "TTL reached zero"));
  g_assert_false (layer_at (d, 1)->quoted);
  g_assert_false (layer_at (d, 2)->quoted);
  g_assert_true (layer_at (d, 3)->quoted);
  g_assert_true (layer_at (d, 4)->quoted);
  quoted_ip = layer_at (d, 3);
  g_assert_cmpstr (quoted_ip->title, ==,
                   "Internet Protocol Version 4 (quoted), Src: 10.0.0.5, Dst: 10.0.1.80");
  /* Its total length (60) is more than the quote holds, as RFC 792 wants. */
  g_assert_cmpuint (quoted_ip->offset, ==, 42);
  g_assert_cmpuint (quoted_ip->length, ==, 28);
  assert_field (quoted_ip, "Time to live", "1", 50, 1);
  assert_field (quoted_ip, "Header checksum", "0x6456 (correct)", 52, 2);
  quoted_udp = layer_at (d, 4);
  assert_field (quoted_udp, "Source port", "49152", 62, 2);
  assert_field (quoted_udp, "Destination port", "33434", 64, 2);
  assert_field (quoted_udp, "Length", "40", 66, 2);
}

static void
test_dissect_dns (void)
{
  g_autoptr (NsDissection) d = ns_dissect_frame (frame_dnsr, sizeof frame_dnsr);
  const NsDissectLayer *udp, *dns;
  const NsDissectField *answers, *rr, *questions;

  assert_protocols (d, "Ethernet IPv4 UDP DNS");
  g_assert_false (ns_dissection_is_malformed (d));
  udp = layer_at (d, 2);
  g_assert_cmpstr (udp->title, ==, "User Datagram Protocol, Src Port: 53, Dst Port: 49152");
  assert_field (udp, "Length", "57", 38, 2);
  g_assert_nonnull (g_str_has_suffix (field (udp, "Checksum")->value, "(correct)") ? "" : NULL);

  dns = layer_at (d, 3);
  g_assert_cmpuint (dns->offset, ==, 42);
  g_assert_cmpuint (dns->length, ==, 49);
  g_assert_cmpstr (dns->title, ==, "Domain Name System (response)");
  assert_field (dns, "Transaction ID", "0x1a2b", 42, 2);
  assert_field (dns, "Flags", "0x8180 (response)", 44, 2);
  assert_field (dns, "Recursion desired", "Set (1)", 44, 1);
  assert_field (dns, "Reply code", "NOERROR (0)", 45, 1);
  assert_field (dns, "Answer RRs", "1", 48, 2);

  questions = field (dns, "Queries");
  g_assert_cmpuint (questions->children->len, ==, 1);
  rr = g_ptr_array_index (questions->children, 0);
  g_assert_cmpstr (rr->value, ==, "www.example.com: type A");
  g_assert_cmpuint (rr->offset, ==, 54);
  g_assert_cmpuint (rr->length, ==, 21);

  answers = field (dns, "Answers");
  g_assert_cmpuint (answers->children->len, ==, 1);
  rr = g_ptr_array_index (answers->children, 0);
  g_assert_cmpstr (rr->value, ==, "www.example.com: type A, 10.0.1.80");
  g_assert_cmpuint (rr->offset, ==, 75);
  g_assert_cmpuint (rr->length, ==, 16);
  /* The name is a 2-byte compression pointer to the question's. */
  {
    const NsDissectField *name = g_ptr_array_index (rr->children, 0);

    g_assert_cmpstr (name->name, ==, "Name");
    g_assert_cmpstr (name->value, ==, "www.example.com");
    g_assert_cmpuint (name->offset, ==, 75);
    g_assert_cmpuint (name->length, ==, 2);
  }
  assert_field (dns, "Time to live", "300 s", 81, 4);
  assert_field (dns, "Address", "10.0.1.80", 87, 4);
}

static void
test_dissect_tcp_syn (void)
{
  g_autoptr (NsDissection) d = ns_dissect_frame (frame_syn, sizeof frame_syn);
  const NsDissectLayer *tcp;
  const NsDissectField *opts;

  assert_protocols (d, "Ethernet IPv4 TCP");
  g_assert_false (ns_dissection_is_malformed (d));
  tcp = layer_at (d, 2);
  g_assert_cmpstr (tcp->title, ==,
                   "Transmission Control Protocol, Src Port: 49152, Dst Port: 80, Flags: SYN");
  g_assert_cmpuint (tcp->header_len, ==, 40);
  assert_field (tcp, "Source port", "49152", 34, 2);
  assert_field (tcp, "Destination port", "80", 36, 2);
  assert_field (tcp, "Sequence number", "287454020", 38, 4);
  assert_field (tcp, "Acknowledgment number", "0", 42, 4);
  assert_field (tcp, "Header length", "40 bytes (data offset 10)", 46, 1);
  assert_field (tcp, "Flags", "0x002 (SYN)", 46, 2);
  assert_field (tcp, "SYN", "Set (1)", 47, 1);
  assert_field (tcp, "ACK", "Not set (0)", 47, 1);
  assert_field (tcp, "Window", "65535", 48, 2);
  g_assert_true (g_str_has_suffix (field (tcp, "Checksum")->value, "(correct)"));
  assert_field (tcp, "Urgent pointer", "0", 52, 2);
  opts = field (tcp, "Options");
  g_assert_cmpuint (opts->offset, ==, 54);
  g_assert_cmpuint (opts->length, ==, 20);
  g_assert_cmpuint (opts->children->len, ==, 5);
  assert_field (tcp, "Maximum segment size", "1460 bytes", 54, 4);
  assert_field (tcp, "SACK permitted", "yes", 58, 2);
  assert_field (tcp, "Timestamps", "TSval 1000, TSecr 0", 60, 10);
  assert_field (tcp, "No-operation", "NOP", 70, 1);
  assert_field (tcp, "Window scale", "shift 7 (multiply by 128)", 71, 3);
}

static void
test_dissect_http (void)
{
  g_autoptr (NsDissection) req = ns_dissect_frame (frame_get, sizeof frame_get);
  g_autoptr (NsDissection) resp = ns_dissect_frame (frame_resp, sizeof frame_resp);
  const NsDissectLayer *http;

  assert_protocols (req, "Ethernet IPv4 TCP HTTP");
  g_assert_false (ns_dissection_is_malformed (req));
  http = layer_at (req, 3);
  g_assert_cmpuint (http->offset, ==, 54);
  g_assert_cmpuint (http->length, ==, 64);
  g_assert_cmpuint (http->header_len, ==, 64);
  assert_field (http, "Method", "GET", 54, 3);
  assert_field (http, "Request URI", "/", 58, 1);
  assert_field (http, "Version", "HTTP/1.1", 60, 8);
  assert_field (http, "Host", "www.example.com", 70, 21);
  assert_field (http, "User-Agent", "netsketch", 93, 21);
  g_assert_null (ns_dissect_layer_find_field (http, "Body"));

  assert_protocols (resp, "Ethernet IPv4 TCP HTTP");
  g_assert_false (ns_dissection_is_malformed (resp));
  http = layer_at (resp, 3);
  assert_field (http, "Version", "HTTP/1.1", 54, 8);
  assert_field (http, "Status code", "200", 63, 3);
  assert_field (http, "Reason phrase", "OK", 67, 2);
  assert_field (http, "Content-Length", "6000", 71, 20);
  assert_field (http, "Body", "<html> (6 bytes)", 120, 6);
  g_assert_cmpuint (http->header_len, ==, 66);
}

static void
test_dissect_data (void)
{
  gsize len;
  g_autofree guint8 *f = make_data_segment (&len);
  g_autoptr (NsDissection) d = ns_dissect_frame (f, len);

  /* Port 80 but not the start of an HTTP message: plain TCP payload. */
  assert_protocols (d, "Ethernet IPv4 TCP Payload");
  g_assert_false (ns_dissection_is_malformed (d));
  g_assert_cmpstr (layer_at (d, 3)->title, ==, "TCP payload (1460 bytes)");
  g_assert_cmpuint (layer_at (d, 3)->offset, ==, 54);
  g_assert_cmpuint (layer_at (d, 3)->length, ==, 1460);
}

/* Copies @frame, applies @edit, and fixes the IPv4 header checksum so only
 * the intended fault remains. */
static guint8 *
edited (const guint8 *frame, gsize len, guint offset, guint8 value, gboolean fix_ip)
{
  guint8 *f = g_memdup2 (frame, len);

  f[offset] = value;
  if (fix_ip && (f[14] & 0x0f) >= 5)
    {
      ns_wire_put_u16 (f + 24, 0);
      ns_wire_put_u16 (f + 24, ns_checksum (f + 14, (f[14] & 0x0fu) * 4));
    }
  return f;
}

/* TRUE if the layer's error or one of its malformed fields says @part. */
static gboolean
malformed_text_has (const NsDissectLayer *l, const char *part)
{
  if (strstr (l->error, part))
    return TRUE;
  for (guint i = 0; i < l->fields->len; i++)
    {
      const NsDissectField *f = g_ptr_array_index (l->fields, i);

      if (f->malformed && strstr (f->value, part))
        return TRUE;
    }
  return FALSE;
}

static const NsDissectLayer *
assert_malformed_layer (const NsDissection *d, const char *protocol, const char *error_part)
{
  const NsDissectLayer *l = ns_dissection_find_layer (d, protocol);

  g_assert_nonnull (l);
  g_assert_true (l->malformed);
  g_assert_nonnull (l->error);
  if (!malformed_text_has (l, error_part))
    g_error ("%s error \"%s\" lacks \"%s\"", protocol, l->error, error_part);
  g_assert_true (ns_dissection_is_malformed (d));
  return l;
}

static void
test_dissect_malformed (void)
{
  {
    g_autofree guint8 *f = edited (frame_ping, sizeof frame_ping, 22, 63, FALSE);  /* TTL changed */
    g_autoptr (NsDissection) d = ns_dissect_frame (f, sizeof frame_ping);
    const NsDissectLayer *ip = assert_malformed_layer (d, "IPv4", "checksum");

    g_assert_true (field (ip, "Header checksum")->malformed);
    g_assert_cmpstr (field (ip, "Header checksum")->value, ==, "0x1321 (wrong, should be 0x1421)");
    /* The rest is still shown. */
    g_assert_nonnull (ns_dissection_find_layer (d, "ICMP"));
  }
  {
    g_autofree guint8 *f = edited (frame_ping, sizeof frame_ping, 14, 0x44, TRUE);
    g_autoptr (NsDissection) d = ns_dissect_frame (f, sizeof frame_ping);

    assert_malformed_layer (d, "IPv4", "IPv4 header length 4 words is below the minimum of 5");
    g_assert_null (ns_dissection_find_layer (d, "ICMP"));
  }
  {
    /* Total length says 200, the frame holds 84 bytes of IP. */
    g_autofree guint8 *f = edited (frame_ping, sizeof frame_ping, 17, 200, TRUE);
    g_autoptr (NsDissection) d = ns_dissect_frame (f, sizeof frame_ping);

    assert_malformed_layer (d, "IPv4", "total length 200 exceeds");
  }
  {
    g_autofree guint8 *f = edited (frame_udp, sizeof frame_udp, 39, 7, FALSE);  /* UDP length 7 */
    g_autoptr (NsDissection) d = ns_dissect_frame (f, sizeof frame_udp);

    assert_malformed_layer (d, "UDP", "below the 8-byte header");
  }
  {
    g_autofree guint8 *f =
      edited (frame_udp, sizeof frame_udp, 100, 0xee, FALSE); /* payload damaged */
    g_autoptr (NsDissection) d = ns_dissect_frame (f, sizeof frame_udp);
    const NsDissectLayer *udp = assert_malformed_layer (d, "UDP", "checksum");

    g_assert_cmpstr (field (udp, "Checksum")->value, ==, "0x55bb (wrong)");
  }
  {
    /* The answer's name points at itself: a loop, reported, not followed. */
    g_autofree guint8 *f = edited (frame_dnsr, sizeof frame_dnsr, 76, 75 - 42, FALSE);
    g_autoptr (NsDissection) d = ns_dissect_frame (f, sizeof frame_dnsr);

    assert_malformed_layer (d, "DNS", "loop");
  }
  {
    /* The question's name claims a 63-byte label. */
    g_autofree guint8 *f = edited (frame_dnsq, sizeof frame_dnsq, 54, 63, FALSE);
    g_autoptr (NsDissection) d = ns_dissect_frame (f, sizeof frame_dnsq);

    assert_malformed_layer (d, "DNS", "past the end");
  }
  {
    /* The MSS option's length byte says 40. */
    g_autofree guint8 *f = edited (frame_syn, sizeof frame_syn, 55, 40, FALSE);
    g_autoptr (NsDissection) d = ns_dissect_frame (f, sizeof frame_syn);

    assert_malformed_layer (d, "TCP", "bad length");
  }
  {
    /* TCP data offset 4 words. */
    g_autofree guint8 *f = edited (frame_ack, sizeof frame_ack, 46, 0x40, FALSE);
    g_autoptr (NsDissection) d = ns_dissect_frame (f, sizeof frame_ack);

    assert_malformed_layer (d, "TCP", "below the minimum of 20");
  }
  {
    g_autofree guint8 *f = edited (frame_arp_rep, sizeof frame_arp_rep, 19, 8, FALSE);  /* hlen 8 */
    g_autoptr (NsDissection) d = ns_dissect_frame (f, sizeof frame_arp_rep);

    assert_malformed_layer (d, "ARP", "Ethernet/IPv4");
  }
  {
    g_autoptr (NsDissection) d = ns_dissect_frame (frame_syn, 40);

    assert_malformed_layer (d, "TCP", "Truncated");
  }
  {
    g_autoptr (NsDissection) d = ns_dissect_frame (NULL, 0);

    assert_malformed_layer (d, "Ethernet", "Truncated");
  }
}

/* Every layer and field must lie inside the frame. */
static void
assert_fields_in_bounds (GPtrArray *fields, gsize len)
{
  if (fields == NULL)
    return;
  for (guint i = 0; i < fields->len; i++)
    {
      const NsDissectField *f = g_ptr_array_index (fields, i);

      g_assert_cmpuint (f->offset, <=, len);
      g_assert_cmpuint (f->length, <=, len - f->offset);
      g_assert_nonnull (f->value);
      g_assert_true (g_utf8_validate (f->value, -1, NULL));
      assert_fields_in_bounds (f->children, len);
    }
}

static void
check_any_frame (NsSummarizer *sum, const guint8 *bytes, gsize len)
{
  g_autofree guint8 *copy = len ? g_memdup2 (bytes, len) : g_malloc (1);
  g_autoptr (NsDissection) d = ns_dissect_frame (copy, len);
  g_autofree char *summary = NULL, *label = NULL;

  g_assert_cmpuint (d->layers->len, >=, 1);
  for (guint i = 0; i < d->layers->len; i++)
    {
      const NsDissectLayer *l = layer_at (d, i);

      g_assert_cmpuint (l->offset, <=, len);
      g_assert_cmpuint (l->length, <=, len - l->offset);
      g_assert_cmpuint (l->header_len, <=, l->length);
      g_assert_true (g_utf8_validate (l->title, -1, NULL));
      assert_fields_in_bounds (l->fields, len);
    }
  ns_summarizer_describe (sum, copy, len, &summary, &label);
  g_assert_nonnull (summary);
  g_assert_nonnull (label);
  g_assert_true (g_utf8_validate (summary, -1, NULL));
  g_assert_nonnull (ns_frame_protocol (copy, len));
}

static void
test_dissect_truncations (void)
{
  g_autoptr (NsSummarizer) sum = ns_summarizer_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (frames); i++)
    for (gsize len = 0; len <= frames[i].len; len++)
      {
        check_any_frame (sum, frames[i].bytes, len);
        if (len < frames[i].len && len >= 14)
          {
            /* A frame cut short of what its headers announce is malformed. */
            g_autoptr (NsDissection) d = ns_dissect_frame (frames[i].bytes, len);
            gsize needed = frames[i].len;

            /* ARP frames and the SYN carry padding past their content. */
            if (frames[i].bytes[12] == 0x08 && frames[i].bytes[13] == 0x06)
              needed = 42;
            else
              needed = 14 + ns_wire_get_u16 (frames[i].bytes + 16);
            if (len < needed)
              g_assert_true (ns_dissection_is_malformed (d));
          }
      }
}

static void
test_dissect_corruptions (void)
{
  g_autoptr (NsSummarizer) sum = ns_summarizer_new ();
  static const guint8 values[] = { 0x00, 0xff, 0x01, 0x80, 0x45, 0xc0, 0x3f };

  /* Every byte of every frame set to values that hit length fields,
   * pointers and flag bits hardest. */
  for (gsize i = 0; i < G_N_ELEMENTS (frames); i++)
    for (gsize at = 0; at < frames[i].len; at++)
      for (gsize v = 0; v < G_N_ELEMENTS (values); v++)
        {
          g_autofree guint8 *f = g_memdup2 (frames[i].bytes, frames[i].len);

          f[at] = values[v];
          check_any_frame (sum, f, frames[i].len);
        }
}

/* ---- summaries and labels ---- */

static void
test_summary_exchange (void)
{
  static const struct { const char *summary, *label, *protocol; } expected[] = {
    { "ARP who has 10.0.0.1? tell 10.0.0.5", "ARP who-has 10.0.0.1", "ARP" },
    { "ARP 10.0.0.1 is at 02:00:00:00:00:03", "ARP reply 10.0.0.1", "ARP" },
    { "10.0.0.5 → 10.0.1.80 ICMP echo request id=1 seq=2 ttl=64", "ping seq 2", "ICMP" },
    { "10.0.1.80 → 10.0.0.5 ICMP echo reply id=1 seq=2 ttl=62", "ping reply seq 2", "ICMP" },
    { "10.0.0.1 → 10.0.0.5 ICMP time exceeded (TTL expired in transit) about "
      "10.0.0.5:49152 → 10.0.1.80:33434 UDP", "TTL exceeded", "ICMP" },
    { "10.0.0.5:49152 → 10.0.1.80:7 UDP len=200", "UDP 200 B", "UDP" },
    { "10.0.0.5:49152 → 10.0.0.53:53 DNS query 0x1a2b A? www.example.com",
      "DNS A? www.example.com", "DNS" },
    { "10.0.0.53:53 → 10.0.0.5:49152 DNS response 0x1a2b A www.example.com = 10.0.1.80",
      "DNS A 10.0.1.80", "DNS" },
    { "10.0.0.5:49152 → 10.0.1.80:80 TCP [SYN] seq=0 win=65535", "SYN", "TCP" },
    { "10.0.1.80:80 → 10.0.0.5:49152 TCP [SYN, ACK] seq=0 ack=1 win=65535", "SYN-ACK", "TCP" },
    { "10.0.0.5:49152 → 10.0.1.80:80 TCP [ACK] seq=1 ack=1 win=65535", "ACK 1", "TCP" },
    { "10.0.0.5:49152 → 10.0.1.80:80 HTTP GET / HTTP/1.1 [PSH, ACK] seq=1 ack=1 win=65535 len=64",
      "HTTP GET /", "HTTP" },
    { "10.0.1.80:80 → 10.0.0.5:49152 HTTP/1.1 200 OK [PSH, ACK] seq=1 ack=65 win=65535 len=72",
      "HTTP 200 OK", "HTTP" },
    { "10.0.1.80:80 → 10.0.0.5:49152 TCP [ACK] seq=1 ack=1461 win=65535", "ACK 1461", "TCP" },
  };
  g_autoptr (NsSummarizer) sum = ns_summarizer_new ();

  G_STATIC_ASSERT (G_N_ELEMENTS (expected) == G_N_ELEMENTS (frames));
  for (gsize i = 0; i < G_N_ELEMENTS (frames); i++)
    {
      g_autofree char *summary = ns_summarizer_summarize (sum, frames[i].bytes, frames[i].len);
      g_autofree char *label = ns_summarizer_label (sum, frames[i].bytes, frames[i].len);

      g_assert_cmpstr (summary, ==, expected[i].summary);
      g_assert_cmpstr (label, ==, expected[i].label);
      g_assert_cmpstr (ns_frame_protocol (frames[i].bytes, frames[i].len), ==,
                       expected[i].protocol);
    }

  /* A data segment after the handshake: relative numbers. */
  {
    gsize len;
    g_autofree guint8 *f = make_data_segment (&len);
    g_autofree char *summary = NULL, *label = NULL;

    ns_summarizer_describe (sum, f, len, &summary, &label);
    g_assert_cmpstr (summary, ==,
                     "10.0.0.5:49152 → 10.0.1.80:80 TCP [ACK] seq=1 ack=1 win=65535 len=1460");
    g_assert_cmpstr (label, ==, "seq 1 (1460 B)");
    /* Data of a web connection colours as HTTP. */
    g_assert_cmpstr (ns_frame_protocol (f, len), ==, "HTTP");
  }
}

static void
test_summary_absolute (void)
{
  /* Without the SYNs, sequence numbers stay absolute. The server's ISN
   * 0xfffffff0 makes its relative numbers wrap around zero above. */
  g_autoptr (NsSummarizer) sum = ns_summarizer_new ();
  g_autofree char *summary = ns_summarizer_summarize (sum, frame_ack, sizeof frame_ack);
  g_autofree char *stateless = ns_summarizer_summarize (NULL, frame_ack, sizeof frame_ack);

  g_assert_cmpstr (
    summary, ==, "10.0.0.5:49152 → 10.0.1.80:80 TCP [ACK] seq=287454021 ack=4294967281 win=65535");
  g_assert_cmpstr (stateless, ==, summary);
}

static void
test_summary_syn_again (void)
{
  /* A retransmitted SYN changes nothing; a new connection on the same
   * ports (new ISN) restarts the count. */
  g_autoptr (NsSummarizer) sum = ns_summarizer_new ();
  g_autofree guint8 *syn2 = g_memdup2 (frame_syn, sizeof frame_syn);
  char *s;

  g_free (ns_summarizer_summarize (sum, frame_syn, sizeof frame_syn));
  g_free (ns_summarizer_summarize (sum, frame_syn, sizeof frame_syn));
  s = ns_summarizer_summarize (sum, frame_ack, sizeof frame_ack);
  g_assert_nonnull (strstr (s, "seq=1 "));
  g_free (s);
  syn2[41] += 100;  /* ISN + 100 (the checksum is not the summary's business) */
  g_free (ns_summarizer_summarize (sum, syn2, sizeof frame_syn));
  s = ns_summarizer_summarize (sum, frame_ack, sizeof frame_ack);
  g_assert_nonnull (strstr (s, "seq=4294967197 "));
  g_free (s);
}

static void
test_summary_malformed (void)
{
  g_autofree char *s = ns_summarizer_summarize (NULL, frame_ping, 30);
  g_autofree char *l = ns_summarizer_label (NULL, frame_ping, 30);

  g_assert_true (g_str_has_prefix (s, "malformed frame (30 bytes): IPv4"));
  g_assert_cmpstr (l, ==, "malformed");
  g_assert_cmpstr (ns_frame_protocol (frame_ping, 10), ==, "Ethernet");
}

static void
test_dissect_relative (void)
{
  g_autoptr (NsSummarizer) sum = ns_summarizer_new ();
  g_autoptr (NsDissection) before = ns_dissect_frame_relative (frame_ack, sizeof frame_ack, sum);
  g_autoptr (NsDissection) after = NULL;
  const NsDissectLayer *tcp;

  assert_field (layer_at (before, 2), "Sequence number", "287454021", 38, 4);
  g_free (ns_summarizer_summarize (sum, frame_syn, sizeof frame_syn));
  g_free (ns_summarizer_summarize (sum, frame_synack, sizeof frame_synack));
  after = ns_dissect_frame_relative (frame_ack, sizeof frame_ack, sum);
  tcp = layer_at (after, 2);
  assert_field (tcp, "Sequence number", "1 (relative; raw 287454021)", 38, 4);
  assert_field (tcp, "Acknowledgment number", "1 (relative; raw 4294967281)", 42, 4);
}

static void
test_dissect_dns_tcp (void)
{
  /* The query of frame_dnsq sent over TCP: a 2-byte length first. */
  gsize qlen = sizeof frame_dnsq - 42, len;
  g_autofree guint8 *payload = g_malloc (qlen + 2);
  g_autofree guint8 *f = NULL;
  g_autoptr (NsDissection) d = NULL;
  g_autofree char *summary = NULL;
  const NsDissectLayer *dns;

  ns_wire_put_u16 (payload, (guint16) qlen);
  memcpy (payload + 2, frame_dnsq + 42, qlen);
  f = segment_after_ack (53, payload, qlen + 2, &len);
  d = ns_dissect_frame (f, len);
  assert_protocols (d, "Ethernet IPv4 TCP DNS");
  g_assert_false (ns_dissection_is_malformed (d));
  dns = layer_at (d, 3);
  g_assert_cmpuint (dns->offset, ==, 54);
  g_assert_cmpuint (dns->header_len, ==, 14);
  assert_field (dns, "Length", "33", 54, 2);
  assert_field (dns, "Transaction ID", "0x1a2b", 56, 2);
  summary = ns_summarizer_summarize (NULL, f, len);
  g_assert_cmpstr (summary, ==, "10.0.0.5:49152 → 10.0.1.80:53 DNS query 0x1a2b A? www.example.com "
                   "[ACK] seq=287454021 ack=4294967281 win=65535 len=35");
  g_assert_cmpstr (ns_frame_protocol (f, len), ==, "DNS");
}

static const guint8 dns_cname[] = {
  0x00, 0x01, 0x81, 0x80, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,
  /* 12: www.example.com A IN */
  3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1,
  /* 33: www.example.com CNAME web.<16: example.com> */
  0xc0, 0x0c, 0, 5, 0, 1, 0, 0, 0x01, 0x2c, 0, 6, 3, 'w', 'e', 'b', 0xc0, 0x10,
  /* 51: <45: web.example.com> A 10.0.1.80 */
  0xc0, 0x2d, 0, 1, 0, 1, 0, 0, 0x01, 0x2c, 0, 4, 10, 0, 1, 80,
};

static const guint8 dns_nxdomain[] = {
  0x00, 0x02, 0x81, 0x83, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  6, 'n', 'o', 's', 'u', 'c', 'h', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
  0, 1, 0, 1,
};

static const guint8 dns_referral[] = {
  0x00, 0x03, 0x80, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
  3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1,
  /* 33: <24: com> NS ns.<24: com> */
  0xc0, 0x18, 0, 2, 0, 1, 0, 0, 0x0e, 0x10, 0, 5, 2, 'n', 's', 0xc0, 0x18,
};

static void
check_dns_summary (const guint8 *msg, gsize len, const char *summary, const char *label)
{
  gsize flen;
  g_autofree guint8 *f =
    udp_frame (IP (10, 0, 0, 53), 53, IP (10, 0, 0, 5), 49152, msg, len, &flen);
  g_autofree char *s = NULL, *l = NULL;
  g_autoptr (NsDissection) d = ns_dissect_frame (f, flen);

  g_assert_false (ns_dissection_is_malformed (d));
  ns_summarizer_describe (NULL, f, flen, &s, &l);
  g_assert_cmpstr (s, ==, summary);
  g_assert_cmpstr (l, ==, label);
}

static void
test_summary_dns_kinds (void)
{
  check_dns_summary (dns_cname, sizeof dns_cname,
                     "10.0.0.53:53 → 10.0.0.5:49152 DNS response 0x0001 CNAME www.example.com = "
                     "web.example.com, A web.example.com = 10.0.1.80", "DNS A 10.0.1.80");
  check_dns_summary (
    dns_nxdomain, sizeof dns_nxdomain,
    "10.0.0.53:53 → 10.0.0.5:49152 DNS response 0x0002 NXDOMAIN A? nosuch.example.com",
    "DNS NXDOMAIN");
  check_dns_summary (
    dns_referral, sizeof dns_referral,
    "10.0.0.53:53 → 10.0.0.5:49152 DNS response 0x0003 A? www.example.com referral "
    "NS com = ns.com",
    "DNS referral NS ns.com");
}

static void
test_dissect_dns_cname (void)
{
  gsize flen;
  g_autofree guint8 *f = udp_frame (IP (10, 0, 0, 53), 53, IP (10, 0, 0, 5), 49152, dns_cname,
                                    sizeof dns_cname, &flen);
  g_autoptr (NsDissection) d = ns_dissect_frame (f, flen);
  const NsDissectLayer *dns = ns_dissection_find_layer (d, "DNS");
  const NsDissectField *answers = field (dns, "Answers");
  const NsDissectField *rr;

  g_assert_cmpuint (answers->children->len, ==, 2);
  rr = g_ptr_array_index (answers->children, 0);
  g_assert_cmpstr (rr->value, ==, "www.example.com: type CNAME, web.example.com");
  g_assert_cmpuint (rr->offset, ==, 42 + 33);
  g_assert_cmpuint (rr->length, ==, 18);
  assert_field (dns, "Canonical name", "web.example.com", 42 + 45, 6);
  rr = g_ptr_array_index (answers->children, 1);
  g_assert_cmpstr (rr->value, ==, "web.example.com: type A, 10.0.1.80");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/net/dissect/arp", test_dissect_arp);
  g_test_add_func ("/net/dissect/ping", test_dissect_ping);
  g_test_add_func ("/net/dissect/ttl-exceeded", test_dissect_ttl_exceeded);
  g_test_add_func ("/net/dissect/dns", test_dissect_dns);
  g_test_add_func ("/net/dissect/tcp-syn", test_dissect_tcp_syn);
  g_test_add_func ("/net/dissect/http", test_dissect_http);
  g_test_add_func ("/net/dissect/data", test_dissect_data);
  g_test_add_func ("/net/dissect/relative", test_dissect_relative);
  g_test_add_func ("/net/dissect/dns-cname", test_dissect_dns_cname);
  g_test_add_func ("/net/dissect/dns-tcp", test_dissect_dns_tcp);
  g_test_add_func ("/net/dissect/malformed", test_dissect_malformed);
  g_test_add_func ("/net/dissect/truncations", test_dissect_truncations);
  g_test_add_func ("/net/dissect/corruptions", test_dissect_corruptions);
  g_test_add_func ("/net/summary/exchange", test_summary_exchange);
  g_test_add_func ("/net/summary/absolute", test_summary_absolute);
  g_test_add_func ("/net/summary/syn-again", test_summary_syn_again);
  g_test_add_func ("/net/summary/malformed", test_summary_malformed);
  g_test_add_func ("/net/summary/dns-kinds", test_summary_dns_kinds);

  return g_test_run ();
}
