/* Unit tests for the variable table. */

#include <string.h>
#include <stdio.h>
#include <skalibs/stralloc.h>
#include "mdvars.h"
#include "tap.h"

int main (void)
{
  size_t len ;
  char const *v ;
  stralloc sa = STRALLOC_ZERO ;
  int i, j ;
  TAP_OK(!mdvar_get("X", 1, &len), "unset reads as NULL") ;
  TAP_OK(mdvar_sets("X", "1") && (v = mdvar_get("X", 1, &len)) && len == 1 && *v == '1', "set and get") ;
  TAP_OK(mdvar_set("E", 1, "", 0) && (v = mdvar_get("E", 1, &len)) && !len, "empty differs from unset") ;
  i = mdvar_index("X", 1) ; j = mdvar_index("X", 1) ;
  TAP_OK(i >= 0 && i == j, "indices are stable") ;
  mdvar_unset("X", 1) ;
  TAP_OK(!mdvar_get("X", 1, &len) && mdvar_index("X", 1) == i, "unset keeps the index") ;
  TAP_OK(mdvar_set("A\0B", 3, "v\0w", 3) && (v = mdvar_get("A\0B", 3, &len)) && len == 3 && !memcmp(v, "v\0w", 3), "binary names and values") ;
  for (int k = 0 ; k < 5000 ; k++)
  {
    char n[20] ;
    int l = snprintf(n, sizeof n, "V%d", k) ;
    if (!mdvar_setu64(n, k)) break ;
    (void)l ;
  }
  TAP_OK((v = mdvar_get("V4321", 5, &len)) && len == 4 && !memcmp(v, "4321", 4), "5000 variables (table growth)") ;
  TAP_OK(mdvar_getsa("E", &sa) && sa.len == 0 && sa.s[0] == 0, "getsa of an empty variable") ;
  {
    int n = mdvar_env(&sa) ;
    TAP_OK(n == 5002, "env exports every set variable") ;
    TAP_OK(sa.len > 4 && !memcmp(sa.s, "E=\0", 3), "env entries are NAME=VALUE\\0, unset ones skipped") ;
  }
  stralloc_free(&sa) ;
  TAP_DONE() ;
}
