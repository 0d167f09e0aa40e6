/* Unit tests for the mbox engine (DLV-03..DLV-08): From_ line, escaping,
   final newline and empty line, no separator, log size (LOG-06), special
   files, the truncate-back on a write error, the lock record. */

#include <errno.h>
#include <regex.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include "mdd-testlib.h"
#include "mdd-driver.h"
#include "tap.h"

typedef struct { int calls ; int ok ; uint64_t size ; int lockseen ; char lock[256] ; } logrec ;
static logrec lr ;
static char const *lockname ;
static void logcb (int ok, uint64_t size, void *aux)
{
  char *s ;
  lr.calls++ ; lr.ok = ok ; lr.size = size ;
  lr.lockseen = lockname && slurpfile(lockname, &s) >= 0 ;
  if (lr.lockseen) snprintf(lr.lock, sizeof(lr.lock), "%s", s) ;
}

static void onterm (int sig)
{
  (void)sig ;
  mdcleanup_run() ;
  _exit(75) ;
}

static int matches (char const *re, char const *s)
{
  regex_t r ;
  int ok ;
  if (regcomp(&r, re, REG_EXTENDED | REG_NOSUB | REG_NEWLINE)) return 0 ;
  ok = !regexec(&r, s, 0, 0, 0) ;
  regfree(&r) ;
  return ok ;
}

/* the file minus its first line */
static char const *afterfrom (char const *s)
{
  char const *nl = strchr(s, '\n') ;
  return nl ? nl + 1 : "" ;
}

int main (int argc, char const *const *argv)
{
  msg m ;
  mddeliver_opts o ;
  char *s ;
  struct stat st ;
  if (argc >= 4 && !strcmp(argv[1], "deliver")) return driver_main(argc, argv) ;
  tdir_make() ;
  opts_default(&o) ;
  umask(022) ;

  {
    static char const in[] = "Subject: x\n\nFrom a\n>From b\n>>From c\n>Fro\nFrom\nFromage\n>\nno newline" ;
    static char const want[] = "Subject: x\n\n>From a\n>>From b\n>>>From c\n>Fro\nFrom\nFromage\n>\nno newline\n\n" ;
    char lp[512] ;
    msg_of(&m, in, sizeof(in) - 1) ;
    snprintf(lp, sizeof(lp), "%s/mb.lock", tdir) ;
    lockname = lp ;
    o.logf = &logcb ;
    memset(&lr, 0, sizeof(lr)) ;
    TAP_OK(mddeliver_mbox(tpath("mb"), &m, &o) == 1, "deliver returns 1") ;
    TAP_OK(slurpfile(tpath("mb"), &s) > 0 && matches("^From sender@example\\.org (Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 1-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] [0-9]{4}$", s), "From_ line: From <sender> <ctime>") ;
    TAP_OK(!strcmp(afterfrom(s), want), ">From escaping of any number of >, final newline added, one empty line after") ;
    TAP_OK(lr.calls == 1 && lr.ok == 1 && lr.size == sizeof(want) - 1 - 1, "log size counts the added > and newline, not the From_ line nor the empty line") ;
    TAP_OK(lr.lockseen && matches("^[0-9]+\nmds [0-9]+ [0-9]+ 0\n$", lr.lock), "log callback runs under the dot-lock, which records the append") ;
    TAP_OK(stat(lp, &st) < 0 && errno == ENOENT, "dot-lock removed afterwards") ;
    TAP_OK(stat(tpath("mb"), &st) == 0 && (st.st_mode & 0777) == 0600, "new mbox: mode 0666 less UMASK 077") ;
    o.logf = 0 ; lockname = 0 ;
  }
  {
    msg_of(&m, "a\n", 2) ;
    writefile(tpath("abc"), "abc", 3) ;
    mddeliver_mbox(tpath("abc"), &m, &o) ;
    TAP_OK(slurpfile(tpath("abc"), &s) > 0 && !strncmp(s, "abcFrom sender@example.org ", 27) && !strcmp(afterfrom(s), "a\n\n"), "no separator before a message appended to a file without final newline") ;
    mddeliver_mbox(tpath("abc"), &m, &o) ;
    TAP_OK(slurpfile(tpath("abc"), &s) > 0 && matches("^a\n\nFrom sender@example.org .*\na\n\n$", afterfrom(s)), "second message follows the empty line") ;
  }
  {
    msg e ;
    msg_of(&e, "", 0) ;
    TAP_OK(mddeliver_mbox(tpath("empty"), &e, &o) == 1 && stat(tpath("empty"), &st) < 0, "empty message: success, no file") ;
  }
  {
    msg_of(&m, "From x\n", 7) ;
    m.prefix.len = 0 ;
    if (!stralloc_cats(&m.prefix, "X-A: 1\n")) return 111 ;
    mddeliver_mbox(tpath("pre"), &m, &o) ;
    TAP_OK(slurpfile(tpath("pre"), &s) > 0 && !strcmp(afterfrom(s), "X-A: 1\n>From x\n\n"), "-A lines come first; a leading From line is escaped") ;
    stralloc_free(&m.prefix) ;
  }
  {
    msg_of(&m, "a\r\nFrom b\r\n", 11) ;
    mddeliver_mbox(tpath("crlf"), &m, &o) ;
    TAP_OK(slurpfile(tpath("crlf"), &s) > 0 && !strcmp(afterfrom(s), "a\r\n>From b\r\n\n"), "CRs kept") ;
  }
  {
    /* a >From split across the 8 KiB reader chunks */
    size_t n = 8192 - 3 ;
    char *big = malloc(n + 20) ;
    memset(big, 'x', n - 1) ; big[n-1] = '\n' ;
    memcpy(big + n, ">>From z\n", 9) ;
    msg_of(&m, big, n + 9) ;
    mddeliver_mbox(tpath("split"), &m, &o) ;
    TAP_OK(slurpfile(tpath("split"), &s) > 0 && !strcmp(afterfrom(s) + n, ">>>From z\n\n"), "escaping across buffer boundaries") ;
    free(big) ;
  }
  msg_of(&m, "Subject: x\n\nbody\n", 17) ;
  TAP_OK(mddeliver_mbox("/dev/null", &m, &o) == 1, "/dev/null: delivered, no dot-lock") ;
  {
    o.logf = &logcb ; memset(&lr, 0, sizeof(lr)) ;
    TAP_OK(mddeliver_mbox("/dev/full", &m, &o) == -1, "/dev/full: -1") ;
    TAP_OK(lr.calls == 1 && lr.ok == 0 && lr.size == 17, "/dev/full: the record is !Err with the full size") ;
    o.logf = 0 ;
  }
  TAP_OK(mddeliver_mbox(tpath("nodir/mb"), &m, &o) == 0, "missing directory: 0 (dot-lock failure)") ;
  mkdir(tpath("adir"), 0755) ;
  TAP_OK(mddeliver_mbox(tpath("adir"), &m, &o) == 0 && stat(tpath("adir.lock"), &st) < 0, "directory: 0, lock released") ;
  o.lockext = ".LCK" ;
  {
    char lp[512] ;
    snprintf(lp, sizeof(lp), "%s/lck.LCK", tdir) ;
    lockname = lp ; o.logf = &logcb ; memset(&lr, 0, sizeof(lr)) ;
    mddeliver_mbox(tpath("lck"), &m, &o) ;
    TAP_OK(lr.lockseen, "LOCKEXT is honoured") ;
    o.logf = 0 ; lockname = 0 ; o.lockext = ".lock" ;
  }

  /* write error half-way: RLIMIT_FSIZE makes write() fail with EFBIG */
  {
    static char const old[] = "From a Mon Jan  1 00:00:00 2024\nold\n\n" ;
    pid_t pid ;
    int wst ;
    char *body = malloc(300000) ;
    memset(body, 'y', 300000) ;
    body[299999] = '\n' ;
    writefile(tpath("full"), old, sizeof(old) - 1) ;
    pid = fork() ;
    if (!pid)
    {
      struct rlimit rl = { .rlim_cur = 100000, .rlim_max = 100000 } ;
      msg b ;
      signal(SIGXFSZ, SIG_IGN) ;
      setrlimit(RLIMIT_FSIZE, &rl) ;
      msg_of(&b, body, 300000) ;
      _exit(mddeliver_mbox(tpath("full"), &b, &o) == -1 ? 0 : 1) ;
    }
    waitpid(pid, &wst, 0) ;
    TAP_OK(WIFEXITED(wst) && WEXITSTATUS(wst) == 0, "write error: -1") ;
    TAP_OK(slurpfile(tpath("full"), &s) == sizeof(old) - 1 && !strcmp(s, old), "write error: mbox truncated back byte-identical") ;
    TAP_OK(stat(tpath("full.lock"), &st) < 0, "write error: lock released") ;
    free(body) ;
  }

  /* mdcleanup_run from a signal handler in the middle of the append */
  {
    static char const old[] = "From a Mon Jan  1 00:00:00 2024\nold\n\n" ;
    int p[2] ;
    pid_t pid ;
    char c ;
    writefile(tpath("sig"), old, sizeof(old) - 1) ;
    if (pipe(p) < 0) return 111 ;
    pid = fork() ;
    if (!pid)
    {
      /* the pipe-backed message stalls after the first 200 KB */
      int q[2] ;
      msg b = MSG_ZERO ;
      close(p[0]) ;
      if (pipe(q) < 0) _exit(2) ;
      if (!fork())
      {
        char buf[8192] ;
        close(q[0]) ;
        memset(buf, 'z', sizeof(buf)) ;
        for (int i = 0 ; i < 40 ; i++) if (write(q[1], buf, sizeof(buf)) < 0) _exit(0) ;
        _exit(0) ;
      }
      close(q[1]) ;
      msg_load(&b, q[0], tdir) ;
      {
        struct sigaction sa ;
        memset(&sa, 0, sizeof(sa)) ;
        sa.sa_handler = &onterm ;
        sigaction(SIGTERM, &sa, 0) ;
      }
      /* slow writer: pause in the log callback = after writing, lock held */
      if (write(p[1], "x", 1) < 0) _exit(2) ;
      for (;;) { mddeliver_mbox(tpath("sig"), &b, &o) ; }
    }
    close(p[1]) ;
    if (read(p[0], &c, 1) != 1) return 111 ;
    /* let it append a few times, then stop it with TERM: the cleanup
       must leave only whole messages */
    usleep(200000) ;
    kill(pid, SIGTERM) ;
    usleep(100000) ;
    kill(pid, SIGKILL) ;
    waitpid(pid, 0, 0) ;
    {
      ssize_t n = slurpfile(tpath("sig"), &s) ;
      size_t unit = 0 ;
      int whole = n >= (ssize_t)sizeof(old) - 1 && !strncmp(s, old, sizeof(old) - 1) ;
      /* every appended message is From_ line + 327680 z + \n + \n */
      if (whole && n > (ssize_t)sizeof(old) - 1)
      {
        char const *nl = strchr(s + sizeof(old) - 1, '\n') ;
        unit = nl ? (size_t)(nl - (s + sizeof(old) - 1)) + 1 + 327680 + 2 : 0 ;
        whole = unit && (n - (sizeof(old) - 1)) % unit == 0 ;
      }
      TAP_OK(whole, "TERM during appends: the cleanup leaves only whole messages") ;
    }
  }
  tdir_remove() ;
  TAP_DONE() ;
}
