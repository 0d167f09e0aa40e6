/* ISC license. */

/* A cache of the message view (mdview.h): rendering header and body
   lines (unfolding, RFC 2047, charset conversion) costs far more than
   matching them, and a filter scans the same message once per pattern.
   The lines are rendered once, kept with their kind, and replayed in the
   view's own order.  Two sets: header lines only (cheap, no body
   decoding), and everything (filled at the first body pattern).  A
   message too big to keep falls back to scanning the view each time.
   xfilter invalidates the cache (mdf_lines_reset). */

#include <stdint.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include "mdview.h"
#include "mdf-internal.h"

#define CACHEMAX (32u << 20)

typedef struct line_s line_t ;
struct line_s
{
  size_t off ;
  uint32_t len ;
  uint32_t where ;
} ;

typedef struct set_s set_t ;
struct set_s
{
  stralloc text ;
  genalloc lines ;   /* line_t */
  int state ;        /* 0 empty, 1 filled, -1 too big */
} ;

/* indexed by the MDVIEW_* selection, 1 .. 3 */
static set_t sets[4] ;
static msg const *cached = 0 ;

void mdf_lines_reset (void)
{
  for (unsigned int i = 0 ; i < 4 ; i++)
  {
    sets[i].text.len = 0 ;
    genalloc_setlen(line_t, &sets[i].lines, 0) ;
    sets[i].state = 0 ;
  }
  cached = 0 ;
}

static int collect (char const *s, size_t len, unsigned int where, void *aux)
{
  set_t *set = aux ;
  line_t l = { .off = set->text.len, .len = (uint32_t)len, .where = where } ;
  if (set->text.len + len > CACHEMAX) { set->state = -1 ; return 1 ; }
  if (!stralloc_catb(&set->text, s, len) || !genalloc_append(line_t, &set->lines, &l)) return -1 ;
  return 0 ;
}

static int fill (set_t *set, msg const *m, unsigned int what)
{
  int r ;
  set->text.len = 0 ;
  genalloc_setlen(line_t, &set->lines, 0) ;
  set->state = 0 ;
  r = mdview_scan(m, what, &collect, set) ;
  if (r < 0) { set->text.len = 0 ; genalloc_setlen(line_t, &set->lines, 0) ; return -1 ; }
  if (set->state < 0)
  {
    /* too big: forget it and scan directly from now on */
    stralloc_free(&set->text) ;
    genalloc_free(line_t, &set->lines) ;
    set->state = -1 ;
    return 1 ;
  }
  set->state = 1 ;
  return 1 ;
}

static int replay (set_t const *set, mdview_func *f, void *aux)
{
  line_t const *l = genalloc_s(line_t, &set->lines) ;
  size_t n = genalloc_len(line_t, &set->lines) ;
  for (size_t i = 0 ; i < n ; i++)
  {
    int r = (*f)(set->text.s + l[i].off, l[i].len, l[i].where, aux) ;
    if (r) return r < 0 ? -1 : 1 ;
  }
  return 0 ;
}

int mdf_lines_scan (msg const *m, unsigned int where, mdview_func *f, void *aux)
{
  set_t *set ;
  where &= MDVIEW_HEADER | MDVIEW_BODY ;
  if (!where) return 0 ;
  if (m != cached) { mdf_lines_reset() ; cached = m ; }
  set = sets + where ;
  if (!set->state && fill(set, m, where) < 0) return -1 ;
  if (set->state < 0) return mdview_scan(m, where, f, aux) ;
  return replay(set, f, aux) ;
}
