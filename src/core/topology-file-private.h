/* topology-file-private.h: what reading (topology-read.c) and writing
 * (topology-write.c) the topology file share: which fields belong to which
 * service type and action, so that both agree on what goes in `extra`. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether @key is a field a service of @type reads (any other member is
 * kept in its `extra`). */
gboolean     ns_topo_file_service_has_field (const char *type, const char *key);
/* Whether @key is a field the action @action reads. */
gboolean     ns_topo_file_action_has_field (const char *action, const char *key);

G_END_DECLS
