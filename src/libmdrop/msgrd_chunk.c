/* ISC license. */

#include "msg.h"

/* Zero-copy for the prefix and for in-memory messages; a file-backed
   message goes through r->buf. */

ssize_t msgrd_chunk (msgrd *r, char const **s)
{
  msg const *m = r->m ;
  if (r->bpos < r->blen)
  {
    size_t n = r->blen - r->bpos ;
    *s = r->buf + r->bpos ;
    r->bpos = r->blen ;
    return n ;
  }
  if (r->pos < m->prefix.len)
  {
    size_t n = m->prefix.len - r->pos ;
    *s = m->prefix.s + r->pos ;
    r->pos += n ;
    return n ;
  }
  if (r->pos >= m->prefix.len + m->len) return 0 ;
  if (m->fd < 0)
  {
    uint64_t off = r->pos - m->prefix.len ;
    size_t n = m->len - off ;
    *s = m->mem.s + off ;
    r->pos += n ;
    return n ;
  }
  {
    ssize_t n = msg_pread(m, r->buf, sizeof r->buf, r->pos) ;
    if (n <= 0) return n ;
    r->pos += n ;
    *s = r->buf ;
    return n ;
  }
}
