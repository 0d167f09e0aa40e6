/* ISC license. */

#ifndef MB_INTERNAL_H
#define MB_INTERNAL_H

#include <stddef.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include <skalibs/strerr.h>

#define dienomem() strerr_diefu(111, "allocate memory")

/* mb_addr.c: one address of an address list */
typedef struct mbaddr_s mbaddr, *mbaddr_ref ;
struct mbaddr_s
{
  size_t text ;  /* the address as written, trimmed: offsets in the pool */
  size_t textlen ;
  size_t addr ;  /* the bare address */
  size_t addrlen ;
  size_t name ;  /* the display name (phrase, else comment, else address) */
  size_t namelen ;
} ;

/* appends the addresses of a header value to list (mbaddr), their strings
   to pool; groups are flattened */
extern void mb_addrlist (genalloc *, stralloc *, char const *, size_t) ;

/* mb_2047.c: decodes RFC 2047 encoded words into UTF-8 */
extern void mb_decode2047 (stralloc *, char const *, size_t) ;

/* mb_subj.c: the subject without its Re:/Fwd:/[list] decorations */
extern void mb_coresubj (stralloc *, char const *, size_t) ;

/* mb_dup.c: 1 if an autoreply to addr may go now (and records it) */
extern int mb_dupcheck (char const *, char const *, unsigned int) ;

/* mb_msg.c: the original message */
extern stralloc mb_hdrs ;  /* unfolded headers, each ended by \n */
extern stralloc mb_body ;
extern stralloc mb_raw ;   /* the message as it came */
extern int mb_hasbody ;    /* the header ended with a blank line */
extern void mb_readmsg (void) ;
/* the value of the last (or first) header of that name, trimmed; 0 if none */
extern int mb_header (char const *, int, char const **, size_t *) ;

/* mb_mime.c */
extern int mb_hfind (char const *, size_t, char const *, int, char const **, size_t *) ;
extern int mb_quotetext (stralloc *) ;

/* mb_digits.c: digit values for the decoders, -1 if not a digit */
extern int mb_hexval (char) ;
extern int mb_b64val (char) ;

#endif
