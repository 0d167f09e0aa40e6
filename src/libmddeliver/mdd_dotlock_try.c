/* ISC license. */

#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <time.h>
#include <sys/stat.h>
#include <skalibs/types.h>
#include <skalibs/allreadwrite.h>
#include "mddeliver-internal.h"

#ifndef O_NOATIME
# define O_NOATIME 01000000  /* Linux; hidden without _GNU_SOURCE */
#endif

static unsigned int counter = 0 ;

static void sigs_block (sigset_t *old)
{
  sigset_t all ;
  sigfillset(&all) ;
  sigprocmask(SIG_BLOCK, &all, old) ;
}

static void sigs_restore (sigset_t const *old)
{
  sigprocmask(SIG_SETMASK, old, 0) ;
}

/* lstat the lock and read its content.  -1: no lock; else the content
   length, 0 when it cannot be read.  O_NOATIME where allowed: reading
   must not make the lock look alive (DLV-08 watches its atime). */
static ssize_t readlock (char const *path, struct stat *st, char *buf, size_t n)
{
  ssize_t r ;
  int fd ;
  if (lstat(path, st) < 0) return -1 ;
  fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOATIME) ;
  if (fd < 0 && errno == EPERM) fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK) ;
  if (fd < 0) return 0 ;
  r = allread(fd, buf, n) ;
  close(fd) ;
  return r < 0 ? 0 : r ;
}

static int samelock (struct stat const *a, struct stat const *b)
{
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino
    && a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec ;
}

/* Break a stale lock.  When it guards a mailbox, do it while holding the
   mailbox's fcntl lock (a live writer always holds it, so we never cut
   under one), check that the lock is still the one judged stale, cut a
   recorded half-written append, and only then unlink. */
static void lock_break (char const *lockpath, char const *mbox, struct stat const *st, char const *content, size_t len)
{
  int fd = -1 ;
  if (mbox)
  {
    fd = open(mbox, O_RDWR | O_CLOEXEC | O_NOCTTY | O_NONBLOCK) ;
    if (fd >= 0)
    {
      struct stat mst ;
      if (fstat(fd, &mst) < 0 || !S_ISREG(mst.st_mode) || !mdd_fcntl_lock(fd, 1)) { close(fd) ; fd = -1 ; }
    }
  }
  {
    struct stat now ;
    char buf[256] ;
    ssize_t r = readlock(lockpath, &now, buf, sizeof(buf)) ;
    if (r < 0 || (size_t)r != len || !samelock(st, &now) || memcmp(buf, content, len)) goto end ;
  }
  if (fd >= 0) mdd_mbox_repair(fd, content, len) ;
  unlink(lockpath) ;
 end:
  if (fd >= 0) close(fd) ;
}

int mdd_dotlock_try (char const *lockpath, char const *mbox, unsigned int fmt, unsigned int timeout, mdd_stale *stale, int *tmperr, mddeliver_opts const *o)
{
  size_t llen = strlen(lockpath) ;
  char const *slash = strrchr(lockpath, '/') ;
  size_t dlen = slash ? (size_t)(slash - lockpath) + 1 : 0 ;
  char const *host = mdd_host() ;
  size_t hlen = strlen(host) ;
  char tmp[dlen + PID_FMT + UINT_FMT + hlen + 3] ;
  char content[PID_FMT + 258] ;
  size_t clen ;
  sigset_t old ;
  int fd, slot = -1, full = 0 ;
  pid_t pid = getpid() ;
  *tmperr = 0 ;
  if (llen >= MDD_PATHMAX) { errno = ENAMETOOLONG ; if (o) mdd_notesys(o, lockpath, 0) ; return -1 ; }
  {
    size_t m = dlen ;
    memcpy(tmp, lockpath, dlen) ;
    m += pid_fmt(tmp + m, pid) ; tmp[m++] = '.' ;
    m += uint_fmt(tmp + m, counter++) ; tmp[m++] = '.' ;
    memcpy(tmp + m, host, hlen + 1) ;
  }
  clen = pid_fmt(content, pid) ;
  if (fmt == MDD_LOCKFMT_HOST)
  {
    char h[256] ;
    size_t n ;
    if (gethostname(h, sizeof(h)) < 0) h[0] = 0 ;
    h[sizeof(h) - 1] = 0 ;
    n = strlen(h) ;
    content[clen++] = ':' ;
    memcpy(content + clen, h, n) ; clen += n ;
  }
  else content[clen++] = '\n' ;

  sigs_block(&old) ;
  fd = open(tmp, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644) ;
  if (fd < 0) goto tmpfail ;
  if (allwrite(fd, content, clen) < clen || fchmod(fd, fmt == MDD_LOCKFMT_HOST ? 0644 : 0640) < 0)
  {
    int e = errno ;
    close(fd) ; unlink(tmp) ; errno = e ;
    goto tmpfail ;
  }
  if (close(fd) < 0) { int e = errno ; unlink(tmp) ; errno = e ; goto tmpfail ; }
  {
    struct stat st ;
    int got ;
    /* success is judged by the link count, which is NFS-safe */
    (void)link(tmp, lockpath) ;
    got = stat(tmp, &st) == 0 && st.st_nlink == 2 ;
    unlink(tmp) ;
    if (got)
    {
      slot = mdd_slot_get(1, -1, lockpath) ;
      if (slot < 0) { unlink(lockpath) ; full = 1 ; }
    }
  }
  sigs_restore(&old) ;
  if (slot >= 0)
  {
    mdd_lockrefresh(1) ;
    if (stale) stale->seen = 0 ;
    return slot ;
  }
  if (full) { errno = EMFILE ; if (o) mdd_note(o, "too many locks held.", 0, 0, 0) ; return -1 ; }

  /* busy: dead owner, or unchanged for the timeout -> break it */
  {
    struct stat st ;
    char buf[256] ;
    ssize_t r = readlock(lockpath, &st, buf, sizeof(buf)) ;
    uint64_t now = mdd_now_ms() ;
    if (r < 0) { if (stale) stale->seen = 0 ; return -3 ; }
    if (mdd_lockowner_dead(lockpath, buf, r))
    {
      lock_break(lockpath, mbox, &st, buf, r) ;
      if (stale) stale->seen = 0 ;
      return -3 ;
    }
    if (!stale)
    {
      /* lockmail: judged by age */
      if (st.st_ctime + (time_t)timeout <= time(0))
      {
        lock_break(lockpath, mbox, &st, buf, r) ;
        return -3 ;
      }
      return -2 ;
    }
    if (!stale->seen || stale->dev != st.st_dev || stale->ino != st.st_ino
     || stale->ctim.tv_sec != st.st_ctim.tv_sec || stale->ctim.tv_nsec != st.st_ctim.tv_nsec
     || stale->atim.tv_sec != st.st_atim.tv_sec || stale->atim.tv_nsec != st.st_atim.tv_nsec)
    {
      stale->seen = 1 ;
      stale->dev = st.st_dev ; stale->ino = st.st_ino ;
      stale->ctim = st.st_ctim ; stale->atim = st.st_atim ;
      stale->since = now ;
      return -2 ;
    }
    if (now - stale->since >= (uint64_t)timeout * 1000)
    {
      lock_break(lockpath, mbox, &st, buf, r) ;
      stale->seen = 0 ;
      return -3 ;
    }
    return -2 ;
  }

 tmpfail:
  {
    int e = errno ;
    sigs_restore(&old) ;
    *tmperr = 1 ;
    if (o) mdd_note(o, "Unable to create a dot-lock at ", tmp, ".", 0) ;
    errno = e ;
    return -1 ;
  }
}
