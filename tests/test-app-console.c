/* test-app-console.c: a host's console in the window, under Xvfb
 * (CONTRACT.md §5): a typed ping becomes a console action of the document
 * and the run plays it; its lines appear as the cursor reaches their
 * events and disappear when stepping back; a command typed in the past
 * replaces the future; undo removes it; history, completion, Ctrl+C, a
 * read-only command, an error, and two consoles side by side. */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "core/console.h"
#include "core/topology-file.h"
#include "ns-console.h"
#include "ns-player-bar.h"
#include "ns-run-panel.h"
#include "ns-window.h"

static NsWindow *
new_window (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("NS_TEST_DATA"), "console.netsketch.json",
                                            NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = g_file_new_for_path (path);
  NsTopology *topology = ns_topology_load_file (path, &error);
  g_autoptr (NsDocument) document = NULL;
  NsWindow *window;

  g_assert_no_error (error);
  document = ns_document_new_for_topology (topology, file);
  window = ns_window_new (NULL, document);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  ns_window_simulate (window);
  return window;
}

static NsPlayer *
player_of (NsWindow *window)
{
  return ns_run_panel_get_player (ns_window_get_run_panel (window));
}

static void
pause_player (NsWindow *window)
{
  ns_player_bar_set_playing (ns_run_panel_get_player_bar (ns_window_get_run_panel (window)),
                             FALSE);
}

static guint
console_actions (NsWindow *window)
{
  const NsTopology *topology = ns_document_get_topology (ns_window_get_document (window));
  guint n = 0;

  for (guint i = 0; i < topology->scenario->len; i++)
    n += ns_console_action_is_console (g_ptr_array_index (topology->scenario, i));
  return n;
}

static gboolean
shows (NsConsole *console, const char *text)
{
  g_autofree char *all = ns_console_dup_text (console);

  return strstr (all, text) != NULL;
}

static void
seek (NsWindow *window, double seconds)
{
  ns_player_seek_time (player_of (window), (gint64) (seconds * NS_NSEC_PER_SEC));
}

static void
test_console_ping (void)
{
  NsWindow *window = new_window ();
  NsConsole *console = ns_window_open_console (window, "pc1");
  NsDocument *document = ns_window_get_document (window);

  g_assert_nonnull (console);
  g_assert_cmpstr (ns_console_get_node (console), ==, "pc1");
  /* Opening it again gives the same console. */
  g_assert_true (ns_window_open_console (window, "pc1") == console);

  seek (window, 1.0);
  ns_console_submit (console, "ping -c 2 10.0.0.80");
  pause_player (window);
  g_assert_cmpuint (console_actions (window), ==, 1);
  /* At the moment it is typed: the command and the PING line, no reply yet. */
  g_assert_true (shows (console, "pc1$ ping -c 2 10.0.0.80\n"));
  g_assert_true (shows (console, "PING 10.0.0.80 (10.0.0.80) 56(84) bytes of data."));
  g_assert_false (shows (console, "64 bytes from"));
  /* Later: the replies and the statistics. */
  seek (window, 5.0);
  g_assert_true (shows (console, "64 bytes from 10.0.0.80: icmp_seq=1 ttl=63"));
  g_assert_true (shows (console, "2 packets transmitted, 2 received, 0% packet loss"));
  /* Stepping back before the first reply un-prints it. */
  seek (window, 1.001);
  g_assert_false (shows (console, "64 bytes from"));
  g_assert_true (shows (console, "PING 10.0.0.80"));
  /* Before the command: nothing. */
  seek (window, 0.5);
  g_assert_false (shows (console, "ping -c 2"));

  /* Typed in the past, a command replaces the future after it. */
  seek (window, 0.2);
  ns_console_submit (console, "traceroute 10.0.0.80");
  pause_player (window);
  g_assert_cmpuint (console_actions (window), ==, 1);
  seek (window, 30);
  g_assert_true (shows (console, "traceroute to 10.0.0.80 (10.0.0.80), 30 hops max"));
  g_assert_false (shows (console, "ping -c 2"));
  /* Undo brings the ping back and takes the traceroute away. */
  g_assert_true (ns_document_undo (document));
  ns_window_simulate (window);
  g_assert_cmpuint (console_actions (window), ==, 1);
  seek (window, 30);
  g_assert_false (shows (console, "traceroute to"));
  g_assert_true (shows (console, "2 packets transmitted"));
  g_assert_true (ns_document_undo (document));
  ns_window_simulate (window);
  g_assert_cmpuint (console_actions (window), ==, 0);
  g_assert_false (shows (console, "ping -c 2"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_console_state_history_completion (void)
{
  NsWindow *window = new_window ();
  NsConsole *console = ns_window_open_console (window, "pc1");
  NsConsole *other = ns_window_open_console (window, "web");
  GList *consoles = ns_window_get_consoles (window);
  char **candidates;

  g_assert_cmpuint (g_list_length (consoles), ==, 2);
  g_list_free (consoles);
  g_assert_true (other != console);
  seek (window, 12);
  ns_console_submit (console, "arp -a");
  g_assert_true (shows (console, "pc1$ arp -a\n? (192.168.1.1) at "));
  ns_console_submit (other, "netstat -an");
  g_assert_true (shows (other, "0.0.0.0:80              0.0.0.0:*               LISTEN"));
  g_assert_false (shows (console, "LISTEN"));
  ns_console_submit (console, "frobnicate");
  g_assert_true (shows (console, "frobnicate: command not found"));
  /* A page fetched: its head in the console, the page in the inspector. */
  g_assert_false (ns_console_show_page (console));
  ns_console_submit (console, "curl -i http://www.example.com/");
  pause_player (window);
  seek (window, 20);
  g_assert_true (shows (console, "HTTP/1.1 200 OK\n"));
  g_assert_true (shows (console, "Content-Length: 3000\n"));
  g_assert_true (ns_console_show_page (console));
  /* Read-only lines belong to their moment too. */
  seek (window, 11);
  g_assert_false (shows (console, "arp -a"));
  seek (window, 12);

  /* History: Up walks back, Down forward to an empty prompt. */
  ns_console_history_move (console, -1);
  g_assert_cmpstr (ns_console_get_input (console), ==, "curl -i http://www.example.com/");
  ns_console_history_move (console, -1);
  g_assert_cmpstr (ns_console_get_input (console), ==, "frobnicate");
  ns_console_history_move (console, -1);
  g_assert_cmpstr (ns_console_get_input (console), ==, "arp -a");
  ns_console_history_move (console, +1);
  ns_console_history_move (console, +1);
  ns_console_history_move (console, +1);
  g_assert_cmpstr (ns_console_get_input (console), ==, "");

  /* Completion: commands, then node names and addresses. */
  ns_console_set_input (console, "trac");
  candidates = ns_console_complete (console);
  g_assert_cmpstr (ns_console_get_input (console), ==, "tracer");
  g_assert_cmpuint (g_strv_length (candidates), ==, 2);
  g_strfreev (candidates);
  ns_console_set_input (console, "nsl");
  g_assert_null (ns_console_complete (console));
  g_assert_cmpstr (ns_console_get_input (console), ==, "nslookup ");
  ns_console_set_input (console, "ping 10.0.0.8");
  g_assert_null (ns_console_complete (console));
  g_assert_cmpstr (ns_console_get_input (console), ==, "ping 10.0.0.80 ");
  ns_console_set_input (console, "curl http://ww");
  g_assert_null (ns_console_complete (console));
  g_assert_cmpstr (ns_console_get_input (console), ==, "curl http://www.example.com ");
  /* An action this build may not have is refused, never added. */
  {
    guint before = console_actions (window);

    ns_console_submit (console, "ftp web notes.txt");
    if (console_actions (window) == before)
      g_assert_true (shows (console, "ftp: this build of Netsketch cannot run this command yet"));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_console_interrupt (void)
{
  NsWindow *window = new_window ();
  NsConsole *console = ns_window_open_console (window, "pc1");
  const NsTopology *topology;
  const NsTopoAction *action;

  seek (window, 1);
  ns_console_submit (console, "ping 10.0.0.80");
  pause_player (window);
  /* 2.5 s later three requests have gone; Ctrl+C stops the ping there. */
  seek (window, 3.5);
  g_assert_false (shows (console, "packets transmitted"));
  g_assert_true (ns_console_interrupt (console));
  pause_player (window);
  topology = ns_document_get_topology (ns_window_get_document (window));
  action = g_ptr_array_index (topology->scenario, topology->scenario->len - 1);
  g_assert_cmpuint (action->count, ==, 3);
  seek (window, 30);
  g_assert_true (shows (console, "3 packets transmitted, 3 received"));
  /* Nothing runs any more. */
  g_assert_false (ns_console_interrupt (console));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/app/console/ping", test_console_ping);
  g_test_add_func ("/app/console/state-history-completion", test_console_state_history_completion);
  g_test_add_func ("/app/console/interrupt", test_console_interrupt);
  return g_test_run ();
}
