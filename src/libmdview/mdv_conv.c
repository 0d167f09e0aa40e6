/* ISC license. */

#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <errno.h>
#include <iconv.h>
#include <skalibs/stralloc.h>
#include "mdview-internal.h"

#define NOCD ((iconv_t)-1)

/* UTF-8, US-ASCII and ISO-8859-1 are converted here, as iconv would:
   opening an iconv converter loads gconv modules, which costs more than
   a small message's whole delivery.  UTF-7 too, since not every libc's
   iconv has it (mdv_utf7.c). */
static int named (char const *cs, char const *const *names)
{
  for (; *names ; names++) if (!strcasecmp(cs, *names)) return 1 ;
  return 0 ;
}

static char const *const utf8names[] = { "utf-8", "utf8", 0 } ;
static char const *const asciinames[] = { "", "us-ascii", "ascii", "ansi_x3.4-1968", 0 } ;
static char const *const latin1names[] = { "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", 0 } ;
static char const *const utf7names[] = { "utf-7", "utf7", 0 } ;

/* the size of a code unit, dropped whole when invalid */
static unsigned int unitof (char const *cs)
{
  char k[8] ;
  size_t n = 0 ;
  for (; *cs && n < sizeof k - 1 ; cs++)
  {
    char x = *cs ;
    if (x >= 'A' && x <= 'Z') x += 'a' - 'A' ;
    if ((x >= 'a' && x <= 'z') || (x >= '0' && x <= '9')) k[n++] = x ;
  }
  k[n] = 0 ;
  if (!strncmp(k, "utf16", 5) || !strncmp(k, "ucs2", 4) || !strncmp(k, "unicode", 7)) return 2 ;
  if (!strncmp(k, "utf32", 5) || !strncmp(k, "ucs4", 4)) return 4 ;
  return 1 ;
}

int mdv_conv_open (mdv_conv *c, char const *charset)
{
  c->ncarry = 0 ;
  c->cd = NOCD ;
  charset = mdv_alias(charset) ;
  if (named(charset, utf8names)) { c->kind = MDV_CUTF8 ; return 1 ; }
  if (named(charset, asciinames)) { c->kind = MDV_CASCII ; return 1 ; }
  if (named(charset, latin1names)) { c->kind = MDV_CLATIN1 ; return 1 ; }
  if (named(charset, utf7names))
  {
    static mdv_utf7 const zero = { 0, 0, 0, 0 } ;
    c->kind = MDV_CUTF7 ;
    c->u7 = zero ;
    return 1 ;
  }
  c->kind = MDV_CICONV ;
  c->unit = unitof(charset) ;
  c->cd = iconv_open("UTF-8", charset) ;
  return c->cd != NOCD ;
}

void mdv_conv_close (mdv_conv *c)
{
  if (c->cd != NOCD) iconv_close(c->cd) ;
  c->cd = NOCD ;
  c->ncarry = 0 ;
}

int mdv_conv_flush (mdv_conv *c, stralloc *out)
{
  char *o ;
  size_t oleft ;
  if (c->kind != MDV_CICONV || c->cd == NOCD) return 1 ;
  if (!stralloc_readyplus(out, 64)) return 0 ;
  o = out->s + out->len ;
  oleft = out->a - out->len ;
  iconv(c->cd, 0, 0, &o, &oleft) ;
  out->len = o - out->s ;
  return 1 ;
}

/* US-ASCII: the 8-bit bytes are invalid, so dropped */
static size_t ascii (char const *s, size_t n, stralloc *out)
{
  unsigned char const *u = (unsigned char const *)s ;
  size_t i = 0 ;
  if (!mdv_room(out, n)) return (size_t)-1 ;
  while (i < n)
  {
    size_t j = i ;
    while (j + 8 <= n)
    {
      uint64_t w ;
      memcpy(&w, u + j, 8) ;
      if (w & 0x8080808080808080ULL) break ;
      j += 8 ;
    }
    while (j < n && u[j] < 0x80) j++ ;
    memcpy(out->s + out->len, s + i, j - i) ;
    out->len += j - i ;
    i = j + 1 ;
  }
  return n ;
}

/* ISO-8859-1: byte b is U+00b */
static size_t latin1 (char const *s, size_t n, stralloc *out)
{
  unsigned char const *u = (unsigned char const *)s ;
  size_t i ;
  if (!mdv_room(out, 2 * n)) return (size_t)-1 ;
  for (i = 0 ; i < n ; i++)
  {
    if (u[i] < 0x80) out->s[out->len++] = s[i] ;
    else
    {
      out->s[out->len++] = (char)(0xc0 | u[i] >> 6) ;
      out->s[out->len++] = (char)(0x80 | (u[i] & 0x3f)) ;
    }
  }
  return n ;
}

/* Convert as much of s as possible; returns the bytes consumed (the rest
   is an incomplete sequence), or (size_t)-1 on ENOMEM. */
static size_t run (mdv_conv *c, char const *s, size_t n, stralloc *out)
{
  char *in = (char *)s ;
  size_t inleft = n ;
  switch (c->kind)
  {
    case MDV_CUTF8 : return mdv_utf8_put(s, n, 0, out) ;
    case MDV_CASCII : return ascii(s, n, out) ;
    case MDV_CLATIN1 : return latin1(s, n, out) ;
    case MDV_CUTF7 : return mdv_utf7_put(&c->u7, s, n, out) ;
    default : break ;
  }
  while (inleft)
  {
    char *o, *before = in ;
    size_t oleft, r ;
    if (!stralloc_readyplus(out, inleft * 2 + 32)) return (size_t)-1 ;
    o = out->s + out->len ;
    oleft = out->a - out->len ;
    r = iconv(c->cd, &in, &inleft, &o, &oleft) ;
    out->len = o - out->s ;
    if (r != (size_t)-1) break ;
    if (errno == E2BIG) continue ;
    if (errno == EINVAL) break ;
    /* EILSEQ or anything else, as the reference: the converter starts
       afresh (what it held back is lost: a UTF-7 run, a letter waiting
       for a combining mark), and the bad bytes are read again; only
       when they are bad from a fresh start is one unit (one byte, a
       UTF-16 unit...) dropped */
    iconv(c->cd, 0, 0, 0, 0) ;
    if (in != before) continue ;
    r = inleft < c->unit ? inleft : c->unit ;
    in += r ; inleft -= r ;
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
