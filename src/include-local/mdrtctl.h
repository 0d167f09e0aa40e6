/* mdrtctl.h: how the maildrop program sets up and drives the runtime
 * (mdrt.h).  The filter evaluator never includes this. */
#ifndef MDRTCTL_H
#define MDRTCTL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <skalibs/stralloc.h>
#include "msg.h"

typedef struct mdrt_conf_s mdrt_conf ;
struct mdrt_conf_s
{
  char const *argv0 ;         /* prefix of the fatal messages */
  char const *tmpdir ;        /* where big messages are spooled (NULL: default) */
  char const *warnfile ;      /* -W */
  unsigned int warnpercent ;  /* -w */
  unsigned int dryrun : 1 ;   /* -n: print what would be done */
  unsigned int pgrp : 1 ;     /* we lead our own process group (CLI-25) */
} ;

extern mdrt_conf mdrt_conf_g ;
extern msg mdrt_message ;       /* the current message */
extern stralloc mdrt_sender ;   /* FROM as derived at startup (mbox From_) */

/* Set SIZE and LINES from the current message. */
extern int mdrt_sizevars (void) ;

/* FROM derivation (IN-11) into mdrt_sender, NUL-terminated. */
extern int mdrt_fromaddr (char const *fflag, char const *login) ;

/* EXITCODE converted as CLI-28. */
extern int mdrt_exitcode (void) ;

/* Signals (CLI-26) and the watchdog (CLI-23). */
extern void mdrt_signals (void) ;
extern void mdrt_watchdog (unsigned int secs) ;
extern volatile pid_t mdrt_child ;   /* the child we are waiting for */

/* Process-level helpers shared by the mdrt_* files. */
extern pid_t mdrt_spawn (char const *cmd, int fd0, int fd1) ;   /* $SHELL -c cmd */
extern int mdrt_wait (pid_t pid) ;                              /* wait status, -1 on error */
extern int64_t mdrt_prefill (int fd) ;                          /* fill the pipe, no blocking */
extern int mdrt_writefrom (int fd, uint64_t off) ;              /* the rest, blocking */
extern pid_t mdrt_feed (int fd, int closefd, uint64_t off) ;    /* the rest, by a child */
extern int mdrt_setstatus (char const *var, int wstat, int failed) ;
extern void mdrt_logrecord (char const *dest, size_t len, int ok, uint64_t size) ;
extern int mdrt_logging (void) ;
extern void mdrt_logclose (void) ;
/* After a failing delivery or lock: NULL, or the reference's own fatal
   text (also handed to the evaluator with mdfilter_fail); "" means the
   runtime's note was the whole message (a maildir over quota). */
extern char const *mdrt_fatal ;
extern void mdrt_capture_start (void) ;   /* engine notes into a pipe */
extern void mdrt_capture_end (void) ;     /* ... sorted: mdrt_fatal or stderr */

/* The spool group (mdrt_spool.c).  dirgid: the group that may create
   files in dir (1), or 0.  set: path is MDS_DEFAULTMBOX/<login>, sgid
   the group kept as saved set-group-ID, ugid the user's.  is: dest is
   exactly that path.  check: it is missing or a regular file of ours
   with one link.  up/down: make sgid effective / the user's again. */
extern int mdrt_gids_are (gid_t r, gid_t e, gid_t s) ;
extern int mdrt_spool_dirgid (char const *dir, gid_t *g) ;
extern int mdrt_spool_set (char const *path, gid_t ugid, gid_t sgid) ;
extern int mdrt_spool_is (char const *path) ;
extern int mdrt_spool_check (void) ;
extern int mdrt_spool_up (void) ;
extern int mdrt_spool_down (void) ;

#endif
