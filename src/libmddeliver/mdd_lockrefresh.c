/* ISC license. */

#include <signal.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include "mddeliver-internal.h"

/* LOCKREFRESH: while dot-locks are held, chmod them every refresh
   seconds so that their ctime moves and nobody judges them stale.  A
   POSIX timer with thread notification keeps SIGALRM free for the
   watchdog and works while the caller is blocked anywhere.

   The timer costs a thread (timer_create with SIGEV_THREAD), which is a
   noticeable part of a short mbox delivery.  So the mbox engine asks for
   "lazy" refreshing (mdd_lockrefresh_lazy): no timer is armed when its
   lock is taken; the engine calls mdd_lockrefresh_poll() between its
   steps, which chmods the locks once refresh seconds have passed, and
   mdd_lockrefresh_arm() before a step that may block for long, which
   arms the timer after all. */

static unsigned int refresh_secs = 0 ;
static int timer_made = 0 ;
static int timer_armed = 0 ;
static timer_t timer ;
static int lazy = 0 ;
static uint64_t last = 0 ;   /* monotonic ms of the last refresh */

static void refresh_all (void)
{
  for (int i = 0 ; i < mdd_lockhi ; i++)
    if (mdd_locks[i].used == 1) chmod(mdd_locks[i].path, 0644) ;
}

static void tick (union sigval v)
{
  (void)v ;
  refresh_all() ;
}

void mdd_lockrefresh_set (unsigned int secs)
{
  refresh_secs = secs ;
}

void mdd_lockrefresh_lazy (int on)
{
  lazy = on ;
}

static void arm (void)
{
  struct itimerspec its ;
  if (refresh_secs < 10 || timer_armed) return ;
  its.it_value.tv_sec = refresh_secs ; its.it_value.tv_nsec = 0 ;
  its.it_interval = its.it_value ;
  /* a forked child inherits timer_made but not the timer: make another */
  if (timer_made && timer_settime(timer, 0, &its, 0) < 0) timer_made = 0 ;
  else if (timer_made) { timer_armed = 1 ; return ; }
  {
    struct sigevent sev ;
    memset(&sev, 0, sizeof(sev)) ;
    sev.sigev_notify = SIGEV_THREAD ;
    sev.sigev_notify_function = &tick ;
    if (timer_create(CLOCK_MONOTONIC, &sev, &timer) < 0) return ;
    timer_made = 1 ;
  }
  if (timer_settime(timer, 0, &its, 0) == 0) timer_armed = 1 ;
}

void mdd_lockrefresh_poll (void)
{
  uint64_t now ;
  if (refresh_secs < 10 || timer_armed) return ;
  now = mdd_now_ms() ;
  if (now - last < (uint64_t)refresh_secs * 1000) return ;
  refresh_all() ;
  last = now ;
}

void mdd_lockrefresh_arm (void)
{
  mdd_lockrefresh_poll() ;
  arm() ;
}

void mdd_lockrefresh (int on)
{
  struct itimerspec its ;
  if (on)
  {
    if (lazy && !timer_armed) { last = mdd_now_ms() ; return ; }
    arm() ;
  }
  else
  {
    if (!timer_armed) return ;
    for (int i = 0 ; i < mdd_lockhi ; i++) if (mdd_locks[i].used == 1) return ;
    memset(&its, 0, sizeof(its)) ;
    timer_settime(timer, 0, &its, 0) ;
    timer_armed = 0 ;
  }
}
