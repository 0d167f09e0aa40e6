/* ISC license. */

/* Writing the message into a command's stdin pipe.
   mdrt_prefill fills the pipe before the command even exists, so that a
   message that fits the pipe buffer is never lost to a command that exits
   without reading (no stray EPIPE, whatever the scheduling); the rest is
   written by mdrt_writefrom, or by mdrt_feed, a small child, when the
   parent must read the command's output at the same time (xfilter,
   backticks): no deadlock whatever the sizes.  The feeder exits 0 (all
   written), 1 (EPIPE: the reader went away early) or 2 (another error). */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <skalibs/allreadwrite.h>
#include "mdrtctl.h"

static char buf[65536] ;

/* Non-blocking writes from offset 0 until the pipe is full or the message
   written.  Returns the offset reached, or -1 on an error (not EAGAIN). */
int64_t mdrt_prefill (int fd)
{
  uint64_t off = 0, total = msg_size(&mdrt_message) ;
  int fl = fcntl(fd, F_GETFL) ;
  if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) return 0 ;
  while (off < total)
  {
    ssize_t r = msg_pread(&mdrt_message, buf, sizeof buf, off) ;
    ssize_t w ;
    if (r <= 0) { off = r < 0 ? (uint64_t)-1 : off ; break ; }
    w = write(fd, buf, r) ;
    if (w < 0)
    {
      if (errno == EINTR) continue ;
      if (errno != EAGAIN) off = (uint64_t)-1 ;
      break ;
    }
    off += w ;
    if (w < r) break ;
  }
  fcntl(fd, F_SETFL, fl) ;
  return (int64_t)off ;
}

/* Blocking writes from off to the end.  1, or 0 with errno set. */
int mdrt_writefrom (int fd, uint64_t off)
{
  uint64_t total = msg_size(&mdrt_message) ;
  while (off < total)
  {
    ssize_t r = msg_pread(&mdrt_message, buf, sizeof buf, off) ;
    if (r < 0) return 0 ;
    if (!r) break ;
    if (allwrite(fd, buf, r) < (size_t)r) return 0 ;
    off += r ;
  }
  return 1 ;
}

pid_t mdrt_feed (int fd, int closefd, uint64_t off)
{
  pid_t pid = fork() ;
  if (pid) return pid ;
  {
    int i ;
    sigset_t set ;
    alarm(0) ;
    for (i = 1 ; i < NSIG ; i++) signal(i, SIG_DFL) ;
    signal(SIGPIPE, SIG_IGN) ;
    sigemptyset(&set) ;
    sigprocmask(SIG_SETMASK, &set, 0) ;
    if (closefd >= 0) close(closefd) ;
    if (mdrt_writefrom(fd, off)) _exit(0) ;
    _exit(errno == EPIPE ? 1 : 2) ;
  }
}
