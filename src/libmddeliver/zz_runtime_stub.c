/* ISC license. */

/* TEMPORARY (runtime branch): stand-ins until the delivery engines land.
   Removed when the deliver branch is merged. */

#include <skalibs/strerr.h>
#include "mddeliver.h"

int mddeliver_ismaildir (char const *path) { return 0 ; }
int mddeliver_maildir (char const *dir, msg const *m, mddeliver_opts const *o) { strerr_warn("maildrop: maildir delivery not implemented yet") ; return 0 ; }
int mddeliver_mbox (char const *path, msg const *m, mddeliver_opts const *o) { strerr_warn("maildrop: mbox delivery not implemented yet") ; return 0 ; }
int mdlock_dotlock (char const *lockpath, mddeliver_opts const *o) { return -1 ; }
int mdlock_flock (char const *path) { return -1 ; }
void mdlock_release (int handle) { }
