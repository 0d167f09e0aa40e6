/* ISC license. */

/* The log (§5).  Differences from the reference, on purpose (D17, D18):
   the log is close-on-exec; an existing FIFO is opened without O_CREAT
   (fs.protected_fifos) and with O_NONBLOCK, so a FIFO without a reader
   costs the records (one warning), not the delivery; a full pipe is
   waited for at most MDRT_LOGWAIT ms over the whole run, then records are
   dropped.  Every record and every `log` text is one write() (records are
   far below PIPE_BUF).  After a write error nothing more is written
   (LOG-08). */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/djbunix.h>
#include <skalibs/stralloc.h>
#include <skalibs/strerr.h>
#include <skalibs/tai.h>
#include "mdrt.h"
#include "mdrtctl.h"

#define MDRT_LOGWAIT 1000

static int logfd = -1 ;
static int logbroken = 0 ;   /* sticky: drop everything (LOG-08) */
static int logwarned = 0 ;
static int logwaited = 0 ;   /* ms already spent waiting for a full pipe */
static stralloc pathsa = STRALLOC_ZERO ;

static void warnonce (char const *why)
{
  if (logwarned) return ;
  logwarned = 1 ;
  strerr_warnw("log ", pathsa.s, ": ", why, ": log records dropped") ;
}

void mdrt_logclose (void)
{
  if (logfd >= 0) fd_close(logfd) ;
  logfd = -1 ; logbroken = 0 ;
}

int mdrt_logfile (char const *path, size_t len)
{
  struct stat st ;
  int flags = O_WRONLY | O_APPEND | O_CLOEXEC | O_NONBLOCK ;
  mdrt_logclose() ;
  logwarned = 0 ;
  pathsa.len = 0 ;
  if (!stralloc_catb(&pathsa, path, len) || !stralloc_0(&pathsa)) return 0 ;
  if (mdrt_conf_g.dryrun) return 1 ;
  if (stat(pathsa.s, &st) < 0 || !S_ISFIFO(st.st_mode)) flags |= O_CREAT ;
  logfd = open(pathsa.s, flags, 0600) ;
  if (logfd < 0)
  {
    if (errno == ENXIO)
    {
      /* a FIFO nobody reads: keep going without a log */
      logbroken = 1 ;
      warnonce("no reader on the FIFO") ;
      return 1 ;
    }
    return 0 ;
  }
  if (fstat(logfd, &st) == 0 && !S_ISFIFO(st.st_mode))
  {
    int f = fcntl(logfd, F_GETFL) ;
    if (f >= 0) fcntl(logfd, F_SETFL, f & ~O_NONBLOCK) ;
  }
  return 1 ;
}

static void logwrite (char const *s, size_t len)
{
  size_t w = 0 ;
  if (logfd < 0 || logbroken) return ;
  while (w < len)
  {
    ssize_t r = write(logfd, s + w, len - w) ;
    if (r > 0) { w += r ; continue ; }
    if (r < 0 && errno == EINTR) continue ;
    if (r < 0 && errno == EAGAIN)
    {
      struct pollfd p = { .fd = logfd, .events = POLLOUT, .revents = 0 } ;
      tain start, end ;
      int e ;
      if (logwaited >= MDRT_LOGWAIT) { logbroken = 1 ; warnonce("pipe full") ; return ; }
      tain_now(&start) ;
      e = poll(&p, 1, MDRT_LOGWAIT - logwaited) ;
      tain_now(&end) ;
      tain_sub(&end, &end, &start) ;
      logwaited += tain_to_millisecs(&end) + 1 ;
      if (e < 0 && errno != EINTR) { logbroken = 1 ; return ; }
      continue ;
    }
    logbroken = 1 ;   /* EPIPE and the rest: silent, as LOG-08 */
    return ;
  }
}

/* 1 if a record would go anywhere: building one costs a time zone file
   read and a header scan, for nothing when there is no log */
int mdrt_logging (void)
{
  if (mdrt_conf_g.dryrun) return !!pathsa.len ;
  return logfd >= 0 && !logbroken ;
}

void mdrt_log (char const *s, size_t len)
{
  if (mdrt_conf_g.dryrun)
  {
    if (pathsa.len) { allwrite(1, "maildrop: dry-run: would log: ", 30) ; allwrite(1, s, len) ; }
    return ;
  }
  logwrite(s, len) ;
}
