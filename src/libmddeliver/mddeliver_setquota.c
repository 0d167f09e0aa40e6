/* ISC license. */

#include <errno.h>
#include <string.h>
#include <skalibs/stralloc.h>
#include "mddeliver-internal.h"

int mddeliver_setquota (char const *dir, char const *spec)
{
  stralloc root = STRALLOC_ZERO ;
  char canon[MDD_QUOTASPEC] ;
  uint64_t qb, qc ;
  int r ;
  if (strlen(spec) >= MDD_QUOTASPEC || !mdd_quota_parse(spec, strlen(spec), &qb, &qc)) return (errno = EINVAL, 0) ;
  canon[mdd_quota_fmtspec(canon, qb, qc)] = 0 ;
  if (!mddeliver_ismaildir(dir)) return (errno = ENOENT, 0) ;
  if (!mdd_quota_root(dir, &root)) return 0 ;
  r = mdd_quota_recalc(root.s, canon, 0) ;
  stralloc_free(&root) ;
  return r ;
}
