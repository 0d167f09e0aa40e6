/* ISC license. */

/* maildrop: placeholder main until the delivery agent lands.
   It already answers -v and -h as the real one will, and tempfails
   everything else so that an MTA retries. */

#include <string.h>
#include <skalibs/buffer.h>
#include <skalibs/strerr.h>
#include "mds-config.h"
#include "mdexit.h"

#define USAGE "maildrop [-a] [-A \"Header: value\"] [-d user] [-f address] [-m] [-M filter] [-V level] [-w percent] [-W file] [filterfile [arg...]]"

int main (int argc, char const *const *argv)
{
  PROG = "maildrop" ;
  if (argc >= 2 && !strcmp(argv[1], "-v"))
  {
    buffer_putsflush(buffer_1, "maildrop " MDS_VERSION " (maildrop-suite), compatible with Courier maildrop 2.9.3\n") ;
    return 0 ;
  }
  if (argc >= 2 && !strcmp(argv[1], "-h"))
  {
    buffer_putsflush(buffer_1, "Usage: " USAGE "\n") ;
    return MDEXIT_TEMPFAIL ;
  }
  strerr_dief(MDEXIT_TEMPFAIL, "delivery is not implemented yet") ;
}
