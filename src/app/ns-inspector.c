/* ns-inspector.c: the packet inspector. The dissector (net/dissect.h) does
 * the reading; this file shows its tree, its bytes and its nesting. */
#include "ns-inspector.h"

#include <glib/gi18n.h>

#include <string.h>

#include "net/dissect.h"
#include "ns-run-style.h"

/* ---- one row of the field tree ---- */

#define NS_TYPE_INSPECTOR_ROW (ns_inspector_row_get_type ())
G_DECLARE_FINAL_TYPE (NsInspectorRow, ns_inspector_row, NS, INSPECTOR_ROW, GObject)

struct _NsInspectorRow
{
  GObject     parent_instance;
  char       *name;
  char       *value;
  char       *meaning;
  const char *protocol;   /* static */
  gsize       offset;
  gsize       length;
  gboolean    malformed;
  gboolean    is_layer;
  guint       layer_index;
  GListStore *children;   /* or NULL */
};

G_DEFINE_FINAL_TYPE (NsInspectorRow, ns_inspector_row, G_TYPE_OBJECT)

static void
ns_inspector_row_finalize (GObject *object)
{
  NsInspectorRow *self = NS_INSPECTOR_ROW (object);

  g_free (self->name);
  g_free (self->value);
  g_free (self->meaning);
  g_clear_object (&self->children);
  G_OBJECT_CLASS (ns_inspector_row_parent_class)->finalize (object);
}

static void
ns_inspector_row_class_init (NsInspectorRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ns_inspector_row_finalize;
}

static void
ns_inspector_row_init (NsInspectorRow *self)
{
}

static NsInspectorRow *
row_new_for_field (const NsDissectField *field,
                   const char           *protocol,
                   guint                 layer_index)
{
  NsInspectorRow *row = g_object_new (NS_TYPE_INSPECTOR_ROW, NULL);

  row->name = g_strdup (field->name);
  row->value = g_strdup (field->value);
  row->meaning = g_strdup (field->meaning);
  row->protocol = protocol;
  row->offset = field->offset;
  row->length = field->length;
  row->malformed = field->malformed;
  row->layer_index = layer_index;
  if (field->children != NULL && field->children->len > 0)
    {
      row->children = g_list_store_new (NS_TYPE_INSPECTOR_ROW);
      for (guint i = 0; i < field->children->len; i++)
        {
          g_autoptr (NsInspectorRow) child =
            row_new_for_field (g_ptr_array_index (field->children, i), protocol, layer_index);
          g_list_store_append (row->children, child);
        }
    }
  return row;
}

static NsInspectorRow *
row_new_for_layer (const NsDissectLayer *layer,
                   guint                 layer_index)
{
  NsInspectorRow *row = g_object_new (NS_TYPE_INSPECTOR_ROW, NULL);

  const char *comma = layer->title != NULL ? strstr (layer->title, ", ") : NULL;

  /* "IPv4" | "Src: 10.0.0.5, Dst: 10.0.1.80 · 60 bytes": the short name
   * fits the column, the title's details go with the value. */
  row->name = g_strdup (g_str_equal (layer->protocol, "Payload") ? "Data" : layer->protocol);
  if (layer->malformed && layer->error != NULL)
    row->value = g_strdup (layer->error);
  else if (comma != NULL)
    row->value = g_strdup_printf ("%s · %" G_GSIZE_FORMAT " bytes", comma + 2, layer->length);
  else
    row->value = g_strdup_printf ("%s · %" G_GSIZE_FORMAT " bytes", layer->title, layer->length);
  row->meaning = g_strdup (ns_run_style_layer_meaning (layer->protocol));
  row->protocol = layer->protocol;
  row->offset = layer->offset;
  row->length = layer->header_len > 0 ? layer->header_len : layer->length;
  row->malformed = layer->malformed;
  row->is_layer = TRUE;
  row->layer_index = layer_index;
  row->children = g_list_store_new (NS_TYPE_INSPECTOR_ROW);
  for (guint i = 0; i < layer->fields->len; i++)
    {
      g_autoptr (NsInspectorRow) child =
        row_new_for_field (g_ptr_array_index (layer->fields, i), layer->protocol, layer_index);
      g_list_store_append (row->children, child);
    }
  return row;
}

/* ---- the inspector ---- */

struct _NsInspector
{
  GtkWidget           parent_instance;

  NsDissection       *dissection;
  GBytes             *frame;
  GtkTreeListModel   *tree;
  GtkSingleSelection *selection;
  gboolean            has_highlight;
  gsize               highlight_offset;
  gsize               highlight_length;
  gint                highlight_layer;   /* -1: none */

  /* Template children. */
  GtkStack           *stack;
  GtkLabel           *heading_label;
  GtkLabel           *why_label;
  GtkLabel           *meaning_label;
  GtkPaned           *paned;
  GtkColumnView      *field_view;
  GtkDrawingArea     *encap_area;
  GtkTextView        *hex_view;
};

G_DEFINE_FINAL_TYPE (NsInspector, ns_inspector, GTK_TYPE_WIDGET)

#define HEX_BYTES_PER_LINE 8
#define HEX_FIRST_COL      6
#define HEX_ASCII_COL      31

static int
hex_col (guint j)
{
  return HEX_FIRST_COL + 3 * (int) j;
}

/* Applies @tag to the hex and the text of bytes [@offset, @offset+@len). */
static void
hex_apply_tag (GtkTextBuffer *buffer,
               const char    *tag,
               gsize          offset,
               gsize          len)
{
  gsize end = offset + len;

  for (gsize b = offset; b < end;)
    {
      guint line = b / HEX_BYTES_PER_LINE;
      guint j0 = b % HEX_BYTES_PER_LINE;
      guint j1 = MIN ((gsize) HEX_BYTES_PER_LINE, j0 + (end - b)) - 1;
      GtkTextIter s, e;

      gtk_text_buffer_get_iter_at_line_offset (buffer, &s, line, hex_col (j0));
      gtk_text_buffer_get_iter_at_line_offset (buffer, &e, line, hex_col (j1) + 2);
      gtk_text_buffer_apply_tag_by_name (buffer, tag, &s, &e);
      gtk_text_buffer_get_iter_at_line_offset (buffer, &s, line, HEX_ASCII_COL + j0);
      gtk_text_buffer_get_iter_at_line_offset (buffer, &e, line, HEX_ASCII_COL + j1 + 1);
      gtk_text_buffer_apply_tag_by_name (buffer, tag, &s, &e);
      b += j1 - j0 + 1;
    }
}

static char *
hex_dump_text (const guint8 *data,
               gsize         len)
{
  GString *text = g_string_new (NULL);

  for (gsize off = 0; off < len; off += HEX_BYTES_PER_LINE)
    {
      g_string_append_printf (text, "%04" G_GSIZE_MODIFIER "x  ", off);
      for (guint j = 0; j < HEX_BYTES_PER_LINE; j++)
        {
          if (off + j < len)
            g_string_append_printf (text, "%02x ", data[off + j]);
          else
            g_string_append (text, "   ");
        }
      g_string_append_c (text, ' ');
      for (guint j = 0; j < HEX_BYTES_PER_LINE && off + j < len; j++)
        {
          guint8 c = data[off + j];
          g_string_append_c (text, c >= 0x20 && c < 0x7f ? (char) c : '.');
        }
      if (off + HEX_BYTES_PER_LINE < len)
        g_string_append_c (text, '\n');
    }
  return g_string_free (text, FALSE);
}

static void
hex_fill (NsInspector *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->hex_view);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  gsize len = 0;
  const guint8 *data = self->frame != NULL ? g_bytes_get_data (self->frame, &len) : NULL;
  g_autofree char *text = data != NULL ? hex_dump_text (data, len) : g_strdup ("");

  gtk_text_buffer_set_text (buffer, text, -1);
  if (self->dissection == NULL)
    return;
  /* Each layer's header gets a light tint of its colour, so the dump shows
   * where one header ends and the next begins. */
  for (guint i = 0; i < self->dissection->layers->len; i++)
    {
      const NsDissectLayer *layer = g_ptr_array_index (self->dissection->layers, i);
      g_autofree char *name = g_strdup_printf ("layer-%s", layer->protocol);
      gsize hl = layer->header_len > 0 ? layer->header_len : layer->length;

      if (gtk_text_tag_table_lookup (table, name) == NULL)
        {
          GdkRGBA c;

          ns_run_style_protocol_rgba (layer->protocol, &c);
          c.alpha = 0.22f;
          gtk_text_buffer_create_tag (buffer, name, "background-rgba", &c, NULL);
        }
      if (layer->offset < len)
        hex_apply_tag (buffer, name, layer->offset, MIN (hl, len - layer->offset));
    }
}

static void
hex_highlight (NsInspector *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->hex_view);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GtkTextTag *tag = gtk_text_tag_table_lookup (table, "field");
  GtkTextIter s, e;
  gsize len = self->frame != NULL ? g_bytes_get_size (self->frame) : 0;

  if (tag == NULL)
    gtk_text_buffer_create_tag (buffer, "field",
                                "background", "#1a5fb4",
                                "foreground", "white",
                                "weight", PANGO_WEIGHT_BOLD,
                                NULL);
  gtk_text_buffer_get_bounds (buffer, &s, &e);
  gtk_text_buffer_remove_tag_by_name (buffer, "field", &s, &e);
  if (!self->has_highlight || self->highlight_offset >= len || self->highlight_length == 0)
    return;
  hex_apply_tag (buffer, "field", self->highlight_offset,
                 MIN (self->highlight_length, len - self->highlight_offset));
  gtk_text_buffer_get_iter_at_line (buffer, &s, self->highlight_offset / HEX_BYTES_PER_LINE);
  gtk_text_view_scroll_to_iter (self->hex_view, &s, 0.1, FALSE, 0, 0);
}

/* ---- the encapsulation picture ---- */

typedef struct {
  const char *protocol;
  const char *fields[5];
  const char *labels[5];
} NsKeyFields;

/* The fields a learner looks at first in each header. */
static const NsKeyFields key_fields[] = {
  { "Ethernet", { "Source", "Destination", "Type" }, { "from", "to", "type" } },
  { "ARP", { "Opcode", "Sender IP address", "Target IP address" }, { "", "sender", "target" } },
  { "IPv4",
    { "Source address", "Destination address", "Time to live", "Protocol" },
    { "from", "to", "TTL", "" } },
  { "ICMP", { "Type", "Sequence number" }, { "", "seq" } },
  { "UDP", { "Source port", "Destination port", "Length" }, { "port", "→", "len" } },
  { "TCP",
    { "Source port", "Destination port", "Flags", "Sequence number", "Acknowledgment number" },
    { "port", "→", "", "seq", "ack" } },
};

static char *
layer_key_text (const NsDissectLayer *layer)
{
  GString *text = g_string_new (NULL);

  for (guint k = 0; k < G_N_ELEMENTS (key_fields); k++)
    {
      if (!g_str_equal (key_fields[k].protocol, layer->protocol))
        continue;
      for (guint f = 0; f < G_N_ELEMENTS (key_fields[k].fields) && key_fields[k].fields[f] != NULL;
           f++)
        {
          const NsDissectField *field =
            ns_dissect_layer_find_field (layer, key_fields[k].fields[f]);

          if (field == NULL || field->value == NULL)
            continue;
          if (text->len > 0)
            g_string_append (text, g_str_equal (key_fields[k].labels[f], "→") ? " " : "  ");
          if (*key_fields[k].labels[f] != '\0')
            g_string_append_printf (text, "%s ", key_fields[k].labels[f]);
          g_string_append (text, field->value);
        }
      return g_string_free (text, FALSE);
    }
  /* DNS, HTTP, payload: the title says what they carry. */
  g_string_free (text, TRUE);
  return g_strdup (layer->title);
}

static gboolean
is_application_layer (const NsDissectLayer *layer)
{
  return g_str_equal (layer->protocol, "DNS") || g_str_equal (layer->protocol, "HTTP")
         || g_str_equal (layer->protocol, "Payload");
}

static void
draw_text (cairo_t     *cr,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y,
           double       width,
           gboolean     bold)
{
  g_autofree char *markup = g_markup_printf_escaped (bold ? "<b>%s</b>" : "%s", text);

  pango_layout_set_markup (layout, markup, -1);
  pango_layout_set_width (layout, (int) MAX (1, width) * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

#define ENCAP_ROW 34.0
#define ENCAP_GAP 4.0
#define ENCAP_MARGIN 4.0
#define ENCAP_INDENT 12.0

/* Nested boxes, like the real thing: the frame holds the packet, which
 * holds the segment, which holds the data. Each box starts with its
 * header (colour, size, the fields a learner looks at first). */
static void
encap_draw (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  NsInspector *self = user_data;
  g_autoptr (PangoLayout) layout = NULL;
  PangoFontDescription *font;
  guint n;

  if (self->dissection == NULL || self->dissection->layers->len == 0)
    return;
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), NULL);
  font = pango_font_description_copy (
    pango_context_get_font_description (pango_layout_get_context (layout)));
  pango_font_description_set_size (font, 8 * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  n = self->dissection->layers->len;
  for (guint i = 0; i < n; i++)
    {
      const NsDissectLayer *layer = g_ptr_array_index (self->dissection->layers, i);
      double x = ENCAP_MARGIN + i * ENCAP_INDENT;
      double w = width - 2 * x;
      double y = ENCAP_MARGIN + i * (ENCAP_ROW + ENCAP_GAP);
      double bottom = height - ENCAP_MARGIN - i * ENCAP_GAP;
      gboolean app = is_application_layer (layer);
      g_autofree char *key = layer_key_text (layer);
      g_autofree char *head = NULL;
      GdkRGBA c;

      if (w < 40)
        break;
      ns_run_style_protocol_rgba (layer->protocol, &c);
      /* The whole unit: its header and all it carries. */
      ns_run_style_rounded_rect (cr, x, y, w, bottom - y, 5);
      cairo_set_source_rgba (cr, c.red, c.green, c.blue, 0.08);
      cairo_fill_preserve (cr);
      if ((gint) i == self->highlight_layer)
        {
          cairo_set_source_rgb (cr, 0.1, 0.1, 0.12);
          cairo_set_line_width (cr, 2.5);
        }
      else
        {
          cairo_set_source_rgba (cr, c.red, c.green, c.blue, 0.9);
          cairo_set_line_width (cr, 1.2);
        }
      cairo_stroke (cr);
      /* Its header. */
      ns_run_style_rounded_rect (cr, x + 2, y + 2, w - 4, ENCAP_ROW - 2, 4);
      cairo_set_source_rgba (cr, c.red, c.green, c.blue, 0.92);
      cairo_fill (cr);
      if (app)
        head = g_strdup_printf ("%s · %" G_GSIZE_FORMAT " bytes of data for the application",
                                g_str_equal (layer->protocol, "Payload") ? "Data" : layer->protocol,
                                layer->length);
      else if (i + 1 < n)
        head = g_strdup_printf (
          "%s header · %" G_GSIZE_FORMAT " B, carrying %" G_GSIZE_FORMAT " B:", layer->protocol,
          layer->header_len, layer->length - layer->header_len);
      else
        head = g_strdup_printf ("%s header · %" G_GSIZE_FORMAT " B%s", layer->protocol,
                                layer->header_len,
                                layer->length > layer->header_len ? "" : " · no data: header only");
      cairo_set_source_rgb (cr, 1, 1, 1);
      draw_text (cr, layout, head, x + 8, y + 3, w - 16, TRUE);
      draw_text (cr, layout, key, x + 8, y + 17, w - 16, FALSE);
    }
}

/* ---- tree ---- */

static GListModel *
tree_create_children (gpointer item,
                      gpointer user_data)
{
  NsInspectorRow *row = item;

  return row->children != NULL ? g_object_ref (G_LIST_MODEL (row->children)) : NULL;
}

static NsInspectorRow *
row_at (NsInspector *self,
        guint        position)
{
  g_autoptr (GtkTreeListRow) tree_row = NULL;

  if (self->tree == NULL)
    return NULL;
  tree_row = g_list_model_get_item (G_LIST_MODEL (self->tree), position);
  if (tree_row == NULL)
    return NULL;
  return gtk_tree_list_row_get_item (tree_row);   /* a new reference */
}

static void
on_selection_changed (GtkSingleSelection *selection,
                      GParamSpec         *pspec,
                      NsInspector        *self)
{
  guint position = gtk_single_selection_get_selected (selection);
  g_autoptr (NsInspectorRow) row =
    position != GTK_INVALID_LIST_POSITION ? row_at (self, position) : NULL;

  self->has_highlight = row != NULL;
  self->highlight_offset = row != NULL ? row->offset : 0;
  self->highlight_length = row != NULL ? row->length : 0;
  self->highlight_layer = row != NULL ? (gint) row->layer_index : -1;
  hex_highlight (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->encap_area));
  if (row != NULL)
    {
      g_autofree char *markup = g_markup_printf_escaped (
        "<b>%s</b> = %s%s%s  <span alpha=\"60%%\">(bytes %" G_GSIZE_FORMAT "–%" G_GSIZE_FORMAT
        ")</span>",
        row->name, row->value != NULL ? row->value : "", row->meaning != NULL ? ": " : "",
        row->meaning != NULL ? row->meaning : "", row->offset,
        row->offset + MAX (row->length, 1) - 1);

      gtk_label_set_markup (self->meaning_label, markup);
    }
  else
    gtk_label_set_text (self->meaning_label,
                        _ ("Select a field to see what it means and which bytes hold it."));
}

static void
setup_expander_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), label);
  gtk_list_item_set_child (item, expander);
}

static void
bind_expander_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkTreeListRow *tree_row = gtk_list_item_get_item (item);
  GtkWidget *expander = gtk_list_item_get_child (item);
  GtkWidget *label = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  g_autoptr (NsInspectorRow) row = gtk_tree_list_row_get_item (tree_row);
  g_autofree char *markup = NULL;
  GdkRGBA c;

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), tree_row);
  if (row->is_layer)
    {
      g_autofree char *colour = NULL;

      ns_run_style_protocol_rgba (row->protocol, &c);
      colour = g_strdup_printf ("#%02x%02x%02x", (int)(c.red * 255), (int)(c.green * 255),
                                (int)(c.blue * 255));
      markup =
        g_markup_printf_escaped ("<span foreground=\"%s\">■</span> <b>%s</b>", colour, row->name);
    }
  else
    markup = g_markup_escape_text (row->name, -1);
  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_widget_set_tooltip_text (label, row->name);
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* Values and meanings are what a learner reads: they wrap rather than
   * end in "…" (the field tree is short, rows may grow). */
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (GPOINTER_TO_INT (user_data) == 2)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_list_item_set_child (item, label);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkTreeListRow *tree_row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autoptr (NsInspectorRow) row = gtk_tree_list_row_get_item (tree_row);
  const char *text = GPOINTER_TO_INT (user_data) == 1 ? row->value : row->meaning;

  if (GPOINTER_TO_INT (user_data) == 1 && row->malformed)
    {
      g_autofree char *markup = g_markup_printf_escaped ("<span foreground=\"#e01b24\">⚠ %s</span>",
                                                         text != NULL ? text : "");
      gtk_label_set_markup (GTK_LABEL (label), markup);
    }
  else
    gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
  /* A layer's row sums up its fields on one line (the tooltip has it
   * all); a field's value and meaning wrap so they are read whole. */
  gtk_label_set_wrap (GTK_LABEL (label), !row->is_layer);
  gtk_label_set_lines (GTK_LABEL (label), row->is_layer ? -1 : 3);
  gtk_widget_set_tooltip_text (label, text);
}

static void
add_column (NsInspector *self,
            const char  *title,
            int          kind,
            gboolean     expand,
            int          fixed_width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  if (kind == 0)
    {
      g_signal_connect (factory, "setup", G_CALLBACK (setup_expander_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_expander_cb), NULL);
    }
  else
    {
      g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), GINT_TO_POINTER (kind));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), GINT_TO_POINTER (kind));
    }
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (column, fixed_width);
  gtk_column_view_append_column (self->field_view, column);
  g_object_unref (column);
}

static void
set_model (NsInspector *self)
{
  GListStore *root = g_list_store_new (NS_TYPE_INSPECTOR_ROW);
  guint n = 0;

  if (self->dissection != NULL)
    {
      n = self->dissection->layers->len;
      for (guint i = 0; i < n; i++)
        {
          g_autoptr (NsInspectorRow) row =
            row_new_for_layer (g_ptr_array_index (self->dissection->layers, i), i);
          g_list_store_append (root, row);
        }
    }
  /* The tree takes @root. */
  self->tree = gtk_tree_list_model_new (G_LIST_MODEL (root), FALSE, FALSE,
                                        tree_create_children, NULL, NULL);
  /* Layers open, their fields' details (flag bits, options) closed. */
  for (guint i = n; i-- > 0;)
    {
      g_autoptr (GtkTreeListRow) tree_row = gtk_tree_list_model_get_child_row (self->tree, i);

      if (tree_row != NULL)
        gtk_tree_list_row_set_expanded (tree_row, TRUE);
    }
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->tree));
  g_object_unref (self->tree);   /* the selection holds it */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

static void
reset (NsInspector *self)
{
  self->has_highlight = FALSE;
  self->highlight_layer = -1;
  gtk_single_selection_set_model (self->selection, NULL);
  self->tree = NULL;
  g_clear_pointer (&self->dissection, ns_dissection_free);
  g_clear_pointer (&self->frame, g_bytes_unref);
}

static void
set_texts (NsInspector *self,
           const char  *heading,
           const char  *why)
{
  gtk_label_set_text (self->heading_label, heading != NULL ? heading : "");
  if (why != NULL && *why != '\0')
    {
      g_autofree char *markup = g_markup_printf_escaped (_("<b>Why:</b> %s"), why);

      gtk_label_set_markup (self->why_label, markup);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->why_label), why != NULL && *why != '\0');
}

void
ns_inspector_show_frame (NsInspector  *self,
                         const guint8 *frame,
                         gsize         len,
                         const char   *heading,
                         const char   *why)
{
  guint n_layers;

  g_return_if_fail (NS_IS_INSPECTOR (self));
  g_return_if_fail (frame != NULL || len == 0);

  reset (self);
  self->frame = g_bytes_new (frame, len);
  self->dissection = ns_dissect_frame (frame, len);
  set_texts (self, heading, why);
  set_model (self);
  hex_fill (self);
  hex_highlight (self);
  n_layers = self->dissection->layers->len;
  gtk_drawing_area_set_content_height (
    self->encap_area, (int)(2 * ENCAP_MARGIN + n_layers * (ENCAP_ROW + 2 * ENCAP_GAP)));
  gtk_widget_queue_draw (GTK_WIDGET (self->encap_area));
  gtk_widget_set_visible (GTK_WIDGET (self->paned), TRUE);
  gtk_stack_set_visible_child_name (self->stack, "frame");
}

void
ns_inspector_show_event (NsInspector *self,
                         const char  *heading,
                         const char  *why)
{
  g_return_if_fail (NS_IS_INSPECTOR (self));

  reset (self);
  set_texts (self, heading, why);
  gtk_widget_set_visible (GTK_WIDGET (self->paned), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "frame");
}

void
ns_inspector_clear (NsInspector *self)
{
  g_return_if_fail (NS_IS_INSPECTOR (self));

  reset (self);
  hex_fill (self);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

guint
ns_inspector_get_n_layers (NsInspector *self)
{
  g_return_val_if_fail (NS_IS_INSPECTOR (self), 0);

  return self->dissection != NULL ? self->dissection->layers->len : 0;
}

const char *
ns_inspector_get_layer_protocol (NsInspector *self,
                                 guint        index)
{
  const NsDissectLayer *layer;

  g_return_val_if_fail (NS_IS_INSPECTOR (self), NULL);

  if (self->dissection == NULL || index >= self->dissection->layers->len)
    return NULL;
  layer = g_ptr_array_index (self->dissection->layers, index);
  return layer->protocol;
}

gboolean
ns_inspector_select_field (NsInspector *self,
                           const char  *protocol,
                           const char  *field)
{
  guint n;
  gboolean in_layer = FALSE;

  g_return_val_if_fail (NS_IS_INSPECTOR (self), FALSE);

  n = self->tree != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->tree)) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (NsInspectorRow) row = row_at (self, i);

      if (row->is_layer)
        in_layer = g_str_equal (row->protocol, protocol);
      else if (in_layer && g_str_equal (row->name, field))
        {
          gtk_single_selection_set_selected (self->selection, i);
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
ns_inspector_get_highlight (NsInspector *self,
                            gsize       *offset_out,
                            gsize       *length_out)
{
  g_return_val_if_fail (NS_IS_INSPECTOR (self), FALSE);

  if (offset_out != NULL)
    *offset_out = self->highlight_offset;
  if (length_out != NULL)
    *length_out = self->highlight_length;
  return self->has_highlight;
}

GtkWidget *
ns_inspector_new (void)
{
  return g_object_new (NS_TYPE_INSPECTOR, NULL);
}

static void
ns_inspector_dispose (GObject *object)
{
  NsInspector *self = NS_INSPECTOR (object);

  if (self->selection != NULL)
    reset (self);
  g_clear_object (&self->selection);
  gtk_widget_dispose_template (GTK_WIDGET (self), NS_TYPE_INSPECTOR);
  /* The template's unnamed outer box too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (ns_inspector_parent_class)->dispose (object);
}

static void
ns_inspector_class_init (NsInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ns_inspector_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/netsketch/Netsketch/ns-inspector.ui");
  gtk_widget_class_bind_template_child (widget_class, NsInspector, stack);
  gtk_widget_class_bind_template_child (widget_class, NsInspector, heading_label);
  gtk_widget_class_bind_template_child (widget_class, NsInspector, why_label);
  gtk_widget_class_bind_template_child (widget_class, NsInspector, meaning_label);
  gtk_widget_class_bind_template_child (widget_class, NsInspector, paned);
  gtk_widget_class_bind_template_child (widget_class, NsInspector, field_view);
  gtk_widget_class_bind_template_child (widget_class, NsInspector, encap_area);
  gtk_widget_class_bind_template_child (widget_class, NsInspector, hex_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "inspector");
}

static void
ns_inspector_init (NsInspector *self)
{
  self->highlight_layer = -1;
  gtk_widget_init_template (GTK_WIDGET (self));

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (self->selection, "notify::selected", G_CALLBACK (on_selection_changed), self);
  gtk_column_view_set_model (self->field_view, GTK_SELECTION_MODEL (self->selection));
  add_column (self, _("Field"), 0, FALSE, 145);
  add_column (self, _("Value"), 1, FALSE, 125);
  add_column (self, _("Meaning"), 2, TRUE, -1);
  gtk_drawing_area_set_draw_func (self->encap_area, encap_draw, self, NULL);
}
