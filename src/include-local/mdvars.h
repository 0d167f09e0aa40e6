/* mdvars.h: maildrop's variable table (one per process).
 *
 * Names and values are byte strings.  A variable is unset, or set (maybe
 * to the empty string: empty and unset differ only for export).  Every
 * name gets a stable index the first time it is seen, so compiled filter
 * code can resolve names once and then use mdvar_iget/mdvar_iset. */
#ifndef MDVARS_H
#define MDVARS_H

#include <stddef.h>
#include <stdint.h>
#include <skalibs/stralloc.h>

/* The index of name, created (unset) if new.  Returns -1 on ENOMEM. */
extern int mdvar_index (char const *name, size_t nlen) ;

/* Value of index i: NULL when unset.  *vlen gets the length. */
extern char const *mdvar_iget (int i, size_t *vlen) ;
extern int mdvar_iset (int i, char const *val, size_t vlen) ;  /* 1 / 0 ENOMEM */
extern void mdvar_iunset (int i) ;
extern char const *mdvar_iname (int i, size_t *nlen) ;

/* By name.  mdvar_get returns NULL when unset. */
extern char const *mdvar_get (char const *name, size_t nlen, size_t *vlen) ;
extern int mdvar_set (char const *name, size_t nlen, char const *val, size_t vlen) ;
extern int mdvar_sets (char const *name, char const *val) ;  /* C strings */
extern int mdvar_setu64 (char const *name, uint64_t u) ;     /* decimal */
extern void mdvar_unset (char const *name, size_t nlen) ;

/* The value as a C string in sa (sa is overwritten, NUL-terminated);
   "" when unset.  Returns 1 / 0 ENOMEM. */
extern int mdvar_getsa (char const *name, stralloc *sa) ;

/* Build the children's environment: every set variable as NAME=VALUE\0
   into sa (overwritten).  Returns the count, -1 on ENOMEM.  Turn it into
   an envp with env_make() from <skalibs/env.h>. */
extern int mdvar_env (stralloc *sa) ;

#endif
