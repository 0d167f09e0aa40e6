/* mddeliver-internal.h: what the delivery engines, the locks and the
   quota code share inside libmddeliver. */
#ifndef MDDELIVER_INTERNAL_H
#define MDDELIVER_INTERNAL_H

#include <stdint.h>
#include <signal.h>
#include <time.h>
#include <sys/types.h>
#include <skalibs/stralloc.h>
#include "mddeliver.h"

/* notes on stderr: "<prog>: s1s2s3s4" */
extern void mdd_note (mddeliver_opts const *o, char const *s1, char const *s2, char const *s3, char const *s4) ;
extern void mdd_notesys (mddeliver_opts const *o, char const *s1, char const *s2) ;

/* the host name for unique names: '/' -> \057, ':' -> \072 */
extern char const *mdd_host (void) ;

/* 16 uppercase hex digits, no terminator */
extern void mdd_fmtx16 (char *s, uint64_t u) ;

/* Lock registry: fixed slots, so that mdcleanup_run() can walk it from
   a signal handler without touching the heap. */
#define MDD_LOCKMAX 16
#define MDD_PATHMAX 4096
typedef struct mdd_lockslot_s mdd_lockslot ;
struct mdd_lockslot_s
{
  volatile sig_atomic_t used ;  /* 0 free, 1 dot-lock, 2 fcntl lock (fd) */
  int fd ;
  unsigned int ownlen ;
  char own[24] ;        /* how our content starts: "<pid>\n" or "<pid>:" */
  char path[MDD_PATHMAX] ;
} ;
extern mdd_lockslot mdd_locks[MDD_LOCKMAX] ;
/* slots at or above this were never used: walks stop there, and the
   untouched slots (4 KiB each) are never paged in */
extern volatile sig_atomic_t mdd_lockhi ;
/* unlink a held dot-lock if it is still ours (async-signal-safe) */
extern void mdd_lock_unlink (mdd_lockslot const *l) ;

/* The maildir tmp file being written, removed by mdcleanup_run(). */
extern char mdd_tmppath[MDD_PATHMAX] ;
extern volatile sig_atomic_t mdd_tmpheld ;
extern void mdd_tmp_register (char const *path) ;

/* The mbox being appended to: fd >= 0 while bytes may be half-written. */
extern volatile int mdd_mbox_fd ;
extern volatile off_t mdd_mbox_oldsize ;

/* Dot-locks (DLV-08).  fmt: MDD_LOCKFMT_PID writes "<pid>\n" (maildrop),
   MDD_LOCKFMT_HOST writes "<pid>:<host>" (lockmail).  mbox, when not NULL,
   is the mailbox the lock guards: a stale lock is then broken under the
   mailbox's fcntl lock, and a half-written append recorded in it is cut
   off first (see mdd_dotlock_try.c). */
#define MDD_LOCKFMT_PID 0
#define MDD_LOCKFMT_HOST 1
typedef struct mdd_stale_s mdd_stale ;
struct mdd_stale_s
{
  int seen ;
  dev_t dev ;
  ino_t ino ;
  struct timespec ctim ;
  struct timespec atim ;
  uint64_t since ;      /* monotonic ms when first seen unchanged */
} ;
#define MDD_STALE_ZERO { .seen = 0 }
extern uint64_t mdd_now_ms (void) ;
/* One attempt.  Returns a slot >= 0 (lock held), -2 busy, -1 error (note
   printed, errno set; *tmperr is 1 when the temp file could not be made). */
extern int mdd_dotlock_try (char const *lockpath, char const *mbox, unsigned int fmt, unsigned int timeout, mdd_stale *st, int *tmperr, mddeliver_opts const *o) ;
/* Loop with LOCKSLEEP until held.  Returns a slot or -1. */
extern int mdd_dotlock_take (char const *lockpath, char const *mbox, mddeliver_opts const *o) ;
/* Record in the held lock the append about to start (dev, ino, old size). */
extern void mdd_dotlock_record (int slot, dev_t dev, ino_t ino, off_t oldsize) ;
/* the repair itself: fd is the mailbox, fcntl-locked by the caller */
extern void mdd_mbox_repair (int fd, char const *rec, size_t len) ;
extern int mdd_fcntl_lock (int fd, int wr) ;
extern int mdd_slot_get (int kind, int fd, char const *path) ;
extern void mdd_lockrefresh (int on) ;
extern void mdd_lockrefresh_set (unsigned int secs) ;
/* lazy refreshing for short holders (the mbox engine): no timer when a
   lock is taken; poll between steps, arm before a step that may block */
extern void mdd_lockrefresh_lazy (int on) ;
extern void mdd_lockrefresh_poll (void) ;
extern void mdd_lockrefresh_arm (void) ;
/* Is the pid in this lock content provably dead on this host? */
extern int mdd_lockowner_dead (char const *lockpath, char const *content, size_t len) ;

/* Quota (TOOL-05, DLV-11). */
typedef struct mdd_quota_s mdd_quota ;
struct mdd_quota_s
{
  uint64_t qbytes ;    /* 0 = no limit */
  uint64_t qcount ;
  int64_t bytes ;      /* usage */
  int64_t count ;
  unsigned int lines ; /* delta lines after the quota line */
  time_t mtime ;
  int present ;        /* a quota applies */
  int recalced ;
} ;
/* "<n>S", "<n>C", comma-separated: 1 parsed (zero limits dropped), 0 not */
extern int mdd_quota_parse (char const *s, size_t len, uint64_t *qb, uint64_t *qc) ;
/* the canonical quota line for qb, qc ("" when both are 0) */
extern size_t mdd_quota_fmtspec (char *s, uint64_t qb, uint64_t qc) ;
#define MDD_QUOTASPEC 44
/* "%12s %12s\n" */
extern size_t mdd_quota_fmtline (char *s, int64_t bytes, int64_t count) ;
#define MDD_QUOTALINE 48
/* the maildir holding maildirsize: dir, or its parent for a folder */
extern int mdd_quota_root (char const *dir, stralloc *root) ;
/* recount root and rewrite root/maildirsize with quota line qs */
extern int mdd_quota_recalc (char const *root, char const *qs, mdd_quota *q) ;
/* read root/maildirsize; qs (MAILDIRQUOTA) replaces its quota line */
extern int mdd_quota_read (char const *root, char const *qs, mdd_quota *q) ;
/* 1 if adding (bytes, count) goes over, recounting first as TOOL-05 says */
extern int mdd_quota_over (char const *root, mdd_quota *q, uint64_t bytes, uint64_t count) ;
extern int mdd_quota_add (char const *root, int64_t bytes, int64_t count) ;
extern unsigned int mdd_quota_percent (mdd_quota const *q) ;
extern void mdd_quota_warn (char const *root, mdd_quota *q, mddeliver_opts const *o) ;

/* A maildir message file in the making (DLV-09).  tag is "_<n>", "_warn",
   or "" (deliverquota's names have no counter). */
typedef struct mdd_mdfile_s mdd_mdfile ;
struct mdd_mdfile_s
{
  stralloc tmpname ;   /* dir/tmp/NAME */
  stralloc newname ;   /* dir/new/NAME2 or dir/cur/NAME2:2,FLAGS */
  stralloc base ;      /* NAME2 */
  uint64_t sec ;
  uint32_t usec ;
  int fd ;
} ;
#define MDD_MDFILE_ZERO { .tmpname = STRALLOC_ZERO, .newname = STRALLOC_ZERO, .base = STRALLOC_ZERO, .sec = 0, .usec = 0, .fd = -1 }
/* create tmp/NAME; 1, or 0 with the note printed */
extern int mdd_mdfile_open (mdd_mdfile *f, char const *dir, char const *tag, uint64_t size, mode_t um, mddeliver_opts const *o) ;
/* fsync, close, link into new/ or cur/, fsync the directory; 1 or 0
   (errno set, no note, tmp file left for the caller to unlink) */
extern int mdd_mdfile_commit (mdd_mdfile *f, char const *dir, char const *tag, uint64_t size, char const *flags) ;
extern void mdd_mdfile_free (mdd_mdfile *f) ;
/* the counter of "_<n>" */
extern unsigned int mdd_mdcounter ;


#endif
