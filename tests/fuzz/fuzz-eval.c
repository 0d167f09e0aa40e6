/* libFuzzer target for the evaluator: parse, then run the program with a
   runtime that runs no command and delivers nothing (FAKERT_NOSPAWN), a
   step budget against endless loops and gdbm opened read-only (both
   MDF_FUZZ), in a private empty directory.  Build: tests/rts/fuzz-parser.t. */

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <stdlib.h>
#include "../unit/fakert.h"
#include "mdf-internal.h"

extern unsigned long mdf_fuzz_steps ;

static char const sample[] =
  "From: Alice <alice@example.org>\nTo: bob@example.com\nSubject: Hello there\n\nBody line 1\nBody end\n" ;

int LLVMFuzzerTestOneInput (uint8_t const *data, size_t size)
{
  mdf_prog p = MDF_PROG_ZERO ;
  static int init = 0 ;
  if (!init)
  {
    stralloc_copys(&fake_msg.mem, sample) ;
    fake_msg.len = fake_msg.mem.len ;
    char dir[] = "mdf-fuzz.XXXXXX" ;
    if (!mkdtemp(dir) || chdir(dir) < 0) abort() ;
    init = 1 ;
  }
  p.name = "fuzz" ;
  if (!mdf_parse(&p, (char const *)data, size, 0, 0))
  {
    mdf_fuzz_steps = 5000 ;
    mdf_exec(&p) ;
  }
  mdf_prog_free(&p) ;
  return 0 ;
}
