/* ISC license. */

/* -s: the output of the processing, cut into messages at every line that
   starts with "From ".  The line break before such a line is the
   separator, so it is not given to either child.  Each message goes to
   the stdin of a new child; FILENO counts them. */

#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/buffer.h>
#include <skalibs/stralloc.h>
#include <skalibs/strerr.h>
#include <skalibs/djbunix.h>
#include "rf-internal.h"

extern char **environ ;

static char const *const *cmd = 0 ;
static stralloc fileno = STRALLOC_ZERO ;
static stralloc partial = STRALLOC_ZERO ;
static char childbuf[BUFFER_OUTSIZE] ;
static buffer child = BUFFER_INIT(&buffer_write, -1, childbuf, BUFFER_OUTSIZE) ;
static pid_t pid = 0 ;
static int started = 0 ;
static int pending = 0 ;

/* A child that went away is fatal, as for the reference; a child that
   could not be started just gets nothing. */
static void child_put (char const *s, size_t n)
{
  if (pid && buffer_put(&child, s, n) < 0) strerr_die(1, PROG, ": write() failed.") ;
}

static void fileno_next (void)
{
  size_t i = fileno.len - 1 ;  /* fileno holds the value and a \0 */
  for (size_t j = 0 ; j < i ; j++)
    if (fileno.s[j] < '0' || fileno.s[j] > '9') return ;
  while (i--)
  {
    if (fileno.s[i] != '9') { fileno.s[i]++ ; return ; }
    fileno.s[i] = '0' ;
  }
  if (!stralloc_insertb(&fileno, 0, "1", 1)) dienomem() ;
}

static void child_start (void)
{
  int fd ;
  if (setenv("FILENO", fileno.s, 1) < 0) dienomem() ;
  pid = child_spawn1_pipe(cmd[0], cmd, (char const *const *)environ, &fd, 0) ;
  if (!pid)
  {
    strerr_warn(PROG, ": exec() failed.") ;
    return ;
  }
  buffer_init(&child, &buffer_write, fd, childbuf, sizeof childbuf) ;
}

static void child_end (void)
{
  if (pid)
  {
    int wstat ;
    if (!buffer_flush(&child)) strerr_die(1, PROG, ": write() failed.") ;
    fd_close(buffer_fd(&child)) ;
    wait_pid(pid, &wstat) ;
    pid = 0 ;
  }
  fileno_next() ;
}

void rf_split_start (char const *const *argv)
{
  char const *x = getenv("FILENO") ;
  cmd = argv ;
  if (!stralloc_copys(&fileno, x ? x : "000") || !stralloc_0(&fileno)) dienomem() ;
  rf_splitting = 1 ;
}

void rf_split_line (char const *s, size_t n)
{
  if (!started || (n >= 5 && !memcmp(s, "From ", 5)))
  {
    if (started) child_end() ;
    child_start() ;
    started = 1 ;
    pending = 0 ;
  }
  if (pending) child_put(rf_eol(), strlen(rf_eol())) ;
  child_put(s, n) ;
  pending = 1 ;
}

void rf_split_bytes (char const *s, size_t n)
{
  if (!stralloc_catb(&partial, s, n)) dienomem() ;
  for (;;)
  {
    char *nl = memchr(partial.s, '\n', partial.len) ;
    size_t len ;
    if (!nl) break ;
    len = nl - partial.s ;
    rf_split_line(partial.s, len) ;
    memmove(partial.s, nl + 1, partial.len - len - 1) ;
    partial.len -= len + 1 ;
  }
}

void rf_split_finish (void)
{
  if (partial.len) rf_split_line(partial.s, partial.len) ;
  partial.len = 0 ;
  if (started) child_end() ;
}
