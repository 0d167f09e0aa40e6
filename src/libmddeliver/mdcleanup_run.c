/* ISC license. */

#include <unistd.h>
#include "mddeliver-internal.h"

/* Async-signal-safe: only ftruncate, fsync and unlink on data that was
   fully set up before being published in the registry.  A maildir tmp
   file being written is removed too (it is invisible anyway). */
void mdcleanup_run (void)
{
  int fd = mdd_mbox_fd ;
  if (fd >= 0)
  {
    if (ftruncate(fd, mdd_mbox_oldsize) == 0) fsync(fd) ;
    mdd_mbox_fd = -1 ;
  }
  if (mdd_tmpheld)
  {
    unlink(mdd_tmppath) ;
    mdd_tmpheld = 0 ;
  }
  for (int i = 0 ; i < mdd_lockhi ; i++)
    if (mdd_locks[i].used == 1)
    {
      mdd_lock_unlink(&mdd_locks[i]) ;
      mdd_locks[i].used = 0 ;
    }
}
