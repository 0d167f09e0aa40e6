/* ISC license. */

#include <string.h>
#include <skalibs/types.h>
#include "mddeliver-internal.h"

/* As the reference: anything but digits is skipped; a number must be
   followed by S or C; numbers wrap at 64 bits.  Nothing found is a
   valid, empty quota. */
int mdd_quota_parse (char const *s, size_t len, uint64_t *qb, uint64_t *qc)
{
  uint64_t b = 0, c = 0 ;
  size_t i = 0 ;
  for (;;)
  {
    uint64_t v = 0 ;
    while (i < len && (s[i] < '0' || s[i] > '9')) i++ ;
    if (i >= len) break ;
    while (i < len && s[i] >= '0' && s[i] <= '9') v = v * 10 + (s[i++] - '0') ;
    if (i >= len) return 0 ;
    if (s[i] == 'S') b = v ;
    else if (s[i] == 'C') c = v ;
    else return 0 ;
    i++ ;
  }
  *qb = b ; *qc = c ;
  return 1 ;
}

size_t mdd_quota_fmtspec (char *s, uint64_t qb, uint64_t qc)
{
  size_t n = 0 ;
  if (qb) { n += uint64_fmt(s + n, qb) ; s[n++] = 'S' ; }
  if (qc)
  {
    if (n) s[n++] = ',' ;
    n += uint64_fmt(s + n, qc) ; s[n++] = 'C' ;
  }
  return n ;
}

static size_t fmt12 (char *s, int64_t v)
{
  char tmp[UINT64_FMT + 1] ;
  size_t n = 0 ;
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v ;
  if (v < 0) tmp[n++] = '-' ;
  n += uint64_fmt(tmp + n, u) ;
  if (n >= 12) { memcpy(s, tmp, n) ; return n ; }
  memset(s, ' ', 12 - n) ;
  memcpy(s + 12 - n, tmp, n) ;
  return 12 ;
}

size_t mdd_quota_fmtline (char *s, int64_t bytes, int64_t count)
{
  size_t n = fmt12(s, bytes) ;
  s[n++] = ' ' ;
  n += fmt12(s + n, count) ;
  s[n++] = '\n' ;
  return n ;
}

unsigned int mdd_quota_percent (mdd_quota const *q)
{
  uint64_t p = 0 ;
  if (q->qbytes && q->bytes > 0)
  {
    uint64_t x = (uint64_t)q->bytes * 100 / q->qbytes ;
    if (x > p) p = x ;
  }
  if (q->qcount && q->count > 0)
  {
    uint64_t x = (uint64_t)q->count * 100 / q->qcount ;
    if (x > p) p = x ;
  }
  return p > 0xffffffU ? 0xffffffU : (unsigned int)p ;
}
