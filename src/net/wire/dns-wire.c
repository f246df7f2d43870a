/* dns-wire.c: the DNS message codec (RFC 1035 §4). */
#include "net/wire/dns-wire.h"

#include <string.h>

/* Compression pointers hold a 14-bit offset (RFC 1035 §4.1.4). */
#define POINTER_MAX_OFFSET 0x3fff

/* ---- names: text <-> labels ---- */

/* Splits a text name into wire form (length-prefixed labels, terminating
 * zero) in @out. Handles the escapes of RFC 1035 §5.1. */
static gboolean
name_to_wire (const char *name, GByteArray *out)
{
  const char *p = name;
  guint8 label[NS_DNS_MAX_LABEL + 1];
  guint start = out->len;

  if (g_str_equal (name, ".") || *name == '\0')
    {
      g_byte_array_append (out, (const guint8 *) "", 1);
      return TRUE;
    }
  while (*p != '\0')
    {
      gsize n = 0;

      while (*p != '\0' && *p != '.')
        {
          guint8 c = (guint8) *p++;

          if (c == '\\')
            {
              if (g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]))
                {
                  guint v = (guint) (p[0] - '0') * 100 + (guint) (p[1] - '0') * 10
                            + (guint) (p[2] - '0');
                  if (v > 255)
                    return FALSE;
                  c = (guint8) v;
                  p += 3;
                }
              else if (*p != '\0')
                c = (guint8) *p++;
              else
                return FALSE;
            }
          if (n == NS_DNS_MAX_LABEL)
            return FALSE;
          label[n++] = c;
        }
      if (n == 0)
        return FALSE;   /* empty label: "a..b" or a leading dot */
      g_byte_array_append (out, (const guint8 *) &(guint8) { (guint8) n }, 1);
      g_byte_array_append (out, label, (guint) n);
      if (*p == '.')
        p++;
    }
  g_byte_array_append (out, (const guint8 *) "", 1);
  return out->len - start <= NS_DNS_MAX_NAME;
}

static void
append_label_text (GString *text, const guint8 *label, gsize n)
{
  if (text->len > 0)
    g_string_append_c (text, '.');
  for (gsize i = 0; i < n; i++)
    {
      guint8 c = label[i];

      if (c == '.' || c == '\\')
        g_string_append_printf (text, "\\%c", c);
      else if (c < 0x21 || c > 0x7e)
        g_string_append_printf (text, "\\%03u", c);
      else
        g_string_append_c (text, (char) c);
    }
}

/* Reads the name at *pos of the message @msg. On success *pos is just past
 * the name's bytes at that place (after the first pointer, if any). */
static gboolean
read_name (const guint8 *msg, gsize len, gsize *pos, char **name_out, GError **error)
{
  g_autoptr (GString) text = g_string_new (NULL);
  gsize p = *pos;
  gsize limit = *pos;   /* the next pointer must point before this */
  gsize after = 0;
  gboolean jumped = FALSE;
  guint wire_len = 0;

  for (;;)
    {
      guint8 b;

      if (p >= len)
        goto truncated;
      b = msg[p];
      if ((b & 0xc0) == 0xc0)
        {
          gsize target;

          if (p + 1 >= len)
            goto truncated;
          target = (gsize) (b & 0x3f) << 8 | msg[p + 1];
          /* RFC 1035 §4.1.4: a pointer refers to a prior occurrence. Requiring
           * each pointer to go strictly before the previous one makes loops
           * impossible; a name never starts inside the header. */
          if (target >= limit || target < NS_DNS_HEADER_LEN)
            {
              g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED,
                           "DNS name at offset %" G_GSIZE_FORMAT ": compression pointer to "
                           "%" G_GSIZE_FORMAT " is not a prior offset (loop or forward pointer)",
                           *pos, target);
              return FALSE;
            }
          if (!jumped)
            after = p + 2;
          jumped = TRUE;
          limit = target;
          p = target;
          continue;
        }
      if ((b & 0xc0) != 0)
        {
          /* 0x40 and 0x80 prefixes: extended / reserved label types
           * (RFC 6891 §5); as a length, more than 63 (RFC 1035 §2.3.4). */
          g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED,
                       "DNS name at offset %" G_GSIZE_FORMAT ": label length %u is over 63",
                       *pos, b);
          return FALSE;
        }
      wire_len += 1u + b;
      if (wire_len > NS_DNS_MAX_NAME)
        {
          g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED,
                       "DNS name at offset %" G_GSIZE_FORMAT " is longer than 255 bytes", *pos);
          return FALSE;
        }
      if (b == 0)
        {
          if (!jumped)
            after = p + 1;
          break;
        }
      if (b > len - p - 1)
        goto truncated;
      append_label_text (text, msg + p + 1, b);
      p += 1u + b;
    }
  *pos = after;
  *name_out = g_string_free (g_steal_pointer (&text), FALSE);
  return TRUE;

truncated:
  g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_TRUNCATED,
               "DNS name at offset %" G_GSIZE_FORMAT " runs past the end of the message", *pos);
  return FALSE;
}

/* ---- records ---- */

NsDnsRecord *
ns_dns_record_new_a (const char *name, guint32 ttl, guint32 addr)
{
  NsDnsRecord *r = g_new0 (NsDnsRecord, 1);

  r->name = g_strdup (name);
  r->type = NS_DNS_TYPE_A;
  r->klass = NS_DNS_CLASS_IN;
  r->ttl = ttl;
  r->addr = addr;
  return r;
}

NsDnsRecord *
ns_dns_record_new_name (const char *name, guint16 type, guint32 ttl, const char *target)
{
  NsDnsRecord *r = g_new0 (NsDnsRecord, 1);

  g_return_val_if_fail (type == NS_DNS_TYPE_NS || type == NS_DNS_TYPE_CNAME, r);
  r->name = g_strdup (name);
  r->type = type;
  r->klass = NS_DNS_CLASS_IN;
  r->ttl = ttl;
  r->target = g_strdup (target);
  return r;
}

NsDnsRecord *
ns_dns_record_new_raw (const char *name, guint16 type, guint16 klass, guint32 ttl,
                       const guint8 *rdata, gsize rdlength)
{
  NsDnsRecord *r = g_new0 (NsDnsRecord, 1);

  r->name = g_strdup (name);
  r->type = type;
  r->klass = klass;
  r->ttl = ttl;
  r->rdata = g_bytes_new (rdata, rdlength);
  return r;
}

NsDnsRecord *
ns_dns_record_copy (const NsDnsRecord *record)
{
  NsDnsRecord *r = g_new0 (NsDnsRecord, 1);

  *r = *record;
  r->name = g_strdup (record->name);
  r->target = g_strdup (record->target);
  r->rdata = record->rdata != NULL ? g_bytes_ref (record->rdata) : NULL;
  return r;
}

void
ns_dns_record_free (NsDnsRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->name);
  g_free (record->target);
  g_clear_pointer (&record->rdata, g_bytes_unref);
  g_free (record);
}

static void
question_free (NsDnsQuestion *q)
{
  g_free (q->name);
  g_free (q);
}

/* ---- messages ---- */

NsDnsMessage *
ns_dns_message_new (void)
{
  NsDnsMessage *m = g_new0 (NsDnsMessage, 1);

  m->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) question_free);
  m->answers = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_dns_record_free);
  m->authority = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_dns_record_free);
  m->additional = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_dns_record_free);
  return m;
}

void
ns_dns_message_free (NsDnsMessage *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->questions);
  g_ptr_array_unref (self->answers);
  g_ptr_array_unref (self->authority);
  g_ptr_array_unref (self->additional);
  g_free (self);
}

static void
copy_records (GPtrArray *to, GPtrArray *from)
{
  for (guint i = 0; i < from->len; i++)
    g_ptr_array_add (to, ns_dns_record_copy (from->pdata[i]));
}

NsDnsMessage *
ns_dns_message_copy (const NsDnsMessage *self)
{
  NsDnsMessage *m = ns_dns_message_new ();
  GPtrArray *qs = m->questions, *an = m->answers, *ns = m->authority, *ar = m->additional;

  *m = *self;
  m->questions = qs;
  m->answers = an;
  m->authority = ns;
  m->additional = ar;
  for (guint i = 0; i < self->questions->len; i++)
    {
      const NsDnsQuestion *q = self->questions->pdata[i];
      ns_dns_message_add_question (m, q->name, q->type, q->klass);
    }
  copy_records (m->answers, self->answers);
  copy_records (m->authority, self->authority);
  copy_records (m->additional, self->additional);
  return m;
}

void
ns_dns_message_add_question (NsDnsMessage *self, const char *name, guint16 type, guint16 klass)
{
  NsDnsQuestion *q = g_new0 (NsDnsQuestion, 1);

  q->name = g_strdup (name);
  q->type = type;
  q->klass = klass;
  g_ptr_array_add (self->questions, q);
}

gboolean
ns_dns_header_parse (const guint8 *data, gsize len, NsDnsMessage *out, GError **error)
{
  guint16 flags;

  if (len < NS_DNS_HEADER_LEN)
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_TRUNCATED,
                   "DNS message of %" G_GSIZE_FORMAT " bytes is shorter than its 12-byte header",
                   len);
      return FALSE;
    }
  /* RFC 1035 §4.1.1: ID, then QR|Opcode(4)|AA|TC|RD, RA|Z(3)|RCODE(4). */
  flags = ns_wire_get_u16 (data + 2);
  out->id = ns_wire_get_u16 (data);
  out->qr = (flags >> 15) & 1;
  out->opcode = (flags >> 11) & 0xf;
  out->aa = (flags >> 10) & 1;
  out->tc = (flags >> 9) & 1;
  out->rd = (flags >> 8) & 1;
  out->ra = (flags >> 7) & 1;
  out->z = (flags >> 4) & 0x7;
  out->rcode = flags & 0xf;
  return TRUE;
}

static gboolean
parse_question (const guint8 *data, gsize len, gsize *pos, NsDnsMessage *m, GError **error)
{
  g_autofree char *name = NULL;

  if (!read_name (data, len, pos, &name, error))
    return FALSE;
  if (len - *pos < 4)
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_TRUNCATED,
                   "DNS question for %s is cut short", name);
      return FALSE;
    }
  ns_dns_message_add_question (m, name, ns_wire_get_u16 (data + *pos),
                               ns_wire_get_u16 (data + *pos + 2));
  *pos += 4;
  return TRUE;
}

/* Decodes the RDATA of @r at data[pos .. pos+rdlength). */
static gboolean
parse_rdata (const guint8 *data, gsize pos, guint16 rdlength, NsDnsRecord *r, GError **error)
{
  if (r->type == NS_DNS_TYPE_A && r->klass == NS_DNS_CLASS_IN)
    {
      if (rdlength != 4)   /* RFC 1035 §3.4.1: a 32-bit address */
        {
          g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED,
                       "DNS A record for %s has RDLENGTH %u, not 4", r->name, rdlength);
          return FALSE;
        }
      r->addr = ns_wire_get_u32 (data + pos);
      return TRUE;
    }
  if (r->type == NS_DNS_TYPE_NS || r->type == NS_DNS_TYPE_CNAME)
    {
      gsize p = pos;

      /* The name may point outside the RDATA, but its bytes here must fill
       * the RDATA exactly. Limit the read to the RDATA's end. */
      if (!read_name (data, pos + rdlength, &p, &r->target, error))
        return FALSE;
      if (p != pos + rdlength)
        {
          g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED,
                       "DNS %s record for %s: RDLENGTH %u does not match its name",
                       ns_dns_type_to_string (r->type), r->name, rdlength);
          return FALSE;
        }
      return TRUE;
    }
  r->rdata = g_bytes_new (data + pos, rdlength);
  return TRUE;
}

static gboolean
parse_record (const guint8 *data, gsize len, gsize *pos, GPtrArray *section, GError **error)
{
  g_autoptr (NsDnsRecord) r = g_new0 (NsDnsRecord, 1);
  guint16 rdlength;

  if (!read_name (data, len, pos, &r->name, error))
    return FALSE;
  if (len - *pos < 10)
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_TRUNCATED,
                   "DNS record for %s is cut short in its fixed fields", r->name);
      return FALSE;
    }
  /* RFC 1035 §4.1.3: TYPE, CLASS, TTL, RDLENGTH, RDATA. */
  r->type = ns_wire_get_u16 (data + *pos);
  r->klass = ns_wire_get_u16 (data + *pos + 2);
  r->ttl = ns_wire_get_u32 (data + *pos + 4);
  rdlength = ns_wire_get_u16 (data + *pos + 8);
  *pos += 10;
  if (len - *pos < rdlength)
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_TRUNCATED,
                   "DNS record for %s: RDLENGTH %u runs past the end of the message",
                   r->name, rdlength);
      return FALSE;
    }
  if (!parse_rdata (data, *pos, rdlength, r, error))
    return FALSE;
  *pos += rdlength;
  g_ptr_array_add (section, g_steal_pointer (&r));
  return TRUE;
}

NsDnsMessage *
ns_dns_message_parse (const guint8 *data, gsize len, GError **error)
{
  g_autoptr (NsDnsMessage) m = ns_dns_message_new ();
  guint counts[4];
  GPtrArray *sections[3];
  gsize pos = NS_DNS_HEADER_LEN;

  if (!ns_dns_header_parse (data, len, m, error))
    return NULL;
  for (guint i = 0; i < 4; i++)
    counts[i] = ns_wire_get_u16 (data + 4 + 2 * i);
  for (guint i = 0; i < counts[0]; i++)
    if (!parse_question (data, len, &pos, m, error))
      return NULL;
  sections[0] = m->answers;
  sections[1] = m->authority;
  sections[2] = m->additional;
  for (guint s = 0; s < 3; s++)
    for (guint i = 0; i < counts[s + 1]; i++)
      if (!parse_record (data, len, &pos, sections[s], error))
        return NULL;
  return g_steal_pointer (&m);
}

/* ---- emit with compression ---- */

typedef struct {
  GByteArray *out;
  GPtrArray  *suffixes;  /* of GBytes: lower-case wire form of a written suffix */
  GArray     *offsets;   /* of guint16: where it was written */
} Writer;

static void
put_u16 (GByteArray *out, guint16 v)
{
  guint8 b[2];

  ns_wire_put_u16 (b, v);
  g_byte_array_append (out, b, 2);
}

static void
put_u32 (GByteArray *out, guint32 v)
{
  guint8 b[4];

  ns_wire_put_u32 (b, v);
  g_byte_array_append (out, b, 4);
}

static gint
find_suffix (Writer *w, const guint8 *wire, gsize n)
{
  for (guint i = 0; i < w->suffixes->len; i++)
    {
      gsize sn;
      const guint8 *s = g_bytes_get_data (w->suffixes->pdata[i], &sn);

      if (sn == n && memcmp (s, wire, n) == 0)
        return (gint) g_array_index (w->offsets, guint16, i);
    }
  return -1;
}

/* Writes @name, replacing its longest suffix already written by a pointer
 * (RFC 1035 §4.1.4). */
static gboolean
write_name (Writer *w, const char *name, GError **error)
{
  g_autoptr (GByteArray) wire = g_byte_array_new ();
  g_autofree guint8 *lower = NULL;
  gsize p = 0;

  if (!name_to_wire (name, wire))
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED, "“%s” is not a valid DNS name",
                   name);
      return FALSE;
    }
  lower = g_memdup2 (wire->data, wire->len);
  for (guint i = 0; i < wire->len; i++)
    lower[i] = (guint8) g_ascii_tolower ((char) lower[i]);

  while (wire->data[p] != 0)
    {
      gint at = find_suffix (w, lower + p, wire->len - p);
      guint8 n = wire->data[p];

      if (at >= 0)
        {
          put_u16 (w->out, (guint16) (0xc000 | at));
          return TRUE;
        }
      if (w->out->len <= POINTER_MAX_OFFSET)
        {
          guint16 off = (guint16) w->out->len;
          g_ptr_array_add (w->suffixes, g_bytes_new (lower + p, wire->len - p));
          g_array_append_val (w->offsets, off);
        }
      g_byte_array_append (w->out, wire->data + p, 1u + n);
      p += 1u + n;
    }
  g_byte_array_append (w->out, (const guint8 *) "", 1);
  return TRUE;
}

static gboolean
write_record (Writer *w, const NsDnsRecord *r, GError **error)
{
  guint rdlen_at;
  gsize rdlength;

  if (!write_name (w, r->name, error))
    return FALSE;
  put_u16 (w->out, r->type);
  put_u16 (w->out, r->klass);
  put_u32 (w->out, r->ttl);
  rdlen_at = w->out->len;
  put_u16 (w->out, 0);
  if (r->rdata != NULL)
    {
      gsize n;
      const guint8 *d = g_bytes_get_data (r->rdata, &n);
      g_byte_array_append (w->out, d, (guint) n);
    }
  else if (r->type == NS_DNS_TYPE_A)
    put_u32 (w->out, r->addr);
  else if (r->type == NS_DNS_TYPE_NS || r->type == NS_DNS_TYPE_CNAME)
    {
      /* Compression inside RDATA is allowed for these well-known types
       * (RFC 3597 §4). */
      if (!write_name (w, r->target != NULL ? r->target : "", error))
        return FALSE;
    }
  rdlength = w->out->len - rdlen_at - 2;
  if (rdlength > G_MAXUINT16)
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED, "DNS record RDATA too long");
      return FALSE;
    }
  ns_wire_put_u16 (w->out->data + rdlen_at, (guint16) rdlength);
  return TRUE;
}

static gboolean
write_sections (Writer *w, const NsDnsMessage *self, GError **error)
{
  const GPtrArray *sections[3] = { self->answers, self->authority, self->additional };

  for (guint i = 0; i < self->questions->len; i++)
    {
      const NsDnsQuestion *q = self->questions->pdata[i];

      if (!write_name (w, q->name, error))
        return FALSE;
      put_u16 (w->out, q->type);
      put_u16 (w->out, q->klass);
    }
  for (guint s = 0; s < 3; s++)
    for (guint i = 0; i < sections[s]->len; i++)
      if (!write_record (w, sections[s]->pdata[i], error))
        return FALSE;
  return TRUE;
}

GBytes *
ns_dns_message_emit (const NsDnsMessage *self, GError **error)
{
  Writer w;
  guint16 flags;
  gboolean ok;

  if (self->questions->len > G_MAXUINT16 || self->answers->len > G_MAXUINT16
      || self->authority->len > G_MAXUINT16 || self->additional->len > G_MAXUINT16)
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED, "DNS section too long");
      return NULL;
    }
  w.out = g_byte_array_new ();
  w.suffixes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  w.offsets = g_array_new (FALSE, FALSE, sizeof (guint16));

  flags = (guint16) ((self->qr ? 1u : 0u) << 15 | (self->opcode & 0xfu) << 11
                     | (self->aa ? 1u : 0u) << 10 | (self->tc ? 1u : 0u) << 9
                     | (self->rd ? 1u : 0u) << 8 | (self->ra ? 1u : 0u) << 7
                     | (self->z & 0x7u) << 4 | (self->rcode & 0xfu));
  put_u16 (w.out, self->id);
  put_u16 (w.out, flags);
  put_u16 (w.out, (guint16) self->questions->len);
  put_u16 (w.out, (guint16) self->answers->len);
  put_u16 (w.out, (guint16) self->authority->len);
  put_u16 (w.out, (guint16) self->additional->len);
  ok = write_sections (&w, self, error);
  if (ok && w.out->len > G_MAXUINT16)
    {
      g_set_error (error, NS_WIRE_ERROR, NS_WIRE_ERROR_MALFORMED,
                   "DNS message of %u bytes is over 65535", w.out->len);
      ok = FALSE;
    }
  g_ptr_array_unref (w.suffixes);
  g_array_unref (w.offsets);
  if (!ok)
    {
      g_byte_array_unref (w.out);
      return NULL;
    }
  return g_byte_array_free_to_bytes (w.out);
}

/* ---- names as text ---- */

gboolean
ns_dns_name_is_valid (const char *name)
{
  g_autoptr (GByteArray) wire = g_byte_array_new ();

  return name != NULL && name_to_wire (name, wire);
}

gboolean
ns_dns_name_equal (const char *a, const char *b)
{
  gsize la = strlen (a), lb = strlen (b);

  /* A trailing dot (fully qualified) makes no difference here. */
  if (la > 0 && a[la - 1] == '.')
    la--;
  if (lb > 0 && b[lb - 1] == '.')
    lb--;
  return la == lb && g_ascii_strncasecmp (a, b, la) == 0;
}

gboolean
ns_dns_name_is_subdomain (const char *name, const char *domain)
{
  gsize ln = strlen (name), ld = strlen (domain);

  if (ln > 0 && name[ln - 1] == '.')
    ln--;
  if (ld > 0 && domain[ld - 1] == '.')
    ld--;
  if (ld == 0)
    return TRUE;
  if (ln < ld || g_ascii_strncasecmp (name + ln - ld, domain, ld) != 0)
    return FALSE;
  return ln == ld || name[ln - ld - 1] == '.';
}

const char *
ns_dns_name_parent (const char *name)
{
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        p++;
      else if (*p == '.')
        return p + 1;
    }
  return name + strlen (name);
}

char *
ns_dns_name_canonical (const char *name)
{
  char *c = g_ascii_strdown (name, -1);
  gsize n = strlen (c);

  if (n > 0 && c[n - 1] == '.')
    c[n - 1] = '\0';
  return c;
}

static const struct {
  guint16 type;
  const char *name;
} type_names[] = {
  { NS_DNS_TYPE_A, "A" },       { NS_DNS_TYPE_NS, "NS" },   { NS_DNS_TYPE_CNAME, "CNAME" },
  { NS_DNS_TYPE_SOA, "SOA" },   { NS_DNS_TYPE_PTR, "PTR" }, { NS_DNS_TYPE_MX, "MX" },
  { NS_DNS_TYPE_TXT, "TXT" },   { NS_DNS_TYPE_AAAA, "AAAA" }, { NS_DNS_TYPE_OPT, "OPT" },
  { NS_DNS_TYPE_ANY, "ANY" },
};

const char *
ns_dns_type_to_string (guint16 type)
{
  for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
    if (type_names[i].type == type)
      return type_names[i].name;
  {
    /* RFC 3597 §5: unknown types are written TYPEnnn. Made once per type
     * and kept, not interned: a GLib quark is never freed and its table
     * leaks its old block as it grows, so interning what hostile messages
     * choose would grow memory for good. */
    static gpointer unknown[G_MAXUINT16 + 1];
    char *name = g_atomic_pointer_get (&unknown[type]);

    if (name == NULL)
      {
        char *made = g_strdup_printf ("TYPE%u", type);

        if (!g_atomic_pointer_compare_and_exchange (&unknown[type], NULL, made))
          g_free (made);
        name = g_atomic_pointer_get (&unknown[type]);
      }
    return name;
  }
}

gboolean
ns_dns_type_from_string (const char *text, guint16 *type_out)
{
  for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
    if (g_ascii_strcasecmp (type_names[i].name, text) == 0)
      {
        *type_out = type_names[i].type;
        return TRUE;
      }
  return FALSE;
}

const char *
ns_dns_rcode_to_string (guint8 rcode)
{
  static const char *const names[] = { "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",
                                       "NOTIMP", "REFUSED" };

  if (rcode < G_N_ELEMENTS (names))
    return names[rcode];
  return "RCODE?";
}

static void
describe_record (GString *s, const NsDnsRecord *r)
{
  if (r->type == NS_DNS_TYPE_A && r->rdata == NULL)
    g_string_append_printf (s, " A %u.%u.%u.%u", r->addr >> 24, (r->addr >> 16) & 0xff,
                            (r->addr >> 8) & 0xff, r->addr & 0xff);
  else if (r->target != NULL)
    g_string_append_printf (s, " %s %s", ns_dns_type_to_string (r->type), r->target);
  else
    g_string_append_printf (s, " %s", ns_dns_type_to_string (r->type));
}

char *
ns_dns_message_describe (const NsDnsMessage *self)
{
  GString *s = g_string_new (self->qr ? "response" : "query");

  g_string_append_printf (s, " 0x%04x", self->id);
  for (guint i = 0; i < self->questions->len; i++)
    {
      const NsDnsQuestion *q = self->questions->pdata[i];
      g_string_append_printf (s, " %s %s", ns_dns_type_to_string (q->type),
                              q->name[0] != '\0' ? q->name : "<root>");
    }
  if (!self->qr)
    return g_string_free (s, FALSE);
  if (self->rcode != NS_DNS_RCODE_NOERROR)
    g_string_append_printf (s, ": %s", ns_dns_rcode_to_string (self->rcode));
  else if (self->answers->len > 0)
    {
      g_string_append_c (s, ':');
      for (guint i = 0; i < self->answers->len; i++)
        describe_record (s, self->answers->pdata[i]);
    }
  else if (self->authority->len > 0)
    g_string_append (s, ": referral");
  else
    g_string_append (s, ": no data");
  return g_string_free (s, FALSE);
}
