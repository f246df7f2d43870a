/* fuzz-topology.c: the topology loader on arbitrary bytes. A file that
 * loads must save, and what it saves must load again to the same bytes. */
#include <glib.h>

#include "core/topology-file.h"

int LLVMFuzzerTestOneInput (const guint8 *data, gsize len);

int
LLVMFuzzerTestOneInput (const guint8 *data, gsize len)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NsTopology) topology = ns_topology_load_data ((const char *) data, (gssize) len,
                                                           "fuzz.netsketch.json", &error);
  g_autofree char *saved = NULL, *saved_again = NULL;
  g_autoptr (NsTopology) reloaded = NULL;
  gsize n, m;

  if (topology == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }
  saved = ns_topology_to_data (topology, &n);
  reloaded = ns_topology_load_data (saved, (gssize) n, "saved", &error);
  g_assert_no_error (error);
  saved_again = ns_topology_to_data (reloaded, &m);
  g_assert_cmpmem (saved, n, saved_again, m);
  return 0;
}
