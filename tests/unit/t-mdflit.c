/* t-mdflit: the required-literal shortcut of the pattern engine must
   never reject a line that pcre2 would match. */
#include <string.h>
#include "../../src/libmdfilter/mdf-lit.h"
#include "tap.h"

static unsigned int lit (char const *re, int caseless, char *out)
{
  mdf_lit l ;
  mdf_lit_make(&l, re, strlen(re), caseless) ;
  memcpy(out, l.s, l.len) ; out[l.len] = 0 ;
  return l.len ;
}

static int may (char const *re, int caseless, char const *line, int ascii)
{
  mdf_lit l ;
  mdf_lit_make(&l, re, strlen(re), caseless) ;
  return mdf_lit_may(&l, line, strlen(line), ascii) ;
}

int main (void)
{
  char b[80] ;
  TAP_OK(lit("unsubscribe-now", 1, b) == 15 && !strcmp(b, "unsubscribe-now"), "a plain pattern is its own literal") ;
  TAP_OK(lit("^Subject:.*Viagra", 1, b) && !strcmp(b, "subject:"), "the longest run, lowercased when caseless") ;
  TAP_OK(lit("^List-Id:.*<devel\\.lists\\.example\\.org>", 0, b) && !strcmp(b, "<devel.lists.example.org>"), "escaped punctuation is literal") ;
  TAP_OK(lit("abcdx*yz", 1, b) == 4 && !strcmp(b, "abcd"), "a quantified character is not required") ;
  TAP_OK(!lit("foo|barbaz", 1, b), "alternation: no literal") ;
  TAP_OK(!lit("(?i)foobar", 0, b), "inline options: no literal") ;
  TAP_OK(!lit("\\x41bcdef", 0, b), "\\x: no literal") ;
  TAP_OK(!lit("abc{2}", 0, b), "braces: no literal") ;
  TAP_OK(!lit("abcdef\\tx", 0, b) && may("abcdef\\tx", 0, "zz", 1), "giving up after a run: no literal") ;
  TAP_OK(lit("(optional)?word", 1, b) && !strcmp(b, "word"), "group contents are not required") ;
  TAP_OK(lit("[xyz]+hello", 1, b) && !strcmp(b, "hello"), "a class ends the run") ;
  TAP_OK(!lit("ab", 1, b), "too short: no literal") ;
  TAP_OK(may("unsubscribe-now", 1, "please UNSUBSCRIBE-Now here", 1), "caseless hit") ;
  TAP_OK(!may("unsubscribe-now", 1, "The quick brown fox unsubscribe now", 1), "caseless miss") ;
  TAP_OK(may("unsubscribe-now", 1, "unsubscribe-now", 1), "whole line") ;
  TAP_OK(!may("unsubscribe-now", 1, "unsubscribe-no", 1), "short line") ;
  TAP_OK(may("unsubscribe-now", 1, "un\xc5\xbfubscribe-now", 0), "caseless, 8-bit line: always pcre2 (long s)") ;
  TAP_OK(!may("Viagra", 0, "viagra", 1), "caseful miss") ;
  TAP_OK(may("Viagra", 0, "xx Viagra", 1), "caseful hit at the end") ;
  TAP_OK(may("hello", 1, "hhhHELLO", 1), "overlapping candidates") ;
  TAP_OK(may("foo|bar", 1, "nothing", 1), "no literal: always pcre2") ;
  TAP_OK(!may("^Subject:.*viagra", 1, "Subject: quarterly report", 1), "every run is required: the shorter one missing") ;
  TAP_OK(may("^Subject:.*viagra", 1, "SUBJECT: cheap VIAGRA", 1), "every run present, caseless") ;
  TAP_OK(!may("^Subject:.*Viagra", 0, "Subject: cheap viagra", 1), "caseful extra run") ;
  TAP_OK(may("abc.*de.*fgh", 1, "fgh de abc", 1), "runs are not ordered (conservative)") ;
  TAP_OK(!may("abcd.*xyz.*pqr.*lmn.*uvw", 1, "abcd xyz lmn uvw", 1), "several extra runs") ;
  TAP_OK(may("(xyz)?abcd.*qq", 1, "abcd", 1), "short and optional runs are not required") ;
  TAP_DONE() ;
}
