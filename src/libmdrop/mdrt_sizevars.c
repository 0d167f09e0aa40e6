/* ISC license. */

#include "mdvars.h"
#include "mdrtctl.h"

/* IN-03: SIZE counts the -A lines, LINES does not. */
int mdrt_sizevars (void)
{
  return mdvar_setu64("SIZE", msg_size(&mdrt_message))
      && mdvar_setu64("LINES", msg_lines(&mdrt_message)) ;
}
