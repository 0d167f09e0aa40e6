/* ISC license. */

#include <signal.h>
#include <unistd.h>
#include "mddeliver-internal.h"

void mdlock_release (int h)
{
  sigset_t all, old ;
  if (h < 0 || h >= MDD_LOCKMAX || !mdd_locks[h].used) return ;
  sigfillset(&all) ;
  sigprocmask(SIG_BLOCK, &all, &old) ;
  if (mdd_locks[h].used == 1) mdd_lock_unlink(&mdd_locks[h]) ;
  else close(mdd_locks[h].fd) ;
  mdd_locks[h].used = 0 ;
  sigprocmask(SIG_SETMASK, &old, 0) ;
  mdd_lockrefresh(0) ;
}
