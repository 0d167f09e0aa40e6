/* ISC license. */

/* makedat: build a GDBM database for maildrop's gdbm functions and lookups
   from "key<TAB>value" text.  Command-line compatible with Courier's
   makedat script (and its makedatprog): the database is written to
   tmpfile, then renamed over dbfile. */

#include <string.h>
#include <errno.h>
#include <signal.h>
#include <dirent.h>
#include <sys/stat.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/buffer.h>
#include <skalibs/stralloc.h>
#include <skalibs/strerr.h>
#include <skalibs/djbunix.h>
#include <skalibs/types.h>
#include "md-internal.h"

#define USAGE "makedat -src=textfile -tmp=tmpfile -file=dbfile [ -cidr ] [ -hup=pidfile ]"
#define dieusage() strerr_dieusage(1, USAGE)

static int cidr = 0 ;
static stralloc line = STRALLOC_ZERO ;

/* bytes of the source, cut into lines for the (cidr filter and) loader */
static void feed (char const *s, size_t n)
{
  while (n)
  {
    char const *nl = memchr(s, '\n', n) ;
    size_t len = nl ? (size_t)(nl - s) : n ;
    if (!stralloc_catb(&line, s, len)) strerr_diefu(111, "allocate memory") ;
    if (!nl) return ;
    if (cidr)
    {
      char const *err ;
      if (!md_cidr(line.s, line.len, &err))
      {
        if (!stralloc_0(&line)) strerr_diefu(111, "allocate memory") ;
        strerr_warnw("-cidr: ", err, " in: ", line.s) ;
        md_load_abort(0) ;
      }
    }
    else md_load_line(line.s, line.len) ;
    line.len = 0 ;
    s += len + 1 ; n -= len + 1 ;
  }
}

/* 0 ok, -1 error (warned) */
static int feedfd (int fd, char const *name)
{
  char buf[BUFFER_INSIZE] ;
  for (;;)
  {
    ssize_t r = fd_read(fd, buf, sizeof buf) ;
    if (r < 0) { strerr_warnwusys("read ", name) ; return -1 ; }
    if (!r) return 0 ;
    feed(buf, r) ;
  }
}

static int feedfile (char const *name)
{
  int r ;
  int fd = open_readb(name) ;
  if (fd < 0) { strerr_warnwusys("open ", name) ; return -1 ; }
  r = feedfd(fd, name) ;
  fd_close(fd) ;
  return r ;
}

/* the names the reference's find(1) leaves out */
static int skipname (char const *name)
{
  size_t len = strlen(name) ;
  char const *p ;
  if (len && name[len - 1] == '~') return 1 ;
  for (p = name ; (p = strstr(p, ".dpkg-")) ; p++)
  {
    char const *q = p + 6 ;
    while (*q >= 'a' && *q <= 'z') q++ ;
    if (!*q) return 1 ;
  }
  return 0 ;
}

/* A directory: its regular files (symlinks followed), in directory order,
   joined; unreadable files are skipped. */
static void feeddir (char const *dir)
{
  size_t dlen = strlen(dir) ;
  DIR *d ;
  if (!strcmp(dir, "CVS")) return ;  /* as the reference */
  d = opendir(dir) ;
  if (!d) { strerr_warnwusys("open directory ", dir) ; return ; }
  for (;;)
  {
    struct dirent *de ;
    struct stat st ;
    errno = 0 ;
    de = readdir(d) ;
    if (!de) break ;
    if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") || skipname(de->d_name)) continue ;
    {
      size_t nlen = strlen(de->d_name) ;
      char path[dlen + nlen + 2] ;
      memcpy(path, dir, dlen) ;
      path[dlen] = '/' ;
      memcpy(path + dlen + 1, de->d_name, nlen + 1) ;
      if (stat(path, &st) < 0 || !S_ISREG(st.st_mode)) continue ;
      feedfile(path) ;
    }
  }
  if (errno) strerr_warnwusys("read directory ", dir) ;
  closedir(d) ;
}

/* -hup: SIGHUP to every pid listed in the file, if it is a file */
static int hup (char const *file)
{
  stralloc sa = STRALLOC_ZERO ;
  struct stat st ;
  size_t i = 0 ;
  int n = 0, e = 0 ;
  if (stat(file, &st) < 0 || !S_ISREG(st.st_mode)) return 0 ;
  if (!openslurpclose(&sa, file)) strerr_diefusys(1, "read ", file) ;
  while (i < sa.len)
  {
    char tok[sa.len - i + 1] ;
    size_t j = 0 ;
    int pid ;
    while (i < sa.len && memchr(" \t\n", sa.s[i], 3)) i++ ;
    if (i >= sa.len) break ;
    while (i < sa.len && !memchr(" \t\n", sa.s[i], 3)) tok[j++] = sa.s[i++] ;
    tok[j] = 0 ;
    n++ ;
    if (!int0_scan(tok, &pid)) { strerr_warnw("-hup: invalid pid: ", tok) ; e = 1 ; continue ; }
    if (kill(pid, SIGHUP) < 0) { strerr_warnwusys("kill -HUP ", tok) ; e = 1 ; }
  }
  stralloc_free(&sa) ;
  if (!n) { strerr_warnw("-hup: no pid in ", file) ; return 2 ; }
  return e ;
}

int main (int argc, char const *const *argv)
{
  char const *src = 0, *tmp = 0, *file = 0, *hupfile = 0 ;
  PROG = "makedat" ;
  for (int i = 1 ; i < argc ; i++)
  {
    char const *a = argv[i] ;
    if (!strcmp(a, "-cidr")) cidr = 1 ;
    else if (!strncmp(a, "-src=", 5)) src = a + 5 ;
    else if (!strncmp(a, "-tmp=", 5)) tmp = a + 5 ;
    else if (!strncmp(a, "-file=", 6)) file = a + 6 ;
    else if (!strncmp(a, "-hup=", 5)) hupfile = a + 5 ;
    else dieusage() ;
  }
  if (!file || !*file || !src || !*src || !tmp || !*tmp) dieusage() ;

  md_load_start(tmp) ;
  {
    struct stat st ;
    int ok = 1 ;
    if (!strcmp(src, "-")) ok = !feedfd(0, "stdin") ;
    else if (stat(src, &st) == 0 && S_ISDIR(st.st_mode)) feeddir(src) ;
    else ok = !feedfile(src) ;
    /* the "." line that marks a complete source goes after the last byte
       of the source: a last line without a newline swallows it */
    if (ok) feed(".\n", 2) ;
  }
  md_load_finish(tmp, file) ;
  return hupfile && *hupfile ? hup(hupfile) : 0 ;
}
