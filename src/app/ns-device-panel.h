/* ns-device-panel.h: the selected node's state at the cursor's time:
 * interfaces, ARP cache, routing table, a switch's MAC address table,
 * sockets and TCP states. It follows the cursor while stepping.
 *
 * Each part is a section: a title and a table filled by a function at
 * every sync. More sections (DHCP leases, NAT mappings) are added with
 * ns_device_panel_add_section without touching this file. */
#pragma once

#include <gtk/gtk.h>

#include "core/player.h"

G_BEGIN_DECLS

#define NS_TYPE_DEVICE_PANEL (ns_device_panel_get_type ())
G_DECLARE_FINAL_TYPE (NsDevicePanel, ns_device_panel, NS, DEVICE_PANEL, GtkWidget)

/* A section's table, filled by its NsDeviceSectionFunc. */
typedef struct _NsDeviceTable NsDeviceTable;

/* The column headings (translated), NULL-terminated. */
void ns_device_table_set_columns (NsDeviceTable *table, const char *first,
                                  ...) G_GNUC_NULL_TERMINATED;
/* One row: one string per column, NULL-terminated. */
void ns_device_table_add_row (NsDeviceTable *table, const char *first, ...) G_GNUC_NULL_TERMINATED;
/* What the section says when it has no rows ("empty: nothing learnt
 * yet"); without it an empty section is not shown at all. */
void ns_device_table_set_empty (NsDeviceTable *table, const char *text);

/* Fills @table with @node's state at @player's cursor. */
typedef void (*NsDeviceSectionFunc) (NsPlayer         *player,
                                     const NsTopoNode *node,
                                     NsDeviceTable    *table,
                                     gpointer          user_data);

GtkWidget  *ns_device_panel_new (void);
void        ns_device_panel_set_player (NsDevicePanel *self,
                                        NsPlayer      *player);
/* The node shown (an id of the player's topology), or NULL. */
void        ns_device_panel_set_node (NsDevicePanel *self,
                                      const char    *node_id);
const char *ns_device_panel_get_node (NsDevicePanel *self);
/* Rebuilds the tables for the cursor's moment (cheap when nothing moved). */
void        ns_device_panel_sync (NsDevicePanel *self);
/* Appends a section (after the built-in ones). @title is marked with
 * N_() and shown through _(). */
void        ns_device_panel_add_section (NsDevicePanel       *self,
                                         const char          *title,
                                         NsDeviceSectionFunc  func,
                                         gpointer             user_data);
/* The text shown, one line per row, cells separated by tabs, each section
 * under its title: for tests and for copying. */
char       *ns_device_panel_dup_text (NsDevicePanel *self);

G_END_DECLS
