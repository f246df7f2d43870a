/* ns-tcp-view.c: one TCP connection's variables (RFC 9293 §3.3.1 names)
 * and their history. Sequence numbers are shown relative to the initial
 * ones, as Wireshark does: a learner reads "1461", not "2783650170". */
#include "ns-tcp-view.h"

#include <glib/gi18n.h>

#include <math.h>

#include "ns-run-style.h"

struct _NsTcpView
{
  GtkWidget       parent_instance;

  NsPlayer       *player;       /* borrowed */
  gint            conn;
  GArray         *conns;        /* of guint: the dropdown's rows */
  GtkStringList  *names;
  gboolean        syncing;

  GtkWidget      *box;
  GtkDropDown    *dropdown;
  GtkLabel       *state_label;
  GtkLabel       *values_label;
  GtkLabel       *timer_label;
  GtkLevelBar    *timer_bar;
  GtkDrawingArea *plot;
  GtkLabel       *empty_label;
};

G_DEFINE_FINAL_TYPE (NsTcpView, ns_tcp_view, GTK_TYPE_WIDGET)

static const NsPlayerConnVars *
samples_of (NsTcpView *self,
            guint     *n_out)
{
  *n_out = 0;
  if (self->player == NULL || self->conn < 0)
    return NULL;
  return ns_player_get_conn_samples (self->player, (guint) self->conn, n_out);
}

static double
ms (gint64 ns)
{
  return ns / 1e6;
}

static void
update_values (NsTcpView *self)
{
  NsPlayerConnState st;
  const NsPlayerConnVars *v;
  g_autofree char *text = NULL;

  if (self->player == NULL || self->conn < 0)
    {
      gtk_label_set_text (self->state_label, "");
      gtk_label_set_text (self->values_label, "");
      gtk_label_set_text (self->timer_label, "");
      gtk_level_bar_set_value (self->timer_bar, 0);
      return;
    }
  ns_player_get_conn_state (self->player, (guint) self->conn, &st);
  gtk_label_set_text (self->state_label, st.state != NULL ? st.state : "CLOSED");
  v = st.vars;
  if (v == NULL)
    text = g_strdup (_("No variables yet: the connection has not started at this moment."));
  else
    text = g_strdup_printf (
      _ ("<b>Sending</b>  SND.UNA %u · SND.NXT %u · in flight %u bytes\n"
         "<b>Receiving</b>  RCV.NXT %u · my window RCV.WND %u\n"
         "<b>Peer's window</b>  SND.WND %u · <b>cwnd</b> %u · <b>ssthresh</b> %u\n"
         "<b>SRTT</b> %.1f ms · <b>RTO</b> %.0f ms · retransmissions so far: %u"),
      v->snd_una - v->iss, v->snd_nxt - v->iss, v->flight_size, v->rcv_nxt - v->irs, v->rcv_wnd,
      v->snd_wnd, v->cwnd, v->ssthresh, ms (v->srtt_ns), ms (v->rto_ns), st.retransmissions);
  gtk_label_set_markup (self->values_label, text);
  if (st.timer_running && st.rto_remaining >= 0)
    {
      g_autofree char *timer =
        g_strdup_printf (_ ("Retransmission timer: %.0f ms left before the oldest "
                            "unacknowledged segment is sent again (RFC 6298 §5)"),
                         ms (st.rto_remaining));
      double full =
        v != NULL && v->rto_ns > 0 ? (double)v->rto_ns : (double)MAX (st.rto_remaining, 1);

      gtk_label_set_text (self->timer_label, timer);
      gtk_level_bar_set_value (self->timer_bar, CLAMP (st.rto_remaining / full, 0, 1));
    }
  else
    {
      gtk_label_set_text (self->timer_label,
                          _ ("Retransmission timer stopped: nothing waits for an acknowledgement"));
      gtk_level_bar_set_value (self->timer_bar, 0);
    }
}

/* ---- the plot: three strips sharing the time axis ---- */

typedef double (*NsVarFunc) (const NsPlayerConnVars *v);

static double var_snd_nxt (const NsPlayerConnVars *v) { return v->snd_nxt - v->iss; }
static double var_snd_una (const NsPlayerConnVars *v) { return v->snd_una - v->iss; }
static double var_rcv_nxt (const NsPlayerConnVars *v) { return v->rcv_nxt - v->irs; }
static double var_cwnd (const NsPlayerConnVars *v) { return v->cwnd; }
static double var_ssthresh (const NsPlayerConnVars *v) { return v->ssthresh; }
static double var_snd_wnd (const NsPlayerConnVars *v) { return v->snd_wnd; }
static double var_srtt (const NsPlayerConnVars *v) { return ms (v->srtt_ns); }
static double var_rto (const NsPlayerConnVars *v) { return ms (v->rto_ns); }

typedef struct {
  const char *name;
  NsVarFunc   func;
  guint32     rgb;
  gboolean    clip;   /* does not set the scale: ssthresh starts "infinite" */
} NsSeries;

typedef struct {
  const char *title;
  NsSeries    series[3];
} NsStrip;

static const NsStrip strips[] = {
  { N_ ("Sequence (bytes)"),
    { { "SND.NXT", var_snd_nxt, 0x26a269 },
      { "SND.UNA", var_snd_una, 0x1c71d8 },
      { "RCV.NXT", var_rcv_nxt, 0x9a9996 } } },
  { N_ ("Windows (bytes)"),
    { { "cwnd", var_cwnd, 0x26a269 },
      { "ssthresh", var_ssthresh, 0xe01b24, TRUE },
      { "SND.WND", var_snd_wnd, 0x1c71d8 } } },
  { N_ ("Timing (ms)"),
    { { "SRTT", var_srtt, 0x1c71d8 }, { "RTO", var_rto, 0xf57900 }, { NULL, NULL, 0 } } },
};

static void
set_rgb (cairo_t *cr,
         guint32  rgb,
         double   alpha)
{
  cairo_set_source_rgba (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                         (rgb & 0xff) / 255.0, alpha);
}

static void
draw_strip (NsTcpView              *self,
            cairo_t                *cr,
            PangoLayout            *layout,
            const NsStrip          *strip,
            const NsPlayerConnVars *s,
            guint                   n,
            double                  x0,
            double                  y0,
            double                  w,
            double                  h,
            gint64                  t0,
            gint64                  t1)
{
  double max = 1, lx, ly, top_pad;
  int title_w, legend_w;
  g_autofree char *top = NULL;

  for (guint k = 0; k < 3 && strip->series[k].name != NULL; k++)
    for (guint i = 0; i < n && !strip->series[k].clip; i++)
      {
        double v = strip->series[k].func (&s[i]);

        if (!isnan (v))
          max = MAX (max, v);
      }
  max *= 1.1;
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.55, 0.08);
  cairo_rectangle (cr, x0, y0, w, h);
  cairo_fill (cr);
  /* Title and legend. */
  pango_layout_set_markup (layout, _(strip->title), -1);
  cairo_set_source_rgba (cr, 0.3, 0.3, 0.35, 1);
  cairo_move_to (cr, x0 + 4, y0 + 2);
  pango_cairo_show_layout (cr, layout);
  top = g_strdup_printf ("%.0f", max);
  pango_layout_set_text (layout, top, -1);
  cairo_move_to (cr, x0 - 4 - 40, y0);
  pango_layout_set_width (layout, 40 * PANGO_SCALE);
  pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
  pango_cairo_show_layout (cr, layout);
  pango_layout_set_width (layout, -1);
  pango_layout_set_alignment (layout, PANGO_ALIGN_LEFT);
  /* The legend sits right of the title, or under it when the plot is
   * too narrow for both on one line. */
  pango_layout_set_markup (layout, _(strip->title), -1);
  pango_layout_get_pixel_size (layout, &title_w, NULL);
  legend_w = 0;
  for (guint k = 0; k < 3; k++)
    if (strip->series[k].name != NULL)
      {
        int tw;

        pango_layout_set_text (layout, strip->series[k].name, -1);
        pango_layout_get_pixel_size (layout, &tw, NULL);
        legend_w += tw + 22;
      }
  ly = x0 + 4 + title_w + 8 > x0 + w - legend_w ? y0 + 14 : y0 + 2;
  /* The lines start under the legend, never through it. */
  top_pad = ly - y0 + 16;
  lx = x0 + w;
  for (guint k = 3; k-- > 0;)
    {
      int tw, th;

      if (strip->series[k].name == NULL)
        continue;
      pango_layout_set_text (layout, strip->series[k].name, -1);
      pango_layout_get_pixel_size (layout, &tw, &th);
      lx -= tw + 22;
      set_rgb (cr, strip->series[k].rgb, 1);
      cairo_rectangle (cr, lx, ly + 4, 12, 3);
      cairo_fill (cr);
      cairo_move_to (cr, lx + 15, ly);
      pango_cairo_show_layout (cr, layout);
    }
  /* Each variable holds its value until the next sample: steps, not
   * slopes. */
  for (guint k = 0; k < 3 && strip->series[k].name != NULL; k++)
    {
      gboolean pen = FALSE;
      double prev_y = 0;

      set_rgb (cr, strip->series[k].rgb, 1);
      cairo_set_line_width (cr, 1.6);
      for (guint i = 0; i < n; i++)
        {
          double v = strip->series[k].func (&s[i]);
          double x = x0 + w * (double) (s[i].t - t0) / (double) MAX (1, t1 - t0);
          /* Above the scale (ssthresh before the first loss): along the top. */
          double y = y0 + h - (h - top_pad) * (isnan (v) ? 0 : MIN (v, max) / max);

          if (isnan (v))
            {
              if (pen)
                cairo_line_to (cr, x, prev_y);
              pen = FALSE;
              continue;
            }
          if (!pen)
            cairo_move_to (cr, x, y);
          else
            {
              cairo_line_to (cr, x, prev_y);
              cairo_line_to (cr, x, y);
            }
          pen = TRUE;
          prev_y = y;
        }
      if (pen)
        cairo_line_to (cr, x0 + w, prev_y);
      cairo_stroke (cr);
    }
}

static void
plot_draw (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        user_data)
{
  NsTcpView *self = user_data;
  guint n;
  const NsPlayerConnVars *s = samples_of (self, &n);
  g_autoptr (PangoLayout) layout = NULL;
  PangoFontDescription *font;
  double x0 = 50, w = width - x0 - 8, strip_h, cx;
  gint64 t0, t1, now;

  if (s == NULL || n == 0 || w < 20)
    return;
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), NULL);
  font = pango_font_description_copy (
    pango_context_get_font_description (pango_layout_get_context (layout)));
  pango_font_description_set_size (font, 8 * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  t0 = s[0].t;
  t1 = MAX (s[n - 1].t, t0 + 1);
  strip_h = (height - 4 - 2 * 6) / 3.0;
  for (guint i = 0; i < G_N_ELEMENTS (strips); i++)
    draw_strip (self, cr, layout, &strips[i], s, n, x0, 2 + i * (strip_h + 6), w, strip_h, t0, t1);
  /* The cursor. */
  now = ns_player_get_time (self->player);
  cx = x0 + w * CLAMP ((double) (now - t0) / (double) (t1 - t0), 0, 1);
  cairo_set_source_rgba (cr, 0.11, 0.37, 0.71, 0.9);
  cairo_set_line_width (cr, 2);
  cairo_move_to (cr, cx, 0);
  cairo_line_to (cr, cx, height);
  cairo_stroke (cr);
}

/* ---- connections ---- */

static void
fill_conns (NsTcpView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->names));

  self->syncing = TRUE;
  g_array_set_size (self->conns, 0);
  gtk_string_list_splice (self->names, 0, n, NULL);
  for (guint i = 0; self->player != NULL && i < ns_player_get_n_conns (self->player); i++)
    {
      const NsPlayerConn *c = ns_player_get_conn (self->player, i);
      g_autofree char *name = NULL;

      if (c->listener)
        continue;
      name = g_strdup_printf ("%s: %s ↔ %s", c->node, c->local, c->remote);
      gtk_string_list_append (self->names, name);
      g_array_append_val (self->conns, i);
    }
  self->syncing = FALSE;
}

/* The drop-down shows self->conn. It is only ever told a different row,
 * once, and never from its own notify::selected: moving a GtkDropDown's
 * selection through another value while its popup list is selecting a row
 * makes the list and the drop-down answer each other for good (the window
 * froze when a learner chose the other end of a connection). */
static void
sync_dropdown (NsTcpView *self)
{
  guint row = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < self->conns->len; i++)
    if ((gint) g_array_index (self->conns, guint, i) == self->conn)
      row = i;
  if (gtk_drop_down_get_selected (self->dropdown) == row)
    return;
  self->syncing = TRUE;
  gtk_drop_down_set_selected (self->dropdown, row);
  self->syncing = FALSE;
}

static void
show_values (NsTcpView *self)
{
  gboolean has = self->player != NULL && self->conn >= 0;

  gtk_widget_set_visible (self->box, has);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), !has);
  update_values (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->plot));
}

static void
show_conn (NsTcpView *self)
{
  sync_dropdown (self);
  show_values (self);
}

void
ns_tcp_view_set_conn (NsTcpView *self,
                      gint       conn)
{
  const NsPlayerConn *c;

  g_return_if_fail (NS_IS_TCP_VIEW (self));

  /* A listener has no variables worth a plot: show nothing new. */
  c = self->player != NULL && conn >= 0 ? ns_player_get_conn (self->player, (guint) conn) : NULL;
  if (c != NULL && c->listener)
    return;
  if (self->conn == conn)
    return;
  self->conn = c != NULL ? conn : -1;
  show_conn (self);
}

gint
ns_tcp_view_get_conn (NsTcpView *self)
{
  g_return_val_if_fail (NS_IS_TCP_VIEW (self), -1);

  return self->conn;
}

const char *
ns_tcp_view_get_state_text (NsTcpView *self)
{
  g_return_val_if_fail (NS_IS_TCP_VIEW (self), NULL);

  return gtk_label_get_text (self->state_label);
}

void
ns_tcp_view_set_player (NsTcpView *self,
                        NsPlayer  *player)
{
  g_return_if_fail (NS_IS_TCP_VIEW (self));

  self->player = player;
  self->conn = -1;
  fill_conns (self);
  show_conn (self);
}

void
ns_tcp_view_sync (NsTcpView *self)
{
  g_return_if_fail (NS_IS_TCP_VIEW (self));

  if (self->conn < 0)
    return;
  update_values (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->plot));
}

static void
on_conn_selected (GtkDropDown *dropdown,
                  GParamSpec  *pspec,
                  NsTcpView   *self)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  if (self->syncing || i >= self->conns->len)
    return;
  if (self->conn == (gint) g_array_index (self->conns, guint, i))
    return;
  self->conn = (gint) g_array_index (self->conns, guint, i);
  /* The drop-down already shows it: only the values follow. */
  show_values (self);
}

GtkWidget *
ns_tcp_view_new (void)
{
  return g_object_new (NS_TYPE_TCP_VIEW, NULL);
}

static void
ns_tcp_view_dispose (GObject *object)
{
  NsTcpView *self = NS_TCP_VIEW (object);
  GtkWidget *child;

  self->player = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->names);
  g_clear_pointer (&self->conns, g_array_unref);
  G_OBJECT_CLASS (ns_tcp_view_parent_class)->dispose (object);
}

static void
ns_tcp_view_class_init (NsTcpViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ns_tcp_view_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tcpview");
}

static void
ns_tcp_view_init (NsTcpView *self)
{
  GtkWidget *row, *label, *body, *numbers;

  self->conn = -1;
  self->conns = g_array_new (FALSE, FALSE, sizeof (guint));
  self->names = gtk_string_list_new (NULL);
  gtk_orientable_set_orientation (
    GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))), GTK_ORIENTATION_VERTICAL);

  self->empty_label = GTK_LABEL (
    gtk_label_new (_ ("Click a TCP segment (or step to one) to follow its connection here.")));
  gtk_label_set_wrap (self->empty_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->empty_label), "dim-label");
  gtk_widget_set_vexpand (GTK_WIDGET (self->empty_label), TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->empty_label), GTK_WIDGET (self));

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_margin_start (self->box, 8);
  gtk_widget_set_margin_end (self->box, 8);
  gtk_widget_set_margin_top (self->box, 6);
  gtk_widget_set_margin_bottom (self->box, 6);
  gtk_widget_set_vexpand (self->box, TRUE);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->dropdown =
    GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->names)), NULL));
  gtk_widget_set_hexpand (GTK_WIDGET (self->dropdown), TRUE);
  g_signal_connect (self->dropdown, "notify::selected", G_CALLBACK (on_conn_selected), self);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->dropdown));
  label = gtk_label_new (_("State"));
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (row), label);
  self->state_label = GTK_LABEL (gtk_label_new (""));
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "title-4");
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->state_label));
  gtk_box_append (GTK_BOX (self->box), row);

  /* The numbers on the left, their plot over time on the right: the
   * pane is wide and short, stacking them would hide the plot. */
  body = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_vexpand (body, TRUE);
  gtk_box_append (GTK_BOX (self->box), body);
  numbers = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_box_append (GTK_BOX (body), numbers);

  self->values_label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (self->values_label, 0);
  gtk_label_set_selectable (self->values_label, TRUE);
  gtk_label_set_wrap (self->values_label, TRUE);
  gtk_label_set_max_width_chars (self->values_label, 40);
  gtk_box_append (GTK_BOX (numbers), GTK_WIDGET (self->values_label));

  self->timer_label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (self->timer_label, 0);
  gtk_label_set_wrap (self->timer_label, TRUE);
  gtk_label_set_max_width_chars (self->timer_label, 40);
  gtk_box_append (GTK_BOX (numbers), GTK_WIDGET (self->timer_label));
  self->timer_bar = GTK_LEVEL_BAR (gtk_level_bar_new_for_interval (0, 1));
  gtk_level_bar_remove_offset_value (self->timer_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->timer_bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->timer_bar, GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_box_append (GTK_BOX (numbers), GTK_WIDGET (self->timer_bar));

  self->plot = GTK_DRAWING_AREA (gtk_drawing_area_new ());
  gtk_drawing_area_set_content_width (self->plot, 220);
  gtk_drawing_area_set_content_height (self->plot, 120);
  gtk_widget_set_hexpand (GTK_WIDGET (self->plot), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->plot), TRUE);
  gtk_drawing_area_set_draw_func (self->plot, plot_draw, self, NULL);
  gtk_box_append (GTK_BOX (body), GTK_WIDGET (self->plot));
  gtk_widget_set_visible (self->box, FALSE);
}
