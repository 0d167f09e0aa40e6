/* mdfilter.h: the filter language, as the maildrop program sees it. */
#ifndef MDFILTER_H
#define MDFILTER_H

#include <stddef.h>

/* flags for mdfilter_run */
#define MDF_EMBEDDED 0x01  /* -m / -M: restricted statements refused at parse time */
#define MDF_DELIVERY 0x02  /* delivery mode: assigning VERBOSE is ignored */
#define MDF_CHECKONLY 0x04 /* parse and report syntax errors, run nothing */
#define MDF_DRYRUN 0x08    /* run, but print deliveries instead of making them */

/* results of mdfilter_run */
#define MDF_DONE 0   /* fell off the end: go on (next file, default delivery) */
#define MDF_EXIT 1   /* to / exit ended the run: exit with EXITCODE */
#define MDF_FATAL 2  /* a fatal error was printed: exit 75 */

/* Parse the whole of fd (named name in messages), then run it.
   The caller has opened and checked the file. */
extern int mdfilter_run (int fd, char const *name, unsigned int flags) ;

/* The debug level (-V, VERBOSE). */
extern unsigned int mdfilter_verbose ;

/* The prefix of fatal messages (CLI-29): main sets it to argv[0]. */
extern char const *mdfilter_argv0 ;

/* For the runtime: a failing mdrt_* call (returning 0 or -1) may give the
   text of the fatal error it raises, instead of the evaluator's generic
   one ("Unable to deliver to mailbox.").  The text is printed as
   "<argv0>: text\n" at the end of the run, or dropped silently when an
   exception {} block catches it, as the reference does.  The runtime
   must then not print that text itself. */
extern void mdfilter_fail (char const *text) ;

#endif
