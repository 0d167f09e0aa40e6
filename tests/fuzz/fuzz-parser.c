/* libFuzzer target for the filter-language parser (lexer + parser +
   string splitting), in normal and check-only (error recovery) modes.
   Build: see tests/rts/fuzz-parser.t. */

#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include "../unit/fakert.h"
#include "mdf-internal.h"

int LLVMFuzzerTestOneInput (uint8_t const *data, size_t size)
{
  mdf_prog p = MDF_PROG_ZERO ;
  int checkonly = size && (data[0] & 1) ;
  int embedded = size && (data[0] & 2) ;
  p.name = "fuzz" ;
  mdf_parse(&p, (char const *)data, size, embedded, checkonly) ;
  mdf_prog_free(&p) ;
  return 0 ;
}
