/* main.c: netsketch [FILE...] */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ns-application.h"

int
main (int argc, char *argv[])
{
  g_autoptr (NsApplication) app = NULL;

  ns_application_mark_start ();

  setlocale (LC_ALL, "");
  /* NETSKETCH_LOCALEDIR: translations compiled in a build tree. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("NETSKETCH_LOCALEDIR") != NULL
                                   ? g_getenv ("NETSKETCH_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = ns_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
