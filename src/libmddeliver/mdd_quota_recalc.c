/* ISC license. */

#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <unistd.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <skalibs/types.h>
#include <skalibs/stralloc.h>
#include <skalibs/allreadwrite.h>
#include "mddeliver-internal.h"

/* Count the messages of one new/ or cur/ directory.  Dot files and
   messages flagged T (deleted) do not count; the size comes from ",S="
   in the name, else from stat. */
static void countdir (stralloc *path, int64_t *bytes, int64_t *count)
{
  size_t plen = path->len ;
  DIR *d ;
  if (!stralloc_0(path)) return ;
  d = opendir(path->s) ;
  path->len = plen ;
  if (!d) return ;
  for (;;)
  {
    struct dirent *de ;
    char const *name, *colon, *sz ;
    uint64_t size = 0 ;
    errno = 0 ;
    de = readdir(d) ;
    if (!de) break ;
    name = de->d_name ;
    if (name[0] == '.') continue ;
    colon = strchr(name, ':') ;
    if (colon && colon[1] == '2' && colon[2] == ',' && strchr(colon + 3, 'T')) continue ;
    sz = strstr(name, ",S=") ;
    if (sz && (!colon || sz < colon) && sz[3] >= '0' && sz[3] <= '9')
      uint64_scan(sz + 3, &size) ;
    else
    {
      struct stat st ;
      path->len = plen ;
      if (!stralloc_catb(path, "/", 1) || !stralloc_cats(path, name) || !stralloc_0(path)) continue ;
      path->len = plen ;
      if (stat(path->s, &st) < 0) continue ;
      size = st.st_size ;
    }
    *bytes += size ;
    (*count)++ ;
  }
  closedir(d) ;
  path->len = plen ;
}

static void countmaildir (stralloc *path, int64_t *bytes, int64_t *count)
{
  size_t plen = path->len ;
  if (stralloc_cats(path, "/new")) countdir(path, bytes, count) ;
  path->len = plen ;
  if (stralloc_cats(path, "/cur")) countdir(path, bytes, count) ;
  path->len = plen ;
}

int mdd_quota_recalc (char const *root, char const *qs, mdd_quota *q)
{
  static unsigned int n = 0 ;
  stralloc path = STRALLOC_ZERO ;
  int64_t bytes = 0, count = 0 ;
  DIR *d ;
  if (!stralloc_cats(&path, root)) return 0 ;
  countmaildir(&path, &bytes, &count) ;
  if (!stralloc_0(&path)) goto err ;
  path.len-- ;
  d = opendir(path.s) ;
  if (d)
  {
    for (;;)
    {
      struct dirent *de = readdir(d) ;
      size_t plen = path.len ;
      if (!de) break ;
      if (de->d_name[0] != '.' || !strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") || !strcmp(de->d_name, ".Trash")) continue ;
      if (stralloc_catb(&path, "/", 1) && stralloc_cats(&path, de->d_name)) countmaildir(&path, &bytes, &count) ;
      path.len = plen ;
    }
    closedir(d) ;
  }
  {
    /* rewrite through tmp/ and rename, as the reference */
    char buf[MDD_QUOTALINE] ;
    size_t blen = mdd_quota_fmtline(buf, bytes, count) ;
    size_t qlen = strlen(qs) ;
    size_t rlen = strlen(root) ;
    char fmt[UINT64_FMT] ;
    struct timeval tv ;
    int fd ;
    stralloc tmp = STRALLOC_ZERO ;
    gettimeofday(&tv, 0) ;
    if (!stralloc_catb(&tmp, root, rlen) || !stralloc_cats(&tmp, "/tmp/")
     || !stralloc_catb(&tmp, fmt, uint64_fmt(fmt, tv.tv_sec)) || !stralloc_catb(&tmp, ".", 1)
     || !stralloc_catb(&tmp, fmt, pid_fmt(fmt, getpid())) || !stralloc_catb(&tmp, "_", 1)
     || !stralloc_catb(&tmp, fmt, uint_fmt(fmt, n++)) || !stralloc_catb(&tmp, ".", 1)
     || !stralloc_cats(&tmp, mdd_host()) || !stralloc_0(&tmp)) { stralloc_free(&tmp) ; goto err ; }
    fd = open(tmp.s, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644) ;
    if (fd < 0) { stralloc_free(&tmp) ; goto err ; }
    /* maildirmake (q NULL) follows its umask; the delivery engines make
       their own files 0640 whatever the umask, as the reference */
    if (q) fchmod(fd, 0640) ;
    if (allwrite(fd, qs, qlen) < qlen || allwrite(fd, "\n", 1) < 1 || allwrite(fd, buf, blen) < blen
     || fsync(fd) < 0 || close(fd) < 0)
    {
      close(fd) ; unlink(tmp.s) ; stralloc_free(&tmp) ; goto err ;
    }
    path.len = 0 ;
    if (!stralloc_catb(&path, root, rlen) || !stralloc_cats(&path, "/maildirsize") || !stralloc_0(&path)
     || rename(tmp.s, path.s) < 0)
    {
      unlink(tmp.s) ; stralloc_free(&tmp) ; goto err ;
    }
    stralloc_free(&tmp) ;
  }
  stralloc_free(&path) ;
  if (q)
  {
    q->bytes = bytes ; q->count = count ; q->lines = 1 ;
    q->mtime = time(0) ;
    q->recalced = 1 ;
    if (!mdd_quota_parse(qs, strlen(qs), &q->qbytes, &q->qcount)) q->qbytes = q->qcount = 0 ;
    q->present = q->qbytes || q->qcount ;
  }
  return 1 ;
 err:
  stralloc_free(&path) ;
  return 0 ;
}
