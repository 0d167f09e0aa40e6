/* ISC license. */

#include <stdint.h>
#include <string.h>
#include <skalibs/stralloc.h>
#include "mdview-internal.h"

/* Length of the valid UTF-8 sequence at s (1..6), 0 if s[0] cannot start
   one, or -k if the k bytes left are a valid but incomplete start.  As
   in the reference, the old long forms (code points beyond U+10FFFF) are
   kept here; mdview_scan then withholds the lines holding them. */
static int seqlen (unsigned char const *s, size_t n)
{
  unsigned char c = s[0] ;
  unsigned char lo = 0x80, hi = 0xbf ;
  int len, i ;
  if (c < 0x80) return 1 ;
  if (c < 0xc2) return 0 ;
  if (c < 0xe0) len = 2 ;
  else if (c < 0xf0)
  {
    len = 3 ;
    if (c == 0xe0) lo = 0xa0 ;
    else if (c == 0xed) hi = 0x9f ;
  }
  else if (c < 0xf8)
  {
    len = 4 ;
    if (c == 0xf0) lo = 0x90 ;
  }
  else if (c < 0xfc) len = 5 ;
  else if (c < 0xfe) len = 6 ;
  else return 0 ;
  for (i = 1 ; i < len ; i++)
  {
    if ((size_t)i >= n) return -i ;
    if (s[i] < lo || s[i] > hi) return 0 ;
    lo = 0x80 ; hi = 0xbf ;
  }
  return len ;
}

size_t mdv_utf8_put (char const *s, size_t n, int final, stralloc *out)
{
  unsigned char const *u = (unsigned char const *)s ;
  size_t i = 0 ;
  if (!mdv_room(out, n)) return (size_t)-1 ;
  while (i < n)
  {
    size_t j = i ;
    int k ;
    while (j + 8 <= n)  /* ASCII runs, 8 bytes at a time */
    {
      uint64_t w ;
      memcpy(&w, u + j, 8) ;
      if (w & 0x8080808080808080ULL) break ;
      j += 8 ;
    }
    while (j < n && u[j] < 0x80) j++ ;
    if (j > i) { memcpy(out->s + out->len, s + i, j - i) ; out->len += j - i ; i = j ; if (i >= n) break ; }
    k = seqlen(u + i, n - i) ;
    if (k > 0) { memcpy(out->s + out->len, s + i, k) ; out->len += k ; i += k ; }
    else if (!k) i++ ;
    else if (final) i++ ;
    else break ;
  }
  return i ;
}

int mdv_utf8_check (char const *s, size_t n)
{
  unsigned char const *u = (unsigned char const *)s ;
  size_t i = 0 ;
  while (i < n)
  {
    int k ;
    if (u[i] < 0x80) { i++ ; continue ; }
    k = seqlen(u + i, n - i) ;
    if (k <= 0 || k > 4 || u[i] >= 0xf5 || (u[i] == 0xf4 && u[i+1] >= 0x90)) return 0 ;
    i += k ;
  }
  return 1 ;
}
