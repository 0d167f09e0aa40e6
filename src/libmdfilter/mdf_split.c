/* ISC license. */

/* Split lexed string text into literal and variable segments, once, at
   parse time (VAR-02, VAR-03, VAR-04): expansion then costs one pass. */

#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include "mdvars.h"
#include "mdf-internal.h"

static int isname (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ;
}

static int isspc (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ;
}

static int addlit (mdf_prog *p, char const *s, size_t n)
{
  if (!n) return 1 ;
  {
    mdf_seg g = { .kind = SEG_LIT, .off = p->text.len, .len = n, .var = -1 } ;
    if (!stralloc_catb(&p->text, s, n)) return 0 ;
    return genalloc_append(mdf_seg, &p->segs, &g) ;
  }
}

static int addvar (mdf_prog *p, char const *name, size_t n)
{
  mdf_seg g = { .kind = SEG_VAR, .off = 0, .len = 0, .var = mdvar_index(name, n) } ;
  if (g.var < 0) return 0 ;
  return genalloc_append(mdf_seg, &p->segs, &g) ;
}

int mdf_split (mdf_prog *p, char const *s, size_t len, uint32_t *seg, uint32_t *nseg)
{
  size_t i = 0, lit = 0 ;
  size_t first = genalloc_len(mdf_seg, &p->segs) ;
  while (i < len)
  {
    if (s[i] == '\\')
    {
      i += i + 1 < len ? 2 : 1 ;
      continue ;
    }
    if (s[i] != '$' || i + 1 >= len) { i++ ; continue ; }
    if (isname(s[i+1]))
    {
      size_t j = i + 1 ;
      while (j < len && isname(s[j])) j++ ;
      if (!addlit(p, s + lit, i - lit)) return 0 ;
      if (!addvar(p, s + i + 1, j - i - 1)) return 0 ;
      i = lit = j ;
      continue ;
    }
    if (s[i+1] == '{')
    {
      size_t j = i + 2 ;
      while (j < len && s[j] != '}' && !isspc(s[j])) j++ ;
      if (!addlit(p, s + lit, i - lit)) return 0 ;
      if (j < len && s[j] == '}')
      {
        if (!addvar(p, s + i + 2, j - i - 2)) return 0 ;
        i = lit = j + 1 ;
      }
      else
      {
        mdf_seg g = { .kind = SEG_BADBRACE, .off = p->text.len, .len = 2, .var = -1 } ;
        if (!stralloc_catb(&p->text, "${", 2)) return 0 ;
        if (!genalloc_append(mdf_seg, &p->segs, &g)) return 0 ;
        i = lit = i + 2 ;
      }
      continue ;
    }
    i++ ;
  }
  if (lit < len)
  {
    if (!addlit(p, s + lit, len - lit)) return 0 ;
  }
  *seg = first ;
  *nseg = genalloc_len(mdf_seg, &p->segs) - first ;
  return 1 ;
}
