/* ISC license. */

/* echo / log backslash processing (STMT-09). */

#include <skalibs/stralloc.h>
#include "mdf-internal.h"

int mdf_echofmt (char const *s, size_t len, stralloc *out)
{
  size_t i = 0 ;
  int nl = 1 ;
  if (!stralloc_readyplus(out, len + 1)) return 0 ;
  while (i < len)
  {
    char c = s[i++] ;
    if (c != '\\' || i >= len) { out->s[out->len++] = c ; continue ; }
    c = s[i++] ;
    switch (c)
    {
      case 'n' : c = '\n' ; break ;
      case 'r' : c = '\r' ; break ;
      case 't' : c = '\t' ; break ;
      case 'f' : c = '\f' ; break ;
      case 'v' : c = '\v' ; break ;
      case 'c' : if (i >= len) { nl = 0 ; continue ; } break ;
      default :
        if (c >= '0' && c <= '7')
        {
          unsigned int v = c - '0' ;
          while (i < len && s[i] >= '0' && s[i] <= '7') v = v * 8 + (s[i++] - '0') ;
          c = (char)v ;
        }
        break ;
    }
    out->s[out->len++] = c ;
  }
  if (nl) out->s[out->len++] = '\n' ;
  return 1 ;
}
