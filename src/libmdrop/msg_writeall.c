/* ISC license. */

#include <skalibs/allreadwrite.h>
#include "msg.h"

int msg_writeall (msg const *m, int fd)
{
  msgrd r ;
  msgrd_init(&r, m) ;
  for (;;)
  {
    char const *s ;
    ssize_t n = msgrd_chunk(&r, &s) ;
    if (n < 0) return 0 ;
    if (!n) return 1 ;
    if (allwrite(fd, s, n) < (size_t)n) return 0 ;
  }
}
