/* ISC license. */

/* The message as patterns see it, streamed line by line.

   The message is read up to its last newline (a final line without one
   is not looked at).  Each entity (the message, a MIME part, an attached
   message/rfc822) is a header section then a body.  Header lines are
   rendered (mdv_hdr_render) and body text is decoded and converted to
   UTF-8; both go, in message order, into one output text that is cut
   into lines at each \n, as the reference does: so a part's last line,
   whose newline belongs to the next boundary, runs on into whatever is
   output next.  Only what the caller asked for is produced.

   Reference behaviours kept (all checked against maildrop 2.9.3):
   Content-Type and charset count only with MIME-Version (the transfer
   encoding always does); only message/rfc822 is parsed as a message, and
   it needs its own MIME-Version; a boundary matches as a prefix; a body
   with an unknown charset is not searched and ends the scan of what
   follows; body lines keep their CRs; a NUL ends a line; a header
   section without a blank line keeps its last header out of the MIME
   decisions and gives one empty body line.  Lines longer than
   MDV_LINEMAX are cut there and multiparts nested deeper than MAXDEPTH
   are not entered: our limits, not the reference's. */

#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <errno.h>
#include <strings.h>
#include <skalibs/stralloc.h>
#include "msg.h"
#include "mdview.h"
#include "mdview-internal.h"

#define MAXDEPTH 64

enum { S_HDR, S_BODY, S_SKIP } ;
enum { E_IDENT, E_QP, E_B64 } ;

typedef struct level_s level ;
struct level_s
{
  size_t off ;    /* the boundary in sc->bnd */
  size_t len ;
  int digest ;
} ;

typedef struct scan_s scan ;
struct scan_s
{
  unsigned int what ;
  mdview_func *f ;
  void *aux ;
  int stop ;            /* 1 stopped, -1 error */
  int abort ;           /* unknown charset: nothing more is given */

  mdv_lr lr ;

  stralloc line ;       /* output line being assembled */
  int lineplain ;       /* it holds only bytes 1 to 127, all from plainline() */
  unsigned int where ;
  int rawhdr ;          /* it holds header text */

  stralloc hdr ;        /* the header being collected, CRs removed */
  int havehdr ;
  int lastcr ;          /* the last header line ended in CR */
  int hdrnul ;          /* it was cut at a NUL */
  stralloc rend, tmp ;  /* rendering scratch */

  /* the current entity */
  int state ;
  int mime ;            /* inside a MIME structure */
  int mimever ;         /* saw MIME-Version */
  int digest ;          /* default type is message/rfc822 */
  int inmsg ;           /* an attached message: keeps its last newline */
  stralloc ctype ;      /* type/subtype, lowercase */
  stralloc bparam ;     /* boundary */
  int hasboundary ;
  stralloc cparam ;     /* charset */
  int hascharset ;
  int cte ;

  /* the current body */
  mdv_conv conv ;
  int convopen ;
  char pend[2] ;        /* the previous line's ending, not given yet */
  size_t npend ;
  unsigned char bq[4] ;  /* base64 quartet being read */
  unsigned int bk ;
  stralloc dbuf, cbuf ;

  stralloc bnd ;
  level lv[MAXDEPTH] ;
  unsigned int depth ;      /* deeper multiparts are skipped */
} ;

/* Output */

/* A line ends at a NUL.  A line that is not valid UTF-8 (a raw header
   name, a code point beyond U+10FFFF kept by the converter) is not
   given: the reference's regex engine rejects it, so no pattern can
   match it. */
/* the line to the caller, who may stop the scan */
static int pass (scan *sc, char const *s, size_t n)
{
  int r = (*sc->f)(s, n, sc->where, sc->aux) ;
  if (r) { sc->stop = r > 0 ? 1 : -1 ; return 0 ; }
  return 1 ;
}

static int give (scan *sc, char const *s, size_t n)
{
  unsigned char const *u = (unsigned char const *)s ;
  char const *z = memchr(s, 0, n) ;
  size_t i ;
  if (z) n = z - s ;
  if (sc->rawhdr)
  {
    /* header text may hold raw 8-bit bytes */
    for (i = 0 ; i < n ; i++)
      if (u[i] >= 0x80)
      {
        if (!mdv_utf8_check(s + i, n - i)) return 1 ;
        break ;
      }
  }
  else  /* body text is valid but for the long forms */
    for (i = 0 ; i < n ; i++)
    {
      uint64_t w ;
      if (i + 8 <= n && (memcpy(&w, u + i, 8), !(w & 0x8080808080808080ULL))) { i += 7 ; continue ; }
      if (u[i] >= 0xf4 && (u[i] >= 0xf5 || (i + 1 < n && u[i+1] >= 0x90))) return 1 ;
    }
  return pass(sc, s, n) ;
}

static int out_put (scan *sc, char const *s, size_t n, unsigned int where)
{
  sc->where = where ;
  if (where == MDVIEW_HEADER) sc->rawhdr = 1 ;
  while (n)
  {
    char const *p = memchr(s, '\n', n) ;
    size_t k = p ? (size_t)(p - s) : n ;
    if (sc->line.len < MDV_LINEMAX)
    {
      size_t room = MDV_LINEMAX - sc->line.len ;
      if (!p || sc->line.len)
      {
        if (!stralloc_catb(&sc->line, s, k < room ? k : room)) { sc->stop = -1 ; return 0 ; }
        sc->lineplain = 0 ;
      }
    }
    if (!p) break ;
    if (sc->line.len && sc->lineplain)
    {
      /* nothing for give() to check or cut */
      if (!pass(sc, sc->line.s, sc->line.len)) return 0 ;
    }
    else if (sc->line.len) { if (!give(sc, sc->line.s, sc->line.len)) return 0 ; }
    else if (!give(sc, s, k < MDV_LINEMAX ? k : MDV_LINEMAX)) return 0 ;
    sc->line.len = 0 ;
    sc->rawhdr = where == MDVIEW_HEADER ;
    s = p + 1 ; n -= k + 1 ;
  }
  return 1 ;
}

/* Bodies */

static int body_text (scan *sc, char const *s, size_t n)
{
  sc->cbuf.len = 0 ;
  if (!mdv_conv_put(&sc->conv, s, n, &sc->cbuf)) { sc->stop = -1 ; return 0 ; }
  return out_put(sc, sc->cbuf.s, sc->cbuf.len, MDVIEW_BODY) ;
}

static int hexval (char c)
{
  if (c >= '0' && c <= '9') return c - '0' ;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10 ;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10 ;
  return -1 ;
}


/* 1 if the body's converter leaves text made of bytes 1 to 127 as it
   is (UTF-8, US-ASCII, ISO-8859-1, nothing carried over): then such text
   skips the converter, the hottest path of a large plain message */
static int convplain (scan const *sc)
{
  return sc->convopen && sc->conv.kind != MDV_CICONV && sc->conv.kind != MDV_CUTF7 && !sc->conv.ncarry ;
}

static int plainbytes (char const *s, size_t n)
{
  unsigned char const *u = (unsigned char const *)s ;
  size_t i = 0 ;
  for (; i + 8 <= n ; i += 8)
  {
    uint64_t w ;
    memcpy(&w, u + i, 8) ;
    /* a byte with its high bit set, or a zero byte */
    if ((w | ((w - 0x0101010101010101ULL) & ~w)) & 0x8080808080808080ULL) return 0 ;
  }
  for (; i < n ; i++) if (!u[i] || u[i] >= 0x80) return 0 ;
  return 1 ;
}

/* out_put() for body text of plainbytes() without a newline */
static int plainline (scan *sc, char const *s, size_t n)
{
  size_t room ;
  sc->where = MDVIEW_BODY ;
  if (sc->line.len >= MDV_LINEMAX) return 1 ;
  room = MDV_LINEMAX - sc->line.len ;
  if (!sc->line.len) sc->lineplain = 1 ;
  if (!stralloc_catb(&sc->line, s, n < room ? n : room)) { sc->stop = -1 ; return 0 ; }
  return 1 ;
}

static int body_line (scan *sc, char const *s, size_t n)
{
  char term[2] ;
  size_t nterm = 0 ;
  if (sc->npend)
  {
    size_t k = sc->npend ;
    sc->npend = 0 ;
    if (convplain(sc) ? !out_put(sc, sc->pend, k, MDVIEW_BODY) : !body_text(sc, sc->pend, k)) return 0 ;
  }
  if (sc->cte == E_B64)
  {
    size_t i ;
    sc->dbuf.len = 0 ;
    if (!mdv_room(&sc->dbuf, n)) { sc->stop = -1 ; return 0 ; }
    for (i = 0 ; i < n ; i++)
    {
      int v = mdv_b64val(s[i]) ;
      if (v < 0) continue ;
      sc->bq[sc->bk++] = v ;
      if (sc->bk == 4)
      {
        sc->dbuf.len += mdv_b64quad(sc->bq, sc->dbuf.s + sc->dbuf.len) ;
        sc->bk = 0 ;
      }
    }
    return body_text(sc, sc->dbuf.s, sc->dbuf.len) ;
  }
  if (n && s[n-1] == '\r') { n-- ; term[nterm++] = '\r' ; }
  term[nterm++] = '\n' ;
  if (sc->cte == E_QP)
  {
    /* =XX is a byte; = before the end of the line, a space, a tab or a
       CR is a soft break (the rest of the line goes); = before one hex
       digit drops both, = before anything else drops itself. */
    size_t i ;
    int soft = 0 ;
    sc->dbuf.len = 0 ;
    if (!mdv_room(&sc->dbuf, n)) { sc->stop = -1 ; return 0 ; }
    for (i = 0 ; i < n ; i++)
    {
      int h, l ;
      if (s[i] != '=') { sc->dbuf.s[sc->dbuf.len++] = s[i] ; continue ; }
      if (i + 1 >= n || s[i+1] == ' ' || s[i+1] == '\t' || s[i+1] == '\r') { soft = 1 ; break ; }
      h = hexval(s[i+1]) ;
      if (h < 0) continue ;
      l = i + 2 < n ? hexval(s[i+2]) : -1 ;
      if (l >= 0) { sc->dbuf.s[sc->dbuf.len++] = (char)(h << 4 | l) ; i += 2 ; }
      else i++ ;
    }
    if (!body_text(sc, sc->dbuf.s, sc->dbuf.len)) return 0 ;
    if (soft) return 1 ;
  }
  else if (convplain(sc) && plainbytes(s, n))
  {
    if (n && !plainline(sc, s, n)) return 0 ;
  }
  else if (!body_text(sc, s, n)) return 0 ;
  memcpy(sc->pend, term, nterm) ;
  sc->npend = nterm ;
  return 1 ;
}

/* the end of a part's text: what the converter held back comes out */
static int body_flush (scan *sc)
{
  if (!sc->convopen || sc->conv.kind != MDV_CICONV) return 1 ;
  sc->cbuf.len = 0 ;
  if (!mdv_conv_flush(&sc->conv, &sc->cbuf)) { sc->stop = -1 ; return 0 ; }
  return !sc->cbuf.len || out_put(sc, sc->cbuf.s, sc->cbuf.len, MDVIEW_BODY) ;
}

static void body_end (scan *sc)
{
  if (sc->convopen) mdv_conv_close(&sc->conv) ;
  sc->convopen = 0 ;
  sc->npend = 0 ;
  sc->bk = 0 ;
}

/* Entities */

static void ent_begin (scan *sc, int mime, int digest, int inmsg)
{
  sc->state = S_HDR ;
  sc->inmsg = inmsg ;
  sc->mime = mime ;
  sc->mimever = 0 ;
  sc->digest = digest ;
  sc->ctype.len = 0 ;
  sc->bparam.len = 0 ;
  sc->hasboundary = 0 ;
  sc->cparam.len = 0 ;
  sc->hascharset = 0 ;
  sc->cte = E_IDENT ;
  sc->hdr.len = 0 ;
  sc->havehdr = 0 ;
}

static int isws (char c)
{
  return c == ' ' || c == '\t' || c == '\n' ;
}

static void lower (char *s, size_t n)
{
  for (; n-- ; s++) if (*s >= 'A' && *s <= 'Z') *s += 32 ;
}

/* Look at the MIME headers, render the header; nl: the header's own
   line ending is part of it (not so before a boundary or at the end). */
static int hdr_flush (scan *sc, int nl, int mime)
{
  char const *h = sc->hdr.s ;
  size_t n = sc->hdr.len, v ;
  if (!sc->havehdr) return 1 ;
  sc->havehdr = 0 ;
  if (!mime) ;
  else if (mdv_hdr_is(h, n, "mime-version")) sc->mimever = 1 ;
  else if ((v = mdv_hdr_is(h, n, "content-type")))
  {
    size_t e ;
    while (v < n && isws(h[v])) v++ ;
    for (e = v ; e < n && h[e] != ';' && !isws(h[e]) ; e++) ;
    sc->ctype.len = 0 ;
    if (!stralloc_catb(&sc->ctype, h + v, e - v)) goto err ;
    lower(sc->ctype.s, sc->ctype.len) ;
    sc->hasboundary = mdv_param(h + e, n - e, "boundary", 0, &sc->bparam) ;
    sc->hascharset = mdv_param(h + e, n - e, "charset", 0, &sc->cparam) ;
  }
  else if ((v = mdv_hdr_is(h, n, "content-transfer-encoding")))
  {
    size_t e = n ;
    while (v < n && isws(h[v])) v++ ;
    while (e > v && isws(h[e-1])) e-- ;
    sc->cte = E_IDENT ;
    if (e - v == 16 && !strncasecmp(h + v, "quoted-printable", 16)) sc->cte = E_QP ;
    else if (e - v == 6 && !strncasecmp(h + v, "base64", 6)) sc->cte = E_B64 ;
  }
  if (sc->what & MDVIEW_HEADER)
  {
    if (nl && !sc->hdrnul && !stralloc_catb(&sc->hdr, "\n", 1)) goto err ;
    sc->rend.len = 0 ;
    if (!mdv_hdr_render(sc->hdr.s, sc->hdr.len, &sc->rend, &sc->tmp)) goto err ;
    if (!out_put(sc, sc->rend.s, sc->rend.len, MDVIEW_HEADER)) return 0 ;
  }
  sc->hdr.len = 0 ;
  return 1 ;
 err:
  sc->stop = -1 ;
  return 0 ;
}

/* The header is over: what is the body? */
static int ent_body (scan *sc)
{
  int mime = sc->mime || sc->mimever ;
  char const *t ;
  size_t tlen ;
  if (mime && sc->ctype.len) { t = sc->ctype.s ; tlen = sc->ctype.len ; }
  else if (mime && sc->digest) { t = "message/rfc822" ; tlen = 14 ; }
  else { t = "text/plain" ; tlen = 10 ; }
  sc->state = S_SKIP ;
  if (tlen >= 10 && !memcmp(t, "multipart/", 10))
  {
    if (!sc->hasboundary) return 1 ;
    if (sc->depth >= MAXDEPTH) return 1 ;
    sc->lv[sc->depth].off = sc->bnd.len ;
    sc->lv[sc->depth].len = sc->bparam.len ;
    sc->lv[sc->depth].digest = tlen == 16 && !memcmp(t + 10, "digest", 6) ;
    if (!stralloc_catb(&sc->bnd, sc->bparam.s, sc->bparam.len)) { sc->stop = -1 ; return 0 ; }
    sc->depth++ ;
    return 1 ;
  }
  if (tlen == 14 && !memcmp(t, "message/rfc822", 14))
  {
    ent_begin(sc, 0, 0, 1) ;
    return 1 ;
  }
  if (!(sc->what & MDVIEW_BODY)) return 1 ;
  if ((tlen >= 5 && !memcmp(t, "text/", 5)) || (tlen >= 8 && !memcmp(t, "message/", 8)))
  {
    char const *cs = "utf-8" ;
    if (mime && sc->hascharset)
    {
      if (!stralloc_0(&sc->cparam)) { sc->stop = -1 ; return 0 ; }
      sc->cparam.len-- ;
      cs = sc->cparam.s ;
    }
    /* as in the reference, an unknown charset ends the scan of bodies */
    if (!mdv_conv_open(&sc->conv, cs)) { sc->abort = 1 ; return 1 ; }
    sc->convopen = 1 ;
    sc->npend = 0 ;
    sc->bk = 0 ;
    sc->state = S_BODY ;
  }
  return 1 ;
}

/* A boundary line?  Returns the level + 1, or 0. */
static unsigned int boundary (scan *sc, char const *s, size_t n)
{
  unsigned int k = sc->depth ;
  if (n < 2 || s[0] != '-' || s[1] != '-') return 0 ;
  while (k--)
  {
    level const *l = sc->lv + k ;
    if (n - 2 >= l->len && !memcmp(s + 2, sc->bnd.s + l->off, l->len)) return k + 1 ;
  }
  return 0 ;
}

static int hdr_line (scan *sc, char const *s, size_t n)
{
  char const *z ;
  size_t i, start ;
  int blank = 1 ;
  for (i = 0 ; i < n ; i++) if (s[i] != '\r') { blank = 0 ; break ; }
  if (blank)
  {
    if (!hdr_flush(sc, 1, 1)) return 0 ;
    return ent_body(sc) ;
  }
  sc->lastcr = s[n-1] == '\r' ;
  /* as in the reference, a header line ends at a NUL, and so loses its
     newline */
  z = memchr(s, 0, n) ;
  if (z) n = z - s ;
  if (n && (s[0] == ' ' || s[0] == '\t') && sc->havehdr)
  {
    if (sc->hdr.len < MDV_LINEMAX && !stralloc_catb(&sc->hdr, "\n", 1)) goto err ;
  }
  else
  {
    if (!hdr_flush(sc, 1, 1)) return 0 ;
    sc->hdr.len = 0 ;
    sc->havehdr = 1 ;
  }
  sc->hdrnul = !!z ;
  /* copy without CRs, up to the cap */
  start = 0 ;
  for (i = 0 ; i <= n ; i++)
  {
    if (i < n && s[i] != '\r') continue ;
    if (i > start)
    {
      size_t k = i - start ;
      if (sc->hdr.len >= MDV_LINEMAX) break ;
      if (k > MDV_LINEMAX - sc->hdr.len) k = MDV_LINEMAX - sc->hdr.len ;
      if (!stralloc_catb(&sc->hdr, s + start, k)) goto err ;
    }
    start = i + 1 ;
  }
  return 1 ;
 err:
  sc->stop = -1 ;
  return 0 ;
}

static int run (scan *sc)
{
  for (;;)
  {
    char const *s ;
    size_t n ;
    unsigned int k ;
    int r ;
    if (!(sc->what & MDVIEW_BODY) && !sc->depth && sc->state != S_HDR) return 1 ;
    r = mdv_lr_next(&sc->lr, &s, &n) ;
    if (r < 0) { sc->stop = -1 ; return 0 ; }
    if (!r) break ;
    if (sc->abort) goto flush ;
    if (sc->depth && (k = boundary(sc, s, n)))
    {
      level const *l = sc->lv + k - 1 ;
      /* a part header cut by a boundary still gets its (empty) body
         looked at, which may meet an unknown charset */
      if (sc->state == S_HDR && (!hdr_flush(sc, 0, 0) || !ent_body(sc))) return 0 ;
      if (sc->abort) goto flush ;
      if (sc->state == S_BODY && sc->inmsg && sc->npend)
      {
        size_t k = sc->npend ;
        sc->npend = 0 ;
        if (!body_text(sc, sc->pend, k)) return 0 ;
      }
      if (sc->state == S_BODY && !body_flush(sc)) return 0 ;
      body_end(sc) ;
      sc->depth = k ;
      sc->bnd.len = l->off + l->len ;
      if (n - 2 - l->len >= 2 && s[2 + l->len] == '-' && s[3 + l->len] == '-') sc->state = S_SKIP ;
      else ent_begin(sc, 1, l->digest, 0) ;
      continue ;
    }
    switch (sc->state)
    {
      case S_HDR : if (!hdr_line(sc, s, n)) return 0 ; break ;
      case S_BODY : if (!body_line(sc, s, n)) return 0 ; break ;
      default : break ;
    }
  }
  if (sc->abort) goto flush ;
  if (sc->state == S_HDR)
  {
    /* No blank line: as in the reference, the last header is shown but
       not looked at for MIME (it never gets closed), Content-Type counts
       even without MIME-Version (that check is made at the blank line),
       and the last newline is the message's body. */
    if (!hdr_flush(sc, 0, 0)) return 0 ;
    sc->mimever = 1 ;
    if (!ent_body(sc)) return 0 ;
    if (sc->state == S_BODY && !sc->depth && !sc->inmsg && !body_line(sc, "\r", sc->lastcr)) return 0 ;
  }
  /* at the end of an unclosed part, the last newline goes as before a
     boundary */
  if (sc->state == S_BODY && sc->npend && (!sc->depth || sc->inmsg))
  {
    size_t k = sc->npend ;
    sc->npend = 0 ;
    if (!body_text(sc, sc->pend, k)) return 0 ;
  }
  if (sc->state == S_BODY && !body_flush(sc)) return 0 ;
  body_end(sc) ;
 flush:
  if (sc->line.len && !give(sc, sc->line.s, sc->line.len)) return 0 ;
  return 1 ;
}

int mdview_scan (msg const *m, unsigned int what, mdview_func *f, void *aux)
{
  scan sc ;
  /* all but the reader, whose 8 KiB buffer needs no clearing */
  memset(&sc, 0, offsetof(scan, lr)) ;
  memset((char *)&sc + offsetof(scan, lr) + sizeof(sc.lr), 0, sizeof(sc) - offsetof(scan, lr) - sizeof(sc.lr)) ;
  sc.what = what ;
  sc.f = f ;
  sc.aux = aux ;
  mdv_lr_init(&sc.lr, m, 0) ;
  ent_begin(&sc, 0, 0, 0) ;
  if (what & (MDVIEW_HEADER | MDVIEW_BODY)) run(&sc) ;
  body_end(&sc) ;
  mdv_lr_free(&sc.lr) ;
  stralloc_free(&sc.line) ;
  stralloc_free(&sc.hdr) ;
  stralloc_free(&sc.rend) ;
  stralloc_free(&sc.tmp) ;
  stralloc_free(&sc.ctype) ;
  stralloc_free(&sc.bparam) ;
  stralloc_free(&sc.cparam) ;
  stralloc_free(&sc.dbuf) ;
  stralloc_free(&sc.cbuf) ;
  stralloc_free(&sc.bnd) ;
  if (sc.stop < 0) { if (!errno) errno = ENOMEM ; return -1 ; }
  return sc.stop ;
}
