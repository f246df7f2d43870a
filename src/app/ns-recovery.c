/* ns-recovery.c: writing, finding and removing recovery files. */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "core/topology-file.h"
#include "ns-recovery.h"

#define PREFIX "recovery-"
#define SUFFIX ".netsketch.json"

char *
ns_recovery_dup_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "netsketch", NULL);
}

char *
ns_recovery_dup_new_path (void)
{
  static guint serial;
  g_autofree char *dir = ns_recovery_dup_dir ();
  g_autofree char *name = NULL;

  /* The wall clock makes names from different runs distinct and sortable. */
  name = g_strdup_printf (PREFIX "%" G_GINT64_FORMAT "-%d-%u" SUFFIX,
                          g_get_real_time () / G_USEC_PER_SEC, (int) getpid (), ++serial);
  return g_build_filename (dir, name, NULL);
}

static gint
compare_paths (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

GStrv
ns_recovery_list (void)
{
  g_autofree char *dir_path = ns_recovery_dup_dir ();
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, PREFIX) && g_str_has_suffix (name, SUFFIX))
      g_ptr_array_add (paths, g_build_filename (dir_path, name, NULL));
  if (paths->len == 0)
    return NULL;
  g_ptr_array_sort (paths, compare_paths);
  g_ptr_array_add (paths, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&paths), FALSE);
}

gboolean
ns_recovery_write (NsDocument *document, const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot create %s", dir);
      return FALSE;
    }
  return ns_topology_save_file (ns_document_get_topology (document), path, error);
}

void
ns_recovery_remove (const char *path)
{
  if (path != NULL)
    g_unlink (path);
}
