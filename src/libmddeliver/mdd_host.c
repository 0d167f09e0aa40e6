/* ISC license. */

#include <skalibs/stralloc.h>
#include <unistd.h>
#include "mddeliver-internal.h"

/* Computed once: the hostname, made safe for maildir names. */
char const *mdd_host (void)
{
  static stralloc host = STRALLOC_ZERO ;
  static int done = 0 ;
  if (!done)
  {
    char raw[256] ;
    if (gethostname(raw, sizeof(raw)) < 0 || !raw[0]) goto fallback ;
    raw[sizeof(raw) - 1] = 0 ;
    for (size_t i = 0 ; raw[i] ; i++)
    {
      char c = raw[i] ;
      if (!c) break ;
      if (c == '/' ? !stralloc_cats(&host, "\\057")
        : c == ':' ? !stralloc_cats(&host, "\\072")
        : !stralloc_catb(&host, &c, 1)) goto fallback ;
    }
    if (!stralloc_0(&host)) goto fallback ;
    done = 1 ;
    return host.s ;
   fallback:
    stralloc_free(&host) ;
    return "localhost" ;
  }
  return host.s ;
}

void mdd_fmtx16 (char *s, uint64_t u)
{
  static char const hex[16] = "0123456789ABCDEF" ;
  for (int i = 15 ; i >= 0 ; i--) { s[i] = hex[u & 15] ; u >>= 4 ; }
}
