/* ISC license. */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <skalibs/strerr.h>
#include "mddeliver-internal.h"

/* STMT-19: the file is created if needed and left in place; closing it
   releases the lock. */
int mdlock_flock (char const *path)
{
  sigset_t all, old ;
  int slot ;
  int fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC | O_NOCTTY, 0600) ;
  if (fd < 0)
  {
    strerr_warn("Unable to create flock file.") ;
    return -1 ;
  }
  if (!mdd_fcntl_lock(fd, 1))
  {
    int e = errno ;
    close(fd) ;
    errno = e ;
    strerr_warnsys("unable to lock ", path) ;
    return -1 ;
  }
  sigfillset(&all) ;
  sigprocmask(SIG_BLOCK, &all, &old) ;
  slot = mdd_slot_get(2, fd, 0) ;
  sigprocmask(SIG_SETMASK, &old, 0) ;
  if (slot < 0)
  {
    close(fd) ;
    strerr_warn("too many locks held.") ;
    return -1 ;
  }
  return slot ;
}
