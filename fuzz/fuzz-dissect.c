/* fuzz-dissect.c: the packet inspector's dissector and the one-line
 * summaries on arbitrary frames. The input is a sequence of frames, each
 * after a 2-byte big-endian length, fed in order to one summarizer (so TCP
 * connections are tracked across frames, as in a run). Every layer and
 * field the dissector describes must lie inside the frame, every string it
 * or the summarizer produces must be valid UTF-8 (GTK shows them as they
 * are), and summarizing a frame again must give the same text (summary.h
 * promises idempotence). */
#include <glib.h>

#include "net/dissect.h"
#include "net/summary.h"

int LLVMFuzzerTestOneInput (const guint8 *data, gsize len);

static void
check_text (const char *text)
{
  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
}

static void
check_fields (GPtrArray *fields, gsize frame_len)
{
  if (fields == NULL)
    return;
  for (guint i = 0; i < fields->len; i++)
    {
      const NsDissectField *f = g_ptr_array_index (fields, i);

      check_text (f->name);
      check_text (f->value);
      g_assert_cmpuint (f->offset, <=, frame_len);
      g_assert_cmpuint (f->length, <=, frame_len - f->offset);
      check_fields (f->children, frame_len);
    }
}

static void
check_dissection (const NsDissection *d, gsize len)
{
  g_assert_nonnull (d);
  g_assert_cmpuint (d->frame_len, ==, len);
  for (guint i = 0; i < d->layers->len; i++)
    {
      const NsDissectLayer *l = g_ptr_array_index (d->layers, i);

      g_assert_nonnull (l->protocol);
      check_text (l->title);
      if (l->error != NULL)
        check_text (l->error);
      g_assert_cmpuint (l->offset, <=, len);
      g_assert_cmpuint (l->length, <=, len - l->offset);
      g_assert_cmpuint (l->header_len, <=, l->length);
      g_assert_nonnull (l->fields);
      check_fields (l->fields, len);
    }
  (void) ns_dissection_is_malformed (d);
  (void) ns_dissection_find_layer (d, "TCP");
}

static void
check_frame (NsSummarizer *summarizer, const guint8 *frame, gsize len)
{
  g_autoptr (NsDissection) plain = ns_dissect_frame (frame, len);
  g_autoptr (NsDissection) relative = NULL;
  g_autofree char *summary = NULL, *label = NULL, *summary2 = NULL, *label2 = NULL;

  check_dissection (plain, len);
  ns_summarizer_describe (summarizer, frame, len, &summary, &label);
  check_text (summary);
  check_text (label);
  ns_summarizer_describe (summarizer, frame, len, &summary2, &label2);
  g_assert_cmpstr (summary, ==, summary2);
  g_assert_cmpstr (label, ==, label2);
  relative = ns_dissect_frame_relative (frame, len, summarizer);
  check_dissection (relative, len);
  g_assert_nonnull (ns_frame_protocol (frame, len));
}

int
LLVMFuzzerTestOneInput (const guint8 *data, gsize len)
{
  g_autoptr (NsSummarizer) summarizer = ns_summarizer_new ();
  gsize pos = 0;

  /* The whole input as one frame, then the input as a sequence of frames. */
  check_frame (NULL, data, len);
  while (pos + 2 <= len)
    {
      gsize n = MIN ((gsize) (data[pos] << 8 | data[pos + 1]), len - pos - 2);

      pos += 2;
      check_frame (summarizer, data + pos, n);
      pos += n;
    }
  return 0;
}
