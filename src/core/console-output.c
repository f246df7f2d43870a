/* console-output.c: what the console prints for a command, read from the
 * recorded run (CONTRACT.md §5). Traffic commands print the events their
 * own scenario action reported (NsTraceEvent `tag`) and the frames their
 * host received, each line at the simulated time of its cause; read-only
 * commands print the state at the time they were typed. The formats are
 * those of the real tools (Linux iputils ping, traceroute, nslookup, curl,
 * net-tools arp/route/netstat, Windows ipconfig and tracert), with the
 * simulator's values: nothing is made up (docs/console.md). */
#include "core/console.h"

#include <math.h>
#include <string.h>

#include "core/run.h"
#include "net/stack.h"
#include "net/wire/dns-wire.h"

/* ---- lines ---- */

static void
add_line (GPtrArray *out, gint64 t, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
add_line (GPtrArray *out, gint64 t, const char *format, ...)
{
  NsConsoleLine *line = g_new0 (NsConsoleLine, 1);
  va_list args;

  va_start (args, format);
  line->t = t;
  line->text = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (out, line);
}

/* Lines whose columns are padded leave no spaces at their end. */
static void
add_trimmed (GPtrArray *out, gint64 t, GString *s)
{
  while (s->len > 0 && s->str[s->len - 1] == ' ')
    g_string_truncate (s, s->len - 1);
  add_line (out, t, "%s", s->str);
}

/* The app events of scenario action @index, in trace order. */
static GPtrArray *
action_events (NsPlayer *player, guint index)
{
  NsTrace *trace = ns_player_get_trace (player);
  GPtrArray *events = g_ptr_array_new ();

  for (guint i = 0; i < ns_trace_len (trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (trace, i);

      if (ev->kind == NS_TRACE_APP && ev->tag == index + 1)
        g_ptr_array_add (events, (gpointer) ev);
    }
  return events;
}

static const NsTraceEvent *
final_event (GPtrArray *events)
{
  for (guint i = events->len; i-- > 0;)
    {
      const NsTraceEvent *ev = g_ptr_array_index (events, i);

      if (!ev->partial)
        return ev;
    }
  return NULL;
}

static const char *
field_str (const NsTraceEvent *ev, const char *name)
{
  const char *s = NULL;

  if (ev->fields == NULL || !g_variant_lookup (ev->fields, name, "&s", &s))
    return NULL;
  return s;
}

static gboolean
field_uint (const NsTraceEvent *ev, const char *name, guint *out)
{
  return ev->fields != NULL && g_variant_lookup (ev->fields, name, "u", out);
}

static gboolean
field_double (const NsTraceEvent *ev, const char *name, double *out)
{
  return ev->fields != NULL && g_variant_lookup (ev->fields, name, "d", out);
}

static gboolean
is_address (const char *text)
{
  guint32 a;

  return text != NULL && ns_parse_ipv4 (text, &a);
}

/* The resolver's step of a console action whose target was a name: the
 * address, or NULL. */
static const NsTraceEvent *
resolved_step (GPtrArray *events)
{
  for (guint i = 0; i < events->len; i++)
    {
      const NsTraceEvent *ev = g_ptr_array_index (events, i);

      if (ev->partial && field_str (ev, "address") != NULL && ev->fields != NULL
          && !g_variant_lookup (ev->fields, "seq", "u", NULL)
          && !g_variant_lookup (ev->fields, "hop", "u", NULL))
        return ev;
    }
  return NULL;
}

/* What getaddrinfo(3) says when a name does not resolve, from the
 * resolver's detail. */
static const char *
gai_error (const char *detail)
{
  if (detail != NULL && (strstr (detail, "timeout") != NULL || strstr (detail, "no DNS server")
                         != NULL || strstr (detail, "SERVFAIL") != NULL))
    return "Temporary failure in name resolution";
  return "Name or service not known";
}

static gboolean
name_failed (const NsTraceEvent *ev)
{
  return ev != NULL && !ev->ok && ev->detail != NULL
         && strstr (ev->detail, "cannot resolve the name") != NULL;
}

/* A run that ended before the action finished (or started). */
static void
add_unfinished (GPtrArray *out, const NsTraceEvent *final)
{
  if (final != NULL && final->detail != NULL
      && (strstr (final->detail, "not finished") != NULL
          || strstr (final->detail, "not started") != NULL
          || strstr (final->detail, "switched off") != NULL))
    add_line (out, final->t, "(%s)", final->detail);
}

/* ---- ping: Linux iputils ping(8) ---- */

/* iputils prints a round trip with 3 significant decimals at most:
 * "0.512", "4.21", "12.3", "123". */
char *
ns_console_format_rtt (gint64 us)
{
  if (us >= 100000 - 50)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (us + 500) / 1000);
  if (us >= 10000 - 5)
    return g_strdup_printf ("%" G_GINT64_FORMAT ".%01" G_GINT64_FORMAT, (us + 50) / 1000,
                            ((us + 50) % 1000) / 100);
  if (us >= 1000)
    return g_strdup_printf ("%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT, (us + 5) / 1000,
                            ((us + 5) % 1000) / 10);
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%03" G_GINT64_FORMAT, us / 1000, us % 1000);
}

static const char *
ping_error_text (const char *detail)
{
  if (detail == NULL)
    return "Destination Unreachable";
  if (strstr (detail, "time to live exceeded") != NULL)
    return "Time to live exceeded";
  if (strstr (detail, "host unreachable") != NULL)
    return "Destination Host Unreachable";
  if (strstr (detail, "network unreachable") != NULL)
    return "Destination Net Unreachable";
  return "Destination Unreachable";
}

static void
output_ping (NsPlayer *player, const NsConsoleCommand *cmd, guint index, gint64 at,
             GPtrArray *out)
{
  g_autoptr (GPtrArray) events = action_events (player, index);
  const NsTraceEvent *final = final_event (events);
  const NsTraceEvent *resolved = resolved_step (events);
  const char *addr = is_address (cmd->target) ? cmd->target
                     : resolved != NULL ? field_str (resolved, "address") : NULL;
  gint64 start = is_address (cmd->target) ? at : resolved != NULL ? resolved->t : at;
  gint64 last_reply = start, min_us = G_MAXINT64, max_us = 0;
  double sum = 0, sum2 = 0;
  guint received = 0, errors = 0, sent = 0, got = 0;

  if (name_failed (final))
    {
      add_line (out, final->t, "ping: %s: %s", cmd->target, gai_error (final->detail));
      return;
    }
  if (addr == NULL)
    {
      add_unfinished (out, final);
      return;
    }
  add_line (out, start, "PING %s (%s) %d(%d) bytes of data.", cmd->target, addr, cmd->size,
            cmd->size + 28);
  for (guint i = 0; i < events->len; i++)
    {
      const NsTraceEvent *ev = g_ptr_array_index (events, i);
      guint seq = 0, ttl = 0;
      double rtt_ms;
      const char *from = field_str (ev, "from");

      if (!ev->partial || !field_uint (ev, "seq", &seq))
        continue;
      if (ev->ok && field_uint (ev, "ttl", &ttl) && field_double (ev, "rtt_ms", &rtt_ms))
        {
          /* Microseconds, as ping(8) measures. */
          gint64 us = (gint64) floor (rtt_ms * 1000.0 + 1e-6);
          g_autofree char *time = ns_console_format_rtt (us);

          add_line (out, ev->t, "%d bytes from %s: icmp_seq=%u ttl=%u time=%s ms", cmd->size + 8,
                    from != NULL ? from : addr, seq, ttl, time);
          received++;
          min_us = MIN (min_us, us);
          max_us = MAX (max_us, us);
          sum += (double) us;
          sum2 += (double) us * (double) us;
          last_reply = MAX (last_reply, ev->t);
        }
      else if (!ev->ok)
        {
          add_line (out, ev->t, "From %s icmp_seq=%u %s", from != NULL ? from : "?", seq,
                    ping_error_text (ev->detail));
          errors++;
        }
    }
  if (final == NULL || !field_uint (final, "sent", &sent) || !field_uint (final, "received", &got))
    {
      add_unfinished (out, final);
      return;
    }
  {
    gint64 last_send = start + (gint64) (sent > 0 ? sent - 1 : 0)
                               * (gint64) (cmd->interval_ms * NS_NSEC_PER_MSEC);
    gint64 elapsed_ms = (MAX (last_send, last_reply) - start + NS_NSEC_PER_MSEC / 2)
                        / NS_NSEC_PER_MSEC;
    g_autofree char *err = errors > 0 ? g_strdup_printf ("+%u errors, ", errors) : g_strdup ("");
    char loss[G_ASCII_DTOSTR_BUF_SIZE];

    /* iputils prints the loss with %g. */
    g_snprintf (loss, sizeof loss, "%g",
                sent > 0 ? (double) (float) ((double) (sent - got) * 100.0 / sent) : 0.0);
    add_line (out, final->t, "%s", "");
    add_line (out, final->t, "--- %s ping statistics ---", cmd->target);
    add_line (out, final->t, "%u packets transmitted, %u received, %s%s%% packet loss, time %"
              G_GINT64_FORMAT "ms", sent, got, err, loss, elapsed_ms);
    if (received > 0)
      {
        double avg = sum / received;
        double mdev = sqrt (MAX (sum2 / received - avg * avg, 0.0));

        add_line (out, final->t, "rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms",
                  (double) min_us / 1000.0, avg / 1000.0, (double) max_us / 1000.0,
                  mdev / 1000.0);
      }
  }
}

/* ---- traceroute (Linux traceroute(8)) and tracert (Windows) ---- */

static void
output_traceroute (NsPlayer *player, const NsConsoleCommand *cmd, guint index, gint64 at,
                   GPtrArray *out)
{
  g_autoptr (GPtrArray) events = action_events (player, index);
  const NsTraceEvent *final = final_event (events);
  const NsTraceEvent *resolved = resolved_step (events);
  gboolean windows = g_strcmp0 (cmd->program, "tracert") == 0;
  const char *addr = is_address (cmd->target) ? cmd->target
                     : resolved != NULL ? field_str (resolved, "address") : NULL;
  gint64 start = is_address (cmd->target) ? at : resolved != NULL ? resolved->t : at;

  if (name_failed (final))
    {
      if (windows)
        add_line (out, final->t, "Unable to resolve target system name %s.", cmd->target);
      else
        {
          add_line (out, final->t, "%s: %s", cmd->target, gai_error (final->detail));
          add_line (out, final->t, "Cannot handle \"host\" cmdline arg `%s' on position 1 "
                    "(argc 1)", cmd->target);
        }
      return;
    }
  if (addr == NULL)
    {
      add_unfinished (out, final);
      return;
    }
  if (windows)
    {
      if (is_address (cmd->target))
        add_line (out, start, "Tracing route to %s over a maximum of %u hops", addr, cmd->ttl);
      else
        {
          add_line (out, start, "Tracing route to %s [%s]", cmd->target, addr);
          add_line (out, start, "over a maximum of %u hops:", cmd->ttl);
        }
      add_line (out, start, "%s", "");
    }
  else
    add_line (out, start, "traceroute to %s (%s), %u hops max, 60 byte packets", cmd->target,
              addr, cmd->ttl);
  for (guint i = 0; i < events->len; i++)
    {
      const NsTraceEvent *ev = g_ptr_array_index (events, i);
      const char *hop_addr = field_str (ev, "address");
      g_autoptr (GVariant) rtts = NULL;
      g_autoptr (GString) line = g_string_new (NULL);
      guint hop;
      const char *shown = NULL;
      double one;

      if (!ev->partial || g_strcmp0 (ev->action, "traceroute-hop") != 0
          || !field_uint (ev, "hop", &hop))
        continue;
      if (ev->fields != NULL)
        rtts = g_variant_lookup_value (ev->fields, "rtts", G_VARIANT_TYPE ("ad"));
      if (rtts == NULL)
        {
          /* One probe per hop (a hand-written action). */
          if (hop_addr == NULL || !field_double (ev, "rtt_ms", &one))
            one = -1;
          rtts = g_variant_ref_sink (g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, &one, 1,
                                                                sizeof one));
        }
      if (windows)
        {
          g_string_append_printf (line, "%3u", hop);
          for (gsize p = 0; p < g_variant_n_children (rtts); p++)
            {
              double ms;

              g_variant_get_child (rtts, p, "d", &ms);
              if (ms < 0)
                g_string_append (line, "     *   ");
              else if (ms < 1)
                g_string_append (line, "    <1 ms");
              else
                g_string_append_printf (line, "%6.0f ms", floor (ms + 0.5));
            }
          g_string_append_printf (line, "  %s", hop_addr != NULL ? hop_addr
                                                                 : "Request timed out.");
        }
      else
        {
          g_string_append_printf (line, "%2u ", hop);
          for (gsize p = 0; p < g_variant_n_children (rtts); p++)
            {
              double ms;

              g_variant_get_child (rtts, p, "d", &ms);
              if (ms < 0)
                {
                  g_string_append (line, " *");
                  continue;
                }
              if (shown == NULL && hop_addr != NULL)
                {
                  g_string_append_printf (line, " %s (%s)", hop_addr, hop_addr);
                  shown = hop_addr;
                }
              g_string_append_printf (line, "  %.3f ms", ms);
            }
        }
      add_trimmed (out, ev->t, line);
    }
  if (final != NULL && windows && strstr (final->detail ? final->detail : "", "not ") == NULL)
    {
      add_line (out, final->t, "%s", "");
      add_line (out, final->t, "Trace complete.");
    }
  add_unfinished (out, final);
}

/* ---- frames the host received ---- */

typedef struct {
  guint8        proto;     /* 6 TCP, 17 UDP */
  guint32       src, dst;
  guint16       sport, dport;
  guint32       seq;       /* TCP */
  guint8        flags;     /* TCP */
  const guint8 *payload;
  gsize         len;
} Segment;

static guint16
rd16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static guint32
rd32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

/* The TCP or UDP segment of an Ethernet frame carrying IPv4 (an 802.1Q
 * tag skipped), unfragmented; FALSE otherwise. */
static gboolean
parse_segment (const NsPacket *packet, Segment *s)
{
  const guint8 *p = packet->data;
  gsize len = packet->len, off = 12, ihl, total;
  guint16 type;

  if (len < 14)
    return FALSE;
  type = rd16 (p + off);
  if (type == 0x8100 && len >= 18)
    {
      off += 4;
      type = rd16 (p + off);
    }
  off += 2;
  if (type != 0x0800 || len < off + 20 || (p[off] >> 4) != 4)
    return FALSE;
  ihl = (gsize) (p[off] & 0x0f) * 4;
  total = rd16 (p + off + 2);
  if (ihl < 20 || total < ihl || off + total > len
      || (rd16 (p + off + 6) & 0x3fff) != 0)   /* a fragment */
    return FALSE;
  s->proto = p[off + 9];
  s->src = rd32 (p + off + 12);
  s->dst = rd32 (p + off + 16);
  p += off + ihl;
  len = total - ihl;
  if (s->proto == 17 && len >= 8)
    {
      s->sport = rd16 (p);
      s->dport = rd16 (p + 2);
      s->payload = p + 8;
      s->len = len - 8;
      return TRUE;
    }
  if (s->proto == 6 && len >= 20 && (gsize) (p[12] >> 4) * 4 <= len)
    {
      gsize doff = (gsize) (p[12] >> 4) * 4;

      s->sport = rd16 (p);
      s->dport = rd16 (p + 2);
      s->seq = rd32 (p + 4);
      s->flags = p[13];
      s->payload = p + doff;
      s->len = len - doff;
      return TRUE;
    }
  return FALSE;
}

/* The last UDP datagram from port 53 that @node received in [from, to]. */
static NsDnsMessage *
last_dns_response (NsPlayer *player, const char *node, gint64 from, gint64 to, guint32 *server,
                   gint64 *t_out)
{
  for (guint i = ns_player_get_n_flights (player); i-- > 0;)
    {
      const NsPlayerFlight *f = ns_player_get_flight (player, i);
      Segment s;

      if (f->t_start > to || !f->arrived || f->t_end < from || f->t_end > to
          || g_strcmp0 (f->to_node, node) != 0 || f->packet == NULL
          || !parse_segment (f->packet, &s) || s.proto != 17 || s.sport != 53)
        continue;
      {
        NsDnsMessage *msg = ns_dns_message_parse (s.payload, s.len, NULL);

        if (msg != NULL && msg->qr)
          {
            *server = s.src;
            *t_out = f->t_end;
            return msg;
          }
        if (msg != NULL)
          ns_dns_message_free (msg);
      }
    }
  return NULL;
}

/* ---- nslookup (BIND 9's nslookup(1)) ---- */

static void
add_server_lines (GPtrArray *out, gint64 t, const char *server)
{
  add_line (out, t, "Server:\t\t%s", server);
  add_line (out, t, "Address:\t%s#53", server);
  add_line (out, t, "%s", "");
}

static void
output_nslookup (NsPlayer *player, const char *node, const NsConsoleCommand *cmd, guint index,
                 gint64 at, GPtrArray *out)
{
  g_autoptr (GPtrArray) events = action_events (player, index);
  const NsTraceEvent *final = final_event (events);
  const NsTopology *topo = ns_player_get_topology (player);
  const NsTopoNode *tn = topo != NULL ? ns_topology_find_node (topo, node) : NULL;
  g_autofree char *server = NULL;
  g_autoptr (NsDnsMessage) msg = NULL;
  const char *error;
  guint32 from = 0;
  gint64 t_msg = 0;

  if (final == NULL)
    return;
  if (cmd->server != NULL)
    server = g_strdup (cmd->server);
  else if (tn != NULL && tn->dns->len > 0)
    server = ns_format_ipv4 (g_array_index (tn->dns, guint32, 0));
  msg = last_dns_response (player, node, at, final->t, &from, &t_msg);
  if (msg != NULL)
    {
      g_free (server);
      server = ns_format_ipv4 (from);
    }
  error = field_str (final, "error");
  if (error != NULL)
    {
      if (g_strcmp0 (error, "timeout") == 0 || g_strcmp0 (error, "no server") == 0
          || server == NULL)
        {
          add_line (out, final->t, ";; connection timed out; no servers could be reached");
          return;
        }
      add_server_lines (out, final->t, server);
      if (g_strcmp0 (error, "no address") == 0)
        {
          if (msg != NULL && !msg->aa)
            add_line (out, final->t, "Non-authoritative answer:");
          add_line (out, final->t, "*** Can't find %s: No answer", cmd->name);
        }
      else
        add_line (out, final->t, "** server can't find %s: %s", cmd->name,
                  g_strcmp0 (error, "bad name") == 0 ? "FORMERR"
                  : g_strcmp0 (error, "CNAME loop") == 0 ? "SERVFAIL" : error);
      add_line (out, final->t, "%s", "");
      return;
    }
  if (!final->ok)
    {
      add_unfinished (out, final);
      return;
    }
  add_server_lines (out, final->t, server != NULL ? server : "127.0.0.53");
  if (msg == NULL || !msg->aa)
    add_line (out, final->t, "Non-authoritative answer:");
  if (msg != NULL && msg->answers->len > 0)
    {
      for (guint i = 0; i < msg->answers->len; i++)
        {
          NsDnsRecord *r = g_ptr_array_index (msg->answers, i);

          if (r->type == NS_DNS_TYPE_CNAME && r->target != NULL)
            add_line (out, final->t, "%s\tcanonical name = %s.", r->name, r->target);
        }
      for (guint i = 0; i < msg->answers->len; i++)
        {
          NsDnsRecord *r = g_ptr_array_index (msg->answers, i);

          if (r->type == NS_DNS_TYPE_A)
            {
              g_autofree char *a = ns_format_ipv4 (r->addr);

              add_line (out, final->t, "Name:\t%s", r->name);
              add_line (out, final->t, "Address: %s", a);
            }
        }
    }
  else
    {
      /* From the cache: the resolver's answer. */
      const char *canon = final->detail != NULL ? strstr (final->detail, "(an alias of ") : NULL;
      g_autofree char *canonical = NULL;

      if (canon != NULL)
        {
          canon += strlen ("(an alias of ");
          canonical = g_strndup (canon, strcspn (canon, ")"));
          add_line (out, final->t, "%s\tcanonical name = %s.", cmd->name, canonical);
        }
      add_line (out, final->t, "Name:\t%s", canonical != NULL ? canonical : cmd->name);
      add_line (out, final->t, "Address: %s", field_str (final, "address"));
    }
  add_line (out, final->t, "%s", "");
}

/* ---- HTTP: curl(1) ---- */

/* The bytes a TCP peer sent to @node's port @local_port from @remote
 * (addr, port), in sequence order, each new byte once, with the time the
 * frame that carried it arrived. */
typedef struct {
  GByteArray *data;
  GArray     *times;   /* gint64 per byte */
} Stream;

static void
stream_clear (Stream *s)
{
  g_clear_pointer (&s->data, g_byte_array_unref);
  g_clear_pointer (&s->times, g_array_unref);
}

static gboolean
read_stream (NsPlayer *player, const char *node, guint32 remote, guint16 remote_port,
             gint64 from, gint64 to, Stream *st)
{
  guint32 isn = 0;
  gboolean have_isn = FALSE;

  st->data = g_byte_array_new ();
  st->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < ns_player_get_n_flights (player); i++)
    {
      const NsPlayerFlight *f = ns_player_get_flight (player, i);
      Segment s;
      guint32 off;

      if (f->t_start < from || f->t_start > to || !f->arrived || g_strcmp0 (f->to_node, node) != 0
          || f->packet == NULL || !parse_segment (f->packet, &s) || s.proto != 6
          || s.src != remote || s.sport != remote_port)
        continue;
      if (s.flags & 0x02)   /* SYN: the stream starts after it */
        {
          isn = s.seq + 1;
          have_isn = TRUE;
          continue;
        }
      if (!have_isn || s.len == 0)
        continue;
      off = s.seq - isn;
      if (off > st->data->len || off + s.len <= st->data->len)
        continue;   /* a gap (a later segment) or bytes already had */
      {
        gsize skip = st->data->len - off;

        g_byte_array_append (st->data, s.payload + skip, (guint) (s.len - skip));
        for (gsize k = skip; k < s.len; k++)
          g_array_append_val (st->times, f->t_end);
      }
    }
  return have_isn;
}

static gboolean
parse_http_url (const char *url, char **host, guint16 *port)
{
  const char *h = url + strlen ("http://");
  gsize n = strcspn (h, ":/");
  guint64 p = 80;

  if (g_ascii_strncasecmp (url, "http://", 7) != 0)
    return FALSE;
  *host = g_strndup (h, n);
  if (h[n] == ':')
    {
      g_autofree char *digits = g_strndup (h + n + 1, strcspn (h + n + 1, "/"));

      if (!g_ascii_string_to_unsigned (digits, 10, 1, 65535, &p, NULL))
        return FALSE;
    }
  *port = (guint16) p;
  return TRUE;
}

/* The response the client read for action @index. */
static gboolean
http_stream (NsPlayer *player, const char *node, guint index, const NsTraceEvent **final_out,
             Stream *st, gsize *head_len)
{
  g_autoptr (GPtrArray) events = action_events (player, index);
  const NsTraceEvent *final = final_event (events);
  const char *address = final != NULL ? field_str (final, "address") : NULL;
  const char *url = final != NULL ? field_str (final, "url") : NULL;
  g_autofree char *host = NULL;
  guint16 port = 80;
  guint32 addr;
  double ms = 0;
  const guint8 *end;

  *final_out = final;
  if (final == NULL || address == NULL || !ns_parse_ipv4 (address, &addr) || url == NULL
      || !parse_http_url (url, &host, &port))
    return FALSE;
  field_double (final, "time_ms", &ms);
  if (!read_stream (player, node, addr, port,
                    final->t - (gint64) (ms * NS_NSEC_PER_MSEC) - 1, final->t, st))
    return FALSE;
  end = st->data->len > 0 ? (const guint8 *) g_strstr_len ((const char *) st->data->data,
                                                            st->data->len, "\r\n\r\n") : NULL;
  if (end == NULL)
    return FALSE;
  *head_len = (gsize) (end - st->data->data) + 4;
  return TRUE;
}

NsConsoleHttpResponse *
ns_console_http_response (NsPlayer *player, const char *node, guint action_index)
{
  const NsTraceEvent *final;
  Stream st = { 0 };
  gsize head_len = 0;
  NsConsoleHttpResponse *resp;
  g_auto (GStrv) lines = NULL;
  g_autofree char *head = NULL;

  if (!http_stream (player, node, action_index, &final, &st, &head_len))
    {
      stream_clear (&st);
      return NULL;
    }
  resp = g_new0 (NsConsoleHttpResponse, 1);
  head = g_strndup ((const char *) st.data->data, head_len - 4);
  lines = g_strsplit (head, "\r\n", -1);
  resp->head = g_strjoinv ("\n", lines);
  field_uint (final, "status", &resp->status);
  resp->body = g_bytes_new (st.data->data + head_len, st.data->len - head_len);
  stream_clear (&st);
  return resp;
}

void
ns_console_http_response_free (NsConsoleHttpResponse *resp)
{
  if (resp == NULL)
    return;
  g_free (resp->head);
  g_clear_pointer (&resp->body, g_bytes_unref);
  g_free (resp);
}

static void
output_curl (NsPlayer *player, const char *node, const NsConsoleCommand *cmd, guint index,
             GPtrArray *out)
{
  const NsTraceEvent *final = NULL;
  Stream st = { 0 };
  gsize head_len = 0;
  gboolean have = http_stream (player, node, index, &final, &st, &head_len);
  g_autofree char *host = NULL;
  guint16 port = 80;
  double ms = 0;
  guint64 bytes = 0;

  if (final == NULL)
    {
      stream_clear (&st);
      return;
    }
  parse_http_url (cmd->url, &host, &port);
  field_double (final, "time_ms", &ms);
  if (final->fields != NULL)
    g_variant_lookup (final->fields, "bytes", "t", &bytes);
  if (have && cmd->headers)
    {
      gint64 t = g_array_index (st.times, gint64, head_len - 1);
      g_autofree char *head = g_strndup ((const char *) st.data->data, head_len - 4);
      g_auto (GStrv) lines = g_strsplit (head, "\r\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        add_line (out, t, "%s", lines[i]);
      add_line (out, t, "%s", "");
    }
  stream_clear (&st);
  if (field_uint (final, "status", &(guint){ 0 }))
    {
      add_line (out, final->t, "(%" G_GUINT64_FORMAT " bytes of body received in %.3f ms; "
                "the page is shown in the inspector)", bytes, ms);
      return;
    }
  if (final->detail == NULL || (strstr (final->detail, "not finished") != NULL
                                || strstr (final->detail, "not started") != NULL))
    {
      add_unfinished (out, final);
      return;
    }
  {
    const char *why = final->detail;
    gint64 after = (gint64) floor (ms + 0.5);

    if (strstr (why, "resolve") != NULL)
      add_line (out, final->t, "curl: (6) Could not resolve host: %s", host);
    else if (strstr (why, "refused") != NULL || strstr (why, "RST received in answer to our SYN")
             != NULL)
      add_line (out, final->t, "curl: (7) Failed to connect to %s port %u after %" G_GINT64_FORMAT
                " ms: Connection refused", host, port, after);
    else if (strstr (why, "unreachable") != NULL || strstr (why, "no route") != NULL)
      add_line (out, final->t, "curl: (7) Failed to connect to %s port %u after %" G_GINT64_FORMAT
                " ms: No route to host", host, port, after);
    else if (strstr (why, "reset") != NULL)
      add_line (out, final->t, "curl: (56) Recv failure: Connection reset by peer");
    else if (strstr (why, "timed out") != NULL || strstr (why, "timeout") != NULL)
      {
        if (bytes == 0 && !have)
          add_line (out, final->t, "curl: (28) Failed to connect to %s port %u after %"
                    G_GINT64_FORMAT " ms: Connection timed out", host, port, after);
        else
          add_line (out, final->t, "curl: (28) Operation timed out after %" G_GINT64_FORMAT
                    " milliseconds with %" G_GUINT64_FORMAT " bytes received", after, bytes);
      }
    else if (strstr (why, "closed before") != NULL)
      add_line (out, final->t, "curl: (52) Empty reply from server");
    else
      add_line (out, final->t, "curl: %s", why);
  }
}

/* ---- nc, ftp, dhclient: what the action reported ---- */

static void
output_nc (NsPlayer *player, const NsConsoleCommand *cmd, guint index, GPtrArray *out)
{
  g_autoptr (GPtrArray) events = action_events (player, index);
  const NsTraceEvent *final = final_event (events);
  g_autofree char *host = g_strndup (cmd->target, strrchr (cmd->target, ':') - cmd->target);
  const char *port = strrchr (cmd->target, ':') + 1;

  if (final == NULL)
    return;
  if (name_failed (final))
    add_line (out, final->t, "nc: getaddrinfo for host \"%s\" port %s: %s", host, port,
              gai_error (final->detail));
  else if (!cmd->udp && final->ok)
    add_line (out, final->t, "Connection to %s %s port [tcp/*] succeeded!", host, port);
  else if (!cmd->udp && final->detail != NULL && strstr (final->detail, "refused") != NULL)
    add_line (out, final->t, "nc: connect to %s port %s (tcp) failed: Connection refused", host,
              port);
  else if (!cmd->udp && final->detail != NULL && strstr (final->detail, "timed out") != NULL)
    add_line (out, final->t, "nc: connect to %s port %s (tcp) failed: Connection timed out",
              host, port);
  else if (cmd->udp && final->detail != NULL && strstr (final->detail, "port unreachable")
           != NULL)
    add_line (out, final->t, "nc: read(net): Connection refused");
  else if (!final->ok)
    add_line (out, final->t, "nc: %s", final->detail != NULL ? final->detail : "failed");
}

static void
output_detail (NsPlayer *player, const NsConsoleCommand *cmd, guint index, GPtrArray *out)
{
  g_autoptr (GPtrArray) events = action_events (player, index);

  for (guint i = 0; i < events->len; i++)
    {
      const NsTraceEvent *ev = g_ptr_array_index (events, i);

      if (ev->detail != NULL)
        add_line (out, ev->t, "%s: %s", cmd->program, ev->detail);
    }
}

/* ---- read-only commands: the state at the cursor ---- */

static char *
mask_string (guint prefix)
{
  return ns_format_ipv4 (ns_prefix_mask (prefix));
}

static void
output_arp (NsPlayer *player, const char *node, const NsConsoleCommand *cmd, gint64 at,
            GPtrArray *out)
{
  g_autoptr (GArray) cache = ns_player_dup_arp_cache (player, node);
  gboolean ip = g_strcmp0 (cmd->program, "ip") == 0;

  for (guint i = 0; i < cache->len; i++)
    {
      const NsPlayerArpEntry *e = &g_array_index (cache, NsPlayerArpEntry, i);
      const char *iface = e->iface != NULL && strchr (e->iface, ':') != NULL
                          ? strchr (e->iface, ':') + 1 : e->iface != NULL ? e->iface : "?";

      if (ip)
        add_line (out, at, "%s dev %s lladdr %s REACHABLE", e->addr, iface, e->mac);
      else
        add_line (out, at, "? (%s) at %s [ether] on %s", e->addr, e->mac, iface);
    }
}

static void
output_route (NsPlayer *player, const char *node, const NsConsoleCommand *cmd, gint64 at,
              GPtrArray *out)
{
  g_autoptr (GArray) routes = ns_player_dup_routes (player, node);
  gboolean ip = g_strcmp0 (cmd->program, "ip") == 0;
  const NsTopology *topo = ns_player_get_topology (player);
  const NsTopoNode *tn = topo != NULL ? ns_topology_find_node (topo, node) : NULL;

  if (!ip)
    {
      add_line (out, at, "Kernel IP routing table");
      add_line (out, at, "Destination     Gateway         Genmask         Flags Metric Ref    "
                "Use Iface");
    }
  for (guint i = 0; i < routes->len; i++)
    {
      const NsPlayerRoute *r = &g_array_index (routes, NsPlayerRoute, i);
      g_autofree char *dest = ns_format_ipv4 (r->dest);
      g_autofree char *via = ns_format_ipv4 (r->via);
      g_autofree char *mask = mask_string (r->prefix_len);
      const char *iface = r->iface != NULL ? r->iface : "?";
      g_autoptr (GString) line = g_string_new (NULL);

      if (ip)
        {
          if (r->prefix_len == 0)
            g_string_append (line, "default");
          else
            g_string_append_printf (line, "%s/%u", dest, r->prefix_len);
          if (r->via != 0)
            g_string_append_printf (line, " via %s", via);
          g_string_append_printf (line, " dev %s", iface);
          if (r->via == 0 && tn != NULL)
            {
              NsTopoIface *ti = r->iface != NULL ? ns_topo_node_find_iface (tn, r->iface) : NULL;

              g_string_append (line, " proto kernel scope link");
              if (ti != NULL && ti->has_addr)
                {
                  g_autofree char *src = ns_format_ipv4 (ti->addr);

                  g_string_append_printf (line, " src %s", src);
                }
            }
        }
      else
        {
          char flags[4] = "U";

          if (r->via != 0)
            strcat (flags, "G");
          if (r->prefix_len == 32)
            strcat (flags, "H");
          g_string_append_printf (line, "%-15s %-15s %-15s %-5s %-6d %-2d %7d %s", dest, via, mask,
                                  flags, 0, 0, 0, iface);
        }
      add_trimmed (out, at, line);
    }
}

static void
output_netstat (NsPlayer *player, const char *node, gint64 at, GPtrArray *out)
{
  g_autoptr (GArray) sockets = ns_player_dup_sockets (player, node);

  add_line (out, at, "Active Internet connections (servers and established)");
  add_line (out, at, "Proto Recv-Q Send-Q Local Address           Foreign Address         State");
  for (guint i = 0; i < sockets->len; i++)
    {
      const NsPlayerSocket *s = &g_array_index (sockets, NsPlayerSocket, i);
      g_autoptr (GString) line = g_string_new (NULL);
      g_autofree char *local = NULL;
      const char *remote = s->remote != NULL ? s->remote : "0.0.0.0:*";
      guint32 send_q = 0;
      gboolean tcp = g_strcmp0 (s->protocol, "TCP") == 0;

      if (tcp && s->conn >= 0)
        {
          const NsPlayerConn *c = ns_player_get_conn (player, (guint) s->conn);
          NsPlayerConnState st;

          local = g_strdup (c->listener ? NULL : c->local);
          ns_player_get_conn_state (player, (guint) s->conn, &st);
          /* Send-Q: bytes sent and not acknowledged yet. */
          if (st.vars != NULL)
            send_q = st.vars->snd_nxt - st.vars->snd_una;
        }
      if (local == NULL)
        local = g_strdup_printf ("0.0.0.0:%u", s->port);
      if (s->remote == NULL && tcp)
        remote = "0.0.0.0:*";
      g_string_append_printf (line, "%-5s %6d %6u %-23s %-23s %s", tcp ? "tcp" : "udp", 0, send_q,
                              local, remote, tcp ? s->state : "");
      add_trimmed (out, at, line);
    }
}

static void
output_ipconfig (NsPlayer *player, const char *node, const NsConsoleCommand *cmd, gint64 at,
                 GPtrArray *out)
{
  const NsTopology *topo = ns_player_get_topology (player);
  const NsTopoNode *tn = topo != NULL ? ns_topology_find_node (topo, node) : NULL;
  NsRun *run = ns_player_get_run (player);
  NsStack *stack = run != NULL ? ns_run_get_stack (run, node) : NULL;
  g_autoptr (GArray) routes = ns_player_dup_routes (player, node);
  gboolean ip = g_strcmp0 (cmd->program, "ip") == 0;
  guint32 gateway = 0;

  if (tn == NULL)
    return;
  for (guint i = 0; i < routes->len; i++)
    {
      const NsPlayerRoute *r = &g_array_index (routes, NsPlayerRoute, i);

      if (r->prefix_len == 0 && r->via != 0)
        gateway = r->via;
    }
  if (ip)
    add_line (out, at, "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536");
  else
    {
      add_line (out, at, "%s", "");
      add_line (out, at, "Windows IP Configuration");
    }
  for (guint i = 0; i < tn->ifaces->len; i++)
    {
      const NsTopoIface *ti = g_ptr_array_index (tn->ifaces, i);
      const guint8 *mac = NULL;
      g_autofree char *addr = ti->has_addr ? ns_format_ipv4 (ti->addr) : NULL;
      g_autofree char *mask = ti->has_addr ? mask_string (ti->prefix_len) : NULL;
      NsTopoLink *link = topo != NULL ? ns_topology_link_at (topo, node, ti->name) : NULL;

      if (stack != NULL)
        for (guint k = 0; k < ns_stack_n_ifaces (stack); k++)
          if (g_strcmp0 (ns_stack_iface_name (stack, k), ti->name) == 0)
            mac = ns_stack_iface_mac (stack, k);
      if (ip)
        {
          add_line (out, at, "%u: %s: <BROADCAST,MULTICAST%s> mtu %u", i + 2, ti->name,
                    link != NULL ? ",UP,LOWER_UP" : "", link != NULL ? link->mtu : 1500);
          if (mac != NULL)
            add_line (out, at, "    link/ether %02x:%02x:%02x:%02x:%02x:%02x brd "
                      "ff:ff:ff:ff:ff:ff", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
          if (addr != NULL)
            {
              g_autofree char *bcast = ns_format_ipv4 (ti->addr | ~ns_prefix_mask (ti->prefix_len));

              add_line (out, at, "    inet %s/%u brd %s scope global %s", addr, ti->prefix_len,
                        bcast, ti->name);
            }
          continue;
        }
      add_line (out, at, "%s", "");
      add_line (out, at, "Ethernet adapter %s:", ti->name);
      add_line (out, at, "%s", "");
      if (link == NULL)
        {
          add_line (out, at, "   Media State . . . . . . . . . . . : Media disconnected");
          continue;
        }
      if (mac != NULL)
        add_line (out, at, "   Physical Address. . . . . . . . . : "
                  "%02X-%02X-%02X-%02X-%02X-%02X", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
      if (addr != NULL)
        {
          add_line (out, at, "   IPv4 Address. . . . . . . . . . . : %s", addr);
          add_line (out, at, "   Subnet Mask . . . . . . . . . . . : %s", mask);
        }
      else
        add_line (out, at, "   IPv4 Address. . . . . . . . . . . : (none yet)");
      if (gateway != 0 && addr != NULL
          && (gateway & ns_prefix_mask (ti->prefix_len))
             == (ti->addr & ns_prefix_mask (ti->prefix_len)))
        {
          g_autofree char *gw = ns_format_ipv4 (gateway);

          add_line (out, at, "   Default Gateway . . . . . . . . . : %s", gw);
        }
      else
        add_line (out, at, "   Default Gateway . . . . . . . . . :");
      for (guint d = 0; d < tn->dns->len; d++)
        {
          g_autofree char *dns = ns_format_ipv4 (g_array_index (tn->dns, guint32, d));

          if (d == 0)
            add_line (out, at, "   DNS Servers . . . . . . . . . . . : %s", dns);
          else
            add_line (out, at, "                                       %s", dns);
        }
    }
}

static void
output_help (gint64 at, GPtrArray *out)
{
  static const char * const lines[] = {
    "Commands (as on your own computer; traffic leaves at the time you type it):",
    "  ping [-c N] [-i S] [-t TTL] [-s SIZE] [-M do] HOST   echo requests, replies, statistics",
    "  traceroute HOST  (tracert HOST)           the routers on the way, hop by hop",
    "  nslookup NAME [SERVER]  (dig NAME)        ask DNS for a name's address",
    "  curl [-i] URL  (wget URL)                 fetch a web page over HTTP",
    "  ftp HOST FILE                             fetch a file over FTP",
    "  nc [-u] HOST PORT                         open a TCP (or UDP) flow and send one line",
    "  ipconfig  (ip addr)                       addresses, gateway, DNS servers",
    "  ipconfig /renew  (dhclient)               ask DHCP for an address now",
    "  arp -a  (ip neigh)                        the ARP cache now",
    "  route  (ip route, netstat -r)             the routing table",
    "  netstat -an  (ss -tan)                    sockets and TCP states now",
    "  help                                      this list",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    add_line (out, at, "%s", lines[i]);
}

static gint
line_compare (gconstpointer a, gconstpointer b)
{
  const NsConsoleLine *la = *(NsConsoleLine * const *) a;
  const NsConsoleLine *lb = *(NsConsoleLine * const *) b;

  return la->t < lb->t ? -1 : la->t > lb->t;
}

GPtrArray *
ns_console_output (NsPlayer *player, const char *node, const NsConsoleCommand *cmd,
                   guint action_index, gint64 at_ns)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_console_line_free);

  g_return_val_if_fail (cmd != NULL, out);
  g_return_val_if_fail (player != NULL || cmd->kind == NS_CONSOLE_HELP, out);
  if (!ns_console_command_is_action (cmd) && cmd->kind != NS_CONSOLE_HELP
      && ns_player_get_time (player) != at_ns)
    ns_player_seek_time (player, at_ns);
  switch (cmd->kind)
    {
    case NS_CONSOLE_PING:
      output_ping (player, cmd, action_index, at_ns, out);
      break;
    case NS_CONSOLE_TRACEROUTE:
      output_traceroute (player, cmd, action_index, at_ns, out);
      break;
    case NS_CONSOLE_NSLOOKUP:
      output_nslookup (player, node, cmd, action_index, at_ns, out);
      break;
    case NS_CONSOLE_CURL:
      output_curl (player, node, cmd, action_index, out);
      break;
    case NS_CONSOLE_NC:
      output_nc (player, cmd, action_index, out);
      break;
    case NS_CONSOLE_FTP:
    case NS_CONSOLE_RENEW:
      output_detail (player, cmd, action_index, out);
      break;
    case NS_CONSOLE_IPCONFIG:
      output_ipconfig (player, node, cmd, at_ns, out);
      break;
    case NS_CONSOLE_ARP:
      output_arp (player, node, cmd, at_ns, out);
      break;
    case NS_CONSOLE_ROUTE:
      output_route (player, node, cmd, at_ns, out);
      break;
    case NS_CONSOLE_NETSTAT:
      output_netstat (player, node, at_ns, out);
      break;
    case NS_CONSOLE_HELP:
      output_help (at_ns, out);
      break;
    }
  /* Stable: lines of one moment keep their order. */
  g_ptr_array_sort (out, line_compare);
  return out;
}

GPtrArray *
ns_console_exec (const NsTopology *topology, const char *node, const NsConsoleCommand *cmd,
                 double at_s, gboolean override_seed, guint64 seed, GError **error)
{
  g_autoptr (NsTopology) copy = ns_topology_copy (topology);
  g_autoptr (NsPlayer) player = NULL;
  g_autoptr (GError) local_error = NULL;
  NsRun *run;
  guint index = 0;
  gint64 at_ns = (gint64) (at_s * NS_NSEC_PER_SEC);

  if (ns_console_command_is_action (cmd))
    {
      g_ptr_array_add (copy->scenario, ns_console_command_to_action (cmd, node, at_s));
      index = copy->scenario->len - 1;
    }
  run = ns_run_new (copy, override_seed, seed, &local_error);
  if (run == NULL)
    {
      g_autoptr (NsRun) plain = ns_console_command_is_action (cmd)
                                ? ns_run_new (topology, override_seed, seed, NULL) : NULL;

      /* The network runs without the command: its action is one this
       * build does not know (an action of a later version). */
      if (plain != NULL)
        g_set_error (error, NS_CONSOLE_ERROR, NS_CONSOLE_ERROR_UNSUPPORTED,
                     "%s: this build of Netsketch cannot run this command yet (%s)",
                     cmd->program, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  ns_run_execute (run, at_ns + NS_RUN_DEFAULT_UNTIL);
  player = ns_player_new_for_run (run);
  /* The state at --at includes what happens at that very moment. */
  ns_player_seek_time (player, at_ns);
  return ns_console_output (player, node, cmd, index, at_ns);
}
