/* ISC license. */

/* The line reader: one line of pushback, for header folding. */

#include <errno.h>
#include <skalibs/buffer.h>
#include <skalibs/stralloc.h>
#include <skalibs/skamisc.h>
#include "rf-internal.h"

static stralloc back = STRALLOC_ZERO ;
static int hasback = 0 ;

int rf_getline (stralloc *sa)
{
  int r ;
  sa->len = 0 ;
  if (hasback)
  {
    hasback = 0 ;
    return stralloc_copyb(sa, back.s, back.len) ? 1 : -1 ;
  }
  r = skagetln(buffer_0, sa, '\n') ;
  if (r < 0)
  {
    if (errno != EPIPE) return -1 ;
    if (!sa->len) return 0 ;  /* EOF */
  }
  else if (!r) return 0 ;
  else sa->len-- ;  /* the \n */
  if (sa->len && sa->s[sa->len - 1] == '\r') sa->len-- ;
  return 1 ;
}

void rf_ungetline (stralloc const *sa)
{
  back.len = 0 ;
  if (!stralloc_catb(&back, sa->s, sa->len)) dienomem() ;
  hasback = 1 ;
}

/* read and discard the rest of stdin, so that a writer never sees EPIPE */
int rf_drain (void)
{
  hasback = 0 ;
  for (;;)
  {
    ssize_t r = buffer_fill(buffer_0) ;
    if (r < 0) return -1 ;
    if (!r) return 0 ;
    buffer_rseek(buffer_0, buffer_len(buffer_0)) ;
  }
}
