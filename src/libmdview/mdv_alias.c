/* ISC license. */

#include <strings.h>
#include "mdview-internal.h"

/* glibc's names for charsets, when other libcs (musl) only know another
   one.  Each pair was checked with glibc: both names convert all 256
   bytes the same way.  Compared as iconv_open does, ignoring case. */

static char const *const aliases[][2] =
{
  { "iso-ir-193", "utf-8" },
  { "ansi_x3.4", "us-ascii" }, { "ansi_x3.4-1986", "us-ascii" },
  { "cp367", "us-ascii" }, { "csascii", "us-ascii" },
  { "ibm367", "us-ascii" }, { "iso-ir-6", "us-ascii" },
  { "iso_646.irv:1991", "us-ascii" }, { "us", "us-ascii" },
  { "8859_1", "iso-8859-1" }, { "cp819", "iso-8859-1" },
  { "csisolatin1", "iso-8859-1" }, { "ibm819", "iso-8859-1" },
  { "iso-ir-100", "iso-8859-1" }, { "iso_8859-1:1987", "iso-8859-1" },
  { "l1", "iso-8859-1" },
  { "8859_2", "iso-8859-2" }, { "cp912", "iso-8859-2" },
  { "csisolatin2", "iso-8859-2" }, { "ibm912", "iso-8859-2" },
  { "iso-ir-101", "iso-8859-2" }, { "iso_8859-2:1987", "iso-8859-2" },
  { "l2", "iso-8859-2" }, { "latin2", "iso-8859-2" },
  { "8859_3", "iso-8859-3" }, { "csisolatin3", "iso-8859-3" },
  { "iso-ir-109", "iso-8859-3" }, { "iso_8859-3:1988", "iso-8859-3" },
  { "l3", "iso-8859-3" }, { "latin3", "iso-8859-3" },
  { "8859_4", "iso-8859-4" }, { "csisolatin4", "iso-8859-4" },
  { "iso-ir-110", "iso-8859-4" }, { "iso_8859-4:1988", "iso-8859-4" },
  { "l4", "iso-8859-4" }, { "latin4", "iso-8859-4" },
  { "8859_5", "iso-8859-5" }, { "cp915", "iso-8859-5" },
  { "csisolatincyrillic", "iso-8859-5" }, { "cyrillic", "iso-8859-5" },
  { "ibm915", "iso-8859-5" }, { "iso-ir-144", "iso-8859-5" },
  { "iso_8859-5:1988", "iso-8859-5" },
  { "8859_6", "iso-8859-6" }, { "arabic", "iso-8859-6" },
  { "asmo-708", "iso-8859-6" }, { "cp1089", "iso-8859-6" },
  { "csisolatinarabic", "iso-8859-6" }, { "ecma-114", "iso-8859-6" },
  { "ibm1089", "iso-8859-6" }, { "iso-ir-127", "iso-8859-6" },
  { "iso_8859-6:1987", "iso-8859-6" },
  { "8859_7", "iso-8859-7" }, { "cp813", "iso-8859-7" },
  { "csisolatingreek", "iso-8859-7" }, { "ecma-118", "iso-8859-7" },
  { "elot_928", "iso-8859-7" }, { "greek", "iso-8859-7" },
  { "greek8", "iso-8859-7" }, { "ibm813", "iso-8859-7" },
  { "iso-ir-126", "iso-8859-7" }, { "iso_8859-7:1987", "iso-8859-7" },
  { "iso_8859-7:2003", "iso-8859-7" },
  { "8859_8", "iso-8859-8" }, { "cp916", "iso-8859-8" },
  { "csisolatinhebrew", "iso-8859-8" }, { "hebrew", "iso-8859-8" },
  { "ibm916", "iso-8859-8" }, { "iso-ir-138", "iso-8859-8" },
  { "iso_8859-8:1988", "iso-8859-8" },
  { "8859_9", "iso-8859-9" }, { "cp920", "iso-8859-9" },
  { "csisolatin5", "iso-8859-9" }, { "ecma-128", "iso-8859-9" },
  { "ibm920", "iso-8859-9" }, { "iso-ir-148", "iso-8859-9" },
  { "iso_8859-9:1989", "iso-8859-9" }, { "l5", "iso-8859-9" },
  { "latin5", "iso-8859-9" },
  { "csisolatin6", "iso-8859-10" }, { "iso-ir-157", "iso-8859-10" },
  { "iso_8859-10:1992", "iso-8859-10" }, { "l6", "iso-8859-10" },
  { "latin6", "iso-8859-10" },
  { "cp921", "iso-8859-13" }, { "csibm921", "iso-8859-13" },
  { "ibm921", "iso-8859-13" }, { "iso-ir-179", "iso-8859-13" },
  { "l7", "iso-8859-13" }, { "latin7", "iso-8859-13" },
  { "iso-ir-199", "iso-8859-14" }, { "iso_8859-14:1998", "iso-8859-14" },
  { "l8", "iso-8859-14" }, { "latin8", "iso-8859-14" },
  { "iso-ir-203", "iso-8859-15" }, { "iso_8859-15:1998", "iso-8859-15" },
  { "iso-ir-226", "iso-8859-16" }, { "iso_8859-16:2001", "iso-8859-16" },
  { "l10", "iso-8859-16" }, { "latin10", "iso-8859-16" },
  { "437", "cp437" }, { "cspc8codepage437", "cp437" }, { "ibm437", "cp437" },
  { "850", "cp850" }, { "cspc850multilingual", "cp850" },
  { "ibm850", "cp850" },
  { "866", "cp866" }, { "csibm866", "cp866" }, { "ibm866", "cp866" },
  { "cskoi8r", "koi8-r" },
  { "iso-ir-166", "tis-620" }, { "tis620-0", "tis-620" },
  { "tis620.2529-1", "tis-620" }, { "tis620.2533-0", "tis-620" },
  { "ms-ee", "windows-1250" },
  { "ms-cyrl", "windows-1251" },
  { "ms-ansi", "windows-1252" },
  { "ms-greek", "windows-1253" },
  { "ms-turk", "windows-1254" },
  { "ms-hebr", "windows-1255" },
  { "ms-arab", "windows-1256" },
} ;

char const *mdv_alias (char const *cs)
{
  size_t i = 0 ;
  for (; i < sizeof aliases / sizeof *aliases ; i++)
    if (!strcasecmp(cs, aliases[i][0])) return aliases[i][1] ;
  return cs ;
}
