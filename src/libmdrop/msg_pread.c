/* ISC license. */

#include <string.h>
#include <errno.h>
#include <unistd.h>
#include "msg.h"

ssize_t msg_pread (msg const *m, char *s, size_t n, uint64_t off)
{
  size_t w = 0 ;
  if (off < m->prefix.len)
  {
    w = m->prefix.len - off ;
    if (w > n) w = n ;
    memcpy(s, m->prefix.s + off, w) ;
    if (w == n) return w ;
    s += w ; n -= w ; off += w ;
  }
  off -= m->prefix.len ;
  if (off >= m->len) return w ;
  if (n > m->len - off) n = m->len - off ;
  if (m->fd < 0)
  {
    memcpy(s, m->mem.s + off, n) ;
    return w + n ;
  }
  for (;;)
  {
    ssize_t r = pread(m->fd, s, n, m->base + off) ;
    if (r < 0 && errno == EINTR) continue ;
    if (r < 0) return w ? (ssize_t)w : -1 ;
    return w + r ;
  }
}
