/* traceroute.h: the `traceroute` action, ICMP style (as Windows' tracert
 * and `traceroute -I`): echo requests with TTL 1, 2, 3, ...; each router
 * where the TTL runs out answers time exceeded (RFC 792), the target
 * answers the echo. One probe per TTL. */
#pragma once

#include "net/stack.h"

G_BEGIN_DECLS

#define NS_TRACEROUTE_MAX_HOPS 30

void ns_traceroute_start (NsStack *stack, guint32 target, const char *label, guint max_hops);
/* The same with @probes probes per hop (1..10; traceroute(8) sends 3):
 * each hop's step then carries `rtts` (ms per probe, -1 for no answer). */
void ns_traceroute_start_full (NsStack *stack, guint32 target, const char *label,
                               guint max_hops, guint probes);

G_END_DECLS
