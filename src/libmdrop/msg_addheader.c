/* ISC license. */

#include "msg.h"

int msg_addheader (msg *m, char const *s, size_t len)
{
  if (!len) return 1 ;
  return stralloc_catb(&m->prefix, s, len) && stralloc_catb(&m->prefix, "\n", 1) ;
}
