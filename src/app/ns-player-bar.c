/* ns-player-bar.c: transport controls, speed and the timeline. */
#include "ns-player-bar.h"

#include <glib/gi18n.h>

#include "ns-run-style.h"

/* ---- the timeline: a private widget of the bar ---- */

#define NS_TYPE_TIMELINE (ns_timeline_get_type ())
G_DECLARE_FINAL_TYPE (NsTimeline, ns_timeline, NS, TIMELINE, GtkWidget)

struct _NsTimeline
{
  GtkWidget  parent_instance;
  NsPlayer  *player;     /* borrowed */
  double     drag_x;
};

G_DEFINE_FINAL_TYPE (NsTimeline, ns_timeline, GTK_TYPE_WIDGET)

#define TIMELINE_MARGIN 10.0

static double
timeline_x_for_time (NsTimeline *self,
                     double      width,
                     gint64      t)
{
  gint64 start = ns_player_get_start_time (self->player);
  gint64 end = ns_player_get_end_time (self->player);
  double span = MAX (1, end - start);

  return TIMELINE_MARGIN + (width - 2 * TIMELINE_MARGIN) * ((double) (t - start) / span);
}

static gint64
timeline_time_for_x (NsTimeline *self,
                     double      x)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  gint64 start = ns_player_get_start_time (self->player);
  gint64 end = ns_player_get_end_time (self->player);
  double f = (x - TIMELINE_MARGIN) / MAX (1.0, width - 2 * TIMELINE_MARGIN);

  return start + (gint64) (CLAMP (f, 0.0, 1.0) * (double) (end - start));
}

static void
timeline_draw_markers (NsTimeline *self,
                       cairo_t    *cr,
                       double      width,
                       double      top,
                       double      bottom)
{
  guint n = ns_player_get_n_steps (self->player);
  double last_x = -1;
  const char *last_protocol = NULL;

  /* Plain events: a thin tick in the protocol's colour; one per pixel and
   * colour is enough, so a run of 100,000 events costs no more than the
   * width of the widget in drawing. */
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < n; i++)
    {
      const NsPlayerStep *step = ns_player_get_step_info (self->player, i);
      double x = floor (timeline_x_for_time (self, width, step->t)) + 0.5;

      if (step->notable || (x == last_x && step->protocol == last_protocol))
        continue;
      last_x = x;
      last_protocol = step->protocol;
      ns_run_style_set_source (cr, step->protocol, 0.75);
      cairo_move_to (cr, x, top + 6);
      cairo_line_to (cr, x, bottom - 6);
      cairo_stroke (cr);
    }
  /* Losses and retransmissions stand out above everything else. */
  cairo_set_line_width (cr, 2);
  for (guint i = 0; i < n; i++)
    {
      const NsPlayerStep *step = ns_player_get_step_info (self->player, i);
      double x;
      GdkRGBA c;

      if (!step->notable || !ns_run_style_mark_rgba (step->mark, &c))
        continue;
      x = floor (timeline_x_for_time (self, width, step->t)) + 0.5;
      gdk_cairo_set_source_rgba (cr, &c);
      cairo_move_to (cr, x, top + 1);
      cairo_line_to (cr, x, bottom - 1);
      cairo_stroke (cr);
      cairo_move_to (cr, x - 4, top - 3);
      cairo_line_to (cr, x + 4, top - 3);
      cairo_line_to (cr, x, top + 3);
      cairo_close_path (cr);
      cairo_fill (cr);
    }
}

static void
ns_timeline_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  NsTimeline *self = NS_TIMELINE (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double top = 6, bottom = height - 2;
  cairo_t *cr;
  double cx;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  /* The track. */
  ns_run_style_rounded_rect (cr, TIMELINE_MARGIN - 4, top, width - 2 * TIMELINE_MARGIN + 8,
                             bottom - top, 5);
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.55, 0.12);
  cairo_fill (cr);
  if (self->player == NULL || ns_player_get_n_steps (self->player) == 0)
    {
      cairo_destroy (cr);
      return;
    }
  cx = timeline_x_for_time (self, width, ns_player_get_time (self->player));
  /* What has been played so far. */
  ns_run_style_rounded_rect (cr, TIMELINE_MARGIN - 4, top, cx - TIMELINE_MARGIN + 4, bottom - top,
                             5);
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.18);
  cairo_fill (cr);
  timeline_draw_markers (self, cr, width, top, bottom);
  /* The cursor: a line and a handle to drag. */
  cairo_set_source_rgb (cr, 0.11, 0.37, 0.71);
  cairo_set_line_width (cr, 2);
  cairo_move_to (cr, cx, top);
  cairo_line_to (cr, cx, bottom);
  cairo_stroke (cr);
  cairo_arc (cr, cx, top + 1, 5, 0, 2 * G_PI);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
timeline_seek (NsTimeline *self,
               double      x)
{
  if (self->player == NULL)
    return;
  ns_player_seek_time (self->player, timeline_time_for_x (self, x));
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               NsTimeline     *self)
{
  GtkWidget *bar = gtk_widget_get_ancestor (GTK_WIDGET (self), NS_TYPE_PLAYER_BAR);

  /* Dragging takes the cursor out of the player's hands. */
  if (bar != NULL)
    ns_player_bar_set_playing (NS_PLAYER_BAR (bar), FALSE);
  self->drag_x = x;
  timeline_seek (self, x);
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                NsTimeline     *self)
{
  timeline_seek (self, self->drag_x + dx);
}

static void
ns_timeline_class_init (NsTimelineClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = ns_timeline_snapshot;
  gtk_widget_class_set_css_name (widget_class, "timeline");
}

static void
ns_timeline_init (NsTimeline *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");
}

/* ---- the bar ---- */

struct _NsPlayerBar
{
  GtkWidget    parent_instance;

  NsPlayer    *player;       /* borrowed */
  gboolean     playing;
  double       speed;        /* 0: event by event */
  guint        tick_id;
  gint64       last_frame_usec;
  /* Event by event: how far (0..1) into the current event's screen time,
   * and the simulated time the interpolation started from. */
  double       phase;
  gint64       phase_from;
  double       carry_ns;     /* real-time pace: the fraction of a ns left over */
  gboolean     advancing;    /* the cursor change is ours */

  /* Template children. */
  GtkButton   *play_button;
  GtkLabel    *time_label;
  GtkLabel    *step_label;
  GtkDropDown *speed_dropdown;
  NsTimeline  *timeline;
};

G_DEFINE_FINAL_TYPE (NsPlayerBar, ns_player_bar, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_PLAYING, PROP_SPEED, N_PROPS };
static GParamSpec *properties[N_PROPS];

static const double speeds[] = { 0, 0.01, 0.1, 0.25, 0.5, 1, 2, 10, 100 };

static void
seek_ours_time (NsPlayerBar *self,
                gint64       t)
{
  self->advancing = TRUE;
  ns_player_seek_time (self->player, t);
  self->advancing = FALSE;
}

static void
seek_ours_step (NsPlayerBar *self,
                gint         step)
{
  self->advancing = TRUE;
  ns_player_seek_step (self->player, step);
  self->advancing = FALSE;
}

static void
advance_real_time (NsPlayerBar *self,
                   gint64       elapsed_usec)
{
  double dt = elapsed_usec * 1000.0 * self->speed + self->carry_ns;
  gint64 whole = (gint64) dt;
  gint64 t = ns_player_get_time (self->player) + whole;

  self->carry_ns = dt - whole;
  if (t >= ns_player_get_end_time (self->player))
    {
      self->advancing = TRUE;
      ns_player_seek_end (self->player);
      self->advancing = FALSE;
      ns_player_bar_set_playing (self, FALSE);
      return;
    }
  seek_ours_time (self, t);
}

static void
advance_event (NsPlayerBar *self,
               gint64       elapsed_usec)
{
  guint n = ns_player_get_n_steps (self->player);

  self->phase += (double) elapsed_usec / NS_PLAYER_BAR_EVENT_USEC;
  for (;;)
    {
      gint s = ns_player_get_step (self->player);
      gboolean last = s + 1 >= (gint) n;
      gint64 to = last ? ns_player_get_end_time (self->player)
                       : ns_player_get_step_info (self->player, s + 1)->t;

      if (self->phase >= 1.0)
        {
          self->phase -= 1.0;
          if (last)
            {
              self->advancing = TRUE;
              ns_player_seek_end (self->player);
              self->advancing = FALSE;
              ns_player_bar_set_playing (self, FALSE);
              return;
            }
          seek_ours_step (self, s + 1);
          self->phase_from = ns_player_get_time (self->player);
          continue;
        }
      /* Between two events, frames glide: the time moves evenly from this
       * event to the next over the event's screen time. Events at the same
       * moment just hold still for theirs. */
      if (to > self->phase_from)
        seek_ours_time (self,
                        self->phase_from + (gint64)(self->phase * (double)(to - self->phase_from)));
      return;
    }
}

void
ns_player_bar_advance (NsPlayerBar *self,
                       gint64       elapsed_usec)
{
  g_return_if_fail (NS_IS_PLAYER_BAR (self));

  if (self->player == NULL || !self->playing || elapsed_usec <= 0)
    return;
  if (self->speed > 0)
    advance_real_time (self, elapsed_usec);
  else
    advance_event (self, elapsed_usec);
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  NsPlayerBar *self = NS_PLAYER_BAR (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  if (self->last_frame_usec > 0)
    /* A long stall (a busy machine) is not played as one big jump. */
    ns_player_bar_advance (self, MIN (now - self->last_frame_usec, 100 * G_TIME_SPAN_MILLISECOND));
  self->last_frame_usec = now;
  return G_SOURCE_CONTINUE;
}

static void
restart_phase (NsPlayerBar *self)
{
  self->phase = 0;
  self->carry_ns = 0;
  self->phase_from = self->player != NULL ? ns_player_get_time (self->player) : 0;
}

gboolean
ns_player_bar_get_playing (NsPlayerBar *self)
{
  g_return_val_if_fail (NS_IS_PLAYER_BAR (self), FALSE);

  return self->playing;
}

void
ns_player_bar_set_playing (NsPlayerBar *self,
                           gboolean     playing)
{
  g_return_if_fail (NS_IS_PLAYER_BAR (self));

  playing = playing && self->player != NULL && ns_player_get_n_steps (self->player) > 0;
  if (self->playing == playing)
    return;
  self->playing = playing;
  if (playing)
    {
      if (ns_player_at_end (self->player))
        {
          self->advancing = TRUE;
          ns_player_seek_start (self->player);
          self->advancing = FALSE;
        }
      restart_phase (self);
      self->last_frame_usec = 0;
      self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, NULL, NULL);
    }
  else if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  gtk_button_set_icon_name (self->play_button, playing ? "media-playback-pause-symbolic"
                                                       : "media-playback-start-symbolic");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

double
ns_player_bar_get_speed (NsPlayerBar *self)
{
  g_return_val_if_fail (NS_IS_PLAYER_BAR (self), 0);

  return self->speed;
}

void
ns_player_bar_set_speed (NsPlayerBar *self,
                         double       speed)
{
  guint best = 0;

  g_return_if_fail (NS_IS_PLAYER_BAR (self));

  speed = speed <= 0 ? 0 : CLAMP (speed, 0.01, 100);
  if (self->speed == speed)
    return;
  self->speed = speed;
  restart_phase (self);
  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    if (speeds[i] == speed)
      best = i;
  if (speeds[best] == speed && gtk_drop_down_get_selected (self->speed_dropdown) != best)
    gtk_drop_down_set_selected (self->speed_dropdown, best);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

void
ns_player_bar_sync (NsPlayerBar *self)
{
  g_autofree char *now = NULL;
  g_autofree char *end = NULL;
  g_autofree char *time_text = NULL;
  g_autofree char *step_text = NULL;
  guint n;
  gint s;

  g_return_if_fail (NS_IS_PLAYER_BAR (self));

  gtk_widget_queue_draw (GTK_WIDGET (self->timeline));
  if (self->player == NULL)
    {
      gtk_label_set_text (self->time_label, "");
      gtk_label_set_text (self->step_label, "");
      return;
    }
  /* Someone else moved the cursor (a click, a drag, a step): play on from
   * there. */
  if (!self->advancing)
    restart_phase (self);
  now = ns_player_format_time (ns_player_get_time (self->player));
  end = ns_player_format_time (ns_player_get_end_time (self->player));
  time_text = g_strdup_printf ("%s / %s", now, end);
  gtk_label_set_text (self->time_label, time_text);
  n = ns_player_get_n_steps (self->player);
  s = ns_player_get_step (self->player);
  if (s < 0)
    step_text =
      g_strdup_printf (ngettext ("Before the first of %u event: press Play or → to step",
                                 "Before the first of %u events: press Play or → to step", n),
                       n);
  else
    {
      const NsPlayerStep *step = ns_player_get_step_info (self->player, s);

      step_text = g_strdup_printf (_("Event %d of %u · %s%s%s"), s + 1, n,
                                   step->node != NULL ? step->node : "",
                                   step->node != NULL ? ": " : "", step->text);
    }
  /* Only when it changes: this runs at every frame of playback. The label
   * wraps, so the whole text is read without a tooltip (one would also
   * stay over the timeline). */
  if (g_strcmp0 (gtk_label_get_text (self->step_label), step_text) != 0)
    gtk_label_set_text (self->step_label, step_text);
}

void
ns_player_bar_set_player (NsPlayerBar *self,
                          NsPlayer    *player)
{
  g_return_if_fail (NS_IS_PLAYER_BAR (self));

  ns_player_bar_set_playing (self, FALSE);
  self->player = player;
  self->timeline->player = player;
  restart_phase (self);
  ns_player_bar_sync (self);
}

static void
on_speed_selected (GtkDropDown *dropdown,
                   GParamSpec  *pspec,
                   NsPlayerBar *self)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  if (i < G_N_ELEMENTS (speeds))
    ns_player_bar_set_speed (self, speeds[i]);
}

GtkWidget *
ns_player_bar_new (void)
{
  return g_object_new (NS_TYPE_PLAYER_BAR, NULL);
}

static void
ns_player_bar_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  NsPlayerBar *self = NS_PLAYER_BAR (object);

  switch (prop_id)
    {
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ns_player_bar_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  NsPlayerBar *self = NS_PLAYER_BAR (object);

  switch (prop_id)
    {
    case PROP_PLAYING:
      ns_player_bar_set_playing (self, g_value_get_boolean (value));
      break;
    case PROP_SPEED:
      ns_player_bar_set_speed (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ns_player_bar_dispose (GObject *object)
{
  NsPlayerBar *self = NS_PLAYER_BAR (object);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  self->playing = FALSE;
  self->player = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), NS_TYPE_PLAYER_BAR);
  /* The template's unnamed outer box too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (ns_player_bar_parent_class)->dispose (object);
}

static void
ns_player_bar_class_init (NsPlayerBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ns_player_bar_dispose;
  object_class->get_property = ns_player_bar_get_property;
  object_class->set_property = ns_player_bar_set_property;

  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, 0, 100, 0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (NS_TYPE_TIMELINE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/netsketch/Netsketch/ns-player-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, NsPlayerBar, play_button);
  gtk_widget_class_bind_template_child (widget_class, NsPlayerBar, time_label);
  gtk_widget_class_bind_template_child (widget_class, NsPlayerBar, step_label);
  gtk_widget_class_bind_template_child (widget_class, NsPlayerBar, speed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NsPlayerBar, timeline);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "playerbar");
}

static void
ns_player_bar_init (NsPlayerBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->speed_dropdown, "notify::selected", G_CALLBACK (on_speed_selected), self);
}
