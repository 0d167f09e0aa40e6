/* Unit tests for the filter-language parser: error texts and lines as
   the reference prints them, check-only recovery, tree shapes. */

#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <fcntl.h>
#include <skalibs/stralloc.h>
#include "fakert.h"
#include "../../src/libmdfilter/mdf-internal.h"
#include "tap.h"

static stralloc errs = STRALLOC_ZERO ;
static mdf_prog prog = MDF_PROG_ZERO ;

/* parse s; stderr text into errs; returns mdf_parse's result */
static int parse (char const *s, int embedded, int checkonly)
{
  char name[] = "/tmp/t-parse.XXXXXX" ;
  int fd = mkstemp(name), save = dup(2), r ;
  unlink(name) ;
  dup2(fd, 2) ;
  mdf_prog_free(&prog) ;
  prog = (mdf_prog)MDF_PROG_ZERO ;
  prog.name = "f" ;
  r = mdf_parse(&prog, s, strlen(s), embedded, checkonly) ;
  dup2(save, 2) ; close(save) ;
  errs.len = 0 ;
  lseek(fd, 0, SEEK_SET) ;
  slurp(&errs, fd) ;
  close(fd) ;
  stralloc_0(&errs) ;
  return r ;
}

static char const *flat (char const *s)
{
  static char buf[200] ;
  size_t i ;
  for (i = 0 ; s[i] && i < sizeof buf - 1 ; i++) buf[i] = s[i] == '\n' ? '|' : s[i] ;
  buf[i] = 0 ;
  return buf ;
}

#define PE(src, want) do { parse(src, 0, 0) ; int ok_ = !strcmp(errs.s, want) ; TAP_OK(ok_, flat(src)) ; if (!ok_) printf("#   got [%s] want [%s]\n", flat(errs.s), flat(want)) ; } while (0)

static mdf_node *stmt0 (void)
{
  mdf_node *l = NODE(&prog, prog.root) ;
  return l->a == NONE ? 0 : NODE(&prog, l->a) ;
}

int main (void)
{
  /* texts and lines checked against the reference */
  PE("if (1) echo x\n", "f(1): Syntax error after )\n") ;
  PE("A=~5\n", "f(1): Syntax error after =~\n") ;
  PE("exit 3\n", "f(1): Syntax error.\n") ;
  PE("A=(1\nexit\n", "f(2): Missing )\n") ;
  PE("{ echo a }\n", "f(1): Syntax error.\n") ;
  PE("A=1\n\nif (1)\n{\necho a\n} else\n", "f(6): Syntax error after }\n") ;
  PE("log=1\n", "f(1): Syntax error.\n") ;
  PE("echo \"abc\nexit\n", "maildrop: Missing ', \", or `.\nf(1): Syntax error.\n") ;
  PE("A=(/abc\nexit\n", "f(1): Syntax error.\n") ;
  PE("{\necho a\n", "f(3): Missing }\n") ;
  PE("if (1)\necho a\n}\n", "f(3): Syntax error.\n") ;
  PE("if 1\n", "f(1): Syntax error after if\n") ;
  PE("while 1\n", "f(1): Syntax error after while\n") ;
  PE("while (1) echo\n", "f(1): Syntax error after else\n") ;
  PE("if (1\necho\n", "f(2): Missing )\n") ;
  PE("A=substr(\"a\" 1)\n", "f(1): Missing ,\n") ;
  PE("A=substr \"a\"\n", "f(1): Missing (\n") ;
  PE("foreach \"a\"\necho\n", "f(2): Syntax error.\n") ;
  PE("A=1 < 2 < 3\n", "f(1): Syntax error.\n") ;
  PE("exception\n{\n}\n", "f(2): Syntax error.\n") ;
  PE("\"a\"b=1\n", "f(1): Syntax error before =\n") ;
  PE("'a'=1\n", "f(1): Syntax error before =\n") ;
  PE("A=B=C\n", "f(1): Syntax error before =\n") ;
  PE("C=\n", "f(2): Syntax error.\n") ;
  PE("echo time()\n", "f(1): Syntax error.\n") ;
  PE("A=(1+1) \"x\"\n", "f(1): Syntax error.\n") ;
  PE("if (1)\n{\necho a\n}\nelse\n{\necho b\n}\n", "") ;
  PE("if (1) ;echo x\n", "") ;
  PE("exception {\n echo a\n}\n", "") ;
  PE("dotlock \"x\" {\n}\nflock \"y\" {\n}\n", "") ;
  PE("foreach /a/\n{\n}\nforeach \"x\" =~ /a/\n{\n}\nforeach (\"x\" =~ /a/)\necho\n", "f(9): Syntax error.\n") ;
  /* embedded refusals happen at tokenize time */
  parse("if (0)\n{\nto \"x\"\n}\n", 1, 0) ;
  TAP_OK(!strcmp(errs.s, "maildrop: 'to' disabled in embedded mode.\nf(3): Syntax error.\n"), "embedded: to refused in dead code") ;
  parse("A=`echo hi`\n", 1, 0) ;
  TAP_OK(!strcmp(errs.s, "maildrop: 'string: `echo hi`' disabled in embedded mode.\nf(1): Syntax error.\n"), "embedded: backticks refused") ;
  /* check-only: every error is reported */
  TAP_OK(parse("A=(\nB=1\nif 1\nC=)\nD=2\n", 0, 1) == 3, "check-only counts 3 errors") ;
  TAP_OK(!strcmp(errs.s, "f(2): Syntax error.\nf(3): Syntax error after if\nf(4): Syntax error.\n"), "check-only messages") ;
  TAP_OK(parse("A=(\n", 0, 0) == 1, "normal mode stops at the first error") ;
  /* shapes */
  parse("A=1+2*3\n", 0, 0) ;
  {
    mdf_node *s = stmt0(), *as, *add ;
    TAP_OK(s && s->type == N_EXPR, "expression statement") ;
    as = s ? NODE(&prog, s->a) : 0 ;
    TAP_OK(as && as->type == N_ASSIGN, "assignment") ;
    add = as ? NODE(&prog, as->b) : 0 ;
    TAP_OK(add && add->type == N_ADD && NODE(&prog, add->b)->type == N_MUL, "* binds tighter than +") ;
  }
  parse("A=1 || 2 && 3\n", 0, 0) ;
  {
    mdf_node *as = NODE(&prog, stmt0()->a) ;
    mdf_node *o = NODE(&prog, as->b) ;
    TAP_OK(o->type == N_OROR && NODE(&prog, o->b)->type == N_ANDAND, "&& binds tighter than ||") ;
  }
  parse("A=1|2==3\n", 0, 0) ;
  {
    mdf_node *c = NODE(&prog, NODE(&prog, stmt0()->a)->b) ;
    TAP_OK(c->type == N_CMP && NODE(&prog, c->a)->type == N_BOR, "| binds tighter than ==") ;
  }
  parse("A=length \"abc\" + 1\n", 0, 0) ;
  {
    mdf_node *c = NODE(&prog, NODE(&prog, stmt0()->a)->b) ;
    TAP_OK(c->type == N_ADD && NODE(&prog, c->a)->type == N_LENGTH, "built-ins take one primary") ;
  }
  parse("if (0)\n\necho x\n", 0, 0) ;
  {
    mdf_node *i = stmt0() ;
    TAP_OK(i && i->type == N_IF && NODE(&prog, i->b)->type == N_NOP && i->next != NONE, "blank line after if: empty body (reference trap)") ;
  }
  parse("if (0)\necho a\nelsif (1)\necho b\nelse\necho c\n", 0, 0) ;
  {
    mdf_node *i = stmt0() ;
    TAP_OK(i && i->type == N_IF && i->c != NONE && NODE(&prog, i->c)->type == N_IF && NODE(&prog, i->c)->c != NONE, "elsif chain") ;
  }
  /* hostile nesting: an error, not a crash */
  {
    size_t n = 100000 ;
    char *s = malloc(2 * n + 10) ;
    memset(s, '(', n) ; strcpy(s + n, "1") ; memset(s + n + 1, ')', n) ; strcpy(s + 2 * n + 1, "\n") ;
    TAP_OK(parse(s, 0, 0) == 1 && strstr(errs.s, "Nesting too deep."), "100000 parentheses") ;
    free(s) ;
  }
  {
    stralloc sa = STRALLOC_ZERO ;
    for (int i = 0 ; i < 10000 ; i++) stralloc_cats(&sa, "if (1)\n{\n") ;
    stralloc_0(&sa) ;
    TAP_OK(parse(sa.s, 0, 1) >= 1 && strstr(errs.s, "Nesting too deep."), "10000 nested blocks") ;
    stralloc_free(&sa) ;
  }
  mdf_prog_free(&prog) ;
  TAP_DONE() ;
}
