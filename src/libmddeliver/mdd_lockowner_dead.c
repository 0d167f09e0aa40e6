/* ISC license. */

#include <string.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <sys/vfs.h>
#include "mddeliver-internal.h"

/* Filesystems shared between hosts: a pid found there proves nothing. */
static int fs_is_shared (char const *lockpath)
{
  static unsigned long const shared[] =
  {
    0x6969UL, 0x517BUL, 0xFF534D42UL, 0xFE534D42UL, 0x65735546UL,
    0x00C36400UL, 0x5346414FUL, 0x73757245UL, 0x01021997UL, 0x7461636FUL,
    0x01161970UL, 0x47504653UL, 0x564C4A46UL
  } ;
  struct statfs sf ;
  size_t len = strlen(lockpath) ;
  char dir[len + 2] ;
  char *slash ;
  memcpy(dir, lockpath, len + 1) ;
  slash = strrchr(dir, '/') ;
  if (!slash) { dir[0] = '.' ; dir[1] = 0 ; }
  else if (slash == dir) dir[1] = 0 ;
  else *slash = 0 ;
  if (statfs(dir, &sf) < 0) return 1 ;
  for (size_t i = 0 ; i < sizeof(shared) / sizeof(shared[0]) ; i++)
    if ((unsigned long)sf.f_type == shared[i]) return 1 ;
  return 0 ;
}

/* Content is "<pid>\n..." (maildrop, liblockfile) or "<pid>:<host>"
   (lockmail).  Dead means: the host is ours (named, or the filesystem is
   local) and kill(pid, 0) says ESRCH. */
int mdd_lockowner_dead (char const *lockpath, char const *s, size_t len)
{
  size_t i = 0 ;
  unsigned long pid = 0 ;
  while (i < len && s[i] == ' ') i++ ;
  if (i >= len || s[i] < '0' || s[i] > '9') return 0 ;
  while (i < len && s[i] >= '0' && s[i] <= '9')
  {
    pid = pid * 10 + (s[i++] - '0') ;
    if (pid > 0x7fffffffUL) return 0 ;
  }
  if (!pid) return 0 ;
  if (i < len && s[i] == ':')
  {
    char host[256] ;
    size_t hl ;
    size_t j = ++i ;
    while (j < len && s[j] != '\n') j++ ;
    if (gethostname(host, sizeof(host)) < 0) return 0 ;
    host[sizeof(host) - 1] = 0 ;
    hl = strlen(host) ;
    if (hl != j - i || memcmp(host, s + i, hl)) return 0 ;
  }
  else if (i < len && s[i] != '\n') return 0 ;
  else if (fs_is_shared(lockpath)) return 0 ;
  return kill((pid_t)pid, 0) < 0 && errno == ESRCH ;
}
