/* ISC license. */

#include <skalibs/djbunix.h>
#include "msg.h"

int msg_replace (msg *m, int fd, char const *tmpdir)
{
  msg n = MSG_ZERO ;
  if (!msg_load(&n, fd, tmpdir)) { msg_free(&n) ; return 0 ; }
  msg_free(m) ;
  *m = n ;
  return 1 ;
}
