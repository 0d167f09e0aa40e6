/* ISC license. */

#include <signal.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include "mddeliver-internal.h"

/* LOCKREFRESH: while dot-locks are held, chmod them every refresh
   seconds so that their ctime moves and nobody judges them stale.  A
   POSIX timer with thread notification keeps SIGALRM free for the
   watchdog and works while the caller is blocked anywhere. */

static unsigned int refresh_secs = 0 ;
static int timer_made = 0 ;
static int timer_armed = 0 ;
static timer_t timer ;

static void tick (union sigval v)
{
  (void)v ;
  for (int i = 0 ; i < MDD_LOCKMAX ; i++)
    if (mdd_locks[i].used == 1) chmod(mdd_locks[i].path, 0644) ;
}

void mdd_lockrefresh_set (unsigned int secs)
{
  refresh_secs = secs ;
}

void mdd_lockrefresh (int on)
{
  struct itimerspec its ;
  if (on)
  {
    if (refresh_secs < 10 || timer_armed) return ;
    if (!timer_made)
    {
      struct sigevent sev ;
      memset(&sev, 0, sizeof(sev)) ;
      sev.sigev_notify = SIGEV_THREAD ;
      sev.sigev_notify_function = &tick ;
      if (timer_create(CLOCK_MONOTONIC, &sev, &timer) < 0) return ;
      timer_made = 1 ;
    }
    its.it_value.tv_sec = refresh_secs ; its.it_value.tv_nsec = 0 ;
    its.it_interval = its.it_value ;
    if (timer_settime(timer, 0, &its, 0) == 0) timer_armed = 1 ;
  }
  else
  {
    if (!timer_armed) return ;
    for (int i = 0 ; i < MDD_LOCKMAX ; i++) if (mdd_locks[i].used == 1) return ;
    memset(&its, 0, sizeof(its)) ;
    timer_settime(timer, 0, &its, 0) ;
    timer_armed = 0 ;
  }
}
