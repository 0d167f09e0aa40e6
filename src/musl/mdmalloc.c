/* ISC license. */

/* The allocator of the static musl maildrop (conf-compile/conf-staticcc).
   musl's own allocator gives memory back to the kernel eagerly: a small
   delivery made 22 mmap and 15 munmap calls, costing more than the whole
   filter run.  maildrop is short-lived and single-threaded, so this one
   is simple: size classes with free lists, carved from large mappings,
   and a mapping of its own for every block over LARGE bytes (returned at
   free, grown by mremap, which moves pages instead of copying bytes).
   Memory stays flat because freed blocks are reused by class.  Never
   linked into the glibc programs or the sanitizer build. */

#define _GNU_SOURCE  /* mremap */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/mman.h>
#include <malloc.h>

#define HDR 16                /* keeps every block 16-aligned */
#define NSMALL 8              /* classes 16, 32, .. 128 */
#define LARGE ((size_t)65536) /* the biggest class */
#define NCLASS 44
#define ARENA ((size_t)256 << 10)
#define MAGIC 0x6d644d41u
#define BIG 0xffffu

typedef struct hdr_s hdr ;
struct hdr_s
{
  uint32_t magic ;
  uint32_t cls ;  /* class index, or BIG */
  size_t size ;   /* usable bytes; for BIG, the whole mapping */
} ;

typedef struct freeblock_s freeblock ;
struct freeblock_s { freeblock *next ; } ;

static freeblock *freelist[NCLASS] ;
static char *cur, *end ;

/* up to 128 by 16, then four classes per power of two */
static unsigned int classof (size_t n)
{
  size_t m ;
  unsigned int b ;
  if (n <= 128) return n ? (unsigned int)((n + 15) >> 4) - 1 : 0 ;
  m = n - 1 ;
  b = 63 - __builtin_clzl(m) ;
  return NSMALL + (b - 7) * 4 + (unsigned int)((m >> (b - 2)) & 3) ;
}

static size_t classsize (unsigned int c)
{
  unsigned int b ;
  if (c < NSMALL) return (size_t)(c + 1) << 4 ;
  c -= NSMALL ;
  b = 7 + c / 4 ;
  return ((size_t)1 << b) + ((size_t)(c % 4 + 1) << (b - 2)) ;
}

static void *bigalloc (size_t n)
{
  size_t page = (size_t)sysconf(_SC_PAGESIZE) ;
  size_t len ;
  hdr *h ;
  if (n > SIZE_MAX - HDR - page) { errno = ENOMEM ; return 0 ; }
  len = (n + HDR + page - 1) & ~(page - 1) ;
  h = mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ;
  if (h == MAP_FAILED) { errno = ENOMEM ; return 0 ; }
  h->magic = MAGIC ; h->cls = BIG ; h->size = len ;
  return (char *)h + HDR ;
}

/* malloc's body; calloc calls it and not malloc, or the compiler would
   turn calloc's malloc-then-memset back into a call to calloc */
static void *alloc (size_t n)
{
  unsigned int c ;
  size_t need ;
  hdr *h ;
  if (n > LARGE) return bigalloc(n) ;
  c = classof(n) ;
  if (freelist[c])
  {
    freeblock *l = freelist[c] ;
    freelist[c] = l->next ;
    return l ;
  }
  need = HDR + classsize(c) ;
  if ((size_t)(end - cur) < need)
  {
    /* the rest of the old arena is left unused: at most one class */
    char *a = mmap(0, ARENA, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ;
    if (a == MAP_FAILED) { errno = ENOMEM ; return 0 ; }
    cur = a ; end = a + ARENA ;
  }
  h = (hdr *)cur ;
  cur += need ;
  h->magic = MAGIC ; h->cls = c ; h->size = need - HDR ;
  return (char *)h + HDR ;
}

void *malloc (size_t n)
{
  return alloc(n) ;
}

static hdr *header (void *p)
{
  hdr *h = (hdr *)((char *)p - HDR) ;
  if (h->magic != MAGIC) abort() ;  /* a corrupt heap must not deliver */
  return h ;
}

void free (void *p)
{
  hdr *h ;
  if (!p) return ;
  h = header(p) ;
  if (h->cls == BIG) { munmap(h, h->size) ; return ; }
  ((freeblock *)p)->next = freelist[h->cls] ;
  freelist[h->cls] = p ;
}

void *calloc (size_t a, size_t b)
{
  size_t n ;
  void *p ;
  if (__builtin_mul_overflow(a, b, &n)) { errno = ENOMEM ; return 0 ; }
  p = alloc(n) ;
  /* a fresh mapping is zero already */
  if (p && n <= LARGE) memset(p, 0, n) ;
  return p ;
}

void *realloc (void *p, size_t n)
{
  hdr *h ;
  void *q ;
  size_t have ;
  if (!p) return malloc(n) ;
  h = header(p) ;
  have = h->cls == BIG ? h->size - HDR : h->size ;
  if (n <= have && (h->cls != BIG || n > LARGE)) return p ;
  if (h->cls == BIG && n > LARGE)
  {
    size_t page = (size_t)sysconf(_SC_PAGESIZE) ;
    size_t len ;
    if (n > SIZE_MAX - HDR - page) { errno = ENOMEM ; return 0 ; }
    len = (n + HDR + page - 1) & ~(page - 1) ;
    h = mremap(h, h->size, len, MREMAP_MAYMOVE) ;
    if (h == MAP_FAILED) { errno = ENOMEM ; return 0 ; }
    h->size = len ;
    return (char *)h + HDR ;
  }
  q = malloc(n) ;
  if (!q) return 0 ;
  memcpy(q, p, n < have ? n : have) ;
  free(p) ;
  return q ;
}

/* Nothing in maildrop asks for more than malloc's 16-byte alignment;
   these exist so that musl's versions, which would hand out blocks this
   free() does not know, can never be linked in. */
void *aligned_alloc (size_t al, size_t n)
{
  if (al > HDR) { errno = EINVAL ; return 0 ; }
  return malloc(n) ;
}

int posix_memalign (void **r, size_t al, size_t n)
{
  void *p ;
  if (al > HDR) return EINVAL ;
  p = malloc(n) ;
  if (!p) return ENOMEM ;
  *r = p ;
  return 0 ;
}

void *memalign (size_t al, size_t n)
{
  return aligned_alloc(al, n) ;
}

size_t malloc_usable_size (void *p)
{
  hdr *h ;
  if (!p) return 0 ;
  h = header(p) ;
  return h->cls == BIG ? h->size - HDR : h->size ;
}
