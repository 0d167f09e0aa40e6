/* t-mdstring: the static musl maildrop's memcpy, memmove and memchr
   (src/musl/mdstring.c), included here so that they replace the C
   library's for this process, against byte-by-byte references: every
   length up to 1100 (both sides of each branch: 4, 8, 16, 32, 64, 512)
   at every alignment 0..15 of each buffer, memmove overlapping both
   ways, memchr finding the first match, none, or a match just past the
   end it must not see.  Skipped in the sanitizer build and off x86_64. */

#if defined(__SANITIZE_ADDRESS__) || !defined(__x86_64__)
int main (void) { return 77 ; }
#else

#include "../../src/musl/mdstring.c"

#include <stdio.h>
#include "tap.h"

#define MAXN 1100
#define PAD 64

/* called through pointers, so that the compiler cannot expand them inline */
static void *(*volatile cpy)(void *restrict, void const *restrict, size_t) = &memcpy ;
static void *(*volatile mov)(void *, void const *, size_t) = &memmove ;
static void *(*volatile chr)(void const *, int, size_t) = &memchr ;

static unsigned char src[MAXN + 2 * PAD], dst[MAXN + 2 * PAD], ref[MAXN + 2 * PAD], buf[2 * MAXN + 2 * PAD] ;

static void pattern (unsigned char *p, size_t n, unsigned int seed)
{
  for (size_t i = 0 ; i < n ; i++) p[i] = (unsigned char)(i * 7 + seed * 13 + 1) ;
}

static int same (unsigned char const *a, unsigned char const *b, size_t n)
{
  for (size_t i = 0 ; i < n ; i++) if (a[i] != b[i]) return 0 ;
  return 1 ;
}

int main (void)
{
  int okcpy = 1, okmove = 1, okchr = 1 ;
  for (size_t n = 0 ; n <= MAXN ; n++)
    for (unsigned int sa = 0 ; sa < 16 ; sa++)
      for (unsigned int da = 0 ; da < 16 ; da += 5)
      {
        pattern(src, sizeof src, (unsigned int)n + sa) ;
        pattern(dst, sizeof dst, 99) ;
        pattern(ref, sizeof ref, 99) ;
        for (size_t i = 0 ; i < n ; i++) ref[PAD + da + i] = src[PAD + sa + i] ;
        if (cpy(dst + PAD + da, src + PAD + sa, n) != dst + PAD + da || !same(dst, ref, sizeof dst)) okcpy = 0 ;
      }
  TAP_OK(okcpy, "memcpy: every length to 1100, 16x4 alignments, nothing outside touched") ;

  for (size_t n = 0 ; n <= MAXN ; n += (n < 80 ? 1 : 7))
    for (long shift = -40 ; shift <= 40 ; shift += (shift > -20 && shift < 20 ? 1 : 10))
    {
      size_t from = PAD + 40, to = (size_t)((long)from + shift) ;
      pattern(buf, sizeof buf, (unsigned int)n) ;
      {
        unsigned char want[sizeof buf] ;
        for (size_t i = 0 ; i < sizeof buf ; i++) want[i] = buf[i] ;
        for (size_t i = 0 ; i < n ; i++) want[to + i] = buf[from + i] ;
        if (mov(buf + to, buf + from, n) != buf + to || !same(buf, want, sizeof buf)) okmove = 0 ;
      }
    }
  TAP_OK(okmove, "memmove: overlapping forwards and backwards, shifts -40..40") ;

  for (size_t n = 0 ; n <= 300 ; n++)
    for (unsigned int a = 0 ; a < 16 ; a++)
    {
      unsigned char *p = src + PAD + a ;
      for (size_t i = 0 ; i < n + 1 ; i++) p[i] = 'x' ;
      if (chr(p, '\n', n)) okchr = 0 ;
      p[n] = '\n' ;  /* just past the end: not to be seen */
      if (chr(p, '\n', n)) okchr = 0 ;
      for (size_t k = 0 ; k < n ; k += (n > 40 ? 3 : 1))
      {
        p[k] = '\n' ;
        if (k + 5 < n) p[k + 5] = '\n' ;
        if (chr(p, '\n', n) != p + k) okchr = 0 ;
        p[k] = 'x' ;
        if (k + 5 < n) p[k + 5] = 'x' ;
      }
      p[n] = 'x' ;
    }
  {
    unsigned char hi[40] ;
    for (unsigned int i = 0 ; i < sizeof hi ; i++) hi[i] = 0 ;
    hi[33] = 0xe9 ;
    if (chr(hi, 0xe9, sizeof hi) != hi + 33 || chr(hi, 0x1e9, sizeof hi) != hi + 33) okchr = 0 ;
  }
  TAP_OK(okchr, "memchr: first match at every place, none, none past the end, c taken as unsigned char") ;
  TAP_DONE() ;
}

#endif
