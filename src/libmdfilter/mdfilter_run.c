/* ISC license. */

/* PLACEHOLDER until the filter language lands: every filter is refused
   with a temporary failure. */

#include <skalibs/strerr.h>
#include "mdfilter.h"

unsigned int mdfilter_verbose = 0 ;

int mdfilter_run (int fd, char const *name, unsigned int flags)
{
  strerr_warn(name, ": the filter language is not implemented yet") ;
  return MDF_FATAL ;
}
