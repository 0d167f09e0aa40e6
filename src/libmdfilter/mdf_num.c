/* ISC license. */

/* Numbers (EXPR-01, EXPR-08) and truth (EXPR-02).
   <stdio.h> only for snprintf's %.22g, which is the reference format. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <skalibs/stralloc.h>
#include "mdf-internal.h"

/* strtod/strtol need a terminated string; values may be long */
#define NUMMAX 128

static size_t term (char *buf, char const *s, size_t len)
{
  size_t i = 0 ;
  /* leading whitespace is skipped by strtod itself, but keep the useful part */
  while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f' || s[i] == '\v')) i++ ;
  len -= i ; s += i ;
  if (len > NUMMAX - 1) len = NUMMAX - 1 ;
  if (len) memcpy(buf, s, len) ;
  buf[len] = 0 ;
  return len ;
}

double mdf_atof (char const *s, size_t len)
{
  char buf[NUMMAX] ;
  term(buf, s, len) ;
  return strtod(buf, 0) ;
}

long mdf_atol (char const *s, size_t len)
{
  char buf[NUMMAX] ;
  term(buf, s, len) ;
  return strtol(buf, 0, 10) ;
}

int mdf_catnum (stralloc *sa, double d)
{
  char buf[400] ;
  int n = snprintf(buf, sizeof(buf), "%.22g", d) ;
  if (n < 0) n = 0 ;
  if ((size_t)n >= sizeof(buf)) n = sizeof(buf) - 1 ;
  return stralloc_catb(sa, buf, n) ;
}

static int isspc (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ;
}

/* EXPR-02, with the reference's quirks: after "0." one more character is
   skipped before the zeros, so "0.0" is true and "0.00" false. */
int mdf_true (char const *s, size_t len)
{
  size_t i = 0 ;
  while (i < len && isspc(s[i])) i++ ;
  if (i >= len) return 0 ;
  if (s[i] == '0')
  {
    i++ ;
    if (i < len && s[i] == '.')
    {
      i += 2 ;
      if (i >= len) return 1 ;
      goto zeros ;
    }
    while (i < len && isspc(s[i])) i++ ;
    return i < len ;
  }
  if (s[i] == '.')
  {
    i++ ;
    if (i >= len) return 1 ;
    goto zeros ;
  }
  return 1 ;
 zeros:
  while (i < len && s[i] == '0') i++ ;
  while (i < len && isspc(s[i])) i++ ;
  return i < len ;
}
