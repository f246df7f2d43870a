/* tcp-apps.h: the TCP services `tcp-echo` (RFC 862) and `tcp-discard`
 * (RFC 863), and the `tcp-send` action. */
#pragma once

#include "net/stack.h"

G_BEGIN_DECLS

/* Start listening on @port; FALSE if the port is taken. */
gboolean ns_tcp_echo_start (NsStack *stack, guint16 port);
gboolean ns_tcp_discard_start (NsStack *stack, guint16 port);

/* How the application behind a tcp-discard service reads
 * (docs/file-format.md): slowly, so the window fills, closes and reopens. */
typedef struct {
  double  read_bytes_per_s;   /* 0: as fast as data comes */
  gint64  pause_from_ns;      /* it reads nothing from .. */
  gint64  pause_to_ns;        /* .. to (absolute times; equal: no pause) */
} NsTcpReaderParams;

gboolean ns_tcp_discard_start_full (NsStack *stack, guint16 port, const NsTcpReaderParams *reader);
gboolean ns_tcp_echo_start_full (NsStack *stack, guint16 port, const NsTcpReaderParams *reader);

typedef struct {
  guint32  target;
  guint16  port;
  guint16  from_port;    /* 0: ephemeral */
  guint64  bytes;        /* how many bytes to send */
} NsTcpSendParams;

/* Connects, sends params->bytes bytes, closes, and reports (`app` event,
 * action "tcp-send") once every byte is acknowledged: fields `bytes`
 * (guint64, acknowledged), `time_ms` (double, from connect to the last
 * acknowledgement). A refused connection (RST), a timeout or a reset is
 * reported as a failure with the reason and the bytes acknowledged so far.
 * Echoed data (from a tcp-echo server) is read and thrown away. @label
 * names the target in the detail text. */
void     ns_tcp_send_start (NsStack *stack, const NsTcpSendParams *params, const char *label);

G_END_DECLS
