/* ISC license. */

/* -D len file: the duplicate cache.  The file holds message ids, each
   ended by a NUL, oldest first, and one more NUL after the last.  It is
   rewritten in place under a fcntl() write lock (the same lock as the
   reference takes, so both can share a cache) and never truncated:
   readers stop at the empty entry.  A known id moves to the end (0 is
   returned); a new one is appended (1).  Old ids are dropped from the
   front while the list, the new id, its NUL and the final NUL would pass
   len bytes; the size arithmetic wraps like the reference's, so an id
   longer than len drops nothing. */

#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/stralloc.h>
#include <skalibs/strerr.h>
#include <skalibs/djbunix.h>
#include "rf-internal.h"

/* atoi(), as the reference reads len */
static size_t scanlen (char const *s)
{
  long long v = 0 ;
  int neg = 0 ;
  while (*s == ' ' || (*s >= '\t' && *s <= '\r')) s++ ;
  if (*s == '-' || *s == '+') neg = *s++ == '-' ;
  while (*s >= '0' && *s <= '9' && v < 100000000000000LL) v = 10 * v + (*s++ - '0') ;
  return (size_t)(int)(neg ? -v : v) ;
}

static size_t entrylen (char const *s, size_t n)
{
  char const *z = memchr(s, 0, n) ;
  return z ? (size_t)(z - s) : n ;
}

int rf_dup (char const *lenstr, char const *file, char const *id)
{
  stralloc sa = STRALLOC_ZERO ;
  size_t max = scanlen(lenstr) ;
  size_t idlen = strlen(id) ;
  size_t used = 0, start = 0, pos ;
  struct stat st ;
  int dup = 0 ;
  int fd = open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0600) ;
  if (fd < 0) strerr_diefusys(75, "open ", file) ;
  if (fd_lock(fd, 1, 0) < 1) strerr_diefusys(75, "lock ", file) ;
  if (fstat(fd, &st) < 0) strerr_diefusys(75, "stat ", file) ;
  if (!stralloc_ready(&sa, st.st_size + idlen + 2)) dienomem() ;
  {
    ssize_t r = allread(fd, sa.s, st.st_size) ;
    if (r < 0) strerr_diefusys(75, "read ", file) ;
    sa.len = r ;
  }

  while (used < sa.len && sa.s[used]) used += entrylen(sa.s + used, sa.len - used) + 1 ;
  if (used > sa.len) used = sa.len ;

  for (pos = 0 ; pos < used ; )
  {
    size_t len = entrylen(sa.s + pos, used - pos) ;
    if (len == idlen && !memcmp(sa.s + pos, id, idlen))
    {
      size_t end = pos + len + 1 > used ? used : pos + len + 1 ;
      memmove(sa.s + pos, sa.s + end, used - end) ;
      used -= end - pos ;
      dup = 1 ;
      break ;
    }
    pos += len + 1 ;
  }

  {
    size_t limit = max - (idlen + 1) - 1 ;
    while (start < used && used - start > limit)
    {
      start += entrylen(sa.s + start, used - start) + 1 ;
      if (start > used) start = used ;
    }
  }

  memmove(sa.s, sa.s + start, used - start) ;
  sa.len = used - start ;
  memcpy(sa.s + sa.len, id, idlen) ;
  sa.len += idlen ;
  sa.s[sa.len++] = 0 ;
  sa.s[sa.len++] = 0 ;
  if (lseek(fd, 0, SEEK_SET) < 0 || allwrite(fd, sa.s, sa.len) < sa.len)
    strerr_diefusys(75, "write ", file) ;
  fd_close(fd) ;
  stralloc_free(&sa) ;
  return !dup ;
}
