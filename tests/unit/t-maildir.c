#define _GNU_SOURCE
/* Unit tests for the maildir engine: DLV-09 names, modes, FLAGS,
   KEYWORDS, log timing, quota (DLV-11, TOOL-05), warnings (DLV-12). */

#include <errno.h>
#include <regex.h>
#include <sched.h>
#include <sys/wait.h>
#include "mdd-testlib.h"
#include "tap.h"

static char const sample[] = "Subject: hi\n\nbody\n" ;   /* 18 bytes */

typedef struct { int calls ; int ok ; uint64_t size ; int newseen ; int tmpseen ; } logrec ;
static logrec lr ;
static void logcb (int ok, uint64_t size, void *aux)
{
  char const *dir = aux ;
  char sub[512] ;
  lr.calls++ ; lr.ok = ok ; lr.size = size ;
  snprintf(sub, sizeof(sub), "%s/new", dir) ; lr.newseen = countdir(sub, 0, 0) ;
  snprintf(sub, sizeof(sub), "%s/tmp", dir) ; lr.tmpseen = countdir(sub, 0, 0) ;
}

static int matches (char const *re, char const *s)
{
  regex_t r ;
  int ok ;
  if (regcomp(&r, re, REG_EXTENDED | REG_NOSUB)) return 0 ;
  ok = !regexec(&r, s, 0, 0, 0) ;
  regfree(&r) ;
  return ok ;
}

static char const *onlyfile (char const *dir, char *name, size_t n)
{
  static char path[1024] ;
  if (countdir(dir, name, n) != 1) return 0 ;
  snprintf(path, sizeof(path), "%s/%s", dir, name) ;
  return path ;
}

/* sethostname in a private UTS namespace: the name escaping of DLV-09 */
static int hostescape (void)
{
  int p[2] ;
  pid_t pid ;
  char buf[512] = "" ;
  ssize_t r ;
  if (pipe(p) < 0) return -1 ;
  pid = fork() ;
  if (!pid)
  {
    msg m ; mddeliver_opts o ;
    char name[512] ;
    close(p[0]) ;
    if (unshare(CLONE_NEWUTS) < 0 || sethostname("a/b:c", 5) < 0) _exit(77) ;
    mkmaildir(tpath("H")) ;
    msg_of(&m, sample, 18) ; opts_default(&o) ;
    if (mddeliver_maildir(tpath("H"), &m, &o) != 1) _exit(1) ;
    if (countdir(tpath("H/new"), name, sizeof(name)) != 1) _exit(1) ;
    if (write(p[1], name, strlen(name)) < 0) _exit(1) ;
    _exit(0) ;
  }
  close(p[1]) ;
  r = read(p[0], buf, sizeof(buf) - 1) ;
  close(p[0]) ;
  {
    int st ;
    waitpid(pid, &st, 0) ;
    if (WIFEXITED(st) && WEXITSTATUS(st) == 77) return -1 ;
  }
  buf[r < 0 ? 0 : r] = 0 ;
  return !!strstr(buf, "_0.a\\057b\\072c,S=18") ;
}

int main (void)
{
  msg m ;
  mddeliver_opts o ;
  char name[512], host[256], re[1024] ;
  char const *f ;
  struct stat st ;
  char *s ;
  tdir_make() ;
  gethostname(host, sizeof(host)) ;
  msg_of(&m, sample, 18) ;
  opts_default(&o) ;
  /* first: the host name is computed once per process */
  {
    int r = hostescape() ;
    if (r < 0) printf("ok %d - hostname escaping # SKIP no UTS namespace\n", ++tap_n) ;
    else TAP_OK(r == 1, "hostname: / becomes \\057 and : becomes \\072") ;
  }

  TAP_OK(!mddeliver_ismaildir(tpath("M")), "ismaildir: missing dir is not a maildir") ;
  mkmaildir(tpath("M")) ;
  TAP_OK(mddeliver_ismaildir(tpath("M")) && mddeliver_ismaildir(tpath("M/")), "ismaildir: with and without a trailing /") ;
  rmdir(tpath("M/cur")) ; writefile(tpath("M/cur"), "x", sizeof("x") - 1) ;
  TAP_OK(!mddeliver_ismaildir(tpath("M")), "ismaildir: cur as a file is not a maildir") ;
  unlink(tpath("M/cur")) ; mkdir(tpath("M/cur"), 0700) ;

  o.logf = &logcb ; o.logaux = strdup(tpath("M")) ;
  memset(&lr, 0, sizeof(lr)) ;
  TAP_OK(mddeliver_maildir(tpath("M"), &m, &o) == 1, "deliver returns 1") ;
  f = onlyfile(tpath("M/new"), name, sizeof(name)) ;
  TAP_OK(f != 0, "one file in new/") ;
  snprintf(re, sizeof(re), "^[0-9]+\\.M[0-9]+P%dV[0-9A-F]{16}I[0-9A-F]{16}_0\\.%s,S=18$", (int)getpid(), host) ;
  TAP_OK(f && matches(re, name), "new/ name is <sec>.M<usec>P<pid>V<dev>I<ino>_0.<host>,S=<size>") ;
  if (f && stat(f, &st) == 0)
  {
    char v[40] ;
    snprintf(v, sizeof(v), "V%016llXI%016llX_", (unsigned long long)st.st_dev, (unsigned long long)st.st_ino) ;
    TAP_OK(strstr(name, v) != 0, "V and I are the file's dev and inode in 16 uppercase hex digits") ;
    TAP_OK((st.st_mode & 0777) == 0600, "mode 0666 less UMASK 077 = 0600") ;
  }
  else { TAP_OK(0, "stat") ; TAP_OK(0, "stat") ; }
  TAP_OK(f && slurpfile(f, &s) == 18 && !memcmp(s, sample, 18), "content is the raw message") ;
  TAP_OK(countdir(tpath("M/tmp"), 0, 0) == 0, "tmp/ is empty afterwards") ;
  TAP_OK(lr.calls == 1 && lr.ok == 1 && lr.size == 18, "log callback once, ok, size 18") ;
  TAP_OK(lr.newseen == 1 && lr.tmpseen == 1, "log callback runs after the link and before the tmp unlink") ;
  o.logf = 0 ;

  TAP_OK(mddeliver_maildir(tpath("M/"), &m, &o) == 1 && countdir(tpath("M/new"), 0, 0) == 2, "trailing / accepted; second delivery") ;
  {
    DIR *d = opendir(tpath("M/new")) ;
    struct dirent *de ;
    int seen1 = 0 ;
    while (d && (de = readdir(d))) if (strstr(de->d_name, "_1.")) seen1 = 1 ;
    if (d) closedir(d) ;
    TAP_OK(seen1, "the counter goes on: _1") ;
  }

  o.umask = 022 ;
  mkmaildir(tpath("U")) ;
  mddeliver_maildir(tpath("U"), &m, &o) ;
  f = onlyfile(tpath("U/new"), name, sizeof(name)) ;
  TAP_OK(f && stat(f, &st) == 0 && (st.st_mode & 0777) == 0644, "UMASK 022 gives 0644") ;
  o.umask = 077 ;

  {
    msg e ;
    msg_of(&e, "", 0) ;
    mkmaildir(tpath("E")) ;
    TAP_OK(mddeliver_maildir(tpath("E"), &e, &o) == 1 && countdir(tpath("E/new"), 0, 0) == 0 && countdir(tpath("E/tmp"), 0, 0) == 0, "empty message: success, no file (DLV-02)") ;
  }

  mkmaildir(tpath("F")) ;
  o.flags = "SF" ; o.keywords = ",foo,,bar" ;
  TAP_OK(mddeliver_maildir(tpath("F"), &m, &o) == 1, "FLAGS=SF delivers") ;
  f = onlyfile(tpath("F/cur"), name, sizeof(name)) ;
  TAP_OK(f && strlen(name) > 5 && !strcmp(name + strlen(name) - 5, ":2,SF") && countdir(tpath("F/new"), 0, 0) == 0, "FLAGS: straight into cur/ with :2,SF") ;
  {
    char kw[1024] ;
    char *colon = strchr(name, ':') ;
    if (colon) *colon = 0 ;
    snprintf(kw, sizeof(kw), "%s/F/courierimapkeywords/%s", tdir, name) ;
    TAP_OK(slurpfile(kw, &s) > 0 && !strcmp(s, "bar\nfoo\n"), "KEYWORDS: courierimapkeywords/<base>, one a line") ;
  }
  o.flags = "SX" ; o.keywords = 0 ;
  TAP_OK(mddeliver_maildir(tpath("F"), &m, &o) == 0 && countdir(tpath("F/cur"), 0, 0) == 1 && countdir(tpath("F/tmp"), 0, 0) == 0, "FLAGS with X: clean failure, nothing written") ;
  o.flags = 0 ;

  TAP_OK(mddeliver_maildir(tpath("nomaildir"), &m, &o) == 0 && errno == ENOENT, "missing maildir: 0 with ENOENT") ;

  /* quota */
  mkmaildir(tpath("Q")) ;
  writefile(tpath("Q/maildirsize"), "40S,5C\n           0            0\n", sizeof("40S,5C\n           0            0\n") - 1) ;
  TAP_OK(mddeliver_maildir(tpath("Q"), &m, &o) == 1, "under quota: delivered") ;
  TAP_OK(slurpfile(tpath("Q/maildirsize"), &s) > 0 && !strcmp(s, "40S,5C\n           0            0\n          18            1\n"), "maildirsize gets the line \"%12d %12d\"") ;
  TAP_OK(mddeliver_maildir(tpath("Q"), &m, &o) == 1, "36 of 40 bytes: delivered") ;
  errno = 0 ;
  TAP_OK(mddeliver_maildir(tpath("Q"), &m, &o) == 0 && errno == EDQUOT, "over quota: 0 with EDQUOT") ;
  TAP_OK(countdir(tpath("Q/new"), 0, 0) == 2 && countdir(tpath("Q/tmp"), 0, 0) == 0, "over quota: no file left") ;
  TAP_OK(slurpfile(tpath("Q/maildirsize"), &s) > 0 && !strcmp(s, "40S,5C\n          36            2\n"), "over quota with several lines: recounted and rewritten") ;

  /* a folder counts against its parent */
  mkmaildir(tpath("Q/.Sub")) ;
  writefile(tpath("Q/.Sub/maildirfolder"), "", sizeof("") - 1) ;
  TAP_OK(mddeliver_maildir(tpath("Q/.Sub"), &m, &o) == 0 && errno == EDQUOT, "folder: the parent's quota applies") ;
  o.quota = "1000S" ;
  TAP_OK(mddeliver_maildir(tpath("Q/.Sub"), &m, &o) == 1, "MAILDIRQUOTA overrides") ;
  TAP_OK(slurpfile(tpath("Q/maildirsize"), &s) > 0 && !strcmp(s, "1000S\n          36            2\n          18            1\n"), "MAILDIRQUOTA rewrote the parent's maildirsize") ;
  TAP_OK(slurpfile(tpath("Q/.Sub/maildirsize"), &s) < 0, "no maildirsize in the folder") ;
  o.quota = 0 ;

  /* recount rules: T-flagged, dot files, .Trash, sizes from S= */
  mkmaildir(tpath("R")) ;
  mkmaildir(tpath("R/.Trash")) ;
  mkmaildir(tpath("R/.G")) ;
  writefile(tpath("R/.Trash/cur/1.a,S=5:2,S"), "12345", sizeof("12345") - 1) ;
  writefile(tpath("R/cur/2.b:2,T"), "1234567", sizeof("1234567") - 1) ;
  writefile(tpath("R/new/3.c"), "123", sizeof("123") - 1) ;
  writefile(tpath("R/.G/new/4.d,S=40"), "1234", sizeof("1234") - 1) ;
  writefile(tpath("R/cur/.hidden"), "x", sizeof("x") - 1) ;
  TAP_OK(mddeliver_setquota(tpath("R"), "100S,0C") == 1, "setquota") ;
  TAP_OK(slurpfile(tpath("R/maildirsize"), &s) > 0 && !strcmp(s, "100S\n          43            2\n"), "recount skips .Trash, T flag, dot files; uses S=") ;
  TAP_OK(mddeliver_setquota(tpath("R"), "100X") == 0 && errno == EINVAL, "setquota: bad spec is EINVAL") ;
  {
    /* a big maildirsize (>= 5120 bytes) is recounted on read */
    char big[6000] ;
    size_t n = 0 ;
    n += sprintf(big, "100000S\n") ;
    while (n < 5200) n += sprintf(big + n, "%12d %12d\n", 1, 1) ;
    writefile(tpath("R/maildirsize"), big, n) ;
    mddeliver_maildir(tpath("R"), &m, &o) ;
    TAP_OK(slurpfile(tpath("R/maildirsize"), &s) > 0 && !strcmp(s, "100000S\n          43            2\n          18            1\n"), "maildirsize of 5120 bytes or more is recounted") ;
    writefile(tpath("R/maildirsize"), "100000S\n         -50            1\n", sizeof("100000S\n         -50            1\n") - 1) ;
    mddeliver_maildir(tpath("R"), &m, &o) ;
    TAP_OK(slurpfile(tpath("R/maildirsize"), &s) > 0 && !strcmp(s, "100000S\n          61            3\n          18            1\n"), "a negative total is recounted") ;
  }

  /* warnings */
  mkmaildir(tpath("W")) ;
  writefile(tpath("W/maildirsize"), "3000S,50C\n           0            0\n", sizeof("3000S,50C\n           0            0\n") - 1) ;
  writefile(tpath("warnmsg"), "QUOTA WARNING TEXT\n", sizeof("QUOTA WARNING TEXT\n") - 1) ;
  o.warnpercent = 10 ; o.warnfile = strdup(tpath("warnmsg")) ;
  mddeliver_maildir(tpath("W"), &m, &o) ;
  TAP_OK(countdir(tpath("W/new"), 0, 0) == 1 && stat(tpath("W/quotawarn"), &st) < 0, "2% used, -w 10: no warning") ;
  o.warnpercent = 1 ;
  mddeliver_maildir(tpath("W"), &m, &o) ;
  {
    DIR *d = opendir(tpath("W/new")) ;
    struct dirent *de ;
    char wn[1024] = "" ;
    while (d && (de = readdir(d))) if (strstr(de->d_name, "_warn.")) snprintf(wn, sizeof(wn), "%s/W/new/%s", tdir, de->d_name) ;
    if (d) closedir(d) ;
    TAP_OK(wn[0] && stat(tpath("W/quotawarn"), &st) == 0, "-w 1: a _warn message and the quotawarn marker") ;
    TAP_OK(wn[0] && slurpfile(wn, &s) > 0 && !strncmp(s, "Date: ", 6) && strstr(s, "\nMessage-Id: <") && strstr(s, ".overquota@") && strstr(s, ">\nQUOTA WARNING TEXT\n"), "warning: Date, Message-Id, then the text") ;
  }
  mddeliver_maildir(tpath("W"), &m, &o) ;
  TAP_OK(countdir(tpath("W/new"), 0, 0) == 4, "at most one warning a day") ;
  TAP_OK(slurpfile(tpath("W/maildirsize"), &s) > 0 && strstr(s, "\n          95            1\n") != 0, "the warning counts in maildirsize (95 bytes)") ;
  o.warnpercent = 0 ;


  tdir_remove() ;
  TAP_DONE() ;
}
