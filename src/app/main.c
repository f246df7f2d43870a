/* main.c: netsketch [FILE...] */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ns-application.h"

/* Where the compiled translations are: NETSKETCH_LOCALEDIR if set; the
 * installed folder; or, for an app run from its build tree (README's quick
 * start) that is not installed, the catalogs compiled in that tree. */
static const char *
locale_dir (void)
{
  const char *env = g_getenv ("NETSKETCH_LOCALEDIR");
  g_autofree char *installed = g_build_filename (LOCALEDIR, "ko", "LC_MESSAGES",
                                                 GETTEXT_PACKAGE ".mo", NULL);

  if (env != NULL)
    return env;
  if (!g_file_test (installed, G_FILE_TEST_EXISTS)
      && g_file_test (NS_BUILD_LOCALEDIR, G_FILE_TEST_IS_DIR))
    return NS_BUILD_LOCALEDIR;
  return LOCALEDIR;
}

int
main (int argc, char *argv[])
{
  g_autoptr (NsApplication) app = NULL;

  ns_application_mark_start ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = ns_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
