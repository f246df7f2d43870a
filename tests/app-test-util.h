/* app-test-util.h: what every GUI test does the same way: open a bundled
 * example and let the main loop run. */
#pragma once

#include <gtk/gtk.h>

#include "ns-document.h"

/* The bundled example @name (from NS_EXAMPLES_DIR) as a document; fails
 * the test if it does not load. */
NsDocument *app_test_load_example (const char *name);
/* A GSourceFunc that sets the gboolean at @data and removes itself. */
gboolean    app_test_flag_cb (gpointer data);
/* Lets the main loop run for @ms milliseconds: frames, layout, animations. */
void        app_test_spin (guint ms);
