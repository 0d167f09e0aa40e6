/* ISC license. */

#include <string.h>
#include <strings.h>
#include <skalibs/stralloc.h>
#include "msg.h"
#include "mdview.h"
#include "mdview-internal.h"

/* Is addr one of the addresses of the header h (raw, unfolded)? */
static int check (char const *h, size_t n, char const *addr, size_t len, stralloc *toks, stralloc *ents, stralloc *tmp)
{
  static char const *const names[] = { "to", "cc", "resent-to", "resent-cc", 0 } ;
  char const *const *p ;
  size_t v = 0, ne, k ;
  mdv_tok const *t ;
  mdv_entry const *e ;
  for (p = names ; *p ; p++) if ((v = mdv_hdr_is(h, n, *p))) break ;
  if (!v) return 0 ;
  if (!mdv_addr_parse(h + v, n - v, toks, ents)) return -1 ;
  t = (mdv_tok const *)toks->s ;
  e = (mdv_entry const *)ents->s ;
  ne = ents->len / sizeof(mdv_entry) ;
  for (k = 0 ; k < ne ; k++)
  {
    if (e[k].kind != MDV_EADDR) continue ;
    tmp->len = 0 ;
    if (!mdv_addr_cat(h + v, t, e + k, tmp)) return -1 ;
    if (tmp->len == len && !strncasecmp(tmp->s, addr, len)) return 1 ;
  }
  return 0 ;
}

/* The raw header: lines up to the first empty one (a last line without
   a newline counts), each cut at a NUL, CRs dropped, continuation lines
   joined. */
/* append s without CRs, the header kept under MDV_LINEMAX */
static int catnocr (stralloc *sa, char const *s, size_t n)
{
  size_t i ;
  for (i = 0 ; i < n && sa->len < MDV_LINEMAX ; i++)
    if (s[i] != '\r' && !stralloc_catb(sa, s + i, 1)) return 0 ;
  return 1 ;
}

int mdview_hasaddr (msg const *m, char const *addr, size_t len)
{
  stralloc hdr = STRALLOC_ZERO ;
  stralloc toks = STRALLOC_ZERO, ents = STRALLOC_ZERO, tmp = STRALLOC_ZERO ;
  mdv_lr lr ;
  int res = 0 ;
  mdv_lr_init(&lr, m, 1) ;
  for (;;)
  {
    char const *s ;
    char const *z ;
    size_t n ;
    int k = mdv_lr_next(&lr, &s, &n) ;
    if (k < 0) { res = -1 ; break ; }
    if (k && (z = memchr(s, 0, n))) n = z - s ;
    if (k && n && (s[0] == ' ' || s[0] == '\t') && hdr.len)
    {
      if (!stralloc_catb(&hdr, "\n", 1) || !catnocr(&hdr, s, n)) { res = -1 ; break ; }
      continue ;
    }
    if (hdr.len)
    {
      res = check(hdr.s, hdr.len, addr, len, &toks, &ents, &tmp) ;
      if (res) break ;
    }
    hdr.len = 0 ;
    if (!k || !n || (n == 1 && s[0] == '\r')) break ;
    if (!catnocr(&hdr, s, n)) { res = -1 ; break ; }
  }
  mdv_lr_free(&lr) ;
  stralloc_free(&hdr) ;
  stralloc_free(&toks) ; stralloc_free(&ents) ; stralloc_free(&tmp) ;
  return res ;
}
