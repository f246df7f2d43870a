/* ns-activity-pane.c: the Activity page of the side panel (see the
 * header). Grading builds a run per action check (core/activity-grade.c),
 * which takes a moment on a large network: it runs in a GTask thread on a
 * copy of the document, and an edit made meanwhile cancels it. */
#include "config.h"

#include <glib/gi18n.h>

#include "ns-activity-pane.h"

#include "sim/packet.h"

struct _NsActivityPane
{
  GtkWidget     parent_instance;

  NsDocument   *document;
  gulong        changed_id;
  GCancellable *cancellable;     /* the check under way, or NULL */
  GPtrArray    *results;         /* of NsCheckResult*, or NULL */
  GPtrArray    *answers;         /* of char* (the student's), one per check, or NULL */
  gboolean      student;
  char         *score_text;

  GtkWidget    *scroller;
  GtkWidget    *box;
  GtkWidget    *empty_box;
  GtkWidget    *check_row;
  GtkButton    *check_button;
  GtkSpinner   *spinner;
  GtkLabel     *score_label;
  GtkLabel     *message_label;
  GtkListBox   *list;
  GtkCheckButton *student_toggle;
  GtkWidget    *author_box;
  GtkEntry     *title_entry;
  GtkTextView  *instructions_view;
  GtkEntry     *field_entry;
};

G_DEFINE_FINAL_TYPE (NsActivityPane, ns_activity_pane, GTK_TYPE_WIDGET)

enum {
  CHECKED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static void rebuild (NsActivityPane *self);

static const NsTopology *
topology (NsActivityPane *self)
{
  return self->document != NULL ? ns_document_get_topology (self->document) : NULL;
}

static const NsActivity *
activity (NsActivityPane *self)
{
  const NsTopology *t = topology (self);

  return t != NULL ? t->activity : NULL;
}

gboolean
ns_document_is_locked (NsDocument *document, const char *id)
{
  return document != NULL
         && ns_activity_is_locked (ns_document_get_topology (document)->activity, id);
}

/* ---- texts in the user's language (docs/file-format.md) ---- */

/* The `i18n` translation of the activity for the first of the user's
 * languages that has one, or NULL. */
static JsonObject *
translation_of (const NsTopology *t)
{
  const char *const *languages = g_get_language_names ();
  JsonObject *i18n;

  if (t == NULL || t->extra == NULL || !json_object_has_member (t->extra, "i18n")
      || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (t->extra, "i18n")))
    return NULL;
  i18n = json_object_get_object_member (t->extra, "i18n");
  for (guint i = 0; languages[i] != NULL; i++)
    {
      JsonNode *lang;

      if (g_strcmp0 (languages[i], "C") == 0)
        break;
      lang = json_object_get_member (i18n, languages[i]);
      if (lang != NULL && JSON_NODE_HOLDS_OBJECT (lang)
          && json_object_has_member (json_node_get_object (lang), "activity")
          && JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (lang),
                                                             "activity")))
        return json_object_get_object_member (json_node_get_object (lang), "activity");
    }
  return NULL;
}

static JsonObject *
translation (NsActivityPane *self)
{
  return translation_of (topology (self));
}

static const char *
translated_in (const NsTopology *t, const char *key, const char *fallback)
{
  JsonObject *tr = translation_of (t);
  JsonNode *node = tr != NULL ? json_object_get_member (tr, key) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return fallback;
}

static const char *
check_text (NsActivityPane *self, guint index, const NsCheck *check)
{
  JsonObject *tr = translation (self);
  JsonNode *node = tr != NULL ? json_object_get_member (tr, "checks") : NULL;

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node)
      && index < json_array_get_length (json_node_get_array (node)))
    {
      JsonNode *text = json_array_get_element (json_node_get_array (node), index);

      if (JSON_NODE_HOLDS_VALUE (text) && json_node_get_value_type (text) == G_TYPE_STRING)
        return json_node_get_string (text);
    }
  return check->text;
}

void
ns_activity_pane_get_texts (NsActivityPane *self, const NsTopology *t, const char **title_out,
                            const char **instructions_out)
{
  *title_out = *instructions_out = NULL;
  if (t == NULL || t->activity == NULL)
    return;
  *title_out = translated_in (t, "title", t->activity->title ? t->activity->title
                                                             : _("Activity"));
  *instructions_out = translated_in (t, "instructions", t->activity->instructions
                                                        ? t->activity->instructions : "");
}

/* ---- what a check expects, for the teacher ---- */

static char *
expect_text (const NsCheck *check)
{
  const NsExpect *e = &check->expect;
  g_autoptr (GString) out = g_string_new (NULL);

  if (check->kind == NS_CHECK_QUESTION)
    /* TRANSLATORS: a question check: %s is where the answer comes from, e.g. local_port */
    return g_strdup_printf (_("The run decides the answer (%s)"),
                            check->answer_from ? check->answer_from : "");
  if (check->kind == NS_CHECK_FIELD)
    {
      g_autofree char *value = e->equals != NULL ? json_to_string (e->equals, FALSE)
                               : e->not_equals != NULL ? json_to_string (e->not_equals, FALSE)
                               : g_strdup ("");

      /* TRANSLATORS: a field check: "nodes[pc1].gateway = "192.168.1.1"" */
      return g_strdup_printf (e->equals != NULL ? _("%s = %s") : _("%s ≠ %s"), check->field,
                              value);
    }
  g_string_append_printf (out, "%s %s %s", check->action->node, check->action->action,
                          check->action->target ? check->action->target
                          : check->action->name ? check->action->name
                          : check->action->url ? check->action->url : "");
  if (e->has_ok)
    g_string_append_printf (out, " → %s", e->ok ? _("succeeds") : _("fails"));
  if (e->hops_include != NULL)
    {
      g_autofree char *hops = g_strjoinv (", ", (char **) e->hops_include->pdata);

      g_string_append_printf (out, " → %s %s", _("through"), hops);
    }
  if (e->hops_equal != NULL)
    {
      g_ptr_array_add (e->hops_equal, NULL);
      {
        g_autofree char *hops = g_strjoinv (" → ", (char **) e->hops_equal->pdata);

        g_string_append_printf (out, " → %s", hops);
      }
      g_ptr_array_remove_index (e->hops_equal, e->hops_equal->len - 1);
    }
  if (e->status >= 0)
    g_string_append_printf (out, " → HTTP %d", e->status);
  if (e->bytes >= 0)
    g_string_append_printf (out, " → %" G_GINT64_FORMAT " B", e->bytes);
  if (e->address != NULL)
    g_string_append_printf (out, " → %s", e->address);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- rows ---- */

static void
answer_clicked (GtkWidget *button, NsActivityPane *self)
{
  GtkEntry *entry = g_object_get_data (G_OBJECT (button), "entry");
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));

  ns_activity_pane_answer (self, index, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
remove_clicked (GtkWidget *button, NsActivityPane *self)
{
  ns_activity_pane_remove_check (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button),
                                                                            "index")));
}

static GtkWidget *
make_label (const char *text, const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
  gtk_widget_set_hexpand (label, TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
make_row (NsActivityPane *self, guint index, const NsCheck *check)
{
  const NsCheckResult *result = self->results != NULL && index < self->results->len
                                ? g_ptr_array_index (self->results, index) : NULL;
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *mark;
  const char *mark_text = "•";
  const char *mark_class = "dim-label";

  gtk_widget_set_margin_start (row, 6);
  gtk_widget_set_margin_end (row, 6);
  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  if (result != NULL && result->outcome == NS_CHECK_PASS)
    mark_text = "✔", mark_class = "success";
  else if (result != NULL && result->outcome == NS_CHECK_FAIL)
    mark_text = "✘", mark_class = "error";
  else if (check->kind == NS_CHECK_QUESTION)
    mark_text = "?", mark_class = "accent";
  mark = gtk_label_new (mark_text);
  gtk_widget_add_css_class (mark, mark_class);
  gtk_widget_set_valign (mark, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (top), mark);
  gtk_box_append (GTK_BOX (top), make_label (check_text (self, index, check), NULL));
  if (check->kind != NS_CHECK_QUESTION)
    {
      /* TRANSLATORS: points a check is worth, shown beside it */
      g_autofree char *points = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u pt",
                                                              "%u pts", check->points),
                                                 check->points);
      GtkWidget *label = gtk_label_new (points);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_valign (label, GTK_ALIGN_START);
      gtk_box_append (GTK_BOX (top), label);
    }
  if (!self->student)
    {
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_valign (remove, GTK_ALIGN_START);
      gtk_widget_set_tooltip_text (remove, _("Remove this check"));
      g_object_set_data (G_OBJECT (remove), "index", GUINT_TO_POINTER (index));
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked), self);
      gtk_box_append (GTK_BOX (top), remove);
    }
  gtk_box_append (GTK_BOX (row), top);
  if (!self->student)
    {
      g_autofree char *expected = expect_text (check);

      gtk_box_append (GTK_BOX (row), make_label (expected, "dim-label"));
    }
  if (result != NULL && result->outcome == NS_CHECK_FAIL && result->seen != NULL)
    {
      /* TRANSLATORS: what a failed check saw instead of what it expects */
      g_autofree char *seen = g_strdup_printf (_("Seen: %s"), result->seen);
      GtkWidget *label = make_label (seen, "error");

      gtk_widget_set_name (label, "seen");
      gtk_box_append (GTK_BOX (row), label);
    }
  if (check->kind == NS_CHECK_QUESTION)
    {
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *entry = gtk_entry_new ();
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Answer"));
      const char *given = self->answers != NULL && index < self->answers->len
                          ? g_ptr_array_index (self->answers, index) : NULL;

      gtk_widget_set_hexpand (entry, TRUE);
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), g_strcmp0 (check->question, "port") == 0
                                                         ? _("A port number")
                                                         : _("Your answer"));
      if (given != NULL)
        gtk_editable_set_text (GTK_EDITABLE (entry), given);
      g_object_set_data (G_OBJECT (button), "entry", entry);
      g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (index));
      g_signal_connect (button, "clicked", G_CALLBACK (answer_clicked), self);
      g_signal_connect_swapped (entry, "activate", G_CALLBACK (gtk_widget_activate), button);
      gtk_box_append (GTK_BOX (line), entry);
      gtk_box_append (GTK_BOX (line), button);
      gtk_box_append (GTK_BOX (row), line);
      if (given != NULL && result != NULL)
        {
          gboolean right = ns_check_answer_matches (check, result, given);
          GtkWidget *verdict = make_label (right ? _("Right: that is what the run shows.")
                                                 : _("Not quite: look at the run again."),
                                           right ? "success" : "error");

          gtk_widget_set_name (verdict, "verdict");
          gtk_box_append (GTK_BOX (row), verdict);
        }
    }
  return row;
}

/* A row chosen: select the node or link the check involves, so the
 * canvas points at the place of a failure. */
static void
row_activated (GtkListBox *list, GtkListBoxRow *row, NsActivityPane *self)
{
  guint index = (guint) gtk_list_box_row_get_index (row);
  const NsActivity *a = activity (self);
  const NsCheck *check;
  const NsCheckResult *result = NULL;

  if (a == NULL || index >= a->checks->len)
    return;
  check = g_ptr_array_index (a->checks, index);
  if (self->results != NULL && index < self->results->len)
    result = g_ptr_array_index (self->results, index);
  if (result != NULL && result->link != NULL
      && ns_topology_find_link (topology (self), result->link) != NULL)
    ns_document_select_link (self->document, result->link, FALSE, FALSE);
  else if (result != NULL && result->node != NULL
           && ns_topology_find_node (topology (self), result->node) != NULL)
    ns_document_select_node (self->document, result->node, FALSE, FALSE);
  else if (check->action != NULL && ns_topology_find_node (topology (self), check->action->node))
    ns_document_select_node (self->document, check->action->node, FALSE, FALSE);
}

static void
set_message (NsActivityPane *self, const char *message)
{
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL && *message);
}

static void
update_score (NsActivityPane *self)
{
  const NsActivity *a = activity (self);

  g_clear_pointer (&self->score_text, g_free);
  if (a != NULL && self->results != NULL)
    /* TRANSLATORS: the points earned by "Check my work" */
    self->score_text = g_strdup_printf (_("Score: %u of %u"),
                                        ns_activity_score (a, self->results),
                                        ns_activity_max_points (a));
  gtk_label_set_label (self->score_label, self->score_text ? self->score_text : "");
}

static void
rebuild (NsActivityPane *self)
{
  const NsActivity *a = activity (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  gtk_widget_set_visible (self->empty_box, a == NULL);
  gtk_widget_set_visible (self->check_row, a != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->list), a != NULL && a->checks->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->student_toggle), a != NULL);
  gtk_widget_set_visible (self->author_box, a != NULL && !self->student);
  if (a == NULL)
    return;
  for (guint i = 0; i < a->checks->len; i++)
    gtk_list_box_append (self->list, make_row (self, i, g_ptr_array_index (a->checks, i)));
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button),
                            self->cancellable == NULL && a->checks->len > 0);
  update_score (self);
}

/* The author's fields show the activity when it changes, not while typed. */
static void
fill_author_fields (NsActivityPane *self)
{
  const NsActivity *a = activity (self);

  gtk_editable_set_text (GTK_EDITABLE (self->title_entry),
                         a != NULL && a->title ? a->title : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->instructions_view),
                            a != NULL && a->instructions ? a->instructions : "", -1);
}

static void
clear_results (NsActivityPane *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      gtk_spinner_stop (self->spinner);
    }
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->answers, g_ptr_array_unref);
}

static void
document_changed (NsActivityPane *self)
{
  /* Results describe the network as it was: an edit makes them stale. */
  clear_results (self);
  fill_author_fields (self);
  rebuild (self);
}

/* ---- checking ---- */

static void
grade_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GPtrArray *results = ns_activity_grade (task_data, cancellable);

  /* Packet buffers are pooled per thread: give this thread's back. */
  ns_packet_pool_trim ();

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_ptr_array_unref (results);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      return;
    }
  g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
}

static void
grade_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  NsActivityPane *self = NS_ACTIVITY_PANE (source);
  g_autoptr (GError) error = NULL;
  GPtrArray *results = g_task_propagate_pointer (G_TASK (res), &error);
  const NsActivity *a = activity (self);
  guint failed = 0;

  if (results == NULL || g_task_get_cancellable (G_TASK (res)) != self->cancellable)
    {
      if (results != NULL)
        g_ptr_array_unref (results);
      return;
    }
  g_clear_object (&self->cancellable);
  gtk_spinner_stop (self->spinner);
  self->results = results;
  if (self->answers == NULL)
    {
      self->answers = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_set_size (self->answers, (gint) results->len);
    }
  for (guint i = 0; i < results->len; i++)
    failed += ((NsCheckResult *) g_ptr_array_index (results, i))->outcome == NS_CHECK_FAIL;
  if (a != NULL && failed == 0)
    set_message (self, _("Every check passes. Well done!"));
  else
    set_message (self, g_dngettext (GETTEXT_PACKAGE,
                                    "One check fails: choose it to see where.",
                                    "Some checks fail: choose one to see where.", failed));
  rebuild (self);
  g_signal_emit (self, signals[CHECKED], 0);
}

void
ns_activity_pane_check (NsActivityPane *self)
{
  g_autoptr (GTask) task = NULL;
  const NsActivity *a;

  g_return_if_fail (NS_IS_ACTIVITY_PANE (self));
  a = activity (self);
  if (a == NULL || a->checks->len == 0)
    return;
  clear_results (self);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, grade_done, NULL);
  g_task_set_task_data (task, ns_topology_copy (topology (self)),
                        (GDestroyNotify) ns_topology_free);
  gtk_spinner_start (self->spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), FALSE);
  set_message (self, _("Checking: running the network…"));
  g_task_run_in_thread (task, grade_thread);
}

gboolean
ns_activity_pane_is_checking (NsActivityPane *self)
{
  return self->cancellable != NULL;
}

GPtrArray *
ns_activity_pane_get_results (NsActivityPane *self)
{
  return self->results;
}

const char *
ns_activity_pane_get_score_text (NsActivityPane *self)
{
  return self->score_text != NULL ? self->score_text : "";
}

gboolean
ns_activity_pane_answer (NsActivityPane *self, guint index, const char *answer)
{
  const NsActivity *a = activity (self);
  const NsCheck *check;
  const NsCheckResult *result;

  if (a == NULL || index >= a->checks->len || self->results == NULL
      || index >= self->results->len)
    {
      set_message (self, _("Press Check My Work first: the run decides the answer."));
      return FALSE;
    }
  check = g_ptr_array_index (a->checks, index);
  result = g_ptr_array_index (self->results, index);
  g_free (g_ptr_array_index (self->answers, index));
  g_ptr_array_index (self->answers, index) = g_strdup (answer);
  rebuild (self);
  return ns_check_answer_matches (check, result, answer);
}

void
ns_activity_pane_set_student_view (NsActivityPane *self, gboolean student)
{
  g_return_if_fail (NS_IS_ACTIVITY_PANE (self));
  student = !!student;
  if (self->student == student)
    return;
  self->student = student;
  gtk_check_button_set_active (self->student_toggle, student);
  rebuild (self);
}

gboolean
ns_activity_pane_get_student_view (NsActivityPane *self)
{
  return self->student;
}

static void
student_toggled (GtkCheckButton *button, NsActivityPane *self)
{
  ns_activity_pane_set_student_view (self, gtk_check_button_get_active (button));
}

/* ---- authoring ---- */

/* Replaces the activity by @next (taken) as one undo step. */
static void
push_activity (NsActivityPane *self, NsActivity *next, const char *label)
{
  g_autoptr (NsTopology) copy = ns_topology_copy (topology (self));

  g_clear_pointer (&copy->activity, ns_activity_free);
  copy->activity = next;
  ns_document_push (self->document, ns_command_replace_all (topology (self), copy, label));
}

static NsActivity *
dup_activity (NsActivityPane *self)
{
  return activity (self) != NULL ? ns_activity_copy (activity (self)) : ns_activity_new ();
}

void
ns_activity_pane_create_activity (NsActivityPane *self)
{
  NsActivity *next;

  g_return_if_fail (NS_IS_ACTIVITY_PANE (self));
  if (self->document == NULL || activity (self) != NULL)
    return;
  next = ns_activity_new ();
  next->title = g_strdup (topology (self)->title);
  next->instructions = g_strdup (_("Find out what is wrong with the network and fix it."));
  push_activity (self, next, _("Make an activity"));
  ns_activity_pane_set_student_view (self, FALSE);
}

void
ns_activity_pane_set_instructions (NsActivityPane *self, const char *title,
                                   const char *instructions)
{
  NsActivity *next;

  g_return_if_fail (NS_IS_ACTIVITY_PANE (self));
  if (activity (self) == NULL)
    return;
  next = dup_activity (self);
  g_free (next->title);
  next->title = title != NULL && *title ? g_strdup (title) : NULL;
  g_free (next->instructions);
  next->instructions = instructions != NULL && *instructions ? g_strdup (instructions) : NULL;
  push_activity (self, next, _("Edit the instructions"));
}

/* The one selected node, or NULL (with a message). */
static const NsTopoNode *
selected_node (NsActivityPane *self)
{
  GHashTable *nodes = ns_document_get_selected_nodes (self->document);
  GHashTableIter iter;
  gpointer key;

  if (g_hash_table_size (nodes) != 1 || ns_document_get_n_selected (self->document) != 1)
    {
      set_message (self, _("Select one node first."));
      return NULL;
    }
  g_hash_table_iter_init (&iter, nodes);
  g_hash_table_iter_next (&iter, &key, NULL);
  return ns_topology_find_node (topology (self), key);
}

static const NsTopoAction *
first_action (NsActivityPane *self, const NsTopoNode *node)
{
  const NsTopology *t = topology (self);

  for (guint i = 0; i < t->scenario->len; i++)
    {
      const NsTopoAction *a = g_ptr_array_index (t->scenario, i);

      if (g_strcmp0 (a->node, node->id) == 0)
        return a;
    }
  /* TRANSLATORS: %s is a node's id */
  {
    g_autofree char *text = g_strdup_printf (_("%s has no scenario action: add one in the "
                                               "Scenario page first."), node->id);

    set_message (self, text);
  }
  return NULL;
}

static char *
action_words (const NsTopoAction *a)
{
  return g_strdup_printf ("%s %s", a->action, a->target ? a->target : a->name ? a->name
                                                          : a->url ? a->url : "");
}

gboolean
ns_activity_pane_add_check (NsActivityPane *self, const char *what, const char *field)
{
  const NsTopoNode *node;
  g_autoptr (NsCheck) check = NULL;
  NsActivity *next;

  g_return_val_if_fail (NS_IS_ACTIVITY_PANE (self), FALSE);
  if (activity (self) == NULL || (node = selected_node (self)) == NULL)
    return FALSE;
  if (g_strcmp0 (what, "field") == 0)
    {
      g_autofree char *path = g_strdup_printf ("nodes[%s].%s", node->id,
                                               field != NULL && *field ? field : "gateway");
      g_autofree char *message = NULL;
      JsonNode *value = ns_topology_read_path (topology (self), path, &message);
      g_autofree char *shown = NULL;

      if (value == NULL)
        {
          set_message (self, message);
          return FALSE;
        }
      shown = JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING
              ? g_strdup (json_node_get_string (value)) : json_to_string (value, FALSE);
      /* TRANSLATORS: a check's text: "pc1's gateway is 192.168.1.1" */
      {
        g_autofree char *text = g_strdup_printf (_("%s's %s is %s"), node->id,
                                                 field != NULL && *field ? field : "gateway",
                                                 shown);

        check = ns_check_new (NS_CHECK_FIELD, text);
      }
      check->field = g_steal_pointer (&path);
      check->expect.equals = value;
    }
  else
    {
      const NsTopoAction *action = first_action (self, node);
      g_autofree char *words = NULL;
      g_autofree char *text = NULL;

      if (action == NULL)
        return FALSE;
      words = action_words (action);
      if (g_strcmp0 (what, "question") == 0)
        {
          gboolean tcp = g_strcmp0 (action->action, "http-get") == 0
                         || g_strcmp0 (action->action, "tcp-send") == 0;
          gboolean address = g_strcmp0 (action->action, "dns-lookup") == 0;

          if (!tcp && !address)
            {
              set_message (self, _("A question needs an http-get, tcp-send (which port?) or "
                                   "dns-lookup (which address?) action."));
              return FALSE;
            }
          text = tcp ? g_strdup_printf (_("Which source port did %s use for %s?"), node->id,
                                        words)
                     : g_strdup_printf (_("Which address did %s get for %s?"), node->id, words);
          check = ns_check_new (NS_CHECK_QUESTION, text);
          check->question = g_strdup (tcp ? "port" : "address");
          check->answer_from = g_strdup (tcp ? "local_port" : "address");
        }
      else
        {
          gboolean ok = g_strcmp0 (what, "fail") != 0;

          text = g_strdup_printf (ok ? _("%s: %s succeeds") : _("%s: %s fails"), node->id, words);
          check = ns_check_new (NS_CHECK_ACTION, text);
          check->expect.is_word = TRUE;
          check->expect.has_ok = TRUE;
          check->expect.ok = ok;
        }
      check->action = ns_topo_action_copy (action);
      check->action->at = 0;
    }
  next = dup_activity (self);
  g_ptr_array_add (next->checks, g_steal_pointer (&check));
  push_activity (self, next, _("Add a check"));
  set_message (self, NULL);
  return TRUE;
}

void
ns_activity_pane_remove_check (NsActivityPane *self, guint index)
{
  NsActivity *next;

  g_return_if_fail (NS_IS_ACTIVITY_PANE (self));
  if (activity (self) == NULL || index >= activity (self)->checks->len)
    return;
  next = dup_activity (self);
  g_ptr_array_remove_index (next->checks, index);
  push_activity (self, next, _("Remove a check"));
}

static gint
compare_ids (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

void
ns_activity_pane_lock_selection (NsActivityPane *self, gboolean lock)
{
  GHashTable *sets[2];
  NsActivity *next;
  gboolean changed = FALSE;

  g_return_if_fail (NS_IS_ACTIVITY_PANE (self));
  if (activity (self) == NULL)
    return;
  if (ns_document_get_n_selected (self->document) == 0)
    {
      set_message (self, _("Select the nodes and links to lock first."));
      return;
    }
  sets[0] = ns_document_get_selected_nodes (self->document);
  sets[1] = ns_document_get_selected_links (self->document);
  next = dup_activity (self);
  for (guint s = 0; s < 2; s++)
    {
      g_autofree gpointer *ids = g_hash_table_get_keys_as_array (sets[s], NULL);
      guint n = g_hash_table_size (sets[s]);

      /* Sorted: the file lists them in the same order whatever the hash. */
      g_qsort_with_data (ids, (gint) n, sizeof (gpointer), compare_ids, NULL);
      for (guint i = 0; i < n; i++)
        changed |= ns_activity_set_locked (next, ids[i], lock);
    }
  if (!changed)
    {
      ns_activity_free (next);
      return;
    }
  push_activity (self, next, lock ? _("Lock") : _("Unlock"));
}

static void
create_clicked (NsActivityPane *self)
{
  ns_activity_pane_create_activity (self);
}

static void
apply_instructions_clicked (NsActivityPane *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->instructions_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  ns_activity_pane_set_instructions (self, gtk_editable_get_text (GTK_EDITABLE (self->title_entry)),
                                     text);
}

static void
add_clicked (GtkWidget *button, NsActivityPane *self)
{
  ns_activity_pane_add_check (self, g_object_get_data (G_OBJECT (button), "what"),
                              gtk_editable_get_text (GTK_EDITABLE (self->field_entry)));
}

static void
lock_clicked (GtkWidget *button, NsActivityPane *self)
{
  ns_activity_pane_lock_selection (self, g_object_get_data (G_OBJECT (button), "unlock") == NULL);
}

/* ---- the widget ---- */

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 6);
  return label;
}

static GtkWidget *
add_button (NsActivityPane *self, GtkWidget *box, const char *label, const char *what,
            const char *tooltip)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  g_object_set_data (G_OBJECT (button), "what", (gpointer) what);
  gtk_widget_set_tooltip_text (button, tooltip);
  g_signal_connect (button, "clicked", G_CALLBACK (add_clicked), self);
  gtk_box_append (GTK_BOX (box), button);
  return button;
}

static void
build (NsActivityPane *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *button, *line, *frame, *create;

  self->box = box;
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 12);
  /* The side panel does not scroll up and down: a long list of checks
   * scrolls here, under the fixed page switcher. */
  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (self->scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), box);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));

  /* The title and instructions are in the window's lesson card, above. */

  self->empty_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_box_append (GTK_BOX (self->empty_box),
                  make_label (_("This document is not an activity. A teacher turns it into "
                                "one: instructions for the students, checks that the running "
                                "network decides, objects locked against change."), "dim-label"));
  create = gtk_button_new_with_mnemonic (_("_Make an Activity"));
  gtk_widget_set_halign (create, GTK_ALIGN_START);
  g_signal_connect_swapped (create, "clicked", G_CALLBACK (create_clicked), self);
  gtk_box_append (GTK_BOX (self->empty_box), create);
  gtk_box_append (GTK_BOX (box), self->empty_box);

  self->check_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  button = gtk_button_new_with_mnemonic (_("_Check My Work"));
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (ns_activity_pane_check), self);
  self->check_button = GTK_BUTTON (button);
  gtk_box_append (GTK_BOX (self->check_row), button);
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_box_append (GTK_BOX (self->check_row), GTK_WIDGET (self->spinner));
  self->score_label = GTK_LABEL (gtk_label_new (""));
  gtk_widget_add_css_class (GTK_WIDGET (self->score_label), "heading");
  gtk_widget_set_hexpand (GTK_WIDGET (self->score_label), TRUE);
  gtk_label_set_xalign (self->score_label, 1);
  gtk_box_append (GTK_BOX (self->check_row), GTK_WIDGET (self->score_label));
  gtk_box_append (GTK_BOX (box), self->check_row);

  self->message_label = GTK_LABEL (make_label ("", "dim-label"));
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->message_label));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_list_box_set_activate_on_single_click (self->list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  g_signal_connect (self->list, "row-activated", G_CALLBACK (row_activated), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->list));

  self->student_toggle = GTK_CHECK_BUTTON (
    gtk_check_button_new_with_mnemonic (_("_Student view: hide what the checks expect")));
  g_signal_connect (self->student_toggle, "toggled", G_CALLBACK (student_toggled), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->student_toggle));

  /* Authoring. */
  self->author_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (self->author_box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (self->author_box), heading (_("Instructions")));
  self->title_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->title_entry, _("Title"));
  gtk_box_append (GTK_BOX (self->author_box), GTK_WIDGET (self->title_entry));
  self->instructions_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->instructions_view, GTK_WRAP_WORD_CHAR);
  gtk_widget_set_size_request (GTK_WIDGET (self->instructions_view), -1, 72);
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (self->instructions_view));
  gtk_box_append (GTK_BOX (self->author_box), frame);
  button = gtk_button_new_with_mnemonic (_("Apply _Instructions"));
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (apply_instructions_clicked), self);
  gtk_box_append (GTK_BOX (self->author_box), button);

  gtk_box_append (GTK_BOX (self->author_box), heading (_("Add a Check from the Selected Node")));
  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (line, "linked");
  add_button (self, line, _("Must _Succeed"), "succeed",
              _("Its first scenario action must succeed"));
  add_button (self, line, _("Must _Fail"), "fail", _("Its first scenario action must fail"));
  add_button (self, line, _("_Question"), "question",
              _("Ask which port or address its first action used"));
  gtk_box_append (GTK_BOX (self->author_box), line);
  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->field_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_text (GTK_EDITABLE (self->field_entry), "gateway");
  gtk_widget_set_hexpand (GTK_WIDGET (self->field_entry), TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->field_entry),
                               _("A field of the node: gateway, interfaces[eth0].ip, dns, …"));
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->field_entry));
  add_button (self, line, _("Must _Keep Its Value"), "field",
              _("The field must equal its current value"));
  gtk_box_append (GTK_BOX (self->author_box), line);

  gtk_box_append (GTK_BOX (self->author_box), heading (_("Locked Objects")));
  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (line, "linked");
  button = gtk_button_new_with_mnemonic (_("_Lock Selection"));
  g_signal_connect (button, "clicked", G_CALLBACK (lock_clicked), self);
  gtk_box_append (GTK_BOX (line), button);
  button = gtk_button_new_with_mnemonic (_("_Unlock Selection"));
  g_object_set_data (G_OBJECT (button), "unlock", GINT_TO_POINTER (1));
  g_signal_connect (button, "clicked", G_CALLBACK (lock_clicked), self);
  gtk_box_append (GTK_BOX (line), button);
  gtk_box_append (GTK_BOX (self->author_box), line);
  gtk_box_append (GTK_BOX (box), self->author_box);
}

void
ns_activity_pane_set_document (NsActivityPane *self, NsDocument *document)
{
  g_return_if_fail (NS_IS_ACTIVITY_PANE (self));
  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_id, self->document);
  clear_results (self);
  g_set_object (&self->document, document);
  if (document != NULL)
    self->changed_id = g_signal_connect_swapped (document, "changed",
                                                 G_CALLBACK (document_changed), self);
  /* A file that arrives with an activity is a student's: the student view
   * first; the teacher unticks it to author. */
  self->student = activity (self) != NULL;
  gtk_check_button_set_active (self->student_toggle, self->student);
  set_message (self, NULL);
  fill_author_fields (self);
  rebuild (self);
}

GtkWidget *
ns_activity_pane_new (void)
{
  return g_object_new (NS_TYPE_ACTIVITY_PANE, NULL);
}

static void
ns_activity_pane_dispose (GObject *object)
{
  NsActivityPane *self = NS_ACTIVITY_PANE (object);

  clear_results (self);
  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_id, self->document);
  g_clear_object (&self->document);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  self->box = NULL;
  G_OBJECT_CLASS (ns_activity_pane_parent_class)->dispose (object);
}

static void
ns_activity_pane_finalize (GObject *object)
{
  NsActivityPane *self = NS_ACTIVITY_PANE (object);

  g_free (self->score_text);
  G_OBJECT_CLASS (ns_activity_pane_parent_class)->finalize (object);
}

static void
ns_activity_pane_class_init (NsActivityPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ns_activity_pane_dispose;
  object_class->finalize = ns_activity_pane_finalize;
  /* The results are shown: the window makes room for them. */
  signals[CHECKED] = g_signal_new ("checked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "activitypane");
}

static void
ns_activity_pane_init (NsActivityPane *self)
{
  build (self);
}
