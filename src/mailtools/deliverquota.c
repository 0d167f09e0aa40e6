/* ISC license. */

/* deliverquota: deliver stdin into a maildir under its quota, through
   the same engine as maildrop (mddeliver_maildir). */

#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/stat.h>
#include <skalibs/sgetopt.h>
#include <skalibs/buffer.h>
#include <skalibs/strerr.h>
#include <skalibs/types.h>
#include "mds-config.h"
#include "msg.h"
#include "mddeliver.h"

#define USAGE "deliverquota [-c] [-w percent] [-W quotawarnmsg] maildir [quota]"

/* Courier's codes: 73 usage, 75 temporary, 77 over quota */
static void usage (void)
{
  buffer_putsflush(buffer_2, "Usage: " USAGE "\n") ;
  _exit(73) ;
}

static void plainsys (char const *s, int code)
{
  int e = errno ;
  buffer_puts(buffer_2, s) ;
  buffer_puts(buffer_2, ": ") ;
  buffer_puts(buffer_2, strerror(e)) ;
  buffer_putflush(buffer_2, "\n", 1) ;
  _exit(code) ;
}

/* -c: like mkdir -p, then tmp/ new/ cur/ */
static void create (char const *dir)
{
  static char const *const sub[3] = { "/tmp", "/new", "/cur" } ;
  size_t len = strlen(dir) ;
  char fn[len + 5] ;
  memcpy(fn, dir, len + 1) ;
  for (size_t i = 1 ; i <= len ; i++)
    if (i == len || fn[i] == '/')
    {
      char c = fn[i] ;
      fn[i] = 0 ;
      if (mkdir(fn, 0700) < 0 && errno != EEXIST) plainsys(fn, 75) ;
      fn[i] = c ;
    }
  for (unsigned int i = 0 ; i < 3 ; i++)
  {
    memcpy(fn + len, sub[i], 5) ;
    if (mkdir(fn, 0700) < 0 && errno != EEXIST) plainsys(fn, 75) ;
  }
}

int main (int argc, char const *const *argv)
{
  mddeliver_opts o ;
  msg m = MSG_ZERO ;
  unsigned int warn = 0 ;
  char const *warnfile = MDS_QUOTAWARNMSG ;
  int mk = 0, r ;
  PROG = "deliverquota" ;
  {
    subgetopt l = SUBGETOPT_ZERO ;
    for (;;)
    {
      int opt = subgetopt_r(argc, argv, "cw:W:", &l) ;
      if (opt == -1) break ;
      switch (opt)
      {
        case 'c' : mk = 1 ; break ;
        case 'w' : if (!uint0_scan(l.arg, &warn)) usage() ; break ;
        case 'W' : warnfile = l.arg ; break ;
        default : usage() ;
      }
    }
    argc -= l.ind ; argv += l.ind ;
  }
  if (argc < 1 || argc > 2) usage() ;
  if (mk) create(argv[0]) ;
  {
    struct stat st ;
    size_t len = strlen(argv[0]) ;
    char fn[len + 5] ;
    memcpy(fn, argv[0], len) ;
    memcpy(fn + len, "/tmp", 5) ;
    if (stat(argv[0], &st) < 0) plainsys(argv[0], 75) ;
    if (!mddeliver_ismaildir(argv[0])) { errno = ENOENT ; plainsys(fn, 75) ; }
  }
  memset(&o, 0, sizeof(o)) ;
  o.prog = "deliverquota" ;
  o.umask = umask(077) ; umask(o.umask) ;
  o.quota = argc > 1 ? argv[1] : 0 ;
  o.warnpercent = warn ;
  o.warnfile = warnfile ;
  o.dflags = MDDELIVER_NOCOUNTER | MDDELIVER_QUIETQUOTA ;
  if (!msg_load(&m, 0, 0)) plainsys("stdin", 75) ;
  r = mddeliver_maildir(argv[0], &m, &o) ;
  if (r == 1) return 0 ;
  if (errno == EDQUOT)
  {
    buffer_putsflush(buffer_2, "Mail quota exceeded.\n") ;
    return 77 ;
  }
  return 75 ;
}
