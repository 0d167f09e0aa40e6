/* ISC license. */

#include <string.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <skalibs/types.h>
#include <skalibs/stralloc.h>
#include <skalibs/djbunix.h>
#include <skalibs/allreadwrite.h>
#include "mds-config.h"
#include "mddeliver-internal.h"

/* CLI-08 / DLV-12: at least warnpercent used -> put the warning message
   in the maildir, at most once a day (mtime of root/quotawarn). */
void mdd_quota_warn (char const *root, mdd_quota *q, mddeliver_opts const *o)
{
  size_t rlen = strlen(root) ;
  char qw[rlen + 11] ;
  struct stat st ;
  stralloc sa = STRALLOC_ZERO ;
  time_t now = time(0) ;
  int fd ;
  if (!o->warnpercent || !q->present || mdd_quota_percent(q) < o->warnpercent) return ;
  memcpy(qw, root, rlen) ;
  memcpy(qw + rlen, "/quotawarn", 11) ;
  if (stat(qw, &st) == 0 && st.st_mtime + 86400 > now) return ;
  {
    char fmt[UINT64_FMT] ;
    char date[64] ;
    struct tm tm ;
    size_t dl = 0 ;
    if (localtime_r(&now, &tm)) dl = strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S %z", &tm) ;
    if (!stralloc_cats(&sa, "Date: ") || !stralloc_catb(&sa, date, dl)
     || !stralloc_cats(&sa, "\nMessage-Id: <") || !stralloc_catb(&sa, fmt, uint64_fmt(fmt, (uint64_t)now))
     || !stralloc_cats(&sa, ".overquota@") || !stralloc_cats(&sa, mdd_host()) || !stralloc_cats(&sa, ">\n")) goto end ;
  }
  fd = open(o->warnfile && o->warnfile[0] ? o->warnfile : MDS_QUOTAWARNMSG, O_RDONLY | O_CLOEXEC | O_NONBLOCK) ;
  if (fd < 0) goto end ;
  if (!slurp(&sa, fd)) { close(fd) ; goto end ; }
  close(fd) ;
  {
    /* the warning is delivered even over quota; as the reference, it is
       checked like a message (which may recount) and only counted when
       it fits */
    mdd_mdfile f = MDD_MDFILE_ZERO ;
    int fits = !mdd_quota_over(root, q, sa.len, 1) ;
    if (!mdd_mdfile_open(&f, root, "_warn", sa.len, 027, o)) goto end ;
    if (allwrite(f.fd, sa.s, sa.len) < sa.len || !mdd_mdfile_commit(&f, root, "_warn", sa.len, 0))
    {
      unlink(f.tmpname.s) ;
      mdd_mdfile_free(&f) ;
      goto end ;
    }
    unlink(f.tmpname.s) ;
    mdd_mdfile_free(&f) ;
    if (fits)
    {
      mdd_quota_add(root, sa.len, 1) ;
      q->bytes += sa.len ; q->count++ ;
    }
  }
  fd = open(qw, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644) ;
  if (fd >= 0)
  {
    fchmod(fd, 0640) ;
    fd_write(fd, "", 1) ;
    close(fd) ;
  }
 end:
  stralloc_free(&sa) ;
}
