/* ns-console.c: a host's console in the window (CONTRACT.md §5). The
 * transcript is rebuilt from the document and the run at every cursor
 * change: the console's traffic commands are the scenario actions marked
 * `"from": "console"` on this node (so they are saved, undone and redone
 * with the file), each shown from its time on, its output lines from the
 * moments of their causes; read-only commands are kept by the console with
 * the moment they were typed at. */
#include "config.h"

#include "ns-console.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/console.h"
#include "core/validate.h"
#include "ns-inspector.h"
#include "ns-player-bar.h"
#include "ns-window.h"

typedef struct {
  gint64     t;          /* when it was typed */
  char      *line;       /* the command as typed */
  GPtrArray *output;     /* of NsConsoleLine */
} ReadOnlyEntry;

struct _NsConsole
{
  GtkWidget      parent_instance;

  NsDocument    *document;
  NsRunPanel    *run_panel;
  char          *node;
  gulong         changed_id;
  gulong         cursor_id;

  GtkWidget     *box;
  GtkLabel      *title;
  GtkWidget     *page_button;   /* shows the last page fetched in the inspector */
  gint           page_index;    /* its scenario action, or -1 */
  GtkTextView   *view;
  GtkTextBuffer *buffer;
  GtkLabel      *prompt;
  GtkEntry      *entry;
  GtkLabel      *hint;

  GPtrArray     *history;    /* of char*, oldest first */
  guint          history_pos;
  GPtrArray     *readonly;   /* of ReadOnlyEntry* */
  /* Output of the console's actions for the run shown, keyed by the
   * action's index: rebuilt when the run changes. */
  NsPlayer      *cached_player;
  char          *cached_scenario;
  GHashTable    *cache;      /* index -> GPtrArray of NsConsoleLine */
  char          *shown;      /* the transcript's text */
};

G_DEFINE_FINAL_TYPE (NsConsole, ns_console, GTK_TYPE_WIDGET)

static void
readonly_entry_free (gpointer data)
{
  ReadOnlyEntry *e = data;

  g_free (e->line);
  g_ptr_array_unref (e->output);
  g_free (e);
}

static NsPlayer *
current_player (NsConsole *self)
{
  return self->run_panel != NULL ? ns_run_panel_get_player (self->run_panel) : NULL;
}

static gint64
cursor_time (NsConsole *self)
{
  NsPlayer *player = current_player (self);

  return player != NULL ? ns_player_get_time (player) : 0;
}

/* ---- the transcript ---- */

typedef struct {
  gint64            t;
  guint             order;     /* typing order among equal times */
  char             *line;
  GPtrArray        *output;    /* borrowed */
} Item;

static gint
item_compare (gconstpointer a, gconstpointer b)
{
  const Item *ia = a, *ib = b;

  if (ia->t != ib->t)
    return ia->t < ib->t ? -1 : 1;
  return ia->order < ib->order ? -1 : ia->order > ib->order;
}

/* The output of scenario action @index for the run shown (cached). */
static GPtrArray *
action_output (NsConsole *self, NsPlayer *player, guint index, const NsTopoAction *action,
               const NsConsoleCommand *cmd)
{
  GPtrArray *out;

  if (player == NULL)
    return NULL;
  if (self->cached_player != player)
    {
      g_hash_table_remove_all (self->cache);
      self->cached_player = player;
    }
  out = g_hash_table_lookup (self->cache, GUINT_TO_POINTER (index));
  if (out == NULL)
    {
      out = ns_console_output (player, self->node, cmd, index,
                               (gint64) (action->at * NS_NSEC_PER_SEC));
      g_hash_table_insert (self->cache, GUINT_TO_POINTER (index), out);
    }
  return out;
}

static gboolean
same_action (NsPlayer *player, guint index, const NsTopoAction *a)
{
  const NsTopology *ran = player != NULL ? ns_player_get_topology (player) : NULL;
  const NsTopoAction *b;

  if (ran == NULL || index >= ran->scenario->len)
    return FALSE;
  b = g_ptr_array_index (ran->scenario, index);
  return b->at == a->at && g_strcmp0 (b->node, a->node) == 0 && b->count == a->count
         && g_strcmp0 (b->action, a->action) == 0 && ns_console_action_is_console (b)
         && g_strcmp0 (json_object_get_string_member_with_default (b->extra, "command", ""),
                       json_object_get_string_member_with_default (a->extra, "command", "")) == 0;
}

void
ns_console_sync (NsConsole *self)
{
  NsPlayer *player;
  const NsTopology *topology;
  g_autoptr (GArray) items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  gint64 now;

  g_return_if_fail (NS_IS_CONSOLE (self));
  player = current_player (self);
  now = cursor_time (self);
  topology = ns_document_get_topology (self->document);
  for (guint i = 0; i < topology->scenario->len; i++)
    {
      const NsTopoAction *a = g_ptr_array_index (topology->scenario, i);
      g_autoptr (NsConsoleCommand) cmd = NULL;
      Item item = { 0 };

      if (g_strcmp0 (a->node, self->node) != 0 || !ns_console_action_is_console (a)
          || (cmd = ns_console_command_from_action (a)) == NULL)
        continue;
      item.t = (gint64) (a->at * NS_NSEC_PER_SEC);
      item.order = i;
      item.line = g_strdup (cmd->line);
      g_ptr_array_add (owned, item.line);
      /* Until the re-simulation is done, the run shown may not have this
       * action at this index: no output then. */
      if (same_action (player, i, a))
        item.output = action_output (self, player, i, a, cmd);
      g_array_append_val (items, item);
    }
  for (guint i = 0; i < self->readonly->len; i++)
    {
      ReadOnlyEntry *e = g_ptr_array_index (self->readonly, i);
      Item item = { e->t, G_MAXUINT / 2 + i, e->line, e->output };

      g_array_append_val (items, item);
    }
  g_array_sort (items, item_compare);
  self->page_index = -1;
  for (guint i = 0; i < items->len; i++)
    {
      const Item *item = &g_array_index (items, Item, i);

      if (item->t > now)
        break;
      /* A page fetched (its last line is shown): the browser view. */
      if (item->order < G_MAXUINT / 2 && item->output != NULL && item->output->len > 0
          && ((NsConsoleLine *) g_ptr_array_index (item->output, item->output->len - 1))->t <= now
          && g_strcmp0 (((const NsTopoAction *) g_ptr_array_index (topology->scenario,
                                                                    item->order))->action,
                        "http-get") == 0)
        self->page_index = (gint) item->order;
      g_string_append_printf (text, "%s$ %s\n", self->node, item->line);
      for (guint k = 0; item->output != NULL && k < item->output->len; k++)
        {
          const NsConsoleLine *line = g_ptr_array_index (item->output, k);

          if (line->t <= now)
            g_string_append_printf (text, "%s\n", line->text);
        }
    }
  gtk_widget_set_visible (self->page_button, self->page_index >= 0);
  if (g_strcmp0 (text->str, self->shown) != 0)
    {
      GtkTextIter end;

      g_free (self->shown);
      self->shown = g_strdup (text->str);
      gtk_text_buffer_set_text (self->buffer, text->str, -1);
      gtk_text_buffer_get_end_iter (self->buffer, &end);
      gtk_text_view_scroll_to_iter (self->view, &end, 0, FALSE, 0, 1);
    }
}

char *
ns_console_dup_text (NsConsole *self)
{
  g_return_val_if_fail (NS_IS_CONSOLE (self), NULL);
  return g_strdup (self->shown != NULL ? self->shown : "");
}

const char *
ns_console_get_node (NsConsole *self)
{
  g_return_val_if_fail (NS_IS_CONSOLE (self), NULL);
  return self->node;
}

/* ---- typing ---- */

static void
add_readonly (NsConsole *self, gint64 t, const char *line, GPtrArray *output)
{
  ReadOnlyEntry *e = g_new0 (ReadOnlyEntry, 1);

  e->t = t;
  e->line = g_strdup (line);
  e->output = output != NULL ? output
              : g_ptr_array_new_with_free_func ((GDestroyNotify) ns_console_line_free);
  g_ptr_array_add (self->readonly, e);
}

static void
add_message (NsConsole *self, gint64 t, const char *line, const char *message)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_console_line_free);
  g_auto (GStrv) lines = g_strsplit (message, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      NsConsoleLine *l = g_new0 (NsConsoleLine, 1);

      l->t = t;
      l->text = g_strdup (lines[i]);
      g_ptr_array_add (out, l);
    }
  add_readonly (self, t, line, out);
}

/* Starts the re-simulation now and plays on, so that the learner sees
 * the command's packets leave their host. */
static void
simulate_and_play (NsConsole *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (root != NULL && NS_IS_WINDOW (root))
    ns_window_simulate (NS_WINDOW (root));
  if (current_player (self) != NULL && !ns_player_at_end (current_player (self)))
    ns_player_bar_set_playing (ns_run_panel_get_player_bar (self->run_panel), TRUE);
}

/* A command typed at @t replaces this console's future: its commands
 * after @t go (the traffic ones in the same undo step). */
static void
drop_future (NsConsole *self, gint64 t)
{
  const NsTopology *topology = ns_document_get_topology (self->document);

  for (guint i = self->readonly->len; i-- > 0;)
    if (((ReadOnlyEntry *) g_ptr_array_index (self->readonly, i))->t > t)
      g_ptr_array_remove_index (self->readonly, i);
  for (guint i = topology->scenario->len; i-- > 0;)
    {
      const NsTopoAction *a = g_ptr_array_index (topology->scenario, i);

      if (g_strcmp0 (a->node, self->node) == 0 && ns_console_action_is_console (a)
          && (gint64) (a->at * NS_NSEC_PER_SEC) > t)
        ns_document_push (self->document, ns_command_remove_action (topology, i));
    }
}

/* A command whose action this build cannot run (an action of a later
 * version) would make the whole document fail to simulate: it is not
 * added, and the console says why. */
static gboolean
action_runs_here (NsConsole *self, const NsConsoleCommand *cmd, gint64 now, GError **error)
{
  g_autoptr (NsTopology) copy = ns_topology_copy (ns_document_get_topology (self->document));
  g_autoptr (GPtrArray) before = ns_topology_validate (copy);
  g_autoptr (GPtrArray) after = NULL;

  g_ptr_array_add (copy->scenario,
                   ns_console_command_to_action (cmd, self->node, (double) now / NS_NSEC_PER_SEC));
  after = ns_topology_validate (copy);
  if (after->len <= before->len)
    return TRUE;
  {
    g_autofree char *why = ns_problem_to_string (g_ptr_array_index (after, after->len - 1), NULL);

    /* The console speaks as the tool would, in English like the tools. */
    g_set_error (error, NS_CONSOLE_ERROR, NS_CONSOLE_ERROR_UNSUPPORTED,
                 "%s: this build of Netsketch cannot run this command yet (%s)", cmd->program, why);
  }
  return FALSE;
}

void
ns_console_submit (NsConsole *self, const char *line)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NsConsoleCommand) cmd = NULL;
  g_autofree char *trimmed = NULL;
  NsPlayer *player = current_player (self);
  gint64 now = cursor_time (self);

  g_return_if_fail (NS_IS_CONSOLE (self));
  trimmed = g_strstrip (g_strdup (line != NULL ? line : ""));
  if (*trimmed == '\0')
    return;
  if (self->history->len == 0
      || g_strcmp0 (g_ptr_array_index (self->history, self->history->len - 1), trimmed) != 0)
    g_ptr_array_add (self->history, g_strdup (trimmed));
  self->history_pos = self->history->len;
  gtk_label_set_text (self->hint, "");
  cmd = ns_console_parse_line (trimmed, &error);
  if (cmd == NULL)
    {
      drop_future (self, now);
      add_message (self, now, trimmed, error->message);
    }
  else if (!ns_console_command_is_action (cmd))
    {
      drop_future (self, now);
      if (player != NULL || cmd->kind == NS_CONSOLE_HELP)
        add_readonly (self, now, cmd->line,
                      player != NULL ? ns_console_output (player, self->node, cmd, 0, now)
                                     : ns_console_output (NULL, self->node, cmd, 0, now));
      else
        add_message (self, now, cmd->line,
                     _("(the network is not simulated yet: fix the problems shown above the "
                       "drawing)"));
    }
  else if (!action_runs_here (self, cmd, now, &error))
    {
      drop_future (self, now);
      add_message (self, now, cmd->line, error->message);
    }
  else
    {
      const NsTopology *topology = ns_document_get_topology (self->document);
      NsTopoAction *action = ns_console_command_to_action (cmd, self->node,
                                                           (double) now / NS_NSEC_PER_SEC);
      g_autofree char *label = g_strdup_printf (_("Console: %s"), cmd->line);

      ns_document_begin_group (self->document, label);
      drop_future (self, now);
      ns_document_push (self->document, ns_command_add_action (topology, -1, action));
      ns_document_end_group (self->document);
      ns_topo_action_free (action);
      simulate_and_play (self);
    }
  ns_console_sync (self);
}

const char *
ns_console_get_input (NsConsole *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

void
ns_console_set_input (NsConsole *self, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text != NULL ? text : "");
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
}

void
ns_console_history_move (NsConsole *self, int direction)
{
  g_return_if_fail (NS_IS_CONSOLE (self));
  if (self->history->len == 0)
    return;
  if (direction < 0 && self->history_pos > 0)
    self->history_pos--;
  else if (direction > 0 && self->history_pos < self->history->len)
    self->history_pos++;
  else
    return;
  ns_console_set_input (self, self->history_pos < self->history->len
                              ? g_ptr_array_index (self->history, self->history_pos) : "");
}

/* What Tab may complete: the commands for the first word, else node
 * names, addresses and the names DNS servers know. */
static GPtrArray *
completion_words (NsConsole *self, gboolean first_word)
{
  const NsTopology *topology = ns_document_get_topology (self->document);
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);

  if (first_word)
    {
      for (const char * const *n = ns_console_command_names (); *n != NULL; n++)
        g_ptr_array_add (words, g_strdup (*n));
      return words;
    }
  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const NsTopoNode *node = g_ptr_array_index (topology->nodes, i);

      if (node->kind == NS_NODE_SWITCH)
        continue;
      g_ptr_array_add (words, g_strdup (node->id));
      for (guint k = 0; k < node->ifaces->len; k++)
        {
          const NsTopoIface *iface = g_ptr_array_index (node->ifaces, k);

          if (iface->has_addr)
            g_ptr_array_add (words, ns_format_ipv4 (iface->addr));
        }
      for (guint s = 0; s < node->services->len; s++)
        {
          const NsTopoService *service = g_ptr_array_index (node->services, s);

          for (guint r = 0; service->records != NULL && r < service->records->len; r++)
            {
              const NsTopoRecord *rec = g_ptr_array_index (service->records, r);

              g_ptr_array_add (words, g_strdup (rec->name));
            }
        }
    }
  return words;
}

char **
ns_console_complete (NsConsole *self)
{
  const char *text;
  const char *word;
  g_autoptr (GPtrArray) words = NULL;
  g_autoptr (GPtrArray) matches = g_ptr_array_new ();
  g_autofree char *common = NULL;
  g_autoptr (GString) result = NULL;
  GStrvBuilder *builder;

  g_return_val_if_fail (NS_IS_CONSOLE (self), NULL);
  text = ns_console_get_input (self);
  word = strrchr (text, ' ');
  word = word != NULL ? word + 1 : text;
  /* "http://" completes the host after it. */
  if (g_str_has_prefix (word, "http://"))
    word += strlen ("http://");
  words = completion_words (self, strchr (text, ' ') == NULL);
  for (guint i = 0; i < words->len; i++)
    {
      const char *w = g_ptr_array_index (words, i);
      gboolean seen = FALSE;

      for (guint k = 0; k < matches->len && !seen; k++)
        seen = g_str_equal (g_ptr_array_index (matches, k), w);
      if (!seen && g_str_has_prefix (w, word))
        g_ptr_array_add (matches, (gpointer) w);
    }
  if (matches->len == 0)
    return NULL;
  common = g_strdup (g_ptr_array_index (matches, 0));
  for (guint i = 1; i < matches->len; i++)
    {
      const char *m = g_ptr_array_index (matches, i);
      gsize n = 0;

      while (common[n] != '\0' && common[n] == m[n])
        n++;
      common[n] = '\0';
    }
  result = g_string_new_len (text, word - text);
  g_string_append (result, common);
  if (matches->len == 1)
    g_string_append_c (result, ' ');
  ns_console_set_input (self, result->str);
  if (matches->len == 1)
    {
      gtk_label_set_text (self->hint, "");
      return NULL;
    }
  builder = g_strv_builder_new ();
  for (guint i = 0; i < matches->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (matches, i));
  {
    char **list = g_strv_builder_end (builder);
    g_autofree char *joined = g_strjoinv ("  ", list);

    g_strv_builder_unref (builder);
    gtk_label_set_text (self->hint, joined);
    return list;
  }
}

gboolean
ns_console_interrupt (NsConsole *self)
{
  const NsTopology *topology = ns_document_get_topology (self->document);
  NsPlayer *player = current_player (self);
  gint64 now = cursor_time (self);

  g_return_val_if_fail (NS_IS_CONSOLE (self), FALSE);
  for (guint i = topology->scenario->len; i-- > 0;)
    {
      const NsTopoAction *a = g_ptr_array_index (topology->scenario, i);
      g_autoptr (NsConsoleCommand) cmd = NULL;
      NsTopoAction *stopped;
      gint64 at = (gint64) (a->at * NS_NSEC_PER_SEC);
      GPtrArray *out;
      guint sent;

      if (g_strcmp0 (a->node, self->node) != 0 || !ns_console_action_is_console (a)
          || g_strcmp0 (a->action, "ping") != 0 || at > now
          || (cmd = ns_console_command_from_action (a)) == NULL)
        continue;
      out = same_action (player, i, a) ? action_output (self, player, i, a, cmd) : NULL;
      /* Still running: its statistics come after the cursor. */
      if (out == NULL || out->len == 0
          || ((NsConsoleLine *) g_ptr_array_index (out, out->len - 1))->t <= now)
        return FALSE;
      /* The requests sent by now, one an interval from the start. */
      sent = (guint) MIN ((guint64) a->count,
                          (guint64) ((now - at)
                                     / (gint64) (a->interval_ms * NS_NSEC_PER_MSEC)) + 1);
      stopped = ns_topo_action_copy (a);
      stopped->count = MAX (sent, 1);
      ns_document_push (self->document, ns_command_set_action (topology, i, stopped));
      ns_topo_action_free (stopped);
      simulate_and_play (self);
      ns_console_sync (self);
      return TRUE;
    }
  return FALSE;
}

/* ---- keys ---- */

static gboolean
entry_key_cb (GtkEventControllerKey *controller,
              guint                  keyval,
              guint                  keycode,
              GdkModifierType        state,
              NsConsole             *self)
{
  if ((state & GDK_CONTROL_MASK) && (keyval == GDK_KEY_c || keyval == GDK_KEY_C))
    {
      int start, end;

      /* With text selected, Ctrl+C copies it. */
      if (gtk_editable_get_selection_bounds (GTK_EDITABLE (self->entry), &start, &end))
        return FALSE;
      ns_console_interrupt (self);
      ns_console_set_input (self, "");
      return TRUE;
    }
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      ns_console_history_move (self, -1);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      ns_console_history_move (self, +1);
      return TRUE;
    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
      g_strfreev (ns_console_complete (self));
      return TRUE;
    default:
      return FALSE;
    }
}

static void
entry_activate_cb (GtkEntry *entry, NsConsole *self)
{
  g_autofree char *line = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  ns_console_submit (self, line);
}

gboolean
ns_console_show_page (NsConsole *self)
{
  NsPlayer *player = current_player (self);
  g_autoptr (NsConsoleHttpResponse) resp = NULL;
  g_autoptr (GString) text = NULL;
  g_autofree char *heading = NULL;
  const char *body;
  gsize len;

  g_return_val_if_fail (NS_IS_CONSOLE (self), FALSE);
  if (player == NULL || self->page_index < 0
      || (resp = ns_console_http_response (player, self->node, (guint) self->page_index)) == NULL)
    return FALSE;
  body = g_bytes_get_data (resp->body, &len);
  text = g_string_new (resp->head);
  g_string_append (text, "\n\n");
  /* The body as text, as a browser's "view source" shows it (a long one cut). */
  g_string_append_len (text, body, (gssize) MIN (len, 4000));
  if (len > 4000)
    {
      g_autofree char *n = g_strdup_printf ("%" G_GSIZE_FORMAT, len);

      g_string_append_c (text, '\n');
      /* Translators: after the first part of a long page; %s is its size. */
      g_string_append_printf (text, _("… (%s bytes in all)"), n);
    }
  /* Translators: the heading of the page a console's curl fetched; %s is the host. */
  heading = g_strdup_printf (_("The page %s received"), self->node);
  ns_inspector_show_event (ns_run_panel_get_inspector (self->run_panel), heading, text->str);
  return TRUE;
}

static void
close_clicked_cb (NsConsole *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  if (parent != NULL && GTK_IS_BOX (parent))
    gtk_box_remove (GTK_BOX (parent), GTK_WIDGET (self));
}

static void
document_changed_cb (NsConsole *self)
{
  ns_console_sync (self);
}

/* ---- the widget ---- */

static void
ns_console_dispose (GObject *object)
{
  NsConsole *self = NS_CONSOLE (object);

  g_clear_signal_handler (&self->changed_id, self->document);
  if (self->run_panel != NULL)
    g_clear_signal_handler (&self->cursor_id, self->run_panel);
  g_clear_object (&self->document);
  g_clear_weak_pointer (&self->run_panel);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (ns_console_parent_class)->dispose (object);
}

static void
ns_console_finalize (GObject *object)
{
  NsConsole *self = NS_CONSOLE (object);

  g_free (self->node);
  g_ptr_array_unref (self->history);
  g_ptr_array_unref (self->readonly);
  g_hash_table_unref (self->cache);
  g_free (self->cached_scenario);
  g_free (self->shown);
  G_OBJECT_CLASS (ns_console_parent_class)->finalize (object);
}

static gboolean
ns_console_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (NS_CONSOLE (widget)->entry));
}

static void
ns_console_class_init (NsConsoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ns_console_dispose;
  object_class->finalize = ns_console_finalize;
  widget_class->grab_focus = ns_console_grab_focus;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "console");
}

static void
ns_console_init (NsConsole *self)
{
  GtkWidget *header, *scroller, *row, *close;
  GtkEventController *keys;

  self->page_index = -1;
  self->history = g_ptr_array_new_with_free_func (g_free);
  self->readonly = g_ptr_array_new_with_free_func (readonly_entry_free);
  self->cache = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                       (GDestroyNotify) g_ptr_array_unref);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_add_css_class (self->box, "console");

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->title), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->title));
  self->page_button = gtk_button_new_with_mnemonic (_("Show _Page"));
  gtk_widget_add_css_class (self->page_button, "flat");
  gtk_widget_set_tooltip_text (self->page_button,
                               _("Show the page the last curl received (status, headers and "
                                 "body) in the inspector"));
  gtk_widget_set_visible (self->page_button, FALSE);
  g_signal_connect_swapped (self->page_button, "clicked", G_CALLBACK (ns_console_show_page), self);
  gtk_box_append (GTK_BOX (header), self->page_button);
  close = gtk_button_new_from_icon_name ("window-close-symbolic");
  gtk_widget_add_css_class (close, "flat");
  gtk_widget_set_tooltip_text (close, _("Close this console"));
  g_signal_connect_swapped (close, "clicked", G_CALLBACK (close_clicked_cb), self);
  gtk_box_append (GTK_BOX (header), close);
  gtk_box_append (GTK_BOX (self->box), header);

  self->view = GTK_TEXT_VIEW (gtk_text_view_new ());
  self->buffer = gtk_text_view_get_buffer (self->view);
  gtk_text_view_set_editable (self->view, FALSE);
  gtk_text_view_set_cursor_visible (self->view, FALSE);
  gtk_text_view_set_monospace (self->view, TRUE);
  gtk_text_view_set_wrap_mode (self->view, GTK_WRAP_CHAR);
  gtk_text_view_set_left_margin (self->view, 4);
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "console-text");
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->view));
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_widget_set_size_request (scroller, 300, 120);
  gtk_widget_set_hexpand (scroller, FALSE);
  gtk_box_append (GTK_BOX (self->box), scroller);

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  self->prompt = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->prompt), "monospace");
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->prompt));
  self->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->entry), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->entry), "monospace");
  gtk_entry_set_placeholder_text (self->entry,
                                  _("type a command, e.g. ping www.example.com (help lists "
                                    "them)"));
  g_signal_connect (self->entry, "activate", G_CALLBACK (entry_activate_cb), self);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (entry_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->entry));
  gtk_box_append (GTK_BOX (self->box), row);

  self->hint = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->hint, 0);
  gtk_label_set_wrap (self->hint, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->hint), "dim-label");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->hint));
}

static void
cursor_changed_cb (NsConsole *self)
{
  ns_console_sync (self);
}

GtkWidget *
ns_console_new (NsDocument *document, NsRunPanel *run_panel, const char *node)
{
  NsConsole *self = g_object_new (NS_TYPE_CONSOLE, NULL);
  g_autofree char *title = NULL;
  g_autofree char *prompt = NULL;

  self->document = g_object_ref (document);
  self->node = g_strdup (node);
  g_set_weak_pointer (&self->run_panel, run_panel);
  /* Translators: the title of a host's console; %s is the host's name. */
  title = g_strdup_printf (_("Console of %s"), node);
  gtk_label_set_text (self->title, title);
  prompt = g_strdup_printf ("%s$", node);
  gtk_label_set_text (self->prompt, prompt);
  self->changed_id = g_signal_connect_swapped (document, "changed",
                                               G_CALLBACK (document_changed_cb), self);
  if (run_panel != NULL)
    self->cursor_id = g_signal_connect_swapped (run_panel, "cursor-changed",
                                                G_CALLBACK (cursor_changed_cb), self);
  ns_console_sync (self);
  return GTK_WIDGET (self);
}
