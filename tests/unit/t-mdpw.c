/* t-mdpw: user and group lookups without NSS modules (mdpw.c), on fake
   nsswitch.conf, passwd and group files and a fake getent that logs its
   calls: files first when nsswitch.conf says so, getent for other
   sources and for misses, nothing else asked when "files" stands alone,
   errors from getent reported as errors, not as "no such user". */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <grp.h>
#include <sys/stat.h>
#include "mdpw.h"
#include "tap.h"

static char dir[] = "/tmp/t-mdpw.XXXXXX" ;
static char nss[256], pwf[256], grf[256], ge[256], gelog[256] ;

static void put (char const *file, char const *text)
{
  FILE *f = fopen(file, "w") ;
  if (!f) exit(111) ;
  fputs(text, f) ;
  fclose(f) ;
}

static int calls (void)
{
  FILE *f = fopen(gelog, "r") ;
  int n = 0, c ;
  if (!f) return 0 ;
  while ((c = getc(f)) != EOF) if (c == '\n') n++ ;
  fclose(f) ;
  unlink(gelog) ;
  return n ;
}

static int has (gid_t const *g, int n, gid_t x)
{
  for (int i = 0 ; i < n ; i++) if (g[i] == x) return 1 ;
  return 0 ;
}

int main (void)
{
  struct passwd pw ;
  stralloc st = STRALLOC_ZERO, gn = STRALLOC_ZERO ;
  char script[1024] ;
  int r ;
  if (!mkdtemp(dir)) return 111 ;
  snprintf(nss, sizeof nss, "%s/nsswitch.conf", dir) ;
  snprintf(pwf, sizeof pwf, "%s/passwd", dir) ;
  snprintf(grf, sizeof grf, "%s/group", dir) ;
  snprintf(ge, sizeof ge, "%s/getent", dir) ;
  snprintf(gelog, sizeof gelog, "%s/getent.log", dir) ;
  put(pwf, "# comment\nroot:x:0:0:root:/root:/bin/bash\n+nis::::::\nalice:x:1001:100:Alice A:/home/alice:/bin/sh\nbob:x:1002:100::/home/bob:\nbroken:x:zz:100::/:\ntail:x:1003:100::/home/tail:/bin/sh") ;
  put(grf, "root:x:0:\nusers:x:100:bob\nstaff:x:50:alice,bob\nmail:x:8:alice\n") ;
  /* the fake getent knows carol (passwd, by name or uid 2000), group
     3000 "remote", the groups of carol, and fails for "oops" */
  snprintf(script, sizeof script,
    "#!/bin/sh\necho \"$*\" >> %s\n"
    "test \"$2\" = -- || exit 9\n"
    "case \"$1 $3\" in\n"
    " 'passwd carol'|'passwd 2000') echo 'carol:x:2000:3000:Carol:/home/carol:/bin/zsh' ;;\n"
    " 'group 3000') echo 'remote:*:3000:carol' ;;\n"
    " 'initgroups carol') echo 'carol                 3000 50' ;;\n"
    " 'passwd oops') exit 1 ;;\n"
    " *) exit 2 ;;\n"
    "esac\n", gelog) ;
  put(ge, script) ;
  chmod(ge, 0755) ;
  mdpw_paths.nsswitch = nss ; mdpw_paths.passwd = pwf ; mdpw_paths.group = grf ; mdpw_paths.getent = ge ;

  put(nss, "# x\npasswd:   files   # only\ngroup: files\n") ;
  r = mdpw_getnam("alice", &pw, &st) ;
  TAP_OK(r == 1 && pw.pw_uid == 1001 && pw.pw_gid == 100 && !strcmp(pw.pw_dir, "/home/alice") && !strcmp(pw.pw_shell, "/bin/sh") && !strcmp(pw.pw_gecos, "Alice A") && !strcmp(pw.pw_name, "alice"), "files: by name, every field") ;
  r = mdpw_getuid(1002, &pw, &st) ;
  TAP_OK(r == 1 && !strcmp(pw.pw_name, "bob") && !strcmp(pw.pw_shell, ""), "files: by uid, empty shell") ;
  r = mdpw_getnam("tail", &pw, &st) ;
  TAP_OK(r == 1 && pw.pw_uid == 1003, "files: a last line without newline") ;
  TAP_OK(mdpw_getnam("ali", &pw, &st) == 0 && mdpw_getnam("alicex", &pw, &st) == 0, "files: no prefix matches") ;
  TAP_OK(mdpw_getnam("broken", &pw, &st) == 0 && mdpw_getnam("+nis", &pw, &st) == 0 && mdpw_getnam("", &pw, &st) == 0, "files: bad lines and compat entries are skipped") ;
  TAP_OK(mdpw_getnam("carol", &pw, &st) == 0 && calls() == 0, "files alone: a miss asks nobody else") ;
  TAP_OK(mdpw_grname(50, &gn) == 1 && gn.len == 5 && !memcmp(gn.s, "staff", 5), "files: group name by gid") ;

  put(nss, "passwd: files systemd\ngroup: files systemd\n") ;
  r = mdpw_getnam("alice", &pw, &st) ;
  TAP_OK(r == 1 && pw.pw_uid == 1001 && calls() == 0, "files first: a hit asks nobody else") ;
  r = mdpw_getnam("carol", &pw, &st) ;
  TAP_OK(r == 1 && pw.pw_uid == 2000 && !strcmp(pw.pw_shell, "/bin/zsh") && calls() == 1, "a miss goes to getent") ;
  r = mdpw_getuid(2000, &pw, &st) ;
  TAP_OK(r == 1 && !strcmp(pw.pw_name, "carol") && calls() == 1, "by uid through getent") ;
  TAP_OK(mdpw_getnam("nobody2", &pw, &st) == 0 && calls() == 1, "getent's exit 2 is not found") ;
  TAP_OK(mdpw_getnam("oops", &pw, &st) == -1, "getent's other failures are errors") ;
  calls() ;
  TAP_OK(mdpw_getnam("-s", &pw, &st) == 0 && calls() == 1, "a name like an option is a key after --") ;
  calls() ;
  gn.len = 0 ;
  TAP_OK(mdpw_grname(3000, &gn) == 1 && gn.len == 6 && !memcmp(gn.s, "remote", 6) && calls() == 1, "group through getent") ;

  put(nss, "passwd: ldap [NOTFOUND=return] files\n") ;
  r = mdpw_getnam("alice", &pw, &st) ;
  TAP_OK(r == 0 && calls() == 1, "files not first: getent decides") ;

  /* the stored entry outlives later lookups */
  {
    struct passwd a ;
    stralloc sa = STRALLOC_ZERO ;
    put(nss, "passwd: files\n") ;
    mdpw_getnam("alice", &a, &sa) ;
    mdpw_getnam("bob", &pw, &st) ;
    TAP_OK(!strcmp(a.pw_name, "alice") && !strcmp(a.pw_dir, "/home/alice"), "entries are the caller's") ;
    stralloc_free(&sa) ;
  }

  /* initgroups needs root; as another user, only the lookup is checked */
  if (!geteuid())
  {
    gid_t g[16] ;
    int n ;
    put(nss, "group: files systemd\n") ;
    TAP_OK(mdpw_initgroups("alice", 100) && calls() == 0, "initgroups from the files (systemd is not asked)") ;
    n = getgroups(16, g) ;
    TAP_OK(n == 3 && has(g, n, 100) && has(g, n, 50) && has(g, n, 8), "alice: 100, staff and mail") ;
    put(nss, "group: files ldap\n") ;
    TAP_OK(mdpw_initgroups("carol", 3000) && calls() == 1, "initgroups through getent with another source") ;
    n = getgroups(16, g) ;
    TAP_OK(n == 2 && has(g, n, 3000) && has(g, n, 50), "carol: 3000 once, and 50") ;
  }
  else for (int i = 0 ; i < 4 ; i++) printf("ok %d # SKIP not root\n", ++tap_n) ;
  {
    char cmd[300] ;
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir) ;
    if (system(cmd)) return 111 ;
  }
  TAP_DONE() ;
}
