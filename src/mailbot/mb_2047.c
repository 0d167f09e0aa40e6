/* ISC license. */

/* RFC 2047 encoded words (Q and B) into UTF-8.  UTF-8 and US-ASCII are
   copied, ISO-8859-1 is converted; other charsets are copied as they are.
   White space between two encoded words goes, as the RFC says. */

#include <string.h>
#include <strings.h>
#include <skalibs/stralloc.h>
#include "mb-internal.h"

static void putchar8 (stralloc *sa, unsigned char c, int latin1)
{
  char buf[2] ;
  if (latin1 && c >= 0x80)
  {
    buf[0] = 0xc0 | (c >> 6) ;
    buf[1] = 0x80 | (c & 0x3f) ;
    if (!stralloc_catb(sa, buf, 2)) dienomem() ;
  }
  else if (!stralloc_catb(sa, (char *)&c, 1)) dienomem() ;
}

/* base64 into out (room for n bytes); the number of bytes */
static size_t b64 (char *out, char const *s, size_t n)
{
  size_t w = 0 ;
  unsigned int acc = 0, bits = 0 ;
  for (size_t i = 0 ; i < n ; i++)
  {
    int v = mb_b64val(s[i]) ;
    if (v < 0) continue ;
    acc = (acc << 6) | v ; bits += 6 ;
    if (bits >= 8) { bits -= 8 ; out[w++] = (acc >> bits) & 0xff ; }
  }
  return w ;
}

/* one encoded word at s[0..n) starting with "=?"; its length, or 0 */
static size_t word (stralloc *sa, char const *s, size_t n)
{
  char const *q1, *q2, *end ;
  size_t cslen ;
  int latin1 ;
  char enc ;
  if (n < 8 || s[0] != '=' || s[1] != '?') return 0 ;
  q1 = memchr(s + 2, '?', n - 2) ;
  if (!q1 || q1 + 3 > s + n || q1[2] != '?') return 0 ;
  enc = q1[1] ;
  if (enc != 'q' && enc != 'Q' && enc != 'b' && enc != 'B') return 0 ;
  q2 = q1 + 3 ;
  end = 0 ;
  for (char const *p = q2 ; p + 1 < s + n ; p++)
    if (p[0] == '?' && p[1] == '=') { end = p ; break ; }
  if (!end) return 0 ;
  cslen = q1 - s - 2 ;
  latin1 = cslen == 10 && !strncasecmp(s + 2, "iso-8859-1", 10) ;
  if (enc == 'q' || enc == 'Q')
  {
    for (char const *p = q2 ; p < end ; p++)
    {
      if (*p == '_') putchar8(sa, ' ', 0) ;
      else if (*p == '=' && p + 2 < end + 1 && mb_hexval(p[1]) >= 0 && mb_hexval(p[2]) >= 0)
      {
        putchar8(sa, (unsigned char)(mb_hexval(p[1]) * 16 + mb_hexval(p[2])), latin1) ;
        p += 2 ;
      }
      else putchar8(sa, (unsigned char)*p, latin1) ;
    }
  }
  else
  {
    size_t len = end - q2 ;
    char out[len + 1] ;
    size_t r = b64(out, q2, len) ;
    for (size_t i = 0 ; i < r ; i++) putchar8(sa, (unsigned char)out[i], latin1) ;
  }
  return end + 2 - s ;
}

void mb_decode2047 (stralloc *sa, char const *s, size_t n)
{
  size_t i = 0 ;
  int prevword = 0 ;
  while (i < n)
  {
    size_t r ;
    if (s[i] == '=' && (r = word(sa, s + i, n - i)))
    {
      i += r ; prevword = 1 ;
      continue ;
    }
    if (prevword && (s[i] == ' ' || s[i] == '\t'))
    {
      size_t j = i ;
      while (j < n && (s[j] == ' ' || s[j] == '\t')) j++ ;
      if (j < n && s[j] == '=' && j + 1 < n && s[j+1] == '?')
      {
        stralloc tmp = STRALLOC_ZERO ;
        if (word(&tmp, s + j, n - j)) { stralloc_free(&tmp) ; i = j ; continue ; }
        stralloc_free(&tmp) ;
      }
    }
    prevword = 0 ;
    if (!stralloc_catb(sa, s + i, 1)) dienomem() ;
    i++ ;
  }
}
