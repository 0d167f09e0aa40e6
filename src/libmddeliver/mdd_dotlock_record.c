/* ISC license. */

#include <fcntl.h>
#include <unistd.h>
#include <skalibs/types.h>
#include <skalibs/allreadwrite.h>
#include "mddeliver-internal.h"

/* Crash safety for mbox appends: before the first byte goes out, the held
   dot-lock gets a second line "mds <dev> <ino> <oldsize>".  If we die
   before releasing the lock, whoever breaks it cuts the mailbox back to
   oldsize (mdd_mbox_repair).  Readers of the lock only parse the pid. */
void mdd_dotlock_record (int slot, dev_t dev, ino_t ino, off_t oldsize)
{
  char buf[4 + 3 * (UINT64_FMT + 1)] ;
  size_t n = 0 ;
  int fd ;
  if (slot < 0 || slot >= MDD_LOCKMAX || mdd_locks[slot].used != 1) return ;
  buf[n++] = 'm' ; buf[n++] = 'd' ; buf[n++] = 's' ; buf[n++] = ' ' ;
  n += uint64_fmt(buf + n, (uint64_t)dev) ; buf[n++] = ' ' ;
  n += uint64_fmt(buf + n, (uint64_t)ino) ; buf[n++] = ' ' ;
  n += uint64_fmt(buf + n, (uint64_t)oldsize) ; buf[n++] = '\n' ;
  fd = open(mdd_locks[slot].path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW) ;
  if (fd < 0) return ;
  if (allwrite(fd, buf, n) == n) fsync(fd) ;
  close(fd) ;
}
