/* ISC license. */

/* The engines of libmddeliver print their notes on buffer_2 at once.  The
   reference, though, turns some of them into the fatal error itself
   ("Unable to open mailbox.", "Unable to create a dot-lock at ...",
   an over-quota maildir), which exception{} can catch silently.  So the
   runtime points buffer_2 at a pipe while an engine runs, then sorts the
   notes: fatal texts go to mdrt_fatal, the others to stderr. */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/buffer.h>
#include <skalibs/djbunix.h>
#include <skalibs/stralloc.h>
#include "mdrt.h"
#include "mdrtctl.h"
#include "mdfilter.h"

char const *mdrt_fatal = 0 ;
static stralloc fatalsa = STRALLOC_ZERO ;
static int cap[2] = { -1, -1 } ;
static int savefd = -1 ;

void mdrt_capture_start (void)
{
  mdrt_fatal = 0 ;
  buffer_flush(buffer_2) ;
  if (pipenbcoe(cap) < 0) { cap[0] = cap[1] = -1 ; return ; }
  savefd = buffer_2->fd ;
  buffer_2->fd = cap[1] ;
}

static int is (char const *t, size_t tlen, char const *lit)
{
  size_t n = strlen(lit) ;
  return tlen == n && !memcmp(t, lit, n) ;
}

static int starts (char const *t, size_t tlen, char const *lit)
{
  size_t n = strlen(lit) ;
  return tlen > n && !memcmp(t, lit, n) ;
}

static void setfatal (char const *t, size_t tlen, int nl)
{
  fatalsa.len = 0 ;
  if (stralloc_catb(&fatalsa, t, tlen) && (!nl || stralloc_catb(&fatalsa, "\n", 1)) && stralloc_0(&fatalsa))
    mdrt_fatal = fatalsa.s ;
}

static void sortline (char const *s, size_t len)
{
  char const *t = s ;
  size_t tlen = len ;
  if (starts(t, tlen, "maildrop: ")) { t += 10 ; tlen -= 10 ; }
  if (tlen && t[tlen-1] == '\n') tlen-- ;
  if (is(t, tlen, "Unable to open mailbox.")) { setfatal(t, tlen, 0) ; return ; }
  /* the reference's text for this one ends with an extra newline */
  if (starts(t, tlen, "Unable to create a dot-lock at ")) { setfatal(t, tlen, 1) ; return ; }
  /* the evaluator prints this one itself */
  if (is(t, tlen, "Unable to create flock file.")) return ;
  if (is(t, tlen, "maildir over quota.") && !mdrt_fatal) mdrt_fatal = "" ;
  allwrite(2, s, len) ;
}

void mdrt_capture_end (void)
{
  stralloc sa = STRALLOC_ZERO ;
  size_t i, start = 0 ;
  if (cap[0] < 0) return ;
  buffer_flush(buffer_2) ;
  buffer_2->fd = savefd ;
  fd_close(cap[1]) ;
  for (;;)
  {
    ssize_t r ;
    if (!stralloc_readyplus(&sa, 4096)) break ;
    r = read(cap[0], sa.s + sa.len, 4096) ;
    if (r < 0 && errno == EINTR) continue ;
    if (r <= 0) break ;
    sa.len += r ;
  }
  fd_close(cap[0]) ;
  cap[0] = cap[1] = -1 ;
  for (i = 0 ; i < sa.len ; i++)
    if (sa.s[i] == '\n') { sortline(sa.s + start, i + 1 - start) ; start = i + 1 ; }
  if (start < sa.len) sortline(sa.s + start, sa.len - start) ;
  stralloc_free(&sa) ;
  if (mdrt_fatal) mdfilter_fail(mdrt_fatal) ;
}
