/* ISC license. */

#include <stdint.h>
#include <skalibs/stralloc.h>
#include "mdview-internal.h"

/* UTF-7 (RFC 2152), decoded as the reference decodes it: glibc's iconv
   in the loop of mdv_conv.c's run() (at an error the converter starts
   afresh and reads the bad bytes again, dropping one only if they are
   bad from a fresh start).  The static build's libc may lack UTF-7, and
   this keeps both builds alike.  What that iconv does, found by
   comparing with it:
   - outside base64, TAB, LF, CR and ' ' to '}' except '+' and '\' are
     themselves; '+-' is '+'; any other '+' starts base64; a '+' at the
     end of the input is incomplete;
   - a non-base64 character ends a run; it is an error if a high
     surrogate is pending or 6 bits or more, or non-zero bits, are left;
     '-' is then absorbed, anything else read again outside base64;
   - while a high surrogate is pending, a unit whose first 6 bits are
     known must start as a low surrogate, else that byte is an error;
   - a low surrogate with no high one before it gets out of the decoder
     and is refused by the UTF-8 encoder: the error is then reported
     back at the byte after the last character written (or at the start
     of the call), in the state of that point. */

static int direct (unsigned char c)
{
  return c == '\t' || c == '\n' || c == '\r' || (c >= ' ' && c <= '}' && c != '+' && c != '\\') ;
}

static int emit (uint32_t u, stralloc *out)
{
  if (!mdv_room(out, 4)) return 0 ;
  if (u < 0x80) out->s[out->len++] = (char)u ;
  else if (u < 0x800)
  {
    out->s[out->len++] = (char)(0xc0 | u >> 6) ;
    out->s[out->len++] = (char)(0x80 | (u & 0x3f)) ;
  }
  else if (u < 0x10000)
  {
    out->s[out->len++] = (char)(0xe0 | u >> 12) ;
    out->s[out->len++] = (char)(0x80 | (u >> 6 & 0x3f)) ;
    out->s[out->len++] = (char)(0x80 | (u & 0x3f)) ;
  }
  else
  {
    out->s[out->len++] = (char)(0xf0 | u >> 18) ;
    out->s[out->len++] = (char)(0x80 | (u >> 12 & 0x3f)) ;
    out->s[out->len++] = (char)(0x80 | (u >> 6 & 0x3f)) ;
    out->s[out->len++] = (char)(0x80 | (u & 0x3f)) ;
  }
  return 1 ;
}

size_t mdv_utf7_put (mdv_utf7 *st, char const *s, size_t n, stralloc *out)
{
  unsigned char const *u = (unsigned char const *)s ;
  static mdv_utf7 const fresh = { 0, 0, 0, 0 } ;
  mdv_utf7 mark = *st ;  /* where a refused low surrogate sends us back */
  size_t mpos = 0, i = 0 ;
  size_t call = 0 ;      /* where the emulated iconv call started */
  while (i < n)
  {
    if (!st->b64)
    {
      if (u[i] == '+')
      {
        if (i + 1 == n) return i ;
        if (u[i+1] == '-') { if (!emit('+', out)) return (size_t)-1 ; i += 2 ; goto wrote ; }
        st->b64 = 1 ; st->nbits = 0 ; st->bits = 0 ; st->high = 0 ;
        i++ ; continue ;
      }
      if (!direct(u[i])) goto drop ;
      if (!emit(u[i], out)) return (size_t)-1 ;
      i++ ; goto wrote ;
    }
    {
      int v = mdv_b64val((char)u[i]) ;
      uint32_t bits ;
      unsigned int nbits ;
      if (v < 0 || v > 63)  /* '=' (the padding) is no digit here */
      {
        if (st->high || st->nbits >= 6 || st->bits) goto drop ;
        st->b64 = 0 ;
        if (u[i] == '-') i++ ;
        continue ;
      }
      bits = st->bits << 6 | (uint32_t)v ;
      nbits = st->nbits + 6 ;
      if (st->high && nbits >= 6 && (bits >> (nbits - 6) & 0x3f) != 0x37) goto drop ;
      if (nbits < 16) { st->bits = bits ; st->nbits = nbits ; i++ ; continue ; }
      nbits -= 16 ;
      st->bits = bits & ((1u << nbits) - 1) ;
      st->nbits = nbits ;
      bits >>= nbits ;
      i++ ;
      if (st->high)
      {
        bits = 0x10000 + ((uint32_t)(st->high - 0xd800) << 10) + (bits - 0xdc00) ;
        st->high = 0 ;
      }
      else if (bits >= 0xd800 && bits < 0xdc00) { st->high = bits ; continue ; }
      else if (bits >= 0xdc00 && bits < 0xe000)
      {
        *st = mark ; i = mpos ;
        goto drop ;
      }
      if (!emit(bits, out)) return (size_t)-1 ;
      goto wrote ;
    }
   drop:  /* run()'s loop: start afresh; skip a byte if none was read */
    *st = fresh ;
    if (i == call) i++ ;
    call = i ;
   wrote:
    mark = *st ; mpos = i ;
  }
  return n ;
}
