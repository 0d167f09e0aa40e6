/* ISC license. */

#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <skalibs/types.h>
#include "mddeliver-internal.h"

static size_t scan64 (char const *s, size_t len, uint64_t *u)
{
  size_t i = 0 ;
  uint64_t v = 0 ;
  while (i < len && s[i] >= '0' && s[i] <= '9') v = v * 10 + (s[i++] - '0') ;
  *u = v ;
  return i ;
}

/* rec is the content of a stale lock; fd the mailbox, locked by us.
   Cut the mailbox back when the lock recorded an append to this very
   file and what follows the old end is the start of our From_ line. */
void mdd_mbox_repair (int fd, char const *rec, size_t len)
{
  uint64_t dev, ino, size ;
  struct stat st ;
  char head[5] ;
  size_t i = 0, n ;
  while (i + 5 <= len && memcmp(rec + i, "\nmds ", 5)) i++ ;
  if (i + 5 > len) return ;
  i += 5 ;
  n = scan64(rec + i, len - i, &dev) ; if (!n || i + n >= len || rec[i+n] != ' ') return ; i += n + 1 ;
  n = scan64(rec + i, len - i, &ino) ; if (!n || i + n >= len || rec[i+n] != ' ') return ; i += n + 1 ;
  n = scan64(rec + i, len - i, &size) ; if (!n) return ;
  if (fstat(fd, &st) < 0 || (uint64_t)st.st_dev != dev || (uint64_t)st.st_ino != ino) return ;
  if ((uint64_t)st.st_size <= size) return ;
  if (pread(fd, head, 5, size) != 5 || memcmp(head, "From ", 5)) return ;
  if (ftruncate(fd, size) == 0) fsync(fd) ;
}
