/* Unit tests for the runtime (mdrt_*): EXITCODE conversion, FROM
   derivation, the delivery record, programs, xfilter, backticks, system,
   the child environment, and the log on FIFOs. */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <skalibs/stralloc.h>
#include <skalibs/djbunix.h>
#include "mdvars.h"
#include "mdrt.h"
#include "mdrtctl.h"
#include "tap.h"

static char tmpdir[] = "/tmp/t-mdrt.XXXXXX" ;

static void setmsg (char const *s, size_t len)
{
  int p[2] ;
  msg_free(&mdrt_message) ;
  mdrt_message = (msg)MSG_ZERO ;
  if (pipe(p) < 0) _exit(111) ;
  if (!fork()) { close(p[0]) ; while (len) { ssize_t w = write(p[1], s, len > 65536 ? 65536 : len) ; if (w <= 0) _exit(1) ; s += w ; len -= w ; } _exit(0) ; }
  close(p[1]) ;
  if (!msg_load(&mdrt_message, p[0], 0)) _exit(111) ;
  close(p[0]) ;
  while (wait(0) > 0) ;
  mdrt_sizevars() ;
}

static int exitcode_of (char const *v)
{
  mdvar_sets("EXITCODE", v) ;
  return mdrt_exitcode() ;
}

static char const *var (char const *name)
{
  static stralloc sa = STRALLOC_ZERO ;
  mdvar_getsa(name, &sa) ;
  return sa.s ;
}

static int slurpf (char const *path, stralloc *sa)
{
  sa->len = 0 ;
  if (!openslurpclose(sa, path)) return 0 ;
  return stralloc_0(sa) ? (sa->len--, 1) : 0 ;
}

static double now (void)
{
  struct timeval tv ;
  gettimeofday(&tv, 0) ;
  return tv.tv_sec + tv.tv_usec / 1e6 ;
}

static char const sample[] =
  "Return-Path: <sender@example.org>\n"
  "From: Alice Example <alice@example.org>\n"
  "To: bob@example.com\n"
  "Subject: Hello there\n"
  "Message-ID: <abc@example.org>\n"
  "\n"
  "Body line 1\n"
  "From: not this\n" ;

int main (void)
{
  stralloc sa = STRALLOC_ZERO ;
  char path[256] ;
  if (!mkdtemp(tmpdir)) return 111 ;
  signal(SIGPIPE, SIG_IGN) ;
  mdvar_sets("SHELL", "/bin/sh") ;
  mdvar_sets("PATH", "/bin:/usr/bin") ;

  /* CLI-28 */
  TAP_OK(exitcode_of("abc") == 0, "EXITCODE abc -> 0") ;
  TAP_OK(exitcode_of(" 12x") == 12, "EXITCODE ' 12x' -> 12") ;
  TAP_OK(exitcode_of("-1") == 255, "EXITCODE -1 -> 255") ;
  TAP_OK(exitcode_of("256") == 0, "EXITCODE 256 -> 0") ;
  TAP_OK(exitcode_of("18446744073709551615") == 255, "EXITCODE unsigned -1 -> 255") ;
  mdvar_unset("EXITCODE", 8) ;
  TAP_OK(mdrt_exitcode() == 0, "EXITCODE unset -> 0") ;

  /* IN-11 */
  setmsg(sample, sizeof sample - 1) ;
  TAP_OK(mdrt_fromaddr(0, "me") && !strcmp(mdrt_sender.s, "sender@example.org"), "FROM from Return-Path") ;
  TAP_OK(mdrt_fromaddr("x@y", "me") && !strcmp(mdrt_sender.s, "x@y"), "-f wins") ;
  TAP_OK(mdrt_fromaddr("", "me") && !strcmp(mdrt_sender.s, "sender@example.org"), "-f '' ignored") ;
  setmsg("return-path:   bare@addr.x trailing\r\n\r\n", 39) ;
  TAP_OK(mdrt_fromaddr(0, "me") && !strcmp(mdrt_sender.s, "bare@addr.x"), "Return-Path bare, CRLF") ;
  setmsg("Return-Path: <>\n\n", 17) ;
  TAP_OK(mdrt_fromaddr(0, "me") && !strcmp(mdrt_sender.s, "me"), "Return-Path <> -> login") ;
  setmsg("Subject: x\n\nReturn-Path: <no@x>\n", 33) ;
  TAP_OK(mdrt_fromaddr(0, "me") && !strcmp(mdrt_sender.s, "MAILER-DAEMON"), "no Return-Path in header -> MAILER-DAEMON") ;

  /* LOG-03..06 */
  memcpy(path, tmpdir, sizeof tmpdir - 1) ; strcpy(path + sizeof tmpdir - 1, "/log") ;
  TAP_OK(mdrt_logfile(path, strlen(path)), "logfile opens a new file") ;
  {
    struct stat st ;
    int fl ;
    TAP_OK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "log created 0600") ;
    fl = fcntl(3, F_GETFD) ;
    (void)fl ;
  }
  setmsg(sample, sizeof sample - 1) ;
  mdrt_logrecord("/x/mbox1", 8, 1, 197) ;
  mdrt_log("custom\n", 7) ;
  slurpf(path, &sa) ;
  {
    char const *p = strchr(sa.s, '\n') ;
    char const *want = "From: Alice Example <alice@example.org>\nSubj: Hello there\nFile: /x/mbox1                                                           (197)\n\ncustom\n" ;
    TAP_OK(!strncmp(sa.s, "Date: ", 6) && p && p - sa.s == 30, "Date line is ctime") ;
    TAP_OK(p && !strcmp(p + 1, want), "record layout byte-identical") ;
  }
  mdrt_logclose() ;
  unlink(path) ;
  mdrt_logfile(path, strlen(path)) ;
  setmsg("Subject: first\r\nfrom: a@b\r\n\r\nSubject: in body\r\nFrom:\tbody-from\r\n", 64) ;
  mdrt_logrecord("| a very long command that goes on and on and on and on and on and on and on", 77, 0, 1234567) ;
  slurpf(path, &sa) ;
  {
    char const *p = strchr(sa.s, '\n') ;
    char const *want = "From: a@b\rbody-from\r\nSubj: first\rin body\r\n!Err: | a very long command that goes on and on and on and on and on (1234567)\n\n" ;
    if (p && strcmp(p + 1, want)) printf("# %s", p + 1) ;
    TAP_OK(p && !strcmp(p + 1, want), "CRLF quirk, joined headers, truncated field, !Err") ;
  }
  mdrt_logclose() ;
  unlink(path) ;
  mdrt_logfile(path, strlen(path)) ;
  {
    char big[300] ;
    memcpy(big, "Subject: ", 9) ;
    memset(big + 9, 'x', 200) ;
    memcpy(big + 209, "\n\nb\n", 4) ;
    setmsg(big, 213) ;
  }
  mdrt_logrecord("d", 1, 1, 1) ;
  slurpf(path, &sa) ;
  {
    char const *p = strstr(sa.s, "\nSubj: ") ;
    char const *q = p ? strchr(p + 1, '\n') : 0 ;
    TAP_OK(strstr(sa.s, "\nFrom: \n") != 0, "missing From: gives 'From: '") ;
    TAP_OK(q && q - p - 7 == 72, "Subj cut to 72 bytes") ;
  }
  mdrt_logclose() ;

  /* DLV-13/14 */
  setmsg(sample, sizeof sample - 1) ;
  {
    char cmd[300] ;
    size_t n ;
    strcpy(cmd, "|cat > ") ; strcat(cmd, tmpdir) ; strcat(cmd, "/piped") ;
    TAP_OK(mdrt_deliver(cmd, strlen(cmd)) == 1, "pipe delivery succeeds") ;
    strcpy(cmd, tmpdir) ; strcat(cmd, "/piped") ;
    TAP_OK(slurpf(cmd, &sa) && sa.len == sizeof sample - 1 && !memcmp(sa.s, sample, sa.len), "pipe got the raw message") ;
    TAP_OK(!strcmp(var("EXITCODE"), "0"), "EXITCODE 0 after a good pipe") ;
    TAP_OK(mdrt_deliver("| exit 3", 8) == 1 && !strcmp(var("EXITCODE"), "3"), "| exit 3: success, EXITCODE=3") ;
    TAP_OK(mdrt_deliver("| kill -9 $$", 12) == 1 && !strcmp(var("EXITCODE"), "18446744073709551615"), "killed child: EXITCODE unsigned -1") ;
    n = 0 ;
    (void)n ;
  }

  /* files: the engines of libmddeliver, with the record */
  {
    char mb[300], lg[300], md[300] ;
    setmsg(sample, sizeof sample - 1) ;
    mdrt_fromaddr(0, "me") ;
    strcpy(lg, tmpdir) ; strcat(lg, "/dlog") ;
    mdrt_logfile(lg, strlen(lg)) ;
    strcpy(mb, tmpdir) ; strcat(mb, "/mbox") ;
    TAP_OK(mdrt_deliver(mb, strlen(mb)) == 1, "mbox delivery") ;
    slurpf(mb, &sa) ;
    TAP_OK(!strncmp(sa.s, "From sender@example.org ", 24) && sa.len == 24 + 24 + 1 + 173 + 1, "mbox From_ line from FROM, blank line after") ;
    strcpy(md, tmpdir) ; strcat(md, "/Maildir") ;
    mkdir(md, 0700) ;
    strcpy(md + strlen(md), "/tmp") ; mkdir(md, 0700) ;
    strcpy(md + strlen(md) - 4, "/new") ; mkdir(md, 0700) ;
    strcpy(md + strlen(md) - 4, "/cur") ; mkdir(md, 0700) ;
    md[strlen(md) - 4] = 0 ;
    strcat(md, "/") ;
    TAP_OK(mdrt_deliver(md, strlen(md)) == 1, "maildir delivery") ;
    TAP_OK(mdrt_deliver("/dev/full", 9) == 0, "/dev/full fails") ;
    mdrt_logclose() ;
    slurpf(lg, &sa) ;
    TAP_OK(strstr(sa.s, "\nFile: /tmp/") && strstr(sa.s, "/mbox ") && strstr(sa.s, "(173)\n\n"), "mbox record") ;
    TAP_OK(strstr(sa.s, "/Maildir/ ") && strstr(sa.s, "(173)\n\n"), "maildir record") ;
    TAP_OK(strstr(sa.s, "\n!Err: /dev/full ") != 0, "/dev/full: !Err record") ;
  }

  /* STMT-13 and VAR-06 */
  {
    char cmd[300] ;
    mdrt_system("exit 4", 6) ;
    TAP_OK(!strcmp(var("RETURNCODE"), "4"), "system sets RETURNCODE") ;
    mdvar_sets("ONLYME", "v a l") ;
    strcpy(cmd, "env > ") ; strcat(cmd, tmpdir) ; strcat(cmd, "/env") ;
    mdrt_system(cmd, strlen(cmd)) ;
    strcpy(cmd, tmpdir) ; strcat(cmd, "/env") ;
    slurpf(cmd, &sa) ;
    TAP_OK(strstr(sa.s, "ONLYME=v a l\n") && strstr(sa.s, "SIZE=") && !strstr(sa.s, "HOME="), "child env is exactly the variable table") ;
    mdrt_system("read x ; exit $?", 16) ;
    TAP_OK(!strcmp(var("RETURNCODE"), "1"), "system stdin is /dev/null") ;
  }

  /* STMT-14 */
  sa.len = 0 ;
  TAP_OK(mdrt_backtick("echo hi; exit 3", 15, &sa) && sa.len == 0 && !strcmp(var("RETURNCODE"), "3"), "backtick non-zero: empty") ;
  sa.len = 0 ;
  TAP_OK(mdrt_backtick("grep -c ^From", 13, &sa) && sa.len == 2 && !memcmp(sa.s, "2\n", 2), "backtick gets the message, captures stdout") ;

  /* STMT-12 with a big message: no deadlock */
  {
    size_t len = 5 * 1024 * 1024 ;
    char *big = malloc(len) ;
    size_t k ;
    for (k = 0 ; k < len ; k++) big[k] = (k % 64 == 63) ? '\n' : 'a' + k % 26 ;
    setmsg(big, len) ;
    free(big) ;
    TAP_OK(mdrt_xfilter("cat; echo extra", 15) == 1, "xfilter of 5 MB succeeds") ;
    TAP_OK(msg_size(&mdrt_message) == len + 6 && !strcmp(var("SIZE"), "5242886"), "xfilter output is the message, SIZE recomputed") ;
    TAP_OK(mdrt_xfilter("exit 1", 6) == 0 && strcmp(var("RETURNCODE"), "0") && msg_size(&mdrt_message) == len + 6, "failing xfilter: message unchanged") ;
    TAP_OK(mdrt_xfilter("head -c 10", 10) == 0, "xfilter that stops reading early fails") ;
    TAP_OK(mdrt_xfilter("tr a-z A-Z", 10) == 1 && msg_size(&mdrt_message) == len + 6, "xfilter tr") ;
    sa.len = 0 ;
    TAP_OK(mdrt_backtick("wc -c", 5, &sa) && sa.len >= 8 && !memcmp(sa.s, "5242886", 7), "backtick over a big message") ;
  }

  /* LOG on FIFOs (D18) */
  setmsg(sample, sizeof sample - 1) ;
  strcpy(path, tmpdir) ; strcat(path, "/fifo") ;
  mkfifo(path, 0600) ;
  {
    double t0 = now() ;
    int ok = mdrt_logfile(path, strlen(path)) ;
    mdrt_logrecord("x", 1, 1, 1) ;
    mdrt_log("y\n", 2) ;
    TAP_OK(ok && now() - t0 < 0.5, "FIFO without a reader: logfile goes on at once") ;
    mdrt_logclose() ;
  }
  {
    int rfd = open(path, O_RDONLY | O_NONBLOCK) ;
    double t0 = now() ;
    int k ;
    TAP_OK(mdrt_logfile(path, strlen(path)), "FIFO with a reader opens") ;
    for (k = 0 ; k < 1000 ; k++) mdrt_logrecord("x", 1, 1, 1) ;
    TAP_OK(now() - t0 < 2.0, "full pipe: bounded wait, then records dropped") ;
    {
      char buf[200] ;
      ssize_t r = read(rfd, buf, sizeof buf) ;
      TAP_OK(r > 6 && !memcmp(buf, "Date: ", 6), "the reader got whole records") ;
    }
    mdrt_logclose() ;
    close(rfd) ;
  }
  {
    /* a reader that goes away: EPIPE, then silence (LOG-08) */
    int rfd = open(path, O_RDONLY | O_NONBLOCK) ;
    mdrt_logfile(path, strlen(path)) ;
    close(rfd) ;
    mdrt_log("a\n", 2) ;
    mdrt_log("b\n", 2) ;
    TAP_OK(1, "EPIPE on the log does not kill") ;
    mdrt_logclose() ;
  }

  /* locks are released by mdrt_exit and by the signal handlers (D21) */
  {
    char lk[300] ;
    int k ;
    strcpy(lk, tmpdir) ; strcat(lk, "/the.lock") ;
    for (k = 0 ; k < 2 ; k++)
    {
      int p[2], q[2], wstat ;
      char c ;
      pid_t pid ;
      struct stat st ;
      if (pipe(p) < 0 || pipe(q) < 0) return 111 ;
      pid = fork() ;
      if (!pid)
      {
        mdrt_signals() ;
        if (mdrt_dotlock_acquire(lk, strlen(lk)) < 0) _exit(1) ;
        write(p[1], "x", 1) ;
        if (k) { read(q[0], &c, 1) ; mdrt_exit(3) ; }
        for (;;) pause() ;
      }
      close(p[1]) ;
      if (read(p[0], &c, 1) != 1) c = 0 ;
      close(p[0]) ;
      TAP_OK(c == 'x' && stat(lk, &st) == 0, k ? "dotlock held (exit)" : "dotlock held (signal)") ;
      if (!k) kill(pid, SIGTERM) ;
      else write(q[1], "y", 1) ;
      close(q[0]) ; close(q[1]) ;
      waitpid(pid, &wstat, 0) ;
      TAP_OK(WIFEXITED(wstat) && WEXITSTATUS(wstat) == (k ? 3 : 75), k ? "mdrt_exit code" : "SIGTERM: exit 75") ;
      TAP_OK(stat(lk, &st) < 0 && errno == ENOENT, k ? "mdrt_exit removed the lock" : "SIGTERM removed the lock") ;
    }
  }

  /* -n */
  mdrt_conf_g.dryrun = 1 ;
  {
    int p[2], save = dup(1) ;
    char buf[200] ;
    ssize_t r ;
    pipe(p) ;
    dup2(p[1], 1) ;
    mdrt_deliver("/x/y", 4) ;
    dup2(save, 1) ;
    close(p[1]) ;
    r = read(p[0], buf, sizeof buf - 1) ;
    buf[r > 0 ? r : 0] = 0 ;
    TAP_OK(!strcmp(buf, "maildrop: dry-run: would deliver to /x/y\n"), "dry-run prints the delivery") ;
  }
  mdrt_conf_g.dryrun = 0 ;

  {
    char cmd[300] ;
    strcpy(cmd, "rm -rf ") ; strcat(cmd, tmpdir) ;
    if (!getenv("KEEP")) system(cmd) ;
  }
  TAP_DONE() ;
}
