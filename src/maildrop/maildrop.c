/* ISC license. */

/* maildrop: the mail delivery agent with a filter language, compatible
   with Courier maildrop 2.9.3 (see doc/maildrop.html).  This file is the
   startup: options, mode, user and privileges, environment, home and
   filter checks, the message, then the filter files and the default
   delivery.  The filter language is libmdfilter, the runtime it calls is
   the mdrt_* part of libmdrop. */

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/buffer.h>
#include <skalibs/djbunix.h>
#include <skalibs/stralloc.h>
#include <skalibs/strerr.h>
#include <skalibs/types.h>
#include "mds-config.h"
#include "mdexit.h"
#include "mdvars.h"
#include "mdfilter.h"
#include "mdrt.h"
#include "mdrtctl.h"
#include "mdpw.h"

#define USAGE "Usage: maildrop [options] [-d user] [arg] [arg] ...\n       maildrop [options] [filterfile [arg] [arg] ...\n"

extern char **environ ;

static char const *argv0 = "maildrop" ;

/* "<argv0>: text" and exit: the reference's fatal message format */
static void die (int code, char const *text)
{
  allwrite(2, argv0, strlen(argv0)) ;
  allwrite(2, ": ", 2) ;
  allwrite(2, text, strlen(text)) ;
  allwrite(2, "\n", 1) ;
  mdrt_exit(code) ;
}

/* a message without any prefix, as the reference prints a few */
static void dieraw (int code, char const *text)
{
  allwrite(2, text, strlen(text)) ;
  allwrite(2, "\n", 1) ;
  mdrt_exit(code) ;
}

static void dienomem (void)
{
  die(MDEXIT_TEMPFAIL, "Out of memory.") ;
}

static void badargs (void) __attribute__((noreturn)) ;
static void usage (void) __attribute__((noreturn)) ;
static void version (void) __attribute__((noreturn)) ;
static void die (int, char const *) __attribute__((noreturn)) ;
static void dieraw (int, char const *) __attribute__((noreturn)) ;

static void dielookup (void) __attribute__((noreturn)) ;
static void dielookup (void)
{
  die(MDEXIT_TEMPFAIL, "Unable to look up the user or group.") ;
}

/* the passwd entry of name, or of uid if name is NULL */
static struct passwd *getuser (char const *name, uid_t uid)
{
  static struct passwd pwent ;
  static stralloc store = STRALLOC_ZERO ;
  int r = name ? mdpw_getnam(name, &pwent, &store) : mdpw_getuid(uid, &pwent, &store) ;
  if (r < 0) dielookup() ;
  if (!r) dieraw(MDEXIT_NOUSER, "Invalid user specified.") ;
  return &pwent ;
}

static void badargs (void)
{
  allwrite(2, argv0, strlen(argv0)) ;
  allwrite(2, ": Bad command line arguments, -h for help.\n", 43) ;
  _exit(MDEXIT_TEMPFAIL) ;
}

static void usage (void)
{
  buffer_putsflush(buffer_1, USAGE) ;
  _exit(MDEXIT_TEMPFAIL) ;
}

static void version (void)
{
  buffer_putsflush(buffer_1,
    "maildrop " MDS_VERSION " (maildrop-suite), a reimplementation of Courier maildrop 2.9.3\n"
    "GDBM extensions enabled.\n"
    "Maildir quotas enabled.\n"
    "Extensions: -c (check the filter files), -n (dry run).\n") ;
  _exit(0) ;
}

/* like atoi: leading digits, 0 if none */
static unsigned int lazyuint (char const *s)
{
  unsigned int u = 0 ;
  while (*s == ' ' || *s == '\t') s++ ;
  for (; *s >= '0' && *s <= '9' ; s++) u = u * 10 + (*s - '0') ;
  return u ;
}

static void setvar (char const *name, char const *val)
{
  if (!mdvar_sets(name, val)) dienomem() ;
}

static int intrusted (char const *name)
{
  char const *s = MDS_TRUSTED ;
  size_t n = strlen(name) ;
  while (*s)
  {
    size_t k ;
    while (*s == ' ') s++ ;
    for (k = 0 ; s[k] && s[k] != ' ' ; k++) ;
    if (k && k == n && !memcmp(s, name, n)) return 1 ;
    s += k ;
  }
  return 0 ;
}

static int trusted (uid_t uid, gid_t gid)
{
  struct passwd pw ;
  stralloc store = STRALLOC_ZERO ;
  int r ;
  if (!uid) return 1 ;
  r = mdpw_getuid(uid, &pw, &store) ;
  if (r < 0) dielookup() ;
  if (r > 0 && intrusted(pw.pw_name)) r = 2 ;
  else
  {
    store.len = 0 ;
    r = mdpw_grname(gid, &store) ;
    if (r < 0 || (r > 0 && !stralloc_0(&store))) dielookup() ;
    r = r > 0 && intrusted(store.s) ? 2 : 0 ;
  }
  stralloc_free(&store) ;
  return r == 2 ;
}

/* CLI-22: every variable in manual mode (and -m), locale ones otherwise */
static void importenv (int all)
{
  char **e ;
  for (e = environ ; *e ; e++)
  {
    char const *eq = strchr(*e, '=') ;
    size_t n ;
    if (!eq) continue ;
    n = eq - *e ;
    if (!all && !(n == 4 && !memcmp(*e, "LANG", 4)) && !(n == 8 && !memcmp(*e, "LANGUAGE", 8))
     && !(n >= 3 && !memcmp(*e, "LC_", 3))) continue ;
    if (!mdvar_set(*e, n, eq + 1, strlen(eq + 1))) dienomem() ;
  }
}

/* CLI-17, in this order; a sticky home holds the mail silently */
static void homecheck (uid_t uid)
{
  struct stat st ;
  if (stat(".", &st) < 0) die(MDEXIT_TEMPFAIL, "Cannot stat() home directory.") ;
  if (!S_ISDIR(st.st_mode)) die(MDEXIT_TEMPFAIL, "Home directory is not a directory.") ;
  if (st.st_mode & S_IWOTH) die(MDEXIT_TEMPFAIL, "Invalid home directory permissions - world writable.") ;
  if (st.st_uid != uid) die(MDEXIT_TEMPFAIL, "Home directory owned by wrong user.") ;
  if (st.st_mode & S_ISVTX) mdrt_exit(MDEXIT_TEMPFAIL) ;
}

/* CLI-04: $HOME/.mailfilters, if present, is a directory of ours that
   nobody else may use (strict rule, as the manual and upstream) */
static void mailfilterscheck (uid_t uid)
{
  struct stat st ;
  if (stat(".mailfilters", &st) < 0)
  {
    if (errno == ENOENT) return ;
    die(MDEXIT_TEMPFAIL, "Unable to stat $HOME/.mailfilters.") ;
  }
  if (!S_ISDIR(st.st_mode)) die(MDEXIT_TEMPFAIL, "$HOME/.mailfilters should be a directory.") ;
  if (st.st_uid != uid) die(MDEXIT_TEMPFAIL, "Invalid user ownership of $HOME/.mailfilters.") ;
  if (st.st_mode & S_IWOTH) die(MDEXIT_TEMPFAIL, "Invalid permissions on $HOME/.mailfilters - world-writable.") ;
  if (st.st_mode & 077) die(MDEXIT_TEMPFAIL, "Invalid permissions on $HOME/.mailfilters - group or world access.") ;
}

/* CLI-18 on the opened descriptor.  strict (delivery and embedded
   modes): no group or world bit at all; manual mode: the reference's
   rule, only world-writable refused.  Returns the fd, -1 if missing. */
static int openfilter (char const *name, int missingok, int strict)
{
  struct stat st ;
  int fd = open(name, O_RDONLY | O_CLOEXEC) ;
  if (fd < 0)
  {
    char fmt[UINT_FMT] ;
    if (missingok && errno == ENOENT) return -1 ;
    fmt[uint_fmt(fmt, errno)] = 0 ;
    allwrite(2, argv0, strlen(argv0)) ;
    allwrite(2, ": Unable to open filter file, errno=", 36) ;
    allwrite(2, fmt, strlen(fmt)) ;
    allwrite(2, ".\n", 2) ;
    mdrt_exit(MDEXIT_TEMPFAIL) ;
  }
  if (fstat(fd, &st) < 0) die(MDEXIT_TEMPFAIL, "Unable to stat the filter file.") ;
  if (!S_ISREG(st.st_mode)) die(MDEXIT_TEMPFAIL, "mailfilter file isn't a regular file.") ;
  if (st.st_mode & S_IWOTH) die(MDEXIT_TEMPFAIL, "Invalid permissions on the filter file - world-writable.") ;
  if (strict && (st.st_mode & 077)) die(MDEXIT_TEMPFAIL, "Invalid permissions on the filter file - group or world access.") ;
  if (st.st_uid != getuid()) die(MDEXIT_TEMPFAIL, "mailfilter file is owned by the wrong user.") ;
  return fd ;
}

/* CLI-04: name, name-default, then shorter -prefixes with -default,
   then default; the first that exists wins */
static int openspecial (char const *name, stralloc *path)
{
  size_t n = strlen(name) ;
  int fd ;
  path->len = 0 ;
  if (!stralloc_cats(path, ".mailfilters/") || !stralloc_catb(path, name, n) || !stralloc_0(path)) dienomem() ;
  fd = openfilter(path->s, 1, 1) ;
  if (fd >= 0) return fd ;
  for (;;)
  {
    path->len = 0 ;
    if (!stralloc_cats(path, ".mailfilters/") || !stralloc_catb(path, name, n)
     || !stralloc_cats(path, "-default") || !stralloc_0(path)) dienomem() ;
    fd = openfilter(path->s, 1, 1) ;
    if (fd >= 0) return fd ;
    while (n && name[n-1] != '-') n-- ;
    if (!n) break ;
    n-- ;
  }
  path->len = 0 ;
  if (!stralloc_cats(path, ".mailfilters/default") || !stralloc_0(path)) dienomem() ;
  return openfilter(path->s, 1, 1) ;
}

static void leadgroup (void)
{
  if (!mdrt_conf_g.pgrp && setpgid(0, 0) == 0) mdrt_conf_g.pgrp = 1 ;
}

static unsigned int checkfailed = 0 ;

static void attempting (char const *name)
{
  if (mdfilter_verbose < 2) return ;
  allwrite(2, "maildrop: Attempting ", 21) ;
  allwrite(2, name, strlen(name)) ;
  allwrite(2, "\n", 1) ;
}

/* Run one filter file; returns only when the run goes on */
static void runfilter (int fd, char const *name, unsigned int flags)
{
  int r = mdfilter_run(fd, name, flags) ;
  fd_close(fd) ;
  if (flags & MDF_CHECKONLY)
  {
    if (r != MDF_DONE) checkfailed = 1 ;
    return ;
  }
  if (r == MDF_EXIT) mdrt_exit(mdrt_exitcode()) ;
  if (r != MDF_DONE) mdrt_exit(MDEXIT_TEMPFAIL) ;
}

int main (int argc, char const *const *argv)
{
  char const *dval = 0, *fval = 0, *Mval = 0, *Wval = 0 ;
  char const *hdrs[argc] ;
  unsigned int nhdrs = 0, verbose = 0, warnpercent = 0 ;
  int mflag = 0, check = 0, dryrun = 0, delivery, embedded, i ;
  uid_t ruid = getuid() ;
  gid_t rgid = getgid() ;
  struct passwd *pw ;
  stralloc sa = STRALLOC_ZERO ;
  char const *filtername ;
  unsigned int flags = 0 ;

  PROG = "maildrop" ;
  if (argc && argv[0]) argv0 = argv[0] ;
  mdrt_conf_g.argv0 = argv0 ;
  mdfilter_argv0 = argv0 ;
  umask(007) ;

  /* CLI-01: the letter is the second character; a value is attached or
     the next argument (empty when there is none); -- ends the options */
  for (i = 1 ; i < argc ; i++)
  {
    char const *a = argv[i] ;
    char const *v = 0 ;
    if (a[0] != '-') break ;
    if (a[1] == '-' && !a[2]) { i++ ; break ; }
    switch (a[1])
    {
      case 'A' : case 'd' : case 'f' : case 'M' : case 'V' : case 'w' : case 'W' :
        v = a[2] ? a + 2 : i + 1 < argc ? argv[++i] : "" ;
        break ;
      default : break ;
    }
    switch (a[1])
    {
      case 'A' : hdrs[nhdrs++] = v ; break ;
      case 'd' : dval = v ; break ;
      case 'f' : fval = v ; break ;
      case 'M' : Mval = v ; if (!*v) usage() ; break ;
      case 'V' : verbose = lazyuint(v) ; break ;
      case 'w' : warnpercent = lazyuint(v) ; break ;
      case 'W' : Wval = v ; break ;
      case 'a' : break ;   /* authlib is not used: nothing can fail */
      case 'm' : mflag = 1 ; break ;
      case 'c' : check = 1 ; break ;
      case 'n' : dryrun = 1 ; break ;
      case 'h' : usage() ;
      case 'v' : version() ;
      default : badargs() ;
    }
  }
  argc -= i ; argv += i ;

  delivery = dval || Mval || !argc ;
  embedded = mflag || Mval ;
  mdrt_conf_g.dryrun = dryrun ;
  mdrt_conf_g.warnpercent = warnpercent ;
  mdrt_conf_g.warnfile = Wval ;
  mdfilter_verbose = verbose ;

  /* who we run as (CLI-02, CLI-15): no privilege is kept, except the
     spool group of a delivery, as saved set-group-ID only (mdrt_spool.c) */
  if (!delivery)
  {
    if (setregid(rgid, rgid) < 0 || setuid(ruid) < 0 || !mdrt_gids_are(rgid, rgid, rgid))
      die(MDEXIT_TEMPFAIL, "Cannot set my user or group id.") ;
    pw = getuser(0, ruid) ;
  }
  else
  {
    gid_t ugid, sgid = 0 ;
    int keep = 0 ;
    pw = getuser(dval && *dval ? dval : 0, ruid) ;
    if (pw->pw_uid != ruid && !trusted(ruid, rgid) && !geteuid())
      dieraw(MDEXIT_TEMPFAIL, "You are not a trusted user.") ;
    if (!geteuid())
    {
      /* root: the spool directory's group, if it is the one that writes it */
      ugid = pw->pw_gid ;
      keep = mdrt_spool_dirgid(MDS_DEFAULTMBOX, &sgid) && sgid != ugid ;
      if (!mdpw_initgroups(pw->pw_name, ugid)
       || (keep ? setregid(ugid, sgid) < 0 || setegid(ugid) < 0 : setgid(ugid) < 0)
       || setuid(pw->pw_uid) < 0)
        die(MDEXIT_TEMPFAIL, "Cannot set my user or group id.") ;
    }
    else
    {
      /* set-gid: that group, if it is the spool directory's */
      gid_t egid = getegid() ;
      ugid = rgid ;
      keep = egid != rgid && mdrt_spool_dirgid(MDS_DEFAULTMBOX, &sgid) && sgid == egid ;
      if (pw->pw_uid != ruid || (keep ? setegid(rgid) < 0 : setregid(rgid, rgid) < 0) || setuid(ruid) < 0)
        die(MDEXIT_TEMPFAIL, "Cannot set my user or group id.") ;
    }
    if (getuid() != pw->pw_uid || geteuid() != pw->pw_uid || !mdrt_gids_are(ugid, ugid, keep ? sgid : ugid))
      die(MDEXIT_TEMPFAIL, "Cannot set my user or group id.") ;
    if (keep)
    {
      sa.len = 0 ;
      if (!stralloc_cats(&sa, MDS_DEFAULTMBOX "/") || !stralloc_cats(&sa, pw->pw_name) || !stralloc_0(&sa)
       || !mdrt_spool_set(sa.s, ugid, sgid)) dienomem() ;
    }
  }

  importenv(!delivery || (mflag && !Mval)) ;

  /* CLI-14: $1, $2, ... */
  {
    int first = delivery ? 0 : 1 ;
    for (i = first ; i < argc ; i++)
    {
      char name[UINT_FMT] ;
      name[uint_fmt(name, i - first + 1)] = 0 ;
      setvar(name, argv[i]) ;
    }
  }

  if (delivery)
  {
    if (verbose >= 2)
    {
      allwrite(2, "maildrop: Changing to ", 22) ;
      allwrite(2, pw->pw_dir, strlen(pw->pw_dir)) ;
      allwrite(2, "\n", 1) ;
    }
    if (chdir(pw->pw_dir) < 0) die(MDEXIT_TEMPFAIL, "Unable to change to home directory.") ;
    homecheck(pw->pw_uid) ;
    if (Mval) mailfilterscheck(pw->pw_uid) ;
  }

  /* CLI-22: the fixed variables */
  setvar("HOME", pw->pw_dir) ;
  setvar("LOGNAME", pw->pw_name) ;
  setvar("SHELL", pw->pw_shell && *pw->pw_shell ? pw->pw_shell : "/bin/sh") ;
  sa.len = 0 ;
  if (!stralloc_cats(&sa, MDS_DEFAULTMBOX "/") || !stralloc_cats(&sa, pw->pw_name) || !stralloc_0(&sa)) dienomem() ;
  setvar("DEFAULT", sa.s) ;
  setvar("PATH", MDS_PATH) ;
  setvar("SENDMAIL", MDS_SENDMAIL) ;
  setvar("LOCKEXT", MDS_LOCKEXT) ;
  setvar("LOCKSLEEP", MDS_LOCKSLEEP) ;
  setvar("LOCKTIMEOUT", MDS_LOCKTIMEOUT) ;
  setvar("LOCKREFRESH", MDS_LOCKREFRESH) ;
  setvar("UMASK", MDS_UMASK) ;
  setvar("MAILDIRQUOTA", "") ;

  if (Mval)
  {
    /* every / and . becomes : */
    size_t n = strlen(Mval) ;
    char *s = malloc(n + 1) ;
    if (!s) dienomem() ;
    for (size_t k = 0 ; k <= n ; k++) s[k] = Mval[k] == '/' || Mval[k] == '.' ? ':' : Mval[k] ;
    Mval = s ;
    filtername = Mval ;
  }
  else filtername = delivery ? ".mailfilter" : argv[0] ;
  setvar("MAILFILTER", filtername) ;

  if (embedded) flags |= MDF_EMBEDDED ;
  if (delivery) flags |= MDF_DELIVERY ;
  if (dryrun) flags |= MDF_DRYRUN ;
  if (check) flags |= MDF_CHECKONLY ;

  mdrt_signals() ;
  if (!check)
  {
    /* CLI-23: the watchdog covers reading, filtering and delivering */
    unsigned int secs = MDS_WATCHDOG ;
    char const *x = getenv("MAILDROP_WATCHDOG") ;
    if (x)
    {
      unsigned int u ;
      if (uint0_scan(x, &u) && u && u < secs) secs = u ;
    }
    mdrt_watchdog(secs) ;

    if (!msg_load(&mdrt_message, 0, mdrt_conf_g.tmpdir))
      die(MDEXIT_TEMPFAIL, "Unable to write to temporary file - possibly out of disk space.") ;
    for (unsigned int k = 0 ; k < nhdrs ; k++)
      if (!msg_addheader(&mdrt_message, hdrs[k], strlen(hdrs[k]))) dienomem() ;
    if (!mdrt_fromaddr(fval, pw->pw_name)) dienomem() ;
    setvar("FROM", mdrt_sender.s) ;
    if (verbose >= 2)
    {
      allwrite(2, "Message envelope sender=", 24) ;
      allwrite(2, mdrt_sender.s, mdrt_sender.len - 1) ;
      allwrite(2, "\n", 1) ;
    }
    sa.len = 0 ;
    if (sagethostname(&sa) < 0 || !stralloc_0(&sa)) dienomem() ;
    setvar("HOSTNAME", sa.s) ;
    if (!mdrt_sizevars()) dienomem() ;
  }

  if (!delivery)
  {
    int fd = openfilter(argv[0], 0, embedded) ;
    leadgroup() ;
    attempting(argv[0]) ;
    runfilter(fd, argv[0], flags) ;
  }
  else
  {
    int fd ;
    if (!Mval)
    {
      fd = open(MDS_MAILDROPRC, O_RDONLY | O_CLOEXEC) ;
      if (fd >= 0) runfilter(fd, MDS_MAILDROPRC, flags) ;
      else if (errno != ENOENT) die(MDEXIT_TEMPFAIL, "Error opening " MDS_MAILDROPRC ".") ;
      fd = openfilter(".mailfilter", 1, 1) ;
      if (fd >= 0) { leadgroup() ; attempting(".mailfilter") ; runfilter(fd, ".mailfilter", flags) ; }
    }
    else
    {
      fd = openspecial(Mval, &sa) ;
      if (fd < 0) mdrt_exit(check ? 0 : MDEXIT_OK) ;
      leadgroup() ;
      attempting(sa.s) ;
      runfilter(fd, sa.s, flags) ;
    }
  }

  if (check) mdrt_exit(checkfailed ? MDEXIT_TEMPFAIL : 0) ;

  /* DLV-17: the default delivery */
  if (!embedded)
  {
    size_t len ;
    char const *d = mdvar_get("DEFAULT", 7, &len) ;
    /* the reference prints only the delivery's own note here */
    if (!mdrt_deliver(d ? d : "", d ? len : 0))
    {
      if (mdrt_fatal && *mdrt_fatal) die(MDEXIT_TEMPFAIL, mdrt_fatal) ;
      mdrt_exit(MDEXIT_TEMPFAIL) ;
    }
  }
  mdrt_exit(mdrt_exitcode()) ;
}
