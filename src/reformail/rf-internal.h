/* ISC license. */

/* reformail internals: the line reader, the output sinks, the header
   editor, the duplicate cache and the address picker. */

#ifndef RF_INTERNAL_H
#define RF_INTERNAL_H

#include <sys/types.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include <skalibs/strerr.h>

/* rf_in.c: lines from stdin, without the \n and one trailing \r.
   1 = a line (a last line without \n counts), 0 = EOF, -1 = error. */
extern int rf_getline (stralloc *) ;
extern void rf_ungetline (stralloc const *) ;
extern int rf_drain (void) ;

/* rf_out.c: where processed output goes.  Stdout, or the mbox splitter. */
extern int rf_crlf ;
extern int rf_splitting ;
extern char const *rf_eol (void) ;
extern void rf_put (char const *, size_t) ;
extern void rf_puts (char const *) ;
extern void rf_putline (char const *, size_t) ;  /* the bytes, then the EOL */
extern void rf_flush (void) ;

/* rf_split.c: -s: one child per message */
extern void rf_split_start (char const *const *) ;
extern void rf_split_line (char const *, size_t) ;
extern void rf_split_bytes (char const *, size_t) ;
extern void rf_split_finish (void) ;

/* rf_hdr.c: the options and the header editor */
typedef struct rfopts_s rfopts, *rfopts_ref ;
struct rfopts_s
{
  genalloc a ;  /* char const * : -a */
  genalloc A ;
  genalloc i ;
  genalloc I ;
  genalloc u ;
  genalloc U ;
  genalloc x ;
  genalloc X ;
  genalloc Rold ;
  genalloc Rnew ;
  int cat ;
  int fmode ;  /* -1 none, 0 for -f0, 1 for -f1 */
  int xmode ;
  char const *duplen ;
  char const *dupfile ;
} ;
#define RFOPTS_ZERO { GENALLOC_ZERO, GENALLOC_ZERO, GENALLOC_ZERO, GENALLOC_ZERO, GENALLOC_ZERO, GENALLOC_ZERO, GENALLOC_ZERO, GENALLOC_ZERO, GENALLOC_ZERO, GENALLOC_ZERO, 0, -1, 0, 0, 0 }

extern rfopts rf_opts ;

/* headers live in one stralloc; an entry is a slice of it */
typedef struct rfhdr_s rfhdr, *rfhdr_ref ;
struct rfhdr_s
{
  size_t pos ;
  size_t len ;
} ;

extern size_t rf_namelen (char const *, size_t) ;
extern int rf_match (char const *, size_t, char const *) ;
extern void rf_catenate (stralloc *, char const *, size_t) ;

/* Processes one message from the reader to the output.
   Returns 0 when there was nothing at all, 1 otherwise. */
extern int rf_message (void) ;
/* the value of the first Message-ID header of the last message, or 0 */
extern char const *rf_msgid ;

/* rf_addr.c */
extern void rf_addr_header (stralloc *, char const *, size_t) ;
extern void rf_addr_fromline (stralloc *, char const *, size_t) ;

/* rf_dup.c: -D; 0 = duplicate, 1 = new or no id */
extern int rf_dup (char const *, char const *, char const *) ;

/* rf_msgid.c */
extern void rf_newmsgid (stralloc *) ;

#define dienomem() strerr_diefu(1, "allocate memory")

#endif
