/* summary.h: one-line summaries of frames (the trace's `summary` field,
 * docs/trace-format.md, and the app's event log), short labels for packets on the
 * canvas, and the protocol that colours them.
 *
 * A summarizer is fed every frame of a run in order (each frame once or
 * several times: it is idempotent), so it can track each TCP connection's
 * initial sequence numbers from its SYNs and print seq/ack RELATIVE to them
 * as Wireshark does. Until it has seen a direction's SYN, it prints that
 * direction's numbers absolute. Every function taking a summarizer also
 * accepts NULL (no tracking: absolute numbers). Deterministic, GLib only. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _NsSummarizer NsSummarizer;

NsSummarizer  *ns_summarizer_new (void);
void           ns_summarizer_free (NsSummarizer *self);

/* "10.0.0.5:49152 → 10.0.1.80:80 TCP [SYN] seq=0 win=65535",
 * "ARP who has 10.0.0.1? tell 10.0.0.5", "10.0.0.5 → 10.0.1.80 ICMP echo
 * request id=1 seq=2 ttl=64", "... DNS query 0x1a2b A? www.example.com",
 * "HTTP GET / HTTP/1.1", ... Never NULL; a malformed frame says so. */
char          *ns_summarizer_summarize (NsSummarizer *self, const guint8 *frame, gsize len);
/* A short label for the canvas: "SYN", "SYN-ACK", "ACK 1461",
 * "DNS A? www.example.com", "ping seq 2", "ARP who-has 10.0.0.1",
 * "HTTP GET /", "HTTP 200 OK", "TTL exceeded". Never NULL. */
char          *ns_summarizer_label (NsSummarizer *self, const guint8 *frame, gsize len);
/* Both at once (either out pointer may be NULL). */
void           ns_summarizer_describe (NsSummarizer *self, const guint8 *frame, gsize len,
                                       char **summary_out, char **label_out);

/* The initial sequence number seen in the SYN from @src:@sport to
 * @dst:@dport (host byte order), for showing relative numbers elsewhere
 * (the inspector). FALSE if no such SYN was fed in. */
gboolean       ns_summarizer_lookup_isn (NsSummarizer *self, guint32 src, guint16 sport,
                                         guint32 dst, guint16 dport, guint32 *isn_out);

/* The protocol that colours a frame: "ARP", "ICMP", "UDP", "TCP", "DNS" or
 * "HTTP" (DNS and HTTP by port and content), "Ethernet" for anything else.
 * Static string. */
const char    *ns_frame_protocol (const guint8 *frame, gsize len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsSummarizer, ns_summarizer_free)

G_END_DECLS
