/* ISC license. */

#include <sys/types.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>

#include <skalibs/djbunix.h>

#include "pipewatch.h"

 /*
    Open (creating it if needed) the FIFO at path, without ever following a
    symlink, and give it the wanted mode and owner whatever the umask.
    Returns 0 and fills *f, or a PWF_* code; *owner gets the uid that
    owns the offending FIFO for PWF_OWNER.
 */

static int owned (struct stat const *st, pwfifoopts const *o)
{
  uid_t me = geteuid() ;
  return st->st_uid == me || (o->hasuid && st->st_uid == o->uid) ;
}

static int classify (struct stat const *st, pwfifoopts const *o, uid_t *owner)
{
  if (S_ISLNK(st->st_mode)) return PWF_SYMLINK ;
  if (!S_ISFIFO(st->st_mode)) return PWF_NOTFIFO ;
  if (!owned(st, o)) { *owner = st->st_uid ; return PWF_OWNER ; }
  return 0 ;
}

int pw_fifo_open (pwfifo *f, char const *path, pwfifoopts const *o, uid_t *owner)
{
  pwfifo ff = PWFIFO_ZERO ;
  struct stat st ;
  unsigned int tries = 0 ;
  int e ;

  for (;;)
  {
    if (lstat(path, &st) == 0)
    {
      e = classify(&st, o, owner) ;
      if (e) return e ;
      break ;
    }
    if (errno != ENOENT) return PWF_SYS ;
    {
     /* umask 0 for the one call: the FIFO never exists with a wrong mode */
      mode_t old = umask(0) ;
      int r = mkfifo(path, o->mode & 0777) ;
      umask(old) ;
      if (!r) break ;
    }
    if (errno != EEXIST || ++tries > 3) return PWF_SYS ;
  }

  ff.rfd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC) ;
  if (ff.rfd == -1) return errno == ELOOP ? PWF_SYMLINK : PWF_SYS ;
  if (fstat(ff.rfd, &st) == -1) goto errsys ;
  e = classify(&st, o, owner) ;
  if (e) goto err ;
  ff.dev = st.st_dev ; ff.ino = st.st_ino ;
  if ((st.st_mode & 07777) != o->mode && fchmod(ff.rfd, o->mode) == -1) goto errsys ;
  if ((o->hasuid && st.st_uid != o->uid) || (o->hasgid && st.st_gid != o->gid))
    if (fchown(ff.rfd, o->hasuid ? o->uid : (uid_t)-1, o->hasgid ? o->gid : (gid_t)-1) == -1) goto errsys ;

 /* the spare writer: same path, so check it is still the same inode */
  ff.wfd = open(path, O_WRONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC) ;
  if (ff.wfd == -1)
  {
    e = errno == ELOOP ? PWF_SYMLINK : PWF_SYS ;
    goto err ;
  }
  if (fstat(ff.wfd, &st) == -1) goto errsys ;
  if (st.st_dev != ff.dev || st.st_ino != ff.ino)
  {
    errno = EAGAIN ;
    goto errsys ;
  }
  *f = ff ;
  return 0 ;

 errsys:
  e = PWF_SYS ;
 err:
  pw_fifo_close(&ff) ;
  return e ;
}
