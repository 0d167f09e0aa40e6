/* ISC license. */

#include <string.h>
#include <strings.h>
#include <skalibs/stralloc.h>
#include "mdview-internal.h"

static char const *const addrhdrs[] =
{
  "from", "to", "cc", "bcc", "resent-from", "resent-to", "resent-cc", "resent-bcc", 0
} ;

int mdv_hdr_isaddr (char const *name, size_t len)
{
  char const *const *p ;
  for (p = addrhdrs ; *p ; p++)
    if (strlen(*p) == len && !strncasecmp(*p, name, len)) return 1 ;
  return 0 ;
}

size_t mdv_hdr_is (char const *h, size_t n, char const *name)
{
  size_t len = strlen(name) ;
  if (n <= len || h[len] != ':' || strncasecmp(h, name, len)) return 0 ;
  return len + 1 ;
}

static int isws (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' ;
}

/* tmp: scratch.  The name is kept as written (a header without a colon
   is all name).  The text of a value is cut down to valid UTF-8, but in
   address headers only display names from quotes or comments are: as
   in the reference, other raw 8-bit text stays, and mdview_scan then
   withholds the line. */
int mdv_hdr_render (char const *h, size_t n, stralloc *out, stralloc *tmp)
{
  char const *colon = memchr(h, ':', n) ;
  size_t v, e, base, i ;
  if (!colon) return stralloc_catb(out, h, n) && stralloc_catb(out, ": \n", 3) ;
  v = colon + 1 - h ; e = n ;
  while (v < e && isws(h[v])) v++ ;
  while (e > v && isws(h[e-1])) e-- ;
  /* unfold into the tail of out, render into tmp, then clean into out */
  if (!stralloc_catb(out, h, colon - h) || !stralloc_catb(out, ": ", 2)) return 0 ;
  base = out->len ;
  if (!stralloc_catb(out, h + v, e - v)) return 0 ;
  for (i = base ; i < out->len ; i++) if (out->s[i] == '\n') out->s[i] = ' ' ;
  tmp->len = 0 ;
  if (mdv_hdr_isaddr(h, colon - h))
  {
    if (!mdv_addr_render(out->s + base, out->len - base, tmp)) return 0 ;
  }
  else if (!mdv_2047(out->s + base, out->len - base, 1, tmp)) return 0 ;
  out->len = base ;
  for (i = 0 ; i < tmp->len ; i++) if (tmp->s[i] == '\n') tmp->s[i] = ' ' ;
  if (!stralloc_catb(out, tmp->s, tmp->len)) return 0 ;
  return stralloc_catb(out, "\n", 1) ;
}

/* A parameter of a structured value: ...; name=value or name="value" */
int mdv_param (char const *v, size_t n, char const *name, int lower, stralloc *out)
{
  size_t len = strlen(name), i = 0 ;
  out->len = 0 ;
  for (;;)
  {
    char const *semi = memchr(v + i, ';', n - i) ;
    if (!semi) return 0 ;
    i = semi + 1 - v ;
    while (i < n && isws(v[i])) i++ ;
    if (n - i > len && !strncasecmp(v + i, name, len))
    {
      size_t j = i + len ;
      while (j < n && isws(v[j])) j++ ;
      if (j < n && v[j] == '=')
      {
        j++ ;
        while (j < n && isws(v[j])) j++ ;
        if (j < n && v[j] == '"')
        {
          for (j++ ; j < n && v[j] != '"' ; j++)
          {
            if (v[j] == '\\' && j + 1 < n) j++ ;
            if (!stralloc_catb(out, v + j, 1)) return 0 ;
          }
        }
        else
          for (; j < n && !isws(v[j]) && v[j] != ';' ; j++)
            if (!stralloc_catb(out, v + j, 1)) return 0 ;
        if (lower) for (j = 0 ; j < out->len ; j++) if (out->s[j] >= 'A' && out->s[j] <= 'Z') out->s[j] += 32 ;
        return 1 ;
      }
    }
  }
}
