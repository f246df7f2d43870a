/* ns-field.c: validated entries. */
#include "config.h"

#include "ns-field.h"

typedef struct {
  GtkEntry       *entry;
  GtkLabel       *problem;
  NsFieldCheck    check;
  NsFieldApply    apply;
  gpointer        user_data;
  GDestroyNotify  destroy;
  char           *shown;     /* the model's value last shown */
  gboolean        valid;
  gboolean        setting;
} Field;

static GQuark
field_quark (void)
{
  return g_quark_from_static_string ("ns-field");
}

static Field *
get_field (GtkWidget *widget)
{
  return g_object_get_qdata (G_OBJECT (widget), field_quark ());
}

static void
field_free (gpointer data)
{
  Field *field = data;

  if (field->destroy != NULL)
    field->destroy (field->user_data);
  g_free (field->shown);
  g_free (field);
}

static void
recheck (Field *field)
{
  g_autofree char *problem = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (field->entry));

  field->valid = field->check == NULL || field->check (text, field->user_data, &problem);
  if (field->valid)
    gtk_widget_remove_css_class (GTK_WIDGET (field->entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (field->entry), "error");
  gtk_label_set_label (field->problem, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (field->problem), problem != NULL);
}

static void
changed_cb (GtkEditable *editable, Field *field)
{
  if (!field->setting)
    recheck (field);
}

static void
apply (Field *field)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (field->entry));

  recheck (field);
  /* Never apply a value that is not valid, nor one that did not change. */
  if (!field->valid || g_strcmp0 (text, field->shown) == 0 || field->apply == NULL)
    return;
  g_free (field->shown);
  field->shown = g_strdup (text);
  field->apply (text, field->user_data);
}

static void
activate_cb (GtkEntry *entry, Field *field)
{
  apply (field);
}

static void
focus_leave_cb (GtkEventControllerFocus *controller, Field *field)
{
  apply (field);
}

GtkWidget *
ns_field_new (const char *placeholder, NsFieldCheck check, NsFieldApply apply_func,
              gpointer user_data, GDestroyNotify destroy)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  Field *field = g_new0 (Field, 1);
  GtkEventController *focus;

  field->entry = GTK_ENTRY (gtk_entry_new ());
  field->problem = GTK_LABEL (gtk_label_new (NULL));
  field->check = check;
  field->apply = apply_func;
  field->user_data = user_data;
  field->destroy = destroy;
  field->valid = TRUE;

  gtk_widget_set_hexpand (GTK_WIDGET (field->entry), TRUE);
  if (placeholder != NULL)
    gtk_entry_set_placeholder_text (field->entry, placeholder);
  gtk_label_set_xalign (field->problem, 0);
  gtk_label_set_wrap (field->problem, TRUE);
  gtk_label_set_max_width_chars (field->problem, 30);
  gtk_widget_add_css_class (GTK_WIDGET (field->problem), "error");
  gtk_widget_add_css_class (GTK_WIDGET (field->problem), "caption");
  gtk_widget_set_visible (GTK_WIDGET (field->problem), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (field->entry));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (field->problem));

  g_signal_connect (field->entry, "changed", G_CALLBACK (changed_cb), field);
  g_signal_connect (field->entry, "activate", G_CALLBACK (activate_cb), field);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "leave", G_CALLBACK (focus_leave_cb), field);
  gtk_widget_add_controller (GTK_WIDGET (field->entry), focus);

  g_object_set_qdata_full (G_OBJECT (box), field_quark (), field, field_free);
  return box;
}

GtkEntry *
ns_field_get_entry (GtkWidget *widget)
{
  return get_field (widget)->entry;
}

void
ns_field_set_text (GtkWidget *widget, const char *text)
{
  Field *field = get_field (widget);
  GtkStateFlags state = gtk_widget_get_state_flags (GTK_WIDGET (field->entry));
  const char *current = gtk_editable_get_text (GTK_EDITABLE (field->entry));

  text = text != NULL ? text : "";
  /* The user is typing here: their text wins until they apply it. */
  if ((state & GTK_STATE_FLAG_FOCUS_WITHIN) && g_strcmp0 (current, field->shown) != 0)
    return;
  g_free (field->shown);
  field->shown = g_strdup (text);
  if (g_strcmp0 (current, text) != 0)
    {
      field->setting = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (field->entry), text);
      field->setting = FALSE;
    }
  recheck (field);
}

gboolean
ns_field_is_valid (GtkWidget *widget)
{
  return get_field (widget)->valid;
}
