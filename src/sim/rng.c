/* rng.c: xoshiro256** (Blackman and Vigna), seeded with splitmix64 so that any
 * 64-bit seed, 0 included, gives a good state. */
#include "sim/rng.h"

static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += 0x9e3779b97f4a7c15ULL);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static inline guint64
rotl (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

void
ns_rng_init (NsRng *self, guint64 seed)
{
  guint64 x = seed;

  for (guint i = 0; i < 4; i++)
    self->s[i] = splitmix64 (&x);
}

guint64
ns_rng_next_u64 (NsRng *self)
{
  guint64 *s = self->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

guint32
ns_rng_next_u32 (NsRng *self)
{
  return (guint32) (ns_rng_next_u64 (self) >> 32);
}

double
ns_rng_next_double (NsRng *self)
{
  /* 53 random bits: every double in [0, 1) on the 2^-53 grid. */
  return (double) (ns_rng_next_u64 (self) >> 11) * 0x1.0p-53;
}

guint32
ns_rng_range (NsRng *self, guint32 lo, guint32 hi)
{
  guint64 span = (guint64) hi - lo + 1;

  g_return_val_if_fail (lo <= hi, lo);
  /* Lemire's multiply-shift; the bias (< 2^-32) does not matter here. */
  return lo + (guint32) (((guint64) ns_rng_next_u32 (self) * span) >> 32);
}
