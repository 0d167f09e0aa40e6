/* Unit tests for the filter-language tokenizer (LEX-*). */

#include <string.h>
#include <stdio.h>
#include <unistd.h>
#include <fcntl.h>
#include <skalibs/stralloc.h>
#include "fakert.h"
#include "../../src/libmdfilter/mdf-internal.h"
#include "tap.h"

/* the token stream of s as "type:text " words */
static char const *toks (char const *s, int embedded)
{
  static stralloc out = STRALLOC_ZERO ;
  mdf_lex l ;
  int devnull = open("/dev/null", O_WRONLY), save = dup(2) ;
  dup2(devnull, 2) ;
  out.len = 0 ;
  mdf_lex_init(&l, s, strlen(s), embedded) ;
  for (int n = 0 ; n < 100 ; n++)
  {
    if (!mdf_lex_next(&l)) break ;
    if (out.len) stralloc_catb(&out, " ", 1) ;
    switch (l.type)
    {
      case T_WORD : stralloc_cats(&out, "W:") ; stralloc_catb(&out, l.text.s, l.text.len) ; break ;
      case T_QSTR : stralloc_cats(&out, "Q:") ; stralloc_catb(&out, l.text.s, l.text.len) ; break ;
      case T_SQSTR : stralloc_cats(&out, "S:") ; stralloc_catb(&out, l.text.s, l.text.len) ; break ;
      case T_BTSTR : stralloc_cats(&out, "B:") ; stralloc_catb(&out, l.text.s, l.text.len) ; break ;
      case T_PATTERN :
        stralloc_cats(&out, "P:") ; stralloc_catb(&out, l.text.s, l.optoff) ;
        if (l.hasopt) { stralloc_cats(&out, ":") ; stralloc_catb(&out, l.text.s + l.optoff, l.text.len - l.optoff) ; }
        break ;
      case T_SEMI : stralloc_cats(&out, ";") ; break ;
      case T_ERROR : stralloc_cats(&out, "ERR") ; break ;
      default : stralloc_cats(&out, mdf_tokname(l.type)) ; break ;
    }
    if (l.type == T_EOF || l.type == T_ERROR) break ;
  }
  mdf_lex_free(&l) ;
  dup2(save, 2) ; close(save) ; close(devnull) ;
  stralloc_0(&out) ;
  return out.s ;
}

#define LX(in, want) do { char const *g_ = toks(in, 0) ; int ok_ = !strcmp(g_, want) ; TAP_OK(ok_, want) ; if (!ok_) printf("#   got [%s]\n", g_) ; } while (0)
#define LXE(in, want) do { char const *g_ = toks(in, 1) ; int ok_ = !strcmp(g_, want) ; TAP_OK(ok_, want) ; if (!ok_) printf("#   got [%s]\n", g_) ; } while (0)

int main (void)
{
  LX("A=1\n", "W:A = W:1 ; eof") ;
  LX("A=1", "W:A = W:1 ; eof") ;
  LX("A=1;B=2\r", "W:A = W:1 ; W:B = W:2 ; eof") ;
  LX("# comment\nx", "; W:x ; eof") ;
  LX("echo \"a#b\" # c\n", "echo Q:a#b ; eof") ;
  LX("A=1 + \\ junk\n2\n", "W:A = W:1 + W:2 ; eof") ;
  LX("A=\\x\n", "W:A = ERR") ;
  LX("\"a\\\\b\\\"c\\nd\\$e\"", "Q:a\\b\"c\\nd\\$e ; eof") ;
  LX("'a\\'b\\\\c'", "S:a'b\\c ; eof") ;
  LX("`echo \\`x\\``", "B:echo `x` ; eof") ;
  LX("\"line \\\n   continued\"", "Q:line continued ; eof") ;
  LX("\"one \\  # rest\n two\"", "Q:one two ; eof") ;
  LX("\"one \\# rest\n two\"", "ERR") ;
  LX("\"abc\ndef\"", "ERR") ;
  LX("\"a\" 'b' c", "Q:a S:b W:c ; eof") ;
  LX("$X-1 $X+1", "W:$X-1 W:$X + W:1 ; eof") ;
  LX("3 -5 - 2", "W:3 W:-5 - W:2 ; eof") ;
  LX("${A.b}x", "W:${A.b}x ; eof") ;
  LX("if else elsif while to cc exception", "if else elsif while to cc exception ; eof") ;
  LX("lt le gt ge eq ne ltx", "lt le gt ge eq ne W:ltx ; eof") ;
  LX("&& & || | { } ( ) + * ~ < <= > >= == = =~ ! != ,", "&& & || | { } ( ) + * ~ < <= > >= == = =~ ! != , ; eof") ;
  LX("A=~5", "W:A =~ W:5 ; eof") ;
  LX("A=!5", "W:A = ! W:5 ; eof") ;
  LX("A=/x/", "W:A = W:/x/ ; eof") ;
  LX("to /path/mbox", "to W:/path/mbox ; eof") ;
  LX("cc /p", "cc W:/p ; eof") ;
  LX("S=(/x/)", "W:S = ( P:x ) ; eof") ;
  LX("if (/^Subject: a\\/b/:hD,2,.5)", "if ( P:^Subject: a\\/b:hD,2,.5 ) ; eof") ;
  LX("$A / 2", "W:$A / W:2 ; eof") ;
  LX("/abc\n", "ERR") ;
  LX("A=é", "W:A = ERR") ;
  LX("a/b", "W:a/b ; eof") ;
  LXE("to \"x\"", "ERR") ;
  LXE("A=`x`", "W:A = ERR") ;
  LXE("echo \"x\" log", "echo Q:x ERR") ;
  LXE("include \"x\"", "include Q:x ; eof") ;
  /* line numbers: the line after the token was read (LEX-12) */
  {
    mdf_lex l ;
    char const *s = "A\n\nB \"x\\\ny\" C\n" ;
    unsigned int lines[8] ;
    int n = 0 ;
    mdf_lex_init(&l, s, strlen(s), 0) ;
    while (n < 8 && mdf_lex_next(&l) && l.type != T_EOF) lines[n++] = l.tline ;
    mdf_lex_free(&l) ;
    TAP_OK(n == 7 && lines[0] == 1 && lines[1] == 2 && lines[2] == 3 && lines[3] == 3 && lines[4] == 4 && lines[5] == 4 && lines[6] == 5, "line numbers") ;
  }
  TAP_DONE() ;
}
