/* ISC license. */

/* mdfilter_run: read, parse once, then run a filter file. */

#include <string.h>
#include <skalibs/stralloc.h>
#include <skalibs/djbunix.h>
#include "mdfilter.h"
#include "mdvars.h"
#include "mdf-internal.h"

unsigned int mdfilter_verbose = 0 ;
char const *mdfilter_argv0 = "maildrop" ;

/* STMT-15: the values a trusted include resets, as main set them */
static char const *const fixed[] =
{
  "DEFAULT", "HOME", "LOGNAME", "SHELL", "PATH", "SENDMAIL", "LOCKEXT",
  "LOCKSLEEP", "LOCKTIMEOUT", "LOCKREFRESH", "UMASK", "MAILDIRQUOTA", 0
} ;
static stralloc saved = STRALLOC_ZERO ;   /* per name: '0' unset, or '1' value '\0' */
static int havesaved = 0 ;

static void snapshot (void)
{
  saved.len = 0 ;
  for (unsigned int i = 0 ; fixed[i] ; i++)
  {
    size_t len ;
    char const *v = mdvar_get(fixed[i], strlen(fixed[i]), &len) ;
    if (!(v ? stralloc_catb(&saved, "1", 1) && stralloc_catb(&saved, v, len) : stralloc_catb(&saved, "0", 1))
     || !stralloc_0(&saved)) return ;
  }
  havesaved = 1 ;
}

void mdf_resetfixed (void)
{
  size_t pos = 0 ;
  if (!havesaved) return ;
  for (unsigned int i = 0 ; fixed[i] ; i++)
  {
    char const *v = saved.s + pos ;
    size_t len = strlen(v) ;
    if (v[0] == '1') mdvar_set(fixed[i], strlen(fixed[i]), v + 1, len - 1) ;
    else mdvar_unset(fixed[i], strlen(fixed[i])) ;
    pos += len + 1 ;
  }
}

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
  if (!havesaved) snapshot() ;
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
