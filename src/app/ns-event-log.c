/* ns-event-log.c: the list of a run's events. A run may have 100,000
 * steps: the list model makes a row object only when the view asks for
 * one, and filtering is the player's. */
#include "ns-event-log.h"

#include <glib/gi18n.h>

#include "ns-run-style.h"

#include <string.h>

/* ---- a row: one step ---- */

#define NS_TYPE_STEP_ITEM (ns_step_item_get_type ())
G_DECLARE_FINAL_TYPE (NsStepItem, ns_step_item, NS, STEP_ITEM, GObject)

struct _NsStepItem
{
  GObject parent_instance;
  guint   step;
};

G_DEFINE_FINAL_TYPE (NsStepItem, ns_step_item, G_TYPE_OBJECT)

static void
ns_step_item_class_init (NsStepItemClass *klass)
{
}

static void
ns_step_item_init (NsStepItem *self)
{
}

/* ---- the list: the step indexes that pass the filter ---- */

#define NS_TYPE_STEP_LIST (ns_step_list_get_type ())
G_DECLARE_FINAL_TYPE (NsStepList, ns_step_list, NS, STEP_LIST, GObject)

struct _NsStepList
{
  GObject  parent_instance;
  GArray  *steps;   /* of guint */
};

static GType
ns_step_list_get_item_type (GListModel *list)
{
  return NS_TYPE_STEP_ITEM;
}

static guint
ns_step_list_get_n_items (GListModel *list)
{
  return NS_STEP_LIST (list)->steps->len;
}

static gpointer
ns_step_list_get_item (GListModel *list,
                       guint       position)
{
  NsStepList *self = NS_STEP_LIST (list);
  NsStepItem *item;

  if (position >= self->steps->len)
    return NULL;
  item = g_object_new (NS_TYPE_STEP_ITEM, NULL);
  item->step = g_array_index (self->steps, guint, position);
  return item;
}

static void
ns_step_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ns_step_list_get_item_type;
  iface->get_n_items = ns_step_list_get_n_items;
  iface->get_item = ns_step_list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (NsStepList, ns_step_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ns_step_list_model_init))

static void
ns_step_list_finalize (GObject *object)
{
  g_array_unref (NS_STEP_LIST (object)->steps);
  G_OBJECT_CLASS (ns_step_list_parent_class)->finalize (object);
}

static void
ns_step_list_class_init (NsStepListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ns_step_list_finalize;
}

static void
ns_step_list_init (NsStepList *self)
{
  self->steps = g_array_new (FALSE, FALSE, sizeof (guint));
}

/* Takes @steps. */
static void
ns_step_list_set (NsStepList *self,
                  GArray     *steps)
{
  guint old = self->steps->len;

  g_array_unref (self->steps);
  self->steps = steps;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old, steps->len);
}

/* The row of the last step at or before @step, or GTK_INVALID_LIST_POSITION. */
static guint
ns_step_list_row_for_step (NsStepList *self,
                           gint        step)
{
  guint lo = 0, hi = self->steps->len;

  if (step < 0)
    return GTK_INVALID_LIST_POSITION;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->steps, guint, mid) <= (guint) step)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo == 0 ? GTK_INVALID_LIST_POSITION : lo - 1;
}

/* ---- the log ---- */

struct _NsEventLog
{
  GtkWidget           parent_instance;

  NsPlayer           *player;        /* borrowed */
  NsStepList         *list;
  GtkSingleSelection *selection;
  GtkStringList      *protocols;
  GtkStringList      *nodes;
  char               *protocol;      /* filter, or NULL */
  char               *node;
  char               *text;
  gboolean            syncing;
  gboolean            filling;       /* the filter widgets are being set */
  guint               scrolled_row;
  guint               scroll_tick_id;  /* a scroll waits for the rows' layout */
  guint               scroll_ticks;

  /* Template children. */
  GtkDropDown        *protocol_dropdown;
  GtkDropDown        *node_dropdown;
  GtkSearchEntry     *search_entry;
  GtkLabel           *count_label;
  GtkScrolledWindow  *scrolled;
  GtkColumnView      *column_view;
};

G_DEFINE_FINAL_TYPE (NsEventLog, ns_event_log, GTK_TYPE_WIDGET)

enum { STEP_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

enum { COL_MARK, COL_TIME, COL_NODE, COL_PROTOCOL, COL_TEXT };

static gboolean
on_query_tooltip (GtkWidget  *label,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  NsEventLog *self)
{
  guint step = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (label), "ns-step"));
  const NsPlayerStep *info;

  if (self->player == NULL || step == 0 || step > ns_player_get_n_steps (self->player))
    return FALSE;
  info = ns_player_get_step_info (self->player, step - 1);
  if (info->why != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("%s\n\nWhy: %s"), info->text, info->why);

      gtk_tooltip_set_text (tooltip, text);
    }
  else
    gtk_tooltip_set_text (tooltip, info->text);
  return TRUE;
}

/* The mark column's signs, in words. */
static gboolean
on_mark_query_tooltip (GtkWidget  *label,
                       int         x,
                       int         y,
                       gboolean    keyboard,
                       GtkTooltip *tooltip,
                       NsEventLog *self)
{
  guint step = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (label), "ns-step"));
  const NsPlayerStep *info;
  const char *text = NULL;

  if (self->player == NULL || step == 0 || step > ns_player_get_n_steps (self->player))
    return FALSE;
  info = ns_player_get_step_info (self->player, step - 1);
  if (info->mark != NS_PLAYER_MARK_NONE)
    text = ns_run_style_mark_meaning (info->mark);
  else if (info->kind == NS_TRACE_TX)
    text = _("→ a frame sent onto a link");
  else if (info->kind == NS_TRACE_RX)
    text = _("↓ a frame received from a link");
  else if (info->kind == NS_TRACE_LOCAL)
    text = _("↺ a packet a node sent to its own address, delivered inside it");
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  int column = GPOINTER_TO_INT (user_data);
  NsEventLog *self = g_object_get_data (G_OBJECT (factory), "log");

  if (column == COL_TEXT)
    {
      gtk_widget_set_has_tooltip (label, TRUE);
      g_signal_connect (label, "query-tooltip", G_CALLBACK (on_query_tooltip), self);
    }
  else if (column == COL_MARK)
    {
      gtk_widget_set_has_tooltip (label, TRUE);
      g_signal_connect (label, "query-tooltip", G_CALLBACK (on_mark_query_tooltip), self);
    }

  gtk_label_set_xalign (GTK_LABEL (label), column == COL_TIME ? 1 : 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column == COL_TIME)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
      gtk_label_set_attributes (GTK_LABEL (label), attrs);
      pango_attr_list_unref (attrs);
      gtk_widget_add_css_class (label, "dim-label");
    }
  gtk_list_item_set_child (item, label);
}

static char *
colour_hex (const GdkRGBA *c)
{
  return g_strdup_printf ("#%02x%02x%02x", (int)(c->red * 255), (int)(c->green * 255),
                          (int)(c->blue * 255));
}

/* "received on router:eth1: ARP 10.0.1.80 is at ..." says again what
 * the Node column and the ↓ mark already say, and hides what was
 * received in a narrow column: show the frame's summary. */
static const char *
without_received_on (const NsPlayerStep *step)
{
  const char *rest;

  if (step->kind != NS_TRACE_RX || !g_str_has_prefix (step->text, "received on "))
    return step->text;
  rest = strstr (step->text + strlen ("received on "), ": ");
  return rest != NULL && rest[2] != '\0' ? rest + 2 : step->text;
}

/* "10.0.0.53:53 → 192.168.1.10:53877 DNS response A www.example.com":
 * what happened comes first, the addresses after it, so the narrow
 * column still shows it. The full text is in the tooltip and the
 * player bar. */
static char *
shown_text (const NsPlayerStep *step)
{
  const char *text = without_received_on (step);
  const char *arrow = strstr (text, " → ");
  const char *dst, *end;
  g_autofree char *to = NULL;

  if (arrow == NULL || memchr (text, ' ', arrow - text) != NULL)
    return g_strdup (text);
  dst = arrow + strlen (" → ");
  end = strchr (dst, ' ');
  if (end == NULL || end[1] == '\0' || end == dst)
    return g_strdup (text);
  to = g_strndup (dst, end[-1] == ':' ? end - 1 - dst : end - dst);
  return g_strdup_printf ("%s  ·  %.*s → %s", end + 1, (int) (arrow - text), text, to);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         NsEventLog               *self)
{
  NsStepItem *step_item = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  int column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  const NsPlayerStep *step;
  g_autofree char *markup = NULL;
  g_autofree char *colour = NULL;
  g_autofree char *shown = NULL;
  GdkRGBA c;

  if (self->player == NULL || step_item->step >= ns_player_get_n_steps (self->player))
    return;
  step = ns_player_get_step_info (self->player, step_item->step);
  switch (column)
    {
    case COL_MARK:
      /* Only a drop wears ✕: the frame carrying a retransmission
       * arrives, and wears ↻. */
      if (ns_run_style_mark_rgba (step->mark, &c))
        {
          colour = colour_hex (&c);
          markup = g_strdup_printf ("<span foreground=\"%s\"><b>%s</b></span>", colour,
                                    ns_run_style_mark_glyph (step->mark));
        }
      else
        markup = g_strdup (step->kind == NS_TRACE_TX ? "→" : step->kind == NS_TRACE_RX ? "↓"
                           : step->kind == NS_TRACE_LOCAL ? "↺" : "");
      gtk_label_set_markup (label, markup);
      g_object_set_data (G_OBJECT (label), "ns-step", GUINT_TO_POINTER (step_item->step + 1));
      break;
    case COL_TIME:
      markup = ns_player_format_time (step->t);
      gtk_label_set_text (label, markup);
      break;
    case COL_NODE:
      /* The name the canvas shows under the node, not its id. */
      {
        const NsTopology *topology = ns_player_get_topology (self->player);
        NsTopoNode *node = topology != NULL && step->node != NULL
                             ? ns_topology_find_node (topology, step->node)
                             : NULL;

        gtk_label_set_text (label, node != NULL && node->label != NULL ? node->label
                                   : step->node != NULL ? step->node : "");
      }
      break;
    case COL_PROTOCOL:
      ns_run_style_protocol_rgba (step->protocol, &c);
      colour = colour_hex (&c);
      markup =
        g_markup_printf_escaped ("<span foreground=\"%s\">■</span> %s", colour, step->protocol);
      gtk_label_set_markup (label, markup);
      break;
    default:
      shown = shown_text (step);
      if (ns_run_style_mark_rgba (step->mark, &c))
        {
          colour = colour_hex (&c);
          markup = g_markup_printf_escaped ("<span foreground=\"%s\">%s</span>", colour, shown);
          gtk_label_set_markup (label, markup);
        }
      else
        gtk_label_set_text (label, shown);
      /* The tooltip is asked for when shown: setting one on every bind
       * makes GTK ask the display where the pointer is, every time. */
      g_object_set_data (G_OBJECT (label), "ns-step", GUINT_TO_POINTER (step_item->step + 1));
      break;
    }
}

static void
add_column (NsEventLog *self,
            const char *title,
            int         column,
            int         width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;

  g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (column));
  g_object_set_data (G_OBJECT (factory), "log", self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  col = gtk_column_view_column_new (title, factory);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (col, width);
  gtk_column_view_column_set_expand (col, column == COL_TEXT);
  gtk_column_view_column_set_resizable (col, column != COL_MARK);
  gtk_column_view_append_column (self->column_view, col);
  g_object_unref (col);
}

static void
update_count (NsEventLog *self)
{
  g_autofree char *text = NULL;
  guint total = self->player != NULL ? ns_player_get_n_steps (self->player) : 0;

  if (self->list->steps->len == total)
    text = g_strdup_printf (ngettext ("%u event", "%u events", total), total);
  else
    text = g_strdup_printf (ngettext ("%u of %u event", "%u of %u events", total),
                            self->list->steps->len, total);
  gtk_label_set_text (self->count_label, text);
}

static void queue_scroll (NsEventLog *self);

static void
refilter (NsEventLog *self)
{
  GArray *steps;

  if (self->player != NULL)
    steps = ns_player_filter_steps (self->player, self->protocol, self->node, self->text);
  else
    steps = g_array_new (FALSE, FALSE, sizeof (guint));
  self->syncing = TRUE;
  ns_step_list_set (self->list, steps);
  self->syncing = FALSE;
  self->scrolled_row = GTK_INVALID_LIST_POSITION;
  update_count (self);
  ns_event_log_sync (self);
  queue_scroll (self);
}

void
ns_event_log_sync (NsEventLog *self)
{
  guint row;

  g_return_if_fail (NS_IS_EVENT_LOG (self));

  row = self->player != NULL
          ? ns_step_list_row_for_step (self->list, ns_player_get_step (self->player))
          : GTK_INVALID_LIST_POSITION;
  if (gtk_single_selection_get_selected (self->selection) != row)
    {
      self->syncing = TRUE;
      gtk_single_selection_set_selected (self->selection, row);
      self->syncing = FALSE;
    }
  /* GTK 4.8 has no gtk_column_view_scroll_to (4.12), and the list's
   * scroll-to-item action forgets the column view's header: scroll the
   * view's adjustment so the row sits a third of the way down. */
  /* Until the view has laid out a model just replaced, the adjustment
   * still measures the old rows: scrolling now makes GTK 4.8 warn that it
   * "failed to scroll to given position" (queue_scroll does it later). */
  if (row != GTK_INVALID_LIST_POSITION && row != self->scrolled_row && self->scroll_tick_id == 0)
    {
      GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));
      guint n = self->list->steps->len;
      double upper = adj != NULL ? gtk_adjustment_get_upper (adj) : 0;
      double page = adj != NULL ? gtk_adjustment_get_page_size (adj) : 0;
      double value = adj != NULL ? gtk_adjustment_get_value (adj) : 0;
      double header = 32, row_h, y;

      if (adj == NULL || page <= 0 || n == 0 || upper <= header)
        return;
      self->scrolled_row = row;
      row_h = (upper - header) / n;
      y = header + row * row_h;
      if (y < value + header || y + row_h > value + page)
        gtk_adjustment_set_value (adj, CLAMP (y - page / 3, 0, MAX (0, upper - page)));
    }
}

/* Scrolls to the cursor's row once the view has laid its rows out: the
 * first frame after a model change (or a map) lays them out, so scroll
 * on the tick of the frame after it. Scrolling does nothing while the
 * list is not on screen either (another tab, a window not yet shown). */
static gboolean
scroll_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  NsEventLog *self = data;

  if (++self->scroll_ticks < 2)
    return G_SOURCE_CONTINUE;
  self->scroll_tick_id = 0;
  self->scrolled_row = GTK_INVALID_LIST_POSITION;
  ns_event_log_sync (self);
  return G_SOURCE_REMOVE;
}

static void
queue_scroll (NsEventLog *self)
{
  self->scroll_ticks = 0;
  if (self->scroll_tick_id == 0)
    self->scroll_tick_id =
      gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_tick, self, NULL);
}

static void
on_map (GtkWidget  *widget,
        NsEventLog *self)
{
  queue_scroll (self);
}

static void
on_selected (GtkSingleSelection *selection,
             GParamSpec         *pspec,
             NsEventLog         *self)
{
  guint row = gtk_single_selection_get_selected (selection);

  if (self->syncing || row == GTK_INVALID_LIST_POSITION || row >= self->list->steps->len)
    return;
  self->scrolled_row = row;
  g_signal_emit (self, signals[STEP_ACTIVATED], 0, g_array_index (self->list->steps, guint, row));
}

static const char *
dropdown_choice (GtkDropDown   *dropdown,
                 GtkStringList *strings)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  /* Row 0 is "All ...". */
  if (i == 0 || i == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (strings, i);
}

static void
on_filter_changed (NsEventLog *self)
{
  if (self->filling)
    return;
  g_free (self->protocol);
  g_free (self->node);
  g_free (self->text);
  self->protocol = g_strdup (dropdown_choice (self->protocol_dropdown, self->protocols));
  self->node = g_strdup (dropdown_choice (self->node_dropdown, self->nodes));
  self->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  refilter (self);
}

static void
fill_choices (NsEventLog *self)
{
  const NsTopology *topology = self->player != NULL ? ns_player_get_topology (self->player) : NULL;
  g_autoptr (GPtrArray) protocols =
    self->player != NULL ? ns_player_dup_protocols (self->player) : NULL;
  guint n;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->protocols));
  gtk_string_list_splice (self->protocols, 0, n,
                          (const char *const[]){ _ ("All protocols"), NULL });
  for (guint i = 0; protocols != NULL && i < protocols->len; i++)
    gtk_string_list_append (self->protocols, g_ptr_array_index (protocols, i));
  n = g_list_model_get_n_items (G_LIST_MODEL (self->nodes));
  gtk_string_list_splice (self->nodes, 0, n, (const char *const[]) { _("All nodes"), NULL });
  for (guint i = 0; topology != NULL && i < topology->nodes->len; i++)
    gtk_string_list_append (self->nodes,
                            ((NsTopoNode *)g_ptr_array_index (topology->nodes, i))->id);
}

static guint
string_index (GtkStringList *strings,
              const char    *text)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (strings));

  for (guint i = 1; text != NULL && *text != '\0' && i < n; i++)
    if (g_ascii_strcasecmp (gtk_string_list_get_string (strings, i), text) == 0)
      return i;
  return 0;
}

void
ns_event_log_set_filter (NsEventLog *self,
                         const char *protocol,
                         const char *node,
                         const char *text)
{
  g_return_if_fail (NS_IS_EVENT_LOG (self));

  self->filling = TRUE;
  gtk_drop_down_set_selected (self->protocol_dropdown, string_index (self->protocols, protocol));
  gtk_drop_down_set_selected (self->node_dropdown, string_index (self->nodes, node));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  self->filling = FALSE;
  on_filter_changed (self);
}

void
ns_event_log_set_player (NsEventLog *self,
                         NsPlayer   *player)
{
  g_return_if_fail (NS_IS_EVENT_LOG (self));

  self->player = player;
  self->filling = TRUE;
  fill_choices (self);
  /* Keep the filters a learner chose when the run is simulated again. */
  gtk_drop_down_set_selected (self->protocol_dropdown,
                              string_index (self->protocols, self->protocol));
  gtk_drop_down_set_selected (self->node_dropdown, string_index (self->nodes, self->node));
  self->filling = FALSE;
  on_filter_changed (self);
}

guint
ns_event_log_get_n_rows (NsEventLog *self)
{
  g_return_val_if_fail (NS_IS_EVENT_LOG (self), 0);

  return self->list->steps->len;
}

gint
ns_event_log_get_row_step (NsEventLog *self,
                           guint       row)
{
  g_return_val_if_fail (NS_IS_EVENT_LOG (self), -1);

  return row < self->list->steps->len ? (gint) g_array_index (self->list->steps, guint, row) : -1;
}

gint
ns_event_log_get_selected_step (NsEventLog *self)
{
  g_return_val_if_fail (NS_IS_EVENT_LOG (self), -1);

  return ns_event_log_get_row_step (self, gtk_single_selection_get_selected (self->selection));
}

GtkWidget *
ns_event_log_new (void)
{
  return g_object_new (NS_TYPE_EVENT_LOG, NULL);
}

static void
ns_event_log_dispose (GObject *object)
{
  NsEventLog *self = NS_EVENT_LOG (object);

  self->player = NULL;
  if (self->scroll_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
  self->scroll_tick_id = 0;
  gtk_widget_dispose_template (GTK_WIDGET (self), NS_TYPE_EVENT_LOG);
  /* The template's unnamed outer box too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->protocols);
  g_clear_object (&self->nodes);
  G_OBJECT_CLASS (ns_event_log_parent_class)->dispose (object);
}

static void
ns_event_log_finalize (GObject *object)
{
  NsEventLog *self = NS_EVENT_LOG (object);

  g_free (self->protocol);
  g_free (self->node);
  g_free (self->text);
  G_OBJECT_CLASS (ns_event_log_parent_class)->finalize (object);
}

static void
ns_event_log_class_init (NsEventLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ns_event_log_dispose;
  object_class->finalize = ns_event_log_finalize;

  /* A row was chosen: (step index). */
  signals[STEP_ACTIVATED] = g_signal_new ("step-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/netsketch/Netsketch/ns-event-log.ui");
  gtk_widget_class_bind_template_child (widget_class, NsEventLog, protocol_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NsEventLog, node_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NsEventLog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, NsEventLog, count_label);
  gtk_widget_class_bind_template_child (widget_class, NsEventLog, scrolled);
  gtk_widget_class_bind_template_child (widget_class, NsEventLog, column_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "eventlog");
}

static void
ns_event_log_init (NsEventLog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->scrolled_row = GTK_INVALID_LIST_POSITION;
  self->list = g_object_new (NS_TYPE_STEP_LIST, NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->list)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (self->selection, "notify::selected", G_CALLBACK (on_selected), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  add_column (self, "", COL_MARK, 24);
  add_column (self, _("Time"), COL_TIME, 92);
  add_column (self, _("Node"), COL_NODE, 72);
  add_column (self, _("Protocol"), COL_PROTOCOL, 78);
  add_column (self, _("What happened"), COL_TEXT, -1);

  self->protocols = gtk_string_list_new ((const char *const[]) { _("All protocols"), NULL });
  self->nodes = gtk_string_list_new ((const char *const[]) { _("All nodes"), NULL });
  gtk_drop_down_set_model (self->protocol_dropdown, G_LIST_MODEL (self->protocols));
  gtk_drop_down_set_model (self->node_dropdown, G_LIST_MODEL (self->nodes));
  g_signal_connect_swapped (self->protocol_dropdown, "notify::selected",
                            G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->node_dropdown, "notify::selected", G_CALLBACK (on_filter_changed),
                            self);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (on_filter_changed),
                            self);
  g_signal_connect (self, "map", G_CALLBACK (on_map), self);
  update_count (self);
}
