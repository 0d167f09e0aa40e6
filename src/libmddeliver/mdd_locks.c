/* ISC license. */

#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include "mddeliver-internal.h"

/* The registry of held locks, and the mbox being appended to. */
mdd_lockslot mdd_locks[MDD_LOCKMAX] ;
volatile sig_atomic_t mdd_lockhi = 0 ;
volatile int mdd_mbox_fd = -1 ;
volatile off_t mdd_mbox_oldsize = 0 ;
char mdd_tmppath[MDD_PATHMAX] ;
volatile sig_atomic_t mdd_tmpheld = 0 ;

/* path NULL: forget it (the caller removed or linked it) */
void mdd_tmp_register (char const *path)
{
  size_t len ;
  mdd_tmpheld = 0 ;
  if (!path) return ;
  len = strlen(path) ;
  if (len >= MDD_PATHMAX) return ;
  memcpy(mdd_tmppath, path, len + 1) ;
  mdd_tmpheld = 1 ;
}

/* Fill a free slot; the caller blocks signals around the lock taking and
   this call, so that a lock is never held unregistered.  -1 if full. */
int mdd_slot_get (int kind, int fd, char const *path)
{
  size_t len = path ? strlen(path) : 0 ;
  if (len >= MDD_PATHMAX) return (errno = ENAMETOOLONG, -1) ;
  for (int i = 0 ; i < MDD_LOCKMAX ; i++) if (!mdd_locks[i].used)
  {
    if (path) memcpy(mdd_locks[i].path, path, len + 1) ;
    else mdd_locks[i].path[0] = 0 ;
    mdd_locks[i].fd = fd ;
    mdd_locks[i].used = kind ;
    if (i >= mdd_lockhi) mdd_lockhi = i + 1 ;
    return i ;
  }
  return (errno = EMFILE, -1) ;
}

int mdd_fcntl_lock (int fd, int wr)
{
  struct flock fl = { .l_type = wr ? F_WRLCK : F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 } ;
  for (;;)
  {
    if (fcntl(fd, F_SETLKW, &fl) == 0) return 1 ;
    if (errno != EINTR) return 0 ;
  }
}

/* As Courier's lockmail: read the lock back and leave it alone if it is
   no longer ours (it was judged stale and taken over meanwhile). */
void mdd_lock_unlink (mdd_lockslot const *l)
{
  char buf[24] ;
  ssize_t r ;
  int fd = open(l->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK) ;
  if (fd < 0) return ;
  r = read(fd, buf, l->ownlen) ;
  close(fd) ;
  if (r == (ssize_t)l->ownlen && !memcmp(buf, l->own, l->ownlen)) unlink(l->path) ;
}

uint64_t mdd_now_ms (void)
{
  struct timespec ts ;
  clock_gettime(CLOCK_MONOTONIC, &ts) ;
  return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 ;
}
