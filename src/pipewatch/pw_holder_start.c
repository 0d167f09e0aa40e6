/* ISC license. */

#include <sys/types.h>
#include <unistd.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <errno.h>
#include <time.h>

#include <skalibs/djbunix.h>
#include <skalibs/selfpipe.h>
#include <skalibs/sig.h>

#include "pipewatch.h"

 /*
    The holder: a child that keeps a read descriptor of the FIFO open so
    that, if the reader dies without cleaning up (SIGKILL, crash, stdout
    error), writers can still open the FIFO and what they write waits in
    the pipe buffer for the next reader instead of being lost.

    It sleeps in poll() on a pipe whose only write end the reader holds:
    zero CPU while the reader lives.  When that pipe reports EOF the
    reader is gone; the holder then waits for the reader's lock on the
    FIFO to disappear, then for a new lock (a new reader took over), and
    exits; it gives up after secs seconds either way.  A clean stop kills
    it by pid.
 */

static int locked (int fd)
{
  struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 } ;
  if (fcntl(fd, F_GETLK, &fl) == -1) return -1 ;
  return fl.l_type != F_UNLCK ;
}

static long long msnow (void)
{
  struct timespec ts ;
  clock_gettime(CLOCK_MONOTONIC, &ts) ;
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 ;
}

static void holder (int rfd, int dfd, unsigned int secs)
{
  long long deadline ;
  int want = 0 ;  /* 0: wait for the old lock to go, 1: wait for a new one */
  long maxfd = sysconf(_SC_OPEN_MAX) ;
  if (maxfd < 0 || maxfd > 65536) maxfd = 65536 ;

  selfpipe_finish() ;
  sig_restore(SIGPIPE) ;
  sig_ignore(SIGHUP) ;
  sig_ignore(SIGINT) ;

 /* keep the FIFO on 3 and the death pipe on 4, nothing else: not even
    stdout and stderr, which may be the logger's pipe, kept open for
    nothing after a crash.  The holder has nothing to say. */
  {
    int a = fcntl(rfd, F_DUPFD, 5) ;
    int b = fcntl(dfd, F_DUPFD, 5) ;
    int n0 = open("/dev/null", O_RDWR) ;
    int nfd = n0 == -1 ? -1 : fcntl(n0, F_DUPFD, 5) ;
    if (a == -1 || b == -1 || nfd == -1) _exit(111) ;
    if (dup2(a, 3) == -1 || dup2(b, 4) == -1) _exit(111) ;
    if (dup2(nfd, 0) == -1 || dup2(nfd, 1) == -1 || dup2(nfd, 2) == -1) _exit(111) ;
  }
  for (long i = 5 ; i < maxfd ; i++) close(i) ;

  for (;;)
  {
    struct pollfd p = { .fd = 4, .events = POLLIN } ;
    char c ;
    int r = poll(&p, 1, -1) ;
    if (r == -1) { if (errno == EINTR) continue ; _exit(111) ; }
    r = read(4, &c, 1) ;
    if (r == 0 || (r == -1 && errno != EINTR && errno != EAGAIN)) break ;
  }
  close(4) ;

  deadline = msnow() + (long long)secs * 1000 ;
  while (msnow() < deadline)
  {
    int r = locked(3) ;
    if (r == -1) break ;
    if (want == 0 && !r) want = 1 ;
    else if (want == 1 && r) break ;
    poll(0, 0, 20) ;
  }
  _exit(0) ;
}

pid_t pw_holder_start (int rfd, unsigned int secs, int *dw)
{
  int p[2] ;
  pid_t pid ;
  if (pipecoe(p) == -1) return -1 ;
  pid = fork() ;
  if (pid == -1)
  {
    fd_close(p[1]) ;
    fd_close(p[0]) ;
    return -1 ;
  }
  if (!pid) holder(rfd, p[0], secs) ;
  fd_close(p[0]) ;
  *dw = p[1] ;
  return pid ;
}
