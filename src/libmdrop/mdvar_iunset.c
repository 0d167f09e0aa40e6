/* ISC license. */

#include "mdvar-internal.h"

void mdvar_iunset (int i)
{
  mdvar_t *v = mdvar_at(i) ;
  v->isset = 0 ; v->val.len = 0 ;
}
