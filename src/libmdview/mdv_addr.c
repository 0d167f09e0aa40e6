/* ISC license. */

#include <string.h>
#include <skalibs/stralloc.h>
#include "mdview-internal.h"

/* Tokens: atoms, "quoted strings", (comments), [literals] and the
   specials <>@,;:. ; a backslash outside quotes is dropped like a space.
   An unterminated quoted string or comment becomes a 'U' token whose
   extent is its text, printed between quotes. */

/* As in the reference, = and ? are specials too (they join words like
   a dot), except in an encoded word, which is one atom. */
static int isspec (char c)
{
  return c == '<' || c == '>' || c == '@' || c == ',' || c == ';' || c == ':' || c == '.' || c == '=' || c == '?' ;
}

/* The length of an encoded word at s ("=?cs?" then up to the first "?="
   after it), or 0. */
static size_t ewlen (char const *s, size_t n)
{
  size_t i = 2 ;
  if (n < 2 || s[0] != '=' || s[1] != '?') return 0 ;
  while (i < n && s[i] != '?')
    if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') return 0 ;
    else i++ ;
  for (i++ ; i + 1 < n ; i++)
    if (s[i] == '?' && s[i+1] == '=') return i + 2 ;
  return 0 ;
}

static int add (stralloc *toks, char type, size_t start, size_t end)
{
  mdv_tok t = { .type = type, .start = start, .end = end } ;
  return stralloc_catb(toks, (char const *)&t, sizeof t) ;
}

static int tokenize (char const *s, size_t n, stralloc *toks)
{
  size_t i = 0 ;
  while (i < n)
  {
    char c = s[i] ;
    size_t j ;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\\') { i++ ; continue ; }
    if (c == '(')
    {
      unsigned int depth = 1 ;
      for (j = i + 1 ; j < n ; j++)
      {
        if (s[j] == '\\') { j++ ; continue ; }
        if (s[j] == '(') depth++ ;
        else if (s[j] == ')' && !--depth) break ;
      }
      if (j < n) { if (!add(toks, MDV_TCOMMENT, i, j + 1)) return 0 ; i = j + 1 ; }
      else { if (!add(toks, 'U', i, n)) return 0 ; i = n ; }
      continue ;
    }
    if (c == '"')
    {
      for (j = i + 1 ; j < n && s[j] != '"' ; j++)
        if (s[j] == '\\' && j + 1 < n) j++ ;
      if (j < n) { if (!add(toks, MDV_TQUOTE, i, j + 1)) return 0 ; i = j + 1 ; }
      else { if (!add(toks, 'U', i + 1, n)) return 0 ; i = n ; }
      continue ;
    }
    if (c == '[')
    {
      for (j = i + 1 ; j < n && s[j] != ']' ; j++) ;
      if (j < n) j++ ;
      if (!add(toks, MDV_TLITERAL, i, j)) return 0 ;
      i = j ;
      continue ;
    }
    if ((j = ewlen(s + i, n - i)))
    {
      if (!add(toks, MDV_TATOM, i, i + j)) return 0 ;
      i += j ;
      continue ;
    }
    if (isspec(c)) { if (!add(toks, c, i, i + 1)) return 0 ; i++ ; continue ; }
    for (j = i ; j < n ; j++)
    {
      char d = s[j] ;
      if (d == ' ' || d == '\t' || d == '\n' || d == '\r' || d == '\\' || d == '(' || d == '"' || d == '[' || isspec(d)) break ;
    }
    if (!add(toks, MDV_TATOM, i, j)) return 0 ;
    i = j ;
  }
  return 1 ;
}

/* Two adjacent words split a bare address (a [literal] is no word) */
static int isword (char type)
{
  return type == MDV_TATOM || type == MDV_TQUOTE || type == 'U' ;
}

static int addent (stralloc *ents, mdv_entry const *e)
{
  return stralloc_catb(ents, (char const *)e, sizeof *e) ;
}

int mdv_addr_parse (char const *s, size_t n, stralloc *toks, stralloc *ents)
{
  mdv_tok const *t ;
  size_t nt, i = 0 ;
  toks->len = 0 ; ents->len = 0 ;
  if (!tokenize(s, n, toks)) return 0 ;
  t = (mdv_tok const *)toks->s ;
  nt = toks->len / sizeof(mdv_tok) ;
  while (i < nt)
  {
    mdv_entry e = { .kind = MDV_EADDR, .angle = 0, .noaddr = 0, .name0 = 0, .name1 = 0, .addr0 = 0, .addr1 = 0, .comment = 0 } ;
    size_t j, angle = nt, colon = nt ;
    if (t[i].type == ',' || t[i].type == '>') { i++ ; continue ; }
    if (t[i].type == ';')
    {
      e.kind = MDV_EEND ;
      if (!addent(ents, &e)) return 0 ;
      i++ ; continue ;
    }
    /* a group: a phrase of words (no comment) then ':' */
    for (j = i ; j < nt && isword(t[j].type) ; j++) ;
    if (j < nt && t[j].type == ':') colon = j ;
    else
      for (j = i ; j < nt && t[j].type != ',' && t[j].type != ';' ; j++)
        if (t[j].type == '<') { angle = j ; break ; }
    if (colon < nt)
    {
      e.kind = MDV_EGROUP ; e.name0 = i ; e.name1 = colon ;
      i = colon + 1 ;
    }
    else if (angle < nt)
    {
      e.angle = 1 ; e.name0 = i ; e.name1 = angle ;
      for (j = angle + 1 ; j < nt && t[j].type != '>' ; j++) ;
      e.addr0 = angle + 1 ; e.addr1 = j ;
      /* "name <" unterminated and empty: the name alone */
      if (j >= nt && j == angle + 1) e.angle = 0, e.noaddr = 1 ;
      i = j < nt ? j + 1 : nt ;
    }
    else
    {
      int prev = 0 ;
      e.addr0 = i ;
      for (; i < nt ; i++)
      {
        char ty = t[i].type ;
        if (ty == ',' || ty == ';' || ty == '<') break ;
        if (ty == '>') continue ;  /* a stray > is dropped */
        if (ty == MDV_TCOMMENT) { e.comment = i + 1 ; continue ; }
        if (isword(ty) && prev) break ;
        prev = isword(ty) ;
      }
      e.addr1 = i ;
    }
    if (!addent(ents, &e)) return 0 ;
  }
  return 1 ;
}

/* Between <>, comments stay and two adjacent words are kept apart by a
   space; a bare address loses its comments (they make its name). */
int mdv_addr_cat (char const *s, mdv_tok const *t, mdv_entry const *e, stralloc *out)
{
  size_t i ;
  int prevword = 0 ;
  for (i = e->addr0 ; i < e->addr1 ; i++)
  {
    int w = isword(t[i].type) || t[i].type == MDV_TCOMMENT ;
    if (t[i].type == '>' || t[i].type == '<' || (t[i].type == MDV_TCOMMENT && !e->angle)) continue ;
    if (e->angle && w && prevword && !stralloc_catb(out, " ", 1)) return 0 ;
    prevword = w ;
    if (t[i].type == 'U')
    {
      size_t j ;
      if (!stralloc_catb(out, "\"", 1)) return 0 ;
      for (j = t[i].start ; j < t[i].end ; j++)
      {
        if ((s[j] == '"' || s[j] == '\\') && !stralloc_catb(out, "\\", 1)) return 0 ;
        if (!stralloc_catb(out, s + j, 1)) return 0 ;
      }
      if (!stralloc_catb(out, "\"", 1)) return 0 ;
    }
    else if (!stralloc_catb(out, s + t[i].start, t[i].end - t[i].start)) return 0 ;
  }
  return 1 ;
}
