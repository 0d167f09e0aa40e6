/* ISC license. */

/* The text to quote: the body of a single-part message whatever its type,
   or the first text/plain part of a multipart one (searched depth first),
   decoded from quoted-printable or base64. */

#include <string.h>
#include <strings.h>
#include <skalibs/stralloc.h>
#include "mb-internal.h"

/* a header's value in a block of "Name: value\n" lines (folded lines
   start with white space), trimmed */
int mb_hfind (char const *blk, size_t blen, char const *name, int last, char const **val, size_t *vlen)
{
  size_t nlen = strlen(name), i = 0 ;
  int found = 0 ;
  while (i < blen)
  {
    char const *s = blk + i ;
    size_t len = 0 ;
    /* the header runs to the newline not followed by white space */
    for (;;)
    {
      char const *e = memchr(s + len, '\n', blen - i - len) ;
      if (!e) { len = blen - i ; break ; }
      len = e - s ;
      if (e + 1 < blk + blen && (e[1] == ' ' || e[1] == '\t')) { len++ ; continue ; }
      break ;
    }
    if (len > nlen && s[nlen] == ':' && !strncasecmp(s, name, nlen))
    {
      char const *v = s + nlen + 1 ;
      size_t vl = len - nlen - 1 ;
      while (vl && (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')) { v++ ; vl-- ; }
      while (vl && (v[vl-1] == ' ' || v[vl-1] == '\t' || v[vl-1] == '\n' || v[vl-1] == '\r')) vl-- ;
      *val = v ; *vlen = vl ; found = 1 ;
      if (!last) return 1 ;
    }
    i += len + 1 ;
  }
  return found ;
}

static void decode (stralloc *sa, char const *hdrs, size_t hlen, char const *s, size_t len)
{
  char const *v ;
  size_t n ;
  int qp = 0, b64 = 0 ;
  if (mb_hfind(hdrs, hlen, "content-transfer-encoding", 0, &v, &n))
  {
    qp = n == 16 && !strncasecmp(v, "quoted-printable", 16) ;
    b64 = n == 6 && !strncasecmp(v, "base64", 6) ;
  }
  if (qp)
  {
    for (size_t i = 0 ; i < len ; i++)
    {
      if (s[i] == '=' && i + 1 < len && (s[i+1] == '\n' || (s[i+1] == '\r' && i + 2 < len && s[i+2] == '\n')))
      { i += s[i+1] == '\r' ? 2 : 1 ; continue ; }
      if (s[i] == '=' && i + 2 < len && mb_hexval(s[i+1]) >= 0 && mb_hexval(s[i+2]) >= 0)
      {
        char c = mb_hexval(s[i+1]) * 16 + mb_hexval(s[i+2]) ;
        if (!stralloc_catb(sa, &c, 1)) dienomem() ;
        i += 2 ; continue ;
      }
      if (!stralloc_catb(sa, s + i, 1)) dienomem() ;
    }
  }
  else if (b64)
  {
    unsigned int acc = 0, bits = 0 ;
    for (size_t i = 0 ; i < len ; i++)
    {
      int x = mb_b64val(s[i]) ;
      if (x < 0) continue ;
      acc = (acc << 6) | x ; bits += 6 ;
      if (bits >= 8)
      {
        char c = (acc >> (bits - 8)) & 0xff ;
        bits -= 8 ;
        if (!stralloc_catb(sa, &c, 1)) dienomem() ;
      }
    }
  }
  else if (!stralloc_catb(sa, s, len)) dienomem() ;
}

/* the boundary parameter of a Content-Type value */
static int boundary (char const *v, size_t n, char const **b, size_t *blen)
{
  for (size_t i = 0 ; i + 9 <= n ; i++)
  {
    if (strncasecmp(v + i, "boundary=", 9)) continue ;
    if (i && v[i-1] != ';' && v[i-1] != ' ' && v[i-1] != '\t') continue ;
    i += 9 ;
    if (i < n && v[i] == '"')
    {
      char const *e = memchr(v + i + 1, '"', n - i - 1) ;
      if (!e) return 0 ;
      *b = v + i + 1 ; *blen = e - v - i - 1 ;
    }
    else
    {
      size_t j = i ;
      while (j < n && v[j] != ';' && v[j] != ' ' && v[j] != '\t') j++ ;
      *b = v + i ; *blen = j - i ;
    }
    return *blen > 0 ;
  }
  return 0 ;
}

static int isdelim (char const *s, size_t len, char const *b, size_t blen)
{
  if (len && s[len-1] == '\r') len-- ;
  while (len && (s[len-1] == ' ' || s[len-1] == '\t')) len-- ;
  if (len < blen + 2 || s[0] != '-' || s[1] != '-' || memcmp(s + 2, b, blen)) return 0 ;
  if (len == blen + 2) return 1 ;
  if (len == blen + 4 && s[blen+2] == '-' && s[blen+3] == '-') return 2 ;
  return 0 ;
}

static int entity (stralloc *, char const *, size_t, char const *, size_t, int) ;

/* one part: its headers up to the blank line, then its body */
static int part (stralloc *sa, char const *s, size_t n)
{
  size_t i = 0 ;
  while (i < n)
  {
    char const *e = memchr(s + i, '\n', n - i) ;
    size_t len = e ? (size_t)(e - s - i) : n - i ;
    if (!len || (len == 1 && s[i] == '\r'))
      return entity(sa, s, i, s + i + len + 1 > s + n ? s + n : s + i + len + 1, i + len + 1 > n ? 0 : n - i - len - 1, 0) ;
    i += len + 1 ;
  }
  return entity(sa, s, n, s + n, 0, 0) ;
}

static int entity (stralloc *sa, char const *hdrs, size_t hlen, char const *body, size_t blen, int top)
{
  char const *v ;
  size_t n ;
  int hasct = mb_hfind(hdrs, hlen, "content-type", 0, &v, &n) ;
  char const *mv ;
  size_t mvl ;
  /* the reference only splits a multipart message that says Mime-Version */
  if (hasct && n >= 10 && !strncasecmp(v, "multipart/", 10)
   && (!top || mb_hfind(hdrs, hlen, "mime-version", 0, &mv, &mvl)))
  {
    char const *b ;
    size_t bl, i = 0, start = 0 ;
    int inpart = 0 ;
    if (!boundary(v, n, &b, &bl)) goto single ;
    while (i < blen)
    {
      char const *e = memchr(body + i, '\n', blen - i) ;
      size_t len = e ? (size_t)(e - body - i) : blen - i ;
      int d = isdelim(body + i, len, b, bl) ;
      if (d)
      {
        if (inpart)
        {
          /* the line break before the delimiter belongs to it */
          size_t end = i ? i - 1 : 0 ;
          if (end > start && body[end-1] == '\r') end-- ;
          if (part(sa, body + start, end > start ? end - start : 0)) return 1 ;
        }
        if (d == 2) return 0 ;
        inpart = 1 ;
        start = i + len + 1 ;
      }
      i += len + 1 ;
    }
    return 0 ;
  }
  if (!top && hasct && !(n >= 10 && !strncasecmp(v, "text/plain", 10))) return 0 ;
 single:
  decode(sa, hdrs, hlen, body, blen) ;
  /* a part ends before the delimiter's line break: its last line is whole */
  if (!top && sa->len && sa->s[sa->len - 1] != '\n' && !stralloc_catb(sa, "\n", 1)) dienomem() ;
  return 1 ;
}

int mb_quotetext (stralloc *sa)
{
  return entity(sa, mb_hdrs.s, mb_hdrs.len, mb_body.s, mb_body.len, 1) ;
}
