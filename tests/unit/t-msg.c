/* Unit tests for the message store: memory and file-backed, -A prefix,
   SIZE/LINES, line reader, replace. */

#include <string.h>
#include <unistd.h>
#include <stdlib.h>
#include <skalibs/stralloc.h>
#include <skalibs/djbunix.h>
#include "msg.h"
#include "tap.h"

static int pipe_of (char const *s, size_t len)
{
  int p[2] ;
  if (pipe(p) < 0) return -1 ;
  if (fork() == 0) { close(p[0]) ; while (len) { ssize_t w = write(p[1], s, len > 4096 ? 4096 : len) ; if (w <= 0) _exit(1) ; s += w ; len -= w ; } _exit(0) ; }
  close(p[1]) ;
  return p[0] ;
}

static int readback (msg const *m, stralloc *sa)
{
  msgrd r ;
  sa->len = 0 ;
  msgrd_init(&r, m) ;
  for (;;)
  {
    int k = msgrd_line(&r, sa) ;
    if (k < 0) return 0 ;
    if (!k) return 1 ;
  }
}

int main (void)
{
  stralloc sa = STRALLOC_ZERO ;
  char const *small = "From: a@b\r\nSubject: x\n\nbody\nlast" ;
  {
    msg m = MSG_ZERO ;
    int fd = pipe_of(small, strlen(small)) ;
    TAP_OK(msg_load(&m, fd, 0), "load a small message from a pipe") ;
    TAP_OK(m.fd < 0, "small message kept in memory") ;
    TAP_OK(msg_size(&m) == strlen(small) && msg_lines(&m) == 4, "SIZE and LINES") ;
    TAP_OK(msg_addheader(&m, "X-A: 1", 6) && msg_addheader(&m, "", 0), "add -A lines") ;
    TAP_OK(msg_size(&m) == strlen(small) + 7 && msg_lines(&m) == 4, "SIZE counts -A, LINES does not") ;
    TAP_OK(readback(&m, &sa) && sa.len == msg_size(&m) && !memcmp(sa.s, "X-A: 1\nFrom: a@b\r\n", 18) && !memcmp(sa.s + sa.len - 4, "last", 4), "line reader returns the bytes unchanged") ;
    {
      msgrd r ; stralloc l = STRALLOC_ZERO ; int k, n = 0 ;
      msgrd_init(&r, &m) ;
      while ((k = msgrd_line(&r, &l)) == 1) { n++ ; l.len = 0 ; }
      TAP_OK(!k && n == 6, "six lines, the last without a newline") ;
      stralloc_free(&l) ;
    }
    {
      char buf[5] ;
      TAP_OK(msg_pread(&m, buf, 5, 5) == 5 && !memcmp(buf, "1\nFro", 5), "pread across the prefix") ;
    }
    {
      int fd2 = pipe_of("new\n", 4) ;
      TAP_OK(msg_replace(&m, fd2, 0) && msg_size(&m) == 4 && m.prefix.len == 0, "replace drops the prefix") ;
      close(fd2) ;
    }
    msg_free(&m) ; close(fd) ;
  }
  {
    size_t n = 3 * MSG_MEMMAX + 17 ;
    char *big = malloc(n) ;
    msg m = MSG_ZERO ;
    int fd ;
    for (size_t i = 0 ; i < n ; i++) big[i] = (i % 61 == 60) ? '\n' : 'a' + i % 26 ;
    fd = pipe_of(big, n) ;
    TAP_OK(msg_load(&m, fd, 0), "load a big message from a pipe") ;
    TAP_OK(m.fd >= 0, "big message spooled to a file") ;
    TAP_OK(msg_size(&m) == n && msg_lines(&m) == n / 61, "big SIZE and LINES") ;
    TAP_OK(readback(&m, &sa) && sa.len == n && !memcmp(sa.s, big, n), "big message reads back unchanged") ;
    msg_free(&m) ; close(fd) ;
    {
      char fn[] = "/tmp/t-msg.XXXXXX" ;
      int f = mkstemp(fn) ;
      msg m2 = MSG_ZERO ;
      unlink(fn) ;
      if (write(f, big, n) != (ssize_t)n) return 111 ;
      lseek(f, 10, SEEK_SET) ;
      TAP_OK(msg_load(&m2, f, 0) && m2.fd == f && !m2.ownfd, "seekable stdin used in place") ;
      TAP_OK(msg_size(&m2) == n - 10 && readback(&m2, &sa) && !memcmp(sa.s, big + 10, n - 10), "in place from the current offset") ;
      msg_free(&m2) ; close(f) ;
    }
    free(big) ;
  }
  stralloc_free(&sa) ;
  TAP_DONE() ;
}
