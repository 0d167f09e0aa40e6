/* ISC license. */

/* A small child that writes the message into a pipe, so that the parent
   can read a command's output at the same time without any deadlock,
   whatever the sizes.  It exits 0 (all written), 1 (EPIPE: the reader
   went away early) or 2 (another error). */

#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include "mdrtctl.h"

pid_t mdrt_feed (int fd, int closefd)
{
  pid_t pid = fork() ;
  if (pid) return pid ;
  {
    int i ;
    sigset_t set ;
    alarm(0) ;
    for (i = 1 ; i < NSIG ; i++) signal(i, SIG_DFL) ;
    signal(SIGPIPE, SIG_IGN) ;
    sigemptyset(&set) ;
    sigprocmask(SIG_SETMASK, &set, 0) ;
    if (closefd >= 0) close(closefd) ;
    if (msg_writeall(&mdrt_message, fd)) _exit(0) ;
    _exit(errno == EPIPE ? 1 : 2) ;
  }
}
