/* ISC license. */

/* to / cc / default delivery (DLV-01, DLV-13..15).  Programs and forwards
   are run here; files go to the engines of libmddeliver. */

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/djbunix.h>
#include <skalibs/stralloc.h>
#include <skalibs/types.h>
#include "mds-config.h"
#include "mdexit.h"
#include "mdvars.h"
#include "mddeliver.h"
#include "mdrt.h"
#include "mdrtctl.h"
#include "mdfilter.h"

typedef struct logctx_s logctx ;
struct logctx_s
{
  char const *dest ;
  size_t len ;
} ;

static void logcb (int ok, uint64_t size, void *aux)
{
  logctx *c = aux ;
  mdrt_logrecord(c->dest, c->len, ok, size) ;
}

static void say (char const *s)
{
  allwrite(2, s, strlen(s)) ;
}

/* the reference's delivery traces (VERBOSE / -V) */
static void trace (unsigned int level, char const *s1, char const *s2, size_t len2, char const *s3)
{
  if (mdfilter_verbose < level) return ;
  allwrite(2, "maildrop: ", 10) ;
  if (s1) allwrite(2, s1, strlen(s1)) ;
  if (s2) allwrite(2, s2, len2) ;
  if (s3) allwrite(2, s3, strlen(s3)) ;
  allwrite(2, "\n", 1) ;
}

/* DLV-13/14: the message into cmd's stdin; EXITCODE from its status. */
static int program (char const *dest, size_t len, char const *cmd)
{
  int p[2] ;
  int wfail = 0, wstat, bad ;
  int64_t off ;
  pid_t pid ;
  signal(SIGPIPE, SIG_IGN) ;
  trace(1, "Delivering to |", cmd, strlen(cmd), 0) ;
  if (pipecoe(p) < 0) { say("maildrop: Unable to create a pipe.\n") ; return 0 ; }
  off = mdrt_prefill(p[1]) ;
  pid = mdrt_spawn(cmd, p[0], -1) ;
  fd_close(p[0]) ;
  if (pid < 0)
  {
    fd_close(p[1]) ;
    say("maildrop: Unable to fork.\n") ;
    return 0 ;
  }
  if (off < 0 || !mdrt_writefrom(p[1], off)) wfail = 1 ;
  fd_close(p[1]) ;
  wstat = mdrt_wait(pid) ;
  if (wfail) say("maildrop: error writing to mailbox.\n") ;
  if (wstat == 0) wfail = 0 ;
  mdrt_setstatus("EXITCODE", wstat, wfail) ;
  bad = wfail || wstat != 0 ;
  mdrt_logrecord(dest, len, !bad, msg_size(&mdrt_message)) ;
  if (wfail && wstat != 0) return 0 ;
  trace(5, "Delivery complete.", 0, 0, 0) ;
  return 1 ;
}

static unsigned int numvar (char const *name, char const *def)
{
  stralloc sa = STRALLOC_ZERO ;
  unsigned int u ;
  if (!mdvar_getsa(name, &sa) || !sa.len || !uint0_scan(sa.s, &u)) uint0_scan(def, &u) ;
  stralloc_free(&sa) ;
  return u ;
}

/* SV-08: leading octal digits; none at all means 077. */
static mode_t umaskvar (void)
{
  size_t len, i ;
  char const *s = mdvar_get("UMASK", 5, &len) ;
  mode_t m = 0 ;
  if (!s || !len || s[0] < '0' || s[0] > '7') return 077 ;
  for (i = 0 ; i < len && s[i] >= '0' && s[i] <= '7' ; i++) m = (m << 3) | (s[i] - '0') ;
  return m & 0777 ;
}

static int file (char const *path, char const *dest, size_t len)
{
  stralloc flags = STRALLOC_ZERO, kw = STRALLOC_ZERO, quota = STRALLOC_ZERO, lockext = STRALLOC_ZERO ;
  logctx c = { .dest = dest, .len = len } ;
  mddeliver_opts o = { .prog = "maildrop", .dflags = 0 } ;
  int spool = mdrt_spool_is(path) ;
  int r ;
  if (!mdvar_getsa("FLAGS", &flags) || !mdvar_getsa("KEYWORDS", &kw)
   || !mdvar_getsa("MAILDIRQUOTA", &quota) || !mdvar_getsa("LOCKEXT", &lockext))
  {
    say("maildrop: Out of memory.\n") ;
    r = 0 ; goto end ;
  }
  o.prog = "maildrop" ;
  o.umask = umaskvar() ;
  o.flags = flags.s ;
  o.keywords = kw.s ;
  o.quota = quota.s ;
  o.warnpercent = mdrt_conf_g.warnpercent ;
  o.warnfile = mdrt_conf_g.warnfile ? mdrt_conf_g.warnfile : MDS_QUOTAWARNMSG ;
  o.sender = mdrt_sender.len ? mdrt_sender.s : "MAILER-DAEMON" ;
  o.lockext = lockext.len ? lockext.s : MDS_LOCKEXT ;
  o.locksleep = numvar("LOCKSLEEP", MDS_LOCKSLEEP) ;
  o.locktimeout = numvar("LOCKTIMEOUT", MDS_LOCKTIMEOUT) ;
  o.lockrefresh = numvar("LOCKREFRESH", MDS_LOCKREFRESH) ;
  o.logf = &logcb ;
  o.logaux = &c ;
  if (spool)
  {
    /* the spool group is for this file and its lock, nothing else */
    if (!mdrt_spool_check())
    {
      say("maildrop: ") ; say(path) ;
      say(": not a regular file of the user with one link: delivery refused.\n") ;
      r = 0 ; goto end ;
    }
    o.dflags |= MDDELIVER_SPOOL ;
    o.lockext = MDS_LOCKEXT ;
  }
  mdrt_capture_start() ;
  if (!spool && mddeliver_ismaildir(path)) r = mddeliver_maildir(path, &mdrt_message, &o) ;
  else
  {
    trace(1, "Delivering to ", dest, len, 0) ;
    trace(5, "Flock()ing ", dest, len, ".") ;
    trace(5, "Appending to ", dest, len, ".") ;
    if (!spool) r = mddeliver_mbox(path, &mdrt_message, &o) ;
    else if (!mdrt_spool_up())
    {
      say("maildrop: unable to take the spool group.\n") ;
      r = 0 ;
    }
    else
    {
      r = mddeliver_mbox(path, &mdrt_message, &o) ;
      if (!mdrt_spool_down())
      {
        mdrt_capture_end() ;
        say("maildrop: unable to drop the spool group.\n") ;
        mdrt_exit(MDEXIT_TEMPFAIL) ;
      }
    }
  }
  mdrt_capture_end() ;
  if (r == 1) trace(5, "Delivery complete.", 0, 0, 0) ;
 end:
  stralloc_free(&flags) ; stralloc_free(&kw) ; stralloc_free(&quota) ; stralloc_free(&lockext) ;
  return r == 1 ;
}

int mdrt_deliver (char const *dest, size_t len)
{
  stralloc sa = STRALLOC_ZERO ;
  int r ;
  mdrt_fatal = 0 ;
  if (!msg_size(&mdrt_message)) return 1 ;   /* DLV-02 */
  if (mdrt_conf_g.dryrun)
  {
    allwrite(1, "maildrop: dry-run: would deliver to ", 36) ;
    allwrite(1, dest, len) ;
    allwrite(1, "\n", 1) ;
    return 1 ;
  }
  if (len && dest[0] == '|')
  {
    if (!stralloc_catb(&sa, dest + 1, len - 1) || !stralloc_0(&sa)) goto nomem ;
    r = program(dest, len, sa.s) ;
  }
  else if (len && dest[0] == '!')
  {
    /* DLV-15: the envelope sender of a forward is empty, as the reference */
    if (!mdvar_getsa("SENDMAIL", &sa)) goto nomem ;
    if (!stralloc_cats(&sa, " -f '' ") || !stralloc_catb(&sa, dest + 1, len - 1) || !stralloc_0(&sa)) goto nomem ;
    r = program(dest, len, sa.s) ;
  }
  else
  {
    if (!stralloc_catb(&sa, dest, len) || !stralloc_0(&sa)) goto nomem ;
    r = file(sa.s, dest, len) ;
  }
  stralloc_free(&sa) ;
  return r ;
 nomem:
  stralloc_free(&sa) ;
  say("maildrop: Out of memory.\n") ;
  return 0 ;
}
