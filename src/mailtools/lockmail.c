/* ISC license. */

/* lockmail: lock a mailbox (C-Client lock, dot-lock, fcntl lock) and run
   a program.  The dot-lock is libmddeliver's, shared with maildrop. */

#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <skalibs/sgetopt.h>
#include <skalibs/buffer.h>
#include <skalibs/strerr.h>
#include <skalibs/types.h>
#include <skalibs/allreadwrite.h>
#include "mddeliver.h"

#define USAGE "lockmail [-r] [-t time] mailfile program [args]..."
#define STALE 300

static char cclient[64] ;
static int cclient_held = 0 ;
static int dot = -1 ;

static char const *me = "lockmail" ;

/* the reference names itself by argv[0] in these two messages */
static void usage (void)
{
  buffer_puts(buffer_2, "Usage: ") ;
  buffer_puts(buffer_2, me) ;
  buffer_putsflush(buffer_2, " [-r] [-t time] mailfile program [args]...\n") ;
  _exit(1) ;
}

static void release (void)
{
  if (dot >= 0) { mdlock_release(dot) ; dot = -1 ; }
  if (cclient_held) { unlink(cclient) ; cclient_held = 0 ; }
}

static void onsig (int sig)
{
  (void)sig ;
  mdcleanup_run() ;
  if (cclient_held) unlink(cclient) ;
  _exit(75) ;
}

/* The C-Client lock: /tmp/.<dev>.<ino>, fcntl-locked while held; a lock
   whose pid is dead is taken over. */
static int cclient_lock (struct stat const *st, int *fdp)
{
  size_t n = 0 ;
  char content[PID_FMT + 257] ;
  size_t clen ;
  int fd ;
  memcpy(cclient, "/tmp/.", 6) ; n = 6 ;
  n += uint64_xfmt(cclient + n, (uint64_t)st->st_dev) ; cclient[n++] = '.' ;
  n += uint64_xfmt(cclient + n, (uint64_t)st->st_ino) ; cclient[n] = 0 ;
  fd = open(cclient, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644) ;
  if (fd < 0) return 1 ;   /* not fatal: /tmp may be unusable */
  fchmod(fd, 0644) ;
  {
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 } ;
    if (fcntl(fd, F_SETLK, &fl) < 0) { close(fd) ; return 0 ; }
  }
  /* "<pid>:<host>", as the reference */
  clen = pid_fmt(content, getpid()) ;
  content[clen++] = ':' ;
  if (gethostname(content + clen, 256) == 0) { content[clen + 255] = 0 ; clen += strlen(content + clen) ; }
  if (ftruncate(fd, 0) == 0) allwrite(fd, content, clen) ;
  *fdp = fd ;
  cclient_held = 1 ;
  return 1 ;
}

static int attempt (char const *mbox, char const *lockpath, int fd, int rd, int *cfd)
{
  struct stat st ;
  int tmperr ;
  if (fstat(fd, &st) < 0) return 0 ;
  if (!cclient_lock(&st, cfd)) return 0 ;
  dot = mdlock_dotlock_try(lockpath, mbox, STALE, &tmperr) ;
  if (dot == -2) { dot = -1 ; goto busy ; }
  /* a directory we cannot write: go on without the dot-lock */
  if (dot < 0) dot = -1 ;
  {
    struct flock fl = { .l_type = rd ? F_RDLCK : F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 } ;
    if (fcntl(fd, F_SETLK, &fl) < 0) goto busy ;
  }
  return 1 ;
 busy:
  release() ;
  if (*cfd >= 0) { close(*cfd) ; *cfd = -1 ; }
  return 0 ;
}

int main (int argc, char const *const *argv)
{
  unsigned int timeout = 180 ;
  int ro = 0, rd = 0, fd, cfd = -1 ;
  pid_t pid ;
  int wstat ;
  PROG = "lockmail" ;
  if (argc && argv[0]) me = argv[0] ;
  {
    subgetopt l = SUBGETOPT_ZERO ;
    for (;;)
    {
      int opt = subgetopt_r(argc, argv, "rt:", &l) ;
      if (opt == -1) break ;
      switch (opt)
      {
        case 'r' : ro = 1 ; break ;
        case 't' :
          /* as atoi: junk gives 0, which still means one attempt */
          if (!uint_scan(l.arg, &timeout)) timeout = 0 ;
          break ;
        default :
        {
          char c[2] = { l.problem, 0 } ;
          buffer_puts(buffer_2, me) ;
          buffer_puts(buffer_2, ": invalid option -- '") ;
          buffer_puts(buffer_2, c) ;
          buffer_putsflush(buffer_2, "'\n") ;
          _exit(1) ;
        }
      }
    }
    argc -= l.ind ; argv += l.ind ;
  }
  if (argc < 2) usage() ;
  fd = open(argv[0], O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600) ;
  if (fd < 0 && ro)
  {
    fd = open(argv[0], O_RDONLY | O_CLOEXEC | O_NOCTTY) ;
    rd = 1 ;
  }
  if (fd < 0) return 75 ;
  {
    struct sigaction sa ;
    memset(&sa, 0, sizeof(sa)) ;
    sa.sa_handler = &onsig ;
    sigaction(SIGTERM, &sa, 0) ;
    sigaction(SIGINT, &sa, 0) ;
    sigaction(SIGHUP, &sa, 0) ;
  }
  {
    /* the reference's schedule: timeout/5 + 1 attempts, each followed by
       5 seconds of sleep when it fails; then 75 */
    size_t len = strlen(argv[0]) ;
    char lockpath[len + 6] ;
    unsigned int tries = timeout / 5 + 1 ;
    memcpy(lockpath, argv[0], len) ;
    memcpy(lockpath + len, ".lock", 6) ;
    while (!attempt(argv[0], lockpath, fd, rd, &cfd))
    {
      sleep(5) ;
      if (!--tries) return 75 ;
    }
  }
  pid = fork() ;
  if (pid < 0) { release() ; return 75 ; }
  if (!pid)
  {
    signal(SIGTERM, SIG_DFL) ; signal(SIGINT, SIG_DFL) ; signal(SIGHUP, SIG_DFL) ;
    execvp(argv[1], (char *const *)argv + 1) ;
    {
      int e = errno ;
      buffer_puts(buffer_2, argv[1]) ;
      buffer_puts(buffer_2, ": ") ;
      buffer_puts(buffer_2, strerror(e)) ;
      buffer_putflush(buffer_2, "\n", 1) ;
    }
    _exit(1) ;
  }
  while (waitpid(pid, &wstat, 0) < 0)
    if (errno != EINTR) { wstat = 0xff00 ; break ; }
  release() ;
  if (cfd >= 0) close(cfd) ;
  close(fd) ;
  return WIFEXITED(wstat) ? WEXITSTATUS(wstat) : 75 ;
}
