/* ISC license. */

/* STMT-13: stdin /dev/null, stdout and stderr inherited. */

#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/djbunix.h>
#include <skalibs/stralloc.h>
#include "mdvars.h"
#include "mdrt.h"
#include "mdrtctl.h"

void mdrt_system (char const *cmd, size_t len)
{
  stralloc sa = STRALLOC_ZERO ;
  int fd ;
  pid_t pid ;
  if (mdrt_conf_g.dryrun)
  {
    allwrite(1, "maildrop: dry-run: would run ", 29) ;
    allwrite(1, cmd, len) ;
    allwrite(1, "\n", 1) ;
    mdvar_sets("RETURNCODE", "0") ;
    return ;
  }
  if (!stralloc_catb(&sa, cmd, len) || !stralloc_0(&sa)) goto err ;
  fd = open("/dev/null", O_RDONLY | O_CLOEXEC) ;
  if (fd < 0) goto err ;
  pid = mdrt_spawn(sa.s, fd, -1) ;
  fd_close(fd) ;
  stralloc_free(&sa) ;
  if (pid < 0) goto err ;
  mdrt_setstatus("RETURNCODE", mdrt_wait(pid), 0) ;
  return ;
 err:
  stralloc_free(&sa) ;
  mdrt_setstatus("RETURNCODE", -1, 1) ;
}
