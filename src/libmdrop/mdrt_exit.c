/* ISC license. */

/* Every way out goes through here (or through the signal handlers, which
   do the same with async-signal-safe calls): locks released, a partial
   mbox rolled back, background children of the filter hung up (CLI-25). */

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <skalibs/buffer.h>
#include "mddeliver.h"
#include "mdrt.h"
#include "mdrtctl.h"

void mdrt_exit (int code)
{
  mdcleanup_run() ;
  mdrt_logclose() ;
  if (mdrt_conf_g.pgrp)
  {
    signal(SIGHUP, SIG_IGN) ;
    kill(0, SIGHUP) ;
  }
  buffer_flush(buffer_1) ;
  buffer_flush(buffer_2) ;
  exit(code) ;   /* exit(), not _exit(): stdio users get flushed too */
}
