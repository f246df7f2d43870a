/* ping.h: the `ping` action: ICMP echo requests (RFC 792) at an interval,
 * reporting each reply's round-trip time, and a summary. */
#pragma once

#include "net/stack.h"

G_BEGIN_DECLS

typedef struct {
  guint32  target;
  guint    count;        /* default 4 */
  gint64   interval_ns;  /* default 1 s */
  guint8   ttl;          /* 0: default */
  gsize    data_len;     /* default 56 (as ping(8)) */
  gint64   timeout_ns;   /* default 2 s after the last request */
} NsPingParams;

void ns_ping_params_init (NsPingParams *params, guint32 target);
/* Starts now; results go to the trace as `app` events (`rtt_ms` for each
 * reply). @label is the target as the user wrote it. */
void ns_ping_start (NsStack *stack, const NsPingParams *params, const char *label);

G_END_DECLS
