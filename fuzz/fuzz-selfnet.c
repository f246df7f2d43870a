/* fuzz-selfnet.c: small networks generated from the input, whose hosts
 * talk mostly to their own addresses (RFC 1122 3.3.4.2 local delivery) and
 * to each other: TCP to a listener, to a closed port, self-connects with
 * from_port equal to the port, HTTP, ping, UDP and DNS through the host's
 * own server, over interfaces that may share addresses or be numbered
 * 255.255.255.255/32. Each byte of the input picks the next choice. The
 * run must end within its time, and the same input must give the same
 * trace twice. */
#include <string.h>

#include <glib.h>

#include "core/run.h"
#include "core/topology-file.h"
#include "core/trace-file.h"

int LLVMFuzzerTestOneInput (const guint8 *data, gsize len);

typedef struct {
  const guint8 *data;
  gsize         len;
  gsize         pos;
} Bytes;

static guint
pick (Bytes *in, guint n)
{
  guint8 b = in->pos < in->len ? in->data[in->pos] : 0;

  in->pos++;
  return n != 0 ? b % n : 0;
}

static const char *const addrs[] = {
  "10.0.0.1/24", "10.0.0.2/24", "10.0.0.1/24", "255.255.255.255/32", "10.0.1.1/24",
  "10.0.0.255/24", "192.168.0.1/30",
};
static const guint ports[] = { 7, 9, 53, 80, 5000, 49152 };
static const char *const actions[] = {
  "tcp-send", "http-get", "ping", "udp-send", "dns-lookup", "traceroute",
};

/* The address part of addrs[i]. */
static char *
addr_of (guint i)
{
  return g_strndup (addrs[i], strcspn (addrs[i], "/"));
}

static char *
generate (Bytes *in)
{
  GString *s = g_string_new ("{\"format\":\"netsketch\",\"version\":1,\"seed\":");
  guint n_hosts = 1 + pick (in, 3);
  guint host_addr[3];
  guint n_actions;

  g_string_append_printf (s, "%u,\"nodes\":[", pick (in, 256));
  for (guint h = 0; h < n_hosts; h++)
    {
      g_autofree char *own = NULL;

      host_addr[h] = pick (in, G_N_ELEMENTS (addrs));
      own = addr_of (host_addr[h]);
      g_string_append_printf (s, "%s{\"id\":\"h%u\",\"kind\":\"%s\",\"interfaces\":["
                              "{\"name\":\"eth0\",\"ip\":\"%s\"}],\"dns\":[\"%s\"],"
                              "\"services\":[{\"type\":\"tcp-echo\",\"port\":7},"
                              "{\"type\":\"udp-echo\",\"port\":7},"
                              "{\"type\":\"http-server\",\"port\":80,\"body_bytes\":%u},"
                              "{\"type\":\"dns-server\",\"port\":53,\"records\":["
                              "{\"name\":\"me.test\",\"type\":\"A\",\"value\":\"%s\"}]}]}",
                              h > 0 ? "," : "", h, pick (in, 4) == 0 ? "router" : "host",
                              addrs[host_addr[h]], own, 1 + pick (in, 250) * 40, own);
    }
  g_string_append (s, ",{\"id\":\"sw\",\"kind\":\"switch\",\"interfaces\":["
                      "{\"name\":\"p0\"},{\"name\":\"p1\"},{\"name\":\"p2\"}]}],\"links\":[");
  for (guint h = 0; h < n_hosts; h++)
    g_string_append_printf (s, "%s{\"id\":\"l%u\",\"a\":\"h%u:eth0\",\"b\":\"sw:p%u\","
                            "\"loss\":%s}", h > 0 ? "," : "", h, h, h,
                            pick (in, 4) == 0 ? "0.2" : "0");
  g_string_append (s, "],\"scenario\":[");
  n_actions = 1 + pick (in, 8);
  for (guint a = 0; a < n_actions; a++)
    {
      guint from = pick (in, n_hosts);
      guint to = pick (in, 3) == 0 ? pick (in, n_hosts) : from;
      const char *what = actions[pick (in, G_N_ELEMENTS (actions))];
      guint port = ports[pick (in, G_N_ELEMENTS (ports))];
      g_autofree char *target = addr_of (host_addr[to]);

      g_string_append_printf (s, "%s{\"at\":%u.%u,\"node\":\"h%u\",\"do\":\"%s\"",
                              a > 0 ? "," : "", pick (in, 2), pick (in, 10), from, what);
      if (g_str_equal (what, "http-get"))
        g_string_append_printf (s, ",\"url\":\"http://%s:%u/\"",
                                pick (in, 2) == 0 ? "me.test" : target, port);
      else if (g_str_equal (what, "dns-lookup"))
        g_string_append (s, ",\"name\":\"me.test\"");
      else if (g_str_equal (what, "ping") || g_str_equal (what, "traceroute"))
        g_string_append_printf (s, ",\"target\":\"%s\",\"count\":2", target);
      else
        g_string_append_printf (s, ",\"target\":\"%s:%u\",\"bytes\":%u,\"count\":2", target, port,
                                1 + pick (in, 200) * 100);
      if (pick (in, 3) == 0)
        g_string_append_printf (s, ",\"from_port\":%u", pick (in, 2) == 0 ? port : 5000);
      g_string_append_c (s, '}');
    }
  g_string_append (s, "]}");
  return g_string_free (s, FALSE);
}

static char *
run_once (const NsTopology *topology)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NsRun) run = ns_run_new (topology, FALSE, 0, &error);

  if (run == NULL)
    return g_strdup (error->message);
  ns_run_execute (run, 5 * NS_NSEC_PER_SEC);
  return ns_trace_to_jsonl (ns_run_get_trace (run), NULL);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, gsize len)
{
  Bytes in = { data, len, 0 };
  g_autofree char *text = generate (&in);
  g_autoptr (GError) error = NULL;
  g_autoptr (NsTopology) topology = ns_topology_load_data (text, -1, "selfnet", &error);
  g_autofree char *first = NULL, *second = NULL;

  if (topology == NULL)
    return 0;
  first = run_once (topology);
  second = run_once (topology);
  g_assert_cmpstr (first, ==, second);
  return 0;
}
