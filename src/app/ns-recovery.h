/* ns-recovery.h: recovery files. While a document has unsaved changes its
 * window writes it every 30 s to the user's cache directory; a clean close
 * removes the file, so files found at startup were left by a crash. */
#pragma once

#include <glib.h>

#include "ns-document.h"

G_BEGIN_DECLS

#define NS_RECOVERY_INTERVAL_SECONDS 30

/* $XDG_CACHE_HOME/netsketch */
char     *ns_recovery_dup_dir (void);
/* A new file name in that directory, unique to this process. */
char     *ns_recovery_dup_new_path (void);
/* The recovery files present now, oldest first (NULL when none). */
GStrv     ns_recovery_list (void);
/* Writes @document to @path (atomically). */
gboolean  ns_recovery_write (NsDocument  *document,
                             const char  *path,
                             GError     **error);
void      ns_recovery_remove (const char *path);

G_END_DECLS
