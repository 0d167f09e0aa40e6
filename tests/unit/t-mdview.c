/* Unit tests for the message view, and a dump tool for the differential
   and hostile-input tests:
     t-mdview                      run the unit tests (TAP)
     t-mdview dump h|b|hb FILE     print each line as H[..], B[..] or X[..]
     t-mdview count h|b|hb FILE    print the number of lines and bytes
     t-mdview getaddr STRING       print getaddr(STRING)
     t-mdview hasaddr ADDR FILE    print 1 or 0 */

#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <unistd.h>
#include <skalibs/stralloc.h>
#include "msg.h"
#include "mdview.h"
#include "tap.h"

static int dumpline (char const *s, size_t len, unsigned int where, void *aux)
{
  char const *tag = aux ;
  fputs(tag, stdout) ;
  fputc('[', stdout) ;
  fwrite(s, 1, len, stdout) ;
  fputs("]\n", stdout) ;
  return 0 ;
}

static unsigned long long nlines, nbytes ;

static int countline (char const *s, size_t len, unsigned int where, void *aux)
{
  nlines++ ; nbytes += len ;
  return 0 ;
}

static int loadfile (msg *m, char const *file)
{
  int fd = open(file, O_RDONLY) ;
  if (fd < 0) { perror(file) ; exit(111) ; }
  if (!msg_load(m, fd, 0)) { perror("msg_load") ; exit(111) ; }  /* m may keep fd */
  return 1 ;
}

static unsigned int whatof (char const *s)
{
  if (!strcmp(s, "h")) return MDVIEW_HEADER ;
  if (!strcmp(s, "b")) return MDVIEW_BODY ;
  if (!strcmp(s, "hb")) return MDVIEW_HEADER | MDVIEW_BODY ;
  fprintf(stderr, "t-mdview: bad mode %s\n", s) ;
  exit(100) ;
}

static int tool (int argc, char const *const *argv)
{
  if (!strcmp(argv[1], "dump") && argc == 4)
  {
    msg m = MSG_ZERO ;
    unsigned int w = whatof(argv[2]) ;
    loadfile(&m, argv[3]) ;
    if (mdview_scan(&m, w, &dumpline, (void *)(w == MDVIEW_HEADER ? "H" : w == MDVIEW_BODY ? "B" : "X")) < 0) { perror("mdview_scan") ; return 111 ; }
    msg_free(&m) ;
    return fflush(stdout) ? 111 : 0 ;
  }
  if (!strcmp(argv[1], "count") && argc == 4)
  {
    msg m = MSG_ZERO ;
    loadfile(&m, argv[3]) ;
    if (mdview_scan(&m, whatof(argv[2]), &countline, 0) < 0) { perror("mdview_scan") ; return 111 ; }
    msg_free(&m) ;
    printf("%llu %llu\n", nlines, nbytes) ;
    return 0 ;
  }
  if (!strcmp(argv[1], "getaddr") && argc == 3)
  {
    stralloc sa = STRALLOC_ZERO ;
    if (!mdview_getaddr(argv[2], strlen(argv[2]), &sa)) return 111 ;
    if (sa.len) fwrite(sa.s, 1, sa.len, stdout) ;
    stralloc_free(&sa) ;
    return 0 ;
  }
  if (!strcmp(argv[1], "hasaddr") && argc == 4)
  {
    msg m = MSG_ZERO ;
    int r ;
    loadfile(&m, argv[3]) ;
    r = mdview_hasaddr(&m, argv[2], strlen(argv[2])) ;
    msg_free(&m) ;
    if (r < 0) return 111 ;
    printf("%d\n", r) ;
    return 0 ;
  }
  fprintf(stderr, "usage: t-mdview [dump|count h|b|hb file | getaddr string | hasaddr addr file]\n") ;
  return 100 ;
}

/* Unit tests: render s with what, lines joined by '|' */

static int catline (char const *s, size_t len, unsigned int where, void *aux)
{
  stralloc *sa = aux ;
  return stralloc_catb(sa, s, len) && stralloc_catb(sa, "|", 1) ? 0 : -1 ;
}

static int stopper (char const *s, size_t len, unsigned int where, void *aux)
{
  (*(int *)aux)++ ;
  return 1 ;
}

static char const *view (char const *s, size_t n, unsigned int what)
{
  static stralloc out = STRALLOC_ZERO ;
  msg m = MSG_ZERO ;
  out.len = 0 ;
  if (!stralloc_catb(&m.mem, s, n)) return "ENOMEM" ;
  m.len = n ;
  if (mdview_scan(&m, what, &catline, &out) < 0) return "ERROR" ;
  msg_free(&m) ;
  if (!stralloc_0(&out)) return "ENOMEM" ;
  return out.s ;
}

#define V(s, w) view(s, sizeof(s) - 1, w)
#define H MDVIEW_HEADER
#define B MDVIEW_BODY
#define IS(got, want, desc) do { char const *g_ = (got) ; int ok_ = !strcmp(g_, want) ; TAP_OK(ok_, desc) ; if (!ok_) printf("#   got: [%s]\n#  want: [%s]\n", g_, want) ; } while (0)

static char const *ga (char const *s)
{
  static stralloc sa = STRALLOC_ZERO ;
  sa.len = 0 ;
  if (!mdview_getaddr(s, strlen(s), &sa) || !stralloc_0(&sa)) return "ENOMEM" ;
  return sa.s ;
}

static int ha (char const *s, char const *addr)
{
  msg m = MSG_ZERO ;
  int r ;
  if (!stralloc_cats(&m.mem, s)) return -1 ;
  m.len = m.mem.len ;
  r = mdview_hasaddr(&m, addr, strlen(addr)) ;
  msg_free(&m) ;
  return r ;
}

int main (int argc, char const *const *argv)
{
  if (argc > 1) return tool(argc, argv) ;

  IS(V("X-A:nospace\nX-F: part1\n\t  part2\n part3\n\nbody\n\nline3\n", H), "X-A: nospace|X-F: part1 \t  part2  part3|", "header: one space after the colon, folding joined") ;
  IS(V("X-A:nospace\n\nbody\n\nline3\n", B), "body||line3|", "body: empty lines given, separator not") ;
  IS(V("Subject: a\r\nX: b\r\n folded\r\n\r\nbody\r\n", H | B), "Subject: a|X: b  folded|body\r|", "CRs dropped in headers, kept in the body") ;
  IS(V("Subject: =?UTF-8?B?SGVsbG8gV8O2cmxk?=\n\n", H), "Subject: Hello W\xc3\xb6rld|", "RFC 2047 B word") ;
  IS(V("Subject: =?ISO-8859-1?Q?caf=E9_au_lait?= x =?iso-8859-1?q?=E9?=\n\n", H), "Subject: caf\xc3\xa9 au lait x \xc3\xa9|", "RFC 2047 Q word, Latin-1") ;
  IS(V("Subject: =?utf-8?q?a?=  \n =?utf-8?q?b?=\n\n", H), "Subject: ab|", "whitespace between encoded words dropped") ;
  IS(V("Subject: =?nosuch?q?a?=\n\n", H), "Subject: [unknown character set: nosuch -> utf-8]|", "unknown charset in a word") ;
  IS(V("From: \"Alice\" <a@x>\nTo: x@y.z (Comment Here)\nReply-To: \"A\" <a@x>\n\n", H), "From: Alice <a@x>|To: Comment Here <x@y.z>|Reply-To: \"A\" <a@x>|", "address headers reformatted, others not") ;
  IS(V("To: John Q. Public <j@x>, <c@z>, Group: a@b, c@d;\n\n", H), "To: \"John Q. Public\" <j@x>, c@z, Group: a@b, c@d;|", "address list with a group") ;
  IS(V("\nSubject: s\n\nb\n", H), "", "leading blank line: no header") ;
  IS(V("\nSubject: s\n\nb\n", B), "Subject: s||b|", "leading blank line: all body") ;
  IS(V("just body text\nno headers here\n", H | B), "just body text|: |no headers here: ||", "no blank line: all header, one empty body line") ;
  IS(V("A: 1\n\nb1\nb2", B), "b1|", "a last line without newline is not seen") ;
  IS(V("Subject: a\0b\n\nbo\0dy\n", H | B), "Subject: a|bo|", "lines end at a NUL") ;
  IS(V("X: \xc3\xa9t\xc3\xa9 \xe9x\n\nb\xc3\xa9\xe9z\n", H | B), "X: \xc3\xa9t\xc3\xa9 x|b\xc3\xa9z|", "invalid UTF-8 dropped") ;
  IS(V("MIME-Version: 1.0\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\ncaf=E9 soft=\nbreak\n", B), "caf\xc3\xa9 softbreak|", "QP Latin-1 body") ;
  IS(V("Content-Type: text/plain; charset=iso-8859-1\n\ncaf\xe9\n", B), "caf|", "no MIME-Version: charset ignored") ;
  IS(V("MIME-Version: 1.0\nContent-Type: text/plain; charset=x-nosuch\n\nabc\n", B), "", "unknown charset: body not searched") ;
  IS(V("MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=BB\n\npre\n--BB\nContent-Type: text/plain\n\none\n--BB\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n--BB\nContent-Type: text/html\nContent-Transfer-Encoding: base64\n\nPGI+aGk8L2I+Cmxpbm\nUyCg==\n--BB--\nepilogue\n", H | B),
    "MIME-Version: 1.0|Content-Type: multipart/mixed; boundary=BB|Content-Type: text/plain|oneContent-Type: image/png|Content-Transfer-Encoding: base64|Content-Type: text/html|Content-Transfer-Encoding: base64|<b>hi</b>|line2|",
    "multipart: part headers, text leaves, run-on last lines") ;
  IS(V("MIME-Version: 1.0\nContent-Type: message/rfc822\n\nSubject: in\n\ninner\n", H | B), "MIME-Version: 1.0|Content-Type: message/rfc822|Subject: in|inner|", "message/rfc822: inner header and body") ;
  IS(V("MIME-Version: 1.0\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\nY=YWJj\n", B), "f6\x16|", "base64: '=' is a quartet member, decoding goes on after it") ;
  IS(V("MIME-Version: 1.0\nContent-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\na=\rb\na=3x\na=x3\nend\n", B), "aax|ax3|end|", "QP: soft break before CR, odd = sequences") ;
  IS(V("MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nbefore\n--b\nContent-Type: text/plain; charset=x-bad\n\nzz\n--b\nX-After: 1\n\nafter\n--b--\n", H | B), "MIME-Version: 1.0|Content-Type: multipart/mixed; boundary=b|beforeContent-Type: text/plain; charset=x-bad|", "an unknown charset ends the scan") ;
  IS(V("MIME-Version: 1.0\nContent-Type: image/png\n", B), "|", "unclosed header: the last Content-Type is not looked at") ;
  IS(V("MIME-Version: 1.0\nContent-Type: image/png\nX: 1\n", B), "", "unclosed header: earlier Content-Type counts") ;
  IS(V("To: a@b, (c), d@e, (c d), <x@y> (z)\nCc: g:;, \"Q n\": x@y;\n\n", H), "To: a@bcd@e, c d x@yz|Cc: g: ;Q n: x@y;|", "address-less entries") ;
  IS(V("X-\xe9: 1\nX-\xc3\xa9: 2\n\n", H), "X-\xc3\xa9: 2|", "a header name that is not UTF-8: line withheld") ;
  {
    int n = 0 ;
    msg m = MSG_ZERO ;
    stralloc_cats(&m.mem, "A: 1\nB: 2\n\nx\n") ; m.len = m.mem.len ;
    TAP_OK(mdview_scan(&m, H | B, &stopper, &n) == 1 && n == 1, "the callback stops the scan") ;
    msg_free(&m) ;
  }
  IS(ga("\"Alice\" <a@x>, bob@y (Bob), Group: c@d, e@f;, <g@h>"), "a@x\nbob@y\nc@d\ne@f\ng@h\n", "getaddr: list with group") ;
  IS(ga("To: x@y.z"), "x@y.z\n", "getaddr: header name read as a group") ;
  IS(ga("=?UTF-8?Q?J=C3=B6rg?= <jorg@example.com>"), "jorg@example.com\n", "getaddr: encoded name dropped") ;
  IS(ga("a  @  b . c, (c), a b@c"), "a@b.c\na\nb@c\n", "getaddr: spaces, comment-only, bare words") ;
  IS(ga(""), "", "getaddr: empty") ;
  TAP_OK(ha("To: \"A\" <Alice@Example.com>, b@c\nCc: x@y,\n  z@w\nFrom: f@g\n\nTo: body@x\n", "alice@example.com") == 1, "hasaddr: To, case-insensitive") ;
  TAP_OK(ha("To: a@b\nCc: x@y,\n  z@w\n\n", "z@w") == 1, "hasaddr: Cc continuation line") ;
  TAP_OK(ha("To: a@b\nFrom: f@g\n\n", "f@g") == 0, "hasaddr: From not checked") ;
  TAP_OK(ha("To: a@b\n\nTo: body@x\n", "body@x") == 0, "hasaddr: body not checked") ;
  TAP_OK(ha("Resent-Cc: r@t\n\n", "r@t") == 1, "hasaddr: Resent-Cc") ;
  TAP_DONE() ;
}
