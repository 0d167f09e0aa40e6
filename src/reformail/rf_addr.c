/* ISC license. */

/* The sender address for a From_ line (-f1) or a Return-Path (-f0). */

#include <string.h>
#include <skalibs/stralloc.h>
#include "rf-internal.h"

static int isws (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' ;
}

/* skips a (nested) comment starting at s[i] == '(' ; returns the index after it */
static size_t skipcomment (char const *s, size_t n, size_t i)
{
  unsigned int depth = 0 ;
  for (; i < n ; i++)
  {
    if (s[i] == '\\') { i++ ; continue ; }
    if (s[i] == '(') depth++ ;
    else if (s[i] == ')' && !--depth) return i + 1 ;
  }
  return n ;
}

static size_t skipquote (char const *s, size_t n, size_t i)
{
  for (i++ ; i < n ; i++)
  {
    if (s[i] == '\\') { i++ ; continue ; }
    if (s[i] == '"') return i + 1 ;
  }
  return n ;
}

static void trimcat (stralloc *sa, char const *s, size_t n)
{
  while (n && isws(*s)) { s++ ; n-- ; }
  while (n && isws(s[n-1])) n-- ;
  if (!stralloc_catb(sa, s, n)) dienomem() ;
}

/* The first address of an address-list header value: what is inside the
   first <...>, or else the first word; a group name is skipped. */
void rf_addr_header (stralloc *sa, char const *s, size_t n)
{
  size_t i = 0, start ;
  size_t end = n ;
  int at = 0 ;
  /* the end of the first element, and a group prefix */
  for (i = 0 ; i < n ; )
  {
    if (s[i] == '(') { i = skipcomment(s, n, i) ; continue ; }
    if (s[i] == '"') { i = skipquote(s, n, i) ; continue ; }
    if (s[i] == '<')
    {
      start = ++i ;
      while (i < n && s[i] != '>') i++ ;
      trimcat(sa, s + start, i - start) ;
      return ;
    }
    if (s[i] == ',' || s[i] == ';') { end = i ; break ; }
    if (s[i] == '@') at = 1 ;
    if (s[i] == ':' && !at) { s += i + 1 ; n -= i + 1 ; i = 0 ; continue ; }
    i++ ;
  }
  /* no angle brackets: the first word */
  for (i = 0 ; i < end ; )
  {
    if (isws(s[i])) { i++ ; continue ; }
    if (s[i] == '(') { i = skipcomment(s, end, i) ; continue ; }
    break ;
  }
  start = i ;
  while (i < end && !isws(s[i]) && s[i] != '(')
  {
    if (s[i] == '"') i = skipquote(s, end, i) ;
    else i++ ;
  }
  if (!stralloc_catb(sa, s + start, i - start)) dienomem() ;
}

/* "From addr date": the first word after "From ", without <> */
void rf_addr_fromline (stralloc *sa, char const *s, size_t n)
{
  size_t i = 5, start ;
  while (i < n && s[i] == ' ') i++ ;
  start = i ;
  while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '\n') i++ ;
  if (i > start && s[start] == '<') start++ ;
  if (i > start && s[i-1] == '>') i-- ;
  if (!stralloc_catb(sa, s + start, i - start)) dienomem() ;
}
