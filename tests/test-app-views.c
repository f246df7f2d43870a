/* test-app-views.c: the run's views under Xvfb, as a learner clicks them.
 * Every drop-down of the run views is opened and each of its entries is
 * chosen, the way a pointer does it (the popup's list activates the row);
 * the window must keep answering. A watchdog turns a freeze into a failure
 * instead of a hung test. */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <gtk/gtk.h>

#include "app-test-util.h"

#include "core/topology-file.h"
#include "ns-run-panel.h"
#include "ns-run-style.h"
#include "ns-window-private.h"
#include "ns-window.h"

static NsWindow *
new_window (NsDocument *document,
            int         width,
            int         height)
{
  NsWindow *window = ns_window_new (NULL, document);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static NsPlayer *
player_of (NsWindow *window)
{
  return ns_run_panel_get_player (ns_window_get_run_panel (window));
}

/* Lets the main loop run until @widget is (or is no longer) mapped, for
 * at most 5 s: a loaded machine (or a sanitizer build) maps a popup later
 * than an idle one, and a fixed pause would fail there. */
static void
spin_until_mapped (GtkWidget *widget,
                   gboolean   mapped)
{
  for (guint k = 0; k < 500 && gtk_widget_get_mapped (widget) != mapped; k++)
    app_test_spin (10);
}

static void
wait_for_run (NsWindow *window)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (10000, app_test_flag_cb, &timed_out);

  while (!timed_out && player_of (window) == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_nonnull (player_of (window));
}

static void
on_alarm (int sig)
{
  (void) sig;
  /* async-signal-safe: write and _exit only. */
  static const char msg[] = "Bail out! the window stopped answering (a re-entrant update loops)\n";
  if (write (STDOUT_FILENO, msg, sizeof msg - 1) < 0)
    _exit (2);
  _exit (1);
}

static void
collect_dropdowns (GtkWidget *widget,
                   GPtrArray *out)
{
  if (GTK_IS_DROP_DOWN (widget))
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    collect_dropdowns (c, out);
}

static GtkWidget *
find_list_view (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_list_view (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_toggle (GtkWidget *widget)
{
  if (GTK_IS_TOGGLE_BUTTON (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_toggle (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Brings the notebook pages holding @widget to the front. */
static void
reveal (GtkWidget *widget)
{
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      GtkWidget *up = gtk_widget_get_ancestor (w, GTK_TYPE_NOTEBOOK);
      gint page;

      if (up == NULL)
        break;
      for (GtkWidget *c = widget; c != NULL && c != up; c = gtk_widget_get_parent (c))
        if ((page = gtk_notebook_page_num (GTK_NOTEBOOK (up), c)) >= 0)
          gtk_notebook_set_current_page (GTK_NOTEBOOK (up), page);
      w = up;
    }
}

/* Chooses entry @i as a pointer does: opens the popup with the button
 * and activates the row in its list. */
static void
choose_entry (GtkDropDown *dropdown,
              guint        i)
{
  GtkWidget *list;

  reveal (GTK_WIDGET (dropdown));
  spin_until_mapped (GTK_WIDGET (dropdown), TRUE);
  if (!gtk_widget_get_mapped (GTK_WIDGET (dropdown)))
    for (GtkWidget *w = GTK_WIDGET (dropdown); w != NULL; w = gtk_widget_get_parent (w))
      g_test_message ("%s visible %d mapped %d", G_OBJECT_TYPE_NAME (w), gtk_widget_get_visible (w),
                      gtk_widget_get_mapped (w));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (dropdown)));
  /* A click, without the key activation's 250 ms pressed look. */
  g_signal_emit_by_name (find_toggle (GTK_WIDGET (dropdown)), "clicked");
  list = find_list_view (GTK_WIDGET (dropdown));
  g_assert_nonnull (list);
  spin_until_mapped (list, TRUE);
  g_assert_true (gtk_widget_get_mapped (list));
  /* A click on a row selects it, then activates it. */
  g_assert_true (gtk_widget_activate_action (list, "list.select-item", "(ubb)", i, FALSE, FALSE));
  g_assert_true (gtk_widget_activate_action (list, "list.activate-item", "u", i));
  /* The popup closes (and gives the focus back) before the next click. */
  spin_until_mapped (list, FALSE);
  g_assert_false (gtk_widget_get_mapped (list));
  app_test_spin (20);
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, i);
}

/* Moves the cursor to the first step of a TCP connection, so the TCP tab
 * has a connection and the ladder a focus. */
static void
step_to_tcp (NsWindow *window)
{
  NsPlayer *player = player_of (window);

  for (guint s = 0; s < ns_player_get_n_steps (player); s++)
    if (ns_player_get_step_info (player, s)->conn >= 0
        && !ns_player_get_conn (player, (guint)ns_player_get_step_info (player, s)->conn)->listener)
      {
        ns_player_seek_step (player, (gint) s);
        break;
      }
  app_test_spin (50);
}

static void
choose_every_entry (const char *example)
{
  NsDocument *document = app_test_load_example (example);
  NsWindow *window = new_window (document, 1200, 800);
  NsRunPanel *panel;
  g_autoptr (GPtrArray) dropdowns = g_ptr_array_new ();
  guint chosen = 0;

  wait_for_run (window);
  panel = ns_window_get_run_panel (window);
  step_to_tcp (window);
  collect_dropdowns (GTK_WIDGET (panel), dropdowns);
  /* The event log's protocol and node filters, the player's speed, the
   * TCP tab's connection at least. */
  g_assert_cmpuint (dropdowns->len, >=, 4);
  for (guint d = 0; d < dropdowns->len; d++)
    {
      GtkDropDown *dropdown = g_ptr_array_index (dropdowns, d);
      GListModel *model = gtk_drop_down_get_model (dropdown);
      guint n = model != NULL ? g_list_model_get_n_items (model) : 0;

      step_to_tcp (window);

      /* Each entry, then back to the first, so a choice that depends on
       * the one before is tried both ways. */
      g_test_message ("drop-down %u of %s: %u entries", d,
                      gtk_widget_get_name (gtk_widget_get_parent (GTK_WIDGET (dropdown))), n);
      for (guint i = 0; i < n; i++)
        {
          alarm (10);
          choose_entry (dropdown, i);
          alarm (0);
          chosen++;
        }
      if (n > 1)
        {
          alarm (10);
          choose_entry (dropdown, 0);
          alarm (0);
        }
    }
  g_assert_cmpuint (chosen, >=, 8);
  app_test_spin (100);
  gtk_window_destroy (GTK_WINDOW (window));
  app_test_spin (50);
  g_object_unref (document);
}

static void
test_dropdowns_handshake (void)
{
  choose_every_entry ("tcp-handshake.netsketch.json");
}

static void
test_dropdowns_order (void)
{
  choose_every_entry ("tcp-order.netsketch.json");
}

/* tcp-reliable: the frame carrying the retransmission (and the router's
 * forwarding of it) arrives, so its row wears ↻ and never ✕; the lost
 * mark is for drops only, in the log, on the timeline and in the ladder. */
static void
test_lost_mark (void)
{
  NsDocument *document = app_test_load_example ("tcp-reliable.netsketch.json");
  NsWindow *window = new_window (document, 1200, 800);
  NsPlayer *player;
  guint lost = 0, resent_frames = 0;

  wait_for_run (window);
  player = player_of (window);
  for (guint i = 0; i < ns_player_get_n_steps (player); i++)
    {
      const NsPlayerStep *step = ns_player_get_step_info (player, i);
      const NsPlayerFlight *f =
        step->flight >= 0 ? ns_player_get_flight (player, (guint)step->flight) : NULL;
      const char *glyph = ns_run_style_mark_glyph (step->mark);

      if (g_str_equal (glyph, "✕"))
        {
          g_assert_cmpint (step->kind, ==, NS_TRACE_DROP);
          lost++;
        }
      if (f != NULL && f->retransmission && step->kind == NS_TRACE_TX)
        {
          g_assert_cmpstr (glyph, ==, "↻");
          g_assert_true (f->arrived);
          resent_frames++;
        }
    }
  g_assert_cmpuint (lost, >=, 1);
  /* The sender's frame and the router's forwarding of it. */
  g_assert_cmpuint (resent_frames, >=, 2);
  for (gint c = -1; c < (gint) ns_player_get_n_conns (player); c++)
    {
      g_autoptr (NsPlayerLadder) ladder = ns_player_ladder_new (player, c, FALSE);

      for (guint k = 0; k < ladder->arrows->len; k++)
        {
          const NsPlayerArrow *a = &g_array_index (ladder->arrows, NsPlayerArrow, k);

          if (a->lost)
            g_assert_false (ns_player_get_flight (player, a->flight)->arrived);
        }
    }
  g_assert_nonnull (strstr (ns_run_style_mark_meaning (NS_PLAYER_MARK_RESENT), "arrives"));
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (document);
}

/* Counts the rows of section @title in the device panel's text (the
 * lines after the title up to the next blank line, that start with a
 * space and a tab). */
static guint
section_rows (const char *text,
              const char *title)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;
  gboolean in = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_equal (lines[i], title))
        in = TRUE;
      else if (in && lines[i][0] == '\0')
        break;
      else if (in && g_str_has_prefix (lines[i], " \t"))
        n++;
    }
  return n;
}

/* ports: the device panel follows the selected node and the cursor: the
 * router's ARP cache and the switch's MAC table start empty and fill as
 * frames pass; the server's socket table has its listening port. */
static void
test_device_panel (void)
{
  NsDocument *document = app_test_load_example ("ports.netsketch.json");
  NsWindow *window = new_window (document, 1200, 800);
  NsDevicePanel *panel;
  NsPlayer *player;
  g_autofree char *start = NULL;
  g_autofree char *middle = NULL;
  g_autofree char *end = NULL;
  g_autofree char *sw_start = NULL;
  g_autofree char *sw_end = NULL;
  g_autofree char *web = NULL;
  guint n;

  wait_for_run (window);
  player = player_of (window);
  panel = ns_run_panel_get_device_panel (ns_window_get_run_panel (window));
  n = ns_player_get_n_steps (player);
  ns_player_seek_step (player, -1);
  ns_document_select_node (document, "router", FALSE, FALSE);
  app_test_spin (50);
  g_assert_cmpstr (ns_device_panel_get_node (panel), ==, "router");
  start = ns_device_panel_dup_text (panel);
  g_test_message ("%s", start);
  g_assert_nonnull (strstr (start, "Interfaces"));
  g_assert_nonnull (strstr (start, "Routing table"));
  g_assert_cmpuint (section_rows (start, "Routing table"), >=, 2);
  g_assert_cmpuint (section_rows (start, "ARP cache (IP address → MAC address)"), ==, 0);
  g_assert_nonnull (strstr (start, "empty: nothing learnt yet"));
  ns_player_seek_step (player, (gint) n / 2);
  app_test_spin (50);
  middle = ns_device_panel_dup_text (panel);
  ns_player_seek_step (player, (gint) n - 1);
  app_test_spin (50);
  end = ns_device_panel_dup_text (panel);
  g_test_message ("%s", end);
  g_assert_cmpuint (section_rows (end, "ARP cache (IP address → MAC address)"), >=, 2);
  g_assert_cmpuint (section_rows (middle, "ARP cache (IP address → MAC address)"), <=,
                    section_rows (end, "ARP cache (IP address → MAC address)"));
  /* A switch: a MAC table, no ARP cache or routes. */
  ns_document_select_node (document, "sw", FALSE, FALSE);
  app_test_spin (50);
  sw_end = ns_device_panel_dup_text (panel);
  ns_player_seek_step (player, -1);
  app_test_spin (50);
  sw_start = ns_device_panel_dup_text (panel);
  g_test_message ("%s", sw_end);
  g_assert_null (strstr (sw_end, "Routing table"));
  g_assert_cmpuint (
    section_rows (sw_start, "MAC address table (which port leads to which station)"), ==, 0);
  g_assert_cmpuint (section_rows (sw_end, "MAC address table (which port leads to which station)"),
                    >=, 3);
  /* The web server listens on port 80. */
  ns_document_select_node (document, "web", FALSE, FALSE);
  ns_player_seek_step (player, (gint) n - 1);
  app_test_spin (50);
  web = ns_device_panel_dup_text (panel);
  g_test_message ("%s", web);
  g_assert_nonnull (strstr (web, "TCP\t80\t"));
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (document);
}

int
main (int argc, char **argv)
{
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return g_test_run ();
    }
  signal (SIGALRM, on_alarm);

  g_test_add_func ("/app/views/dropdowns/tcp-handshake", test_dropdowns_handshake);
  g_test_add_func ("/app/views/dropdowns/tcp-order", test_dropdowns_order);
  g_test_add_func ("/app/views/lost-mark", test_lost_mark);
  g_test_add_func ("/app/views/device-panel", test_device_panel);
  return g_test_run ();
}
