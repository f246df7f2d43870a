/* json-scan.c: see json-scan.h. One pass, an explicit stack, no recursion. */
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
  NsJsonScanError *error;
  gboolean    failed;
  gboolean    value_error;  /* the failure is about a valid value, not syntax */
} Scanner;

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
  build_path (s, s->path);
  line = g_hash_table_lookup (s->lines, s->path->str);
  if (line != NULL && *line == 0)
    *line = s->line;
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
          return fail (s, "control character U+%04X inside a string (write it as an escape such as \\n)", c);
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

      s->value_error = TRUE;
      if (n > 17 || v > MAX_EXACT_INTEGER || v < -MAX_EXACT_INTEGER)
        return fail (s, "the integer %s is too large (the largest exact one is 2^53)", buffer);
    }
  else if (!isfinite (g_ascii_strtod (buffer, NULL)))
    {
      s->value_error = TRUE;
      return fail (s, "the number %s is too large", buffer);
    }
  s->value_error = FALSE;
  s->pos = p;
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
          s->pos += n;
          return TRUE;
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

static gboolean
open_container (Scanner *s, gboolean is_array)
{
  Frame frame = { is_array, -1, NULL, 0 };

  if (s->frames->len >= s->max_depth)
    {
      /* Reported at the top: the path of a value this deep says nothing. */
      g_array_set_size (s->frames, 0);
      s->value_error = TRUE;
      return fail (s, "arrays and objects are nested more than %u deep", s->max_depth);
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
  g_array_set_size (s->frames, s->frames->len - 1);
  s->pos++;
  set_state_after_value (s);
  return TRUE;
}

static gboolean
scan_value (Scanner *s)
{
  char c = s->data[s->pos];

  if (c == '{' || c == '[')
    {
      value_starts (s);
      return open_container (s, c == '[');
    }
  if (c == ']' && s->state == WANT_VALUE_OR_CLOSE)
    return close_container (s, c);
  value_starts (s);
  if (c == '"')
    {
      if (!scan_string (s))
        return FALSE;
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

gboolean
ns_json_scan_check (const char *data, gsize len, guint max_depth, NsJsonScanError *error_out)
{
  Scanner s;
  gboolean ok;

  scanner_init (&s, data, len, max_depth);
  s.error = error_out;
  ok = scan (&s);
  g_array_unref (s.frames);
  return ok;
}

void
ns_json_scan_find_lines (const char *data, gsize len, GHashTable *lines)
{
  Scanner s;

  scanner_init (&s, data, len, G_MAXUINT);
  s.lines = lines;
  s.path = g_string_new (NULL);
  scan (&s);
  g_string_free (s.path, TRUE);
  g_array_unref (s.frames);
}
