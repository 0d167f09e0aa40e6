/* mdd-testlib.h: helpers shared by the delivery unit tests. */
#ifndef MDD_TESTLIB_H
#define MDD_TESTLIB_H

#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <fcntl.h>
#include <dirent.h>
#include <sys/stat.h>
#include "msg.h"
#include "mddeliver.h"

static char tdir[256] ;

static inline void tdir_make (void)
{
  char const *t = getenv("TMPDIR") ;
  snprintf(tdir, sizeof(tdir), "%s/mds-unit.XXXXXX", t && *t ? t : "/tmp") ;
  if (!mkdtemp(tdir)) { perror("mkdtemp") ; exit(111) ; }
}

static inline void tdir_remove (void)
{
  char cmd[300] ;
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tdir) ;
  if (system(cmd)) {}
}

static char const *tpath (char const *rel)
{
  static char buf[4][512] ;
  static int k = 0 ;
  k = (k + 1) & 3 ;
  snprintf(buf[k], sizeof(buf[k]), "%s/%s", tdir, rel) ;
  return buf[k] ;
}

static inline void msg_of (msg *m, char const *s, size_t len)
{
  msg z = MSG_ZERO ;
  *m = z ;
  if (!stralloc_catb(&m->mem, s, len)) exit(111) ;
  m->len = len ;
  for (size_t i = 0 ; i < len ; i++) if (s[i] == '\n') m->lines++ ;
}

static inline void opts_default (mddeliver_opts *o)
{
  memset(o, 0, sizeof(*o)) ;
  o->prog = "maildrop" ;
  o->umask = 077 ;
  o->sender = "sender@example.org" ;
  o->lockext = ".lock" ;
  o->locksleep = 1 ;
  o->locktimeout = 60 ;
  o->lockrefresh = 15 ;
}

/* whole file into a malloc'd buffer; -1 if missing */
static inline ssize_t slurpfile (char const *path, char **out)
{
  struct stat st ;
  int fd = open(path, O_RDONLY) ;
  ssize_t r ;
  if (fd < 0) return -1 ;
  fstat(fd, &st) ;
  *out = malloc(st.st_size + 1) ;
  r = read(fd, *out, st.st_size) ;
  (*out)[r < 0 ? 0 : r] = 0 ;
  close(fd) ;
  return r ;
}

static inline void writefile (char const *path, char const *s, size_t len)
{
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600) ;
  if (fd < 0 || write(fd, s, len) != (ssize_t)len) { perror(path) ; exit(111) ; }
  close(fd) ;
}

/* number of entries (dot files excluded) of dir; name of the last one */
static inline int countdir (char const *dir, char *name, size_t n)
{
  DIR *d = opendir(dir) ;
  struct dirent *de ;
  int c = 0 ;
  if (!d) return -1 ;
  while ((de = readdir(d)))
  {
    if (de->d_name[0] == '.') continue ;
    c++ ;
    if (name) snprintf(name, n, "%s", de->d_name) ;
  }
  closedir(d) ;
  return c ;
}

static inline void mkmaildir (char const *dir)
{
  char fn[512] ;
  mkdir(dir, 0700) ;
  snprintf(fn, sizeof(fn), "%s/tmp", dir) ; mkdir(fn, 0700) ;
  snprintf(fn, sizeof(fn), "%s/new", dir) ; mkdir(fn, 0700) ;
  snprintf(fn, sizeof(fn), "%s/cur", dir) ; mkdir(fn, 0700) ;
}

#endif
