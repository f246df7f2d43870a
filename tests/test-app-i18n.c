/* test-app-i18n.c: the app in Korean. Every bundled example is opened
 * with LANGUAGE=ko; its lesson card must show the file's own Korean title
 * and description (docs/file-format.md) and no label, button or tab of any view
 * (each notebook page is brought to the front) may show an English text
 * that the catalog translates: that would be a string that reaches a
 * widget without passing through gettext. The catalog must also be
 * complete (no untranslated or fuzzy entry in po/ko.po). The rows of the
 * event log and of the inspector's field tree (texts of src/net) are not
 * checked yet. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "app-test-util.h"

#include "core/topology-file.h"
#include "ns-lesson-card.h"
#include "ns-run-panel.h"
#include "ns-window-private.h"
#include "ns-window.h"

static GHashTable *english;   /* msgids of po/ko.po that have a translation */

static gboolean
has_hangul (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0xac00 && c <= 0xd7a3)
        return TRUE;
    }
  return FALSE;
}

/* Reads po/ko.po: the msgids (single-line ones are enough for labels),
 * failing on any entry left untranslated or fuzzy. */
static void
load_catalog (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("NS_PO_DIR"), "ko.po", NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  char *msgid = NULL;
  gboolean fuzzy = FALSE;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  english = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *l = lines[i];

      if (g_str_has_prefix (l, "#,") && strstr (l, "fuzzy") != NULL)
        fuzzy = TRUE;
      else if (g_str_has_prefix (l, "msgid \""))
        {
          g_free (msgid);
          msgid = g_strcompress (g_strndup (l + 7, strlen (l) - 8));
        }
      else if (g_str_has_prefix (l, "msgstr") && msgid != NULL && *msgid != '\0')
        {
          const char *q = strchr (l, '"');
          gboolean empty = q != NULL && g_str_equal (q, "\"\"")
                           && (lines[i + 1] == NULL || lines[i + 1][0] != '"');

          if (empty || fuzzy)
            g_error ("po/ko.po: \"%s\" is %s", msgid, fuzzy ? "fuzzy" : "untranslated");
          if (!g_str_has_prefix (l, "msgstr["))
            g_hash_table_add (english, g_strdup (msgid));
          fuzzy = FALSE;
        }
      else if (l[0] == '\0')
        fuzzy = FALSE;
    }
  g_free (msgid);
  g_assert_cmpuint (g_hash_table_size (english), >, 300);
}

/* Texts a catalog entry also holds but that stay as they are in Korean
 * (protocol names, units, symbols). */
static gboolean
same_in_korean (const char *text)
{
  const char *const kept[] = { "ARP",  "ICMP",     "UDP",  "TCP", "DNS",
                               "HTTP", "Ethernet", "IPv4", "MTU", NULL };

  return g_strv_contains (kept, text);
}

static void
check_texts (GtkWidget  *widget,
             const char *example,
             guint      *checked)
{
  const char *text = NULL;

  if (!gtk_widget_get_mapped (widget))
    return;
  /* The rows of the log and of the inspector's field tree show what the
   * stack and the dissector wrote (English, as the trace keeps it): not
   * yet translated, so not checked here. */
  if (GTK_IS_LIST_VIEW (widget) || GTK_IS_COLUMN_VIEW (widget) || GTK_IS_TREE_EXPANDER (widget))
    return;
  if (GTK_IS_LABEL (widget))
    text = gtk_label_get_text (GTK_LABEL (widget));
  else if (GTK_IS_CHECK_BUTTON (widget))
    text = gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
  if (text != NULL && *text != '\0')
    {
      (*checked)++;
      if (g_hash_table_contains (english, text) && !same_in_korean (text))
        g_error ("%s: \"%s\" reached a %s untranslated", example, text,
                 G_OBJECT_TYPE_NAME (widget));
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    check_texts (c, example, checked);
}

static void
collect_notebooks (GtkWidget *widget,
                   GPtrArray *out)
{
  if (GTK_IS_NOTEBOOK (widget))
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    collect_notebooks (c, out);
}

static void
check_example (gconstpointer data)
{
  const char *name = data;
  g_autofree char *path = g_build_filename (g_getenv ("NS_EXAMPLES_DIR"), name, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = g_file_new_for_path (path);
  NsTopology *topology = ns_topology_load_file (path, &error);
  g_autoptr (NsDocument) document = NULL;
  g_autoptr (GPtrArray) books = g_ptr_array_new ();
  NsWindow *window;
  NsLessonCard *card;
  NsPlayer *player = NULL;
  guint checked = 0;
  gboolean timed_out = FALSE;
  guint id;

  g_assert_no_error (error);
  document = ns_document_new_for_topology (topology, file);
  window = ns_window_new (NULL, document);
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 700);
  gtk_window_present (GTK_WINDOW (window));
  id = g_timeout_add (10000, app_test_flag_cb, &timed_out);
  while (!timed_out
         && (player = ns_run_panel_get_player (ns_window_get_run_panel (window))) == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_nonnull (player);
  app_test_spin (200);

  /* The lesson in Korean, from the file's i18n object. */
  card = ns_window_get_lesson_card (window);
  g_assert_true (has_hangul (ns_lesson_card_get_title (card)));
  /* Every example has a Korean description, an activity at least its
   * title and instructions (docs/file-format.md). */
  if (!g_str_has_prefix (name, "activity-"))
    g_assert_true (has_hangul (ns_lesson_card_get_body (card)));
  g_assert_cmpstr (ns_lesson_card_get_body (card), ==,
                   ns_lesson_translated (ns_document_get_topology (document), "description",
                                         ns_document_get_topology (document)->description));

  /* Before the first event and in the middle of the run, with the first
   * node selected (the device panel); each page of each notebook in
   * turn. */
  ns_document_select_node (
    document, ((NsTopoNode *)g_ptr_array_index (ns_document_get_topology (document)->nodes, 0))->id,
    FALSE, FALSE);
  collect_notebooks (GTK_WIDGET (window), books);
  for (gint at = 0; at < 2; at++)
    {
      guint n = ns_player_get_n_steps (player);

      ns_player_seek_step (player, at == 0 ? -1 : (gint) n / 2);
      for (guint b = 0; b < books->len; b++)
        for (gint p = 0; p < gtk_notebook_get_n_pages (g_ptr_array_index (books, b)); p++)
          {
            gtk_notebook_set_current_page (g_ptr_array_index (books, b), p);
            app_test_spin (10);
            check_texts (GTK_WIDGET (window), name, &checked);
          }
    }
  g_test_message ("%s: %u texts checked", name, checked);
  g_assert_cmpuint (checked, >, 50);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* GTK 4.8 measures a GtkDropDown's own list rows (a label and a check
 * mark) one pixel differently with Hangul glyphs and says so as a
 * critical; the rows are GTK's, and they draw right. Anything else stays
 * fatal. */
static GLogWriterOutput
writer (GLogLevelFlags   level,
        const GLogField *fields,
        gsize            n_fields,
        gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0
        && strstr (fields[i].value, "but minimum width for height of") != NULL)
      return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

int
main (int argc, char **argv)
{
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("LANGUAGE", "ko", TRUE);
  g_setenv ("LANG", "C.UTF-8", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("NETSKETCH_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (writer, NULL, NULL);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return g_test_run ();
    }
  /* The build tree's catalog answers in Korean. */
  g_assert_true (has_hangul (_("Play")));
  load_catalog ();

  dir = g_dir_open (g_getenv ("NS_EXAMPLES_DIR"), 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".netsketch.json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *test =
        g_strdup_printf ("/app/i18n/ko/%s", (const char *)g_ptr_array_index (names, i));

      g_test_add_data_func (test, g_ptr_array_index (names, i), check_example);
    }
  return g_test_run ();
}
