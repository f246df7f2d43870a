/* ns-application.c: the application object. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/topology-file.h"
#include "ns-application.h"
#include "ns-lesson-card.h"
#include "ns-problems-dialog.h"
#include "ns-recovery.h"
#include "ns-window.h"

#define RECENT_MAX 10

struct _NsApplication
{
  GtkApplication  parent_instance;

  GSettings      *settings;
  GMenu          *examples_menu;
  GMenu          *recent_menu;
  GtkRecentManager *recent;
  gulong          recent_changed_id;
  /* Recovery files found at startup, offered in the first window. */
  GStrv           recovery_paths;
};

G_DEFINE_FINAL_TYPE (NsApplication, ns_application, GTK_TYPE_APPLICATION)

static gint64 start_time;

void
ns_application_mark_start (void)
{
  start_time = g_get_monotonic_time ();
}

static gboolean
first_frame_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  /* The first tick comes after the first frame was drawn. */
  g_print ("startup: first frame after %.1f ms\n",
           (g_get_monotonic_time () - start_time) / 1000.0);
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_REMOVE;
}

const char *
ns_application_get_examples_dir (void)
{
  const char *env = g_getenv ("NS_EXAMPLES_DIR");

  if (env != NULL && g_file_test (env, G_FILE_TEST_IS_DIR))
    return env;
  /* Running from the build tree: use the source tree's examples. */
  if (!g_file_test (NS_EXAMPLES_DIR, G_FILE_TEST_IS_DIR))
    return NS_SOURCE_EXAMPLES_DIR;
  return NS_EXAMPLES_DIR;
}

GSettings *
ns_application_get_settings (NsApplication *self)
{
  g_return_val_if_fail (NS_IS_APPLICATION (self), NULL);
  return self->settings;
}

GMenuModel *
ns_application_get_examples_menu (NsApplication *self)
{
  return G_MENU_MODEL (self->examples_menu);
}

GMenuModel *
ns_application_get_recent_menu (NsApplication *self)
{
  return G_MENU_MODEL (self->recent_menu);
}

static GSettings *
load_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autoptr (GSettingsSchemaSource) build_source = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, NS_APPLICATION_ID, TRUE);
  /* Not installed: the schema compiled in the build tree. */
  if (schema == NULL)
    {
      build_source = g_settings_schema_source_new_from_directory (NS_BUILD_SCHEMA_DIR, source,
                                                                  FALSE, NULL);
      if (build_source != NULL)
        schema = g_settings_schema_source_lookup (build_source, NS_APPLICATION_ID, TRUE);
    }
  if (schema == NULL)
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

/* ---- menus ---- */

/* The order a course takes them in: the whole story first, then IP from
 * the bottom up, ports, TCP, UDP against TCP, names; activities come
 * after the lessons, and files the list does not know last. */
static guint
course_rank (const char *name)
{
  static const char *const course[] = {
    "full-story", "ip-hop-by-hop", "ip-no-connection", "ip-unreliable", "ports",
    "tcp-handshake", "tcp-order", "tcp-reliable", "udp-vs-tcp", "dns-and-web",
  };

  for (guint i = 0; i < G_N_ELEMENTS (course); i++)
    if (g_str_has_prefix (name, course[i])
        && g_str_equal (name + strlen (course[i]), ".netsketch.json"))
      return i;
  return g_str_has_prefix (name, "activity-") ? G_N_ELEMENTS (course) : G_N_ELEMENTS (course) + 1;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  const char *x = *(const char *const *) a, *y = *(const char *const *) b;
  guint rx = course_rank (x), ry = course_rank (y);

  return rx != ry ? (rx < ry ? -1 : 1) : g_strcmp0 (x, y);
}

static void
fill_examples_menu (NsApplication *self)
{
  const char *dir_path = ns_application_get_examples_dir ();
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".netsketch.json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir_path, g_ptr_array_index (names, i), NULL);
      g_autoptr (NsTopology) topology = ns_topology_load_file (path, NULL);
      g_autoptr (GMenuItem) item = NULL;

      if (topology == NULL)
        continue;
      /* The title in the learner's language when the file has it. */
      item = g_menu_item_new (ns_lesson_translated (topology, "title",
                                                    topology->title != NULL
                                                      ? topology->title
                                                      : (char *)g_ptr_array_index (names, i)),
                              NULL);
      g_menu_item_set_action_and_target (item, "app.open-example", "s", path);
      g_menu_append_item (self->examples_menu, item);
    }
}

static gint
compare_recent (gconstpointer a, gconstpointer b)
{
  GtkRecentInfo *ia = *(GtkRecentInfo **) a, *ib = *(GtkRecentInfo **) b;
  GDateTime *ma = gtk_recent_info_get_modified (ia);   /* borrowed */
  GDateTime *mb = gtk_recent_info_get_modified (ib);

  return -g_date_time_compare (ma, mb);
}

static void
fill_recent_menu (NsApplication *self)
{
  GList *items = gtk_recent_manager_get_items (self->recent);
  g_autoptr (GPtrArray) ours = g_ptr_array_new ();

  g_menu_remove_all (self->recent_menu);
  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;

      if (g_str_has_suffix (gtk_recent_info_get_uri (info), ".netsketch.json")
          && gtk_recent_info_is_local (info) && gtk_recent_info_exists (info))
        g_ptr_array_add (ours, info);
    }
  g_ptr_array_sort (ours, compare_recent);
  for (guint i = 0; i < ours->len && i < RECENT_MAX; i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (ours, i);
      g_autoptr (GMenuItem) item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);

      g_menu_item_set_action_and_target (item, "app.open-uri", "s", gtk_recent_info_get_uri (info));
      g_menu_append_item (self->recent_menu, item);
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

/* ---- opening ---- */

static GtkWindow *
find_window_for (NsApplication *self, GFile *file)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      GFile *shown;

      if (!NS_IS_WINDOW (l->data))
        continue;
      shown = ns_document_get_file (ns_window_get_document (l->data));
      if (shown != NULL && g_file_equal (shown, file))
        return l->data;
    }
  return NULL;
}

static NsWindow *
new_window (NsApplication *self, NsDocument *document)
{
  NsWindow *window = ns_window_new (self, document);

  if (g_getenv ("NETSKETCH_TIME_STARTUP") != NULL && start_time != 0)
    {
      gtk_widget_add_tick_callback (GTK_WIDGET (ns_window_get_canvas (window)), first_frame_cb,
                                    self, NULL);
    }

  if (self->recovery_paths != NULL)
    {
      ns_window_offer_recovery (window, (const char *const *) self->recovery_paths);
      g_clear_pointer (&self->recovery_paths, g_strfreev);
    }
  return window;
}

GtkWindow *
ns_application_show_document (NsApplication *self, NsDocument *document, GtkWindow *parent)
{
  g_autoptr (NsDocument) owned = document;
  NsWindow *window;

  if (NS_IS_WINDOW (parent) && ns_document_is_blank (ns_window_get_document (NS_WINDOW (parent))))
    {
      window = NS_WINDOW (parent);
      ns_window_set_document (window, document);
    }
  else
    window = new_window (self, document);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

gboolean
ns_application_open_file (NsApplication *self, GFile *file, GtkWindow *parent)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autofree char *uri = NULL;
  GtkWindow *shown = find_window_for (self, file);
  NsTopology *topology;

  if (shown != NULL)
    {
      gtk_window_present (shown);
      return TRUE;
    }
  topology = path != NULL ? ns_topology_load_file_full (path, &problems, &error) : NULL;
  if (topology == NULL)
    {
      g_autofree char *name = g_file_get_basename (file);
      /* TRANSLATORS: %s is a file name */
      g_autofree char *primary = g_strdup_printf (_("Could not open “%s”"), name);

      ns_show_problems_dialog (
        parent, primary, error != NULL ? error->message : _ ("Only local files can be opened"));
      return FALSE;
    }
  uri = g_file_get_uri (file);
  gtk_recent_manager_add_item (self->recent, uri);
  ns_application_show_document (self, ns_document_new_for_topology (topology, file), parent);
  return TRUE;
}

/* ---- actions ---- */

static void
new_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  NsApplication *self = user_data;

  gtk_window_present (GTK_WINDOW (new_window (self, ns_document_new ())));
}

static void
open_example_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  NsApplication *self = user_data;
  const char *path = g_variant_get_string (param, NULL);
  g_autoptr (GError) error = NULL;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  NsTopology *topology = ns_topology_load_file (path, &error);

  if (topology == NULL)
    {
      ns_show_problems_dialog (parent, _("Could not open the example"), error->message);
      return;
    }
  /* An untitled copy: saving asks where, the bundled file stays as it is. */
  ns_application_show_document (self, ns_document_new_for_topology (topology, NULL), parent);
}

static void
open_uri_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  NsApplication *self = user_data;
  g_autoptr (GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));

  ns_application_open_file (self, file, gtk_application_get_active_window (GTK_APPLICATION (self)));
}

static void
about_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  NsApplication *self = user_data;
  static const char *authors[] = { "The Netsketch developers", NULL };

  gtk_show_about_dialog (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "program-name", "Netsketch",
                         "logo-icon-name", NS_APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Draw a network and watch real packets cross it"),
                         "website", "https://github.com/netsketch/netsketch",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         /* TRANSLATORS: your name and e-mail, one a line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  NsApplication *self = user_data;
  g_autoptr (GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Each window asks about its unsaved changes as it closes. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static const GActionEntry app_actions[] = {
  { .name = "new", .activate = new_activated },
  { .name = "open-example", .activate = open_example_activated, .parameter_type = "s" },
  { .name = "open-uri", .activate = open_uri_activated, .parameter_type = "s" },
  { .name = "about", .activate = about_activated },
  { .name = "quit", .activate = quit_activated },
};

/* ---- GApplication ---- */

static void
load_css (void)
{
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (css, "/io/github/netsketch/Netsketch/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
ns_application_startup (GApplication *app)
{
  NsApplication *self = NS_APPLICATION (app);
  static const char *new_accels[] = { "<Control>n", NULL };
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (ns_application_parent_class)->startup (app);

  g_set_application_name ("Netsketch");
  gtk_window_set_default_icon_name (NS_APPLICATION_ID);
  load_css ();
  self->settings = load_settings ();
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new", new_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);

  fill_examples_menu (self);
  self->recent = gtk_recent_manager_get_default ();
  self->recent_changed_id = g_signal_connect_swapped (self->recent, "changed",
                                                      G_CALLBACK (fill_recent_menu), self);
  fill_recent_menu (self);

  /* Files left by a run that crashed (a clean exit removes its own). */
  self->recovery_paths = ns_recovery_list ();
}

static void
ns_application_activate (GApplication *app)
{
  NsApplication *self = NS_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (new_window (self, ns_document_new ()));
  gtk_window_present (window);
}

static void
ns_application_open (GApplication *app, GFile **files, gint n_files, const char *hint)
{
  NsApplication *self = NS_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  /* A window first: the first file fills it, and a file that cannot be
   * opened has a window to show its problems over. */
  if (window == NULL)
    {
      window = GTK_WINDOW (new_window (self, ns_document_new ()));
      gtk_window_present (window);
    }
  for (gint i = 0; i < n_files; i++)
    ns_application_open_file (self, files[i], window);
}

static void
ns_application_dispose (GObject *object)
{
  NsApplication *self = NS_APPLICATION (object);

  if (self->recent != NULL)
    g_clear_signal_handler (&self->recent_changed_id, self->recent);
  self->recent = NULL;
  g_clear_object (&self->settings);
  g_clear_object (&self->examples_menu);
  g_clear_object (&self->recent_menu);
  g_clear_pointer (&self->recovery_paths, g_strfreev);
  G_OBJECT_CLASS (ns_application_parent_class)->dispose (object);
}

static void
ns_application_class_init (NsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = ns_application_dispose;
  app_class->startup = ns_application_startup;
  app_class->activate = ns_application_activate;
  app_class->open = ns_application_open;
}

static void
ns_application_init (NsApplication *self)
{
  self->examples_menu = g_menu_new ();
  self->recent_menu = g_menu_new ();
}

NsApplication *
ns_application_new (void)
{
  return g_object_new (NS_TYPE_APPLICATION,
                       "application-id", NS_APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/netsketch/Netsketch",
                       NULL);
}
