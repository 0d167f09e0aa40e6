/* ISC license. */

/* dotlock / flock statements: the engines of libmddeliver do the work and
   register what they hold, so mdcleanup_run() releases it on any exit. */

#include <skalibs/stralloc.h>
#include <skalibs/types.h>
#include <skalibs/allreadwrite.h>
#include "mds-config.h"
#include "mdvars.h"
#include "mddeliver.h"
#include "mdrt.h"
#include "mdrtctl.h"

static unsigned int numvar (char const *name, char const *def)
{
  stralloc sa = STRALLOC_ZERO ;
  unsigned int u ;
  if (!mdvar_getsa(name, &sa) || !sa.len || !uint0_scan(sa.s, &u)) uint0_scan(def, &u) ;
  stralloc_free(&sa) ;
  return u ;
}

int mdrt_dotlock_acquire (char const *path, size_t len)
{
  stralloc sa = STRALLOC_ZERO ;
  mddeliver_opts o = { .prog = "maildrop", .umask = 077 } ;
  int h ;
  mdrt_fatal = 0 ;
  if (mdrt_conf_g.dryrun)
  {
    allwrite(1, "maildrop: dry-run: would dotlock ", 33) ;
    allwrite(1, path, len) ; allwrite(1, "\n", 1) ;
    return 0 ;
  }
  if (!stralloc_catb(&sa, path, len) || !stralloc_0(&sa)) return -1 ;
  o.locksleep = numvar("LOCKSLEEP", MDS_LOCKSLEEP) ;
  o.locktimeout = numvar("LOCKTIMEOUT", MDS_LOCKTIMEOUT) ;
  o.lockrefresh = numvar("LOCKREFRESH", MDS_LOCKREFRESH) ;
  o.lockext = MDS_LOCKEXT ;
  mdrt_capture_start() ;
  h = mdlock_dotlock(sa.s, &o) ;
  mdrt_capture_end() ;
  stralloc_free(&sa) ;
  return h ;
}

int mdrt_flock_acquire (char const *path, size_t len)
{
  stralloc sa = STRALLOC_ZERO ;
  int h ;
  mdrt_fatal = 0 ;
  if (mdrt_conf_g.dryrun)
  {
    allwrite(1, "maildrop: dry-run: would flock ", 31) ;
    allwrite(1, path, len) ; allwrite(1, "\n", 1) ;
    return 0 ;
  }
  if (!stralloc_catb(&sa, path, len) || !stralloc_0(&sa)) return -1 ;
  mdrt_capture_start() ;
  h = mdlock_flock(sa.s) ;
  mdrt_capture_end() ;
  stralloc_free(&sa) ;
  return h ;
}

void mdrt_lock_release (int handle)
{
  if (mdrt_conf_g.dryrun) return ;
  if (handle >= 0) mdlock_release(handle) ;
}
