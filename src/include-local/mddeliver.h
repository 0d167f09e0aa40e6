/* mddeliver.h: the delivery engines (maildir, mbox) and locks, shared by
 * maildrop, deliverquota and lockmail.  They know nothing of the filter
 * language or of variables: the caller passes every setting in.
 *
 * Return conventions of the deliver functions:
 *   1  delivered;
 *   0  failed before any byte was written: no log record is due;
 *  -1  failed after writing started: the destination was rolled back
 *      (mbox truncated, maildir tmp file removed) and a "!Err:" record is due.
 * Every failure leaves nothing partial behind and prints the reference's
 * "maildrop: ..." note itself (with the prefix given in opts->prog).
 * The log callback, if not NULL, is called exactly when the record must be
 * written: for mbox while the dot-lock is still held, for maildir after the
 * link into new/ (or cur/) and before the tmp file is removed. */
#ifndef MDDELIVER_H
#define MDDELIVER_H

#include <stdint.h>
#include <sys/types.h>
#include "msg.h"

typedef void mddeliver_logfunc (int ok, uint64_t size, void *aux) ;

typedef struct mddeliver_opts_s mddeliver_opts, *mddeliver_opts_ref ;
struct mddeliver_opts_s
{
  char const *prog ;          /* prefix of notes: "maildrop" */
  mode_t umask ;              /* UMASK, parsed by the caller (077 if bad) */
  char const *flags ;         /* FLAGS (maildir): NULL or "" = none */
  char const *keywords ;      /* KEYWORDS (maildir): NULL or "" = none */
  char const *quota ;         /* MAILDIRQUOTA: NULL or "" = use maildirsize */
  unsigned int warnpercent ;  /* -w N; 0 = no warnings */
  char const *warnfile ;      /* -W file, or the default */
  char const *sender ;        /* envelope sender for the mbox From_ line */
  char const *lockext ;       /* LOCKEXT ("" = ".lock") */
  unsigned int locksleep ;    /* LOCKSLEEP seconds */
  unsigned int locktimeout ;  /* LOCKTIMEOUT seconds */
  unsigned int lockrefresh ;  /* LOCKREFRESH seconds */
  mddeliver_logfunc *logf ;
  void *logaux ;
  unsigned int dflags ;       /* MDDELIVER_* below; 0 for maildrop */
} ;

/* dflags, for deliverquota: names without "_<n>"; no note when over quota
   (the caller prints its own).  Over quota always fails with errno EDQUOT. */
#define MDDELIVER_NOCOUNTER 0x1
#define MDDELIVER_QUIETQUOTA 0x2
/* mbox, for maildrop's spool group (see mdrt_spool.c): the caller made a
   privileged group effective for the compiled-in spool of this user.
   The mailbox is opened with O_NOFOLLOW, created 0600 if missing, and
   refused (nothing written, 0 returned) unless it is a regular file
   owned by the effective uid with one link. */
#define MDDELIVER_SPOOL 0x4

/* DLV-01: 1 if path (one trailing / ignored) has tmp/, new/ and cur/
   directories, else 0. */
extern int mddeliver_ismaildir (char const *path) ;

extern int mddeliver_maildir (char const *dir, msg const *m, mddeliver_opts const *o) ;
extern int mddeliver_mbox (char const *path, msg const *m, mddeliver_opts const *o) ;

/* Dot-locks (DLV-08) and fcntl locks.  A held lock is registered so that
   mdcleanup_run() removes it on any exit path.  Return a handle >= 0, or
   -1 with the note printed. */
extern int mdlock_dotlock (char const *lockpath, mddeliver_opts const *o) ;
extern int mdlock_flock (char const *path) ;
extern void mdlock_release (int handle) ;

/* For the companion tools (deliverquota, maildirmake, lockmail). */

/* Install quota spec ("<n>S,<n>C") on the maildir dir (a folder's parent
   for a Maildir++ folder): maildirsize is recounted and rewritten.
   1 ok; 0 with errno (EINVAL: spec not parseable). */
extern int mddeliver_setquota (char const *dir, char const *spec) ;

/* lockmail's dot-lock: content "<pid>:<host>", one attempt.  A lock of
   a dead owner, or older than stale seconds, is broken (under mbox's
   fcntl lock, repairing a half-written append).  Returns a handle >= 0,
   -2 busy, -1 error (errno set, *tmperr = 1 when the temp file could not
   be made; nothing printed). */
extern int mdlock_dotlock_try (char const *lockpath, char const *mbox, unsigned int stale, int *tmperr) ;

/* Run at every exit (normal, fatal, watchdog, signal): remove held
   dot-locks, truncate a half-written mbox back.  Async-signal-safe. */
extern void mdcleanup_run (void) ;

#endif
