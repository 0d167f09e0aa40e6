/* ISC license. */

#include <errno.h>
#include <unistd.h>
#include <sys/stat.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/djbunix.h>
#include "msg-internal.h"

/* Seekable regular stdin is used in place (from its current offset);
   anything else is read into memory up to MSG_MEMMAX, then spooled into
   an unlinked temporary file. */

static int usefd_inplace (msg *m, int fd)
{
  struct stat st ;
  off_t cur ;
  char buf[8192] ;
  uint64_t pos ;
  if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) return 0 ;
  cur = lseek(fd, 0, SEEK_CUR) ;
  if (cur < 0 || (uint64_t)st.st_size < (uint64_t)cur) return 0 ;
  m->fd = fd ; m->ownfd = 0 ; m->base = cur ; m->len = st.st_size - cur ;
  m->lines = 0 ;
  for (pos = m->base ; pos < m->base + m->len ;)
  {
    ssize_t r = pread(fd, buf, sizeof buf, pos) ;
    if (r < 0) { if (errno == EINTR) continue ; return -1 ; }
    if (!r) break ;
    m->lines += msg_countnl(buf, r) ;
    pos += r ;
  }
  m->len = pos - m->base ;
  return 1 ;
}

int msg_load (msg *m, int fd, char const *tmpdir)
{
  int r = usefd_inplace(m, fd) ;
  if (r < 0) return 0 ;
  if (r) return 1 ;
  m->mem.len = 0 ; m->lines = 0 ;
  for (;;)
  {
    ssize_t n ;
    if (!stralloc_readyplus(&m->mem, 8192)) return 0 ;
    n = fd_read(fd, m->mem.s + m->mem.len, 8192) ;
    if (n < 0) return 0 ;
    if (!n) break ;
    m->lines += msg_countnl(m->mem.s + m->mem.len, n) ;
    m->mem.len += n ;
    if (m->mem.len > MSG_MEMMAX) break ;
  }
  if (m->mem.len <= MSG_MEMMAX)
  {
    m->fd = -1 ; m->len = m->mem.len ;
    return 1 ;
  }
  {
    int t = msg_tmpfd(tmpdir) ;
    char buf[65536] ;
    uint64_t len = m->mem.len ;
    if (t < 0) return 0 ;
    if (allwrite(t, m->mem.s, m->mem.len) < m->mem.len) goto err ;
    stralloc_free(&m->mem) ;
    for (;;)
    {
      ssize_t n = fd_read(fd, buf, sizeof buf) ;
      if (n < 0) goto err ;
      if (!n) break ;
      m->lines += msg_countnl(buf, n) ;
      if (allwrite(t, buf, n) < (size_t)n) goto err ;
      len += n ;
    }
    m->fd = t ; m->ownfd = 1 ; m->base = 0 ; m->len = len ;
    return 1 ;
   err:
    fd_close(t) ;
    return 0 ;
  }
}
