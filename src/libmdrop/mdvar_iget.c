/* ISC license. */

#include "mdvar-internal.h"

char const *mdvar_iget (int i, size_t *vlen)
{
  mdvar_t *v = mdvar_at(i) ;
  if (!v->isset) { *vlen = 0 ; return 0 ; }
  *vlen = v->val.len ;
  return v->val.s ? v->val.s : "" ;
}
