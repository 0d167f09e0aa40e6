/* ISC license. */

#include "mdview-internal.h"

int mdv_b64val (char c)
{
  if (c >= 'A' && c <= 'Z') return c - 'A' ;
  if (c >= 'a' && c <= 'z') return c - 'a' + 26 ;
  if (c >= '0' && c <= '9') return c - '0' + 52 ;
  if (c == '+') return 62 ;
  if (c == '/') return 63 ;
  if (c == '=') return MDV_B64PAD ;
  return -1 ;
}

unsigned int mdv_b64quad (unsigned char const *q, char *s)
{
  unsigned int n = 0 ;
  s[n++] = (char)((q[0] << 2 | q[1] >> 4) & 0xff) ;
  if (q[2] != MDV_B64PAD) s[n++] = (char)(((q[1] & 15) << 4 | q[2] >> 2) & 0xff) ;
  if (q[3] != MDV_B64PAD) s[n++] = (char)(((q[2] & 3) << 6 | q[3]) & 0xff) ;
  return n ;
}
