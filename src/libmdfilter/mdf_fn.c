/* ISC license. */

/* String built-ins: escape, substr, tolower, toupper (FN-01, FN-05, FN-07). */

#include <skalibs/stralloc.h>
#include "mdf-internal.h"

int mdf_escape (char const *s, size_t len, stralloc *out)
{
  static char const special[] = "|!$()[]\\+*?.&;`'-~<>^{}\"" ;
  if (!stralloc_readyplus(out, 2 * len)) return 0 ;
  for (size_t i = 0 ; i < len ; i++)
  {
    char c = s[i] ;
    if (c)
      for (char const *q = special ; *q ; q++)
        if (*q == c) { out->s[out->len++] = '\\' ; break ; }
    out->s[out->len++] = c ;
  }
  return 1 ;
}

int mdf_case (char const *s, size_t len, int upper, stralloc *out)
{
  if (!stralloc_readyplus(out, len)) return 0 ;
  for (size_t i = 0 ; i < len ; i++)
  {
    char c = s[i] ;
    if (upper && c >= 'a' && c <= 'z') c -= 32 ;
    else if (!upper && c >= 'A' && c <= 'Z') c += 32 ;
    out->s[out->len++] = c ;
  }
  return 1 ;
}

/* D14: a negative count gives an empty string (the reference crashes) */
int mdf_substr (char const *s, size_t len, long start, int hascount, long count, stralloc *out)
{
  size_t n ;
  if (start < 0 || (size_t)start >= len) return 1 ;
  n = len - start ;
  if (hascount)
  {
    if (count < 0) count = 0 ;
    if ((unsigned long)count < n) n = count ;
  }
  return stralloc_catb(out, s + start, n) ;
}
