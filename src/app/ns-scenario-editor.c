/* ns-scenario-editor.c: the scenario as a list of rows.
 *
 * Each row: time, node and action on top, the action's parameters below.
 * The list is rebuilt when its shape (which node does what) changes, and
 * only refreshed otherwise, so the field being typed in keeps the focus. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ns-field.h"
#include "ns-scenario-editor.h"

#define MAX_AT     1000000.0
#define MAX_COUNT  1000000.0
#define MAX_BYTES  1000000000.0

struct _NsScenarioEditor
{
  GtkWidget    parent_instance;

  NsDocument  *document;
  gulong       changed_id;
  char        *shape;
  gboolean     updating;
  GPtrArray   *fields;        /* every field of the rows */

  GtkListBox  *list;
  GtkWidget   *empty_label;
  GtkWidget   *add_button;
};

G_DEFINE_FINAL_TYPE (NsScenarioEditor, ns_scenario_editor, GTK_TYPE_WIDGET)

typedef enum {
  PARAM_AT,
  PARAM_TARGET,
  PARAM_NAME,
  PARAM_URL,
  PARAM_COUNT,
  PARAM_BYTES,
} Param;

typedef struct {
  NsScenarioEditor *self;
  guint             index;
  Param             param;
} Binding;

static const struct { const char *id; const char *label; } actions[] = {
  { "ping", N_("Ping") },
  { "dns-lookup", N_("DNS lookup") },
  { "http-get", N_("Fetch a web page") },
  { "udp-send", N_("Send UDP") },
  { "tcp-send", N_("Send over TCP") },
  { "traceroute", N_("Traceroute") },
};

/* ---- checks ---- */

static gboolean
parse_number (const char *text, double *out)
{
  char *end = NULL;
  double v;

  if (text[0] == '\0')
    return FALSE;
  v = g_ascii_strtod (text, &end);
  if (*end != '\0' || !isfinite (v))
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
check_range (const char *text, double min, double max, gboolean integer, char **problem)
{
  double v;

  if (!parse_number (text, &v))
    *problem = g_strdup (_("Enter a number"));
  else if (v < min || v > max)
    *problem = g_strdup_printf (_("Must be from %g to %g"), min, max);
  else if (integer && v != floor (v))
    *problem = g_strdup (_("Enter a whole number"));
  return *problem == NULL;
}

static gboolean
has_port (const char *target)
{
  const char *colon = strrchr (target, ':');
  guint64 port;

  return colon != NULL && colon != target
         && g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &port, NULL);
}

static const NsTopoAction *
action_at (NsScenarioEditor *self, guint index)
{
  const NsTopology *t = ns_document_get_topology (self->document);

  return index < t->scenario->len ? g_ptr_array_index (t->scenario, index) : NULL;
}

static gboolean
binding_check (const char *text, gpointer user_data, char **problem)
{
  const Binding *b = user_data;
  const NsTopoAction *action = action_at (b->self, b->index);
  gboolean needs_port = action != NULL && (g_strcmp0 (action->action, "udp-send") == 0
                                           || g_strcmp0 (action->action, "tcp-send") == 0);

  switch (b->param)
    {
    case PARAM_AT:
      return check_range (text, 0, MAX_AT, FALSE, problem);
    case PARAM_COUNT:
      return check_range (text, 1, MAX_COUNT, TRUE, problem);
    case PARAM_BYTES:
      return check_range (text, 1, MAX_BYTES, TRUE, problem);
    case PARAM_TARGET:
      if (text[0] == '\0' || strchr (text, ' ') != NULL)
        *problem = g_strdup (_("Write an address or a name, like 10.0.1.80 or www.example.com"));
      else if (needs_port && !has_port (text))
        *problem = g_strdup (_("Add the port, like 10.0.1.80:7"));
      return *problem == NULL;
    case PARAM_NAME:
      if (text[0] == '\0' || strchr (text, ' ') != NULL)
        *problem = g_strdup (_("Write a name, like www.example.com"));
      return *problem == NULL;
    case PARAM_URL:
      if (!g_str_has_prefix (text, "http://") || text[7] == '\0')
        *problem = g_strdup (_("Write a web address, like http://www.example.com/"));
      return *problem == NULL;
    default:
      return TRUE;
    }
}

static void
push_action (NsScenarioEditor *self, guint index, NsTopoAction *copy)
{
  ns_document_push (self->document,
                    ns_command_set_action (ns_document_get_topology (self->document), index, copy));
  ns_topo_action_free (copy);
}

static void
binding_apply (const char *text, gpointer user_data)
{
  const Binding *b = user_data;
  const NsTopoAction *action;
  NsTopoAction *copy;
  double v = 0;

  if (b->self->updating || (action = action_at (b->self, b->index)) == NULL)
    return;
  copy = ns_topo_action_copy (action);
  parse_number (text, &v);
  switch (b->param)
    {
    case PARAM_AT: copy->at = v; break;
    case PARAM_COUNT: copy->count = (guint) v; break;
    case PARAM_BYTES: copy->bytes = (guint64) v; break;
    case PARAM_TARGET: g_free (copy->target); copy->target = g_strdup (text); break;
    case PARAM_NAME: g_free (copy->name); copy->name = g_strdup (text); break;
    case PARAM_URL: g_free (copy->url); copy->url = g_strdup (text); break;
    default: break;
    }
  push_action (b->self, b->index, copy);
}

/* ---- rows ---- */

static GtkWidget *
add_field (NsScenarioEditor *self, guint index, Param param, const char *placeholder)
{
  Binding *b = g_new0 (Binding, 1);
  GtkWidget *field;

  b->self = self;
  b->index = index;
  b->param = param;
  field = ns_field_new (placeholder, binding_check, binding_apply, b, g_free);
  g_object_set_data (G_OBJECT (field), "binding", b);
  g_ptr_array_add (self->fields, field);
  return field;
}

static GtkWidget *
labelled (const char *label, GtkWidget *field)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (label);

  /* An entry asks for 150 px unless told its width: two side by side
   * would not fit the panel. They still grow to fill the row. */
  gtk_editable_set_width_chars (GTK_EDITABLE (ns_field_get_entry (field)), 6);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "caption");
  gtk_widget_add_css_class (title, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), field);
  gtk_widget_set_hexpand (box, TRUE);
  return box;
}

static void
node_selected_cb (GtkDropDown *dropdown, GParamSpec *pspec, NsScenarioEditor *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dropdown), "index"));
  GtkStringObject *item = gtk_drop_down_get_selected_item (dropdown);
  const NsTopoAction *action = action_at (self, index);
  NsTopoAction *copy;

  if (self->updating || action == NULL || item == NULL
      || g_strcmp0 (gtk_string_object_get_string (item), action->node) == 0)
    return;
  copy = ns_topo_action_copy (action);
  g_free (copy->node);
  copy->node = g_strdup (gtk_string_object_get_string (item));
  push_action (self, index, copy);
}

/* Switching the action keeps what makes sense of the old one. */
static void
convert_action (NsTopoAction *copy, const char *to)
{
  const char *host = copy->target ? copy->target : copy->name;

  g_free (copy->action);
  copy->action = g_strdup (to);
  if (g_str_equal (to, "dns-lookup") && copy->name == NULL)
    copy->name = g_strdup (host ? host : "www.example.com");
  else if (g_str_equal (to, "http-get") && copy->url == NULL)
    copy->url = g_strdup_printf ("http://%s/", host ? host : "www.example.com");
  else if ((g_str_equal (to, "udp-send") || g_str_equal (to, "tcp-send")))
    {
      if (copy->target != NULL && !has_port (copy->target))
        {
          char *with_port = g_strdup_printf ("%s:7", copy->target);

          g_free (copy->target);
          copy->target = with_port;
        }
      if (copy->bytes == 0)
        copy->bytes = g_str_equal (to, "udp-send") ? 200 : 10000;
    }
  if ((g_str_equal (to, "ping") || g_str_equal (to, "traceroute")) && copy->target == NULL)
    copy->target = g_strdup (copy->name ? copy->name : "10.0.0.1");
  if (copy->count == 0)
    copy->count = g_str_equal (to, "ping") ? 4 : 1;
}

static void
action_selected_cb (GtkDropDown *dropdown, GParamSpec *pspec, NsScenarioEditor *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dropdown), "index"));
  guint selected = gtk_drop_down_get_selected (dropdown);
  const NsTopoAction *action = action_at (self, index);
  NsTopoAction *copy;

  if (self->updating || action == NULL || selected >= G_N_ELEMENTS (actions)
      || g_strcmp0 (actions[selected].id, action->action) == 0)
    return;
  copy = ns_topo_action_copy (action);
  convert_action (copy, actions[selected].id);
  push_action (self, index, copy);
}

static GtkWidget *
node_dropdown (NsScenarioEditor *self, guint index, const NsTopoAction *action)
{
  const NsTopology *t = ns_document_get_topology (self->document);
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = GTK_INVALID_LIST_POSITION, n = 0;
  GtkWidget *dropdown;

  for (guint i = 0; i < t->nodes->len; i++)
    {
      const NsTopoNode *node = g_ptr_array_index (t->nodes, i);

      if (ns_node_kind_is_layer2 (node->kind))
        continue;
      if (g_strcmp0 (node->id, action->node) == 0)
        selected = n;
      gtk_string_list_append (names, node->id);
      n++;
    }
  /* A node that is gone still shows, so the problem can be seen. */
  if (selected == GTK_INVALID_LIST_POSITION && action->node != NULL)
    {
      gtk_string_list_append (names, action->node);
      selected = n;
    }
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), selected);
  gtk_widget_set_tooltip_text (dropdown, _("The node that acts"));
  g_object_set_data (G_OBJECT (dropdown), "index", GUINT_TO_POINTER (index));
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (node_selected_cb), self);
  return dropdown;
}

static GtkWidget *
action_dropdown (NsScenarioEditor *self, guint index, const NsTopoAction *action)
{
  const char *labels[G_N_ELEMENTS (actions) + 1];
  GtkWidget *dropdown;

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    labels[i] = _(actions[i].label);
  labels[G_N_ELEMENTS (actions)] = NULL;
  dropdown = gtk_drop_down_new_from_strings (labels);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_strcmp0 (actions[i].id, action->action) == 0)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i);
  g_object_set_data (G_OBJECT (dropdown), "index", GUINT_TO_POINTER (index));
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (action_selected_cb), self);
  return dropdown;
}

static GtkWidget *
icon_button (const char *icon, const char *tooltip, const char *action, guint index,
             gboolean sensitive)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_uint32 (index));
  gtk_widget_set_sensitive (button, sensitive);
  return button;
}

static GtkWidget *
build_row (NsScenarioEditor *self, guint index, guint n_actions, const NsTopoAction *action)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *params = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *at = add_field (self, index, PARAM_AT, NULL);
  const char *kind = action->action != NULL ? action->action : "";

  gtk_widget_add_css_class (row, "list-row-box");
  gtk_editable_set_width_chars (GTK_EDITABLE (ns_field_get_entry (at)), 4);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (ns_field_get_entry (at)), 5);
  gtk_widget_set_tooltip_text (at, _("When, in seconds"));
  gtk_widget_set_hexpand (at, FALSE);
  gtk_widget_set_hexpand (GTK_WIDGET (ns_field_get_entry (at)), FALSE);
  gtk_box_append (GTK_BOX (top), at);
  {
    /* The time's unit, so "1" reads as one second of simulated time. */
    GtkWidget *unit = gtk_label_new (C_("unit of time", "s"));

    gtk_widget_add_css_class (unit, "dim-label");
    gtk_widget_set_valign (unit, GTK_ALIGN_CENTER);
    gtk_box_append (GTK_BOX (top), unit);
  }
  gtk_box_append (GTK_BOX (top), node_dropdown (self, index, action));
  {
    GtkWidget *spacer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
    gtk_widget_set_hexpand (spacer, TRUE);
    gtk_box_append (GTK_BOX (top), spacer);
  }
  gtk_box_append (GTK_BOX (top), icon_button ("go-up-symbolic", _("Move Up"), "scenario.move-up",
                                              index, index > 0));
  gtk_box_append (GTK_BOX (top), icon_button ("go-down-symbolic", _("Move Down"),
                                              "scenario.move-down", index,
                                              index + 1 < n_actions));
  gtk_box_append (GTK_BOX (top), icon_button ("user-trash-symbolic", _("Remove"),
                                              "scenario.remove", index, TRUE));
  gtk_box_append (GTK_BOX (row), top);
  /* The action on a line of its own: with the time, the node and the
   * buttons on one line the row is wider than the side panel. */
  gtk_box_append (GTK_BOX (row), action_dropdown (self, index, action));

  if (g_str_equal (kind, "dns-lookup"))
    gtk_box_append (GTK_BOX (params),
                    labelled (_("Name"), add_field (self, index, PARAM_NAME, "www.example.com")));
  else if (g_str_equal (kind, "http-get"))
    gtk_box_append (GTK_BOX (params),
                    labelled (_("Web address"), add_field (self, index, PARAM_URL,
                                                           "http://www.example.com/")));
  else
    gtk_box_append (GTK_BOX (params),
                    labelled (_("Target"), add_field (self, index, PARAM_TARGET,
                                                      g_str_has_suffix (kind, "-send")
                                                      ? "10.0.1.80:7" : "10.0.1.80")));
  if (g_str_equal (kind, "udp-send") || g_str_equal (kind, "tcp-send"))
    gtk_box_append (GTK_BOX (params), labelled (_("Bytes"), add_field (self, index, PARAM_BYTES,
                                                                       NULL)));
  if (g_str_equal (kind, "ping") || g_str_equal (kind, "udp-send"))
    gtk_box_append (GTK_BOX (params), labelled (_("Count"), add_field (self, index, PARAM_COUNT,
                                                                       NULL)));
  gtk_box_append (GTK_BOX (row), params);
  return row;
}

static char *
scenario_shape (const NsTopology *t)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < t->nodes->len; i++)
    {
      const NsTopoNode *node = g_ptr_array_index (t->nodes, i);
      g_string_append_printf (s, "%s%c,", node->id,
                              ns_node_kind_is_layer2 (node->kind) ? 's' : 'n');
    }
  g_string_append_c (s, '|');
  for (guint i = 0; i < t->scenario->len; i++)
    {
      const NsTopoAction *a = g_ptr_array_index (t->scenario, i);
      g_string_append_printf (s, "%s>%s,", a->node, a->action);
    }
  return g_string_free (s, FALSE);
}

static char *
field_text (const NsTopoAction *action, Param param)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  switch (param)
    {
    case PARAM_AT: return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.10g", action->at));
    case PARAM_COUNT: return g_strdup_printf ("%u", action->count);
    case PARAM_BYTES: return g_strdup_printf ("%" G_GUINT64_FORMAT, action->bytes);
    case PARAM_TARGET: return g_strdup (action->target);
    case PARAM_NAME: return g_strdup (action->name);
    case PARAM_URL: return g_strdup (action->url);
    default: return NULL;
    }
}

static void
refresh (NsScenarioEditor *self)
{
  const NsTopology *t;
  g_autofree char *shape = NULL;

  if (self->document == NULL)
    return;
  self->updating = TRUE;
  t = ns_document_get_topology (self->document);
  shape = scenario_shape (t);
  if (g_strcmp0 (shape, self->shape) != 0)
    {
      GtkWidget *child;

      g_ptr_array_set_size (self->fields, 0);
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
        gtk_list_box_remove (self->list, child);
      for (guint i = 0; i < t->scenario->len; i++)
        gtk_list_box_append (self->list, build_row (self, i, t->scenario->len,
                                                    g_ptr_array_index (t->scenario, i)));
      g_free (self->shape);
      self->shape = g_steal_pointer (&shape);
    }
  for (guint i = 0; i < self->fields->len; i++)
    {
      GtkWidget *field = g_ptr_array_index (self->fields, i);
      const Binding *b = g_object_get_data (G_OBJECT (field), "binding");
      const NsTopoAction *action = action_at (self, b->index);
      g_autofree char *text = action ? field_text (action, b->param) : NULL;

      ns_field_set_text (field, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->list), t->scenario->len > 0);
  gtk_widget_set_visible (self->empty_label, t->scenario->len == 0);
  self->updating = FALSE;
}

void
ns_scenario_editor_set_document (NsScenarioEditor *self, NsDocument *document)
{
  g_return_if_fail (NS_IS_SCENARIO_EDITOR (self));

  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_id, self->document);
  g_set_object (&self->document, document);
  g_clear_pointer (&self->shape, g_free);
  if (document != NULL)
    self->changed_id = g_signal_connect_swapped (document, "changed", G_CALLBACK (refresh), self);
  refresh (self);
}

/* ---- actions ---- */

static const NsTopoNode *
first_host (const NsTopology *t, const char *other_than)
{
  for (guint i = 0; i < t->nodes->len; i++)
    {
      const NsTopoNode *node = g_ptr_array_index (t->nodes, i);

      if (node->kind == NS_NODE_HOST && g_strcmp0 (node->id, other_than) != 0)
        return node;
    }
  return NULL;
}

static char *
first_address (const NsTopoNode *node)
{
  for (guint i = 0; node != NULL && i < node->ifaces->len; i++)
    {
      const NsTopoIface *iface = g_ptr_array_index (node->ifaces, i);

      if (iface->has_addr)
        return ns_format_ipv4 (iface->addr);
    }
  return g_strdup ("10.0.0.1");
}

static void
add_action (GtkWidget *widget, const char *name, GVariant *param)
{
  NsScenarioEditor *self = NS_SCENARIO_EDITOR (widget);
  const NsTopology *t = ns_document_get_topology (self->document);
  const NsTopoNode *from = first_host (t, NULL);
  NsTopoAction *action;

  /* A ping from the first host to another one: the simplest thing to see. */
  action = ns_topo_action_new (from != NULL ? from->id : "pc1", "ping");
  action->target = first_address (first_host (t, from ? from->id : NULL));
  action->count = 4;
  if (t->scenario->len > 0)
    action->at = ((NsTopoAction *) g_ptr_array_index (t->scenario, t->scenario->len - 1))->at + 1;
  ns_document_push (self->document, ns_command_add_action (t, -1, action));
  ns_topo_action_free (action);
}

static void
remove_action (GtkWidget *widget, const char *name, GVariant *param)
{
  NsScenarioEditor *self = NS_SCENARIO_EDITOR (widget);

  ns_document_push (self->document,
                    ns_command_remove_action (ns_document_get_topology (self->document),
                                              g_variant_get_uint32 (param)));
}

static void
move_action (GtkWidget *widget, const char *name, GVariant *param)
{
  NsScenarioEditor *self = NS_SCENARIO_EDITOR (widget);
  guint from = g_variant_get_uint32 (param);
  guint to = g_str_equal (name, "scenario.move-up") ? from - 1 : from + 1;

  if (g_str_equal (name, "scenario.move-up") && from == 0)
    return;
  ns_document_push (self->document,
                    ns_command_move_action (ns_document_get_topology (self->document), from, to));
}

/* ---- GObject ---- */

static void
ns_scenario_editor_dispose (GObject *object)
{
  NsScenarioEditor *self = NS_SCENARIO_EDITOR (object);

  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_id, self->document);
  g_clear_object (&self->document);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), NS_TYPE_SCENARIO_EDITOR);
  /* The template's root box is not bound to a field: unparent it too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (ns_scenario_editor_parent_class)->dispose (object);
}

static void
ns_scenario_editor_finalize (GObject *object)
{
  NsScenarioEditor *self = NS_SCENARIO_EDITOR (object);

  g_free (self->shape);
  G_OBJECT_CLASS (ns_scenario_editor_parent_class)->finalize (object);
}

static void
ns_scenario_editor_class_init (NsScenarioEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ns_scenario_editor_dispose;
  object_class->finalize = ns_scenario_editor_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/netsketch/Netsketch/ns-scenario-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, NsScenarioEditor, list);
  gtk_widget_class_bind_template_child (widget_class, NsScenarioEditor, empty_label);
  gtk_widget_class_bind_template_child (widget_class, NsScenarioEditor, add_button);
  gtk_widget_class_install_action (widget_class, "scenario.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "scenario.remove", "u", remove_action);
  gtk_widget_class_install_action (widget_class, "scenario.move-up", "u", move_action);
  gtk_widget_class_install_action (widget_class, "scenario.move-down", "u", move_action);
}

static void
ns_scenario_editor_init (NsScenarioEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->fields = g_ptr_array_new ();
}

GtkWidget *
ns_scenario_editor_new (void)
{
  return g_object_new (NS_TYPE_SCENARIO_EDITOR, NULL);
}
