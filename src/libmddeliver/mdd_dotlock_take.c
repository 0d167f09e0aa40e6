/* ISC license. */

#include <unistd.h>
#include "mddeliver-internal.h"

int mdd_dotlock_take (char const *lockpath, char const *mbox, mddeliver_opts const *o)
{
  mdd_stale st = MDD_STALE_ZERO ;
  unsigned int again = 0 ;
  for (;;)
  {
    int tmperr ;
    int r = mdd_dotlock_try(lockpath, mbox, MDD_LOCKFMT_PID, o->locktimeout, &st, &tmperr, o) ;
    if (r >= 0 || r == -1) return r ;
    /* -3: the lock just went away or was broken: try again at once,
       but never spin */
    if (r == -3 && ++again < 3) continue ;
    again = 0 ;
    sleep(o->locksleep ? o->locksleep : 1) ;
  }
}
