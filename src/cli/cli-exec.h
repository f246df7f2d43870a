/* cli-exec.h: `netsketch-cli exec` (CONTRACT.md §2b). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs `exec` with the whole command line (argv[1] is "exec"); returns
 * the exit status. */
int ns_cli_exec (int argc, char **argv);

G_END_DECLS
