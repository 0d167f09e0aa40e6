/* fakert.h: a test double for the runtime (mdrt.h) and the message view
 * (mdview.h), included by the filter-language unit tests.  Every mdrt_*
 * and mdview_* symbol is defined here, so the linker never pulls the real
 * ones from the libraries.
 *
 * The view is naive: header lines are the raw ones up to the first empty
 * line, continuation lines joined; body lines are the rest.  No MIME. */
#ifndef FAKERT_H
#define FAKERT_H

#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <skalibs/stralloc.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/djbunix.h>
#include <skalibs/env.h>
#include "mdrt.h"
#include "mdview.h"
#include "mdvars.h"
#include "msg.h"

static msg fake_msg = MSG_ZERO ;
static stralloc fake_log = STRALLOC_ZERO ;    /* what the runtime was asked */
static int fake_print = 0 ;                   /* harness: print deliveries */
static int fake_nlocks = 0 ;

static void fake_record (char const *what, char const *s, size_t len)
{
  stralloc_cats(&fake_log, what) ;
  stralloc_catb(&fake_log, " ", 1) ;
  stralloc_catb(&fake_log, s, len) ;
  stralloc_catb(&fake_log, "\n", 1) ;
  if (fake_print)
  {
    allwrite(1, "[", 1) ; allwrite(1, what, strlen(what)) ; allwrite(1, " ", 1) ;
    allwrite(1, s, len) ; allwrite(1, "]\n", 2) ;
  }
}

msg *mdrt_msg (void) { return &fake_msg ; }

int mdrt_deliver (char const *dest, size_t len)
{
  fake_record("deliver", dest, len) ;
  return !(len >= 4 && !memcmp(dest, "fail", 4)) ;
}

int mdrt_xfilter (char const *cmd, size_t len)
{
  fake_record("xfilter", cmd, len) ;
  return !(len >= 4 && !memcmp(cmd, "fail", 4)) ;
}

static int fake_spawn (char const *cmd, size_t len, int withmsg, stralloc *out)
{
#ifdef FAKERT_NOSPAWN
  /* fuzzing: no command ever runs; the output is the command text */
  (void)withmsg ;
  if (out && !stralloc_catb(out, cmd, len)) return 0 ;
  mdvar_sets("RETURNCODE", "0") ;
  return 1 ;
#endif

  stralloc c = STRALLOC_ZERO, e = STRALLOC_ZERO ;
  int in[2], outp[2] ;
  pid_t pid ;
  int wstat ;
  int n ;
  if (!stralloc_catb(&c, cmd, len) || !stralloc_0(&c)) return 0 ;
  n = mdvar_env(&e) ;
  if (n < 0 || pipe(in) < 0 || pipe(outp) < 0) return 0 ;
  pid = fork() ;
  if (pid < 0) return 0 ;
  if (!pid)
  {
    char const *envp[n + 1] ;
    char const *argv[4] = { "/bin/sh", "-c", c.s, 0 } ;
    env_make(envp, n, e.s, e.len) ;
    envp[n] = 0 ;
    if (withmsg) dup2(in[0], 0) ;
    else { int z = open("/dev/null", O_RDONLY) ; dup2(z, 0) ; }
    if (out) dup2(outp[1], 1) ;
    close(in[0]) ; close(in[1]) ; close(outp[0]) ; close(outp[1]) ;
    execve(argv[0], (char *const *)argv, (char *const *)envp) ;
    _exit(127) ;
  }
  close(in[0]) ; close(outp[1]) ;
  if (withmsg) msg_writeall(&fake_msg, in[1]) ;
  close(in[1]) ;
  if (out) slurp(out, outp[0]) ;
  close(outp[0]) ;
  waitpid(pid, &wstat, 0) ;
  if (WIFEXITED(wstat)) mdvar_setu64("RETURNCODE", WEXITSTATUS(wstat)) ;
  else mdvar_sets("RETURNCODE", "18446744073709551615") ;
  stralloc_free(&c) ; stralloc_free(&e) ;
  return 1 ;
}

void mdrt_system (char const *cmd, size_t len)
{
  fake_record("system", cmd, len) ;
  fake_spawn(cmd, len, 0, 0) ;
}

int mdrt_backtick (char const *cmd, size_t len, stralloc *out)
{
  fake_record("backtick", cmd, len) ;
  return fake_spawn(cmd, len, 1, out) ;
}

int mdrt_logfile (char const *path, size_t len)
{
  fake_record("logfile", path, len) ;
  return !(len >= 4 && !memcmp(path, "fail", 4)) ;
}

void mdrt_log (char const *s, size_t len)
{
  fake_record("log", s, len) ;
}

int mdrt_dotlock_acquire (char const *path, size_t len)
{
  fake_record("dotlock", path, len) ;
  if (len >= 4 && !memcmp(path, "fail", 4)) return -1 ;
  return fake_nlocks++ ;
}

int mdrt_flock_acquire (char const *path, size_t len)
{
  fake_record("flock", path, len) ;
  if (len >= 4 && !memcmp(path, "fail", 4)) return -1 ;
  return fake_nlocks++ ;
}

void mdrt_lock_release (int handle)
{
  char c = '0' + (handle % 10) ;
  fake_record("release", &c, 1) ;
}

void mdrt_exit (int code)
{
  _exit(code) ;
}

/* ---- the naive view */

static int fake_all (stralloc *sa)
{
  char buf[8192] ;
  uint64_t off = 0 ;
  for (;;)
  {
    ssize_t r = msg_pread(&fake_msg, buf, sizeof buf, off) ;
    if (r < 0) return 0 ;
    if (!r) return 1 ;
    if (!stralloc_catb(sa, buf, r)) return 0 ;
    off += r ;
  }
}

int mdview_scan (msg const *m, unsigned int what, mdview_func *f, void *aux)
{
  stralloc sa = STRALLOC_ZERO, line = STRALLOC_ZERO ;
  size_t i = 0 ;
  int inheader = 1, r = 0 ;
  (void)m ;
  if (!fake_all(&sa)) return -1 ;
  while (i < sa.len)
  {
    size_t j = i ;
    size_t l ;
    while (j < sa.len && sa.s[j] != '\n') j++ ;
    l = j - i ;
    if (l && sa.s[i + l - 1] == '\r') l-- ;
    if (inheader)
    {
      if (!l)
      {
        if (line.len && (what & MDVIEW_HEADER)) { r = (*f)(line.s, line.len, MDVIEW_HEADER, aux) ; if (r) goto end ; }
        line.len = 0 ;
        inheader = 0 ;
      }
      else if ((sa.s[i] == ' ' || sa.s[i] == '\t') && line.len)
        stralloc_catb(&line, sa.s + i, l) ;
      else
      {
        if (line.len && (what & MDVIEW_HEADER)) { r = (*f)(line.s, line.len, MDVIEW_HEADER, aux) ; if (r) goto end ; }
        line.len = 0 ;
        stralloc_catb(&line, sa.s + i, l) ;
      }
    }
    else if (what & MDVIEW_BODY)
    {
      r = (*f)(sa.s + i, l, MDVIEW_BODY, aux) ;
      if (r) goto end ;
    }
    i = j + 1 ;
  }
  if (inheader && line.len && (what & MDVIEW_HEADER)) r = (*f)(line.s, line.len, MDVIEW_HEADER, aux) ;
 end:
  stralloc_free(&sa) ; stralloc_free(&line) ;
  return r < 0 ? -1 : r ? 1 : 0 ;
}

/* naive: every whitespace/comma separated word containing @, <> removed */
int mdview_getaddr (char const *s, size_t len, stralloc *out)
{
  size_t i = 0 ;
  while (i < len)
  {
    size_t j ;
    while (i < len && (s[i] == ' ' || s[i] == ',' || s[i] == '\t')) i++ ;
    j = i ;
    while (j < len && s[j] != ' ' && s[j] != ',' && s[j] != '\t') j++ ;
    if (memchr(s + i, '@', j - i))
    {
      size_t a = i, b = j ;
      if (a < b && s[a] == '<') a++ ;
      if (b > a && s[b-1] == '>') b-- ;
      if (!stralloc_catb(out, s + a, b - a) || !stralloc_catb(out, "\n", 1)) return 0 ;
    }
    i = j ;
  }
  return 1 ;
}

int mdview_hasaddr (msg const *m, char const *addr, size_t len)
{
  stralloc sa = STRALLOC_ZERO ;
  int r = 0 ;
  (void)m ;
  if (!fake_all(&sa)) return -1 ;
  for (size_t i = 0 ; i + len <= sa.len ; i++)
    if (!strncasecmp(sa.s + i, addr, len)) { r = 1 ; break ; }
  stralloc_free(&sa) ;
  return r ;
}

#endif
