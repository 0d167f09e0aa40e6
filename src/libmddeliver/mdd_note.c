/* ISC license. */

#include <errno.h>
#include <string.h>
#include <skalibs/buffer.h>
#include "mddeliver-internal.h"

void mdd_note (mddeliver_opts const *o, char const *s1, char const *s2, char const *s3, char const *s4)
{
  buffer_puts(buffer_2, o && o->prog ? o->prog : "maildrop") ;
  buffer_puts(buffer_2, ": ") ;
  if (s1) buffer_puts(buffer_2, s1) ;
  if (s2) buffer_puts(buffer_2, s2) ;
  if (s3) buffer_puts(buffer_2, s3) ;
  if (s4) buffer_puts(buffer_2, s4) ;
  buffer_putflush(buffer_2, "\n", 1) ;
}

void mdd_notesys (mddeliver_opts const *o, char const *s1, char const *s2)
{
  int e = errno ;
  mdd_note(o, s1, s2, ": ", strerror(e)) ;
  errno = e ;
}
