/* ISC license. */

/* gdbmopen, gdbmfetch, gdbmstore, gdbmclose (FN-09 .. FN-12):
   one database per program (filter file). */

#include <stdlib.h>
#include <string.h>
#include <gdbm.h>
#include <skalibs/stralloc.h>
#include "mdf-internal.h"

void mdf_gdbm_close (mdf_prog *p)
{
  if (p->gdbm) gdbm_close((GDBM_FILE)p->gdbm) ;
  p->gdbm = 0 ;
}

int mdf_gdbm_open (mdf_prog *p, char const *file, char const *mode, stralloc *out)
{
  int flags = GDBM_READER ;
  GDBM_FILE db ;
  for (char const *m = mode ; *m ; m++)
  {
    if (*m == 'c' || *m == 'C') flags = GDBM_WRCREAT ;
    else if (*m == 'w' || *m == 'W') flags = GDBM_WRITER ;
    else if (*m == 'n' || *m == 'N') flags = GDBM_NEWDB ;
  }
  if (mdf_embedded && mode[0] && mode[0] != 'r' && mode[0] != 'R')
    return mdf_fatal("Open gdbm file for write in embedded mode not allowed.") ;
  mdf_gdbm_close(p) ;
#ifdef MDF_FUZZ
  flags = GDBM_READER ;  /* fuzzing never writes a database */
#endif
  db = gdbm_open(file, 0, flags, 0664, 0) ;
  if (!db) return stralloc_catb(out, "-1", 2) ? RC_OK : mdf_nomem() ;
  p->gdbm = db ;
  return stralloc_catb(out, "0", 1) ? RC_OK : mdf_nomem() ;
}

static int get (GDBM_FILE db, char const *k, size_t klen, stralloc *out)
{
  datum key = { .dptr = (char *)k, .dsize = (int)klen } ;
  datum val = gdbm_fetch(db, key) ;
  int r ;
  if (!val.dptr) return 0 ;
  r = stralloc_catb(out, val.dptr, val.dsize) ;
  free(val.dptr) ;
  return r ? 1 : -1 ;
}

/* 1 found, 0 not found, -1 fatal */
int mdf_gdbm_fetch (mdf_prog *p, char const *k, size_t klen, char const *opts, stralloc *out)
{
  GDBM_FILE db = p->gdbm ;
  int r ;
  size_t i ;
  if (!db) return 0 ;
  r = get(db, k, klen, out) ;
  if (r) goto end ;
  if (opts[0] == 'D')
  {
    size_t at = klen ;
    for (i = 0 ; i < klen ; i++) if (k[i] == '@') { at = i ; break ; }
    if (at < klen)
    {
      r = get(db, k, at + 1, out) ;
      if (r) goto end ;
      k += at + 1 ; klen -= at + 1 ;
      r = get(db, k, klen, out) ;
      if (r) goto end ;
    }
    for (;;)
    {
      for (i = 0 ; i < klen && k[i] != '.' ; i++) ;
      if (i >= klen) break ;
      k += i + 1 ; klen -= i + 1 ;
      r = get(db, k, klen, out) ;
      if (r) goto end ;
    }
  }
  else if (opts[0] == 'I')
  {
    while (klen)
    {
      while (klen && k[klen-1] != '.') klen-- ;
      if (!klen) break ;
      klen-- ;
      r = get(db, k, klen, out) ;
      if (r) goto end ;
    }
  }
  return 0 ;
 end:
  if (r < 0) { mdf_nomem() ; return -1 ; }
  return 1 ;
}

int mdf_gdbm_store (mdf_prog *p, char const *k, size_t klen, char const *v, size_t vlen, stralloc *out)
{
  datum key = { .dptr = (char *)k, .dsize = (int)klen } ;
  datum val = { .dptr = (char *)v, .dsize = (int)vlen } ;
  int ok = p->gdbm && !gdbm_store((GDBM_FILE)p->gdbm, key, val, GDBM_REPLACE) ;
  return stralloc_cats(out, ok ? "0" : "-1") ? RC_OK : mdf_nomem() ;
}
