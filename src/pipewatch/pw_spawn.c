/* ISC license. */

#include <sys/types.h>
#include <signal.h>
#include <spawn.h>
#include <errno.h>

#include "pipewatch.h"

extern char **environ ;

 /*
    The one place that starts prog: stdin from infd, stdout and stderr
    both into outfd (the daemon reads it and forwards whole lines), an
    empty signal mask and default dispositions.  posix_spawnp() reports
    exec failures (ENOENT, EACCES) as its own error.
 */

pid_t pw_spawn (char const *const *argv, int infd, int outfd)
{
  posix_spawn_file_actions_t fa ;
  posix_spawnattr_t attr ;
  sigset_t set ;
  pid_t pid ;
  int e ;

  e = posix_spawnattr_init(&attr) ;
  if (e) goto err0 ;
  sigemptyset(&set) ;
  e = posix_spawnattr_setsigmask(&attr, &set) ;
  if (e) goto err1 ;
  sigaddset(&set, SIGPIPE) ;
  sigaddset(&set, SIGCHLD) ;
  sigaddset(&set, SIGTERM) ;
  sigaddset(&set, SIGHUP) ;
  e = posix_spawnattr_setsigdefault(&attr, &set) ;
  if (e) goto err1 ;
  e = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF) ;
  if (e) goto err1 ;
  e = posix_spawn_file_actions_init(&fa) ;
  if (e) goto err1 ;
  e = posix_spawn_file_actions_adddup2(&fa, infd, 0) ;
  if (e) goto err2 ;
  e = posix_spawn_file_actions_adddup2(&fa, outfd, 1) ;
  if (e) goto err2 ;
  e = posix_spawn_file_actions_adddup2(&fa, outfd, 2) ;
  if (e) goto err2 ;
  e = posix_spawnp(&pid, argv[0], &fa, &attr, (char *const *)argv, environ) ;
  if (e) goto err2 ;
  posix_spawn_file_actions_destroy(&fa) ;
  posix_spawnattr_destroy(&attr) ;
  return pid ;

 err2:
  posix_spawn_file_actions_destroy(&fa) ;
 err1:
  posix_spawnattr_destroy(&attr) ;
 err0:
  errno = e ;
  return -1 ;
}
