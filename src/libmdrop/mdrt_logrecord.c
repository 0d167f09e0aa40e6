/* ISC license. */

/* The delivery record (LOG-03..LOG-06), byte for byte as the reference:
     Date: <ctime>\nFrom: <72>\nSubj: <72>\n<File: |!Err: ><field 72>\n\n
   From and Subj come from the raw header lines: "from:"/"subject:" in any
   case, blanks after the colon skipped, the rest of the physical line
   (a CR stays), repeated headers joined with nothing, cut at 72 bytes.
   The header ends only at a bare "\n" line, so a CRLF message is scanned
   to its end (LOG-04's CRLF quirk). */

#include <string.h>
#include <strings.h>
#include <time.h>
#include <skalibs/stralloc.h>
#include <skalibs/types.h>
#include "mdrt.h"
#include "mdrtctl.h"

#define FIELDMAX 72

static void addfield (stralloc *f, char const *s, size_t n)
{
  size_t room = FIELDMAX - f->len ;
  if (n > room) n = room ;
  if (n) stralloc_catb(f, s, n) ;
}

static void scan (stralloc *from, stralloc *subj)
{
  msgrd r ;
  stralloc line = STRALLOC_ZERO ;
  msgrd_init(&r, &mdrt_message) ;
  for (;;)
  {
    size_t n, i ;
    stralloc *f = 0 ;
    line.len = 0 ;
    if (msgrd_line(&r, &line) <= 0) break ;
    n = line.len ;
    if (n == 1 && line.s[0] == '\n') break ;
    if (line.s[n-1] == '\n') n-- ;
    if (n >= 5 && !strncasecmp(line.s, "from:", 5)) { f = from ; i = 5 ; }
    else if (n >= 8 && !strncasecmp(line.s, "subject:", 8)) { f = subj ; i = 8 ; }
    else continue ;
    while (i < n && (line.s[i] == ' ' || line.s[i] == '\t')) i++ ;
    addfield(f, line.s + i, n - i) ;
  }
  stralloc_free(&line) ;
}

void mdrt_logrecord (char const *dest, size_t len, int ok, uint64_t size)
{
  char buf[512] ;   /* 31 + 3 * 79 + 1 at most */
  char num[UINT64_FMT + 2] ;
  size_t w = 0, nlen, width ;
  stralloc from = STRALLOC_ZERO, subj = STRALLOC_ZERO ;
  time_t now ;
  char *ct ;
  if (!mdrt_logging()) return ;
  now = time(0) ;
  ct = ctime(&now) ;
  scan(&from, &subj) ;
  memcpy(buf, "Date: ", 6) ; w = 6 ;
  if (ct)
  {
    size_t k = strlen(ct) ;
    if (k && ct[k-1] == '\n') k-- ;
    if (k > 40) k = 40 ;
    memcpy(buf + w, ct, k) ; w += k ;
  }
  memcpy(buf + w, "\nFrom: ", 7) ; w += 7 ;
  if (from.len) { memcpy(buf + w, from.s, from.len) ; w += from.len ; }
  memcpy(buf + w, "\nSubj: ", 7) ; w += 7 ;
  if (subj.len) { memcpy(buf + w, subj.s, subj.len) ; w += subj.len ; }
  memcpy(buf + w, ok ? "\nFile: " : "\n!Err: ", 7) ; w += 7 ;
  num[0] = '(' ;
  nlen = 1 + uint64_fmt(num + 1, size) ;
  num[nlen++] = ')' ;
  width = 71 - nlen ;
  if (len > width) len = width ;
  memcpy(buf + w, dest, len) ; w += len ;
  memset(buf + w, ' ', width - len + 1) ; w += width - len + 1 ;
  memcpy(buf + w, num, nlen) ; w += nlen ;
  memcpy(buf + w, "\n\n", 2) ; w += 2 ;
  stralloc_free(&from) ;
  stralloc_free(&subj) ;
  mdrt_log(buf, w) ;
}
