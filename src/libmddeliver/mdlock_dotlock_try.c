/* ISC license. */

#include "mddeliver-internal.h"

int mdlock_dotlock_try (char const *lockpath, char const *mbox, unsigned int stale, int *tmperr)
{
  int r ;
  mdd_lockrefresh_set(15) ;
  r = mdd_dotlock_try(lockpath, mbox, MDD_LOCKFMT_HOST, stale, 0, tmperr, 0) ;
  /* -3: it was just broken or went away; one more attempt at once */
  if (r == -3) r = mdd_dotlock_try(lockpath, mbox, MDD_LOCKFMT_HOST, stale, 0, tmperr, 0) ;
  return r == -3 ? -2 : r ;
}
