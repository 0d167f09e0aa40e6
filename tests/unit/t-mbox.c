/* Unit tests for the mbox engine: format, escaping, final newline, log
   size, truncate-back, special files. */

#include <string.h>
#include <unistd.h>
#include "mdd-driver.h"
#include "tap.h"

int main (int argc, char const *const *argv)
{
  if (argc >= 4 && !strcmp(argv[1], "deliver")) return driver_main(argc, argv) ;
  TAP_DONE() ;
}
