/* packet.c: packet buffers and their pool. Buffers of the common size are
 * kept on a per-thread free list instead of going back to malloc: a run
 * makes and frees one per frame, millions of them. */
#include "sim/packet.h"

#include <string.h>

/* Headroom + the largest Ethernet frame of a 1500-byte MTU, with room to
 * spare for larger MTUs up to 2 KiB total. */
#define POOL_BUF_SIZE 2048
#define POOL_MAX_FREE 4096

static _Thread_local NsPacket *pool_free;
static _Thread_local guint pool_n_free;

static NsPacket *
packet_alloc (gsize cap)
{
  NsPacket *self;

  if (cap <= POOL_BUF_SIZE && pool_free != NULL)
    {
      self = pool_free;
      pool_free = self->next_free;
      pool_n_free--;
    }
  else
    {
      self = g_new (NsPacket, 1);
      self->cap = MAX (cap, POOL_BUF_SIZE);
      self->buf = g_malloc (self->cap);
    }
  self->next_free = NULL;
  self->ref_count = 1;
  return self;
}

NsPacket *
ns_packet_new (gsize headroom, gsize len)
{
  NsPacket *self = packet_alloc (headroom + len);

  self->data = self->buf + headroom;
  self->len = len;
  return self;
}

NsPacket *
ns_packet_new_from_data (const void *bytes, gsize len)
{
  NsPacket *self = ns_packet_new (NS_PACKET_HEADROOM, len);

  if (len > 0)
    memcpy (self->data, bytes, len);
  return self;
}

NsPacket *
ns_packet_ref (NsPacket *self)
{
  self->ref_count++;
  return self;
}

void
ns_packet_unref (NsPacket *self)
{
  if (self == NULL || --self->ref_count > 0)
    return;
  if (self->cap == POOL_BUF_SIZE && pool_n_free < POOL_MAX_FREE)
    {
      self->next_free = pool_free;
      pool_free = self;
      pool_n_free++;
      return;
    }
  g_free (self->buf);
  g_free (self);
}

gsize
ns_packet_headroom (const NsPacket *self)
{
  return (gsize) (self->data - self->buf);
}

guint8 *
ns_packet_push (NsPacket *self, gsize n)
{
  if (ns_packet_headroom (self) < n)
    {
      /* Not enough room in front: move to a bigger buffer. Correct, slow;
       * callers reserve NS_PACKET_HEADROOM so this does not happen. */
      gsize cap = n + NS_PACKET_HEADROOM + self->len;
      guint8 *buf = g_malloc (MAX (cap, POOL_BUF_SIZE + 1));

      memcpy (buf + n + NS_PACKET_HEADROOM, self->data, self->len);
      g_free (self->buf);
      self->buf = buf;
      self->cap = MAX (cap, POOL_BUF_SIZE + 1);
      self->data = buf + n + NS_PACKET_HEADROOM;
    }
  self->data -= n;
  self->len += n;
  return self->data;
}

gboolean
ns_packet_pull (NsPacket *self, gsize n)
{
  if (self->len < n)
    return FALSE;
  self->data += n;
  self->len -= n;
  return TRUE;
}

void
ns_packet_trim (NsPacket *self, gsize len)
{
  if (self->len > len)
    self->len = len;
}

NsPacket *
ns_packet_copy (const NsPacket *self)
{
  NsPacket *copy = ns_packet_new (ns_packet_headroom (self), self->len);

  memcpy (copy->data, self->data, self->len);
  return copy;
}

NsPacket *
ns_packet_copy_compact (const NsPacket *self)
{
  NsPacket *copy = g_new (NsPacket, 1);

  /* cap != POOL_BUF_SIZE, so unref frees it instead of pooling it. */
  copy->cap = MAX (self->len, 1);
  if (copy->cap == POOL_BUF_SIZE)
    copy->cap++;
  copy->buf = g_malloc (copy->cap);
  memcpy (copy->buf, self->data, self->len);
  copy->data = copy->buf;
  copy->len = self->len;
  copy->ref_count = 1;
  copy->next_free = NULL;
  return copy;
}

NsPacket *
ns_packet_make_writable (NsPacket *self)
{
  NsPacket *copy;

  if (self->ref_count == 1)
    return self;
  copy = ns_packet_copy (self);
  ns_packet_unref (self);
  return copy;
}

void
ns_packet_pool_trim (void)
{
  while (pool_free != NULL)
    {
      NsPacket *next = pool_free->next_free;

      g_free (pool_free->buf);
      g_free (pool_free);
      pool_free = next;
    }
  pool_n_free = 0;
}
