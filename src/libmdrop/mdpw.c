/* ISC license. */

/* User and group lookups without NSS modules (mdpw.h).  The files are
   read line by line through a small buffer, so a large /etc/passwd costs
   no memory.  getent is run with an empty environment and its output is
   capped: it is trusted as much as libc's own NSS would be. */

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <skalibs/buffer.h>
#include <skalibs/djbunix.h>
#include <skalibs/genalloc.h>
#include <skalibs/skamisc.h>
#include <skalibs/stralloc.h>
#include <skalibs/types.h>
#include "mds-config.h"
#include "mdpw.h"

#define GETENTMAX 65536

mdpw_paths_t mdpw_paths = { "/etc/nsswitch.conf", "/etc/passwd", "/etc/group", MDS_GETENT } ;

/* How nsswitch.conf lists the sources of db: files first, and whether
   any other source (but those in skip) is named.  No file or no line:
   "files" alone, the glibc default. */
typedef struct srcs_s srcs ;
struct srcs_s { int filesfirst ; int others ; } ;

static int isspc (char c) { return c == ' ' || c == '\t' ; }

static srcs sources (char const *db, char const *skip)
{
  char buf[8192] ;
  srcs r = { 1, 0 } ;
  size_t dblen = strlen(db) ;
  ssize_t n = openreadnclose(mdpw_paths.nsswitch, buf, sizeof(buf) - 1) ;
  char *p = buf, *end ;
  if (n <= 0) return r ;
  end = buf + n ;
  while (p < end)
  {
    char *e = memchr(p, '\n', end - p) ;
    if (!e) e = end ;
    while (p < e && isspc(*p)) p++ ;
    if ((size_t)(e - p) > dblen && !memcmp(p, db, dblen) && p[dblen] == ':')
    {
      int first = 1 ;
      r.filesfirst = 0 ;
      p += dblen + 1 ;
      while (p < e && *p != '#')
      {
        char *w ;
        while (p < e && isspc(*p)) p++ ;
        if (p >= e || *p == '#') break ;
        w = p ;
        if (*p == '[')
        {
          /* an action changes what a miss means: let getent decide */
          while (p < e && *p != ']') p++ ;
          r.others = 1 ;
          if (p < e) p++ ;
          continue ;
        }
        while (p < e && !isspc(*p) && *p != '#') p++ ;
        if (p - w == 5 && !memcmp(w, "files", 5)) { if (first) r.filesfirst = 1 ; }
        else
        {
          size_t k = p - w ;
          char const *s = skip ;
          int skipped = 0 ;
          while (s && *s)
          {
            size_t l = strlen(s) ;
            if (l == k && !memcmp(s, w, k)) skipped = 1 ;
            s += l + 1 ;
          }
          if (!skipped) r.others = 1 ;
        }
        first = 0 ;
      }
      return r ;
    }
    p = e + 1 ;
  }
  return r ;
}

static stralloc line = STRALLOC_ZERO ;

/* split line into at most max fields at ':' (in place); the count */
static unsigned int split (char **f, unsigned int max)
{
  unsigned int n = 0 ;
  char *p = line.s, *end = line.s + line.len ;
  while (n < max)
  {
    char *c = memchr(p, ':', end - p) ;
    f[n++] = p ;
    if (!c) break ;
    *c = 0 ;
    p = c + 1 ;
  }
  return n ;
}

static int topw (struct passwd *pw)
{
  char *f[7] ;
  uint32_t u, g ;
  if (split(f, 7) != 7) return 0 ;
  if (!f[0][0] || f[2][uint32_scan(f[2], &u)] || !f[2][0] || f[3][uint32_scan(f[3], &g)] || !f[3][0]) return 0 ;
  pw->pw_name = f[0] ; pw->pw_passwd = f[1] ;
  pw->pw_uid = u ; pw->pw_gid = g ;
  pw->pw_gecos = f[4] ; pw->pw_dir = f[5] ; pw->pw_shell = f[6] ;
  return 1 ;
}

/* the first line of file that f accepts, into line (NUL-terminated,
   no newline): 1, 0 none, -1 error */
typedef int linefunc (void *) ;

static int scanfile (char const *file, linefunc *f, void *aux)
{
  char buf[4096] ;
  buffer b ;
  int fd = open(file, O_RDONLY | O_CLOEXEC) ;
  int r = 0 ;
  if (fd < 0) return errno == ENOENT ? 0 : -1 ;
  buffer_init(&b, &buffer_read, fd, buf, sizeof(buf)) ;
  for (;;)
  {
    line.len = 0 ;
    r = skagetln(&b, &line, '\n') ;
    if (r < 0) { if (errno != EPIPE || !line.len) { r = errno == EPIPE ? 0 : -1 ; break ; } }
    else if (!r) break ;
    if (line.len && line.s[line.len - 1] == '\n') line.len-- ;
    if (!stralloc_0(&line)) { r = -1 ; break ; }
    line.len-- ;
    if (line.s[0] == '#' || line.s[0] == '+' || line.s[0] == '-') continue ;
    if ((*f)(aux)) { r = 1 ; break ; }
  }
  fd_close(fd) ;
  return r ;
}

/* getent db key: its first output line into line; 1, 0 not found, -1 */
static int getent (char const *db, char const *key)
{
  /* "--": a key such as "-s..." must not become an option of getent
     (-s picks the NSS modules it loads) */
  char const *argv[5] = { "getent", db, "--", key, 0 } ;
  char const *envp[1] = { 0 } ;
  char buf[4096] ;
  int fd, wstat ;
  pid_t pid = child_spawn1_pipe(mdpw_paths.getent, argv, envp, &fd, 1) ;
  if (!pid) return -1 ;
  line.len = 0 ;
  for (;;)
  {
    ssize_t r = fd_read(fd, buf, sizeof(buf)) ;
    if (r < 0) { int e = errno ; fd_close(fd) ; wait_pid(pid, &wstat) ; errno = e ; return -1 ; }
    if (!r) break ;
    if (line.len + r > GETENTMAX) continue ;  /* drained, not kept */
    if (!stralloc_catb(&line, buf, r)) { fd_close(fd) ; wait_pid(pid, &wstat) ; errno = ENOMEM ; return -1 ; }
  }
  fd_close(fd) ;
  if (wait_pid(pid, &wstat) < 0) return -1 ;
  if (WIFEXITED(wstat) && WEXITSTATUS(wstat) == 2) return 0 ;
  if (!WIFEXITED(wstat) || WEXITSTATUS(wstat)) { errno = EIO ; return -1 ; }
  {
    char *nl = line.len ? memchr(line.s, '\n', line.len) : 0 ;
    if (nl) line.len = nl - line.s ;
  }
  if (!stralloc_0(&line)) return -1 ;
  line.len-- ;
  return 1 ;
}

/* the number in the third field of line (a uid or gid): 1, or 0 if none */
static int thirdnum (uint32_t *n)
{
  char *c = memchr(line.s, ':', line.len) ;
  size_t k ;
  if (!c || !(c = memchr(c + 1, ':', line.s + line.len - c - 1))) return 0 ;
  k = uint32_scan(c + 1, n) ;
  return k && (c[1 + k] == ':' || !c[1 + k]) ;
}

typedef struct pwq_s pwq ;
struct pwq_s { char const *name ; uid_t uid ; struct passwd *pw ; stralloc *store ; } ;

/* the entry in line, moved to the caller's store */
static int keep (pwq *q)
{
  struct passwd *pw = q->pw ;
  char *base = line.s ;
  char **f[5] = { &pw->pw_name, &pw->pw_passwd, &pw->pw_gecos, &pw->pw_dir, &pw->pw_shell } ;
  q->store->len = 0 ;
  if (!stralloc_catb(q->store, line.s, line.len + 1)) return -1 ;
  for (unsigned int i = 0 ; i < 5 ; i++) *f[i] = q->store->s + (*f[i] - base) ;
  return 1 ;
}

static int pwmatch (void *aux)
{
  pwq *q = aux ;
  size_t n ;
  if (q->name)
  {
    n = strlen(q->name) ;
    if (line.len <= n || line.s[n] != ':' || memcmp(line.s, q->name, n)) return 0 ;
  }
  else
  {
    uint32_t u ;
    if (!thirdnum(&u) || u != q->uid) return 0 ;
  }
  return topw(q->pw) ;
}

static int getpw (pwq *q, char const *key)
{
  srcs s = sources("passwd", 0) ;
  int r ;
  if (s.filesfirst)
  {
    r = scanfile(mdpw_paths.passwd, &pwmatch, q) ;
    if (r) return r < 0 ? r : keep(q) ;
    if (!s.others) return 0 ;
  }
  r = getent("passwd", key) ;
  if (r <= 0) return r ;
  if (!topw(q->pw)) { errno = EPROTO ; return -1 ; }
  return keep(q) ;
}

int mdpw_getnam (char const *name, struct passwd *pw, stralloc *store)
{
  pwq q = { .name = name, .uid = 0, .pw = pw, .store = store } ;
  if (!*name || strchr(name, ':') || strchr(name, '\n')) return 0 ;
  return getpw(&q, name) ;
}

int mdpw_getuid (uid_t uid, struct passwd *pw, stralloc *store)
{
  char key[UINT32_FMT] ;
  pwq q = { .name = 0, .uid = uid, .pw = pw, .store = store } ;
  key[uint32_fmt(key, uid)] = 0 ;
  return getpw(&q, key) ;
}

static int grmatch (void *aux)
{
  gid_t const *gid = aux ;
  uint32_t g ;
  return thirdnum(&g) && g == *gid ;
}

int mdpw_grname (gid_t gid, stralloc *sa)
{
  char key[UINT32_FMT] ;
  srcs s = sources("group", 0) ;
  int r ;
  if (s.filesfirst)
  {
    r = scanfile(mdpw_paths.group, &grmatch, &gid) ;
    if (r) goto found ;
    if (!s.others) return 0 ;
  }
  key[uint32_fmt(key, gid)] = 0 ;
  r = getent("group", key) ;
 found:
  if (r <= 0) return r ;
  {
    char *c = memchr(line.s, ':', line.len) ;
    if (!c || c == line.s) { errno = EPROTO ; return -1 ; }
    return stralloc_catb(sa, line.s, c - line.s) ? 1 : -1 ;
  }
}

/* add g to the list unless it is there */
static int addgid (genalloc *gids, gid_t g)
{
  gid_t const *s = genalloc_s(gid_t, gids) ;
  for (size_t i = 0 ; i < genalloc_len(gid_t, gids) ; i++) if (s[i] == g) return 1 ;
  return genalloc_catb(gid_t, gids, &g, 1) ;
}

typedef struct grq_s grq ;
struct grq_s { char const *user ; size_t ulen ; genalloc *gids ; int nomem ; } ;

/* never "accepts" a line: collects the gid of every group naming user */
static int grmember (void *aux)
{
  grq *q = aux ;
  char *f[4] ;
  uint32_t g ;
  char *p ;
  if (split(f, 4) != 4 || !f[2][0] || f[2][uint32_scan(f[2], &g)]) return 0 ;
  p = f[3] ;
  while (*p)
  {
    char *c = strchr(p, ',') ;
    size_t k = c ? (size_t)(c - p) : strlen(p) ;
    if (k == q->ulen && !memcmp(p, q->user, k))
    {
      if (!addgid(q->gids, g)) q->nomem = 1 ;
      break ;
    }
    p += k + !!c ;
  }
  return 0 ;
}

int mdpw_initgroups (char const *user, gid_t gid)
{
  genalloc gids = GENALLOC_ZERO ;
  /* nss_systemd adds only systemd-homed and dynamic users' groups */
  srcs s = sources("group", "systemd\0") ;
  int r = 0 ;
  if (!genalloc_catb(gid_t, &gids, &gid, 1)) return 0 ;
  if (s.filesfirst && !s.others)
  {
    grq q = { .user = user, .ulen = strlen(user), .gids = &gids, .nomem = 0 } ;
    if (scanfile(mdpw_paths.group, &grmember, &q) < 0 || q.nomem) goto end ;
  }
  else
  {
    /* "user gid gid ...", the supplementary groups from every source */
    char const *p ;
    int e = getent("initgroups", user) ;
    if (e < 0) goto end ;
    p = line.s ;
    while (e && *p && *p != ' ' && *p != '\t') p++ ;
    while (e && *p)
    {
      uint32_t g ;
      size_t k ;
      while (*p == ' ' || *p == '\t') p++ ;
      if (!*p) break ;
      k = uint32_scan(p, &g) ;
      if (!k) { errno = EPROTO ; goto end ; }
      if (!addgid(&gids, g)) goto end ;
      p += k ;
    }
  }
  r = setgroups(genalloc_len(gid_t, &gids), genalloc_s(gid_t, &gids)) == 0 ;
 end:
  genalloc_free(gid_t, &gids) ;
  return r ;
}
