/* ISC license. */

#ifndef MD_INTERNAL_H
#define MD_INTERNAL_H

#include <stddef.h>

/* md_cidr.c: -cidr.  Expands one line whose key is a CIDR block or an
   address range into one line per octet-aligned prefix, and hands every
   resulting line to the loader.  0 if the block makes no sense. */
extern int md_cidr (char const *, size_t, char const **) ;

/* md_load.c: the loader (what the reference's makedatprog does) */
extern void md_load_start (char const *) ;
extern void md_load_line (char const *, size_t) ;
extern int md_load_done (void) ;  /* 1 once the "." line was seen */
extern void md_load_finish (char const *, char const *) ;
extern void md_load_abort (char const *) ;

#endif
