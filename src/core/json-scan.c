/* json-scan.c: see json-scan.h. One pass, an explicit stack, no recursion;
 * the tree is built as the text is checked. */
#include "config.h"

#include "core/json-scan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Largest integer a JSON number carries exactly everywhere (RFC 8259 §6). */
#define MAX_EXACT_INTEGER G_GINT64_CONSTANT (9007199254740992)

typedef enum {
  WANT_VALUE,           /* a value (top level, after ':' or ',' in an array) */
  WANT_VALUE_OR_CLOSE,  /* just after '[' */
  WANT_KEY,             /* after ',' in an object */
  WANT_KEY_OR_CLOSE,    /* just after '{' */
  WANT_COLON,
  WANT_COMMA_OR_CLOSE,  /* after a value */
} State;

typedef struct {
  gboolean    is_array;
  gint        index;      /* current element, -1 before the first */
  const char *key;        /* current member's key (raw, inside the quotes) */
  gsize       key_len;
  NsJson     *node;       /* building: the container */
  const char *key_text;   /* building: the key, unescaped (in the arena) */
  guint       start;      /* building: its children from here in `pending` */
  GHashTable *keys;       /* building: member names, once there are many */
  gboolean    off_track;  /* lookup mode: no path wanted starts with this one */
} Frame;

typedef struct {
  const char *data;
  gsize       len;
  gsize       pos;
  gint        line;
  gsize       line_start;
  guint       max_depth;
  GArray     *frames;
  State       state;
  GHashTable *lines;      /* lookup mode, or NULL */
  GString    *path;
  gboolean    value_off_track;  /* lookup mode: the last value's path is not wanted */
  guint       lines_left;       /* lookup mode: wanted paths not met yet */
  const char *const *object_arrays;  /* top-level members whose elements must be objects */
  guint       max_wrong;     /* elements of those kept in the tree when they are not */
  guint       n_wrong;
  guint       discard_depth; /* building paused inside a wrong element at this depth, or 0 */
  NsJsonScanError *error;
  gboolean    failed;
  gboolean    value_error;  /* the failure is about a valid value, not syntax */
  gboolean    build;        /* build the tree */
  NsJsonDoc  *doc;
  GPtrArray  *pending;      /* children of the open containers */
  NsJson     *root;
} Scanner;

/* ---- the arena ---- */

#define BLOCK_SIZE 65536

struct _NsJsonDoc {
  GPtrArray *blocks;
  char      *next;
  gsize      left;
};

NsJsonDoc *
ns_json_doc_new (void)
{
  NsJsonDoc *doc = g_new0 (NsJsonDoc, 1);

  doc->blocks = g_ptr_array_new_with_free_func (g_free);
  return doc;
}

void
ns_json_doc_free (NsJsonDoc *doc)
{
  if (doc == NULL)
    return;
  g_ptr_array_unref (doc->blocks);
  g_free (doc);
}

static gpointer
arena_alloc (NsJsonDoc *doc, gsize size)
{
  gpointer p;

  size = (size + 7) & ~(gsize) 7;
  if (size > BLOCK_SIZE / 4)
    {
      p = g_malloc0 (size);
      g_ptr_array_add (doc->blocks, p);
      return p;
    }
  if (size > doc->left)
    {
      doc->next = g_malloc0 (BLOCK_SIZE);
      doc->left = BLOCK_SIZE;
      g_ptr_array_add (doc->blocks, doc->next);
    }
  p = doc->next;
  doc->next += size;
  doc->left -= size;
  return p;
}

static char *
arena_strndup (NsJsonDoc *doc, const char *text, gsize n)
{
  char *copy = arena_alloc (doc, n + 1);

  memcpy (copy, text, n);
  copy[n] = '\0';
  return copy;
}

static NsJson *
json_new (NsJsonDoc *doc, NsJsonType type)
{
  NsJson *node = arena_alloc (doc, sizeof (NsJson));

  node->type = type;
  return node;
}

void
ns_json_scan_error_clear (NsJsonScanError *error)
{
  g_clear_pointer (&error->path, g_free);
  g_clear_pointer (&error->message, g_free);
}

static void
build_path (Scanner *s, GString *out)
{
  g_string_truncate (out, 0);
  for (guint i = 0; i < s->frames->len; i++)
    {
      Frame *f = &g_array_index (s->frames, Frame, i);

      if (f->is_array)
        g_string_append_printf (out, "[%d]", f->index);
      else
        {
          if (out->len > 0)
            g_string_append_c (out, '.');
          g_string_append_len (out, f->key, (gssize) f->key_len);
        }
    }
}

static gboolean G_GNUC_PRINTF (2, 3)
fail (Scanner *s, const char *format, ...)
{
  va_list args;
  g_autoptr (GString) path = g_string_new (NULL);

  if (s->failed)
    return FALSE;
  s->failed = TRUE;
  if (s->error == NULL)
    return FALSE;
  build_path (s, path);
  s->error->syntax = !s->value_error;
  va_start (args, format);
  s->error->message = g_strdup_vprintf (format, args);
  va_end (args);
  s->error->path = g_string_free (g_steal_pointer (&path), FALSE);
  s->error->line = s->line;
  s->error->column = (gint) g_utf8_strlen (s->data + s->line_start,
                                           (gssize) (s->pos - s->line_start)) + 1;
  return FALSE;
}

/* A value starts at s->pos: count it in its array and, in lookup mode,
 * note its line. */
static void
value_starts (Scanner *s)
{
  gint *line;

  if (s->frames->len > 0)
    {
      Frame *top = &g_array_index (s->frames, Frame, s->frames->len - 1);

      if (top->is_array)
        top->index++;
    }
  if (s->lines == NULL)
    return;
  /* The table holds every wanted path and each of its parents, so a value
   * whose container is not in it holds nothing wanted either: skip it
   * without building its path. Building and hashing the path of every
   * value cost as much as the path is long, for each value (a 200 kB
   * key over 100,000 values took 20 s); now only values on the way to a
   * wanted path pay, once each. */
  if (s->frames->len > 0
      && g_array_index (s->frames, Frame, s->frames->len - 1).off_track)
    {
      s->value_off_track = TRUE;
      return;
    }
  build_path (s, s->path);
  line = g_hash_table_lookup (s->lines, s->path->str);
  s->value_off_track = s->frames->len > 0 && line == NULL;
  if (line != NULL && *line == 0)
    {
      *line = s->line;
      s->lines_left--;
    }
}

static gboolean
is_hex (char c)
{
  return g_ascii_isxdigit (c);
}

static guint
hex4 (const char *p)
{
  return (guint) (g_ascii_xdigit_value (p[0]) << 12 | g_ascii_xdigit_value (p[1]) << 8 |
                  g_ascii_xdigit_value (p[2]) << 4 | g_ascii_xdigit_value (p[3]));
}

/* The text of a string that passed scan_string(), escapes resolved, in
 * the arena. */
static const char *
decode_string (NsJsonDoc *doc, const char *p, gsize n)
{
  GString *out;
  char *text;

  if (memchr (p, '\\', n) == NULL)
    return arena_strndup (doc, p, n);
  out = g_string_sized_new (n);
  for (gsize i = 0; i < n;)
    {
      gunichar u;

      if (p[i] != '\\')
        {
          g_string_append_c (out, p[i++]);
          continue;
        }
      switch (p[i + 1])
        {
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'u':
          u = hex4 (p + i + 2);
          if (u >= 0xd800 && u <= 0xdbff)
            {
              /* A surrogate pair (RFC 8259 §7), checked by scan_string(). */
              u = 0x10000 + ((u - 0xd800) << 10) + (hex4 (p + i + 8) - 0xdc00);
              i += 6;
            }
          g_string_append_unichar (out, u);
          i += 6;
          continue;
        default:
          g_string_append_c (out, p[i + 1]);
          break;
        }
      i += 2;
    }
  text = arena_strndup (doc, out->str, out->len);
  g_string_free (out, TRUE);
  return text;
}

/* Whether the open object already has a member @key. Objects are small:
 * a look along them is cheapest; a hash table takes over past 32 names. */
static gboolean
has_key (Scanner *s, Frame *top, const char *key)
{
  guint n = (s->pending->len - top->start) / 2;

  if (top->keys == NULL && n > 32)
    {
      top->keys = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = top->start; i < s->pending->len; i += 2)
        g_hash_table_add (top->keys, g_ptr_array_index (s->pending, i));
    }
  if (top->keys != NULL)
    return g_hash_table_contains (top->keys, key);
  for (guint i = top->start; i < s->pending->len; i += 2)
    if (strcmp (g_ptr_array_index (s->pending, i), key) == 0)
      return TRUE;
  return FALSE;
}

/* Building: puts @node into the open container or at the root. */
static gboolean
attach (Scanner *s, NsJson *node)
{
  Frame *top;

  if (s->frames->len == 0)
    {
      s->root = node;
      return TRUE;
    }
  top = &g_array_index (s->frames, Frame, s->frames->len - 1);
  if (top->is_array)
    {
      g_ptr_array_add (s->pending, node);
      return TRUE;
    }
  /* RFC 8259 §4: names SHOULD be unique; a file that says "id" twice is
   * ambiguous, and parsers disagree on which one counts. */
  if (has_key (s, top, top->key_text))
    {
      s->value_error = TRUE;
      return fail (s, "\"%s\" appears twice in the same object", top->key_text);
    }
  if (top->keys != NULL)
    g_hash_table_add (top->keys, (gpointer) top->key_text);
  g_ptr_array_add (s->pending, (gpointer) top->key_text);
  g_ptr_array_add (s->pending, node);
  return TRUE;
}

/* A string from the opening quote at s->pos; leaves s->pos after the
 * closing quote. */
static gboolean
scan_string (Scanner *s)
{
  gsize p = s->pos + 1;

  while (p < s->len)
    {
      guchar c = (guchar) s->data[p];

      if (c == '"')
        {
          s->pos = p + 1;
          return TRUE;
        }
      if (c < 0x20)
        {
          s->pos = p;
          return fail (
            s, "control character U+%04X inside a string (write it as an escape such as \\n)", c);
        }
      if (c != '\\')
        {
          p++;
          continue;
        }
      if (p + 1 >= s->len)
        break;
      c = (guchar) s->data[p + 1];
      if (strchr ("\"\\/bfnrt", c) != NULL && c != '\0')
        {
          p += 2;
          continue;
        }
      if (c != 'u' || p + 6 > s->len || !is_hex (s->data[p + 2]) || !is_hex (s->data[p + 3]) ||
          !is_hex (s->data[p + 4]) || !is_hex (s->data[p + 5]))
        {
          s->pos = p;
          return fail (s, "bad escape sequence in a string");
        }
      {
        guint u = hex4 (s->data + p + 2);

        s->pos = p;
        if (u == 0)
          {
            s->value_error = TRUE;
            return fail (s, "a string may not contain U+0000");
          }
        if (u >= 0xdc00 && u <= 0xdfff)
          return fail (s, "unpaired UTF-16 surrogate \\u%04x in a string", u);
        if (u >= 0xd800 && u <= 0xdbff)
          {
            /* A high surrogate must be followed by a low one (RFC 8259 §7). */
            if (p + 12 > s->len || s->data[p + 6] != '\\' || s->data[p + 7] != 'u' ||
                !is_hex (s->data[p + 8]) || !is_hex (s->data[p + 9]) ||
                !is_hex (s->data[p + 10]) || !is_hex (s->data[p + 11]) ||
                hex4 (s->data + p + 8) < 0xdc00 || hex4 (s->data + p + 8) > 0xdfff)
              return fail (s, "unpaired UTF-16 surrogate \\u%04x in a string", u);
            p += 6;
          }
        p += 6;
      }
    }
  return fail (s, "the file ends inside a string (missing closing \")");
}

static gboolean
scan_digits (Scanner *s, gsize *p)
{
  gsize start = *p;

  while (*p < s->len && g_ascii_isdigit (s->data[*p]))
    (*p)++;
  return *p > start;
}

/* A number per the grammar of RFC 8259 §6, within the exact range. */
static gboolean
scan_number (Scanner *s)
{
  gsize start = s->pos;
  gsize p = start;
  gboolean is_integer = TRUE;
  char buffer[64];
  gsize n;

  if (s->data[p] == '-')
    p++;
  if (p < s->len && s->data[p] == '0')
    {
      p++;
      if (p < s->len && g_ascii_isdigit (s->data[p]))
        return fail (s, "numbers may not have leading zeros");
    }
  else if (!scan_digits (s, &p))
    return fail (s, "'-' must be followed by digits");
  if (p < s->len && s->data[p] == '.')
    {
      p++;
      is_integer = FALSE;
      if (!scan_digits (s, &p))
        return fail (s, "a decimal point must be followed by digits");
    }
  if (p < s->len && (s->data[p] == 'e' || s->data[p] == 'E'))
    {
      p++;
      is_integer = FALSE;
      if (p < s->len && (s->data[p] == '+' || s->data[p] == '-'))
        p++;
      if (!scan_digits (s, &p))
        return fail (s, "an exponent must have digits");
    }
  n = p - start;
  if (n >= sizeof buffer)
    {
      s->value_error = TRUE;
      if (is_integer)
        return fail (s, "the integer %.20s… is too large (the largest exact one is 2^53)",
                     s->data + start);
      return fail (s, "the number %.20s… is too long", s->data + start);
    }
  memcpy (buffer, s->data + start, n);
  buffer[n] = '\0';
  if (is_integer)
    {
      gint64 v = g_ascii_strtoll (buffer, NULL, 10);

      if (n > 17 || v > MAX_EXACT_INTEGER || v < -MAX_EXACT_INTEGER)
        {
          s->value_error = TRUE;
          return fail (s, "the integer %s is too large (the largest exact one is 2^53)", buffer);
        }
      s->pos = p;
      if (s->build)
        {
          NsJson *node = json_new (s->doc, NS_JSON_INT);

          node->v.i = v;
          return attach (s, node);
        }
    }
  else
    {
      double v = g_ascii_strtod (buffer, NULL);

      if (!isfinite (v))
        {
          s->value_error = TRUE;
          return fail (s, "the number %s is too large", buffer);
        }
      s->pos = p;
      if (s->build)
        {
          NsJson *node = json_new (s->doc, NS_JSON_DOUBLE);

          node->v.d = v;
          return attach (s, node);
        }
    }
  return TRUE;
}

static gboolean
scan_literal (Scanner *s)
{
  static const char *const literals[] = { "true", "false", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize n = strlen (literals[i]);

      if (s->len - s->pos >= n && memcmp (s->data + s->pos, literals[i], n) == 0 &&
          (s->pos + n == s->len || !g_ascii_isalnum (s->data[s->pos + n])))
        {
          NsJson *node;

          s->pos += n;
          if (!s->build)
            return TRUE;
          node = json_new (s->doc, i == 2 ? NS_JSON_NULL : NS_JSON_BOOL);
          node->v.b = i == 0;
          return attach (s, node);
        }
    }
  if (s->data[s->pos] == '\'')
    return fail (s, "strings take double quotes (\"), not single quotes");
  if (s->data[s->pos] == '/')
    return fail (s, "JSON has no comments");
  return fail (s, "expected a value (an object, array, string, number, true, false or null)");
}

static void
set_state_after_value (Scanner *s)
{
  s->state = WANT_COMMA_OR_CLOSE;
}

static void
frames_clear (Scanner *s)
{
  for (guint i = 0; i < s->frames->len; i++)
    g_clear_pointer (&g_array_index (s->frames, Frame, i).keys, g_hash_table_unref);
  g_array_set_size (s->frames, 0);
}

static gboolean
open_container (Scanner *s, gboolean is_array)
{
  Frame frame = { is_array, -1, NULL, 0, NULL, NULL, 0, NULL,
                  s->lines != NULL && s->value_off_track };

  if (s->frames->len >= s->max_depth)
    {
      /* Reported at the top: the path of a value this deep says nothing. */
      frames_clear (s);
      s->value_error = TRUE;
      return fail (s, "arrays and objects are nested more than %u deep", s->max_depth);
    }
  if (s->build)
    {
      frame.node = json_new (s->doc, is_array ? NS_JSON_ARRAY : NS_JSON_OBJECT);
      if (!attach (s, frame.node))
        return FALSE;
      frame.start = s->pending->len;
    }
  g_array_append_val (s->frames, frame);
  s->state = is_array ? WANT_VALUE_OR_CLOSE : WANT_KEY_OR_CLOSE;
  s->pos++;
  return TRUE;
}

static gboolean
close_container (Scanner *s, char c)
{
  Frame *top;

  if (s->frames->len == 0)
    return fail (s, "unexpected '%c'", c);
  top = &g_array_index (s->frames, Frame, s->frames->len - 1);
  if (top->is_array != (c == ']'))
    return fail (s, "'%c' does not close the open %s", c, top->is_array ? "array" : "object");
  if (s->build)
    {
      guint n = s->pending->len - top->start;
      gpointer *children = arena_alloc (s->doc, MAX (n, 1) * sizeof (gpointer));

      memcpy (children, s->pending->pdata + top->start, n * sizeof (gpointer));
      if (top->is_array)
        {
          top->node->n = n;
          top->node->v.items = (NsJson **) children;
        }
      else
        {
          top->node->n = n / 2;
          top->node->v.members = (NsJsonMember *) children;
        }
      g_ptr_array_set_size (s->pending, top->start);
      g_clear_pointer (&top->keys, g_hash_table_unref);
    }
  g_array_set_size (s->frames, s->frames->len - 1);
  if (s->discard_depth != 0 && s->frames->len == s->discard_depth)
    {
      s->build = TRUE;
      s->discard_depth = 0;
    }
  s->pos++;
  set_state_after_value (s);
  return TRUE;
}

/* An element of one of the top-level arrays that must hold objects: the
 * reader reports the first few that are not, which is all a person reads;
 * past those, wrong elements are checked as JSON but not kept, so memory
 * stays a small multiple of the file (a 60 MB array of numbers once took
 * 12 GB to refuse). */
static gboolean
element_is_wrong (Scanner *s, char c)
{
  const Frame *member, *array;

  if (s->object_arrays == NULL || s->frames->len != 2 || c == '{')
    return FALSE;
  member = &g_array_index (s->frames, Frame, 0);
  array = &g_array_index (s->frames, Frame, 1);
  if (member->is_array || !array->is_array)
    return FALSE;
  for (guint i = 0; s->object_arrays[i] != NULL; i += 2)
    if (strlen (s->object_arrays[i]) == member->key_len
        && memcmp (s->object_arrays[i], member->key, member->key_len) == 0)
      return ++s->n_wrong > s->max_wrong;
  return FALSE;
}

static gboolean
scan_scalar (Scanner *s, char c)
{
  if (c == '"')
    {
      gsize start = s->pos + 1;

      if (!scan_string (s))
        return FALSE;
      if (s->build)
        {
          NsJson *node = json_new (s->doc, NS_JSON_STRING);

          node->v.s = decode_string (s->doc, s->data + start, s->pos - 1 - start);
          if (!attach (s, node))
            return FALSE;
        }
    }
  else if (c == '-' || g_ascii_isdigit (c))
    {
      if (!scan_number (s))
        return FALSE;
    }
  else if (!scan_literal (s))
    return FALSE;
  set_state_after_value (s);
  return TRUE;
}

static gboolean
scan_value (Scanner *s)
{
  char c = s->data[s->pos];

  if (c == ']' && s->state == WANT_VALUE_OR_CLOSE)
    return close_container (s, c);
  value_starts (s);
  if (s->build && element_is_wrong (s, c))
    {
      gboolean ok;

      s->build = FALSE;
      if (c == '[')
        {
          /* Built again once this array closes. */
          s->discard_depth = s->frames->len;
          return open_container (s, TRUE);
        }
      ok = scan_scalar (s, c);
      s->build = TRUE;
      return ok;
    }
  if (c == '{' || c == '[')
    return open_container (s, c == '[');
  return scan_scalar (s, c);
}

static gboolean
scan_key (Scanner *s)
{
  char c = s->data[s->pos];
  Frame *top = &g_array_index (s->frames, Frame, s->frames->len - 1);
  gsize start = s->pos + 1;

  if (c == '}' && s->state == WANT_KEY_OR_CLOSE)
    return close_container (s, c);
  if (c != '"')
    {
      if (c == '}')
        return fail (s, "a ',' may not come before '}'");
      return fail (s, "expected a member name in double quotes");
    }
  if (!scan_string (s))
    return FALSE;
  top->key = s->data + start;
  top->key_len = s->pos - 1 - start;
  if (s->build)
    top->key_text = decode_string (s->doc, top->key, top->key_len);
  s->state = WANT_COLON;
  return TRUE;
}

static gboolean
scan_after_value (Scanner *s)
{
  char c = s->data[s->pos];
  Frame *top;

  if (s->frames->len == 0)
    return fail (s, "unexpected text after the end of the JSON value");
  top = &g_array_index (s->frames, Frame, s->frames->len - 1);
  if (c == ',')
    {
      s->pos++;
      s->state = top->is_array ? WANT_VALUE : WANT_KEY;
      return TRUE;
    }
  if (c == '}' || c == ']')
    return close_container (s, c);
  return fail (s, "expected ',' or '%c'", top->is_array ? ']' : '}');
}

static gboolean
scan_step (Scanner *s)
{
  switch (s->state)
    {
    case WANT_VALUE:
    case WANT_VALUE_OR_CLOSE:
      if (s->data[s->pos] == ']' && s->state == WANT_VALUE && s->frames->len > 0)
        return fail (s, "a ',' may not come before ']'");
      return scan_value (s);
    case WANT_KEY:
    case WANT_KEY_OR_CLOSE:
      return scan_key (s);
    case WANT_COLON:
      if (s->data[s->pos] != ':')
        return fail (s, "expected ':' after a member name");
      s->pos++;
      s->state = WANT_VALUE;
      return TRUE;
    case WANT_COMMA_OR_CLOSE:
    default:
      return scan_after_value (s);
    }
}

static gboolean
scan (Scanner *s)
{
  while (s->pos < s->len)
    {
      char c = s->data[s->pos];

      if (c == '\n')
        {
          s->pos++;
          s->line++;
          s->line_start = s->pos;
          continue;
        }
      if (c == ' ' || c == '\t' || c == '\r')
        {
          s->pos++;
          continue;
        }
      if (!scan_step (s))
        return FALSE;
      /* Lookup mode: every path is placed, the rest of the file can wait. */
      if (s->lines != NULL && s->lines_left == 0)
        return TRUE;
    }
  if (s->frames->len > 0 || s->state != WANT_COMMA_OR_CLOSE)
    return fail (s, "the file ends before the JSON value is complete");
  return TRUE;
}

static void
scanner_init (Scanner *s, const char *data, gsize len, guint max_depth)
{
  memset (s, 0, sizeof *s);
  s->data = data;
  s->len = len;
  s->line = 1;
  s->max_depth = max_depth;
  s->frames = g_array_new (FALSE, FALSE, sizeof (Frame));
  s->state = WANT_VALUE;
}

NsJson *
ns_json_parse (NsJsonDoc *doc, const char *data, gsize len, guint max_depth,
               NsJsonScanError *error_out)
{
  return ns_json_parse_full (doc, data, len, max_depth, NULL, 0, error_out);
}

NsJson *
ns_json_parse_full (NsJsonDoc *doc, const char *data, gsize len, guint max_depth,
                    const char *const *object_arrays, guint max_wrong,
                    NsJsonScanError *error_out)
{
  Scanner s;
  gboolean ok;

  g_return_val_if_fail (doc != NULL, NULL);
  scanner_init (&s, data, len, max_depth);
  s.object_arrays = object_arrays;
  s.max_wrong = max_wrong;
  s.error = error_out;
  s.build = TRUE;
  s.doc = doc;
  s.pending = g_ptr_array_sized_new (256);
  ok = scan (&s);
  frames_clear (&s);
  g_array_unref (s.frames);
  g_ptr_array_unref (s.pending);
  return ok ? s.root : NULL;
}

void
ns_json_scan_find_lines (const char *data, gsize len, GHashTable *lines)
{
  Scanner s;

  scanner_init (&s, data, len, G_MAXUINT);
  s.lines = lines;
  s.lines_left = g_hash_table_size (lines);
  s.path = g_string_new (NULL);
  scan (&s);
  g_string_free (s.path, TRUE);
  frames_clear (&s);
  g_array_unref (s.frames);
}

JsonNode *
ns_json_node_deep_copy (JsonNode *node)
{
  JsonNode *copy;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_object_new ();
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &key, &value))
        json_object_set_member (obj, key, ns_json_node_deep_copy (value));
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, obj);
      return copy;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *source = json_node_get_array (node);
      JsonArray *array = json_array_sized_new (json_array_get_length (source));

      for (guint i = 0; i < json_array_get_length (source); i++)
        json_array_add_element (array, ns_json_node_deep_copy (json_array_get_element (source, i)));
      copy = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (copy, array);
      return copy;
    }
  copy = json_node_copy (node);
  /* A scalar copied from an immutable parser's tree is sealed; the copy
   * may be changed by its new owner. */
  if (json_node_is_immutable (copy))
    {
      JsonNode *fresh = json_node_new (json_node_get_node_type (copy));

      if (JSON_NODE_HOLDS_VALUE (copy))
        {
          GValue value = G_VALUE_INIT;

          json_node_get_value (copy, &value);
          json_node_set_value (fresh, &value);
          g_value_unset (&value);
        }
      json_node_unref (copy);
      copy = fresh;
    }
  return copy;
}

NsJson *
ns_json_get (const NsJson *object, const char *key)
{
  if (object == NULL || object->type != NS_JSON_OBJECT)
    return NULL;
  for (guint i = 0; i < object->n; i++)
    if (strcmp (object->v.members[i].key, key) == 0)
      return object->v.members[i].value;
  return NULL;
}

JsonNode *
ns_json_to_node (const NsJson *json)
{
  JsonNode *node;

  switch (json->type)
    {
    case NS_JSON_OBJECT:
      {
        JsonObject *obj = json_object_new ();

        for (guint i = 0; i < json->n; i++)
          json_object_set_member (obj, json->v.members[i].key,
                                  ns_json_to_node (json->v.members[i].value));
        node = json_node_new (JSON_NODE_OBJECT);
        json_node_take_object (node, obj);
        return node;
      }
    case NS_JSON_ARRAY:
      {
        JsonArray *array = json_array_sized_new (json->n);

        for (guint i = 0; i < json->n; i++)
          json_array_add_element (array, ns_json_to_node (json->v.items[i]));
        node = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (node, array);
        return node;
      }
    case NS_JSON_NULL:
      return json_node_new (JSON_NODE_NULL);
    case NS_JSON_BOOL:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, json->v.b);
      return node;
    case NS_JSON_INT:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_int (node, json->v.i);
      return node;
    case NS_JSON_DOUBLE:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_double (node, json->v.d);
      return node;
    case NS_JSON_STRING:
    default:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, json->v.s);
      return node;
    }
}

NsJson *
ns_json_from_node (NsJsonDoc *doc, JsonNode *node)
{
  NsJson *json;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;
      guint i = 0;

      json = json_new (doc, NS_JSON_OBJECT);
      json->n = json_object_get_size (obj);
      json->v.members = arena_alloc (doc, MAX (json->n, 1) * sizeof (NsJsonMember));
      json_object_iter_init_ordered (&iter, obj);
      while (json_object_iter_next_ordered (&iter, &key, &value))
        {
          json->v.members[i].key = arena_strndup (doc, key, strlen (key));
          json->v.members[i].value = ns_json_from_node (doc, value);
          i++;
        }
      return json;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      json = json_new (doc, NS_JSON_ARRAY);
      json->n = json_array_get_length (array);
      json->v.items = arena_alloc (doc, MAX (json->n, 1) * sizeof (NsJson *));
      for (guint i = 0; i < json->n; i++)
        json->v.items[i] = ns_json_from_node (doc, json_array_get_element (array, i));
      return json;
    }
  if (JSON_NODE_HOLDS_NULL (node))
    return json_new (doc, NS_JSON_NULL);
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      json = json_new (doc, NS_JSON_BOOL);
      json->v.b = json_node_get_boolean (node);
      return json;
    case G_TYPE_INT64:
      json = json_new (doc, NS_JSON_INT);
      json->v.i = json_node_get_int (node);
      return json;
    case G_TYPE_DOUBLE:
      json = json_new (doc, NS_JSON_DOUBLE);
      json->v.d = json_node_get_double (node);
      return json;
    case G_TYPE_STRING:
      {
        const char *text = json_node_get_string (node);

        json = json_new (doc, NS_JSON_STRING);
        json->v.s = arena_strndup (doc, text, strlen (text));
        return json;
      }
    default:
      return json_new (doc, NS_JSON_NULL);
    }
}

const char *
ns_json_doc_strdup (NsJsonDoc *doc, const char *text)
{
  return arena_strndup (doc, text, strlen (text));
}

NsJson *
ns_json_new (NsJsonDoc *doc, NsJsonType type)
{
  return json_new (doc, type);
}

NsJson *
ns_json_new_string (NsJsonDoc *doc, const char *text)
{
  NsJson *json = json_new (doc, NS_JSON_STRING);

  json->v.s = arena_strndup (doc, text, strlen (text));
  return json;
}

NsJson *
ns_json_new_array (NsJsonDoc *doc, NsJson *const *items, guint n)
{
  NsJson *json = json_new (doc, NS_JSON_ARRAY);

  json->n = n;
  json->v.items = arena_alloc (doc, MAX (n, 1) * sizeof (NsJson *));
  if (n > 0)
    memcpy (json->v.items, items, n * sizeof (NsJson *));
  return json;
}

NsJson *
ns_json_new_object (NsJsonDoc *doc, const NsJsonMember *members, guint n)
{
  NsJson *json = json_new (doc, NS_JSON_OBJECT);

  json->n = n;
  json->v.members = arena_alloc (doc, MAX (n, 1) * sizeof (NsJsonMember));
  if (n > 0)
    memcpy (json->v.members, members, n * sizeof (NsJsonMember));
  return json;
}

gsize
ns_json_path_push_key (GString *path, const char *key)
{
  gsize mark = path->len;

  if (path->len > 0)
    g_string_append_c (path, '.');
  g_string_append (path, key);
  return mark;
}

gsize
ns_json_path_push_index (GString *path, guint index)
{
  gsize mark = path->len;

  g_string_append_printf (path, "[%u]", index);
  return mark;
}

const char *
ns_json_describe (const NsJson *node)
{
  switch (node->type)
    {
    case NS_JSON_OBJECT:
      return "an object";
    case NS_JSON_ARRAY:
      return "an array";
    case NS_JSON_NULL:
      return "null";
    case NS_JSON_STRING:
      return "a string";
    case NS_JSON_BOOL:
      return "true/false";
    case NS_JSON_INT:
    case NS_JSON_DOUBLE:
    default:
      return "a number";
    }
}
