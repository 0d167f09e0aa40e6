/* ISC license. */

#include <stdint.h>
#include "mdvars.h"
#include "mdrtctl.h"

/* CLI-28: skip blanks, optional '-', digits; anything else is 0.  The
   arithmetic wraps like the reference's unsigned 64-bit value, and only
   the low 8 bits reach exit(). */
int mdrt_exitcode (void)
{
  size_t len, i = 0 ;
  char const *s = mdvar_get("EXITCODE", 8, &len) ;
  uint64_t u = 0 ;
  int neg = 0 ;
  if (!s) return 0 ;
  while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f' || s[i] == '\v')) i++ ;
  if (i < len && s[i] == '-') { neg = 1 ; i++ ; }
  for (; i < len && s[i] >= '0' && s[i] <= '9' ; i++) u = u * 10 + (s[i] - '0') ;
  if (neg) u = -u ;
  return (int)(u & 0xff) ;
}
