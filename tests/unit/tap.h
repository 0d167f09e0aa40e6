/* tap.h: a tiny TAP emitter for the unit tests. */
#ifndef TAP_H
#define TAP_H

#include <stdio.h>

static int tap_n = 0, tap_fail = 0 ;
#define TAP_OK(cond, desc) do { tap_n++ ; if (cond) printf("ok %d - %s\n", tap_n, desc) ; else { tap_fail = 1 ; printf("not ok %d - %s (%s:%d)\n", tap_n, desc, __FILE__, __LINE__) ; } } while (0)
#define TAP_DONE() do { printf("1..%d\n", tap_n) ; return tap_fail ; } while (0)

#endif
