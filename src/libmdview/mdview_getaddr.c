/* ISC license. */

#include <skalibs/stralloc.h>
#include "mdview.h"
#include "mdview-internal.h"

int mdview_getaddr (char const *s, size_t len, stralloc *out)
{
  stralloc toks = STRALLOC_ZERO, ents = STRALLOC_ZERO ;
  mdv_tok const *t ;
  mdv_entry const *e ;
  size_t ne, k ;
  int ok = 0 ;
  if (!mdv_addr_parse(s, len, &toks, &ents)) goto err ;
  t = (mdv_tok const *)toks.s ;
  e = (mdv_entry const *)ents.s ;
  ne = ents.len / sizeof(mdv_entry) ;
  for (k = 0 ; k < ne ; k++)
  {
    size_t mark = out->len ;
    if (e[k].kind != MDV_EADDR) continue ;
    if (!mdv_addr_cat(s, t, e + k, out)) goto err ;
    /* "name <>" gives an empty line, "<>" or a lone (comment) nothing */
    if ((out->len > mark || (e[k].angle && e[k].name1 > e[k].name0)) && !stralloc_catb(out, "\n", 1)) goto err ;
  }
  ok = 1 ;
 err:
  stralloc_free(&toks) ;
  stralloc_free(&ents) ;
  return ok ;
}
