/* ISC license. */

#include <string.h>
#include <skalibs/types.h>
#include "mdvar-internal.h"

/* The by-name conveniences: each resolves the index, then uses it. */

char const *mdvar_get (char const *name, size_t nlen, size_t *vlen)
{
  int i = mdvar_index(name, nlen) ;
  if (i < 0) { *vlen = 0 ; return 0 ; }
  return mdvar_iget(i, vlen) ;
}

int mdvar_set (char const *name, size_t nlen, char const *val, size_t vlen)
{
  int i = mdvar_index(name, nlen) ;
  return i >= 0 && mdvar_iset(i, val, vlen) ;
}

int mdvar_sets (char const *name, char const *val)
{
  return mdvar_set(name, strlen(name), val, strlen(val)) ;
}

int mdvar_setu64 (char const *name, uint64_t u)
{
  char fmt[UINT64_FMT] ;
  return mdvar_set(name, strlen(name), fmt, uint64_fmt(fmt, u)) ;
}

void mdvar_unset (char const *name, size_t nlen)
{
  int i = mdvar_index(name, nlen) ;
  if (i >= 0) mdvar_iunset(i) ;
}

int mdvar_getsa (char const *name, stralloc *sa)
{
  size_t vlen ;
  char const *v = mdvar_get(name, strlen(name), &vlen) ;
  sa->len = 0 ;
  if (!stralloc_catb(sa, v ? v : "", v ? vlen : 0) || !stralloc_0(sa)) return 0 ;
  sa->len-- ;
  return 1 ;
}
