/* Unit tests for the locks: DLV-08 dot-lock, stale locks (dead owner at
   once, unchanged lock after LOCKTIMEOUT), release, mdcleanup_run, the
   repair of a half-written append left by a killed writer, flock. */

#include <errno.h>
#include <signal.h>
#include <time.h>
#include <sys/wait.h>
#include "mdd-testlib.h"
#include "tap.h"

static pid_t deadpid (void)
{
  pid_t pid = fork() ;
  if (!pid) _exit(0) ;
  waitpid(pid, 0, 0) ;
  return pid ;
}

static double now (void)
{
  struct timespec ts ;
  clock_gettime(CLOCK_MONOTONIC, &ts) ;
  return ts.tv_sec + ts.tv_nsec / 1e9 ;
}

static void onterm (int sig)
{
  (void)sig ;
  mdcleanup_run() ;
  _exit(75) ;
}

int main (void)
{
  mddeliver_opts o ;
  struct stat st ;
  char *s ;
  char lp[512], buf[64] ;
  int h ;
  tdir_make() ;
  opts_default(&o) ;
  snprintf(lp, sizeof(lp), "%s/x.lock", tdir) ;

  h = mdlock_dotlock(lp, &o) ;
  TAP_OK(h >= 0, "mdlock_dotlock takes a free lock") ;
  snprintf(buf, sizeof(buf), "%d\n", (int)getpid()) ;
  TAP_OK(slurpfile(lp, &s) > 0 && !strcmp(s, buf), "lock content is <pid>\\n") ;
  TAP_OK(stat(lp, &st) == 0 && (st.st_mode & 0777) == 0640, "lock mode 0640") ;
  TAP_OK(countdir(tdir, 0, 0) == 1, "the temp file <pid>.<n>.<host> is gone") ;
  mdlock_release(h) ;
  TAP_OK(stat(lp, &st) < 0 && errno == ENOENT, "mdlock_release removes it") ;

  TAP_OK(mdlock_dotlock(tpath("nodir/x.lock"), &o) == -1, "unwritable place: -1") ;

  /* our lock was taken over meanwhile: release leaves the new owner's */
  h = mdlock_dotlock(lp, &o) ;
  unlink(lp) ;
  writefile(lp, "1\n", 2) ;
  mdlock_release(h) ;
  TAP_OK(slurpfile(lp, &s) == 2 && !strcmp(s, "1\n"), "release removes the lock only while it is ours") ;
  unlink(lp) ;

  /* a lock of a dead process is broken at once */
  snprintf(buf, sizeof(buf), "%d\n", (int)deadpid()) ;
  writefile(lp, buf, strlen(buf)) ;
  {
    double t0 = now() ;
    h = mdlock_dotlock(lp, &o) ;
    TAP_OK(h >= 0 && now() - t0 < 0.9, "stale lock of a dead pid: broken at once") ;
    mdlock_release(h) ;
  }
  snprintf(buf, sizeof(buf), "%d:otherhost.invalid", (int)deadpid()) ;
  writefile(lp, buf, strlen(buf)) ;
  {
    int tmperr ;
    TAP_OK(mdlock_dotlock_try(lp, 0, 300, &tmperr) == -2, "dead pid on another host: not broken") ;
  }
  /* a live owner's lock: broken only after LOCKTIMEOUT unchanged */
  writefile(lp, "1\n", 2) ;
  o.locktimeout = 2 ; o.locksleep = 1 ;
  {
    double t0 = now(), dt ;
    h = mdlock_dotlock(lp, &o) ;
    dt = now() - t0 ;
    TAP_OK(h >= 0 && dt >= 1.9 && dt < 4.5, "unchanged lock of a live pid: broken after LOCKTIMEOUT") ;
    mdlock_release(h) ;
  }
  o.locktimeout = 60 ;

  /* a second taker waits while we hold it */
  h = mdlock_dotlock(lp, &o) ;
  {
    pid_t pid = fork() ;
    int wst ;
    if (!pid)
    {
      int tmperr ;
      _exit(mdlock_dotlock_try(lp, 0, 300, &tmperr) == -2 ? 0 : 1) ;
    }
    waitpid(pid, &wst, 0) ;
    TAP_OK(WIFEXITED(wst) && !WEXITSTATUS(wst), "held lock: another process finds it busy") ;
  }
  mdlock_release(h) ;

  /* mdcleanup_run on a signal releases held locks */
  {
    int p[2] ;
    char c ;
    pid_t pid ;
    if (pipe(p) < 0) return 111 ;
    pid = fork() ;
    if (!pid)
    {
      struct sigaction sa ;
      memset(&sa, 0, sizeof(sa)) ;
      sa.sa_handler = &onterm ;
      sigaction(SIGTERM, &sa, 0) ;
      close(p[0]) ;
      if (mdlock_dotlock(lp, &o) < 0 || mdlock_dotlock(tpath("y.lock"), &o) < 0) _exit(1) ;
      if (write(p[1], "x", 1) < 0) _exit(1) ;
      for (;;) pause() ;
    }
    close(p[1]) ;
    if (read(p[0], &c, 1) == 1)
    {
      TAP_OK(stat(lp, &st) == 0 && stat(tpath("y.lock"), &st) == 0, "child holds two dot-locks") ;
      kill(pid, SIGTERM) ;
      waitpid(pid, 0, 0) ;
      TAP_OK(stat(lp, &st) < 0 && stat(tpath("y.lock"), &st) < 0, "mdcleanup_run in the TERM handler removed both") ;
    }
    else { TAP_OK(0, "child lock") ; TAP_OK(0, "cleanup") ; }
    close(p[0]) ;
  }

  /* a writer killed mid-append: its lock records the old size; the next
     taker cuts the partial message off before delivering */
  {
    static char const old[] = "From a Mon Jan  1 00:00:00 2024\nold\n\n" ;
    static char const partial[] = "From b Mon Jan  1 00:00:01 2024\nhalf a mess" ;
    char mb[512], mbl[512], rec[256] ;
    msg m ;
    snprintf(mb, sizeof(mb), "%s/mbox", tdir) ;
    snprintf(mbl, sizeof(mbl), "%s/mbox.lock", tdir) ;
    writefile(mb, old, sizeof(old) - 1) ;
    stat(mb, &st) ;
    {
      int fd = open(mb, O_WRONLY | O_APPEND) ;
      if (write(fd, partial, sizeof(partial) - 1) < 0) return 111 ;
      close(fd) ;
    }
    snprintf(rec, sizeof(rec), "%d\nmds %llu %llu %zu\n", (int)deadpid(), (unsigned long long)st.st_dev, (unsigned long long)st.st_ino, sizeof(old) - 1) ;
    writefile(mbl, rec, strlen(rec)) ;
    msg_of(&m, "new\n", 4) ;
    TAP_OK(mddeliver_mbox(mb, &m, &o) == 1, "delivery after a killed writer") ;
    TAP_OK(slurpfile(mb, &s) > 0 && !strncmp(s, old, sizeof(old) - 1) && !strncmp(s + sizeof(old) - 1, "From sender@example.org ", 24) && strstr(s, "\nnew\n\n") && !strstr(s, "half"), "the partial message was cut off, the new one is whole") ;

    /* without "From " at the recorded size, nothing is cut */
    writefile(mb, old, sizeof(old) - 1) ;
    stat(mb, &st) ;
    {
      int fd = open(mb, O_WRONLY | O_APPEND) ;
      if (write(fd, "other data\n", 11) < 0) return 111 ;
      close(fd) ;
    }
    snprintf(rec, sizeof(rec), "%d\nmds %llu %llu %zu\n", (int)deadpid(), (unsigned long long)st.st_dev, (unsigned long long)st.st_ino, sizeof(old) - 1) ;
    writefile(mbl, rec, strlen(rec)) ;
    mddeliver_mbox(mb, &m, &o) ;
    TAP_OK(slurpfile(mb, &s) > 0 && strstr(s, "other data\nFrom sender"), "no From_ at the recorded size: nothing cut") ;

    /* another file's record (inode differs): nothing cut */
    writefile(mb, old, sizeof(old) - 1) ;
    {
      int fd = open(mb, O_WRONLY | O_APPEND) ;
      if (write(fd, partial, sizeof(partial) - 1) < 0) return 111 ;
      close(fd) ;
    }
    snprintf(rec, sizeof(rec), "%d\nmds 1 2 %zu\n", (int)deadpid(), sizeof(old) - 1) ;
    writefile(mbl, rec, strlen(rec)) ;
    mddeliver_mbox(mb, &m, &o) ;
    TAP_OK(slurpfile(mb, &s) > 0 && strstr(s, "half a messFrom sender"), "record for another inode: nothing cut") ;
  }

  /* LOCKREFRESH >= 10: a held lock is touched every LOCKREFRESH seconds.
     Meanwhile (same 10 s), an mbox delivery held up longer than that
     behind the mailbox's fcntl lock refreshes its dot-lock too. */
  o.lockrefresh = 10 ;
  {
    char mb[512], mbl[512] ;
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET } ;
    struct stat st0, mst0, mst ;
    int moved = 0, mmoved = 0, wst = -1, mfd ;
    pid_t kid ;
    snprintf(mb, sizeof(mb), "%s/slowmbox", tdir) ;
    snprintf(mbl, sizeof(mbl), "%s/slowmbox.lock", tdir) ;
    writefile(mb, "", 0) ;
    mfd = open(mb, O_RDWR) ;
    if (mfd < 0 || fcntl(mfd, F_SETLK, &fl) < 0) return 111 ;
    kid = fork() ;
    if (kid < 0) return 111 ;
    if (!kid)
    {
      msg m ;
      msg_of(&m, "slow\n", 5) ;
      _exit(mddeliver_mbox(mb, &m, &o) == 1 ? 0 : 1) ;
    }
    for (int i = 0 ; i < 100 && stat(mbl, &mst0) < 0 ; i++) usleep(20000) ;
    h = mdlock_dotlock(lp, &o) ;
    stat(lp, &st0) ;
    for (int i = 0 ; i < 120 && !(moved && mmoved) ; i++)
    {
      usleep(100000) ;
      if (stat(lp, &st) == 0 && (st.st_ctim.tv_sec != st0.st_ctim.tv_sec || st.st_ctim.tv_nsec != st0.st_ctim.tv_nsec)) moved = 1 ;
      if (stat(mbl, &mst) == 0 && (mst.st_ctim.tv_sec != mst0.st_ctim.tv_sec || mst.st_ctim.tv_nsec != mst0.st_ctim.tv_nsec)) mmoved = 1 ;
    }
    TAP_OK(moved && (st.st_mode & 0777) == 0644, "LOCKREFRESH 10: the held lock's ctime moves (chmod 0644) within 12 s") ;
    TAP_OK(mmoved && (mst.st_mode & 0777) == 0644, "LOCKREFRESH 10: an mbox delivery waiting on the fcntl lock refreshes its dot-lock") ;
    close(mfd) ;
    waitpid(kid, &wst, 0) ;
    TAP_OK(WIFEXITED(wst) && !WEXITSTATUS(wst) && slurpfile(mb, &s) > 0 && strstr(s, "\nslow\n") && stat(mbl, &mst) < 0,
      "the held-up mbox delivery then completes and removes its dot-lock") ;
  }
  mdlock_release(h) ;
  o.lockrefresh = 15 ;

  /* a lock planted by another user does not get our file cut */
  if (!getuid())
  {
    static char const old[] = "From a Mon Jan  1 00:00:00 2024\nold\n\n" ;
    static char const partial[] = "From b Mon Jan  1 00:00:01 2024\nhalf a mess" ;
    char mb[512], mbl[512], rec[256] ;
    msg m ;
    int fd ;
    snprintf(mb, sizeof(mb), "%s/pmbox", tdir) ;
    snprintf(mbl, sizeof(mbl), "%s/pmbox.lock", tdir) ;
    writefile(mb, old, sizeof(old) - 1) ;
    stat(mb, &st) ;
    fd = open(mb, O_WRONLY | O_APPEND) ;
    if (write(fd, partial, sizeof(partial) - 1) < 0) return 111 ;
    close(fd) ;
    snprintf(rec, sizeof(rec), "%d\nmds %llu %llu %zu\n", (int)deadpid(), (unsigned long long)st.st_dev, (unsigned long long)st.st_ino, sizeof(old) - 1) ;
    writefile(mbl, rec, strlen(rec)) ;
    if (chown(mbl, 65534, 65534) < 0) return 111 ;
    msg_of(&m, "new\n", 4) ;
    mddeliver_mbox(mb, &m, &o) ;
    TAP_OK(slurpfile(mb, &s) > 0 && strstr(s, "half a messFrom sender"), "a stale lock of another user: broken, but nothing cut") ;
  }
  else printf("ok %d - planted lock # SKIP not root\n", ++tap_n) ;

  /* flock */
  h = mdlock_flock(tpath("fl")) ;
  TAP_OK(h >= 0 && stat(tpath("fl"), &st) == 0 && (st.st_mode & 0777) == 0600, "mdlock_flock creates the file 0600") ;
  {
    pid_t pid = fork() ;
    int wst ;
    if (!pid)
    {
      struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET } ;
      int fd = open(tpath("fl"), O_WRONLY) ;
      _exit(fcntl(fd, F_SETLK, &fl) < 0 && (errno == EAGAIN || errno == EACCES) ? 0 : 1) ;
    }
    waitpid(pid, &wst, 0) ;
    TAP_OK(WIFEXITED(wst) && !WEXITSTATUS(wst), "flock: another process cannot lock it") ;
  }
  mdlock_release(h) ;
  {
    pid_t pid = fork() ;
    int wst ;
    if (!pid)
    {
      struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET } ;
      int fd = open(tpath("fl"), O_WRONLY) ;
      _exit(fcntl(fd, F_SETLK, &fl) == 0 ? 0 : 1) ;
    }
    waitpid(pid, &wst, 0) ;
    TAP_OK(WIFEXITED(wst) && !WEXITSTATUS(wst) && stat(tpath("fl"), &st) == 0, "released: lockable again, file left in place") ;
  }
  TAP_OK(mdlock_flock(tpath("nodir/fl")) == -1, "flock: cannot create: -1") ;

  tdir_remove() ;
  TAP_DONE() ;
}
