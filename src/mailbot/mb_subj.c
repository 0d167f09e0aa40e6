/* ISC license. */

/* The core of a subject, for "Re: <core>": leading "Re:", "Re[n]:",
   "Fwd:" and "Fw:" go, with any "[list]" tags before them (a "[tag]" not
   followed by one of these stays), as does a trailing "(fwd)"; runs of
   white space become one space. */

#include <string.h>
#include <strings.h>
#include <skalibs/stralloc.h>
#include "mb-internal.h"

static int isws (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' ;
}

/* length of a leading "re:", "fw:" or "fwd:", with an optional "[n]"
   right after the word, 0 if none */
static size_t refwd (char const *s, size_t n)
{
  size_t i ;
  if (n >= 2 && !strncasecmp(s, "re", 2)) i = 2 ;
  else if (n >= 3 && !strncasecmp(s, "fwd", 3)) i = 3 ;
  else if (n >= 2 && !strncasecmp(s, "fw", 2)) i = 2 ;
  else return 0 ;
  if (i < n && s[i] == '[')
  {
    char const *e = memchr(s + i, ']', n - i) ;
    if (!e) return 0 ;
    i = e - s + 1 ;
  }
  return i < n && s[i] == ':' ? i + 1 : 0 ;
}

/* length of a leading "[blob] ... re:" (blobs only go with a re:), 0 if none */
static size_t tag (char const *s, size_t n)
{
  size_t i = 0, t ;
  while (i < n && s[i] == '[')
  {
    char const *e = memchr(s + i, ']', n - i) ;
    if (!e) return 0 ;
    i = e - s + 1 ;
    while (i < n && isws(s[i])) i++ ;
  }
  t = refwd(s + i, n - i) ;
  return t ? i + t : 0 ;
}

void mb_coresubj (stralloc *sa, char const *s, size_t n)
{
  size_t start = sa->len ;
  int sp = 0 ;
  /* collapse white space first */
  for (size_t i = 0 ; i < n ; i++)
  {
    if (isws(s[i])) { sp = 1 ; continue ; }
    if (sp && sa->len > start && !stralloc_catb(sa, " ", 1)) dienomem() ;
    sp = 0 ;
    if (!stralloc_catb(sa, s + i, 1)) dienomem() ;
  }
  for (;;)
  {
    size_t len = sa->len - start, t ;
    char *p = sa->s + start ;
    if (len >= 5 && !strncasecmp(p + len - 5, "(fwd)", 5))
    {
      sa->len -= 5 ;
      while (sa->len > start && sa->s[sa->len - 1] == ' ') sa->len-- ;
      continue ;
    }
    t = tag(p, len) ;
    if (!t) break ;
    while (t < len && p[t] == ' ') t++ ;
    memmove(p, p + t, len - t) ;
    sa->len -= t ;
  }
}
