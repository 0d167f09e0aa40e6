/* ISC license. */

/* A new Message-ID: <time.pid.reformail@host>, each number written as 16
   hex digits, least significant first, as the reference does. */

#include <time.h>
#include <unistd.h>
#include <skalibs/stralloc.h>
#include <skalibs/djbunix.h>
#include "rf-internal.h"

static void revhex (stralloc *sa, unsigned long long u)
{
  char s[16] ;
  for (unsigned int i = 0 ; i < 16 ; i++, u >>= 4)
    s[i] = "0123456789ABCDEF"[u & 15] ;
  if (!stralloc_catb(sa, s, 16)) dienomem() ;
}

void rf_newmsgid (stralloc *sa)
{
  if (!stralloc_catb(sa, "<", 1)) dienomem() ;
  revhex(sa, (unsigned long long)time(0)) ;
  if (!stralloc_catb(sa, ".", 1)) dienomem() ;
  revhex(sa, (unsigned long long)getpid()) ;
  if (!stralloc_cats(sa, ".reformail@") || sagethostname(sa) < 0 || !stralloc_catb(sa, ">", 1)) dienomem() ;
}
