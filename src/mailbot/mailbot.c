/* ISC license. */

/* mailbot: answer a mail message with an autoreply, sent through a
   program (by default $SENDMAIL -f ''), at most once per sender and
   period with -d.  Command-line and output compatible with Courier's
   mailbot for the reply and replyall formats. */

#include <string.h>
#include <strings.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/stat.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/buffer.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include <skalibs/strerr.h>
#include <skalibs/djbunix.h>
#include <skalibs/types.h>
#include "mds-config.h"
#include "mb-internal.h"

#define USAGE "mailbot [ -t file | -m file ] [ -c charset ] [ -A 'Header: value' ] [ -s subject ] [ -S salutation ] [ -T reply|replyall|replydsn|forward|forwardatt|feedback|replyfeedback|replydraft ] [ -l maildir ] [ -M addr ] [ -R type ] [ -a ] [ -F separator ] [ --feedback-field value ] [ -N ] [ -e ] [ -r addr,... ] [ -d db [ -D days ] ] [ -f[addr] ] [ -n ] [ prog [ arg... ] ]"
#define dieusage() strerr_dieusage(75, USAGE)

extern char **environ ;

static char const *textfile = 0, *mimefile = 0, *charset = "UTF-8" ;
static char const *subject = 0, *salutation = "%F writes:", *type = "reply" ;
static char const *reqaddrs = 0, *dupdb = 0, *fromaddr = 0 ;
static char const *separator = "--- Forwarded message ---", *dsnaddr = 0 ;
static int attachall = 0 ;
static char const *fbtype = 0, *draftdir = 0 ;
static stralloc fbfields = STRALLOC_ZERO ;  /* "Name: value\n" lines, in order */

/* the --feedback-* options and the report fields they give */
static char const *const fbopts[][2] =
{
  { "original-envelope-id", "Original-Envelope-Id" },
  { "original-mail-from", "Original-Mail-From" },
  { "reporting-mta", "Reporting-Mta" },
  { "source-ip", "Source-Ip" },
  { "incidents", "Incidents" },
  { "authentication-results", "Authentication-Results" },
  { "original-rcpt-to", "Original-Rcpt-To" },
  { "reported-domain", "Reported-Domain" },
  { 0, 0 }
} ;
static unsigned int days = 1 ;
static int noquote = 0, preferr = 0, showonly = 0 ;
static genalloc addhdrs = GENALLOC_ZERO ;  /* char const * */

static stralloc out = STRALLOC_ZERO ;
static stralloc pool = STRALLOC_ZERO ;

static void cat (char const *s, size_t n)
{
  if (!stralloc_catb(&out, s, n)) dienomem() ;
}

static void cats (char const *s)
{
  cat(s, strlen(s)) ;
}

static int hdr (char const *name, int last, char const **v, size_t *n)
{
  return mb_header(name, last, v, n) ;
}

/* Precedence: junk/bulk/list, List-ID:, Auto-Submitted: other than "no",
   multipart/report: no autoreply */
static int suppressed (void)
{
  char const *v ;
  size_t n ;
  if (hdr("precedence", 0, &v, &n)
   && ((n >= 4 && !strncasecmp(v, "junk", 4)) || (n >= 4 && !strncasecmp(v, "bulk", 4))
    || (n >= 4 && !strncasecmp(v, "list", 4)))) return 1 ;
  if (hdr("list-id", 0, &v, &n)) return 1 ;
  {
    /* Auto-Submitted: compared as it is after the colon's white space,
       trailing spaces included */
    size_t i = 0 ;
    while (i < mb_hdrs.len)
    {
      char const *s = mb_hdrs.s + i ;
      char const *e = memchr(s, '\n', mb_hdrs.len - i) ;
      size_t len = e ? (size_t)(e - s) : mb_hdrs.len - i ;
      if (len >= 15 && !strncasecmp(s, "auto-submitted:", 15))
      {
        v = s + 15 ; n = len - 15 ;
        while (n && (*v == ' ' || *v == '\t')) { v++ ; n-- ; }
        if (n && !(n == 2 && !memcmp(v, "no", 2))) return 1 ;
        break ;
      }
      i += len + 1 ;
    }
  }
  if (hdr("content-type", 0, &v, &n) && n >= 17 && !strncasecmp(v, "multipart/report;", 17)) return 1 ;
  return 0 ;
}

/* the first address of a header value */
static int firstaddr (char const *v, size_t n, mbaddr *a)
{
  genalloc list = GENALLOC_ZERO ;
  int r = 0 ;
  mb_addrlist(&list, &pool, v, n) ;
  if (genalloc_len(mbaddr, &list))
  {
    *a = genalloc_s(mbaddr, &list)[0] ;
    r = 1 ;
  }
  genalloc_free(mbaddr, &list) ;
  return r ;
}

static int addrin (char const *want, size_t wlen, char const *hname)
{
  /* is want (case-insensitively) one of the addresses of every hname? */
  size_t nlen = strlen(hname), i = 0 ;
  while (i < mb_hdrs.len)
  {
    char const *s = mb_hdrs.s + i ;
    char const *e = memchr(s, '\n', mb_hdrs.len - i) ;
    size_t len = e ? (size_t)(e - s) : mb_hdrs.len - i ;
    if (len > nlen && s[nlen] == ':' && !strncasecmp(s, hname, nlen))
    {
      genalloc list = GENALLOC_ZERO ;
      mbaddr const *a ;
      size_t na ;
      mb_addrlist(&list, &pool, s + nlen + 1, len - nlen - 1) ;
      a = genalloc_s(mbaddr, &list) ; na = genalloc_len(mbaddr, &list) ;
      for (size_t j = 0 ; j < na ; j++)
        if (a[j].addrlen == wlen && !strncasecmp(pool.s + a[j].addr, want, wlen))
        {
          genalloc_free(mbaddr, &list) ;
          return 1 ;
        }
      genalloc_free(mbaddr, &list) ;
    }
    i += len + 1 ;
  }
  return 0 ;
}

/* -r: one of the listed addresses must be in To: or Cc: */
static int required (void)
{
  char const *p = reqaddrs ;
  for (;;)
  {
    char const *c = strchr(p, ',') ;
    size_t len = c ? (size_t)(c - p) : strlen(p) ;
    while (len && (*p == ' ' || *p == '\t')) { p++ ; len-- ; }
    while (len && (p[len-1] == ' ' || p[len-1] == '\t')) len-- ;
    if (len && (addrin(p, len, "to") || addrin(p, len, "cc"))) return 1 ;
    if (!c) return 0 ;
    p = c + 1 ;
  }
}

static void readfile (stralloc *sa, char const *file)
{
  if (!openslurpclose(sa, file)) strerr_diefusys(1, "read ", file) ;
}

static char const *skipsp (char const *p, char const *e)
{
  while (p < e && (*p == ' ' || *p == '\t' || *p == '\n')) p++ ;
  return p ;
}

static char const *num (char const *p, char const *e, int *v)
{
  char const *q = p ;
  *v = 0 ;
  while (p < e && *p >= '0' && *p <= '9') *v = *v * 10 + (*p++ - '0') ;
  return p > q ? p : 0 ;
}

/* an RFC 2822 date into a time_t; 0 if it cannot be read */
static int parsedate (char const *s, size_t n, time_t *t)
{
  static char const months[] = "janfebmaraprmayjunjulaugsepoctnovdec" ;
  char const *e = s + n, *p = memchr(s, ',', n) ;
  int d, y, hh, mm, ss = 0, off = 0, mon = -1 ;
  struct tm tm ;
  p = skipsp(p ? p + 1 : s, e) ;
  if (!(p = num(p, e, &d))) return 0 ;
  p = skipsp(p, e) ;
  if (e - p < 3) return 0 ;
  for (int i = 0 ; i < 12 ; i++) if (!strncasecmp(months + 3*i, p, 3)) mon = i ;
  if (mon < 0) return 0 ;
  while (p < e && *p != ' ' && *p != '\t') p++ ;
  p = skipsp(p, e) ;
  if (!(p = num(p, e, &y))) return 0 ;
  p = skipsp(p, e) ;
  if (!(p = num(p, e, &hh)) || p >= e || *p++ != ':' || !(p = num(p, e, &mm))) return 0 ;
  if (p < e && *p == ':' && !(p = num(p + 1, e, &ss))) return 0 ;
  p = skipsp(p, e) ;
  if (p < e && (*p == '+' || *p == '-'))
  {
    int z ;
    char const *q = num(p + 1, e, &z) ;
    if (q && q - p == 5) off = (*p == '-' ? -1 : 1) * ((z / 100) * 3600 + (z % 100) * 60) ;
  }
  if (y < 50) y += 2000 ; else if (y < 1000) y += 1900 ;
  memset(&tm, 0, sizeof tm) ;
  tm.tm_year = y - 1900 ; tm.tm_mon = mon ; tm.tm_mday = d ;
  tm.tm_hour = hh ; tm.tm_min = mm ; tm.tm_sec = ss ;
  *t = timegm(&tm) - off ;
  return 1 ;
}

static void putdate (char const *fmt)
{
  char const *v ;
  size_t n ;
  time_t t ;
  char buf[256] ;
  struct tm *tm ;
  size_t len ;
  if (!hdr("date", 0, &v, &n) || !parsedate(v, n, &t)) return ;
  tm = localtime(&t) ;
  if (!tm) return ;
  len = strftime(buf, sizeof buf, fmt, tm) ;
  cat(buf, len) ;
}

static void salute (mbaddr const *sender, int hassender)
{
  char const *p = salutation ;
  while (*p)
  {
    char const *v ;
    size_t n ;
    if (*p != '%') { cat(p++, 1) ; continue ; }
    p++ ;
    switch (*p)
    {
      case 0 : cat("%", 1) ; continue ;
      case 'n' : cat("\n", 1) ; break ;
      case 'C' : if (hdr("x-newsgroup", 0, &v, &n)) cat(v, n) ; break ;
      case 'N' : if (hdr("newsgroups", 0, &v, &n)) cat(v, n) ; break ;
      case 'i' : if (hdr("message-id", 0, &v, &n)) cat(v, n) ; break ;
      case 'f' : if (hassender) cat(pool.s + sender->addr, sender->addrlen) ; break ;
      case 'F' : if (hassender) cat(pool.s + sender->name, sender->namelen) ; break ;
      case 'd' : putdate("%a, %d %b %Y %H:%M:%S %z") ; break ;
      case '{' :
      {
        char const *e = strchr(p, '}') ;
        if (e && e[1] == 'd')
        {
          size_t len = e - p - 1 ;
          char fmt[len + 1] ;
          memcpy(fmt, p + 1, len) ; fmt[len] = 0 ;
          putdate(fmt) ;
          p = e + 1 ;
          break ;
        }
        cat(p, 1) ;
        break ;
      }
      default : cat(p, 1) ; break ;  /* %% and unknown: the character */
    }
    p++ ;
  }
}

/* one valid UTF-8 sequence at s[0..n): its length, or 0 */
static size_t utf8len (unsigned char const *s, size_t n)
{
  size_t len ;
  unsigned int c = s[0] ;
  if (c < 0x80) return 1 ;
  if (c >= 0xc2 && c <= 0xdf) len = 2 ;
  else if (c >= 0xe0 && c <= 0xef) len = 3 ;
  else if (c >= 0xf0 && c <= 0xf4) len = 4 ;
  else return 0 ;
  if (len > n) return 0 ;
  for (size_t i = 1 ; i < len ; i++) if ((s[i] & 0xc0) != 0x80) return 0 ;
  return len ;
}

/* the reference reads the original as UTF-8 whatever its charset, and
   drops what is not */
static void utf8only (stralloc *sa, char const *s, size_t n)
{
  size_t i = 0 ;
  while (i < n)
  {
    size_t l = utf8len((unsigned char const *)s + i, n - i) ;
    if (l) { if (!stralloc_catb(sa, s + i, l)) dienomem() ; i += l ; }
    else i++ ;
  }
}

/* One line of the original, quoted.  Like the reference, a line of up to
   104 bytes stays whole; a longer one is cut into flowed pieces (each but
   the last ends with a space) until what is left fits in 74 bytes: at the
   last space within the first 74 bytes, else (no such space) after
   104 - (the previous piece's length) bytes, but at least 73.  Pieces
   after the first are quoted with "> ".  (The reference cuts some lines
   with words of 40 bytes or more differently.) */
static void quoteline (char const *s, size_t len)
{
  int first = 1 ;
  size_t prev = 0 ;
  if (!len) { cats(">\n") ; return ; }
  for (;;)
  {
    size_t clen = len ;
    int flowed = 0 ;
    if (len > 104 || (!first && len > 74))
    {
      size_t j = 74 ;
      while (j-- && s[j] != ' ') ;
      clen = j < 74 ? j + 1 : prev < 31 ? 104 - prev : 73 ;
      flowed = 1 ;
    }
    cats(first && s[0] == '>' ? ">" : "> ") ;
    cat(s, clen) ;
    cats(flowed ? " \n" : "\n") ;
    if (!flowed) return ;
    s += clen ; len -= clen ; prev = clen ; first = 0 ;
  }
}

/* the original, quoted: "> " before each line, ">" before a line that is
   already quoted or empty; trailing spaces go; a last line without a
   newline is not quoted (as the reference) */
static void quote (void)
{
  stralloc text = STRALLOC_ZERO ;
  stralloc line = STRALLOC_ZERO ;
  size_t i = 0 ;
  if (!mb_hasbody) { cats(">\n") ; return ; }
  if (!mb_quotetext(&text)) return ;
  while (i < text.len)
  {
    char const *s = text.s + i ;
    char const *e = memchr(s, '\n', text.len - i) ;
    size_t len ;
    if (!e) break ;
    len = e - s ;
    i += len + 1 ;
    if (len && s[len-1] == '\r') len-- ;
    while (len && s[len-1] == ' ') len-- ;
    line.len = 0 ;
    utf8only(&line, s, len) ;
    quoteline(line.s, line.len) ;
  }
  stralloc_free(&line) ;
  stralloc_free(&text) ;
}

/* References: the original's references, then its Message-ID */
static void references (char const *msgid, size_t msgidlen)
{
  char const *v ;
  size_t n ;
  int first = 1 ;
  stralloc ids = STRALLOC_ZERO ;
  if (hdr("references", 0, &v, &n))
  {
    size_t i = 0 ;
    while (i < n)
    {
      char const *lt = memchr(v + i, '<', n - i) ;
      char const *gt ;
      if (!lt) break ;
      gt = memchr(lt, '>', v + n - lt) ;
      if (!gt) break ;
      if (!stralloc_catb(&ids, lt, gt - lt + 1) || !stralloc_0(&ids)) dienomem() ;
      i = gt - v + 1 ;
    }
  }
  if (msgid)
  {
    if (msgidlen && msgid[0] == '<') { if (!stralloc_catb(&ids, msgid, msgidlen)) dienomem() ; }
    else if (!stralloc_catb(&ids, "<", 1) || !stralloc_catb(&ids, msgid, msgidlen) || !stralloc_catb(&ids, ">", 1)) dienomem() ;
    if (!stralloc_0(&ids)) dienomem() ;
  }
  for (size_t i = 0 ; i < ids.len ; i += strlen(ids.s + i) + 1)
  {
    cats(first ? "References: " : "\n            ") ;
    cats(ids.s + i) ;
    first = 0 ;
  }
  if (!first) cats("\n") ;
  stralloc_free(&ids) ;
}

/* replyall: the To: and Cc: addresses, less the one we answer */
static void ccall (char const *to, size_t tolen)
{
  char const *names[2] = { "to", "cc" } ;
  int first = 1 ;
  for (unsigned int h = 0 ; h < 2 ; h++)
  {
    size_t nlen = strlen(names[h]), i = 0 ;
    while (i < mb_hdrs.len)
    {
      char const *s = mb_hdrs.s + i ;
      char const *e = memchr(s, '\n', mb_hdrs.len - i) ;
      size_t len = e ? (size_t)(e - s) : mb_hdrs.len - i ;
      if (len > nlen && s[nlen] == ':' && !strncasecmp(s, names[h], nlen))
      {
        genalloc list = GENALLOC_ZERO ;
        mbaddr const *a ;
        size_t na ;
        mb_addrlist(&list, &pool, s + nlen + 1, len - nlen - 1) ;
        a = genalloc_s(mbaddr, &list) ; na = genalloc_len(mbaddr, &list) ;
        for (size_t j = 0 ; j < na ; j++)
        {
          if (a[j].addrlen == tolen && !strncasecmp(pool.s + a[j].addr, to, tolen)) continue ;
          cats(first ? "Cc: " : ", ") ;
          cat(pool.s + a[j].text, a[j].textlen) ;
          first = 0 ;
        }
        genalloc_free(mbaddr, &list) ;
      }
      i += len + 1 ;
    }
  }
  if (!first) cats("\n") ;
}

/* the original, as the reference copies it in each case:
   ORIG_TEXT: line by line, CRs go, a last line without a newline is lost;
   ORIG_HEADERS: the same, up to the blank line;
   ORIG_LINES: the bytes of the complete lines;
   ORIG_RAW: all the bytes. */
#define ORIG_TEXT 0
#define ORIG_HEADERS 1
#define ORIG_LINES 2
#define ORIG_RAW 3
static void original (int how)
{
  size_t i = 0 ;
  int headersonly = how == ORIG_HEADERS ;
  if (how == ORIG_RAW) { cat(mb_raw.s, mb_raw.len) ; return ; }
  if (how == ORIG_LINES)
  {
    size_t end = mb_raw.len ;
    while (end && mb_raw.s[end - 1] != '\n') end-- ;
    cat(mb_raw.s, end) ;
    return ;
  }
  while (i < mb_raw.len)
  {
    char const *s = mb_raw.s + i ;
    char const *e = memchr(s, '\n', mb_raw.len - i) ;
    size_t len ;
    if (!e) break ;
    len = e - s ;
    i += len + 1 ;
    if (len && s[len-1] == '\r') len-- ;
    if (headersonly && !len) break ;
    cat(s, len) ;
    cats("\n") ;
  }
}

/* the last parts of a DSN, a feedback report or a draft reply: the
   original's headers, or all of it with -a, then the closing boundary */
static void attachoriginal (stralloc const *bnd, int all)
{
  if (all)
  {
    cats("\nContent-Type: message/rfc822\nContent-Disposition: attachment\n\n") ;
    original(ORIG_RAW) ;
  }
  else
  {
    cats("\nContent-Type: text/rfc822-headers; charset=\"utf-8\"\nContent-Disposition: attachment\nContent-Transfer-Encoding: 8bit\n\n") ;
    original(ORIG_HEADERS) ;
  }
  cats("\n--") ; cat(bnd->s, bnd->len) ; cats("--\n") ;
}

/* replydraft: the most recently modified message of the maildir (new/
   and cur/); 0 if there is none */
static int newestdraft (stralloc *sa, char const *dir)
{
  static char const *const subs[2] = { "/new", "/cur" } ;
  size_t dlen = strlen(dir) ;
  stralloc best = STRALLOC_ZERO ;
  struct timespec bt = { 0, 0 } ;
  int found = 0 ;
  for (unsigned int k = 0 ; k < 2 ; k++)
  {
    char path[dlen + 5] ;
    DIR *d ;
    memcpy(path, dir, dlen) ; memcpy(path + dlen, subs[k], 5) ;
    d = opendir(path) ;
    if (!d) continue ;
    for (;;)
    {
      struct dirent *de = readdir(d) ;
      struct stat st ;
      size_t nlen ;
      if (!de) break ;
      if (de->d_name[0] == '.') continue ;
      nlen = strlen(de->d_name) ;
      {
        char file[dlen + 5 + nlen + 1] ;
        memcpy(file, path, dlen + 4) ; file[dlen + 4] = '/' ;
        memcpy(file + dlen + 5, de->d_name, nlen + 1) ;
        if (stat(file, &st) < 0 || !S_ISREG(st.st_mode)) continue ;
        if (found && (st.st_mtim.tv_sec < bt.tv_sec || (st.st_mtim.tv_sec == bt.tv_sec && st.st_mtim.tv_nsec <= bt.tv_nsec))) continue ;
        bt = st.st_mtim ;
        best.len = 0 ;
        if (!stralloc_cats(&best, file) || !stralloc_0(&best)) dienomem() ;
        found = 1 ;
      }
    }
    closedir(d) ;
  }
  if (found && !openslurpclose(sa, best.s)) strerr_diefusys(75, "read ", best.s) ;
  stralloc_free(&best) ;
  return found ;
}

/* a MIME boundary as the reference makes them: =_host-pid-time-0001 */
static void mkboundary (stralloc *sa)
{
  char fmt[UINT64_FMT] ;
  if (!stralloc_cats(sa, "=_") || sagethostname(sa) < 0
   || !stralloc_catb(sa, "-", 1) || !stralloc_catb(sa, fmt, uint64_fmt(fmt, (uint64_t)getpid()))
   || !stralloc_catb(sa, "-", 1) || !stralloc_catb(sa, fmt, uint64_fmt(fmt, (uint64_t)time(0)))
   || !stralloc_cats(sa, "-0001")) dienomem() ;
}

static void splitargs (genalloc *g, char const *s)
{
  /* a program with its arguments, split on white space */
  char *copy = strdup(s) ;
  char *p = copy ;
  if (!copy) dienomem() ;
  for (;;)
  {
    while (*p == ' ' || *p == '\t') *p++ = 0 ;
    if (!*p) break ;
    {
      char const *w = p ;
      if (!genalloc_append(char const *, g, &w)) dienomem() ;
    }
    while (*p && *p != ' ' && *p != '\t') p++ ;
  }
}

int main (int argc, char const *const *argv)
{
  char const *const *prog = 0 ;
  mbaddr replyto, sender ;
  int hassender = 0 ;
  char const *tov ;
  size_t tolen ;
  int forward, dsn, feedback, draft ;
  stralloc draftmsg = STRALLOC_ZERO ;
  PROG = "mailbot" ;

  {
    int i ;
    for (i = 1 ; i < argc ; i++)
    {
      char const *a = argv[i] ;
      char const *v ;
      if (a[0] != '-' || !a[1]) break ;
      if (!strcmp(a, "--")) { i++ ; break ; }
      if (!strncmp(a, "--feedback-", 11))
      {
        unsigned int k = 0 ;
        while (fbopts[k][0] && strcmp(a + 11, fbopts[k][0])) k++ ;
        if (!fbopts[k][0]) dieusage() ;
        if (++i >= argc) break ;
        if (!stralloc_cats(&fbfields, fbopts[k][1]) || !stralloc_catb(&fbfields, ": ", 2)
         || !stralloc_cats(&fbfields, argv[i]) || !stralloc_catb(&fbfields, "\n", 1)) dienomem() ;
        continue ;
      }
      v = a[2] ? a + 2 : 0 ;
      switch (a[1])
      {
        case 'e' : preferr = 1 ; continue ;
        case 'N' : noquote = 1 ; continue ;
        case 'n' : showonly = 1 ; continue ;
        case 'a' : attachall = 1 ; continue ;
        case 'f' : fromaddr = v ? v : getenv("SENDER") ; if (!fromaddr) fromaddr = "" ; continue ;
        default : break ;
      }
      if (!strchr("tmcrTFSdDsAMRl", a[1])) dieusage() ;
      if (!v)
      {
        if (++i >= argc) break ;  /* as the reference: ignored */
        v = argv[i] ;
      }
      switch (a[1])
      {
        case 't' : textfile = v ; break ;
        case 'm' : mimefile = v ; break ;
        case 'c' : charset = v ; break ;
        case 'r' : reqaddrs = v ; break ;
        case 'T' : type = v ; break ;
        case 'F' : separator = v ; break ;
        case 'S' : salutation = v ; break ;
        case 'd' : dupdb = v ; break ;
        case 'D' : days = (unsigned int)atoi(v) ; break ;
        case 's' : subject = v ; break ;
        case 'A' : if (!genalloc_append(char const *, &addhdrs, &v)) dienomem() ; break ;
        case 'M' : dsnaddr = v ; type = "replydsn" ; break ;
        case 'R' : fbtype = v ; break ;
        case 'l' : draftdir = v ; break ;
        default : dieusage() ;
      }
    }
    if (i < argc) prog = argv + i ;
  }
  draft = !strcmp(type, "replydraft") ;
  if (draft ? !draftdir : !textfile && !mimefile) dieusage() ;
  feedback = !strcmp(type, "feedback") ? 1 : !strcmp(type, "replyfeedback") ? 2 : 0 ;
  forward = !strcmp(type, "forward") ? 1 : !strcmp(type, "forwardatt") ? 2 : 0 ;
  /* as the reference: without -M, replydsn is a plain reply */
  dsn = !forward && dsnaddr && !strcmp(type, "replydsn") ;

  mb_readmsg() ;
  if (suppressed()) return 0 ;

  /* who gets the reply: Reply-To or From, or with -e the last Errors-To
     or Return-Path; the header's text is used as it is */
  {
    char const *v ;
    size_t n ;
    int got = 0 ;
    if (preferr)
    {
      /* the last of the two, in message order */
      size_t i = 0 ;
      while (i < mb_hdrs.len)
      {
        char const *s = mb_hdrs.s + i ;
        char const *e = memchr(s, '\n', mb_hdrs.len - i) ;
        size_t len = e ? (size_t)(e - s) : mb_hdrs.len - i ;
        size_t nl = 0 ;
        if (len > 10 && !strncasecmp(s, "errors-to:", 10)) nl = 10 ;
        else if (len > 12 && !strncasecmp(s, "return-path:", 12)) nl = 12 ;
        if (nl)
        {
          tov = s + nl ; tolen = len - nl ;
          while (tolen && (*tov == ' ' || *tov == '\t')) { tov++ ; tolen-- ; }
          while (tolen && (tov[tolen-1] == ' ' || tov[tolen-1] == '\t')) tolen-- ;
          got = 1 ;
        }
        i += len + 1 ;
      }
    }
    if (!got)
    {
      if (hdr("reply-to", 1, &v, &n) || hdr("from", 1, &v, &n)) { tov = v ; tolen = n ; got = 1 ; }
    }
    if (!got || !firstaddr(tov, tolen, &replyto)) return 0 ;
    if (hdr("from", 1, &v, &n)) hassender = firstaddr(v, n, &sender) ;
  }

  if (reqaddrs && !required()) return 0 ;
  if (draft && !newestdraft(&draftmsg, draftdir)) return 0 ;

  if (dupdb)
  {
    /* the key is -f's address, else the Reply-To/From address */
    char const *key ;
    stralloc k = STRALLOC_ZERO ;
    if (fromaddr) key = fromaddr ;
    else
    {
      char const *v ; size_t n ; mbaddr a ;
      if ((hdr("reply-to", 1, &v, &n) || hdr("from", 1, &v, &n)) && firstaddr(v, n, &a))
      {
        if (!stralloc_catb(&k, pool.s + a.addr, a.addrlen) || !stralloc_0(&k)) dienomem() ;
      }
      else if (!stralloc_0(&k)) dienomem() ;
      key = k.s ;
    }
    if (!mb_dupcheck(dupdb, key, days)) return 0 ;
    stralloc_free(&k) ;
  }

  /* the reply */
  {
    stralloc text = STRALLOC_ZERO ;
    stralloc parthdr = STRALLOC_ZERO ;  /* the text part's own headers */
    stralloc bnd = STRALLOC_ZERO ;
    char const *v ;
    size_t n ;
    char const *msgid = 0 ;
    size_t msgidlen = 0 ;

    /* the text part's headers and text */
    if (draft)
    {
      /* the draft's Content-* headers, and its body as it is */
      size_t i = 0 ;
      int keep = 0 ;
      while (i < draftmsg.len)
      {
        char const *p = draftmsg.s + i ;
        char const *e = memchr(p, '\n', draftmsg.len - i) ;
        size_t len = e ? (size_t)(e - p) : draftmsg.len - i ;
        i += len + 1 ;
        if (!len) break ;
        if (p[0] != ' ' && p[0] != '\t') keep = len >= 8 && !strncasecmp(p, "content-", 8) ;
        if (keep && (!stralloc_catb(&parthdr, p, len) || !stralloc_catb(&parthdr, "\n", 1))) dienomem() ;
      }
      if (i > draftmsg.len) i = draftmsg.len ;
      if (!stralloc_catb(&text, draftmsg.s + i, draftmsg.len - i)) dienomem() ;
    }
    else if (mimefile)
    {
      /* the file's own headers, less its Content-Transfer-Encoding */
      size_t i = 0 ;
      readfile(&text, mimefile) ;
      while (i < text.len)
      {
        char const *p = text.s + i ;
        char const *e = memchr(p, '\n', text.len - i) ;
        size_t len = e ? (size_t)(e - p) : text.len - i ;
        i += len + 1 ;
        if (!len) break ;
        if (!(len >= 26 && !strncasecmp(p, "content-transfer-encoding:", 26))
         || (p[0] == ' ' || p[0] == '\t'))
        {
          if (!stralloc_catb(&parthdr, p, len) || !stralloc_catb(&parthdr, "\n", 1)) dienomem() ;
        }
      }
      if (i > text.len) i = text.len ;
      memmove(text.s, text.s + i, text.len - i) ;
      text.len -= i ;
    }
    else
    {
      readfile(&text, textfile) ;
      if (!stralloc_cats(&parthdr, "Content-Type: text/plain; format=flowed; delsp=yes; charset=\"")
       || !stralloc_cats(&parthdr, charset) || !stralloc_cats(&parthdr, "\"\n")) dienomem() ;
    }
    if (!draft && !stralloc_cats(&parthdr, "Content-Transfer-Encoding: 8bit\n")) dienomem() ;
    if (forward == 2 || dsn || feedback || draft) mkboundary(&bnd) ;

    for (size_t j = 0 ; j < genalloc_len(char const *, &addhdrs) ; j++)
    {
      cats(genalloc_s(char const *, &addhdrs)[j]) ;
      cats("\n") ;
    }
    cats("Precedence: junk\nAuto-Submitted: auto-replied\n") ;
    if (!forward)
    {
      if (feedback != 1)
      {
        cats("To: ") ;
        cat(tov, tolen) ;
        cats("\n") ;
      }
      if (!strcmp(type, "replyall"))
      {
        char to[replyto.addrlen + 1] ;  /* the pool moves as it grows */
        memcpy(to, pool.s + replyto.addr, replyto.addrlen) ;
        ccall(to, replyto.addrlen) ;
      }
      if (hdr("message-id", 0, &v, &n)) { msgid = v ; msgidlen = n ; }
      references(msgid, msgidlen) ;
      if (msgid) { cats("In-Reply-To: ") ; cat(msgid, msgidlen) ; cats("\n") ; }
    }
    cats("Subject: ") ;
    if (subject) cats(subject) ;
    else if (feedback) { if (hdr("subject", 0, &v, &n)) cat(v, n) ; }
    else if (hdr("subject", 0, &v, &n))
    {
      if (!forward) cats("Re: ") ;
      mb_coresubj(&out, v, n) ;
      if (forward) cats(" (fwd)") ;
    }
    cats(draft ? "\n" : "\nMime-Version: 1.0\n") ;

    if (forward == 2 || dsn || feedback || draft)
    {
      cats(dsn ? "Content-Type: multipart/report; report-type=delivery-status;\n    boundary=\""
        : feedback ? "Content-Type: multipart/report; report-type=feedback-report;\n    boundary=\""
        : "Content-Type: multipart/mixed; boundary=\"") ;
      cat(bnd.s, bnd.len) ;
      cats("\"\n\nThis is a MIME-formatted message.  If you see this text it means that your\nE-mail software does not support MIME-formatted messages.\n\n--") ;
      cat(bnd.s, bnd.len) ;
      cats("\n") ;
    }
    cat(parthdr.s, parthdr.len) ;
    cats("\n") ;
    if (!noquote && !forward && !draft)
    {
      salute(&sender, hassender) ;
      cats("\n\n") ;
      quote() ;
      cats("\n") ;
    }
    cat(text.s, text.len) ;
    cats(draft ? "" : "\n\n") ;
    if (forward)
    {
      cats(separator) ;
      cats("\n") ;
      if (forward == 1) original(ORIG_TEXT) ;
      else
      {
        cats("\n--") ; cat(bnd.s, bnd.len) ;
        cats("\nContent-Type: message/rfc822\nContent-Description: Forwarded message\n\n") ;
        original(ORIG_LINES) ;
        cats("\n--") ; cat(bnd.s, bnd.len) ; cats("--\n") ;
      }
    }
    else if (draft)
    {
      cats("\n--") ;
      cat(bnd.s, bnd.len) ;
      attachoriginal(&bnd, 0) ;  /* the reference ignores -a here */
    }
    else if (dsn || feedback)
    {
      cats("\n--") ; cat(bnd.s, bnd.len) ;
      cats(dsn ? "\nContent-Type: message/delivery-status\nContent-Transfer-Encoding: 7bit\n\nArrival-Date: "
        : "\nContent-Type: message/feedback-report\nContent-Transfer-Encoding: 7bit\n\nArrival-Date: ") ;
      {
        char buf[64] ;
        time_t now = time(0) ;
        struct tm *tm = localtime(&now) ;
        cat(buf, tm ? strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S %z", tm) : 0) ;
      }
      if (dsn)
      {
        cats("\n\nFinal-Recipient: rfc822; ") ;
        cats(dsnaddr) ;
        cats("\nAction: delivered\nStatus: 2.0.0\n") ;
      }
      else
      {
        /* as the reference: the fields only with -R, and no Feedback-Type */
        cats("\nUser-Agent: librfc2045 maildrop/2.9.3\nVersion: 1\n") ;
        if (fbtype) cat(fbfields.s, fbfields.len) ;
      }
      cats("\n--") ;
      cat(bnd.s, bnd.len) ;
      attachoriginal(&bnd, attachall) ;
    }
    stralloc_free(&bnd) ;
    stralloc_free(&parthdr) ;
    stralloc_free(&text) ;
  }

  if (showonly)
  {
    if (buffer_putflush(buffer_1, out.s, out.len) < 0) strerr_diefu(75, "write to stdout") ;
    return 0 ;
  }

  {
    genalloc args = GENALLOC_ZERO ;  /* char const * */
    char const *nul = 0 ;
    pid_t pid ;
    int fd, wstat ;
    if (!prog)
    {
      char const *sm = getenv("SENDMAIL") ;
      char const *f = "-f", *empty = "" ;
      splitargs(&args, sm && *sm ? sm : MDS_SENDMAIL) ;
      if (!genalloc_append(char const *, &args, &f) || !genalloc_append(char const *, &args, &empty)) dienomem() ;
    }
    else for (; *prog ; prog++) if (!genalloc_append(char const *, &args, prog)) dienomem() ;
    if (!genalloc_append(char const *, &args, &nul)) dienomem() ;
    {
      char const *const *av = genalloc_s(char const *, &args) ;
      pid = child_spawn1_pipe(av[0], av, (char const *const *)environ, &fd, 0) ;
      if (!pid) strerr_diefusys(75, "spawn ", av[0]) ;
    }
    if (allwrite(fd, out.s, out.len) < out.len) strerr_warnwusys("write to the mailer") ;
    fd_close(fd) ;
    if (wait_pid(pid, &wstat) < 0) strerr_diefusys(75, "wait for the mailer") ;
    return wait_estatus(wstat) ;
  }
}
