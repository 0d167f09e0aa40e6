/* ISC license. */

#include <string.h>
#include "msg.h"

/* Lines are assembled in sa; the part of a chunk after the line is kept
   in r->buf for the next call (chunks from memory are re-pointed). */

int msgrd_line (msgrd *r, stralloc *sa)
{
  int got = 0 ;
  for (;;)
  {
    char const *s ;
    char const *p ;
    ssize_t n ;
    if (r->bpos < r->blen)
    {
      s = r->buf + r->bpos ; n = r->blen - r->bpos ;
      p = memchr(s, '\n', n) ;
      if (p)
      {
        size_t k = p + 1 - s ;
        if (!stralloc_catb(sa, s, k)) return -1 ;
        r->bpos += k ;
        return 1 ;
      }
      if (!stralloc_catb(sa, s, n)) return -1 ;
      r->bpos = r->blen ; got = 1 ;
      continue ;
    }
    if (r->pos < r->m->prefix.len || (r->m->fd < 0 && r->pos < r->m->prefix.len + r->m->len))
    {
      /* memory-backed: find the line directly, no copy into buf */
      char const *base = r->pos < r->m->prefix.len ? r->m->prefix.s + r->pos : r->m->mem.s + (r->pos - r->m->prefix.len) ;
      size_t avail = r->pos < r->m->prefix.len ? r->m->prefix.len - r->pos : r->m->prefix.len + r->m->len - r->pos ;
      p = memchr(base, '\n', avail) ;
      if (p)
      {
        size_t k = p + 1 - base ;
        if (!stralloc_catb(sa, base, k)) return -1 ;
        r->pos += k ;
        return 1 ;
      }
      if (!stralloc_catb(sa, base, avail)) return -1 ;
      r->pos += avail ; got = 1 ;
      continue ;
    }
    if (r->pos >= r->m->prefix.len + r->m->len) return got ;
    n = msg_pread(r->m, r->buf, sizeof r->buf, r->pos) ;
    if (n < 0) return -1 ;
    if (!n) return got ;
    r->pos += n ; r->bpos = 0 ; r->blen = n ;
  }
}
