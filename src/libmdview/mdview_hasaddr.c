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

int mdview_hasaddr (msg const *m, char const *addr, size_t len)
{
  stralloc line = STRALLOC_ZERO, hdr = STRALLOC_ZERO ;
  stralloc toks = STRALLOC_ZERO, ents = STRALLOC_ZERO, tmp = STRALLOC_ZERO ;
  msgrd r ;
  int res = 0 ;
  msgrd_init(&r, m) ;
  for (;;)
  {
    int k ;
    size_t n, i, j ;
    line.len = 0 ;
    k = msgrd_line(&r, &line) ;
    if (k < 0) { res = -1 ; break ; }
    /* drop the newline and every CR */
    n = line.len ;
    if (k && n && line.s[n-1] == '\n') n-- ;
    for (i = j = 0 ; i < n ; i++) if (line.s[i] != '\r') line.s[j++] = line.s[i] ;
    n = j ;
    if (k && n && (line.s[0] == ' ' || line.s[0] == '\t') && hdr.len)
    {
      if (hdr.len < MDV_LINEMAX && (!stralloc_catb(&hdr, "\n", 1) || !stralloc_catb(&hdr, line.s, n))) { res = -1 ; break ; }
      continue ;
    }
    if (hdr.len)
    {
      res = check(hdr.s, hdr.len, addr, len, &toks, &ents, &tmp) ;
      if (res) break ;
    }
    hdr.len = 0 ;
    if (!k || !n) break ;
    if (!stralloc_catb(&hdr, line.s, n < MDV_LINEMAX ? n : MDV_LINEMAX)) { res = -1 ; break ; }
  }
  stralloc_free(&line) ; stralloc_free(&hdr) ;
  stralloc_free(&toks) ; stralloc_free(&ents) ; stralloc_free(&tmp) ;
  return res ;
}
