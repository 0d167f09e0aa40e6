/* ISC license. */

#include "mdvar-internal.h"

int mdvar_env (stralloc *sa)
{
  size_t len = genalloc_len(mdvar_t, &mdvar_table) ;
  int n = 0 ;
  sa->len = 0 ;
  for (size_t i = 0 ; i < len ; i++)
  {
    mdvar_t *v = mdvar_at(i) ;
    if (!v->isset) continue ;
    if (!stralloc_catb(sa, v->name.s, v->name.len)
     || !stralloc_catb(sa, "=", 1)
     || !stralloc_catb(sa, v->val.s ? v->val.s : "", v->val.len)
     || !stralloc_0(sa)) return -1 ;
    n++ ;
  }
  return n ;
}
