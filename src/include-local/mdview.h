/* mdview.h: the message as patterns see it (spec IN-12, IN-13, PAT-04),
 * and RFC 822 address helpers (FN-02, FN-03).
 *
 * Header lines are rendered "Name: value": folded lines joined, RFC 2047
 * words decoded to UTF-8, address headers reformatted, MIME part headers
 * included.  Body lines are those of the leaf text/ and message/ parts,
 * transfer-decoded and converted to UTF-8.  Lines are given without their
 * line ending (a trailing CR is removed). */
#ifndef MDVIEW_H
#define MDVIEW_H

#include <stddef.h>
#include <skalibs/stralloc.h>
#include "msg.h"

#define MDVIEW_HEADER 0x01
#define MDVIEW_BODY 0x02

/* Called for each line: where is MDVIEW_HEADER or MDVIEW_BODY.
   Return 0 to go on, 1 to stop the scan, -1 for an error. */
typedef int mdview_func (char const *line, size_t len, unsigned int where, void *aux) ;

/* Scan the lines of m selected by what.  Returns 0 at the end, 1 if f
   stopped the scan, -1 on error (errno set, or f's error). */
extern int mdview_scan (msg const *m, unsigned int what, mdview_func *f, void *aux) ;

/* getaddr(): the bare addresses of s, each followed by \n, appended to out.
   1 / 0 ENOMEM. */
extern int mdview_getaddr (char const *s, size_t len, stralloc *out) ;

/* hasaddr(): 1 if addr (case-insensitive) is an address of a To, Cc,
   Resent-To or Resent-Cc header of m, 0 if not, -1 on error. */
extern int mdview_hasaddr (msg const *m, char const *addr, size_t len) ;

#endif
