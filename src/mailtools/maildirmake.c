/* ISC license. */

/* maildirmake: create a maildir, a Maildir++ folder, or a shared folder;
   set a quota; manage shared-maildirs.  Output and exit codes follow
   Courier's maildirmake (exit 1 on every error). */

#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdio.h>
#include <sys/stat.h>
#include <skalibs/sgetopt.h>
#include <skalibs/buffer.h>
#include <skalibs/strerr.h>
#include <skalibs/stralloc.h>
#include <skalibs/djbunix.h>
#include <skalibs/allreadwrite.h>
#include "mddeliver.h"

#define USAGE "maildirmake [ options ] maildir"

static void usage (void)
{
  buffer_putsflush(buffer_1, "Usage: " USAGE "\n") ;
  _exit(1) ;
}

static void fail (char const *what)
{
  int e = errno ;
  buffer_puts(buffer_2, "maildirmake: ") ;
  buffer_puts(buffer_2, what) ;
  buffer_puts(buffer_2, ": ") ;
  buffer_puts(buffer_2, strerror(e)) ;
  buffer_putflush(buffer_2, "\n", 1) ;
  _exit(1) ;
}

/* message without the program name, as the reference; b ": " adds errno */
static void failplain (char const *a, char const *b, int fd, int code)
{
  int e = errno ;
  buffer *bb = fd == 1 ? buffer_1 : buffer_2 ;
  buffer_puts(bb, a) ;
  if (b) buffer_puts(bb, b) ;
  if (b && !strcmp(b, ": ")) buffer_puts(bb, strerror(e)) ;
  if (code == -2) { buffer_puts(bb, " to maildir encoding") ; code = 1 ; }
  buffer_putflush(bb, "\n", 1) ;
  _exit(code) ;
}

static void mkdir_mode (char const *path, mode_t mode)
{
  if (mkdir(path, 0700) < 0) fail(path) ;
  if (chmod(path, mode) < 0) fail(path) ;
}

static void makemaildir (char const *dir, mode_t topmode, mode_t submode, int folder)
{
  static char const *const sub[3] = { "tmp", "new", "cur" } ;
  size_t len = strlen(dir) ;
  char fn[len + 16] ;
  mkdir_mode(dir, topmode) ;
  memcpy(fn, dir, len) ;
  fn[len] = '/' ;
  for (unsigned int i = 0 ; i < 3 ; i++)
  {
    memcpy(fn + len + 1, sub[i], 4) ;
    mkdir_mode(fn, submode) ;
  }
  if (folder)
  {
    int fd ;
    memcpy(fn + len + 1, "maildirfolder", 14) ;
    fd = open(fn, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) ;
    if (fd < 0) fail(fn) ;
    fchmod(fd, 0600) ;
    close(fd) ;
  }
}

/* -F: UTF-8 to IMAP modified UTF-7 (RFC 3501 5.1.3).  Like the
   reference, refuse what is not valid UTF-8 of the basic plane. */
static int utf8ok (char const *s)
{
  for (size_t i = 0 ; s[i] ; )
  {
    unsigned char b = s[i] ;
    unsigned int n = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : 9 ;
    if (n == 9) return 0 ;
    i++ ;
    while (n--) { if (((unsigned char)s[i] & 0xc0) != 0x80) return 0 ; i++ ; }
  }
  return 1 ;
}

static void utf7 (stralloc *sa, char const *s)
{
  static char const b64[64] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+," ;
  size_t i = 0, len = strlen(s) ;
  while (i < len)
  {
    unsigned char c = s[i] ;
    if (c >= 0x20 && c < 0x7f)
    {
      if (!stralloc_catb(sa, s + i, 1)) goto nomem ;
      if (c == '&' && !stralloc_catb(sa, "-", 1)) goto nomem ;
      i++ ;
      continue ;
    }
    {
      uint32_t bits = 0 ;
      unsigned int nbits = 0 ;
      if (!stralloc_catb(sa, "&", 1)) goto nomem ;
      while (i < len && ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f))
      {
        unsigned char b = s[i] ;
        uint32_t cp ;
        unsigned int n = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : 0 ;
        cp = n == 3 ? b & 7 : n == 2 ? b & 15 : n == 1 ? b & 31 : b ;
        i++ ;
        while (n-- && i < len) cp = (cp << 6) | ((unsigned char)s[i++] & 63) ;
        {
          uint16_t u[2] ;
          unsigned int nu = 1 ;
          if (cp >= 0x10000) { cp -= 0x10000 ; u[0] = 0xd800 | (cp >> 10) ; u[1] = 0xdc00 | (cp & 0x3ff) ; nu = 2 ; }
          else u[0] = cp ;
          for (unsigned int k = 0 ; k < nu ; k++)
          {
            bits = (bits << 16) | u[k] ; nbits += 16 ;
            while (nbits >= 6)
            {
              nbits -= 6 ;
              if (!stralloc_catb(sa, &b64[(bits >> nbits) & 63], 1)) goto nomem ;
            }
          }
        }
      }
      if (nbits && !stralloc_catb(sa, &b64[(bits << (6 - nbits)) & 63], 1)) goto nomem ;
      if (!stralloc_catb(sa, "-", 1)) goto nomem ;
    }
  }
  return ;
 nomem:
  strerr_diefu(1, "stralloc_catb") ;
}

static int shared_add (char const *arg, char const *dir)
{
  char const *eq = strchr(arg, '=') ;
  stralloc sa = STRALLOC_ZERO, fn = STRALLOC_ZERO ;
  struct stat st ;
  size_t nl ;
  int fd ;
  if (!eq || eq == arg || eq[1] != '/') usage() ;
  nl = eq - arg ;
  if (stat(eq + 1, &st) < 0) failplain(eq + 1, ": ", 2, 1) ;
  if (!stralloc_cats(&fn, dir) || !stralloc_cats(&fn, "/shared-maildirs") || !stralloc_0(&fn)) strerr_diefu(1, "stralloc_catb") ;
  if (!openslurpclose(&sa, fn.s) && errno != ENOENT) fail(fn.s) ;
  for (size_t i = 0 ; i < sa.len ; )
  {
    char const *e = memchr(sa.s + i, '\n', sa.len - i) ;
    size_t l = e ? (size_t)(e - (sa.s + i)) : sa.len - i ;
    if (l > nl && sa.s[i + nl] == '\t' && !memcmp(sa.s + i, arg, nl))
    {
      char nick[nl + 1] ;
      memcpy(nick, arg, nl) ; nick[nl] = 0 ;
      failplain(nick, ": already defined as a sharable maildir.", 2, 2) ;
    }
    i += l + 1 ;
  }
  fd = open(fn.s, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644) ;
  if (fd < 0) fail(fn.s) ;
  sa.len = 0 ;
  if (!stralloc_catb(&sa, arg, nl) || !stralloc_catb(&sa, "\t", 1) || !stralloc_cats(&sa, eq + 1) || !stralloc_catb(&sa, "\n", 1)) strerr_diefu(1, "stralloc_catb") ;
  if (allwrite(fd, sa.s, sa.len) < sa.len || fsync(fd) < 0 || close(fd) < 0) fail(fn.s) ;
  return 0 ;
}

static int shared_del (char const *nick, char const *dir)
{
  stralloc sa = STRALLOC_ZERO, out = STRALLOC_ZERO, fn = STRALLOC_ZERO ;
  size_t nl = strlen(nick) ;
  int found = 0 ;
  if (!stralloc_cats(&fn, dir) || !stralloc_cats(&fn, "/shared-maildirs") || !stralloc_0(&fn)) strerr_diefu(1, "stralloc_catb") ;
  if (!openslurpclose(&sa, fn.s))
  {
    int e = errno ;
    buffer_puts(buffer_2, dir) ; buffer_puts(buffer_2, ": ") ; buffer_puts(buffer_2, strerror(e)) ;
    buffer_putflush(buffer_2, "\n", 1) ;
    return 1 ;
  }
  for (size_t i = 0 ; i < sa.len ; )
  {
    char const *e = memchr(sa.s + i, '\n', sa.len - i) ;
    size_t l = e ? (size_t)(e - (sa.s + i)) + 1 : sa.len - i ;
    if (l > nl && sa.s[i + nl] == '\t' && !memcmp(sa.s + i, nick, nl)) found = 1 ;
    else if (!stralloc_catb(&out, sa.s + i, l)) strerr_diefu(1, "stralloc_catb") ;
    i += l ;
  }
  if (!found) failplain(nick, ": not found.", 2, 1) ;
  if (!openwritenclose_suffix(fn.s, out.s, out.len, ".tmp")) fail(fn.s) ;
  return 0 ;
}

int main (int argc, char const *const *argv)
{
  char const *folder = 0 ;
  char const *quota = 0 ;
  char const *share = 0 ;
  int utf = 0, sharable = 0 ;
  PROG = "maildirmake" ;
  if (argc >= 2 && (!strcmp(argv[1], "--add") || !strcmp(argv[1], "--del")))
  {
    if (argc != 4) usage() ;
    return argv[1][2] == 'a' ? shared_add(argv[2], argv[3]) : shared_del(argv[2], argv[3]) ;
  }
  {
    subgetopt l = SUBGETOPT_ZERO ;
    for (;;)
    {
      int opt = subgetopt_r(argc, argv, "f:F:q:s:S", &l) ;
      if (opt == -1) break ;
      switch (opt)
      {
        case 'f' : folder = l.arg ; utf = 0 ; break ;
        case 'F' : folder = l.arg ; utf = 1 ; break ;
        case 'q' : quota = l.arg ; break ;
        case 's' : share = l.arg ; break ;
        case 'S' : sharable = 1 ; break ;
        default : usage() ;
      }
    }
    argc -= l.ind ; argv += l.ind ;
  }
  if (argc < 1) usage() ;   /* the reference ignores extra arguments */
  if (share && !folder) usage() ;
  {
    stralloc path = STRALLOC_ZERO ;
    if (!stralloc_cats(&path, argv[0])) strerr_diefu(1, "stralloc_catb") ;
    if (folder)
    {
      if (folder[0] == '.' || strstr(folder, "..") == folder) failplain("Invalid folder name: ", folder, 1, 1) ;
      if (!stralloc_cats(&path, "/.")) strerr_diefu(1, "stralloc_catb") ;
      if (utf)
      {
        if (!utf8ok(folder)) failplain("Cannot convert ", folder, 2, -2) ;
        utf7(&path, folder) ;
      }
      else if (!stralloc_cats(&path, folder)) strerr_diefu(1, "stralloc_catb") ;
    }
    if (!stralloc_0(&path)) strerr_diefu(1, "stralloc_catb") ;
    if (quota)
    {
      /* -q only sets the quota of an existing maildir (a folder's parent) */
      if (!mddeliver_setquota(path.s, quota))
      {
        if (errno == EINVAL)
        {
          buffer_puts(buffer_2, "WARN: quota string '") ;
          buffer_puts(buffer_2, quota) ;
          buffer_putsflush(buffer_2, "' not parseable\n") ;
          return 0 ;
        }
        fail(path.s) ;
      }
      return 0 ;
    }
    if (!folder) makemaildir(path.s, sharable ? 0755 : 0700, 0700, 0) ;
    else if (share)
    {
      int write = !strncmp(share, "write", 5) ;
      int group = !!strstr(share, ",group") ;
      mode_t top = write ? 01755 : 0755 ;
      mode_t sub = write ? 01777 : 0755 ;
      if (group) { top &= ~07 ; sub &= ~07 ; }
      makemaildir(path.s, top, sub, 1) ;
    }
    else if (sharable) makemaildir(path.s, 0755, 0755, 1) ;
    else makemaildir(path.s, 0700, 0700, 1) ;
  }
  return 0 ;
}
