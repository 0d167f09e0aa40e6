/* ISC license. */

#include "msg.h"

void msgrd_init (msgrd *r, msg const *m)
{
  r->m = m ; r->pos = 0 ; r->bpos = 0 ; r->blen = 0 ;
}
