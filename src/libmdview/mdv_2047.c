/* ISC license. */

#include <string.h>
#include <skalibs/stralloc.h>
#include "mdview-internal.h"

static int hexval (char c)
{
  if (c >= '0' && c <= '9') return c - '0' ;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10 ;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10 ;
  return -1 ;
}


/* Decode the text of one word; only whole base64 quartets count. */
static int decode (char enc, char const *s, size_t n, stralloc *out)
{
  size_t i ;
  if (!stralloc_readyplus(out, n)) return 0 ;
  if (enc == 'q' || enc == 'Q')
  {
    for (i = 0 ; i < n ; i++)
    {
      if (s[i] == '_') out->s[out->len++] = ' ' ;
      else if (s[i] == '=')
      {
        int h, l ;
        h = i + 1 < n ? hexval(s[i+1]) : -1 ;
        l = i + 2 < n ? hexval(s[i+2]) : -1 ;
        if (h >= 0 && l >= 0) { out->s[out->len++] = (char)(h << 4 | l) ; i += 2 ; }
      }
      else out->s[out->len++] = s[i] ;
    }
  }
  else
  {
    unsigned char q[4] ;
    unsigned int k = 0 ;
    for (i = 0 ; i < n ; i++)
    {
      int v = mdv_b64val(s[i]) ;
      if (v < 0) continue ;
      q[k++] = v ;
      if (k == 4) { out->len += mdv_b64quad(q, out->s + out->len) ; k = 0 ; }
    }
  }
  return 1 ;
}

/* Parse an encoded word at s[0] ("=?"); fills the parts, returns its
   length or 0 if it is not one. */
static size_t word (char const *s, size_t n, size_t *cs, size_t *cslen, char *enc, size_t *txt, size_t *txtlen)
{
  size_t i = 2, j ;
  while (i < n && s[i] != '?' && s[i] != ' ' && s[i] != '\t' && s[i] != '\n') i++ ;
  if (i + 2 >= n || s[i] != '?' || s[i+2] != '?') return 0 ;
  if (!strchr("bBqQ", s[i+1])) return 0 ;
  *cs = 2 ; *cslen = i - 2 ; *enc = s[i+1] ;
  for (j = i + 3 ; j + 1 < n ; j++)
    if (s[j] == '?' && s[j+1] == '=') break ;
  if (j + 1 >= n) return 0 ;
  *txt = i + 3 ; *txtlen = j - (i + 3) ;
  return j + 2 ;
}

static int lit_cat (char const *s, size_t n, int clean, stralloc *out)
{
  if (clean) return mdv_utf8_put(s, n, 1, out) != (size_t)-1 ;
  return stralloc_catb(out, s, n) ;
}

int mdv_2047 (char const *s, size_t n, int clean, stralloc *out)
{
  stralloc raw = STRALLOC_ZERO ;
  stralloc cs = STRALLOC_ZERO ;
  size_t i = 0, lit = 0 ;
  int prevword = 0, ok = 0 ;
  while (i + 1 < n)
  {
    size_t c0, clen, t0, tlen, w ;
    char enc ;
    if (s[i] != '=' || s[i+1] != '?' || !(w = word(s + i, n - i, &c0, &clen, &enc, &t0, &tlen))) { i++ ; continue ; }
    /* the literal text before the word; dropped if it is whitespace
       between two encoded words */
    {
      size_t k = lit ;
      if (prevword) while (k < i && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r')) k++ ;
      if ((!prevword || k < i) && !lit_cat(s + lit, i - lit, clean, out)) goto err ;
    }
    {
      mdv_conv c ;
      char const *star = memchr(s + i + c0, '*', clen) ;
      if (star) clen = star - (s + i + c0) ;
      cs.len = 0 ; raw.len = 0 ;
      if (!stralloc_catb(&cs, s + i + c0, clen) || !stralloc_0(&cs)) goto err ;
      if (!decode(enc, s + i + t0, tlen, &raw)) goto err ;
      /* the reference keeps a decoded word as a C string: it ends at its
         first NUL (a UTF-16 word at once), the rest of the line goes on */
      {
        char const *z = memchr(raw.s, 0, raw.len) ;
        if (z) raw.len = z - raw.s ;
      }
      if (mdv_conv_open(&c, cs.s))
      {
        int r = mdv_conv_put(&c, raw.s, raw.len, out) && mdv_conv_flush(&c, out) ;
        mdv_conv_close(&c) ;
        if (!r) goto err ;
      }
      else if (!stralloc_cats(out, "[unknown character set: ")
       || !stralloc_catb(out, cs.s, clen)
       || !stralloc_cats(out, " -> utf-8]")) goto err ;
    }
    i += w ; lit = i ; prevword = 1 ;
  }
  if (!lit_cat(s + lit, n - lit, clean, out)) goto err ;
  ok = 1 ;
 err:
  stralloc_free(&raw) ;
  stralloc_free(&cs) ;
  return ok ;
}
