/* ISC license. */

/* A small RFC 2822 address-list reader: enough to find each address, the
   way it was written, its bare form and its display name. */

#include <string.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include "mb-internal.h"

static int isws (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' ;
}

static size_t skipquoted (char const *s, size_t n, size_t i, char open, char close)
{
  unsigned int depth = 0 ;
  for (; i < n ; i++)
  {
    if (s[i] == '\\') { i++ ; continue ; }
    if (s[i] == open && open != close) depth++ ;
    else if (s[i] == close)
    {
      if (open == close) { if (depth++) return i + 1 ; }
      else if (!--depth) return i + 1 ;
    }
    else if (open == close && !depth) depth = 1 ;
  }
  return n ;
}

/* The display name from a phrase, as the reference shows it: without any
   quote, the words joined by one space (comments included); with quotes,
   the text as it is, less one quote at each end and the backslashes of
   quoted pairs.  Encoded words are decoded. */
static void phrase (stralloc *sa, char const *s, size_t n)
{
  stralloc raw = STRALLOC_ZERO ;
  size_t i = 0 ;
  while (n && isws(*s)) { s++ ; n-- ; }
  while (n && isws(s[n-1])) n-- ;
  if (memchr(s, '"', n))
  {
    if (n && s[0] == '"') { s++ ; n-- ; }
    if (n && s[n-1] == '"' && !(n >= 2 && s[n-2] == '\\')) n-- ;
    for (i = 0 ; i < n ; i++)
    {
      if (s[i] == '\\' && i + 1 < n) i++ ;
      if (!stralloc_catb(&raw, s + i, 1)) dienomem() ;
    }
  }
  else
  {
    int sp = 0 ;
    while (i < n)
    {
      if (isws(s[i])) { sp = raw.len > 0 ; i++ ; continue ; }
      if (sp && !stralloc_catb(&raw, " ", 1)) dienomem() ;
      sp = 0 ;
      if (s[i] == '(')
      {
        /* a comment in a phrase stays, parentheses included */
        size_t e = skipquoted(s, n, i, '(', ')') ;
        if (!stralloc_catb(&raw, s + i, e - i)) dienomem() ;
        i = e ;
      }
      else
      {
        size_t j = i ;
        while (j < n && !isws(s[j]) && s[j] != '(') j++ ;
        if (!stralloc_catb(&raw, s + i, j - i)) dienomem() ;
        i = j ;
      }
    }
  }
  mb_decode2047(sa, raw.s, raw.len) ;
  stralloc_free(&raw) ;
}

static void trimcat (stralloc *sa, char const *s, size_t n, size_t *pos, size_t *len)
{
  while (n && isws(*s)) { s++ ; n-- ; }
  while (n && isws(s[n-1])) n-- ;
  *pos = sa->len ;
  if (!stralloc_catb(sa, s, n)) dienomem() ;
  *len = n ;
}

/* one element (between commas), s[0..n) */
static void element (genalloc *list, stralloc *pool, char const *s, size_t n)
{
  mbaddr a ;
  size_t i, lt = n, gt = n, cstart = n, cend = n ;
  int hasat = 0 ;
  for (i = 0 ; i < n ; )
  {
    if (s[i] == '"') { i = skipquoted(s, n, i, '"', '"') ; continue ; }
    if (s[i] == '(')
    {
      size_t e = skipquoted(s, n, i, '(', ')') ;
      if (cstart == n) { cstart = i + 1 ; cend = e > i + 1 ? e - 1 : e ; }
      i = e ; continue ;
    }
    if (s[i] == '<' && lt == n) lt = i ;
    else if (s[i] == '>' && lt < n && gt == n) gt = i ;
    else if (s[i] == '@') hasat = 1 ;
    i++ ;
  }
  trimcat(pool, s, n, &a.text, &a.textlen) ;
  if (!a.textlen) return ;
  if (lt < n)
  {
    size_t ae = gt < n ? gt : n ;
    size_t k ;
    trimcat(pool, s + lt + 1, ae - lt - 1, &a.addr, &a.addrlen) ;
    if (!a.addrlen && !hasat && lt == 0) { /* "<>" */ }
    k = pool->len ;
    phrase(pool, s, lt) ;
    a.name = k ; a.namelen = pool->len - k ;
    {
      /* no phrase at all: the address names itself */
      size_t j = 0 ;
      while (j < lt && isws(s[j])) j++ ;
      if (j == lt) { a.name = a.addr ; a.namelen = a.addrlen ; }
    }
  }
  else
  {
    /* addr-spec, possibly with comments: the text without them */
    stralloc tmp = STRALLOC_ZERO ;
    for (i = 0 ; i < n ; )
    {
      if (s[i] == '(') { i = skipquoted(s, n, i, '(', ')') ; continue ; }
      if (s[i] == '"')
      {
        size_t e = skipquoted(s, n, i, '"', '"') ;
        if (!stralloc_catb(&tmp, s + i, e - i)) dienomem() ;
        i = e ; continue ;
      }
      if (!isws(s[i]) && !stralloc_catb(&tmp, s + i, 1)) dienomem() ;
      i++ ;
    }
    trimcat(pool, tmp.s, tmp.len, &a.addr, &a.addrlen) ;
    stralloc_free(&tmp) ;
    if (!a.addrlen) return ;
    if (cstart < n)
    {
      size_t k = pool->len ;
      phrase(pool, s + cstart, cend - cstart) ;
      a.name = k ; a.namelen = pool->len - k ;
    }
    else { a.name = a.addr ; a.namelen = a.addrlen ; }
  }
  if (!genalloc_append(mbaddr, list, &a)) dienomem() ;
}

void mb_addrlist (genalloc *list, stralloc *pool, char const *s, size_t n)
{
  size_t i = 0, start = 0 ;
  int inangle = 0 ;
  while (i < n)
  {
    char c = s[i] ;
    if (c == '"') { i = skipquoted(s, n, i, '"', '"') ; continue ; }
    if (c == '(') { i = skipquoted(s, n, i, '(', ')') ; continue ; }
    if (c == '<') inangle = 1 ;
    else if (c == '>') inangle = 0 ;
    else if (!inangle && c == ':')
    {
      /* a group name, or a route inside an address: a group has no @
         before its colon */
      if (!memchr(s + start, '@', i - start)) start = i + 1 ;
    }
    else if (!inangle && (c == ',' || c == ';'))
    {
      element(list, pool, s + start, i - start) ;
      start = i + 1 ;
    }
    i++ ;
  }
  if (start < n) element(list, pool, s + start, n - start) ;
}
