/* Unit tests for the filter evaluator, with the fake runtime.
   "t-eval run [-m] [-c] FILE < msg" runs a filter as a harness. */

#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <skalibs/stralloc.h>
#include "mdfilter.h"
#include "mdvars.h"
#include "fakert.h"
#include "tap.h"

static char const *sample =
  "Return-Path: <sender@example.org>\n"
  "From: Alice Example <alice@example.org>\n"
  "To: bob@example.com\n"
  "Subject: Hello there\n"
  "Message-ID: <abc@example.org>\n"
  "\n"
  "Body line 1\n"
  "From the start\n"
  ">From quoted\n"
  "Body end\n" ;

static int runtext (char const *text, unsigned int flags)
{
  char name[] = "/tmp/t-eval.XXXXXX" ;
  int fd = mkstemp(name), r ;
  if (fd < 0) return -1 ;
  unlink(name) ;
  if (write(fd, text, strlen(text)) != (ssize_t)strlen(text)) return -1 ;
  lseek(fd, 0, SEEK_SET) ;
  r = mdfilter_run(fd, "f", flags) ;
  close(fd) ;
  return r ;
}

static int var_is (char const *name, char const *want)
{
  size_t len ;
  char const *v = mdvar_get(name, strlen(name), &len) ;
  if (!v) return !want ;
  if (!want || len != strlen(want) || memcmp(v, want, len))
  {
    printf("# %s = [%.*s], want [%s]\n", name, (int)len, v, want ? want : "(unset)") ;
    return 0 ;
  }
  return 1 ;
}

static char const *flat (char const *s)
{
  static char buf[200] ;
  size_t i ;
  for (i = 0 ; s[i] && i < sizeof buf - 1 ; i++) buf[i] = s[i] == '\n' ? '|' : s[i] ;
  buf[i] = 0 ;
  return buf ;
}

#define EV(text, var, want) do { int r_ = runtext(text, 0) ; TAP_OK(r_ != MDF_FATAL && var_is(var, want), flat(text)) ; } while (0)

static int harness (int argc, char const *const *argv)
{
  unsigned int flags = 0 ;
  int fd, r ;
  char const *file ;
  int i = 2 ;
  for (; i < argc && argv[i][0] == '-' ; i++)
  {
    if (!strcmp(argv[i], "-m")) flags |= MDF_EMBEDDED ;
    else if (!strcmp(argv[i], "-c")) flags |= MDF_CHECKONLY ;
    else if (!strcmp(argv[i], "-d")) flags |= MDF_DELIVERY ;
  }
  if (i >= argc) return 100 ;
  file = argv[i] ;
  signal(SIGPIPE, SIG_IGN) ;
  if (!msg_load(&fake_msg, 0, 0)) return 111 ;
  fake_print = !!getenv("FAKERT_PRINT") ;
  mdfilter_argv0 = "/usr/bin/maildrop" ;
  mdvar_sets("HOME", "/root") ;
  fd = open(file, O_RDONLY) ;
  if (fd < 0) return 111 ;
  r = mdfilter_run(fd, file, flags) ;
  if (r == MDF_FATAL) return 75 ;
  {
    size_t len ;
    char const *v = mdvar_get("EXITCODE", 8, &len) ;
    char buf[32] = "" ;
    if (v && len < sizeof buf) memcpy(buf, v, len), buf[len] = 0 ;
    return atoi(buf) & 255 ;
  }
  return 0 ;
}

int main (int argc, char const *const *argv)
{
  if (argc >= 3 && !strcmp(argv[1], "run")) return harness(argc, argv) ;
  stralloc_copys(&fake_msg.mem, sample) ;
  fake_msg.len = fake_msg.mem.len ;

  /* assignments, strings, expansion */
  EV("A=1\n", "A", "1") ;
  EV("A=\"x\" 'y' z\n", "A", "xyz") ;
  EV("B=5\nA=\"$B-${B}\"\n", "A", "5-5") ;
  EV("B=5\nA='$B'\n", "A", "$B") ;
  EV("B=5\nA=\"\\$B\"\n", "A", "\\$B") ;
  EV("B=5\nA=$B-1\n", "A", "5-1") ;
  EV("\"$N\"=1\n", "$N", "1") ;
  EV("A=\"a\\\\b\"\n", "A", "a\\b") ;
  EV("A=\"line \\\n   continued\"\n", "A", "line continued") ;
  EV("A=1 + \\ junk\n2\n", "A", "3") ;
  EV("A=/var/mail\n", "A", "/var/mail") ;
  /* arithmetic and comparisons */
  EV("A=2+3*4\n", "A", "14") ;
  EV("A=(2+3)*4\n", "A", "20") ;
  EV("A=1+2==3\n", "A", "1") ;
  EV("A=10 / 4\n", "A", "2.5") ;
  EV("A=1 / 3\n", "A", "0.3333333333333333148296") ;
  EV("A=0.1+0.2\n", "A", "0.3000000000000000444089") ;
  EV("A=1 / 0\n", "A", "inf") ;
  EV("A=3 -5\n", "A", "3-5") ;
  EV("A=3 - 5\n", "A", "-2") ;
  EV("A= ~5\n", "A", "-6") ;
  TAP_OK(runtext("A=~5\n", 0) == MDF_FATAL, "A=~5 is a syntax error") ;
  EV("A=7|8\n", "A", "15") ;
  EV("A=5&3\n", "A", "1") ;
  EV("A=\"2\" lt \"10\"\n", "A", "0") ;
  EV("A=2 < 10\n", "A", "1") ;
  EV("A=0 || \"x\"\n", "A", "x") ;
  EV("A=\"y\" && \"x\"\n", "A", "x") ;
  EV("A=\"\" && \"x\"\n", "A", "") ;
  EV("A=!\"0.0\"\n", "A", "0") ;
  EV("A=!\"0.00\"\n", "A", "1") ;
  EV("A=!\".\"\n", "A", "0") ;
  EV("A=!\" 0 \"\n", "A", "1") ;
  /* control flow */
  EV("A=0\nif (1)\nA=1\nelse\nA=2\n", "A", "1") ;
  EV("A=0\nif (0)\nA=1\nelsif (1)\nA=3\nelse\nA=2\n", "A", "3") ;
  EV("A=0\nif (0)\n\nA=1\n", "A", "1") ;
  EV("A=0\nwhile ($A < 5)\nA=$A + 1\n", "A", "5") ;
  EV("A=0\nif (1)\n{\n A=7\n}\n", "A", "7") ;
  /* built-ins */
  EV("A=length \"abc\" + 1\n", "A", "4") ;
  EV("A=substr(\"hello\", 1, 2)\n", "A", "el") ;
  EV("A=substr(\"hello\", 2.9)\n", "A", "llo") ;
  EV("A=substr(\"hello\", 1, -2)\n", "A", "") ;
  EV("A=substr(\"hello\", -1)\n", "A", "") ;
  EV("A=escape(\"a|b.c d\")\n", "A", "a\\|b\\.c d") ;
  EV("A=tolower(\"ABC\")\n", "A", "abc") ;
  EV("A=toupper \"xyz\"\n", "A", "XYZ") ;
  /* patterns */
  EV("A=(/^Subject: (.*)/)\n", "MATCH1", "Hello there") ;
  EV("A=(/^Subject: (.*)/)\n", "A", "2") ;
  EV("A=(/^subject:/:D)\n", "A", "0") ;
  EV("A=(/^.*$/:h,2,3)\n", "A", "242") ;
  EV("A=(/From/:b,1,1)\n", "A", "2") ;
  EV("A=(/line/:w)\n", "A", "2") ;
  EV("A=\"aaa\" =~ /a/:1,2\n", "A", "7") ;
  EV("A=\"abc\" =~ /(?<n>b)(x)?(c)/\n", "MATCH", "bc") ;
  EV("A=\"abc\" =~ /(?<n>b)(x)?(c)/\n", "MATCH3", "c") ;
  EV("A=\"xx\" =~ /x*/:1\n", "A", "2") ;
  EV("B=\"\"\nforeach \"a1b2c3\" =~ /[a-z][0-9]/\n{\nB=\"$B$MATCH,\"\n}\n", "B", "a1,b2,c3,") ;
  EV("A=(/([x/)\n", "A", "0") ;
  /* exception, to, exit */
  TAP_OK(runtext("to \"box\"\nA=9\n", 0) == MDF_EXIT, "to ends the run") ;
  TAP_OK(runtext("to \"failbox\"\n", 0) == MDF_FATAL, "failed to is fatal") ;
  EV("A=1\nexception {\nto \"failbox\"\n}\nA=2\n", "A", "2") ;
  EV("EXITCODE=77\nexception {\nto \"box\"\n}\nA=3\n", "A", "3") ;
  TAP_OK(runtext("EXITCODE=0\nexception {\nto \"box\"\n}\nA=3\n", 0) == MDF_EXIT, "to with EXITCODE 0 is not caught") ;
  TAP_OK(runtext("exception {\nexit\n}\n", 0) == MDF_EXIT, "exit is not caught") ;
  TAP_OK(runtext("if (1) echo x\n", 0) == MDF_FATAL, "syntax error is fatal") ;
  TAP_OK(runtext("to \"x\"\n", MDF_EMBEDDED) == MDF_FATAL, "to refused in embedded mode") ;
  TAP_OK(runtext("A=1\nB=(\nC=)\n", MDF_CHECKONLY) == MDF_FATAL, "checkonly reports errors") ;
  TAP_OK(runtext("A=1\n", MDF_CHECKONLY) == MDF_DONE, "checkonly passes a good file") ;
  /* runtime calls */
  fake_log.len = 0 ;
  runtext("cc \"a\"\nxfilter \"b\"\nlogfile \"c\"\nlog \"d\\te\"\ndotlock \"l\" {\ncc \"in\"\n}\n", 0) ;
  stralloc_0(&fake_log) ;
  TAP_OK(!strcmp(fake_log.s, "deliver a\nxfilter b\nlogfile c\nlog d\te\n\ndotlock l\ndeliver in\nrelease 0\n"), "runtime calls in order") ;
  /* deep nesting is an error, not a crash */
  {
    size_t n = 100000 ;
    char *s = malloc(2 * n + 10) ;
    memset(s, '(', n) ;
    strcpy(s + n, "1") ;
    memset(s + n + 1, ')', n) ;
    strcpy(s + 2 * n + 1, "\n") ;
    TAP_OK(runtext(s, 0) == MDF_FATAL, "100000 nested parentheses") ;
    free(s) ;
  }
  {
    stralloc sa = STRALLOC_ZERO ;
    for (int i = 0 ; i < 10000 ; i++) stralloc_cats(&sa, "if (1)\n") ;
    stralloc_cats(&sa, "A=1\n") ;
    stralloc_0(&sa) ;
    TAP_OK(runtext(sa.s, 0) == MDF_FATAL, "10000 nested ifs") ;
    stralloc_free(&sa) ;
  }
  TAP_DONE() ;
}
