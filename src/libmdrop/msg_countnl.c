/* ISC license. */

#include <string.h>
#include "msg-internal.h"

uint64_t msg_countnl (char const *s, size_t len)
{
  uint64_t n = 0 ;
  char const *end = s + len ;
  for (;;)
  {
    char const *p = memchr(s, '\n', end - s) ;
    if (!p) break ;
    n++ ; s = p + 1 ;
  }
  return n ;
}
