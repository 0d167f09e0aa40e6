/* ISC license. */

#include <string.h>
#include <stdlib.h>
#include "mdvar-internal.h"

/* Open addressing, power-of-two slots holding index+1 (0 = empty),
   grown at half load.  Entries are never removed, only unset. */

genalloc mdvar_table = GENALLOC_ZERO ;
static uint32_t *slots = 0 ;
static uint32_t nslots = 0 ;

static uint32_t hashof (char const *s, size_t n)
{
  uint32_t h = 2166136261u ;
  while (n--) { h ^= (unsigned char)*s++ ; h *= 16777619u ; }
  return h ;
}

static int grow (void)
{
  uint32_t n = nslots ? nslots << 1 : 256 ;
  uint32_t *t = calloc(n, sizeof(uint32_t)) ;
  size_t len = genalloc_len(mdvar_t, &mdvar_table) ;
  if (!t) return 0 ;
  /* the table grows with the slots: one allocation per doubling, not
     the dozen small growths whose freed copies litter the heap */
  if (!genalloc_ready(mdvar_t, &mdvar_table, n / 2)) { free(t) ; return 0 ; }
  for (size_t i = 0 ; i < len ; i++)
  {
    uint32_t j = mdvar_at(i)->hash & (n - 1) ;
    while (t[j]) j = (j + 1) & (n - 1) ;
    t[j] = i + 1 ;
  }
  free(slots) ;
  slots = t ; nslots = n ;
  return 1 ;
}

int mdvar_index (char const *name, size_t nlen)
{
  uint32_t h = hashof(name, nlen) ;
  uint32_t j ;
  size_t len = genalloc_len(mdvar_t, &mdvar_table) ;
  if (2 * (len + 1) > nslots && !grow()) return -1 ;
  for (j = h & (nslots - 1) ; slots[j] ; j = (j + 1) & (nslots - 1))
  {
    mdvar_t *v = mdvar_at(slots[j] - 1) ;
    if (v->hash == h && v->name.len == nlen && !memcmp(v->name.s, name, nlen)) return slots[j] - 1 ;
  }
  {
    mdvar_t v = { .name = STRALLOC_ZERO, .val = STRALLOC_ZERO, .hash = h, .isset = 0 } ;
    if (!stralloc_catb(&v.name, name, nlen)) return -1 ;
    if (!genalloc_append(mdvar_t, &mdvar_table, &v)) { stralloc_free(&v.name) ; return -1 ; }
  }
  slots[j] = len + 1 ;
  return len ;
}
