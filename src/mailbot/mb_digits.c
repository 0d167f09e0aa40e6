/* ISC license. */

/* The digit values the QP and base64 decoders need: -1 if c is not one. */

#include <skalibs/fmtscan.h>
#include "mb-internal.h"

int mb_hexval (char c)
{
  unsigned char v = fmtscan_num((unsigned char)c, 16) ;
  return v < 16 ? v : -1 ;
}

int mb_b64val (char c)
{
  if (c >= 'A' && c <= 'Z') return c - 'A' ;
  if (c >= 'a' && c <= 'z') return c - 'a' + 26 ;
  if (c >= '0' && c <= '9') return c - '0' + 52 ;
  if (c == '+') return 62 ;
  if (c == '/') return 63 ;
  return -1 ;
}
