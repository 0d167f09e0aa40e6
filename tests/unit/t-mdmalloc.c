/* t-mdmalloc: the static musl maildrop's allocator (src/musl/mdmalloc.c),
   included here so that it replaces the C library's malloc for this whole
   process, stdio included.  Checked: the size classes (every size fits
   its class, classes are tight), alignment, contents kept by realloc
   across every path (class to class, to and from a mapping of its own,
   mremap), calloc zeroing a dirty recycled block, reuse of freed blocks,
   and an abort on a pointer it never gave.  Skipped in the sanitizer
   build, whose run-time owns malloc. */

#if defined(__SANITIZE_ADDRESS__)
int main (void) { return 77 ; }
#else

#include "../../src/musl/mdmalloc.c"

#include <stdio.h>
#include <signal.h>
#include <sys/wait.h>
#include "tap.h"

#define NSLOT 256

static unsigned long rng = 88172645463325252UL ;
static unsigned long rnd (void)
{
  rng ^= rng << 13 ; rng ^= rng >> 7 ; rng ^= rng << 17 ;
  return rng ;
}

static size_t pick (void)
{
  unsigned long r = rnd() % 100 ;
  if (r < 70) return rnd() % 300 ;
  if (r < 95) return rnd() % 70000 ;
  return rnd() % 600000 ;
}

static unsigned char *slot[NSLOT] ;
static size_t len[NSLOT] ;
static unsigned char tag[NSLOT] ;

static int intact (unsigned int i)
{
  for (size_t k = 0 ; k < len[i] ; k++) if (slot[i][k] != (unsigned char)(tag[i] + k)) return 0 ;
  return 1 ;
}

static void fill (unsigned int i)
{
  for (size_t k = 0 ; k < len[i] ; k++) slot[i][k] = (unsigned char)(tag[i] + k) ;
}

int main (void)
{
  int classes = 1, tight = 1, bad = 0, aligned = 1, zero = 1 ;
  pid_t pid ;
  int st ;

  for (size_t n = 0 ; n <= LARGE ; n++)
  {
    unsigned int c = classof(n) ;
    if (c >= NCLASS || classsize(c) < n) classes = 0 ;
    if (c && classsize(c - 1) >= n) tight = 0 ;
  }
  TAP_OK(classes, "every size up to LARGE fits its class") ;
  TAP_OK(tight, "each size gets the smallest class that fits") ;
  TAP_OK(classof(LARGE) == NCLASS - 1 && classsize(NCLASS - 1) == LARGE, "the last class is LARGE") ;

  for (unsigned long round = 0 ; round < 200000 ; round++)
  {
    unsigned int i = rnd() % NSLOT ;
    unsigned long op = rnd() % 10 ;
    if (slot[i] && !intact(i)) bad++ ;
    if (op < 4)
    {
      free(slot[i]) ;
      len[i] = pick() ;
      slot[i] = malloc(len[i]) ;
    }
    else if (op < 8)
    {
      size_t n = pick() ;
      unsigned char *p = realloc(slot[i], n) ;
      if (!p) { bad++ ; continue ; }
      slot[i] = p ;
      if (n < len[i]) len[i] = n ;
      if (!intact(i)) bad++ ;
      len[i] = n ;
    }
    else if (op < 9)
    {
      free(slot[i]) ;
      len[i] = pick() ;
      slot[i] = calloc(1, len[i]) ;
      for (size_t k = 0 ; slot[i] && k < len[i] ; k++) if (slot[i][k]) { zero = 0 ; break ; }
    }
    else
    {
      free(slot[i]) ;
      slot[i] = 0 ; len[i] = 0 ;
      continue ;
    }
    if (!slot[i]) { bad++ ; continue ; }
    if ((uintptr_t)slot[i] & 15) aligned = 0 ;
    if (malloc_usable_size(slot[i]) < len[i]) bad++ ;
    tag[i] = (unsigned char)rnd() ;
    fill(i) ;
  }
  TAP_OK(!bad, "200000 random malloc/realloc/calloc/free: contents kept, sizes usable") ;
  TAP_OK(aligned, "every block is 16-aligned") ;
  TAP_OK(zero, "calloc zeroes, recycled blocks too") ;
  for (unsigned int i = 0 ; i < NSLOT ; i++) free(slot[i]) ;

  {
    void *a = malloc(100), *b ;
    free(a) ;
    b = malloc(112) ;
    TAP_OK(a == b, "a freed block is reused for its class") ;
    free(b) ;
  }
  {
    unsigned char *p = malloc(200000) ;
    int ok = !!p ;
    for (size_t k = 0 ; ok && k < 200000 ; k++) p[k] = (unsigned char)k ;
    p = ok ? realloc(p, 5000000) : 0 ;
    for (size_t k = 0 ; p && k < 200000 ; k++) if (p[k] != (unsigned char)k) { ok = 0 ; break ; }
    p = p ? realloc(p, 1000) : 0 ;
    for (size_t k = 0 ; p && k < 1000 ; k++) if (p[k] != (unsigned char)k) { ok = 0 ; break ; }
    TAP_OK(ok && p && malloc_usable_size(p) < LARGE, "a large block grows by mremap and shrinks back into a class") ;
    free(p) ;
  }
  {
    void *p = realloc(0, 0), *q ;
    q = p ? realloc(p, 0) : 0 ;
    TAP_OK(p && q, "realloc to 0 bytes gives a block") ;
    free(q) ;
  }
  {
    size_t volatile big = (size_t)-1 / 2 ;
    TAP_OK(!calloc(big, 4) && errno == ENOMEM, "calloc's overflow is ENOMEM") ;
    TAP_OK(!malloc(big * 2 - 8) && errno == ENOMEM, "an impossible size is ENOMEM") ;
  }

  fflush(stdout) ;
  pid = fork() ;
  if (!pid)
  {
    static long fake[8] ;
    void *volatile p = fake + 4 ;  /* hidden from the compiler's checks */
    signal(SIGABRT, SIG_DFL) ;
    free(p) ;
    _exit(0) ;
  }
  TAP_OK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT, "freeing a pointer it never gave aborts") ;
  TAP_DONE() ;
}

#endif
