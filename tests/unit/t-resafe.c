/* t-resafe: whenever mdf_re_safe says a pattern is certain to compile,
   pcre2 must compile it (UTF, caseless and caseful), since a lazy regex
   is compiled only when a line holds its literal.  Hand-picked cases,
   then a million random patterns over the metacharacters. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../src/libmdfilter/mdf-internal.h"
#include "tap.h"

static int compiles (char const *s, size_t n, int caseless)
{
  int e ;
  PCRE2_SIZE off ;
  pcre2_code *c = pcre2_compile((PCRE2_SPTR)s, n, PCRE2_UTF | (caseless ? PCRE2_CASELESS : 0), &e, &off, 0) ;
  if (!c) return 0 ;
  pcre2_code_free(c) ;
  return 1 ;
}

static int safe (char const *s) { return mdf_re_safe(s, strlen(s)) ; }

int main (void)
{
  static char const alpha[] = "ab.^$*+?()[]-\\|{}#:<>d bwB\t" ;
  char buf[16] ;
  unsigned long bad = 0, nsafe = 0 ;
  TAP_OK(safe("^Subject:.*viagra"), "a typical header rule is safe") ;
  TAP_OK(safe("^List-Id:.*<devel\\.lists\\.example\\.org>"), "escaped punctuation is safe") ;
  TAP_OK(safe("[0-9]+ (apples|x)?") == 0, "alternation is not") ;
  TAP_OK(safe("abc(") == 0 && safe("abc)") == 0, "unbalanced parentheses are not") ;
  TAP_OK(safe("*abc") == 0 && safe("a**") == 0 && safe("^*x") == 0, "quantifiers without an item are not") ;
  TAP_OK(safe("a*?b+c?+") && safe("(ab)*c"), "lazy and possessive quantifiers are") ;
  TAP_OK(safe("[z-a]") == 0 && safe("[a-z]x") && safe("[]a]") && safe("[^]a-]"), "classes: ordered ranges only") ;
  TAP_OK(safe("[abc") == 0 && safe("[[:alpha:]]") == 0, "open and POSIX classes are not") ;
  TAP_OK(safe("\\x41") == 0 && safe("\\1") == 0 && safe("abc\\") == 0 && safe("\\Qa") == 0, "letter and digit escapes other than classes are not") ;
  TAP_OK(safe("caf\xc3\xa9") == 0, "8-bit bytes are not") ;
  TAP_OK(safe("\\bword\\b") && safe("\\b*") == 0, "assertions, not repeated") ;
  {
    static char big[2000] ;
    memset(big, 'a', sizeof big) ;
    TAP_OK(mdf_re_safe(big, 1024) && !mdf_re_safe(big, 1025), "long patterns are not") ;
  }
  srand(12345) ;
  for (unsigned long i = 0 ; i < 1000000 ; i++)
  {
    size_t n = 1 + rand() % 12 ;
    for (size_t j = 0 ; j < n ; j++) buf[j] = alpha[rand() % (sizeof(alpha) - 1)] ;
    if (!mdf_re_safe(buf, n)) continue ;
    nsafe++ ;
    if (!compiles(buf, n, 1) || !compiles(buf, n, 0)) { if (bad++ < 8) printf("# unsafe: %.*s\n", (int)n, buf) ; }
  }
  TAP_OK(nsafe > 10000, "the random patterns include many safe ones") ;
  TAP_OK(!bad, "every random pattern judged safe compiles") ;
  TAP_DONE() ;
}
