/* ISC license. */

#include "mdvar-internal.h"

char const *mdvar_iname (int i, size_t *nlen)
{
  mdvar_t *v = mdvar_at(i) ;
  *nlen = v->name.len ;
  return v->name.s ;
}
