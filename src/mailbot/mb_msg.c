/* ISC license. */

/* The original message, read whole (mailbot needs its body to quote it). */

#include <string.h>
#include <strings.h>
#include <errno.h>
#include <skalibs/buffer.h>
#include <skalibs/stralloc.h>
#include <skalibs/skamisc.h>
#include "mb-internal.h"

stralloc mb_hdrs = STRALLOC_ZERO ;
stralloc mb_body = STRALLOC_ZERO ;
stralloc mb_raw = STRALLOC_ZERO ;
int mb_hasbody = 0 ;

void mb_readmsg (void)
{
  stralloc line = STRALLOC_ZERO ;
  int inhdr = 1 ;
  for (;;)
  {
    int r ;
    line.len = 0 ;
    r = skagetln(buffer_0, &line, '\n') ;
    if (r < 0 && errno != EPIPE) strerr_diefusys(75, "read stdin") ;
    if (!line.len) break ;
    if (!stralloc_catb(&mb_raw, line.s, line.len)) dienomem() ;
    if (!inhdr)
    {
      if (!stralloc_catb(&mb_body, line.s, line.len)) dienomem() ;
      continue ;
    }
    if (line.s[line.len - 1] == '\n') line.len-- ;
    if (line.len && line.s[line.len - 1] == '\r') line.len-- ;
    if (!line.len) { inhdr = 0 ; mb_hasbody = 1 ; continue ; }
    if ((line.s[0] == ' ' || line.s[0] == '\t') && mb_hdrs.len)
      mb_hdrs.len-- ;  /* a folded line: keep it with its header */
    if (!stralloc_catb(&mb_hdrs, line.s, line.len) || !stralloc_catb(&mb_hdrs, "\n", 1)) dienomem() ;
  }
  stralloc_free(&line) ;
}

/* the header's value, with white space at both ends removed; last != 0:
   the last such header, else the first */
int mb_header (char const *name, int last, char const **val, size_t *vlen)
{
  return mb_hfind(mb_hdrs.s, mb_hdrs.len, name, last, val, vlen) ;
}
