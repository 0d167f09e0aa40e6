/* mdvar-internal.h: the variable table, shared by the mdvar_* files. */
#ifndef MDVAR_INTERNAL_H
#define MDVAR_INTERNAL_H

#include <stdint.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include "mdvars.h"

typedef struct mdvar_s mdvar_t ;
struct mdvar_s
{
  stralloc name ;
  stralloc val ;
  uint32_t hash ;
  unsigned char isset ;
} ;

/* entries, in creation order; indices are stable */
extern genalloc mdvar_table ;  /* mdvar_t */
#define mdvar_at(i) (genalloc_s(mdvar_t, &mdvar_table) + (i))

#endif
