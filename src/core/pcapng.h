/* pcapng.h: a run's frames as a pcapng capture (docs/command-line.md, --pcap),
 * for Wireshark and tshark.
 *
 * One Interface Description Block per link (if_name = the link id, link
 * type 1 = Ethernet, if_tsresol = 9: timestamps count nanoseconds), then an
 * Enhanced Packet Block for every `tx` event of the trace: the frame as it
 * starts onto its link, stamped with its simulated time. Blocks come link
 * by link (each link's frames in time order; see pcapng.c for why). Frames that are
 * lost on the way (a later `drop` of the same frame number, reason `loss`
 * or `drop_nth`) are recorded too, with an opt_comment saying why.
 *
 * The byte layout follows the pcapng specification
 * (draft-ietf-opsawg-pcapng): blocks and options padded to 32 bits, every
 * block's total length repeated at its end. Written little-endian with the
 * byte-order magic 0x1A2B3C4D, so the bytes are the same on every host. */
#pragma once

#include <glib.h>

#include "sim/trace.h"

G_BEGIN_DECLS

/* pcapng block types and constants (pcapng spec §4). */
#define NS_PCAPNG_BLOCK_SHB 0x0A0D0D0Au
#define NS_PCAPNG_BLOCK_IDB 0x00000001u
#define NS_PCAPNG_BLOCK_EPB 0x00000006u
#define NS_PCAPNG_BYTE_ORDER_MAGIC 0x1A2B3C4Du
#define NS_PCAPNG_LINKTYPE_ETHERNET 1
#define NS_PCAPNG_SNAPLEN 262144u

/* The capture of @trace as bytes. @link_names (NULL-terminated, may be
 * NULL) lists the links in the order their interface blocks are written,
 * so that a link that carried no frame still has one; a link that appears
 * in the trace but not in @link_names gets its block after the listed
 * ones, before the first frame. */
GBytes   *ns_pcapng_build (const NsTrace *trace, const char *const *link_names);

/* docs/command-line.md (--pcap-link): a capture "on those wires" only: one
 * interface block for each link of @only_links (NULL-terminated, in that
 * order) and the frames of those links interleaved in time order, as
 * Wireshark on one cable records them; so its TCP analysis sees each
 * segment once per wire and calls retransmissions only what was sent
 * again. */
GBytes   *ns_pcapng_build_links (const NsTrace *trace, const char *const *only_links);

/* Writes ns_pcapng_build() (or, when @only_links is not NULL,
 * ns_pcapng_build_links()) to @path. */
gboolean  ns_pcapng_write_file_links (const NsTrace *trace, const char *const *link_names,
                                      const char *const *only_links, const char *path,
                                      GError **error);

/* Writes ns_pcapng_build() to @path. */
gboolean  ns_pcapng_write_file (const NsTrace *trace, const char *const *link_names,
                                const char *path, GError **error);

G_END_DECLS
