/* ISC license. */

/* The output: stdout, or the -s splitter when it is active. */

#include <string.h>
#include <skalibs/buffer.h>
#include <skalibs/strerr.h>
#include "rf-internal.h"

int rf_crlf = 0 ;
int rf_splitting = 0 ;

static void diewrite (void) gccattr_noreturn ;
static void diewrite (void)
{
  strerr_die(1, PROG, ": error writing output.") ;
}

char const *rf_eol (void)
{
  return rf_crlf ? "\r\n" : "\n" ;
}

void rf_put (char const *s, size_t n)
{
  if (rf_splitting) rf_split_bytes(s, n) ;
  else if (buffer_put(buffer_1, s, n) < 0) diewrite() ;
}

void rf_puts (char const *s)
{
  rf_put(s, strlen(s)) ;
}

void rf_putline (char const *s, size_t n)
{
  rf_put(s, n) ;
  rf_puts(rf_eol()) ;
}

void rf_flush (void)
{
  if (!rf_splitting && !buffer_flush(buffer_1)) diewrite() ;
}
