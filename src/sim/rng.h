/* rng.h: the run's seeded random number generator (xoshiro256**, seeded
 * through splitmix64). One per run; nothing in the simulation uses any other
 * source of randomness, so the same seed gives the same run. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint64 s[4];
} NsRng;

void     ns_rng_init (NsRng *self, guint64 seed);
guint64  ns_rng_next_u64 (NsRng *self);
guint32  ns_rng_next_u32 (NsRng *self);
/* Uniform in [0, 1). */
double   ns_rng_next_double (NsRng *self);
/* Uniform in [lo, hi] inclusive; lo <= hi. */
guint32  ns_rng_range (NsRng *self, guint32 lo, guint32 hi);

G_END_DECLS
