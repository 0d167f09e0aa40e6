/* ISC license. */

#include "mddeliver-internal.h"

int mdlock_dotlock_try (char const *lockpath, char const *mbox, unsigned int stale, int *tmperr)
{
  int r = mdd_dotlock_try(lockpath, mbox, MDD_LOCKFMT_HOST, stale, 0, tmperr, 0) ;
  return r == -3 ? mdd_dotlock_try(lockpath, mbox, MDD_LOCKFMT_HOST, stale, 0, tmperr, 0) == -3 ? -2 : r : r ;
}
