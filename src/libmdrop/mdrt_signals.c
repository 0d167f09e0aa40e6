/* ISC license. */

/* CLI-23, CLI-26: SIGPIPE and SIGWINCH ignored, SIGCHLD default, every
   other catchable signal cleans up and exits 75; SIGALRM is the watchdog. */

#include <signal.h>
#include <string.h>
#include <unistd.h>
#include "mdexit.h"
#include "mddeliver.h"
#include "mdrtctl.h"

static void hangup (void)
{
  if (mdrt_conf_g.pgrp)
  {
    signal(SIGHUP, SIG_IGN) ;
    kill(0, SIGHUP) ;
  }
  else if (mdrt_child > 0) kill(mdrt_child, SIGTERM) ;
}

static void handler (int sig)
{
  if (sig == SIGALRM)
  {
    static char const s[] = "maildrop: Timeout quota exceeded.\n" ;
    write(2, s, sizeof s - 1) ;
  }
  else
  {
    static char const hex[] = "0123456789ABCDEF" ;
    char s[] = "maildrop: signal 0x00\n" ;
    s[19] = hex[(sig >> 4) & 15] ;
    s[20] = hex[sig & 15] ;
    write(2, s, sizeof s - 1) ;
  }
  mdcleanup_run() ;
  hangup() ;
  _exit(MDEXIT_TEMPFAIL) ;
}

void mdrt_signals (void)
{
  struct sigaction sa ;
  int i ;
  memset(&sa, 0, sizeof sa) ;
  sigfillset(&sa.sa_mask) ;
  sa.sa_handler = &handler ;
  for (i = 1 ; i < NSIG ; i++)
  {
    if (i == SIGKILL || i == SIGSTOP || i == SIGCHLD || i == SIGPIPE || i == SIGWINCH
     || i == SIGTSTP || i == SIGTTIN || i == SIGTTOU || i == SIGCONT || i == SIGURG) continue ;
    sigaction(i, &sa, 0) ;
  }
  signal(SIGPIPE, SIG_IGN) ;
  signal(SIGWINCH, SIG_IGN) ;
  signal(SIGCHLD, SIG_DFL) ;
}

void mdrt_watchdog (unsigned int secs)
{
  alarm(secs) ;
}
