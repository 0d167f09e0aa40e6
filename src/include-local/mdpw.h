/* mdpw.h: user and group lookups for a statically linked maildrop.
 *
 * A static glibc cannot load NSS modules safely (nss_systemd crashes on
 * its thread-local data), so these never call getpwnam() and friends:
 * /etc/passwd and /etc/group are read here when nsswitch.conf puts
 * "files" first, and anything else (LDAP, sss, systemd users, a miss in
 * the files) is asked of getent(1), a dynamic program that uses the
 * whole NSS configuration.  A passwd entry's strings are kept in the
 * caller's stralloc.  Each returns 1 found, 0 not found, -1 system error
 * (errno set). */
#ifndef MDPW_H
#define MDPW_H

#include <sys/types.h>
#include <pwd.h>
#include <skalibs/stralloc.h>

/* the files and program used; tests point them elsewhere */
typedef struct mdpw_paths_s mdpw_paths_t ;
struct mdpw_paths_s
{
  char const *nsswitch ;
  char const *passwd ;
  char const *group ;
  char const *getent ;
} ;
extern mdpw_paths_t mdpw_paths ;

extern int mdpw_getnam (char const *name, struct passwd *pw, stralloc *store) ;
extern int mdpw_getuid (uid_t uid, struct passwd *pw, stralloc *store) ;

/* the name of group gid, appended to sa */
extern int mdpw_grname (gid_t gid, stralloc *sa) ;

/* initgroups(3): gid plus every group that lists user; 1 done, 0 error */
extern int mdpw_initgroups (char const *user, gid_t gid) ;

#endif
