/* dissect.h: the packet inspector's view of a frame: every layer (Ethernet
 * II, ARP | IPv4, ICMP | UDP | TCP, DNS | HTTP, payload) with its byte range
 * and its fields, each with its value, a one-line meaning for a learner and
 * the bytes it occupies.
 *
 * This is display code: it reads the bytes itself, never trusts a length
 * field, and turns whatever is malformed into a layer or field flagged as
 * such with the error text. It never fails and never reads out of bounds. */
#pragma once

#include <glib.h>

#include "net/summary.h"

G_BEGIN_DECLS

typedef struct _NsDissectField NsDissectField;
typedef struct _NsDissectLayer NsDissectLayer;
typedef struct _NsDissection   NsDissection;

struct _NsDissectField {
  char        *name;      /* "Time to live" */
  char        *value;     /* "64" */
  const char
    *meaning; /* static text: "hops left before a router throws the packet away"; may be NULL */
  gsize        offset;    /* first byte in the frame */
  gsize        length;    /* bytes; a bit field covers the bytes holding it */
  gboolean     malformed; /* value is then the error text */
  GPtrArray   *children;  /* of NsDissectField, or NULL (options, DNS records, flag bits) */
};

struct _NsDissectLayer {
  const char *protocol; /* static: "Ethernet", "ARP", "IPv4", "ICMP", "UDP", "TCP", "DNS", "HTTP",
                           "Payload" */
  char *title;          /* tree row: "Internet Protocol Version 4, Src: 10.0.0.5, Dst: 10.0.1.80" */
  gsize        offset;    /* byte range in the frame: the header and all it carries */
  gsize        length;
  gsize        header_len; /* bytes of its own header (the rest is its payload) */
  gboolean     malformed;
  char        *error;     /* why it is malformed, or NULL */
  gboolean     quoted;    /* inside an ICMP error: the start of the packet it is about */
  GPtrArray   *fields;    /* of NsDissectField, never NULL */
};

struct _NsDissection {
  gsize        frame_len;
  GPtrArray   *layers;    /* of NsDissectLayer, outermost first; an ICMP error's
                           * quoted IPv4 header and transport come after it,
                           * flagged quoted */
};

NsDissection          *ns_dissect_frame (const guint8 *frame, gsize len);
/* The same, with TCP sequence and acknowledgment numbers shown relative to
 * the initial ones @isns has seen ("1 (relative; raw 287454021)"), as in
 * the summaries. @isns may be NULL. */
NsDissection          *ns_dissect_frame_relative (const guint8 *frame, gsize len,
                                                  NsSummarizer *isns);
void                   ns_dissection_free (NsDissection *self);

/* Lookups by protocol / field name (first match, depth first); NULL if none. */
const NsDissectLayer  *ns_dissection_find_layer (const NsDissection *self, const char *protocol);
const NsDissectField  *ns_dissect_layer_find_field (const NsDissectLayer *layer, const char *name);
/* TRUE if any layer or field is flagged malformed. */
gboolean               ns_dissection_is_malformed (const NsDissection *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsDissection, ns_dissection_free)

G_END_DECLS
