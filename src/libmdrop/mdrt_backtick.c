/* ISC license. */

/* STMT-14: the message on stdin (write errors ignored), stdout captured.
   A command that exits non-zero yields nothing, whatever it printed.
   The capture is bounded (MDRT_BACKTICK_MAX): past it the command is
   killed and the run fails with a clear, catchable error, instead of
   eating memory until the machine kills us. */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/djbunix.h>
#include <signal.h>
#include <skalibs/stralloc.h>
#include "mdfilter.h"
#include "mdvars.h"
#include "mdrt.h"
#include "mdrtctl.h"

int mdrt_backtick (char const *cmd, size_t len, stralloc *out)
{
  stralloc sa = STRALLOC_ZERO ;
  size_t base = out->len ;
  int in[2], p[2] ;
  pid_t pid, feeder ;
  int64_t off ;
  int wstat, ok = 1, toobig = 0 ;
  if (mdrt_conf_g.dryrun)
  {
    allwrite(1, "maildrop: dry-run: would run `", 30) ;
    allwrite(1, cmd, len) ;
    allwrite(1, "`\n", 2) ;
    mdvar_sets("RETURNCODE", "0") ;
    return 1 ;
  }
  if (!stralloc_catb(&sa, cmd, len) || !stralloc_0(&sa)) return 0 ;
  if (pipecoe(in) < 0) { stralloc_free(&sa) ; return 0 ; }
  if (pipecoe(p) < 0) { fd_close(in[0]) ; fd_close(in[1]) ; stralloc_free(&sa) ; return 0 ; }
  off = mdrt_prefill(in[1]) ;
  pid = mdrt_spawn(sa.s, in[0], p[1]) ;
  stralloc_free(&sa) ;
  fd_close(in[0]) ; fd_close(p[1]) ;
  if (pid < 0) { fd_close(in[1]) ; fd_close(p[0]) ; return 0 ; }
  feeder = off >= 0 && (uint64_t)off < msg_size(&mdrt_message) ? mdrt_feed(in[1], p[0], off) : 0 ;
  fd_close(in[1]) ;
  for (;;)
  {
    ssize_t r ;
    if (!stralloc_readyplus(out, 4096)) { ok = 0 ; break ; }
    r = read(p[0], out->s + out->len, 4096) ;
    if (r < 0) { if (errno == EINTR) continue ; ok = 0 ; break ; }
    if (!r) break ;
    out->len += r ;
    if (out->len - base > MDRT_BACKTICK_MAX) { toobig = 1 ; kill(pid, SIGKILL) ; break ; }
  }
  fd_close(p[0]) ;
  wstat = mdrt_wait(pid) ;
  if (feeder > 0) mdrt_wait(feeder) ;
  mdrt_setstatus("RETURNCODE", wstat, 0) ;
  if (wstat != 0 || toobig) out->len = base ;
  if (toobig)
  {
    mdfilter_fail("Command output too large.") ;
    return 0 ;
  }
  return ok ;
}
