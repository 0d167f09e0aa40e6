/* ISC license. */

#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <skalibs/allreadwrite.h>
#include "mddeliver-internal.h"

/* One O_APPEND write per line, so concurrent deliveries never mix. */
int mdd_quota_add (char const *root, int64_t bytes, int64_t count)
{
  size_t rlen = strlen(root) ;
  char fn[rlen + 13] ;
  char buf[MDD_QUOTALINE] ;
  size_t n = mdd_quota_fmtline(buf, bytes, count) ;
  int fd, ok ;
  memcpy(fn, root, rlen) ;
  memcpy(fn + rlen, "/maildirsize", 13) ;
  fd = open(fn, O_WRONLY | O_APPEND | O_CLOEXEC | O_NONBLOCK) ;
  if (fd < 0) return 0 ;
  ok = fd_write(fd, buf, n) == (ssize_t)n ;
  close(fd) ;
  return ok ;
}
