/* ns-lesson-card.c: the lesson (and activity) text over the side panel.
 * The heading is one button: a learner who needs the room clicks it and
 * the card folds to that one line; the same click brings it back. */
#include "ns-lesson-card.h"

#include <glib/gi18n.h>

#include <string.h>

/* The body scrolls past this height, so a long lesson never pushes the
 * side panel's own controls off a small screen. */
#define BODY_MAX_HEIGHT 240

struct _NsLessonCard
{
  GtkWidget       parent_instance;

  char           *title;
  char           *body;
  char           *activity_title;
  char           *activity_text;
  gboolean        expanded;

  GtkWidget      *box;
  GtkButton      *heading;
  GtkImage       *arrow;
  GtkLabel       *title_label;
  GtkRevealer    *revealer;
  GtkLabel       *body_label;
  GtkWidget      *activity_box;
  GtkLabel       *activity_heading;
  GtkLabel       *activity_label;
};

enum {
  PROP_0,
  PROP_EXPANDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (NsLessonCard, ns_lesson_card, GTK_TYPE_WIDGET)

static gboolean
empty (const char *text)
{
  return text == NULL || *text == '\0';
}

static void
update (NsLessonCard *self)
{
  gboolean has_lesson = !empty (self->title) || !empty (self->body);
  gboolean has_activity = !empty (self->activity_text);
  const char *title = !empty (self->title) ? self->title
                      : has_activity && !empty (self->activity_title) ? self->activity_title
                      : _("About this network");

  gtk_widget_set_visible (GTK_WIDGET (self), has_lesson || has_activity);
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->body_label, self->body != NULL ? self->body : "");
  gtk_widget_set_visible (GTK_WIDGET (self->body_label), !empty (self->body));
  gtk_widget_set_visible (self->activity_box, has_activity);
  if (has_activity)
    {
      g_autofree char *heading = !empty (self->activity_title)
        ? g_strdup_printf (_("Activity: %s"), self->activity_title)
        : g_strdup (_("Activity"));

      gtk_label_set_text (self->activity_heading, heading);
      gtk_label_set_text (self->activity_label, self->activity_text);
    }
  gtk_revealer_set_reveal_child (self->revealer, self->expanded);
  gtk_image_set_from_icon_name (self->arrow,
                                self->expanded ? "pan-down-symbolic" : "pan-end-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->heading),
                               self->expanded ? _("Fold the lesson to one line")
                                              : _("Show the whole lesson"));
}

void
ns_lesson_card_set_lesson (NsLessonCard *self,
                           const char   *title,
                           const char   *body)
{
  g_return_if_fail (NS_IS_LESSON_CARD (self));

  if (g_strcmp0 (self->title, title) == 0 && g_strcmp0 (self->body, body) == 0)
    return;
  g_free (self->title);
  g_free (self->body);
  self->title = g_strdup (title);
  self->body = g_strdup (body);
  update (self);
}

const char *
ns_lesson_card_get_title (NsLessonCard *self)
{
  g_return_val_if_fail (NS_IS_LESSON_CARD (self), NULL);

  return self->title;
}

const char *
ns_lesson_card_get_body (NsLessonCard *self)
{
  g_return_val_if_fail (NS_IS_LESSON_CARD (self), NULL);

  return self->body;
}

void
ns_lesson_card_set_activity (NsLessonCard *self,
                             const char   *title,
                             const char   *instructions)
{
  g_return_if_fail (NS_IS_LESSON_CARD (self));

  g_free (self->activity_title);
  g_free (self->activity_text);
  self->activity_title = g_strdup (title);
  self->activity_text = g_strdup (instructions);
  update (self);
}

const char *
ns_lesson_card_get_activity_text (NsLessonCard *self)
{
  g_return_val_if_fail (NS_IS_LESSON_CARD (self), NULL);

  return self->activity_text;
}

void
ns_lesson_card_set_expanded (NsLessonCard *self,
                             gboolean      expanded)
{
  g_return_if_fail (NS_IS_LESSON_CARD (self));

  expanded = !!expanded;
  if (self->expanded == expanded)
    return;
  self->expanded = expanded;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPANDED]);
}

gboolean
ns_lesson_card_get_expanded (NsLessonCard *self)
{
  g_return_val_if_fail (NS_IS_LESSON_CARD (self), FALSE);

  return self->expanded;
}

GtkLabel *
ns_lesson_card_get_body_label (NsLessonCard *self)
{
  g_return_val_if_fail (NS_IS_LESSON_CARD (self), NULL);

  return self->body_label;
}

static void
heading_clicked_cb (NsLessonCard *self)
{
  ns_lesson_card_set_expanded (self, !self->expanded);
}

GtkWidget *
ns_lesson_card_new (void)
{
  return g_object_new (NS_TYPE_LESSON_CARD, NULL);
}

static GtkLabel *
text_label (void)
{
  GtkLabel *label = GTK_LABEL (gtk_label_new (NULL));

  gtk_label_set_wrap (label, TRUE);
  gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (label, 0);
  gtk_label_set_yalign (label, 0);
  /* Wide enough to read, and the card still fits the 360 px side panel. */
  gtk_label_set_width_chars (label, 20);
  gtk_label_set_max_width_chars (label, 36);
  return label;
}

static void
ns_lesson_card_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  NsLessonCard *self = NS_LESSON_CARD (object);

  switch (prop_id)
    {
    case PROP_EXPANDED:
      g_value_set_boolean (value, self->expanded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ns_lesson_card_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  NsLessonCard *self = NS_LESSON_CARD (object);

  switch (prop_id)
    {
    case PROP_EXPANDED:
      ns_lesson_card_set_expanded (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ns_lesson_card_dispose (GObject *object)
{
  NsLessonCard *self = NS_LESSON_CARD (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (ns_lesson_card_parent_class)->dispose (object);
}

static void
ns_lesson_card_finalize (GObject *object)
{
  NsLessonCard *self = NS_LESSON_CARD (object);

  g_free (self->title);
  g_free (self->body);
  g_free (self->activity_title);
  g_free (self->activity_text);
  G_OBJECT_CLASS (ns_lesson_card_parent_class)->finalize (object);
}

static void
ns_lesson_card_class_init (NsLessonCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ns_lesson_card_get_property;
  object_class->set_property = ns_lesson_card_set_property;
  object_class->dispose = ns_lesson_card_dispose;
  object_class->finalize = ns_lesson_card_finalize;
  properties[PROP_EXPANDED] = g_param_spec_boolean ("expanded", NULL, NULL, TRUE,
                                                    G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                                    | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "lessoncard");
}

static void
ns_lesson_card_init (NsLessonCard *self)
{
  GtkWidget *row, *scrolled, *inner;

  self->expanded = TRUE;
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (self->box, "lesson-card");
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->heading = GTK_BUTTON (gtk_button_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->heading), "flat");
  gtk_widget_add_css_class (GTK_WIDGET (self->heading), "lesson-heading");
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->arrow = GTK_IMAGE (gtk_image_new_from_icon_name ("pan-down-symbolic"));
  gtk_widget_set_valign (GTK_WIDGET (self->arrow), GTK_ALIGN_START);
  gtk_widget_set_margin_top (GTK_WIDGET (self->arrow), 3);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->arrow));
  self->title_label = text_label ();
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "heading");
  gtk_widget_set_hexpand (GTK_WIDGET (self->title_label), TRUE);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->title_label));
  gtk_button_set_child (self->heading, row);
  g_signal_connect_swapped (self->heading, "clicked", G_CALLBACK (heading_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->heading));

  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (self->revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->revealer));
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), BODY_MAX_HEIGHT);
  gtk_revealer_set_child (self->revealer, scrolled);
  inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (inner, 12);
  gtk_widget_set_margin_end (inner, 12);
  gtk_widget_set_margin_bottom (inner, 10);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), inner);
  self->body_label = text_label ();
  gtk_box_append (GTK_BOX (inner), GTK_WIDGET (self->body_label));

  self->activity_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_margin_top (self->activity_box, 4);
  self->activity_heading = text_label ();
  gtk_widget_add_css_class (GTK_WIDGET (self->activity_heading), "heading");
  gtk_box_append (GTK_BOX (self->activity_box), GTK_WIDGET (self->activity_heading));
  self->activity_label = text_label ();
  gtk_box_append (GTK_BOX (self->activity_box), GTK_WIDGET (self->activity_label));
  gtk_box_append (GTK_BOX (inner), self->activity_box);
  update (self);
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL && json_object_has_member (object, name)
                   ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
             && json_node_get_value_type (node) == G_TYPE_STRING
           ? json_node_get_string (node)
           : NULL;
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL && json_object_has_member (object, name)
                   ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

const char *
ns_lesson_translated (const NsTopology *topology,
                      const char       *field,
                      const char       *fallback)
{
  JsonObject *i18n = topology != NULL ? object_member (topology->extra, "i18n") : NULL;
  const char *const *languages = g_get_language_names ();
  const char *dot = strchr (field, '.');

  if (i18n == NULL)
    return fallback;
  /* "ko_KR.UTF-8", "ko_KR", "ko", "C": the most specific one first. */
  for (guint i = 0; languages[i] != NULL; i++)
    {
      JsonObject *texts = object_member (i18n, languages[i]);
      const char *text;

      if (texts == NULL)
        continue;
      if (dot != NULL)
        {
          g_autofree char *parent = g_strndup (field, (gsize) (dot - field));

          text = string_member (object_member (texts, parent), dot + 1);
        }
      else
        text = string_member (texts, field);
      if (text != NULL && *text != '\0')
        return text;
    }
  return fallback;
}
