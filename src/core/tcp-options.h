/* tcp-options.h: a node's `tcp` object (docs/file-format.md) read into the
 * settings of its TCP (net/tcp.h), with every field checked. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "net/tcp.h"

G_BEGIN_DECLS

/* Fills @config from the defaults, then the profile, then each field
 * given (a field beside a profile wins). FALSE on a bad field: *@key_out
 * names it (static, such as "congestion") and *@message_out says what is
 * wrong (free it). Members it does not know are ignored (a later version's
 * options load in this one). */
gboolean ns_tcp_options_read (JsonObject *tcp, NsTcpConfig *config, const char **key_out,
                              char **message_out);

/* The node's `tcp` object in @extra (the node's unknown fields), or NULL. */
JsonObject *ns_tcp_options_find (JsonObject *extra);

G_END_DECLS
