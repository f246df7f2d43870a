/* test-topology-save.c: saving never loses the user's previous file. A save
 * that cannot happen (the target is a directory, its parent is a file or
 * read-only) fails with an error and leaves what was there untouched and no
 * temporary file behind; a process killed in the middle of saving leaves
 * either the old document or the new one, whole (the save is atomic:
 * topology-file.h). */
#include <unistd.h>

#include <glib/gstdio.h>

#include "core/topology-file.h"

#define OLD_TEXT "the user's previous file\n"

/* A small valid document whose title is @title; @nodes extra hosts make it
 * as large as wanted. */
static NsTopology *
make_topology (const char *title, guint nodes)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  NsTopology *t;

  g_string_append_printf (text, "{\"format\": \"netsketch\", \"version\": 1, \"title\": \"%s\", "
                          "\"nodes\": [", title);
  for (guint i = 0; i < nodes; i++)
    g_string_append_printf (text, "%s{\"id\": \"h%u\", \"kind\": \"host\", \"x\": %u, \"y\": 1, "
                            "\"interfaces\": [{\"name\": \"eth0\", \"ip\": \"10.%u.%u.1/24\"}]}",
                            i ? ", " : "", i, i, i / 256, i % 256);
  g_string_append (text, "], \"links\": [], \"scenario\": []}");
  t = ns_topology_load_data (text->str, -1, "made", &error);
  g_assert_no_error (error);
  return t;
}

/* The names in @dir, sorted, one a line. */
static char *
list_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  return g_strjoinv ("\n", (char **) names->pdata);
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr (GDir) d = g_dir_open (path, 0, NULL);
      const char *name;

      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* Saving onto a directory fails and the directory keeps what it held. */
static void
test_over_directory (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ns-save-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "drawing.netsketch.json", NULL);
  g_autofree char *inside = g_build_filename (target, "keep.txt", NULL);
  g_autofree char *kept = NULL;
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr (NsTopology) t = make_topology ("new", 2);

  g_assert_cmpint (g_mkdir (target, 0755), ==, 0);
  g_assert_true (g_file_set_contents (inside, OLD_TEXT, -1, NULL));
  before = list_dir (dir);
  g_assert_false (ns_topology_save_file (t, target, &error));
  g_assert_nonnull (error);
  g_assert_true (g_file_test (target, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_get_contents (inside, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, OLD_TEXT);
  after = list_dir (dir);
  g_assert_cmpstr (after, ==, before);   /* no temporary file left behind */
  remove_tree (dir);
}

/* A target whose parent is a regular file: ENOTDIR, the file untouched. */
static void
test_parent_is_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ns-save-XXXXXX", NULL);
  g_autofree char *parent = g_build_filename (dir, "plain-file", NULL);
  g_autofree char *target = g_build_filename (parent, "drawing.netsketch.json", NULL);
  g_autofree char *kept = NULL;
  g_autoptr (NsTopology) t = make_topology ("new", 1);

  g_assert_true (g_file_set_contents (parent, OLD_TEXT, -1, NULL));
  g_assert_false (ns_topology_save_file (t, target, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
  g_assert_true (g_file_get_contents (parent, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, OLD_TEXT);
  remove_tree (dir);
}

/* A directory that cannot be written: the save fails and the old file
 * stays as it was. */
static void
test_read_only_dir (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ns-save-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "drawing.netsketch.json", NULL);
  g_autofree char *kept = NULL;
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr (NsTopology) t = make_topology ("new", 1);

  /* A directory no one can write into, not even root (which is how CI
   * runs): saving fails with a file error and creates nothing. */
  g_assert_false (ns_topology_save_file (t, "/proc/drawing.netsketch.json", &error));
  g_assert_true (error != NULL && error->domain == G_FILE_ERROR);
  g_assert_false (g_file_test ("/proc/drawing.netsketch.json", G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  if (geteuid () == 0)
    {
      /* Root writes through permission bits: the read-only case below
       * cannot happen for it, the /proc case above covered it. */
      remove_tree (dir);
      return;
    }
  g_assert_true (g_file_set_contents (target, OLD_TEXT, -1, NULL));
  before = list_dir (dir);
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  g_assert_false (ns_topology_save_file (t, target, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  g_assert_true (g_file_get_contents (target, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, OLD_TEXT);
  after = list_dir (dir);
  g_assert_cmpstr (after, ==, before);
  remove_tree (dir);
}

/* A successful save replaces the whole old file (a longer old file leaves
 * no tail) and leaves only the target in the directory. */
static void
test_replaces_whole (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ns-save-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "drawing.netsketch.json", NULL);
  g_autofree char *expected = NULL, *written = NULL, *names = NULL;
  g_autoptr (NsTopology) big = make_topology ("big", 40);
  g_autoptr (NsTopology) small = make_topology ("small", 1);
  g_autoptr (NsTopology) back = NULL;

  g_assert_true (ns_topology_save_file (big, target, &error));
  g_assert_no_error (error);
  g_assert_true (ns_topology_save_file (small, target, &error));
  g_assert_no_error (error);
  expected = ns_topology_to_data (small, NULL);
  g_assert_true (g_file_get_contents (target, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, expected);
  back = ns_topology_load_file (target, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->title, ==, "small");
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "drawing.netsketch.json");
  remove_tree (dir);
}

/* The child of test_killed: saves @a and @b in turn onto the path in
 * NS_TEST_SAVE_PATH until it is killed. */
static void
save_until_killed (const NsTopology *a, const NsTopology *b)
{
  const char *target = g_getenv ("NS_TEST_SAVE_PATH");

  g_assert_nonnull (target);
  for (guint i = 0;; i++)
    g_assert_true (ns_topology_save_file (i % 2 ? b : a, target, NULL));
}

/* Kill a process while it saves, over and over: every time, the file on
 * disk loads and is one whole version, never a torn mix. */
static void
test_killed (void)
{
  g_autoptr (NsTopology) a = make_topology ("version A", 300);
  g_autoptr (NsTopology) b = make_topology ("version B", 200);
  g_autofree char *text_a = NULL, *text_b = NULL, *dir = NULL, *target = NULL;

  if (g_test_subprocess ())
    save_until_killed (a, b);
  text_a = ns_topology_to_data (a, NULL);
  text_b = ns_topology_to_data (b, NULL);
  dir = g_dir_make_tmp ("ns-save-XXXXXX", NULL);
  target = g_build_filename (dir, "drawing.netsketch.json", NULL);
  g_assert_true (ns_topology_save_file (a, target, NULL));
  g_setenv ("NS_TEST_SAVE_PATH", target, TRUE);
  for (guint round = 0; round < 5; round++)
    {
      g_autofree char *on_disk = NULL;

      /* At the timeout GLib kills the child wherever it is in a save. */
      g_test_trap_subprocess (NULL, 150000 + round * 37000, G_TEST_SUBPROCESS_DEFAULT);
      g_assert_false (g_test_trap_has_passed ());
      g_assert_true (g_file_get_contents (target, &on_disk, NULL, NULL));
      g_assert_true (g_strcmp0 (on_disk, text_a) == 0 || g_strcmp0 (on_disk, text_b) == 0);
      g_test_message ("killed after %u us: version %s on disk", 150000 + round * 37000,
                      g_strcmp0 (on_disk, text_a) == 0 ? "A" : "B");
    }
  g_unsetenv ("NS_TEST_SAVE_PATH");
  remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/topology-save/over-directory", test_over_directory);
  g_test_add_func ("/core/topology-save/parent-is-file", test_parent_is_file);
  g_test_add_func ("/core/topology-save/read-only-dir", test_read_only_dir);
  g_test_add_func ("/core/topology-save/replaces-whole", test_replaces_whole);
  g_test_add_func ("/core/topology-save/killed", test_killed);
  return g_test_run ();
}
