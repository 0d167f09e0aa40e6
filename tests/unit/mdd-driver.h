/* mdd-driver.h: a tiny delivery driver shared by the unit tests: with
   argv "deliver mbox|maildir PATH [sender]" it delivers stdin and exits
   0 (delivered), 75 (failed), 77 (over quota).  Used by the shell
   reliability tests through build/tests/t-mbox. */
#ifndef MDD_DRIVER_H
#define MDD_DRIVER_H

#include <string.h>
#include <errno.h>
#include <stdlib.h>
#include <signal.h>
#include "msg.h"
#include "mddeliver.h"

/* as maildrop: a fatal signal runs the cleanup, then 75 */
static void driver_onsig (int sig)
{
  (void)sig ;
  mdcleanup_run() ;
  _exit(75) ;
}

static int driver_main (int argc, char const *const *argv)
{
  msg m = MSG_ZERO ;
  mddeliver_opts o ;
  int r ;
  memset(&o, 0, sizeof(o)) ;
  o.prog = "maildrop" ;
  o.umask = 077 ;
  o.sender = argc > 4 ? argv[4] : "sender@example.org" ;
  o.lockext = ".lock" ;
  o.locksleep = getenv("LOCKSLEEP") ? atoi(getenv("LOCKSLEEP")) : 1 ;
  o.locktimeout = getenv("LOCKTIMEOUT") ? atoi(getenv("LOCKTIMEOUT")) : 60 ;
  o.lockrefresh = 15 ;
  o.flags = getenv("FLAGS") ;
  o.keywords = getenv("KEYWORDS") ;
  o.quota = getenv("MAILDIRQUOTA") ;
  {
    struct sigaction sa ;
    memset(&sa, 0, sizeof(sa)) ;
    sigfillset(&sa.sa_mask) ;
    sa.sa_handler = &driver_onsig ;
    sigaction(SIGTERM, &sa, 0) ;
    sigaction(SIGALRM, &sa, 0) ;
  }
  if (!msg_load(&m, 0, 0)) return 111 ;
  r = !strcmp(argv[2], "mbox") ? mddeliver_mbox(argv[3], &m, &o) : mddeliver_maildir(argv[3], &m, &o) ;
  mdcleanup_run() ;
  return r == 1 ? 0 : errno == EDQUOT ? 77 : 75 ;
}

#endif
