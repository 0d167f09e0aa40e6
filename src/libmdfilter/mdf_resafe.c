/* ISC license. */

/* mdf_re_safe: 1 if pcre2 (UTF, caseless or not) is certain to compile
   a pattern, judged from a deliberately small grammar: plain ASCII
   characters, '.', '^', '$', backslash before punctuation or before a
   class/assertion letter, plain groups, simple bracket classes with
   ordered ranges, and one quantifier (optionally lazy or possessive)
   after something repeatable.  Anything else answers 0, and the caller
   compiles at once as before.  Used to put off compiling a regex whose
   required literal is not in the message (mdf_pat.c): if the answer
   were wrong, a syntax error would be reported late, never missed. */

#include <string.h>
#include "mdf-internal.h"

static int isquant (char c)
{
  return c == '*' || c == '+' || c == '?' ;
}

/* i at the '[': the index after the closing ']', or 0 if not safe */
static size_t class_end (char const *s, size_t n, size_t i)
{
  size_t j = i + 1 ;
  if (j < n && s[j] == '^') j++ ;
  /* [:x:], [.x.], [=x=]: POSIX syntax that pcre2 refuses out of a class */
  if (j < n && (s[j] == ':' || s[j] == '.' || s[j] == '=')) return 0 ;
  /* the first member may be ']' */
  for (int first = 1 ; j < n && (first || s[j] != ']') ; first = 0)
  {
    unsigned char c = s[j] ;
    if (c < 0x20 || c > 0x7e || c == '[' || c == '\\') return 0 ;
    if (j + 2 < n && s[j+1] == '-' && s[j+2] != ']')
    {
      unsigned char d = s[j+2] ;
      if (d < 0x20 || d > 0x7e || d == '[' || d == '\\' || d < c) return 0 ;
      j += 3 ;
    }
    else j++ ;
  }
  return j < n ? j + 1 : 0 ;
}

int mdf_re_safe (char const *s, size_t n)
{
  unsigned int depth = 0 ;
  int repeatable = 0 ;   /* the previous item takes a quantifier */
  size_t i = 0 ;
  /* far below pcre2's limit on compiled size (LINK_SIZE 2: 64 KiB) */
  if (n > 1024) return 0 ;
  while (i < n)
  {
    unsigned char c = s[i] ;
    if (isquant(c))
    {
      if (!repeatable) return 0 ;
      i++ ;
      if (i < n && (s[i] == '?' || s[i] == '+')) i++ ;
      if (i < n && isquant(s[i])) return 0 ;
      repeatable = 0 ;
      continue ;
    }
    switch (c)
    {
      case '\\' :
      {
        unsigned char d ;
        if (i + 1 >= n) return 0 ;
        d = s[i+1] ;
        if (d < 0x20 || d > 0x7e) return 0 ;
        if ((d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z') || (d >= '0' && d <= '9'))
        {
          if (strchr("dDwWsShHvVN", d)) repeatable = 1 ;
          else if (strchr("bBAZz", d)) repeatable = 0 ;
          else return 0 ;
        }
        else repeatable = 1 ;
        i += 2 ;
        continue ;
      }
      case '(' :
        if (i + 1 < n && (s[i+1] == '?' || s[i+1] == '*')) return 0 ;
        if (++depth > 32) return 0 ;
        repeatable = 0 ;
        break ;
      case ')' :
        if (!depth) return 0 ;
        depth-- ;
        repeatable = 1 ;
        break ;
      case '[' :
      {
        size_t j = class_end(s, n, i) ;
        if (!j) return 0 ;
        i = j ;
        repeatable = 1 ;
        continue ;
      }
      case '^' : case '$' :
        repeatable = 0 ;
        break ;
      case '{' : case '|' : case '#' :
        return 0 ;
      default :
        if (c != '\t' && (c < 0x20 || c > 0x7e)) return 0 ;
        repeatable = 1 ;
        break ;
    }
    i++ ;
  }
  return !depth ;
}
