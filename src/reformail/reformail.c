/* ISC license. */

/* reformail: reformat a mail message from stdin to stdout, extract
   headers from it, detect duplicates, or split an mbox.
   Command-line and output compatible with Courier's reformail. */

#include <string.h>
#include <signal.h>
#include <skalibs/buffer.h>
#include <skalibs/genalloc.h>
#include <skalibs/sig.h>
#include <skalibs/strerr.h>
#include "rf-internal.h"

#define USAGE "reformail [ -c ] [ -d0|-d1 ] [ -f0|-f1 ] [ -a|-A|-i|-I 'Header: value' ] [ -R old: new: ] [ -u|-U header: ] [ -x|-X header: ] [ -D len file ] [ -s prog [ arg... ] ]"

static void dieusage (void) gccattr_noreturn ;
static void dieusage (void)
{
  strerr_die(1, PROG, ": Invalid arguments.") ;
}

static void add (genalloc *g, char const *s)
{
  if (!genalloc_append(char const *, g, &s)) dienomem() ;
}

int main (int argc, char const *const *argv)
{
  char const *const *split = 0 ;
  int i ;
  PROG = "reformail" ;

  /* The reference's own parser: an option letter, its value attached or
     in the next argument; "-" or "--" or a non-option ends the options
     and everything after them is ignored. */
  for (i = 1 ; i < argc ; i++)
  {
    char const *arg = argv[i] ;
    char const *v ;
    if (!strcmp(arg, "-") || !strcmp(arg, "--") || arg[0] != '-') break ;
    v = arg[2] ? arg + 2 : 0 ;
    switch (arg[1])
    {
      case 'c' : rf_opts.cat = 1 ; break ;
      case 'd' : rf_crlf = !(v && v[0] == '0') ; break ;
      case 'f' :
        if (!v && i + 1 < argc) v = argv[++i] ;
        rf_opts.fmode = !v || v[0] == '0' ? 0 : 1 ;
        break ;
      case 'a' : case 'A' : case 'i' : case 'I' :
      case 'u' : case 'U' : case 'x' : case 'X' :
      {
        genalloc *g ;
        if (!v && i + 1 < argc) v = argv[++i] ;
        if (!v || !*v) dieusage() ;
        switch (arg[1])
        {
          case 'a' : g = &rf_opts.a ; break ;
          case 'A' : g = &rf_opts.A ; break ;
          case 'i' : g = &rf_opts.i ; break ;
          case 'I' : g = &rf_opts.I ; break ;
          case 'u' : g = &rf_opts.u ; break ;
          case 'U' : g = &rf_opts.U ; break ;
          case 'x' : g = &rf_opts.x ; rf_opts.xmode = 1 ; break ;
          default : g = &rf_opts.X ; rf_opts.xmode = 1 ; break ;
        }
        add(g, v) ;
        break ;
      }
      case 'R' :
        if (!v && i + 1 < argc) v = argv[++i] ;
        if (!v || !*v || i + 1 >= argc) dieusage() ;
        add(&rf_opts.Rold, v) ;
        add(&rf_opts.Rnew, argv[++i]) ;
        break ;
      case 'D' :
        if (!v && i + 1 < argc) v = argv[++i] ;
        if (!v || i + 1 >= argc) dieusage() ;
        rf_opts.duplen = v ;
        rf_opts.dupfile = argv[++i] ;
        break ;
      case 's' :
        if (i + 1 >= argc) dieusage() ;
        split = argv + i + 1 ;
        i = argc ;
        break ;
      default : dieusage() ;
    }
  }

  /* extraction, duplicate check and splitting exclude each other */
  if (!!rf_opts.xmode + !!rf_opts.duplen + !!split > 1) dieusage() ;

  if (rf_opts.duplen)
  {
    rf_message() ;
    rf_drain() ;
    return rf_msgid ? rf_dup(rf_opts.duplen, rf_opts.dupfile, rf_msgid) : 1 ;
  }

  if (split)
  {
    /* The first line opens the first message as it is; the rest of the
       input is processed as one message and cut at each "From " line. */
    stralloc first = STRALLOC_ZERO ;
    int r ;
    sig_altignore(SIGPIPE) ;
    rf_split_start(split) ;
    for (;;)
    {
      r = rf_getline(&first) ;
      if (r < 0) strerr_diefu(1, "read from stdin") ;
      if (!r || first.len) break ;
    }
    if (r)
    {
      rf_split_line(first.s, first.len) ;
      rf_message() ;
      rf_split_finish() ;
    }
    return 0 ;
  }

  rf_message() ;
  if (rf_opts.xmode) rf_drain() ;
  rf_flush() ;
  return 0 ;
}
