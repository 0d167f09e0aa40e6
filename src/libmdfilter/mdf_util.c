/* ISC license. */

/* Shared helpers of the filter language: error texts, stderr, files,
   $-expansion of pre-split strings. */

#include <errno.h>
#include <skalibs/stralloc.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/djbunix.h>
#include <skalibs/types.h>
#include "mdvars.h"
#include "mdfilter.h"
#include "mdf-internal.h"

stralloc mdf_errmsg = STRALLOC_ZERO ;
static stralloc failmsg = STRALLOC_ZERO ;
static int failset = 0 ;

void mdfilter_fail (char const *text)
{
  failmsg.len = 0 ;
  failset = stralloc_cats(&failmsg, text) ;
}

void mdf_failclear (void)
{
  failset = 0 ;
}

/* the runtime's text if it gave one, else generic */
int mdf_failed (char const *generic)
{
  if (!failset) return mdf_fatal(generic) ;
  failset = 0 ;
  mdf_errmsg.len = 0 ;
  if (!stralloc_catb(&mdf_errmsg, failmsg.s, failmsg.len)) return mdf_nomem() ;
  return RC_FATAL ;
}

int mdf_fatal (char const *s)
{
  mdf_errmsg.len = 0 ;
  stralloc_cats(&mdf_errmsg, s) ;
  return RC_FATAL ;
}

int mdf_nomem (void)
{
  return mdf_fatal("Out of memory.") ;
}

void mdf_errwrite (char const *s, size_t len)
{
  if (len) allwrite(2, s, len) ;
}

void mdf_lineerr (char const *name, unsigned int line, char const *text)
{
  stralloc sa = STRALLOC_ZERO ;
  char num[UINT_FMT] ;
  if (stralloc_cats(&sa, name) && stralloc_catb(&sa, "(", 1)
   && stralloc_catb(&sa, num, uint_fmt(num, line)) && stralloc_catb(&sa, "): ", 3)
   && stralloc_cats(&sa, text) && stralloc_catb(&sa, "\n", 1))
    mdf_errwrite(sa.s, sa.len) ;
  stralloc_free(&sa) ;
}

void mdf_fatalprint (char const *text)
{
  stralloc sa = STRALLOC_ZERO ;
  if (!*text) return ;   /* mdrt_fatal "": the runtime's note said it all */
  if (stralloc_cats(&sa, mdfilter_argv0) && stralloc_catb(&sa, ": ", 2)
   && stralloc_cats(&sa, text) && stralloc_catb(&sa, "\n", 1))
    mdf_errwrite(sa.s, sa.len) ;
  stralloc_free(&sa) ;
}

int mdf_slurp (char const *file, stralloc *sa)
{
  int fd = open_readb(file) ;
  int r ;
  if (fd < 0) return 0 ;
  r = slurp(sa, fd) ;
  fd_close(fd) ;
  return r ;
}

int mdf_expand (mdf_prog const *p, uint32_t seg, uint32_t nseg, unsigned int line, stralloc *out)
{
  uint32_t k ;
  for (k = 0 ; k < nseg ; k++)
  {
    mdf_seg const *g = genalloc_s(mdf_seg, &p->segs) + seg + k ;
    switch (g->kind)
    {
      case SEG_LIT :
        if (!stralloc_catb(out, p->text.s + g->off, g->len)) return 0 ;
        break ;
      case SEG_VAR :
      {
        size_t vlen ;
        char const *v = mdvar_iget(g->var, &vlen) ;
        if (v && !stralloc_catb(out, v, vlen)) return 0 ;
        break ;
      }
      default :
        mdf_lineerr(p->name, line, "Terminating } is missing.") ;
        mdf_errwrite("\n", 1) ;
        if (!stralloc_catb(out, p->text.s + g->off, g->len)) return 0 ;
        break ;
    }
  }
  return 1 ;
}
