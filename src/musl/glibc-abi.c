/* ISC license. */

/* Debian builds libskarnet.a, libpcre2-8.a and libgdbm.a against glibc
   with _FORTIFY_SOURCE, so their objects call a few glibc-only checked
   entry points.  The static musl maildrop links those same archives
   (the rest of their ABI is the kernel's and the same under musl on
   x86_64), and provides the checked entry points here: check, as glibc
   does, then call the plain function.  A failed check aborts, as in
   glibc. */

#define _GNU_SOURCE  /* explicit_bzero */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <fcntl.h>
#include <sys/select.h>

int __open_2 (char const *path, int flags)
{
  if (flags & O_CREAT) abort() ;  /* glibc's rule: O_CREAT needs a mode */
  return open(path, flags) ;
}

int __openat_2 (int dirfd, char const *path, int flags)
{
  if (flags & O_CREAT) abort() ;
  return openat(dirfd, path, flags) ;
}

void *__memcpy_chk (void *dst, void const *src, size_t n, size_t dstlen)
{
  if (n > dstlen) abort() ;
  return memcpy(dst, src, n) ;
}

void __explicit_bzero_chk (void *dst, size_t n, size_t dstlen)
{
  if (n > dstlen) abort() ;
  explicit_bzero(dst, n) ;
}

char *__realpath_chk (char const *path, char *resolved, size_t resolvedlen)
{
  if (resolvedlen < PATH_MAX) abort() ;
  return realpath(path, resolved) ;
}

long int __fdelt_chk (long int fd)
{
  if (fd < 0 || fd >= FD_SETSIZE) abort() ;
  return fd / (8 * (long int)sizeof(long int)) ;
}

int __vsnprintf_chk (char *s, size_t maxlen, int flag, size_t slen, char const *fmt, va_list ap)
{
  (void)flag ;
  if (maxlen > slen) abort() ;
  return vsnprintf(s, maxlen, fmt, ap) ;
}

int __fprintf_chk (FILE *f, int flag, char const *fmt, ...)
{
  va_list ap ;
  int r ;
  (void)flag ;
  va_start(ap, fmt) ;
  r = vfprintf(f, fmt, ap) ;
  va_end(ap) ;
  return r ;
}
