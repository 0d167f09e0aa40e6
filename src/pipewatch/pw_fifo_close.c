/* ISC license. */

#include <skalibs/djbunix.h>

#include "pipewatch.h"

void pw_fifo_close (pwfifo *f)
{
  if (f->wfd >= 0) fd_close(f->wfd) ;
  if (f->rfd >= 0) fd_close(f->rfd) ;
  f->wfd = f->rfd = -1 ;
}
