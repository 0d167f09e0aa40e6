/* ISC license. */

#include <time.h>
#include "mddeliver-internal.h"

static int over (mdd_quota const *q, uint64_t bytes, uint64_t count)
{
  if (q->qbytes && (q->bytes < 0 ? 0 : (uint64_t)q->bytes) + bytes > q->qbytes) return 1 ;
  if (q->qcount && (q->count < 0 ? 0 : (uint64_t)q->count) + count > q->qcount) return 1 ;
  return 0 ;
}

/* Over?  Before saying yes, recount when the file has several deltas or
   is older than 15 minutes: the deltas may overstate the usage. */
int mdd_quota_over (char const *root, mdd_quota *q, uint64_t bytes, uint64_t count)
{
  if (!q->present || !over(q, bytes, count)) return 0 ;
  if (!q->recalced && (q->lines > 1 || q->mtime + 15 * 60 < time(0)))
  {
    char spec[MDD_QUOTASPEC] ;
    size_t n = mdd_quota_fmtspec(spec, q->qbytes, q->qcount) ;
    spec[n] = 0 ;
    if (mdd_quota_recalc(root, spec, q)) return over(q, bytes, count) ;
  }
  return 1 ;
}
