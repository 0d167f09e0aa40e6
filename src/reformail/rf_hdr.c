/* ISC license. */

/* One message: read the header, edit it, write it (or extract from it),
   then copy the body line by line.  Only the header is held in memory.

   How each header is treated, in this order (the reference's precedence):
   -i renames it to Old-<header> and it goes on with the new name;
   -I drops it; -R renames it (first matching -R wins); -u keeps only the
   first one matching each -u; -U holds back the last one matching each
   -U, to be written after everything else.  A header written in place
   cancels an -a of the same name (with its name before -R).  At the end
   of the header come the -a, -A, -i and -I headers, -f0's Return-Path,
   then the held -U headers in message order. */

#include <string.h>
#include <time.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include <skalibs/strerr.h>
#include "rf-internal.h"

rfopts rf_opts = RFOPTS_ZERO ;
char const *rf_msgid = 0 ;

static stralloc hbuf = STRALLOC_ZERO ;   /* all header bytes */
static genalloc out = GENALLOC_ZERO ;    /* rfhdr: written in place */
static genalloc held = GENALLOC_ZERO ;   /* rfhdr: -U, pos in hbuf */
static stralloc acancel = STRALLOC_ZERO ; /* one byte per -a */
static stralloc sender = STRALLOC_ZERO ; /* for -f1 */
static int senderset = 0 ;
static stralloc line = STRALLOC_ZERO ;
static stralloc tmp = STRALLOC_ZERO ;
static stralloc msgidsa = STRALLOC_ZERO ;

#define NOPT(g) genalloc_len(char const *, &rf_opts.g)
#define OPT(g, k) genalloc_s(char const *, &rf_opts.g)[k]

/* The name of a header: up to and including the first colon, or all of
   it when there is no colon. */
size_t rf_namelen (char const *s, size_t n)
{
  char const *p = memchr(s, ':', n) ;
  return p ? (size_t)(p - s) + 1 : n ;
}

/* An option names a header when it starts with that header's name,
   case-insensitively: "S: 1" names "S: 2", "bad line:" names "bad line". */
int rf_match (char const *s, size_t n, char const *opt)
{
  size_t len = rf_namelen(s, n) ;
  return strlen(opt) >= len && !strncasecmp(s, opt, len) ;
}


static int isws (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ;
}

/* -c: every line break and the white space after it become one space */
void rf_catenate (stralloc *sa, char const *s, size_t n)
{
  for (size_t i = 0 ; i < n ; i++)
  {
    if (s[i] == '\n')
    {
      while (i + 1 < n && isws(s[i+1])) i++ ;
      if (!stralloc_catb(sa, " ", 1)) dienomem() ;
    }
    else if (!stralloc_catb(sa, s + i, 1)) dienomem() ;
  }
}

static int firstmatch (genalloc const *g, char const *s, size_t n)
{
  size_t len = genalloc_len(char const *, g) ;
  char const *const *v = genalloc_s(char const *, g) ;
  for (size_t k = 0 ; k < len ; k++)
    if (rf_match(s, n, v[k])) return (int)k ;
  return -1 ;
}

static int isempty (char const *opt)
{
  char const *p = strchr(opt, ':') ;
  return p && !p[1] ;
}

static void emit (size_t pos, size_t len)
{
  rfhdr h = { .pos = pos, .len = len } ;
  if (!genalloc_append(rfhdr, &out, &h)) dienomem() ;
}

static size_t store (char const *s, size_t n)
{
  size_t pos = hbuf.len ;
  if (!stralloc_catb(&hbuf, s, n)) dienomem() ;
  return pos ;
}

static void cancel (char const *s, size_t n)
{
  for (size_t k = 0 ; k < NOPT(a) ; k++)
    if (rf_match(s, n, OPT(a, k))) acancel.s[k] = 1 ;
}

/* the -f1 sender, from the headers as they came */
static void note_sender (char const *s, size_t n)
{
  size_t len = rf_namelen(s, n) ;
  int strong ;
  if (len == 10 && !strncasecmp(s, "errors-to:", 10)) strong = 1 ;
  else if (len == 12 && !strncasecmp(s, "return-path:", 12)) strong = 1 ;
  else if (len == 5 && !strncasecmp(s, "from:", 5)) strong = 0 ;
  else return ;
  if (!strong && senderset) return ;
  sender.len = 0 ;
  rf_addr_header(&sender, s + len, n - len) ;
  senderset = 1 ;
}

/* -R: the header renamed by the first matching -R, or as it is */
static void renamed (size_t *pos, size_t *len)
{
  int k = firstmatch(&rf_opts.Rold, hbuf.s + *pos, *len) ;
  if (k >= 0)
  {
    char const *old = OPT(Rold, k) ;
    char const *new = OPT(Rnew, k) ;
    size_t nl = rf_namelen(hbuf.s + *pos, *len) ;
    /* what the reference writes: the rest of the -R argument after the
       header's name, the new name, then the rest of the header */
    tmp.len = 0 ;
    if (!stralloc_cats(&tmp, old + nl) || !stralloc_cats(&tmp, new)
     || !stralloc_catb(&tmp, hbuf.s + *pos + nl, *len - nl)) dienomem() ;
    *pos = store(tmp.s, tmp.len) ;
    *len = tmp.len ;
  }
}

static int inlist (genalloc const *g, char const *opt)
{
  size_t n = genalloc_len(rfhdr, g) ;
  rfhdr const *h = genalloc_s(rfhdr, g) ;
  for (size_t j = 0 ; j < n ; j++)
    if (rf_match(hbuf.s + h[j].pos, h[j].len, opt)) return (int)j ;
  return -1 ;
}

/* one header, at hbuf[pos..pos+len) */
static void header (size_t pos, size_t len)
{
  int k ;
  note_sender(hbuf.s + pos, len) ;
  if (firstmatch(&rf_opts.i, hbuf.s + pos, len) >= 0)
  {
    size_t npos = store("Old-", 4) ;
    if (!stralloc_readyplus(&hbuf, len)) dienomem() ;
    store(hbuf.s + pos, len) ;
    pos = npos ; len += 4 ;
  }
  if (firstmatch(&rf_opts.I, hbuf.s + pos, len) >= 0) return ;
  k = firstmatch(&rf_opts.u, hbuf.s + pos, len) ;
  if (k >= 0)
  {
    /* -u looks at what was already written, renamed or not */
    if (inlist(&out, OPT(u, k)) >= 0) return ;
  }
  else
  {
    k = firstmatch(&rf_opts.U, hbuf.s + pos, len) ;
    if (k >= 0)
    {
      /* -U: held back, replacing the held one it names, if any */
      rfhdr nh = { .pos = pos, .len = len } ;
      int j = inlist(&held, OPT(U, k)) ;
      if (j >= 0)
      {
        size_t n = genalloc_len(rfhdr, &held) ;
        rfhdr *h = genalloc_s(rfhdr, &held) ;
        memmove(h + j, h + j + 1, (n - j - 1) * sizeof(rfhdr)) ;
        genalloc_setlen(rfhdr, &held, n - 1) ;
      }
      renamed(&nh.pos, &nh.len) ;
      if (!genalloc_append(rfhdr, &held, &nh)) dienomem() ;
      return ;
    }
  }
  cancel(hbuf.s + pos, len) ;
  renamed(&pos, &len) ;
  emit(pos, len) ;
}

/* reads the rest of a header whose first line is in line; 1 if the
   reader is at EOF afterwards */
static size_t readheader (size_t *len)
{
  size_t pos = store(line.s, line.len) ;
  for (;;)
  {
    int r = rf_getline(&line) ;
    if (r < 0) strerr_diefu(1, "read from stdin") ;
    if (!r) break ;
    if (line.len && (line.s[0] == ' ' || line.s[0] == '\t'))
    {
      store("\n", 1) ;
      store(line.s, line.len) ;
      continue ;
    }
    rf_ungetline(&line) ;
    break ;
  }
  *len = hbuf.len - pos ;
  return pos ;
}

static void append_opt (char const *opt, int genid)
{
  size_t pos ;
  tmp.len = 0 ;
  if (!stralloc_cats(&tmp, opt)) dienomem() ;
  if (genid && isempty(opt) && strlen(opt) == 11 && !strncasecmp(opt, "message-id:", 11))
  {
    if (!msgidsa.len) rf_newmsgid(&msgidsa) ;
    if (!stralloc_catb(&tmp, " ", 1) || !stralloc_catb(&tmp, msgidsa.s, msgidsa.len)) dienomem() ;
  }
  pos = store(tmp.s, tmp.len) ;
  emit(pos, tmp.len) ;
}

static void putheader (char const *s, size_t n)
{
  if (rf_opts.cat)
  {
    tmp.len = 0 ;
    rf_catenate(&tmp, s, n) ;
    rf_putline(tmp.s, tmp.len) ;
  }
  else rf_putline(s, n) ;
}

static void extract (char const *s, size_t n)
{
  size_t nl ;
  int full = 0 ;
  if (firstmatch(&rf_opts.x, s, n) < 0)
  {
    if (firstmatch(&rf_opts.X, s, n) < 0) return ;
    full = 1 ;
  }
  tmp.len = 0 ;
  nl = rf_namelen(s, n) ;
  if (full) rf_catenate(&tmp, s, n) ;
  else
  {
    size_t i = nl ;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')) i++ ;
    rf_catenate(&tmp, s + i, n - i) ;
  }
  rf_putline(tmp.s, tmp.len) ;
}

static void fromline (void)
{
  char buf[32] ;
  time_t now = time(0) ;
  struct tm *tm = localtime(&now) ;
  size_t len = tm ? strftime(buf, sizeof buf, "%a %b %e %H:%M:%S %Y", tm) : 0 ;
  rf_puts("From ") ;
  if (sender.len) rf_put(sender.s, sender.len) ; else rf_puts("root") ;
  rf_puts(" ") ;
  rf_putline(buf, len) ;
}

static void reset (void)
{
  hbuf.len = 0 ;
  genalloc_setlen(rfhdr, &out, 0) ;
  genalloc_setlen(rfhdr, &held, 0) ;
  if (!stralloc_ready(&acancel, NOPT(a))) dienomem() ;
  memset(acancel.s, 0, NOPT(a)) ;
  sender.len = 0 ; senderset = 0 ;
  msgidsa.len = 0 ;
}

int rf_message (void)
{
  size_t pos, len ;
  int r, needfrom = 0, body = 0 ;
  reset() ;

  for (;;)  /* leading blank lines go */
  {
    r = rf_getline(&line) ;
    if (r < 0) strerr_diefu(1, "read from stdin") ;
    if (!r) return 0 ;
    if (line.len) break ;
  }

  pos = readheader(&len) ;
  if (len >= 5 && !memcmp(hbuf.s + pos, "From ", 5))
  {
    if (!rf_opts.fmode)
    {
      /* -f0: the From_ line becomes a Return-Path, added as by -I */
      char const *nl = memchr(hbuf.s + pos, '\n', len) ;
      char *rp ;
      tmp.len = 0 ;
      if (!stralloc_cats(&tmp, "Return-Path: <")) dienomem() ;
      rf_addr_fromline(&tmp, hbuf.s + pos, nl ? (size_t)(nl - hbuf.s - pos) : len) ;
      if (!stralloc_catb(&tmp, ">", 2)) dienomem() ;
      rp = strdup(tmp.s) ;
      if (!rp || !genalloc_append(char const *, &rf_opts.I, (char const **)&rp)) dienomem() ;
      if (nl)  /* its continuation lines stay, as a header of their own */
      {
        size_t skip = nl + 1 - (hbuf.s + pos) ;
        header(pos + skip, len - skip) ;
      }
      else
      {
        r = rf_getline(&line) ;
        if (r < 0) strerr_diefu(1, "read from stdin") ;
        if (!r) return 1 ;  /* the reference writes nothing at all here */
        if (!line.len)
        {
          /* The reference reads one header too many after the blank
             line: that line and its continuations are lost. */
          body = 1 ;
          r = rf_getline(&line) ;
          if (r < 0) strerr_diefu(1, "read from stdin") ;
          if (r && line.len && (line.s[0] == ' ' || line.s[0] == '\t'))
            do r = rf_getline(&line) ;
            while (r > 0 && line.len && (line.s[0] == ' ' || line.s[0] == '\t')) ;
          if (r < 0) strerr_diefu(1, "read from stdin") ;
          goto endheader ;
        }
        pos = readheader(&len) ;
        header(pos, len) ;
      }
    }
    else header(pos, len) ;
  }
  else
  {
    if (rf_opts.fmode == 1) needfrom = 1 ;
    header(pos, len) ;
  }

  for (;;)
  {
    r = rf_getline(&line) ;
    if (r < 0) strerr_diefu(1, "read from stdin") ;
    if (!r) break ;
    if (!line.len) { body = 1 ; break ; }
    pos = readheader(&len) ;
    header(pos, len) ;
  }

 endheader:
  for (size_t k = 0 ; k < NOPT(a) ; k++)
    if (!acancel.s[k]) append_opt(OPT(a, k), 1) ;
  for (size_t k = 0 ; k < NOPT(A) ; k++) append_opt(OPT(A, k), 1) ;
  for (size_t k = 0 ; k < NOPT(i) ; k++)
    if (!isempty(OPT(i, k))) append_opt(OPT(i, k), 0) ;
  for (size_t k = 0 ; k < NOPT(I) ; k++)
    if (!isempty(OPT(I, k))) append_opt(OPT(I, k), 0) ;
  {
    size_t n = genalloc_len(rfhdr, &held) ;
    rfhdr const *h = genalloc_s(rfhdr, &held) ;
    for (size_t j = 0 ; j < n ; j++) emit(h[j].pos, h[j].len) ;
  }

  {
    size_t n = genalloc_len(rfhdr, &out) ;
    rfhdr const *h = genalloc_s(rfhdr, &out) ;
    if (rf_opts.duplen)
    {
      rf_msgid = 0 ;
      for (size_t j = 0 ; j < n ; j++)
      {
        char const *s = hbuf.s + h[j].pos ;
        size_t l = h[j].len, nl = rf_namelen(s, l) ;
        if (nl == 11 && !strncasecmp(s, "message-id:", 11))
        {
          size_t b = nl, e = l ;
          while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\n' || s[b] == '\r')) b++ ;
          while (e > b && (s[e-1] == ' ' || s[e-1] == '\t' || s[e-1] == '\n' || s[e-1] == '\r')) e-- ;
          if (e > b)
          {
            msgidsa.len = 0 ;
            if (!stralloc_catb(&msgidsa, s + b, e - b) || !stralloc_0(&msgidsa)) dienomem() ;
            rf_msgid = msgidsa.s ;
          }
          break ;
        }
      }
      return 1 ;
    }
    if (rf_opts.xmode)
    {
      for (size_t j = 0 ; j < n ; j++) extract(hbuf.s + h[j].pos, h[j].len) ;
      return 1 ;
    }
    if (needfrom) fromline() ;
    for (size_t j = 0 ; j < n ; j++) putheader(hbuf.s + h[j].pos, h[j].len) ;
  }
  rf_puts(rf_eol()) ;

  if (body) for (;;)
  {
    r = rf_getline(&line) ;
    if (r < 0) strerr_diefu(1, "read from stdin") ;
    if (!r) break ;
    rf_putline(line.s, line.len) ;
  }
  return 1 ;
}
