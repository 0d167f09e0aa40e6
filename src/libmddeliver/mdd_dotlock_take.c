/* ISC license. */

/* Waiting for a dot-lock: the reference sleeps LOCKSLEEP whole seconds
   between attempts, so a loser waits seconds for a lock held a few
   milliseconds.  Here the wait starts at 1 ms and doubles up to
   LOCKSLEEP, and never beyond WAITMAX: the stale-lock judgement is timed
   by the clock (mdd_dotlock_try), not by the number of attempts, so
   polling faster changes nothing else. */

#include <time.h>
#include "mddeliver-internal.h"

#define WAITMAX 250  /* ms */

static void pause_ms (unsigned int ms)
{
  struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L } ;
  nanosleep(&ts, 0) ;  /* a signal cuts it short, as sleep() would */
}

int mdd_dotlock_take (char const *lockpath, char const *mbox, mddeliver_opts const *o)
{
  mdd_stale st = MDD_STALE_ZERO ;
  unsigned int again = 0 ;
  unsigned int cap = (o->locksleep ? o->locksleep : 1) * 1000 ;
  unsigned int wait = 1 ;
  if (cap > WAITMAX) cap = WAITMAX ;
  for (;;)
  {
    int tmperr ;
    int r = mdd_dotlock_try(lockpath, mbox, MDD_LOCKFMT_PID, o->locktimeout, &st, &tmperr, o) ;
    if (r >= 0 || r == -1) return r ;
    /* -3: the lock just went away or was broken: try again at once,
       but never spin */
    if (r == -3 && ++again < 3) continue ;
    again = 0 ;
    pause_ms(wait) ;
    wait = wait * 2 > cap ? cap : wait * 2 ;
  }
}
