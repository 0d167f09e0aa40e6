/* ISC license. */

#include <string.h>
#include <strings.h>
#include <errno.h>
#include <iconv.h>
#include <skalibs/stralloc.h>
#include "mdview-internal.h"

#define NOCD ((iconv_t)-1)

int mdv_conv_open (mdv_conv *c, char const *charset)
{
  c->ncarry = 0 ;
  if (!strcasecmp(charset, "utf-8") || !strcasecmp(charset, "utf8"))
  {
    c->cd = NOCD ;
    return 1 ;
  }
  c->cd = iconv_open("UTF-8", *charset ? charset : "US-ASCII") ;
  return c->cd != NOCD ;
}

void mdv_conv_close (mdv_conv *c)
{
  if (c->cd != NOCD) iconv_close(c->cd) ;
  c->cd = NOCD ;
  c->ncarry = 0 ;
}

void mdv_conv_end (mdv_conv *c)
{
  c->ncarry = 0 ;
  if (c->cd != NOCD) iconv(c->cd, 0, 0, 0, 0) ;
}

/* Convert as much of s as possible; returns the bytes consumed (the rest
   is an incomplete sequence), or (size_t)-1 on ENOMEM. */
static size_t run (mdv_conv *c, char const *s, size_t n, stralloc *out)
{
  char *in = (char *)s ;
  size_t inleft = n ;
  if (c->cd == NOCD) return mdv_utf8_put(s, n, 0, out) ;
  while (inleft)
  {
    char *o ;
    size_t oleft, r ;
    if (!stralloc_readyplus(out, inleft * 2 + 32)) return (size_t)-1 ;
    o = out->s + out->len ;
    oleft = out->a - out->len ;
    r = iconv(c->cd, &in, &inleft, &o, &oleft) ;
    out->len = o - out->s ;
    if (r != (size_t)-1) break ;
    if (errno == E2BIG) continue ;
    if (errno == EINVAL) break ;
    in++ ; inleft-- ;  /* EILSEQ or anything else: drop one byte */
  }
  return in - s ;
}

int mdv_conv_put (mdv_conv *c, char const *s, size_t n, stralloc *out)
{
  while (c->ncarry && n)
  {
    char tmp[32] ;
    size_t k = sizeof tmp - c->ncarry, u ;
    if (k > n) k = n ;
    memcpy(tmp, c->carry, c->ncarry) ;
    memcpy(tmp + c->ncarry, s, k) ;
    u = run(c, tmp, c->ncarry + k, out) ;
    if (u == (size_t)-1) return 0 ;
    if (u >= c->ncarry) { s += u - c->ncarry ; n -= u - c->ncarry ; c->ncarry = 0 ; break ; }
    if (k == n && c->ncarry + k - u <= sizeof c->carry)
    {
      memmove(c->carry, tmp + u, c->ncarry + k - u) ;
      c->ncarry += k - u ;
      return 1 ;
    }
    /* hopeless: drop one carried byte and go on */
    memmove(c->carry, tmp + u + 1, c->ncarry - u - 1) ;
    c->ncarry -= u + 1 ;
  }
  while (n)
  {
    size_t u = run(c, s, n, out) ;
    if (u == (size_t)-1) return 0 ;
    s += u ; n -= u ;
    if (!n) break ;
    if (n <= sizeof c->carry)
    {
      memcpy(c->carry, s, n) ;
      c->ncarry = n ;
      break ;
    }
    s++ ; n-- ;
  }
  return 1 ;
}
