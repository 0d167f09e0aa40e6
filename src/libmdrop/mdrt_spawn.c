/* ISC license. */

/* The one place where maildrop starts a command (DLV-13): $SHELL -c cmd,
   argv[0] the shell's basename, the environment exactly the variable
   table (VAR-06).  The child gets default signal dispositions, an empty
   signal mask, no alarm and the real ids; fd0/fd1 become its stdin and
   stdout (-1: inherit), everything else we own is close-on-exec. */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <skalibs/env.h>
#include <skalibs/stralloc.h>
#include <skalibs/allreadwrite.h>
#include "mdvars.h"
#include "mdrtctl.h"

static stralloc envsa = STRALLOC_ZERO ;
static stralloc shsa = STRALLOC_ZERO ;

static void childfd (int fd, int to)
{
  if (fd < 0) return ;
  if (fd == to) { fcntl(fd, F_SETFD, 0) ; return ; }
  dup2(fd, to) ;
}

pid_t mdrt_spawn (char const *cmd, int fd0, int fd1)
{
  int n = mdvar_env(&envsa) ;
  char const *shell, *base ;
  pid_t pid ;
  if (n < 0) return -1 ;
  if (!mdvar_getsa("SHELL", &shsa)) return -1 ;
  shell = shsa.len ? shsa.s : "/bin/sh" ;
  base = strrchr(shell, '/') ;
  base = base ? base + 1 : shell ;
  {
    char const *envp[n + 1] ;
    char const *argv[4] = { base, "-c", cmd, 0 } ;
    if (env_make(envp, n, envsa.s, envsa.len) < 0) return -1 ;
    envp[n] = 0 ;
    pid = fork() ;
    if (pid < 0) return -1 ;
    if (!pid)
    {
      sigset_t set ;
      int i ;
      alarm(0) ;
      for (i = 1 ; i < NSIG ; i++) signal(i, SIG_DFL) ;
      sigemptyset(&set) ;
      sigprocmask(SIG_SETMASK, &set, 0) ;
      if (setgid(getgid()) < 0 || setuid(getuid()) < 0) _exit(100) ;
      if (fd0 == 1) { fd0 = dup(fd0) ; }
      childfd(fd0, 0) ;
      childfd(fd1, 1) ;
      execve(shell, (char *const *)argv, (char *const *)envp) ;
      {
        static char const msg1[] = "Unable to execute " ;
        allwrite(2, msg1, sizeof msg1 - 1) ;
        allwrite(2, shell, strlen(shell)) ;
        allwrite(2, "\n", 1) ;
      }
      _exit(100) ;
    }
  }
  mdrt_child = pid ;
  return pid ;
}

int mdrt_wait (pid_t pid)
{
  int wstat ;
  for (;;)
  {
    pid_t r = waitpid(pid, &wstat, 0) ;
    if (r == pid) break ;
    if (r < 0 && errno != EINTR) { mdrt_child = 0 ; return -1 ; }
  }
  if (mdrt_child == pid) mdrt_child = 0 ;
  return wstat ;
}

/* RETURNCODE/EXITCODE: the exit status, or unsigned -1 when the child was
   killed or something failed (SV-11, DLV-14). */
int mdrt_setstatus (char const *var, int wstat, int failed)
{
  if (failed || wstat < 0 || !WIFEXITED(wstat))
    return mdvar_sets(var, "18446744073709551615") ;
  return mdvar_setu64(var, WEXITSTATUS(wstat)) ;
}
