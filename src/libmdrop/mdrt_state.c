/* ISC license. */

/* The runtime's process-wide state: settings from the command line, the
   message, the envelope sender. */

#include "mdrt.h"
#include "mdrtctl.h"

mdrt_conf mdrt_conf_g = { .argv0 = "maildrop", .tmpdir = 0, .warnfile = 0, .warnpercent = 0, .dryrun = 0, .pgrp = 0 } ;
msg mdrt_message = MSG_ZERO ;
stralloc mdrt_sender = STRALLOC_ZERO ;
volatile pid_t mdrt_child = 0 ;

msg *mdrt_msg (void)
{
  return &mdrt_message ;
}
