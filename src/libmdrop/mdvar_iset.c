/* ISC license. */

#include <string.h>
#include "mdvar-internal.h"

int mdvar_iset (int i, char const *val, size_t vlen)
{
  mdvar_t *v = mdvar_at(i) ;
  if (!stralloc_ready(&v->val, vlen + 1)) return 0 ;
  if (vlen) memmove(v->val.s, val, vlen) ;
  v->val.s[vlen] = 0 ;
  v->val.len = vlen ;
  v->isset = 1 ;
  return 1 ;
}
