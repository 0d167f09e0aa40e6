/* ISC license. */

/* PLACEHOLDER until the delivery engines land: nothing to clean up. */

#include "mddeliver.h"

void mdcleanup_run (void)
{
}
