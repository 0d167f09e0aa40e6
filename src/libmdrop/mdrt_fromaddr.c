/* ISC license. */

#include <string.h>
#include <strings.h>
#include "mdrtctl.h"

/* IN-11: -f wins; else the first Return-Path: of the header section
   (CR stripped); else MAILER-DAEMON; an empty result becomes the login. */

static int scan (stralloc *out)
{
  msgrd r ;
  stralloc line = STRALLOC_ZERO ;
  int found = 0 ;
  msgrd_init(&r, &mdrt_message) ;
  for (;;)
  {
    int e ;
    size_t n ;
    line.len = 0 ;
    e = msgrd_line(&r, &line) ;
    if (e < 0) { stralloc_free(&line) ; return -1 ; }
    if (!e) break ;
    n = line.len ;
    if (n && line.s[n-1] == '\n') n-- ;
    if (n && line.s[n-1] == '\r') n-- ;
    if (!n) break ;
    if (n >= 12 && !strncasecmp(line.s, "return-path:", 12))
    {
      size_t i = 12, j ;
      while (i < n && (line.s[i] == ' ' || line.s[i] == '\t')) i++ ;
      if (i < n && line.s[i] == '<') i++ ;
      for (j = i ; j < n && line.s[j] != '>' && line.s[j] != ' ' && line.s[j] != '\t' ; j++) ;
      if (!stralloc_catb(out, line.s + i, j - i)) { stralloc_free(&line) ; return -1 ; }
      found = 1 ;
      break ;
    }
  }
  stralloc_free(&line) ;
  return found ;
}

int mdrt_fromaddr (char const *fflag, char const *login)
{
  mdrt_sender.len = 0 ;
  if (fflag && *fflag)
  {
    if (!stralloc_cats(&mdrt_sender, fflag)) return 0 ;
  }
  else
  {
    int r = scan(&mdrt_sender) ;
    if (r < 0) return 0 ;
    if (!r && !stralloc_cats(&mdrt_sender, "MAILER-DAEMON")) return 0 ;
  }
  if (!mdrt_sender.len && !stralloc_cats(&mdrt_sender, login ? login : "")) return 0 ;
  return stralloc_0(&mdrt_sender) ;
}
