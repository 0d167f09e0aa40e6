/* ISC license. */

#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <stdio.h>
#include <skalibs/types.h>
#include <skalibs/stralloc.h>
#include "mddeliver-internal.h"

unsigned int mdd_mdcounter = 0 ;

static int catdir (stralloc *sa, char const *dir, char const *sub)
{
  size_t len = strlen(dir) ;
  while (len > 1 && dir[len-1] == '/') len-- ;
  sa->len = 0 ;
  return stralloc_catb(sa, dir, len) && stralloc_catb(sa, "/", 1) && stralloc_cats(sa, sub) ;
}

static int catsize (stralloc *sa, char const *tag, uint64_t size)
{
  char fmt[UINT64_FMT] ;
  if (!stralloc_cats(sa, tag) || !stralloc_catb(sa, ".", 1) || !stralloc_cats(sa, mdd_host())) return 0 ;
  if (!size) return 1 ;
  return stralloc_catb(sa, ",S=", 3) && stralloc_catb(sa, fmt, uint64_fmt(fmt, size)) ;
}

static int cattime (stralloc *sa, mdd_mdfile const *f)
{
  char fmt[UINT64_FMT] ;
  return stralloc_catb(sa, fmt, uint64_fmt(fmt, f->sec))
      && stralloc_catb(sa, ".M", 2)
      && stralloc_catb(sa, fmt, uint64_fmt(fmt, f->usec))
      && stralloc_catb(sa, "P", 1)
      && stralloc_catb(sa, fmt, pid_fmt(fmt, getpid())) ;
}

int mdd_mdfile_open (mdd_mdfile *f, char const *dir, char const *tag, uint64_t size, mode_t um, mddeliver_opts const *o)
{
  unsigned int tries = 0 ;
  for (;;)
  {
    struct timeval tv ;
    mode_t old ;
    gettimeofday(&tv, 0) ;
    f->sec = tv.tv_sec ; f->usec = tv.tv_usec ;
    if (!catdir(&f->tmpname, dir, "tmp/") || !cattime(&f->tmpname, f)
     || !catsize(&f->tmpname, tag, size) || !stralloc_0(&f->tmpname))
    {
      mdd_notesys(o, dir, 0) ;
      return 0 ;
    }
    old = umask(um) ;
    f->fd = open(f->tmpname.s, O_RDWR | O_CREAT | O_EXCL | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW, 0666) ;
    umask(old) ;
    if (f->fd >= 0)
    {
      mdd_tmp_register(f->tmpname.s) ;
      return 1 ;
    }
    /* a name clash: the reference waits 2 seconds, for up to 24 hours */
    if (errno != EEXIST || ++tries > 43200)
    {
      mdd_notesys(o, dir, 0) ;
      return 0 ;
    }
    sleep(2) ;
  }
}

int mdd_mdfile_commit (mdd_mdfile *f, char const *dir, char const *tag, uint64_t size, char const *flags)
{
  struct stat st ;
  char x[16] ;
  int fd = f->fd ;
  f->fd = -1 ;
  if (fsync(fd) < 0 || fstat(fd, &st) < 0) { int e = errno ; close(fd) ; errno = e ; return 0 ; }
  if (close(fd) < 0) return 0 ;
  f->base.len = 0 ;
  if (!cattime(&f->base, f) || !stralloc_catb(&f->base, "V", 1)) return 0 ;
  mdd_fmtx16(x, (uint64_t)st.st_dev) ;
  if (!stralloc_catb(&f->base, x, 16) || !stralloc_catb(&f->base, "I", 1)) return 0 ;
  mdd_fmtx16(x, (uint64_t)st.st_ino) ;
  if (!stralloc_catb(&f->base, x, 16) || !catsize(&f->base, tag, size)) return 0 ;
  if (!catdir(&f->newname, dir, flags && flags[0] ? "cur/" : "new/")) return 0 ;
  {
    size_t dirlen = f->newname.len ;
    if (!stralloc_catb(&f->newname, f->base.s, f->base.len)) return 0 ;
    if (flags && flags[0] && (!stralloc_catb(&f->newname, ":2,", 3) || !stralloc_cats(&f->newname, flags))) return 0 ;
    if (!stralloc_0(&f->newname) || !stralloc_0(&f->base)) return 0 ;
    f->base.len-- ;
    if (link(f->tmpname.s, f->newname.s) < 0)
    {
      if (errno != EXDEV && errno != EPERM && errno != ENOSYS) return 0 ;
      /* no hard links here: rename instead (the tmp file is then gone) */
      if (rename(f->tmpname.s, f->newname.s) < 0) return 0 ;
    }
    {
      char d[dirlen + 1] ;
      int dfd ;
      memcpy(d, f->newname.s, dirlen) ;
      d[dirlen] = 0 ;
      dfd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC) ;
      if (dfd >= 0)
      {
        int r = fsync(dfd) ;
        int e = errno ;
        close(dfd) ;
        if (r < 0 && e != EINVAL && e != EROFS)
        {
          unlink(f->newname.s) ;
          errno = e ;
          return 0 ;
        }
      }
    }
  }
  return 1 ;
}

void mdd_mdfile_free (mdd_mdfile *f)
{
  mdd_tmp_register(0) ;
  if (f->fd >= 0) { close(f->fd) ; f->fd = -1 ; }
  stralloc_free(&f->tmpname) ;
  stralloc_free(&f->newname) ;
  stralloc_free(&f->base) ;
}
