/* ISC license. */

/* A cache of the message view (mdview.h): rendering header and body
   lines (unfolding, RFC 2047, charset conversion) costs far more than
   matching them, and a filter scans the same message once per pattern.
   The lines are rendered once and replayed in the view's own order.
   Sets: header lines only (cheap, no body decoding), body only, and
   everything.  Memory stays bounded: a set bigger than MEMMAX goes to
   an unlinked temporary file, read back in BLOCK pieces.  Records are
   "where-byte, line, \n" (a line holds neither \n nor NUL).

   With a required literal (mdf-lit.h), the replay searches whole blocks
   for it and gives only the lines holding it: the others cannot match.
   Caseless literals need ASCII lines (see mdf_lit.c), so a set with an
   8-bit byte is replayed line by line.  xfilter invalidates the cache
   (mdf_lines_reset). */

#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <skalibs/stralloc.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/djbunix.h>
#include "msg.h"
#include "mdview.h"
#include "mdf-internal.h"
#include "mdf-lit.h"

#define MEMMAX (64u << 10)
#define BLOCK (32u << 10)

typedef struct set_s set_t ;
struct set_s
{
  stralloc text ;    /* the records, or the tail not yet written */
  int fd ;           /* -1: all in text */
  uint64_t flen ;
  int state ;        /* 0 empty, 1 filled */
  int eightbit ;     /* a line has a byte >= 0x80 */
  int err ;
} ;

/* indexed by the MDVIEW_* selection, 1 .. 3 */
static set_t sets[4] = { { .fd = -1 }, { .fd = -1 }, { .fd = -1 }, { .fd = -1 } } ;
static msg const *cached = 0 ;
static stralloc rbuf = STRALLOC_ZERO ;

static void setfree (set_t *set)
{
  if (set->fd >= 0) fd_close(set->fd) ;
  set->fd = -1 ;
  set->flen = 0 ;
  set->text.len = 0 ;
  if (set->text.a > MEMMAX + BLOCK) stralloc_free(&set->text) ;
  set->state = 0 ;
  set->eightbit = 0 ;
  set->err = 0 ;
}

void mdf_lines_reset (void)
{
  for (unsigned int i = 0 ; i < 4 ; i++) setfree(sets + i) ;
  cached = 0 ;
}

static int spill (set_t *set)
{
  if (set->fd < 0)
  {
    set->fd = msg_tmpfd(0) ;
    if (set->fd < 0) return 0 ;
  }
  if (allwrite(set->fd, set->text.s, set->text.len) < set->text.len) return 0 ;
  set->flen += set->text.len ;
  set->text.len = 0 ;
  return 1 ;
}

static int has8bit (char const *s, size_t n)
{
  uint64_t acc = 0 ;
  size_t i = 0 ;
  for (; i + 8 <= n ; i += 8)
  {
    uint64_t w ;
    memcpy(&w, s + i, 8) ;
    acc |= w ;
  }
  for (; i < n ; i++) acc |= (unsigned char)s[i] ;
  return !!(acc & 0x8080808080808080ULL) ;
}

static int collect (char const *s, size_t len, unsigned int where, void *aux)
{
  set_t *set = aux ;
  char *t ;
  if (!set->eightbit && has8bit(s, len)) set->eightbit = 1 ;
  if ((!set->text.s || set->text.a - set->text.len < len + 2) && !stralloc_readyplus(&set->text, len + 2)) return -1 ;
  t = set->text.s + set->text.len ;
  t[0] = (char)where ;
  memcpy(t + 1, s, len) ;
  t[len + 1] = '\n' ;
  set->text.len += len + 2 ;
  if (set->text.len >= MEMMAX && !spill(set)) { set->err = errno ; return -1 ; }
  return 0 ;
}

static int fill (set_t *set, msg const *m, unsigned int what)
{
  setfree(set) ;
  if (mdview_scan(m, what, &collect, set) < 0 || (set->fd >= 0 && set->text.len && !spill(set)))
  {
    int e = set->err ? set->err : errno ;
    setfree(set) ;
    errno = e ;
    return -1 ;
  }
  set->state = 1 ;
  return 1 ;
}

/* one record: s is its where-byte, n its length without the \n */
static int give (char const *s, size_t n, mdview_func *f, void *aux)
{
  int r = (*f)(s + 1, n - 1, (unsigned char)s[0], aux) ;
  return r ? r < 0 ? -1 : 1 : 0 ;
}

/* whole records in s..s+n */
static int block (char const *s, size_t n, mdf_lit const *lit, mdview_func *f, void *aux)
{
  char const *p = s, *end = s + n ;
  while (p < end)
  {
    char const *e ;
    int r ;
    if (lit)
    {
      char const *h = mdf_lit_find(lit, p, end - p) ;
      if (!h) return 0 ;
      while (h > p && h[-1] != '\n') h-- ;
      p = h ;
    }
    e = memchr(p, '\n', end - p) ;
    if (!e) return 0 ;  /* cannot happen: records are whole */
    r = give(p, e - p, f, aux) ;
    if (r) return r ;
    p = e + 1 ;
  }
  return 0 ;
}

static int replay (set_t *set, mdf_lit const *lit, mdview_func *f, void *aux)
{
  uint64_t off = 0 ;
  size_t have = 0 ;
  if (lit && (!lit->len || (lit->caseless && set->eightbit))) lit = 0 ;
  if (set->fd < 0) return block(set->text.s, set->text.len, lit, f, aux) ;
  while (off < set->flen || have)
  {
    size_t want, k ;
    ssize_t r ;
    char const *nl ;
    int rr ;
    if (!stralloc_ready(&rbuf, have + BLOCK)) return -1 ;
    want = rbuf.a - have ;
    if (want > set->flen - off) want = set->flen - off ;
    r = want ? pread(set->fd, rbuf.s + have, want, off) : 0 ;
    if (r < 0) return -1 ;
    if (!r && want) { errno = EIO ; return -1 ; }
    off += r ;
    have += r ;
    /* up to the last complete record */
    for (k = have ; k && rbuf.s[k-1] != '\n' ; k--) ;
    if (!k)
    {
      if (off >= set->flen) return 0 ;
      continue ;  /* a long line: read more */
    }
    nl = rbuf.s + k ;
    rr = block(rbuf.s, nl - rbuf.s, lit, f, aux) ;
    if (rr) return rr ;
    memmove(rbuf.s, nl, have - k) ;
    have -= k ;
    if (off >= set->flen && !have) break ;
  }
  return 0 ;
}

int mdf_lines_scanlit (msg const *m, unsigned int where, mdf_lit const *lit, mdview_func *f, void *aux)
{
  set_t *set ;
  int r ;
  where &= MDVIEW_HEADER | MDVIEW_BODY ;
  if (!where) return 0 ;
  if (m != cached) { mdf_lines_reset() ; cached = m ; }
  set = sets + where ;
  if (!set->state && fill(set, m, where) < 0) return -1 ;
  r = replay(set, lit, f, aux) ;
  if (rbuf.a > MEMMAX + BLOCK) stralloc_free(&rbuf) ;
  return r ;
}

int mdf_lines_scan (msg const *m, unsigned int where, mdview_func *f, void *aux)
{
  return mdf_lines_scanlit(m, where, 0, f, aux) ;
}
