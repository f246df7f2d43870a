/* app-test-util.c: see app-test-util.h. */
#include "config.h"

#include "app-test-util.h"
#include "core/topology-file.h"

NsDocument *
app_test_load_example (const char *name)
{
  const char *dir = g_getenv ("NS_EXAMPLES_DIR");
  g_autofree char *path = g_build_filename (dir != NULL ? dir : "data/examples", name, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = g_file_new_for_path (path);
  NsTopology *topology = ns_topology_load_file (path, &error);

  g_assert_no_error (error);
  return ns_document_new_for_topology (topology, file);
}

gboolean
app_test_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
app_test_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, app_test_flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}
