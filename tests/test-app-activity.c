/* test-app-activity.c: the Activity page under Xvfb, as a teacher and a
 * student use it: a bundled activity opens on its instructions; "Check my
 * work" fails, points at the place, and passes once the network is fixed;
 * question checks are answered in the page; locked objects cannot be
 * deleted and their properties are read-only; a teacher turns an example
 * into an activity (instructions, checks from the selection, locks) and
 * saves it, and the student view hides what the checks expect. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "app-test-util.h"

#include "core/activity.h"
#include "core/topology-file.h"
#include "ns-lesson-card.h"
#include "ns-properties-private.h"
#include "ns-window-private.h"
#include "ns-window.h"

static NsWindow *
new_window (NsDocument *document)
{
  NsWindow *window = ns_window_new (NULL, document);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* Presses "Check my work" and waits for the worker to finish (20 s at
 * most: the valgrind and sanitizer builds are slow). */
static GPtrArray *
check_and_wait (NsActivityPane *pane)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (20000, app_test_flag_cb, &timed_out);

  ns_activity_pane_check (pane);
  g_assert_true (ns_activity_pane_is_checking (pane));
  while (ns_activity_pane_is_checking (pane) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
  g_assert_nonnull (ns_activity_pane_get_results (pane));
  return ns_activity_pane_get_results (pane);
}

static char *
outcomes (GPtrArray *results)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < results->len; i++)
    {
      const NsCheckResult *r = g_ptr_array_index (results, i);

      g_string_append_c (out, r->outcome == NS_CHECK_PASS ? 'P'
                              : r->outcome == NS_CHECK_FAIL ? 'F' : 'Q');
    }
  return g_string_free (out, FALSE);
}

/* Whether a label in @widget's tree shows text containing @part. */
static gboolean
shows_text (GtkWidget *widget, const char *part)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget)
      && strstr (gtk_label_get_label (GTK_LABEL (widget)), part) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child) && shows_text (child, part))
      return TRUE;
  return FALSE;
}

static GtkListBox *
find_list (GtkWidget *widget)
{
  if (GTK_IS_LIST_BOX (widget))
    return GTK_LIST_BOX (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkListBox *list = find_list (child);

      if (list != NULL)
        return list;
    }
  return NULL;
}

static void
set_gateway (NsDocument *document, const char *node_id, const char *gateway)
{
  const NsTopology *t = ns_document_get_topology (document);
  NsTopoNode *node = ns_topo_node_copy (ns_topology_find_node (t, node_id));

  g_assert_true (ns_parse_ipv4 (gateway, &node->gateway));
  node->has_gateway = TRUE;
  g_assert_true (ns_document_push (document, ns_command_set_node (t, node_id, node)));
  ns_topo_node_free (node);
}

/* A student opens a lab, fails it, is shown where, fixes it, passes. */
static void
test_student_fails_then_passes (void)
{
  g_autoptr (NsDocument) document = app_test_load_example ("activity-wrong-gateway.netsketch.json");
  NsWindow *window = new_window (document);
  NsActivityPane *pane = ns_window_get_activity_pane (window);
  GHashTable *selected;
  GPtrArray *results;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  GtkListBox *list;

  /* The lab opens on its page, in the student view, instructions first. */
  g_assert_cmpstr (window->side_page, ==, "activity");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (pane)));
  g_assert_true (ns_activity_pane_get_student_view (pane));
  g_assert_nonnull (strstr (ns_lesson_card_get_activity_text (ns_window_get_lesson_card (window)),
                            "The laptop reaches the printer"));
  g_assert_true (shows_text (GTK_WIDGET (pane), "The laptop still reaches the printer"));
  /* The student view does not give away what a check expects. */
  g_assert_false (shows_text (GTK_WIDGET (pane), "→ HTTP 200"));

  results = check_and_wait (pane);
  first = outcomes (results);
  g_assert_cmpstr (first, ==, "PFFF");
  g_assert_cmpstr (ns_activity_pane_get_score_text (pane), ==, "Score: 1 of 5");
  g_assert_true (shows_text (GTK_WIDGET (pane), "no ARP answer at laptop"));
  /* The instructions fold away to give the results room. */
  g_assert_false (ns_lesson_card_get_expanded (ns_window_get_lesson_card (window)));

  /* Choosing a failed check points at the node involved. */
  list = find_list (GTK_WIDGET (pane));
  g_assert_nonnull (list);
  ns_document_select_none (document);
  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (list, 1));
  selected = ns_document_get_selected_nodes (document);
  g_assert_true (g_hash_table_contains (selected, "laptop"));

  /* The fix: an edit makes the results stale; checking again passes. */
  set_gateway (document, "laptop", "192.168.1.1");
  g_assert_null (ns_activity_pane_get_results (pane));
  results = check_and_wait (pane);
  second = outcomes (results);
  g_assert_cmpstr (second, ==, "PPPP");
  g_assert_cmpstr (ns_activity_pane_get_score_text (pane), ==, "Score: 5 of 5");
  g_assert_true (shows_text (GTK_WIDGET (pane), "Every check passes"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_questions (void)
{
  g_autoptr (NsDocument) document = app_test_load_example ("activity-which-port.netsketch.json");
  NsWindow *window = new_window (document);
  NsActivityPane *pane = ns_window_get_activity_pane (window);
  GPtrArray *results;
  const NsCheckResult *local;

  /* Before a check run there is nothing to compare with. */
  g_assert_false (ns_activity_pane_answer (pane, 2, "49152"));
  results = check_and_wait (pane);
  local = g_ptr_array_index (results, 2);
  g_assert_cmpint (local->outcome, ==, NS_CHECK_ASK);
  g_assert_nonnull (local->answer);
  g_assert_false (ns_activity_pane_answer (pane, 2, "1"));
  g_assert_true (shows_text (GTK_WIDGET (pane), "Not quite"));
  g_assert_true (ns_activity_pane_answer (pane, 2, local->answer));
  g_assert_true (shows_text (GTK_WIDGET (pane), "Right: that is what the run shows"));
  g_assert_true (ns_activity_pane_answer (pane, 3, "80"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_locked_objects (void)
{
  g_autoptr (NsDocument) document = app_test_load_example ("activity-wrong-gateway.netsketch.json");
  NsWindow *window = new_window (document);
  const NsTopology *t = ns_document_get_topology (document);

  g_assert_true (ns_document_is_locked (document, "router"));
  g_assert_true (ns_document_is_locked (document, "l3"));
  g_assert_false (ns_document_is_locked (document, "laptop"));
  /* Deleting a locked node, or a link, or a node holding a locked link,
   * does nothing; deleting an unlocked node works. */
  ns_document_select_node (document, "router", FALSE, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete", NULL);
  g_assert_nonnull (ns_topology_find_node (t, "router"));
  ns_document_select_link (document, "l4", FALSE, FALSE);
  ns_document_delete_selection (document);
  g_assert_nonnull (ns_topology_find_link (t, "l4"));
  ns_document_select_node (document, "sw1", FALSE, FALSE);
  ns_document_delete_selection (document);
  g_assert_nonnull (ns_topology_find_node (t, "sw1"));
  /* The laptop is not locked, but the checks run on it. */
  ns_document_select_node (document, "laptop", FALSE, FALSE);
  ns_document_delete_selection (document);
  g_assert_nonnull (ns_topology_find_node (t, "laptop"));
  ns_document_select_node (document, "printer", FALSE, FALSE);
  ns_document_delete_selection (document);
  g_assert_null (ns_topology_find_node (t, "printer"));
  /* The side panel shows a locked node read-only, an unlocked one not. */
  g_object_set (window, "side-page", "properties", NULL);
  ns_document_select_node (document, "web", FALSE, FALSE);
  g_assert_false (gtk_widget_get_sensitive (window->properties->node_page));
  ns_document_select_node (document, "laptop", FALSE, FALSE);
  g_assert_true (gtk_widget_get_sensitive (window->properties->node_page));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
message_cb (NsCanvas *canvas, const char *message, char **out)
{
  g_free (*out);
  *out = g_strdup (message);
}

/* Presses @keyval on the canvas as its key controller would see it. */
static void
press_key (NsCanvas *canvas, guint keyval)
{
  gboolean handled = FALSE;

  for (GListModel *list = gtk_widget_observe_controllers (GTK_WIDGET (canvas)); list != NULL;
       list = (g_object_unref (list), NULL))
    for (guint i = 0; i < g_list_model_get_n_items (list); i++)
      {
        g_autoptr (GObject) controller = g_list_model_get_item (list, i);

        if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
          g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
      }
  g_assert_true (handled);
}

/* A locked node does not move, takes no new link, and says so; a locked
 * link keeps its properties page read-only. */
static void
test_locked_move_connect (void)
{
  g_autoptr (NsDocument) document = app_test_load_example ("activity-wrong-gateway.netsketch.json");
  NsWindow *window = new_window (document);
  const NsTopology *t = ns_document_get_topology (document);
  double x = ns_topology_find_node (t, "router")->x, y = ns_topology_find_node (t, "router")->y;
  double lx = ns_topology_find_node (t, "laptop")->x;
  const char *ids[] = { "router", "laptop" };
  g_autofree char *message = NULL;
  g_autofree char *link = NULL;
  g_autoptr (GError) error = NULL;
  guint n_links = t->links->len;

  /* A drag ends in ns_document_move_nodes: the locked node stays, the
   * other one moves. */
  ns_document_move_nodes (document, ids, 2, 40, 20);
  g_assert_cmpfloat (ns_topology_find_node (t, "router")->x, ==, x);
  g_assert_cmpfloat (ns_topology_find_node (t, "router")->y, ==, y);
  g_assert_cmpfloat (ns_topology_find_node (t, "laptop")->x, ==, lx + 40);
  /* An arrow key on a locked selection says why nothing moves. */
  g_signal_connect (window->canvas, "message", G_CALLBACK (message_cb), &message);
  ns_document_select_node (document, "router", FALSE, FALSE);
  press_key (window->canvas, GDK_KEY_Right);
  g_assert_cmpfloat (ns_topology_find_node (t, "router")->x, ==, x);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "router is locked"));
  /* No new link to or from a locked node; unlocked nodes still connect. */
  link = ns_document_connect (document, "printer", "web", &error);
  g_assert_null (link);
  g_assert_error (error, NS_DOCUMENT_ERROR, NS_DOCUMENT_ERROR_CONNECT);
  g_assert_nonnull (strstr (error->message, "web is locked"));
  g_clear_error (&error);
  link = ns_document_connect (document, "router", "laptop", &error);
  g_assert_null (link);
  g_assert_nonnull (strstr (error->message, "router is locked"));
  g_clear_error (&error);
  g_assert_cmpuint (t->links->len, ==, n_links);
  link = ns_document_connect (document, "printer", "laptop", &error);
  g_assert_no_error (error);
  g_assert_nonnull (link);
  /* A locked link: not deleted, its page read-only. */
  ns_document_select_link (document, "l3", FALSE, FALSE);
  ns_document_delete_selection (document);
  g_assert_nonnull (ns_topology_find_link (t, "l3"));
  g_object_set (window, "side-page", "properties", NULL);
  ns_document_select_link (document, "l3", FALSE, FALSE);
  g_assert_false (gtk_widget_get_sensitive (window->properties->link_page));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Saving an activity that would not load again writes nothing and lists
 * the loader's problems; once fixed, it saves. */
static void
test_save_validates (void)
{
  g_autoptr (NsDocument) document = app_test_load_example ("activity-wrong-gateway.netsketch.json");
  NsTopology *broken = ns_topology_copy (ns_document_get_topology (document));
  g_autofree char *dir = g_dir_make_tmp ("ns-activity-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "lab.netsketch.json", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  NsTopology *again;

  /* A lock on a node no longer in the network (what an edit the app did
   * not guard could leave). */
  g_assert_true (ns_activity_set_locked (broken->activity, "ghost", TRUE));
  g_assert_true (ns_document_push (document, ns_command_replace_all (
                                                 ns_document_get_topology (document), broken,
                                                 "break")));
  ns_topology_free (broken);
  g_assert_false (ns_document_save (document, file, &error));
  g_assert_error (error, NS_DOCUMENT_ERROR, NS_DOCUMENT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "lab.netsketch.json:"));
  g_assert_nonnull (strstr (error->message, "ghost"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (ns_document_get_modified (document));
  g_clear_error (&error);
  /* Undo the edit: it saves and loads. */
  ns_document_undo (document);
  g_assert_true (ns_document_save (document, file, &error));
  g_assert_no_error (error);
  again = ns_topology_load_file (path, &error);
  g_assert_no_error (error);
  ns_topology_free (again);
  g_unlink (path);
  g_rmdir (dir);
}

/* A teacher turns the DNS example into a lab, saves it, opens it again. */
static void
test_authoring (void)
{
  g_autoptr (NsDocument) document = app_test_load_example ("dns-and-web.netsketch.json");
  NsWindow *window = new_window (document);
  NsActivityPane *pane = ns_window_get_activity_pane (window);
  const NsActivity *a;
  g_autofree char *dir = g_dir_make_tmp ("ns-activity-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "lab.netsketch.json", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autoptr (NsTopology) saved = NULL;
  GPtrArray *results;
  g_autofree char *got = NULL;

  g_assert_null (ns_document_get_topology (document)->activity);
  g_object_set (window, "side-page", "activity", NULL);
  g_assert_true (shows_text (GTK_WIDGET (pane), "not an activity"));
  ns_activity_pane_create_activity (pane);
  a = ns_document_get_topology (document)->activity;
  g_assert_nonnull (a);
  g_assert_false (ns_activity_pane_get_student_view (pane));
  ns_activity_pane_set_instructions (pane, "Name to address", "Make the fetch work.");
  a = ns_document_get_topology (document)->activity;
  g_assert_cmpstr (a->instructions, ==, "Make the fetch work.");
  g_assert_nonnull (strstr (ns_lesson_card_get_activity_text (ns_window_get_lesson_card (window)),
                            "Make the fetch work."));

  /* Checks need one selected node. */
  ns_document_select_none (document);
  g_assert_false (ns_activity_pane_add_check (pane, "succeed", NULL));
  g_assert_true (shows_text (GTK_WIDGET (pane), "Select one node first"));
  ns_document_select_node (document, "laptop", FALSE, FALSE);
  g_assert_true (ns_activity_pane_add_check (pane, "succeed", NULL));
  g_assert_true (ns_activity_pane_add_check (pane, "fail", NULL));
  g_assert_true (ns_activity_pane_add_check (pane, "question", NULL));
  g_assert_true (ns_activity_pane_add_check (pane, "field", "interfaces[eth0].ip"));
  g_assert_false (ns_activity_pane_add_check (pane, "field", "gatway"));
  ns_document_select_node (document, "router", FALSE, FALSE);
  g_assert_false (ns_activity_pane_add_check (pane, "succeed", NULL));
  a = ns_document_get_topology (document)->activity;
  g_assert_cmpuint (a->checks->len, ==, 4);
  /* The teacher sees what each check expects. */
  g_assert_true (shows_text (GTK_WIDGET (pane), "→ succeeds"));
  g_assert_true (shows_text (GTK_WIDGET (pane), "nodes[laptop].interfaces[eth0].ip"));

  /* Lock two nodes. */
  ns_document_select_node (document, "dns", FALSE, FALSE);
  ns_document_select_node (document, "web", TRUE, FALSE);
  ns_activity_pane_lock_selection (pane, TRUE);
  g_assert_true (ns_document_is_locked (document, "dns"));
  g_assert_true (ns_document_is_locked (document, "web"));
  /* One undo step each. */
  g_assert_cmpstr (ns_document_get_undo_label (document), ==, "Lock");

  /* "succeed" passes, "fail" fails on this working network. */
  results = check_and_wait (pane);
  got = outcomes (results);
  g_assert_cmpstr (got, ==, "PFQP");

  /* The student view hides what the checks expect and the tools. */
  ns_activity_pane_set_student_view (pane, TRUE);
  g_assert_false (shows_text (GTK_WIDGET (pane), "→ succeeds"));
  g_assert_false (shows_text (GTK_WIDGET (pane), "Locked Objects"));

  g_assert_true (ns_document_save (document, file, &error));
  g_assert_no_error (error);
  saved = ns_topology_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (saved->activity);
  g_assert_cmpuint (saved->activity->checks->len, ==, 4);
  g_assert_cmpuint (saved->activity->locked->len, ==, 2);
  g_assert_cmpstr (saved->activity->title, ==, "Name to address");
  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/app/activity/student", test_student_fails_then_passes);
  g_test_add_func ("/app/activity/questions", test_questions);
  g_test_add_func ("/app/activity/locked", test_locked_objects);
  g_test_add_func ("/app/activity/authoring", test_authoring);
  g_test_add_func ("/app/activity/locked-move-connect", test_locked_move_connect);
  g_test_add_func ("/app/activity/save-validates", test_save_validates);
  return g_test_run ();
}
