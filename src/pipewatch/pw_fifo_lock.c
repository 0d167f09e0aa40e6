/* ISC license. */

#include <unistd.h>
#include <fcntl.h>
#include <errno.h>

#include "pipewatch.h"

 /*
    The current reader holds a POSIX write lock on the FIFO's inode.  A
    holder left behind by a killed instance watches that lock to know when
    a new reader has taken over (see pw_holder_start.c).
    Returns 1 if locked, 0 if someone else holds it, -1 on error.
 */

int pw_fifo_lock (pwfifo const *f)
{
  struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 } ;
  if (fcntl(f->wfd, F_SETLK, &fl) == 0) return 1 ;
  return errno == EAGAIN || errno == EACCES ? 0 : -1 ;
}
