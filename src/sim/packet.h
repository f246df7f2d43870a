/* packet.h: reference-counted packet buffers with headroom (like lwIP's
 * pbuf or Linux's sk_buff). A layer sending down reserves headroom once and
 * each lower layer prepends its header with ns_packet_push() without a copy;
 * a layer receiving strips its header with ns_packet_pull().
 *
 * A buffer may be shared (the trace keeps a reference to every frame put on
 * a link), so whoever changes bytes in place first calls
 * ns_packet_make_writable(), which copies a shared buffer. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Room for Ethernet + IPv4 + TCP with options, rounded up. */
#define NS_PACKET_HEADROOM 128

typedef struct _NsPacket NsPacket;

struct _NsPacket {
  guint8  *data;     /* first byte of the current layer */
  gsize    len;      /* bytes from data to the end */
  /* private */
  guint8  *buf;
  gsize    cap;
  gint     ref_count;
  NsPacket *next_free;
};

/* A packet of @len bytes (uninitialised) with @headroom bytes in front. */
NsPacket *ns_packet_new (gsize headroom, gsize len);
/* A packet holding a copy of @bytes, with NS_PACKET_HEADROOM in front. */
NsPacket *ns_packet_new_from_data (const void *bytes, gsize len);
NsPacket *ns_packet_ref (NsPacket *self);
void      ns_packet_unref (NsPacket *self);
/* Prepends @n bytes and returns a pointer to them (headroom must suffice:
 * when it does not, the buffer is reallocated, which is correct but slow). */
guint8   *ns_packet_push (NsPacket *self, gsize n);
/* Strips @n bytes from the front; FALSE (and nothing changes) if len < n. */
gboolean  ns_packet_pull (NsPacket *self, gsize n);
/* Cuts the packet to @len bytes if it is longer (e.g. Ethernet padding). */
void      ns_packet_trim (NsPacket *self, gsize len);
gsize     ns_packet_headroom (const NsPacket *self);
/* Returns a packet the caller may change: @self itself if it is the only
 * reference, otherwise a copy (and @self's reference is given up). */
NsPacket *ns_packet_make_writable (NsPacket *self);
NsPacket *ns_packet_copy (const NsPacket *self);
/* A copy of @self's bytes in a buffer of exactly that size, no headroom,
 * not pooled: for keeping (the trace keeps one of every frame). */
NsPacket *ns_packet_copy_compact (const NsPacket *self);

/* Frees the buffers kept for reuse (for leak checkers at exit). */
void      ns_packet_pool_trim (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsPacket, ns_packet_unref)

G_END_DECLS
