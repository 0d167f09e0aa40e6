/* ISC license. */

#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <skalibs/allreadwrite.h>
#include "mddeliver-internal.h"

/* DLV-03..DLV-08.  The output goes through one buffer: a small message
   leaves in a single write().  After a write error the formatter keeps
   running without writing, because the log record wants the size the
   message would have had. */

#define OBUFSIZE 65536

typedef struct out_s out ;
struct out_s
{
  int fd ;
  int err ;          /* errno of the first failed write, 0 if none */
  uint64_t count ;   /* bytes of the message proper (LOG-06) */
  size_t len ;
  char buf[OBUFSIZE] ;
} ;

static void out_flush (out *o)
{
  if (!o->err && o->len && allwrite(o->fd, o->buf, o->len) < o->len)
    o->err = errno ? errno : EIO ;
  o->len = 0 ;
  mdd_lockrefresh_poll() ;
}

static void out_put (out *o, char const *s, size_t n)
{
  while (n)
  {
    size_t w = OBUFSIZE - o->len ;
    if (w > n) w = n ;
    memcpy(o->buf + o->len, s, w) ;
    o->len += w ; s += w ; n -= w ;
    if (o->len == OBUFSIZE) out_flush(o) ;
  }
}

static void out_gts (out *o, uint64_t n)
{
  while (n--) out_put(o, ">", 1) ;
}

/* The From_ escaping (DLV-04) as a byte stream: at the start of a line,
   hold back the '>'s and a partial "From " until the line decides. */
static int format (out *o, msg const *m)
{
  static char const from[5] = "From " ;
  msgrd r ;
  uint64_t gts = 0 ;
  unsigned int matched = 0 ;
  int bol = 1 ;
  char last = '\n' ;
  msgrd_init(&r, m) ;
  for (;;)
  {
    char const *s ;
    ssize_t n = msgrd_chunk(&r, &s) ;
    size_t i = 0 ;
    if (n < 0) return 0 ;
    if (!n) break ;
    while (i < (size_t)n)
    {
      if (bol)
      {
        char c = s[i] ;
        if (!matched && c == '>') { gts++ ; i++ ; continue ; }
        if (c == from[matched])
        {
          i++ ;
          if (++matched == 5)
          {
            out_gts(o, gts + 1) ; out_put(o, from, 5) ;
            o->count += gts + 6 ;
            bol = 0 ; last = ' ' ;
          }
          continue ;
        }
        out_gts(o, gts) ; out_put(o, from, matched) ;
        o->count += gts + matched ;
        if (gts || matched) last = matched ? from[matched-1] : '>' ;
        bol = 0 ;
      }
      {
        char const *nl = memchr(s + i, '\n', n - i) ;
        size_t k = nl ? (size_t)(nl - (s + i)) + 1 : (size_t)n - i ;
        out_put(o, s + i, k) ;
        o->count += k ;
        last = s[i + k - 1] ;
        i += k ;
        if (nl) { bol = 1 ; gts = 0 ; matched = 0 ; }
      }
    }
  }
  if (bol && (gts || matched))
  {
    out_gts(o, gts) ; out_put(o, from, matched) ;
    o->count += gts + matched ;
    last = matched ? from[matched-1] : '>' ;
  }
  if (last != '\n') { out_put(o, "\n", 1) ; o->count++ ; }
  out_put(o, "\n", 1) ;
  return 1 ;
}

static void fromline (out *o, char const *sender)
{
  char t[64] ;
  time_t now = time(0) ;
  struct tm tm ;
  size_t n = 0 ;
  if (localtime_r(&now, &tm)) n = strftime(t, sizeof(t), "%a %b %e %H:%M:%S %Y", &tm) ;
  out_put(o, "From ", 5) ;
  out_put(o, sender ? sender : "MAILER-DAEMON", strlen(sender ? sender : "MAILER-DAEMON")) ;
  out_put(o, " ", 1) ;
  out_put(o, t, n) ;
  out_put(o, "\n", 1) ;
}

/* The mailbox's fcntl lock.  Free, as it nearly always is: taken at once.
   Else the wait may be long: arm the dot-lock refresh timer first. */
static int fcntl_lock (int fd)
{
  struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 } ;
  if (fcntl(fd, F_SETLK, &fl) == 0) return 1 ;
  if (errno != EAGAIN && errno != EACCES && errno != EINTR) return 0 ;
  mdd_lockrefresh_arm() ;
  return mdd_fcntl_lock(fd, 1) ;
}

int mddeliver_mbox (char const *path, msg const *m, mddeliver_opts const *o)
{
  static out ob ;
  struct stat st ;
  int slot = -1, fd, isreg, known ;
  off_t oldsize = 0 ;
  if (!msg_size(m)) return 1 ;   /* DLV-02 */

  known = stat(path, &st) == 0 ;
  if (!known || !(S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)))
  {
    char const *ext = o->lockext && o->lockext[0] ? o->lockext : ".lock" ;
    size_t pl = strlen(path), el = strlen(ext) ;
    char lockpath[pl + el + 1] ;
    memcpy(lockpath, path, pl) ;
    memcpy(lockpath + pl, ext, el + 1) ;
    mdd_lockrefresh_set(o->lockrefresh) ;
    /* An append to a plain file is short: no refresh timer, the lock is
       refreshed between steps (mdd_lockrefresh_poll).  Anything else
       (a new file, a FIFO...) may block in open(): the timer. */
    mdd_lockrefresh_lazy(known && S_ISREG(st.st_mode)) ;
    slot = mdd_dotlock_take(lockpath, path, o) ;
    mdd_lockrefresh_lazy(0) ;
    if (slot < 0) return 0 ;
  }
  if (o->dflags & MDDELIVER_SPOOL)
  {
    /* opened with a group the user does not have: no link is followed */
    mode_t old = umask(077) ;
    fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK, 0600) ;
    umask(old) ;
  }
  else
  {
    mode_t old = umask(o->umask) ;
    fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY, 0666) ;
    umask(old) ;
  }
  if (fd < 0) { mdd_note(o, "Unable to open mailbox.", 0, 0, 0) ; goto fail0 ; }
  if (fstat(fd, &st) < 0) { mdd_note(o, "Unable to open mailbox.", 0, 0, 0) ; goto fail0c ; }
  if ((o->dflags & MDDELIVER_SPOOL)
   && (!S_ISREG(st.st_mode) || st.st_uid != geteuid() || st.st_nlink != 1))
  {
    mdd_note(o, path, ": not a regular file of the user with one link: delivery refused.", 0, 0) ;
    goto fail0c ;
  }
  isreg = S_ISREG(st.st_mode) ;
  mdd_lockrefresh_poll() ;
  if (!fcntl_lock(fd) && !isreg && !S_ISDIR(st.st_mode))
  {
    mdd_note(o, "flock() failed.", 0, 0, 0) ;
    goto fail0c ;
  }
  if (S_ISDIR(st.st_mode)) { mdd_note(o, "Unable to open mailbox.", 0, 0, 0) ; goto fail0c ; }
  if (isreg)
  {
    oldsize = lseek(fd, 0, SEEK_END) ;
    if (oldsize < 0) { mdd_note(o, "Unable to open mailbox.", 0, 0, 0) ; goto fail0c ; }
    if (slot >= 0) mdd_dotlock_record(slot, st.st_dev, st.st_ino, oldsize) ;
    mdd_mbox_oldsize = oldsize ;
    mdd_mbox_fd = fd ;
  }

  ob.fd = fd ; ob.err = 0 ; ob.count = 0 ; ob.len = 0 ;
  fromline(&ob, o->sender) ;
  if (!format(&ob, m) && !ob.err) ob.err = errno ? errno : EIO ;
  out_flush(&ob) ;
  if (!ob.err && fsync(fd) < 0 && isreg) ob.err = errno ;
  mdd_lockrefresh_poll() ;
  if (ob.err)
  {
    mdd_note(o, "error writing to mailbox.", 0, 0, 0) ;
    if (isreg && ftruncate(fd, oldsize) == 0) fsync(fd) ;
    mdd_mbox_fd = -1 ;
    close(fd) ;
    if (o->logf) (*o->logf)(0, ob.count, o->logaux) ;
    if (slot >= 0) mdlock_release(slot) ;
    return -1 ;
  }
  mdd_mbox_fd = -1 ;
  if (close(fd) < 0 && isreg)
  {
    /* the bytes may not be there: cut back through a fresh descriptor */
    int fd2 = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY | (o->dflags & MDDELIVER_SPOOL ? O_NOFOLLOW : 0)) ;
    mdd_note(o, "error writing to mailbox.", 0, 0, 0) ;
    if (fd2 >= 0) { if (ftruncate(fd2, oldsize) == 0) fsync(fd2) ; close(fd2) ; }
    if (o->logf) (*o->logf)(0, ob.count, o->logaux) ;
    if (slot >= 0) mdlock_release(slot) ;
    return -1 ;
  }
  if (o->logf) (*o->logf)(1, ob.count, o->logaux) ;
  if (slot >= 0) mdlock_release(slot) ;
  return 1 ;

 fail0c:
  close(fd) ;
 fail0:
  if (slot >= 0) mdlock_release(slot) ;
  return 0 ;
}
