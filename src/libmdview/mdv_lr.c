/* ISC license. */

#include <string.h>
#include <skalibs/stralloc.h>
#include "msg.h"
#include "mdview-internal.h"

void mdv_lr_init (mdv_lr *lr, msg const *m, int tail)
{
  msgrd_init(&lr->r, m) ;
  lr->tail = tail ;
  lr->chunk = 0 ;
  lr->clen = 0 ;
  lr->cpos = 0 ;
  lr->lbuf = stralloc_zero ;
}

void mdv_lr_free (mdv_lr *lr)
{
  stralloc_free(&lr->lbuf) ;
}

int mdv_lr_next (mdv_lr *lr, char const **s, size_t *n)
{
  lr->lbuf.len = 0 ;
  for (;;)
  {
    if (lr->cpos < lr->clen)
    {
      char const *b = lr->chunk + lr->cpos ;
      size_t avail = lr->clen - lr->cpos ;
      char const *p = memchr(b, '\n', avail) ;
      size_t k = p ? (size_t)(p - b) : avail ;
      if (p && !lr->lbuf.len)
      {
        lr->cpos += k + 1 ;
        *s = b ; *n = k < MDV_LINEMAX ? k : MDV_LINEMAX ;
        return 1 ;
      }
      if (lr->lbuf.len < MDV_LINEMAX)
      {
        size_t room = MDV_LINEMAX - lr->lbuf.len ;
        if (!stralloc_catb(&lr->lbuf, b, k < room ? k : room)) return -1 ;
      }
      if (p)
      {
        lr->cpos += k + 1 ;
        *s = lr->lbuf.s ; *n = lr->lbuf.len ;
        return 1 ;
      }
      lr->cpos = lr->clen ;
    }
    {
      ssize_t r = msgrd_chunk(&lr->r, &lr->chunk) ;
      if (r < 0) return -1 ;
      if (!r)
      {
        if (!lr->tail || !lr->lbuf.len) return 0 ;
        *s = lr->lbuf.s ; *n = lr->lbuf.len ;
        lr->tail = 0 ;
        return 1 ;
      }
      lr->clen = r ; lr->cpos = 0 ;
    }
  }
}
