/* dns-wire.h: the DNS message (RFC 1035 §4): header, question and the
 * answer, authority and additional sections of resource records.
 *
 * A, NS and CNAME records are decoded (RFC 1035 §3.3.1, §3.3.11, §3.4.1);
 * every other type keeps its RDATA as raw bytes, so a message survives a
 * parse/emit round trip. Names are text: labels joined by '.', no trailing
 * dot, "" for the root; a label byte that is '.', '\\' or not printable
 * ASCII is written as "\\." / "\\\\" / "\\DDD" (RFC 1035 §5.1).
 *
 * Parsing is total: every length and compression pointer is checked before
 * it is followed. Pointers must point strictly backwards (each one before
 * the previous, so no loop can form) and never into the header; labels
 * longer than 63 bytes, names longer than 255 bytes (RFC 1035 §2.3.4) and
 * sections shorter than their counts are NS_WIRE_ERROR errors. Emitting
 * compresses every name against the names already written (§4.1.4). */
#pragma once

#include <glib.h>

#include "net/wire/wire.h"

G_BEGIN_DECLS

#define NS_DNS_PORT 53
#define NS_DNS_HEADER_LEN 12
/* The largest message over UDP without EDNS (RFC 1035 §4.2.1). */
#define NS_DNS_UDP_MAX 512
#define NS_DNS_MAX_NAME 255
#define NS_DNS_MAX_LABEL 63

/* RR types (RFC 1035 §3.2.2) and QTYPEs (§3.2.3). */
typedef enum {
  NS_DNS_TYPE_A     = 1,
  NS_DNS_TYPE_NS    = 2,
  NS_DNS_TYPE_CNAME = 5,
  NS_DNS_TYPE_SOA   = 6,
  NS_DNS_TYPE_PTR   = 12,
  NS_DNS_TYPE_MX    = 15,
  NS_DNS_TYPE_TXT   = 16,
  NS_DNS_TYPE_AAAA  = 28,
  NS_DNS_TYPE_OPT   = 41,
  NS_DNS_TYPE_ANY   = 255,
} NsDnsType;

#define NS_DNS_CLASS_IN  1
#define NS_DNS_CLASS_ANY 255

/* RCODE (RFC 1035 §4.1.1). */
typedef enum {
  NS_DNS_RCODE_NOERROR  = 0,
  NS_DNS_RCODE_FORMERR  = 1,
  NS_DNS_RCODE_SERVFAIL = 2,
  NS_DNS_RCODE_NXDOMAIN = 3,
  NS_DNS_RCODE_NOTIMP   = 4,
  NS_DNS_RCODE_REFUSED  = 5,
} NsDnsRcode;

typedef struct {
  char    *name;
  guint16  type;
  guint16  klass;
} NsDnsQuestion;

typedef struct {
  char    *name;
  guint16  type;
  guint16  klass;
  guint32  ttl;
  guint32  addr;     /* A (class IN): host byte order */
  char    *target;   /* NS, CNAME: the name in the RDATA */
  GBytes  *rdata;    /* any other type (and A of another class): raw RDATA */
} NsDnsRecord;

typedef struct {
  guint16    id;
  gboolean   qr;       /* response */
  guint8     opcode;   /* 0: standard query */
  gboolean   aa;       /* authoritative answer */
  gboolean   tc;       /* truncated */
  gboolean   rd;       /* recursion desired */
  gboolean   ra;       /* recursion available */
  guint8     z;        /* the three bits after RA (Z, AD, CD), kept as is */
  guint8     rcode;
  GPtrArray *questions;   /* of NsDnsQuestion* */
  GPtrArray *answers;     /* of NsDnsRecord* */
  GPtrArray *authority;
  GPtrArray *additional;
} NsDnsMessage;

NsDnsMessage *ns_dns_message_new (void);
void          ns_dns_message_free (NsDnsMessage *self);
NsDnsMessage *ns_dns_message_copy (const NsDnsMessage *self);

/* Parses a whole message. Bytes after the last section are ignored. */
NsDnsMessage *ns_dns_message_parse (const guint8 *data, gsize len, GError **error);
/* Encodes @self with name compression. Fails (NS_WIRE_ERROR_MALFORMED) if a
 * name is not a valid name or the message exceeds 65535 bytes. */
GBytes       *ns_dns_message_emit (const NsDnsMessage *self, GError **error);

/* Parses only the 12-byte header into @out's header fields (sections left
 * empty); for answering a message too broken to parse with FORMERR. */
gboolean      ns_dns_header_parse (const guint8 *data, gsize len, NsDnsMessage *out,
                                   GError **error);

void          ns_dns_message_add_question (NsDnsMessage *self, const char *name, guint16 type,
                                           guint16 klass);

NsDnsRecord  *ns_dns_record_new_a (const char *name, guint32 ttl, guint32 addr);
/* An NS or CNAME record. */
NsDnsRecord  *ns_dns_record_new_name (const char *name, guint16 type, guint32 ttl,
                                      const char *target);
NsDnsRecord  *ns_dns_record_new_raw (const char *name, guint16 type, guint16 klass,
                                     guint32 ttl, const guint8 *rdata, gsize rdlength);
NsDnsRecord  *ns_dns_record_copy (const NsDnsRecord *record);
void          ns_dns_record_free (NsDnsRecord *record);

/* Case-insensitive comparison of names (RFC 1035 §2.3.3, ASCII only). */
gboolean      ns_dns_name_equal (const char *a, const char *b);
/* TRUE if @name is @domain or a name below it (every name is below ""). */
gboolean      ns_dns_name_is_subdomain (const char *name, const char *domain);
/* @name without its first label ("" for a one-label name); @name itself if
 * it is the root. Borrows from @name. */
const char   *ns_dns_name_parent (const char *name);
/* TRUE if @name is a valid text name (labels of 1..63 bytes, 255 bytes in
 * wire form, valid escapes). An optional trailing dot is accepted. */
gboolean      ns_dns_name_is_valid (const char *name);
/* Lower case copy without a trailing dot: the key for caches. */
char         *ns_dns_name_canonical (const char *name);

const char   *ns_dns_type_to_string (guint16 type);     /* "A", "NS", ... or "TYPE99" (static) */
gboolean      ns_dns_type_from_string (const char *text, guint16 *type_out);
const char   *ns_dns_rcode_to_string (guint8 rcode);    /* "NOERROR", "NXDOMAIN", ... */

/* One line: "query 0x1a2b A www.example.com" or
 * "response 0x1a2b A www.example.com: A 10.0.1.80" / ": NXDOMAIN". */
char         *ns_dns_message_describe (const NsDnsMessage *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsDnsMessage, ns_dns_message_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NsDnsRecord, ns_dns_record_free)

G_END_DECLS
