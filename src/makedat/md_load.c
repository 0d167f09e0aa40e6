/* ISC license. */

/* The loader: "key<TAB>value" lines into a new GDBM file.  An empty value
   is "1"; empty lines, lines starting with '#' and lines with an empty key
   are skipped; a line holding only "." ends the input, and the file is
   only kept when that line was seen, so a truncated source never
   replaces a good database.  A key given twice is an error. */

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <gdbm.h>
#include <skalibs/strerr.h>
#include <skalibs/djbunix.h>
#include <skalibs/posixplz.h>
#include "md-internal.h"

static GDBM_FILE db = 0 ;
static int done = 0 ;
static char const *tmpname = 0 ;

void md_load_abort (char const *why)
{
  if (db) gdbm_close(db) ;
  db = 0 ;
  if (tmpname) unlink_void(tmpname) ;
  if (why) strerr_dief(1, why) ;
  _exit(1) ;
}

void md_load_start (char const *tmp)
{
  tmpname = tmp ;
  db = gdbm_open((char *)tmp, 0, GDBM_NEWDB, 0664, 0) ;
  if (!db)
  {
    tmpname = 0 ;
    strerr_diefu(1, "create ", tmp, ": ", gdbm_strerror(gdbm_errno)) ;
  }
}

void md_load_line (char const *s, size_t n)
{
  char const *tab ;
  datum k, v ;
  if (done) return ;
  if (n == 1 && s[0] == '.') { done = 1 ; return ; }
  if (!n || s[0] == '#') return ;
  tab = memchr(s, '\t', n) ;
  k.dptr = (char *)s ;
  k.dsize = tab ? tab - s : (int)n ;
  if (!k.dsize) return ;
  if (tab && tab + 1 < s + n)
  {
    v.dptr = (char *)tab + 1 ;
    v.dsize = s + n - tab - 1 ;
  }
  else
  {
    v.dptr = (char *)"1" ;
    v.dsize = 1 ;
  }
  if (gdbm_store(db, k, v, GDBM_INSERT))
  {
    char key[k.dsize + 1] ;
    memcpy(key, k.dptr, k.dsize) ;
    key[k.dsize] = 0 ;
    if (db) gdbm_close(db) ;
    db = 0 ;
    unlink_void(tmpname) ;
    strerr_dief(1, "cannot store record for ", key, ": duplicate key or out of disk space") ;
  }
}

int md_load_done (void)
{
  return done ;
}

void md_load_finish (char const *tmp, char const *file)
{
  if (!done) md_load_abort(0) ;
  gdbm_close(db) ;
  db = 0 ;
  if (rename(tmp, file) < 0)
  {
    unlink_void(tmp) ;
    strerr_diefusys(1, "rename ", tmp, " to ", file) ;
  }
}
