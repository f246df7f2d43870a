/* test-tcp-interop.c: our TCP against the Linux kernel's, over a TAP
 * device in a private network namespace.
 *
 * The test process moves itself into a new network namespace
 * (unshare (CLONE_NEWNET)), creates a TAP device there (10.99.0.1/24 on the
 * kernel side) and joins a simulated host (10.99.0.2) to it: frames the
 * kernel writes to the TAP go into the host's stack, frames the stack sends
 * go to the TAP. The simulation runs in real time. No traffic leaves the
 * namespace. Where the kernel forbids this (no CAP_NET_ADMIN, no
 * /dev/net/tun) the tests are skipped with the reason. */
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <unistd.h>

#include "net/apps/tcp-apps.h"
#include "net/stack.h"
#include "net/tcp.h"
#include "sim/trace.h"

#define KERNEL_ADDR 0x0a630001u   /* 10.99.0.1 */
#define SIM_ADDR    0x0a630002u   /* 10.99.0.2 */
#define TAP_NAME    "nstcp0"
#define WALL_LIMIT_US (20 * G_USEC_PER_SEC)

static int tap_fd = -1;
static char *skip_reason;

/* ---- the namespace and the TAP device ---- */

static gboolean
ioctl_addr (int sock, unsigned long req, guint32 addr)
{
  struct ifreq ifr = { 0 };
  struct sockaddr_in *sin = (struct sockaddr_in *) &ifr.ifr_addr;

  g_strlcpy (ifr.ifr_name, TAP_NAME, IFNAMSIZ);
  sin->sin_family = AF_INET;
  sin->sin_addr.s_addr = htonl (addr);
  return ioctl (sock, req, &ifr) == 0;
}

static gboolean
bring_up (const char *name, int sock)
{
  struct ifreq ifr = { 0 };

  g_strlcpy (ifr.ifr_name, name, IFNAMSIZ);
  if (ioctl (sock, SIOCGIFFLAGS, &ifr) != 0)
    return FALSE;
  ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
  return ioctl (sock, SIOCSIFFLAGS, &ifr) == 0;
}

static void
disable_ipv6 (void)
{
  /* Keeps the kernel's IPv6 chatter (router solicitations) off the TAP;
   * the simulated host would drop it anyway. */
  g_file_set_contents ("/proc/sys/net/ipv6/conf/" TAP_NAME "/disable_ipv6", "1", 1, NULL);
}

static gboolean
setup_tap (void)
{
  struct ifreq ifr = { 0 };
  int sock;

  if (!g_file_test ("/dev/net/tun", G_FILE_TEST_EXISTS))
    {
      skip_reason = g_strdup ("/dev/net/tun does not exist: no TAP devices on this machine");
      return FALSE;
    }
  if (unshare (CLONE_NEWNET) != 0)
    {
      skip_reason = g_strdup_printf ("cannot create a private network namespace (%s): the "
                                     "test needs CAP_NET_ADMIN", g_strerror (errno));
      return FALSE;
    }
  tap_fd = open ("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (tap_fd < 0)
    {
      skip_reason = g_strdup_printf ("cannot open /dev/net/tun: %s", g_strerror (errno));
      return FALSE;
    }
  ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
  g_strlcpy (ifr.ifr_name, TAP_NAME, IFNAMSIZ);
  if (ioctl (tap_fd, TUNSETIFF, &ifr) != 0)
    {
      skip_reason = g_strdup_printf ("cannot create TAP device: %s", g_strerror (errno));
      close (tap_fd);
      tap_fd = -1;
      return FALSE;
    }
  disable_ipv6 ();
  sock = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (sock < 0 || !ioctl_addr (sock, SIOCSIFADDR, KERNEL_ADDR)
      || !ioctl_addr (sock, SIOCSIFNETMASK, 0xffffff00u) || !bring_up (TAP_NAME, sock)
      || !bring_up ("lo", sock))
    {
      skip_reason = g_strdup_printf ("cannot configure the TAP device: %s", g_strerror (errno));
      if (sock >= 0)
        close (sock);
      return FALSE;
    }
  close (sock);
  return TRUE;
}

/* ---- the simulated host, in real time ---- */

typedef struct {
  NsSim    *sim;
  NsTrace  *trace;
  NsStack  *host;
  guint     iface;
  gint64    start_us;
  guint64   frames_in, frames_out;
} Host;

static void
tap_out (NsStack *stack, guint iface, NsPacket *frame, gpointer user_data)
{
  Host *h = user_data;

  /* One write per frame; the TAP takes it whole or not at all. */
  if (write (tap_fd, frame->data, frame->len) == (ssize_t) frame->len)
    h->frames_out++;
  ns_packet_unref (frame);
}

static void
host_init (Host *h)
{
  static const guint8 mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x63, 0x02 };
  guint8 drain[65536];

  memset (h, 0, sizeof *h);
  h->sim = ns_sim_new (42);
  h->trace = ns_trace_new ();
  ns_sim_set_trace (h->sim, h->trace);
  h->host = ns_stack_new (h->sim, "sim", FALSE);
  h->iface = ns_stack_add_iface (h->host, "eth0", mac, SIM_ADDR, 24, 1500);
  ns_stack_add_connected_routes (h->host);
  ns_stack_set_iface_tap (h->host, h->iface, tap_out, h);
  /* Forget frames from an earlier test. */
  while (read (tap_fd, drain, sizeof drain) > 0)
    ;
  h->start_us = g_get_monotonic_time ();
}

static void
host_clear (Host *h)
{
  ns_stack_free (h->host);
  ns_sim_free (h->sim);
  ns_trace_free (h->trace);
}

static gint64
host_elapsed_ns (Host *h)
{
  return (g_get_monotonic_time () - h->start_us) * NS_NSEC_PER_USEC;
}

/* Runs the simulation up to the wall clock, feeding it the TAP's frames,
 * and waits at most @max_wait_ms for the TAP or @extra_fd. */
static void
host_poll (Host *h, int extra_fd, short extra_events, int max_wait_ms)
{
  struct pollfd fds[2] = {
    { .fd = tap_fd, .events = POLLIN },
    { .fd = extra_fd, .events = extra_events },
  };
  gint64 next = ns_sim_next_time (h->sim);
  gint64 now = host_elapsed_ns (h);
  int wait_ms = max_wait_ms;
  guint8 buf[65536];
  ssize_t n;

  if (next != G_MAXINT64)
    wait_ms = (int) CLAMP ((next - now) / NS_NSEC_PER_MSEC, 0, max_wait_ms);
  poll (fds, extra_fd >= 0 ? 2 : 1, wait_ms);
  ns_sim_run_until (h->sim, host_elapsed_ns (h));
  while ((n = read (tap_fd, buf, sizeof buf)) > 0)
    {
      h->frames_in++;
      ns_stack_input_frame (h->host, h->iface, ns_packet_new_from_data (buf, (gsize) n));
      ns_sim_run_until (h->sim, host_elapsed_ns (h));
    }
}

static gboolean
host_timed_out (Host *h)
{
  return g_get_monotonic_time () - h->start_us > WALL_LIMIT_US;
}

static gboolean
skip_if_needed (void)
{
  if (tap_fd >= 0)
    return FALSE;
  g_test_skip (skip_reason);
  return TRUE;
}

static guint
count_tcp_events (Host *h, const char *to_state)
{
  guint n = 0;

  for (guint i = 0; i < ns_trace_len (h->trace); i++)
    {
      const NsTraceEvent *ev = ns_trace_get (h->trace, i);

      if (ev->kind == NS_TRACE_TCP && g_strcmp0 (ev->to_state, to_state) == 0)
        n++;
    }
  return n;
}

/* ---- the kernel connects to a simulated echo server ---- */

static void
test_kernel_to_sim_echo (void)
{
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons (7),
                            .sin_addr.s_addr = htonl (SIM_ADDR) };
  const gsize total = 100000;
  g_autofree guint8 *out = g_malloc (total);
  g_autoptr (GByteArray) back = g_byte_array_new ();
  gsize sent = 0;
  gboolean eof = FALSE, shut = FALSE;
  Host h;
  int fd;

  if (skip_if_needed ())
    return;
  host_init (&h);
  g_assert_true (ns_tcp_echo_start (h.host, 7));
  for (gsize i = 0; i < total; i++)
    out[i] = (guint8) (i * 7 + i / 251);
  fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_true (connect (fd, (struct sockaddr *) &sa, sizeof sa) == 0 || errno == EINPROGRESS);
  while (!eof && !host_timed_out (&h))
    {
      guint8 buf[16384];
      ssize_t n;

      host_poll (&h, fd, POLLIN | (sent < total ? POLLOUT : 0), 10);
      if (sent < total)
        {
          n = send (fd, out + sent, total - sent, MSG_NOSIGNAL);
          if (n > 0)
            sent += (gsize) n;
        }
      else if (!shut)
        {
          shutdown (fd, SHUT_WR);
          shut = TRUE;
        }
      while ((n = recv (fd, buf, sizeof buf, 0)) > 0)
        g_byte_array_append (back, buf, (guint) n);
      if (n == 0)
        eof = TRUE;
    }
  g_assert_true (eof);
  g_assert_cmpuint (back->len, ==, total);
  g_assert_cmpmem (back->data, back->len, out, total);
  close (fd);
  /* Let the last ACKs cross, then check the states our side went through. */
  for (guint i = 0; i < 20; i++)
    host_poll (&h, -1, 0, 10);
  g_assert_cmpuint (count_tcp_events (&h, "SYN-RECEIVED"), ==, 1);
  g_assert_cmpuint (count_tcp_events (&h, "ESTABLISHED"), ==, 1);
  g_assert_cmpuint (count_tcp_events (&h, "CLOSE-WAIT"), ==, 1);
  g_assert_cmpuint (count_tcp_events (&h, "LAST-ACK"), ==, 1);
  g_assert_cmpuint (count_tcp_events (&h, "CLOSED"), ==, 1);
  g_test_message ("echo: %u frames in, %u frames out", (guint) h.frames_in, (guint) h.frames_out);
  host_clear (&h);
}

/* ---- a simulated host connects to a kernel listener ---- */

static void
test_sim_to_kernel (void)
{
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons (5001),
                            .sin_addr.s_addr = htonl (KERNEL_ADDR) };
  NsTcpSendParams params = { .target = KERNEL_ADDR, .port = 5001, .bytes = 300000 };
  const NsTraceEvent *report = NULL;
  gsize got = 0;
  gboolean eof = FALSE, bad = FALSE;
  int one = 1, lfd, cfd = -1;
  Host h;

  if (skip_if_needed ())
    return;
  host_init (&h);
  lfd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  g_assert_cmpint (lfd, >=, 0);
  setsockopt (lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  g_assert_cmpint (bind (lfd, (struct sockaddr *) &sa, sizeof sa), ==, 0);
  g_assert_cmpint (listen (lfd, 4), ==, 0);
  ns_tcp_send_start (h.host, &params, "10.99.0.1:5001");
  while (!(eof && report != NULL) && !host_timed_out (&h))
    {
      guint8 buf[16384];
      ssize_t n;

      host_poll (&h, cfd >= 0 ? cfd : lfd, POLLIN, 10);
      if (cfd < 0)
        cfd = accept4 (lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (cfd >= 0 && !eof)
        {
          while ((n = recv (cfd, buf, sizeof buf, 0)) > 0)
            {
              /* tcp-send's pattern: 'a' + offset mod 26. */
              for (ssize_t i = 0; i < n; i++)
                if (buf[i] != 'a' + (got + (gsize) i) % 26)
                  bad = TRUE;
              got += (gsize) n;
            }
          if (n == 0)
            {
              eof = TRUE;
              close (cfd);   /* our FIN back */
            }
        }
      for (guint i = 0; report == NULL && i < ns_trace_len (h.trace); i++)
        {
          const NsTraceEvent *ev = ns_trace_get (h.trace, i);

          if (ev->kind == NS_TRACE_APP && g_strcmp0 (ev->action, "tcp-send") == 0)
            report = ev;
        }
    }
  g_assert_true (eof);
  g_assert_false (bad);
  g_assert_cmpuint (got, ==, params.bytes);
  g_assert_nonnull (report);
  g_assert_true (report->ok);
  /* Our side: SYN-SENT, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT. */
  for (guint i = 0; i < 50 && count_tcp_events (&h, "TIME-WAIT") == 0; i++)
    host_poll (&h, -1, 0, 10);
  g_assert_cmpuint (count_tcp_events (&h, "SYN-SENT"), ==, 1);
  g_assert_cmpuint (count_tcp_events (&h, "ESTABLISHED"), ==, 1);
  g_assert_cmpuint (count_tcp_events (&h, "FIN-WAIT-1"), ==, 1);
  g_assert_cmpuint (count_tcp_events (&h, "TIME-WAIT"), ==, 1);
  g_test_message ("send: %s", report->detail);
  close (lfd);
  host_clear (&h);
}

/* ---- a kernel connects to a closed simulated port: RST ---- */

static void
test_kernel_refused (void)
{
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons (9999),
                            .sin_addr.s_addr = htonl (SIM_ADDR) };
  int fd, err = 0;
  socklen_t len = sizeof err;
  Host h;

  if (skip_if_needed ())
    return;
  host_init (&h);
  ns_tcp_attach (h.host);
  fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  g_assert_true (connect (fd, (struct sockaddr *) &sa, sizeof sa) == 0 || errno == EINPROGRESS);
  while (!host_timed_out (&h))
    {
      struct pollfd p = { .fd = fd, .events = POLLOUT };

      host_poll (&h, -1, 0, 10);
      if (poll (&p, 1, 0) > 0)
        break;
    }
  getsockopt (fd, SOL_SOCKET, SO_ERROR, &err, &len);
  g_assert_cmpint (err, ==, ECONNREFUSED);
  close (fd);
  host_clear (&h);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  setup_tap ();
  g_test_add_func ("/net/tcp/interop/kernel-to-sim-echo", test_kernel_to_sim_echo);
  g_test_add_func ("/net/tcp/interop/sim-to-kernel", test_sim_to_kernel);
  g_test_add_func ("/net/tcp/interop/kernel-refused", test_kernel_refused);
  int ret = g_test_run ();

  if (tap_fd >= 0)
    close (tap_fd);
  g_free (skip_reason);
  ns_packet_pool_trim ();
  return ret;
}
