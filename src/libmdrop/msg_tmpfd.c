/* ISC license. */

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <skalibs/djbunix.h>
#include <skalibs/posixplz.h>
#include "mds-config.h"
#include "msg-internal.h"

int msg_tmpfd (char const *dir)
{
  int fd ;
  if (!dir) dir = getenv("TMPDIR") ;
  if (!dir || !*dir) dir = MDS_TMPDIR ;
#ifdef O_TMPFILE
  fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600) ;
  if (fd >= 0) return fd ;
#endif
  {
    size_t n = strlen(dir) ;
    char fn[n + 20] ;
    memcpy(fn, dir, n) ;
    memcpy(fn + n, "/maildrop.XXXXXX", 17) ;
    fd = mkstemp(fn) ;
    if (fd < 0) return -1 ;
    unlink_void(fn) ;
    if (coe(fd) < 0) { fd_close(fd) ; return -1 ; }
  }
  return fd ;
}
