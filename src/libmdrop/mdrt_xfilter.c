/* ISC license. */

/* STMT-12: the message goes into cmd while its output is read; on
   success the output becomes the message, SIZE and LINES follow. */

#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/djbunix.h>
#include <skalibs/stralloc.h>
#include "mdvars.h"
#include "mdrt.h"
#include "mdrtctl.h"

static void say (char const *s)
{
  allwrite(2, s, strlen(s)) ;
}

int mdrt_xfilter (char const *cmd, size_t len)
{
  stralloc sa = STRALLOC_ZERO ;
  int in[2], out[2] ;
  pid_t pid, feeder ;
  int64_t off ;
  msg n = MSG_ZERO ;
  int loaded, wstat, fstat ;
  if (mdrt_conf_g.dryrun)
  {
    allwrite(1, "maildrop: dry-run: would filter through ", 40) ;
    allwrite(1, cmd, len) ;
    allwrite(1, "\n", 1) ;
    mdvar_sets("RETURNCODE", "0") ;
    return 1 ;
  }
  if (!stralloc_catb(&sa, cmd, len) || !stralloc_0(&sa)) { say("maildrop: Out of memory.\n") ; return 0 ; }
  if (pipecoe(in) < 0) goto errpipe ;
  if (pipecoe(out) < 0) { fd_close(in[0]) ; fd_close(in[1]) ; goto errpipe ; }
  off = mdrt_prefill(in[1]) ;
  pid = mdrt_spawn(sa.s, in[0], out[1]) ;
  stralloc_free(&sa) ;
  fd_close(in[0]) ; fd_close(out[1]) ;
  if (pid < 0) { fd_close(in[1]) ; fd_close(out[0]) ; goto errfork ; }
  feeder = off >= 0 && (uint64_t)off < msg_size(&mdrt_message) ? mdrt_feed(in[1], out[0], off) : 0 ;
  fd_close(in[1]) ;
  if (feeder < 0)
  {
    fd_close(out[0]) ;
    mdrt_wait(pid) ;
    goto errfork ;
  }
  loaded = msg_load(&n, out[0], mdrt_conf_g.tmpdir) ;
  fd_close(out[0]) ;
  wstat = mdrt_wait(pid) ;
  fstat = off < 0 ? -1 : feeder ? mdrt_wait(feeder) : 0 ;
  if (fstat != 0) say("maildrop: error writing to filter.\n") ;
  if (!loaded) say("maildrop: Unable to write to temporary file - possibly out of disk space.\n") ;
  mdrt_setstatus("RETURNCODE", wstat, fstat != 0 || !loaded) ;
  if (!loaded || fstat != 0 || wstat != 0) { msg_free(&n) ; return 0 ; }
  msg_free(&mdrt_message) ;
  mdrt_message = n ;
  mdrt_sizevars() ;
  return 1 ;
 errpipe:
  stralloc_free(&sa) ;
  say("maildrop: Unable to create a pipe.\n") ;
  return 0 ;
 errfork:
  say("maildrop: Unable to fork.\n") ;
  return 0 ;
}
