/* mdrt.h: the runtime the filter evaluator calls.
 *
 * This is the seam between the filter language (libmdfilter) and the
 * delivery side (libmdrop, the maildrop program).  The evaluator knows no
 * file formats, spawns no processes and opens no mailboxes itself: it
 * calls these.  Conventions:
 *  - a function returning int gives 1 for success and 0 for a failure that
 *    the evaluator must turn into a fatal filter error (which exception{}
 *    may catch); the runtime has already printed any "maildrop: ..." note
 *    the reference prints, the evaluator prints the fatal text itself
 *    ("Unable to deliver to mailbox." etc.) unless it is caught;
 *  - strings are (pointer, length); they may contain any byte;
 *  - the runtime reads its settings (UMASK, LOCK*, FLAGS, KEYWORDS,
 *    MAILDIRQUOTA, SHELL, SENDMAIL, DEFAULT, ...) from the variable table
 *    (mdvars.h) at call time, and sets EXITCODE / RETURNCODE there. */
#ifndef MDRT_H
#define MDRT_H

#include <stddef.h>
#include <skalibs/stralloc.h>
#include "msg.h"

/* The current message (replaced by a successful xfilter). */
extern msg *mdrt_msg (void) ;

/* to / cc / default delivery to dest (mbox, maildir, "|cmd", "!addr").
   Writes the log record.  Sets EXITCODE for pipes and forwards. */
extern int mdrt_deliver (char const *dest, size_t len) ;

/* xfilter: the command's output replaces the message.  Sets RETURNCODE. */
extern int mdrt_xfilter (char const *cmd, size_t len) ;

/* system: stdin /dev/null, stdout/stderr inherited.  Sets RETURNCODE.
   Never fails from the command's status. */
extern void mdrt_system (char const *cmd, size_t len) ;

/* backticks: the message on stdin, stdout captured into out (appended,
   raw: the caller does the whitespace folding).  Sets RETURNCODE.
   Returns 1, or 0 on a system error. */
extern int mdrt_backtick (char const *cmd, size_t len, stralloc *out) ;
/* the most a backtick may print: past it, the fatal "Command output too large." */
#define MDRT_BACKTICK_MAX (16U << 20)

/* logfile: close the current log and open path.  0: "Unable to create
   log file." */
extern int mdrt_logfile (char const *path, size_t len) ;

/* log: append text (already echo-processed, newline included) to the
   current log in one write; no-op without a log.  Never fails. */
extern void mdrt_log (char const *s, size_t len) ;

/* dotlock / flock statements.  acquire returns a handle >= 0, or -1 on a
   fatal error; release is always safe, and every lock still held is
   released by mdrt_exit. */
extern int mdrt_dotlock_acquire (char const *path, size_t len) ;
extern int mdrt_flock_acquire (char const *path, size_t len) ;
extern void mdrt_lock_release (int handle) ;

/* End the process: release locks, clean up, exit(code).  Used by the
   evaluator for exit/to and fatal errors, and by main. */
extern void mdrt_exit (int code) __attribute__((noreturn)) ;

#endif
