/* fuzz-console.c: the console's command parser on arbitrary lines. A line
 * either parses (and its action, when it sends traffic, is made and parsed
 * back from the command it keeps) or gives an NS_CONSOLE_ERROR whose last
 * line is a usage line. */
#include <string.h>

#include <glib.h>

#include "core/console.h"

int LLVMFuzzerTestOneInput (const guint8 *data, gsize len);

int
LLVMFuzzerTestOneInput (const guint8 *data, gsize len)
{
  g_autofree char *line = g_strndup ((const char *) data, len);
  g_autoptr (GError) error = NULL;
  g_autoptr (NsConsoleCommand) cmd = ns_console_parse_line (line, &error);

  if (cmd == NULL)
    {
      g_assert_true (error != NULL && error->domain == NS_CONSOLE_ERROR);
      g_assert_nonnull (strstr (error->message, "usage:"));
      return 0;
    }
  if (ns_console_command_is_action (cmd))
    {
      NsTopoAction *action = ns_console_command_to_action (cmd, "pc1", 0);
      g_autoptr (NsConsoleCommand) back = ns_console_command_from_action (action);

      g_assert_nonnull (back);
      g_assert_cmpstr (back->line, ==, cmd->line);
      ns_topo_action_free (action);
    }
  return 0;
}
