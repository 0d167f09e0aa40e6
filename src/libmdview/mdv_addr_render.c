/* ISC license. */

#include <string.h>
#include <skalibs/stralloc.h>
#include "mdview-internal.h"

/* A display name: outer quotes and backslashes removed, encoded words
   decoded, then quoted again if it holds a special. */
static int dispname (char const *s, size_t n, int unquote, int clean, stralloc *out, stralloc *tmp)
{
  size_t i, start = out->len ;
  tmp->len = 0 ;
  if (unquote && n && s[0] == '"') { s++ ; n-- ; }
  if (unquote && n && s[n-1] == '"') n-- ;
  for (i = 0 ; i < n ; i++)
  {
    if (s[i] == '\\' && i + 1 < n) i++ ;
    if (!stralloc_catb(tmp, s + i, 1)) return 0 ;
  }
  if (!mdv_2047(tmp->s, tmp->len, clean, out)) return 0 ;
  for (i = start ; i < out->len ; i++)
    if (strchr("()<>@,;:\\\".[]", out->s[i])) break ;
  if (i < out->len)
  {
    /* quote it, escaping " and \ */
    size_t end = out->len ;
    tmp->len = 0 ;
    if (!stralloc_catb(tmp, "\"", 1)) return 0 ;
    for (i = start ; i < end ; i++)
    {
      if ((out->s[i] == '"' || out->s[i] == '\\') && !stralloc_catb(tmp, "\\", 1)) return 0 ;
      if (!stralloc_catb(tmp, out->s + i, 1)) return 0 ;
    }
    if (!stralloc_catb(tmp, "\"", 1)) return 0 ;
    out->len = start ;
    if (!stralloc_catb(out, tmp->s, tmp->len)) return 0 ;
  }
  return 1 ;
}

/* The name of an angle-form entry: atoms only are joined with one space,
   anything else is taken as written. */
static int rawname (char const *s, mdv_tok const *t, mdv_entry const *e, stralloc *out, stralloc *tmp, stralloc *tmp2)
{
  size_t i ;
  for (i = e->name0 ; i < e->name1 ; i++) if (t[i].type != MDV_TATOM) break ;
  if (i < e->name1)
  {
    /* as written, but stray > dropped (with the space after them) */
    tmp2->len = 0 ;
    for (i = e->name0 ; i < e->name1 ; i++)
    {
      size_t end = i + 1 < e->name1 ? t[i+1].start : t[i].end ;
      if (t[i].type == '>') continue ;
      if (!stralloc_catb(tmp2, s + t[i].start, end - t[i].start)) return 0 ;
    }
    while (tmp2->len && (tmp2->s[tmp2->len - 1] == ' ' || tmp2->s[tmp2->len - 1] == '\t' || tmp2->s[tmp2->len - 1] == '\n')) tmp2->len-- ;
    return dispname(tmp2->s, tmp2->len, 1, 1, out, tmp) ;
  }
  tmp2->len = 0 ;
  for (i = e->name0 ; i < e->name1 ; i++)
  {
    if (i > e->name0 && !stralloc_catb(tmp2, " ", 1)) return 0 ;
    if (!stralloc_catb(tmp2, s + t[i].start, t[i].end - t[i].start)) return 0 ;
  }
  return dispname(tmp2->s, tmp2->len, 1, 0, out, tmp) ;
}

static int hasaddr (mdv_tok const *t, mdv_entry const *e)
{
  size_t i ;
  for (i = e->addr0 ; i < e->addr1 ; i++) if (t[i].type != MDV_TCOMMENT) return 1 ;
  return 0 ;
}

/* A group's name: a lone quoted string loses its quotes, else the
   tokens as written (stray > dropped); encoded words decoded. */
static int groupname (char const *s, mdv_tok const *t, mdv_entry const *e, stralloc *out, stralloc *tmp)
{
  size_t i ;
  tmp->len = 0 ;
  if (e->name1 == e->name0 + 1 && t[e->name0].type == MDV_TQUOTE)
  {
    for (i = t[e->name0].start + 1 ; i + 1 < t[e->name0].end ; i++)
    {
      if (s[i] == '\\' && i + 2 < t[e->name0].end) i++ ;
      if (!stralloc_catb(tmp, s + i, 1)) return 0 ;
    }
  }
  else for (i = e->name0 ; i < e->name1 ; i++)
  {
    if (t[i].type == '>') continue ;
    if (tmp->len && i > e->name0 && t[i].start > t[i-1].end && !stralloc_catb(tmp, " ", 1)) return 0 ;
    if (!stralloc_catb(tmp, s + t[i].start, t[i].end - t[i].start)) return 0 ;
  }
  return mdv_2047(tmp->s, tmp->len, 0, out) ;
}

/* Entries without an address (a group's "name:", the ";" that ends it,
   a lone comment) are printed as their text.  As in the reference, a
   text of one byte is printed bare; a longer one is preceded by ", "
   after an address and followed by a space. */
static int nameonly (stralloc *out, size_t mark, int prevaddr, stralloc *tmp)
{
  size_t len = out->len - mark ;
  if (len < 2) return 1 ;
  if (!prevaddr) return stralloc_catb(out, " ", 1) ;
  tmp->len = 0 ;
  if (!stralloc_catb(tmp, out->s + mark, len)) return 0 ;
  out->len = mark ;
  return stralloc_catb(out, ", ", 2) && stralloc_catb(out, tmp->s, tmp->len) && stralloc_catb(out, " ", 1) ;
}

int mdv_addr_render (char const *s, size_t n, stralloc *out)
{
  stralloc toks = STRALLOC_ZERO, ents = STRALLOC_ZERO, tmp = STRALLOC_ZERO, tmp2 = STRALLOC_ZERO ;
  mdv_tok const *t ;
  mdv_entry const *e ;
  size_t ne, k ;
  int ok = 0, prevaddr = 0 ;
  if (!mdv_addr_parse(s, n, &toks, &ents)) goto err ;
  t = (mdv_tok const *)toks.s ;
  e = (mdv_entry const *)ents.s ;
  ne = ents.len / sizeof(mdv_entry) ;
  for (k = 0 ; k < ne ; k++)
  {
    size_t mark = out->len ;
    if (e[k].kind == MDV_EEND)
    {
      if (!stralloc_catb(out, ";", 1) || !nameonly(out, mark, prevaddr, &tmp)) goto err ;
      prevaddr = 0 ;
    }
    else if (e[k].kind == MDV_EGROUP)
    {
      if (!groupname(s, t, e + k, out, &tmp)) goto err ;
      /* a name that is one special character goes bare, as in the
         reference */
      if (e[k].name1 == e[k].name0 + 1 && strchr("=?@.<>,;:", t[e[k].name0].type)) { if (!stralloc_catb(out, ":", 1)) goto err ; }
      else if (!stralloc_catb(out, ":", 1) || !nameonly(out, mark, prevaddr, &tmp)) goto err ;
      prevaddr = 0 ;
    }
    else if (e[k].noaddr)
    {
      if (e[k].name1 > e[k].name0
       && (!rawname(s, t, e + k, out, &tmp, &tmp2) || !nameonly(out, mark, prevaddr, &tmp))) goto err ;
      prevaddr = 0 ;
    }
    else if (!e[k].angle && !hasaddr(t, e + k))
    {
      mdv_tok const *c ;
      if (!e[k].comment) continue ;
      c = t + e[k].comment - 1 ;
      if (!dispname(s + c->start + 1, c->end - c->start - 2, 0, 1, out, &tmp)
       || !nameonly(out, mark, prevaddr, &tmp)) goto err ;
      prevaddr = 0 ;
    }
    else
    {
      if (prevaddr && !stralloc_catb(out, ", ", 2)) goto err ;
      prevaddr = 1 ;
      mark = out->len ;
      if (e[k].angle && e[k].name1 > e[k].name0)
      {
        if (!rawname(s, t, e + k, out, &tmp, &tmp2)) goto err ;
      }
      else if (!e[k].angle && e[k].comment)
      {
        mdv_tok const *c = t + e[k].comment - 1 ;
        if (!dispname(s + c->start + 1, c->end - c->start - 2, 0, 1, out, &tmp)) goto err ;
      }
      if (out->len > mark)
      {
        if (!stralloc_catb(out, " <", 2) || !mdv_addr_cat(s, t, e + k, out) || !stralloc_catb(out, ">", 1)) goto err ;
      }
      else if (!mdv_addr_cat(s, t, e + k, out)) goto err ;
    }
  }
  ok = 1 ;
 err:
  stralloc_free(&toks) ; stralloc_free(&ents) ; stralloc_free(&tmp) ; stralloc_free(&tmp2) ;
  return ok ;
}
