/* ISC license. */

/* mdfilter_run: read, parse once, then run a filter file. */

#include <skalibs/stralloc.h>
#include <skalibs/djbunix.h>
#include "mdfilter.h"
#include "mdf-internal.h"

unsigned int mdfilter_verbose = 0 ;
char const *mdfilter_argv0 = "maildrop" ;

int mdfilter_run (int fd, char const *name, unsigned int flags)
{
  stralloc text = STRALLOC_ZERO ;
  mdf_prog p = MDF_PROG_ZERO ;
  int r ;
  if (!slurp(&text, fd))
  {
    mdf_fatalprint("Unable to read filter file.") ;
    return MDF_FATAL ;
  }
  mdf_flags = flags ;
  mdf_embedded = !!(flags & MDF_EMBEDDED) ;
  p.name = name ;
  r = mdf_parse(&p, text.s, text.len, mdf_embedded, !!(flags & MDF_CHECKONLY)) ;
  if (r)
  {
    if (r < 0) mdf_fatalprint("Out of memory.") ;
    r = MDF_FATAL ;
  }
  else if (flags & MDF_CHECKONLY) r = MDF_DONE ;
  else
  {
    switch (mdf_exec(&p))
    {
      case RC_OK : r = MDF_DONE ; break ;
      case RC_EXIT :
      case RC_THROW : r = MDF_EXIT ; break ;
      default :
        if (mdf_errmsg.len)
        {
          if (!stralloc_0(&mdf_errmsg)) mdf_errmsg.s[mdf_errmsg.len - 1] = 0 ;
          mdf_fatalprint(mdf_errmsg.s) ;
        }
        r = MDF_FATAL ;
        break ;
    }
  }
  mdf_prog_free(&p) ;
  stralloc_free(&text) ;
  return r ;
}
