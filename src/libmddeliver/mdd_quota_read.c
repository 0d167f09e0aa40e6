/* ISC license. */

#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <skalibs/stralloc.h>
#include <skalibs/djbunix.h>
#include "mddeliver-internal.h"

static int64_t scan_i64 (char const *s, size_t len, size_t *i)
{
  int neg = 0 ;
  uint64_t v = 0 ;
  while (*i < len && (s[*i] == ' ' || s[*i] == '\t')) (*i)++ ;
  if (*i < len && s[*i] == '-') { neg = 1 ; (*i)++ ; }
  while (*i < len && s[*i] >= '0' && s[*i] <= '9') v = v * 10 + (s[(*i)++] - '0') ;
  return neg ? -(int64_t)v : (int64_t)v ;
}

int mdd_quota_read (char const *root, char const *qs, mdd_quota *q)
{
  stralloc sa = STRALLOC_ZERO ;
  size_t rlen = strlen(root) ;
  char fn[rlen + 13] ;
  struct stat st ;
  int fd ;
  size_t i, eol ;
  memcpy(fn, root, rlen) ;
  memcpy(fn + rlen, "/maildirsize", 13) ;
  char canon[MDD_QUOTASPEC] ;
  memset(q, 0, sizeof(*q)) ;
  if (qs && qs[0])
  {
    /* MAILDIRQUOTA in its canonical form; unusable or empty: ignored */
    uint64_t qb, qc ;
    if (!mdd_quota_parse(qs, strlen(qs), &qb, &qc)) qb = qc = 0 ;
    canon[mdd_quota_fmtspec(canon, qb, qc)] = 0 ;
    qs = canon[0] ? canon : 0 ;
  }
  fd = open(fn, O_RDONLY | O_CLOEXEC | O_NONBLOCK) ;
  if (fd < 0)
  {
    if (errno != ENOENT) return 0 ;
    if (qs && qs[0]) return mdd_quota_recalc(root, qs, q) ;
    return 1 ;   /* no quota */
  }
  if (fstat(fd, &st) < 0 || !slurp(&sa, fd)) { close(fd) ; stralloc_free(&sa) ; return 0 ; }
  close(fd) ;
  q->mtime = st.st_mtime ;
  eol = 0 ;
  while (eol < sa.len && sa.s[eol] != '\n') eol++ ;
  if (qs && qs[0] && (eol != strlen(qs) || memcmp(sa.s, qs, eol)))
  {
    /* MAILDIRQUOTA differs from the file: the file is rewritten with it */
    stralloc_free(&sa) ;
    return mdd_quota_recalc(root, qs, q) ;
  }
  if (!mdd_quota_parse(sa.s, eol, &q->qbytes, &q->qcount)) q->qbytes = q->qcount = 0 ;
  q->present = q->qbytes || q->qcount ;
  i = eol + 1 ;
  while (i < sa.len)
  {
    size_t j = i ;
    int64_t b, c ;
    while (j < sa.len && sa.s[j] != '\n') j++ ;
    b = scan_i64(sa.s, j, &i) ;
    c = scan_i64(sa.s, j, &i) ;
    q->bytes += b ; q->count += c ;
    q->lines++ ;
    i = j + 1 ;
  }
  if (q->present && (st.st_size >= 5120 || q->bytes < 0 || q->count < 0))
  {
    char spec[MDD_QUOTASPEC] ;
    size_t n = eol < MDD_QUOTASPEC ? eol : MDD_QUOTASPEC - 1 ;
    memcpy(spec, sa.s, n) ; spec[n] = 0 ;
    stralloc_free(&sa) ;
    return mdd_quota_recalc(root, spec, q) ;
  }
  stralloc_free(&sa) ;
  return 1 ;
}
