/* ISC license. */

/* -d db: the reference's duplicate database, <db>.gdbm (GDBM; the key is
   the lowercased address, the value the time of the last autoreply as a
   native time_t), serialized by a fcntl() lock on <db>.lock.  An address
   is answered again once days*86400 seconds have passed (computed in 32
   bits unsigned, like the reference). */

#include <string.h>
#include <stdlib.h>
#include <stdint.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>
#include <gdbm.h>
#include <skalibs/djbunix.h>
#include <skalibs/strerr.h>
#include "mb-internal.h"

int mb_dupcheck (char const *db, char const *addr, unsigned int days)
{
  size_t dlen = strlen(db), alen = strlen(addr) ;
  char lockname[dlen + 6] ;
  char dbname[dlen + 6] ;
  char key[alen + 1] ;
  time_t now = time(0) ;
  int fd, ok = 1 ;
  GDBM_FILE f ;
  datum k, v ;
  memcpy(lockname, db, dlen) ; memcpy(lockname + dlen, ".lock", 6) ;
  memcpy(dbname, db, dlen) ; memcpy(dbname + dlen, ".gdbm", 6) ;
  for (size_t i = 0 ; i <= alen ; i++)
    key[i] = addr[i] >= 'A' && addr[i] <= 'Z' ? addr[i] + 32 : addr[i] ;
  fd = open(lockname, O_RDWR | O_CREAT | O_CLOEXEC, 0666) ;
  if (fd < 0) strerr_diefusys(75, "open ", lockname) ;
  if (fd_lock(fd, 1, 0) < 1) strerr_diefusys(75, "lock ", lockname) ;
  f = gdbm_open(dbname, 0, GDBM_WRCREAT, 0664, 0) ;
  if (!f) strerr_diefu(75, "open ", dbname, ": ", gdbm_strerror(gdbm_errno)) ;
  k.dptr = key ; k.dsize = alen ;
  v = gdbm_fetch(f, k) ;
  if (v.dptr)
  {
    if (v.dsize == sizeof(time_t))
    {
      time_t last ;
      uint32_t interval = (uint32_t)days * 86400U ;
      memcpy(&last, v.dptr, sizeof last) ;
      if (last + (time_t)interval >= now) ok = 0 ;
    }
    free(v.dptr) ;
  }
  if (ok)
  {
    v.dptr = (char *)&now ; v.dsize = sizeof now ;
    if (gdbm_store(f, k, v, GDBM_REPLACE) < 0) strerr_diefu(75, "write ", dbname) ;
  }
  gdbm_close(f) ;
  fd_close(fd) ;
  return ok ;
}
