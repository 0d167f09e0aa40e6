/* ISC license. */

/* The spool group.  An ordinary user cannot create the dot-lock of its
   own spool mailbox in a directory like Debian's /var/mail (root:mail
   2775): a set-gid maildrop, or root delivering for a user, has the
   group that can.  maildrop keeps that group only as the saved
   set-group-ID and makes it effective for one thing: a delivery to
   exactly the compiled-in spool of this login (MDS_DEFAULTMBOX/<login>),
   whose dot-lock and file are then made and opened with it, the file
   with O_NOFOLLOW and checked (MDDELIVER_SPOOL).  Every other file is
   opened with the user's own group only. */

#define _GNU_SOURCE   /* getresgid */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <skalibs/stralloc.h>
#include "mdrtctl.h"

static stralloc spool = STRALLOC_ZERO ;
static gid_t usergid ;
static gid_t spoolgid ;
static int have = 0 ;

int mdrt_gids_are (gid_t r, gid_t e, gid_t s)
{
  gid_t rr, ee, ss ;
  if (getresgid(&rr, &ee, &ss) < 0) return 0 ;
  return rr == r && ee == e && ss == s ;
}

/* The group of dir if a member of it may create files there, else 0. */
int mdrt_spool_dirgid (char const *dir, gid_t *g)
{
  struct stat st ;
  if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) return 0 ;
  if ((st.st_mode & (S_IWGRP | S_IXGRP)) != (S_IWGRP | S_IXGRP)) return 0 ;
  *g = st.st_gid ;
  return 1 ;
}

int mdrt_spool_set (char const *path, gid_t ugid, gid_t sgid)
{
  spool.len = 0 ;
  if (!stralloc_cats(&spool, path) || !stralloc_0(&spool)) return 0 ;
  usergid = ugid ;
  spoolgid = sgid ;
  have = 1 ;
  return 1 ;
}

int mdrt_spool_is (char const *path)
{
  return have && !strcmp(path, spool.s) ;
}

/* Before any lock: the spool is missing, or a regular file of the user
   with one link.  Nobody but root and the group can change the names in
   the spool directory, and the engine checks the opened file again. */
int mdrt_spool_check (void)
{
  struct stat st ;
  if (lstat(spool.s, &st) < 0) return errno == ENOENT ;
  return S_ISREG(st.st_mode) && st.st_uid == getuid() && st.st_nlink == 1 ;
}

int mdrt_spool_up (void)
{
  return have && setegid(spoolgid) == 0 ;
}

int mdrt_spool_down (void)
{
  return setegid(usergid) == 0 && getegid() == usergid ;
}
