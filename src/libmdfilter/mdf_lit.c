/* ISC license. */

/* The required literal of a regex: the longest run of plain characters
   at the top level of a pattern without alternation, each character not
   made optional by a quantifier.  Anything unusual (alternation, (?...)
   options, (*VERBS), \Q, \x, {...}) gives up: no literal, no shortcut.
   Caseless: in UTF mode k, s and non-ASCII letters have non-ASCII case
   variants (U+212A, U+017F...), so a line with an 8-bit byte always goes
   to pcre2; an ASCII line can be tested with ASCII case folding. */

#include <string.h>
#include "mdf-lit.h"

static int lower (int c)
{
  return c >= 'A' && c <= 'Z' ? c + 32 : c ;
}

static int plain (unsigned char c)
{
  if (c >= 'a' && c <= 'z') return 1 ;
  if (c >= 'A' && c <= 'Z') return 1 ;
  if (c >= '0' && c <= '9') return 1 ;
  return c == ' ' || c == '-' || c == '_' || c == ',' || c == ':' || c == ';'
      || c == '@' || c == '<' || c == '>' || c == '=' || c == '\'' || c == '"'
      || c == '%' || c == '&' || c == '!' || c == '~' || c == '/' || c == '`' ;
}

static int quant (char c)
{
  return c == '*' || c == '?' || c == '+' || c == '{' ;
}

/* a finished run: the longest so far becomes the main one, the others
   (3 bytes or more) are kept while there is room */
static void endrun (mdf_lit *l, char const *run, unsigned int rlen)
{
  if (rlen > l->len)
  {
    if (l->len >= 3 && l->nmore < MDF_LITMORE)
    {
      memcpy(l->more[l->nmore].s, l->s, l->len) ;
      l->more[l->nmore++].len = l->len ;
    }
    memcpy(l->s, run, rlen) ; l->len = rlen ;
  }
  else if (rlen >= 3 && l->nmore < MDF_LITMORE)
  {
    memcpy(l->more[l->nmore].s, run, rlen) ;
    l->more[l->nmore++].len = rlen ;
  }
}

void mdf_lit_make (mdf_lit *l, char const *re, size_t n, int caseless)
{
  char run[MDF_LITMAX] ;
  unsigned int rlen = 0 ;
  unsigned int depth = 0 ;
  size_t i = 0 ;
  l->len = 0 ;
  l->nmore = 0 ;
  l->caseless = caseless ;
  l->anchor = 0 ;
  if (memchr(re, '|', n) || memchr(re, '{', n) || memchr(re, '#', n)) goto none ;
  while (i < n)
  {
    unsigned char c = re[i] ;
    int lit = -1 ;
    size_t next = i + 1 ;
    if (c == '\\')
    {
      unsigned char d ;
      if (i + 1 >= n) goto none ;
      d = re[i+1] ;
      next = i + 2 ;
      if ((d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z') || (d >= '0' && d <= '9'))
      {
        /* single-character classes and assertions only */
        if (!strchr("dDwWsSbBhHvVRNAZz", d)) goto none ;
      }
      else if (d >= 0x80) goto none ;
      else lit = d ;
    }
    else if (c == '(')
    {
      if (i + 1 < n && (re[i+1] == '?' || re[i+1] == '*')) goto none ;
      depth++ ;
    }
    else if (c == ')') { if (depth) depth-- ; }
    else if (c == '[')
    {
      /* skip the class: ] first is a member, escapes are skipped */
      size_t j = i + 1 ;
      if (j < n && re[j] == '^') j++ ;
      if (j < n && re[j] == ']') j++ ;
      while (j < n && re[j] != ']')
      {
        if (re[j] == '\\') j++ ;
        else if (re[j] == '[' && j + 1 < n && re[j+1] == ':') goto none ;
        j++ ;
      }
      if (j >= n) goto none ;
      next = j + 1 ;
    }
    else if (plain(c)) lit = c ;
    else if (c >= 0x80) goto none ;
    /* anything else (. ^ $ quantifiers) just ends the run */
    if (lit >= 0 && !depth && !(next < n && quant(re[next])))
    {
      if (rlen < MDF_LITMAX) run[rlen++] = caseless ? lower(lit) : lit ;
    }
    else
    {
      if (rlen) endrun(l, run, rlen) ;
      rlen = 0 ;
    }
    i = next ;
  }
  if (rlen) endrun(l, run, rlen) ;
  if (l->len < 3) goto none ;
  /* the anchor: a non-letter if any (one memchr instead of two) */
  l->anchor = 0 ;
  for (i = 0 ; i < l->len ; i++)
    if (lower(l->s[i]) < 'a' || lower(l->s[i]) > 'z') { l->anchor = i ; break ; }
  return ;
 none:
  l->len = 0 ;
  l->nmore = 0 ;
}

static int eqcase (char const *s, char const *lit, size_t k)
{
  size_t j ;
  for (j = 0 ; j < k ; j++) if (lower((unsigned char)s[j]) != lit[j]) return 0 ;
  return 1 ;
}

/* memchr for the anchor byte (both cases of a letter), then compare */
static char const *find (char const *lit, size_t k, size_t a, int caseless, char const *s, size_t n)
{
  char lo, up ;
  char const *p, *end, *pl = 0, *pu = 0 ;
  if (n < k) return 0 ;
  lo = lit[a] ;
  up = caseless && lo >= 'a' && lo <= 'z' ? lo - 32 : lo ;
  p = s + a ;
  end = s + n - k + 1 + a ;
  while (p < end)
  {
    if (lo == up)
    {
      p = memchr(p, lo, end - p) ;
      if (!p) return 0 ;
    }
    else
    {
      if (!pl || pl < p) { pl = memchr(p, lo, end - p) ; if (!pl) pl = end ; }
      if (!pu || pu < p) { pu = memchr(p, up, end - p) ; if (!pu) pu = end ; }
      p = pl < pu ? pl : pu ;
      if (p >= end) return 0 ;
    }
    if (caseless ? eqcase(p - a, lit, k) : !memcmp(p - a, lit, k)) return p - a ;
    p++ ;
  }
  return 0 ;
}

char const *mdf_lit_find (mdf_lit const *l, char const *s, size_t n)
{
  return find(l->s, l->len, l->anchor, l->caseless, s, n) ;
}

int mdf_lit_may (mdf_lit const *l, char const *s, size_t n, int ascii)
{
  if (!l->len) return 1 ;
  if (l->caseless && !ascii) return 1 ;
  if (!mdf_lit_find(l, s, n)) return 0 ;
  for (unsigned int i = 0 ; i < l->nmore ; i++)
    if (!find(l->more[i].s, l->more[i].len, 0, l->caseless, s, n)) return 0 ;
  return 1 ;
}
