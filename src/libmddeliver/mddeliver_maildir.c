/* ISC license. */

#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <stdio.h>
#include <skalibs/types.h>
#include <skalibs/stralloc.h>
#include <skalibs/allreadwrite.h>
#include "mddeliver-internal.h"

/* SV-13: courierimapkeywords/<base>, one keyword a line, written through
   a temp file.  The reference lists them last first. */
static void keywords (char const *dir, char const *base, char const *kw)
{
  stralloc fn = STRALLOC_ZERO, body = STRALLOC_ZERO ;
  size_t len = strlen(kw), dlen ;
  size_t i = len ;
  int fd ;
  while (i)
  {
    size_t end = i, start ;
    while (i && kw[i-1] != ',') i-- ;
    start = i ;
    if (i) i-- ;
    if (end > start)
    {
      /* skip duplicates */
      size_t k = 0 ;
      int dup = 0 ;
      while (k < body.len)
      {
        char const *nl = memchr(body.s + k, '\n', body.len - k) ;
        size_t l = nl - (body.s + k) ;
        if (l == end - start && !memcmp(body.s + k, kw + start, l)) { dup = 1 ; break ; }
        k += l + 1 ;
      }
      if (!dup && (!stralloc_catb(&body, kw + start, end - start) || !stralloc_catb(&body, "\n", 1))) goto end ;
    }
  }
  if (!body.len) goto end ;
  dlen = strlen(dir) ;
  while (dlen > 1 && dir[dlen-1] == '/') dlen-- ;
  if (!stralloc_catb(&fn, dir, dlen) || !stralloc_0(&fn)) goto end ;
  {
    /* the directory gets the maildir's mode, the file 0640, as the reference */
    struct stat st ;
    mode_t dmode = stat(fn.s, &st) == 0 ? (st.st_mode & 07777) : 0700 ;
    fn.len-- ;
    if (!stralloc_cats(&fn, "/courierimapkeywords") || !stralloc_0(&fn)) goto end ;
    if (mkdir(fn.s, 0700) == 0) chmod(fn.s, dmode) ;
  }
  fn.len-- ;
  {
    size_t flen = fn.len ;
    char pfmt[PID_FMT] ;
    if (!stralloc_cats(&fn, "/.tmp.") || !stralloc_catb(&fn, pfmt, pid_fmt(pfmt, getpid())) || !stralloc_catb(&fn, ".", 1) || !stralloc_cats(&fn, base) || !stralloc_0(&fn)) goto end ;
    fd = open(fn.s, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600) ;
    if (fd < 0) goto end ;
    fchmod(fd, 0640) ;
    if (allwrite(fd, body.s, body.len) < body.len || fsync(fd) < 0 || close(fd) < 0) { unlink(fn.s) ; goto end ; }
    {
      char tmp[fn.len] ;
      memcpy(tmp, fn.s, fn.len) ;
      fn.len = flen ;
      if (!stralloc_catb(&fn, "/", 1) || !stralloc_cats(&fn, base) || !stralloc_0(&fn) || rename(tmp, fn.s) < 0) unlink(tmp) ;
    }
  }
 end:
  stralloc_free(&fn) ;
  stralloc_free(&body) ;
}

int mddeliver_maildir (char const *dir, msg const *m, mddeliver_opts const *o)
{
  mdd_mdfile f = MDD_MDFILE_ZERO ;
  stralloc root = STRALLOC_ZERO ;
  mdd_quota q ;
  uint64_t size = msg_size(m) ;
  uint64_t written = size ;
  char tag[UINT_FMT + 2] ;
  int r = 0, added = 0 ;
  if (!size) return 1 ;   /* DLV-02 */
  if (o->flags) for (char const *p = o->flags ; *p ; p++)
    if (!strchr("DFRS", *p))
    {
      /* SV-12: the reference writes to fd 0 here; we refuse cleanly */
      mdd_note(o, "error writing to mailbox.", 0, 0, 0) ;
      errno = EINVAL ;
      return 0 ;
    }
  if (o->dflags & MDDELIVER_NOCOUNTER) tag[0] = 0 ;
  else
  {
    tag[0] = '_' ;
    tag[1 + uint_fmt(tag + 1, mdd_mdcounter++)] = 0 ;
  }
  if (!mdd_mdfile_open(&f, dir, tag, size, o->umask, o)) goto end ;

  memset(&q, 0, sizeof(q)) ;
  if (!mdd_quota_root(dir, &root)) { mdd_notesys(o, dir, 0) ; goto fail0 ; }
  if (mdd_quota_read(root.s, o->quota, &q) && q.present)
  {
    if (mdd_quota_over(root.s, &q, size, 1))
    {
      unlink(f.tmpname.s) ;
      mdd_mdfile_free(&f) ;
      mdd_quota_warn(root.s, &q, o) ;
      if (!(o->dflags & MDDELIVER_QUIETQUOTA)) mdd_note(o, "maildir over quota.", 0, 0, 0) ;
      errno = EDQUOT ;
      goto end ;
    }
    if (mdd_quota_add(root.s, size, 1)) { q.lines++ ; added = 1 ; }
  }

  /* as the reference, a missing final newline is added (the name keeps
     the raw size; the log record gets what was written) */
  {
    char last = '\n' ;
    if (msg_pread(m, &last, 1, size - 1) != 1) last = '\n' ;
    if (last != '\n') written++ ;
  }
  if (!msg_writeall(m, f.fd) || (written > size && fd_write(f.fd, "\n", 1) != 1))
  {
    mdd_note(o, "error writing to mailbox.", 0, 0, 0) ;
    goto fail1 ;
  }
  if (!mdd_mdfile_commit(&f, dir, tag, size, o->flags))
  {
    mdd_notesys(o, dir, 0) ;
    goto fail1 ;
  }
  if (o->keywords && o->keywords[0]) keywords(dir, f.base.s, o->keywords) ;
  if (o->logf) (*o->logf)(1, written, o->logaux) ;
  unlink(f.tmpname.s) ;
  if (q.present)
  {
    q.bytes += size ; q.count++ ;
    mdd_quota_warn(root.s, &q, o) ;
  }
  r = 1 ;
  goto end ;

 fail1:
  {
    int e = errno ;
    unlink(f.tmpname.s) ;
    mdd_mdfile_free(&f) ;
    if (added) mdd_quota_add(root.s, -(int64_t)size, -1) ;
    if (o->logf) (*o->logf)(0, written, o->logaux) ;
    errno = e ;
    r = -1 ;
    goto end ;
  }
 fail0:
  unlink(f.tmpname.s) ;
 end:
  mdd_mdfile_free(&f) ;
  stralloc_free(&root) ;
  return r ;
}
