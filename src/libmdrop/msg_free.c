/* ISC license. */

#include <skalibs/djbunix.h>
#include "msg.h"

void msg_free (msg *m)
{
  stralloc_free(&m->prefix) ;
  stralloc_free(&m->mem) ;
  if (m->fd >= 0 && m->ownfd) fd_close(m->fd) ;
  m->fd = -1 ; m->ownfd = 0 ; m->len = 0 ; m->lines = 0 ; m->base = 0 ;
}
