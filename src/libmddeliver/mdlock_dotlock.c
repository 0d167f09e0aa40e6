/* ISC license. */

#include "mddeliver-internal.h"

int mdlock_dotlock (char const *lockpath, mddeliver_opts const *o)
{
  mdd_lockrefresh_set(o->lockrefresh) ;
  return mdd_dotlock_take(lockpath, 0, o) ;
}
