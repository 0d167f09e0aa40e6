/* ISC license. */

#include <string.h>
#include <sys/stat.h>
#include <skalibs/stralloc.h>
#include "mddeliver-internal.h"

/* A Maildir++ folder (it holds a maildirfolder file) counts against its
   parent's maildirsize. */
int mdd_quota_root (char const *dir, stralloc *root)
{
  struct stat st ;
  size_t len = strlen(dir) ;
  while (len > 1 && dir[len-1] == '/') len-- ;
  root->len = 0 ;
  if (!stralloc_catb(root, dir, len) || !stralloc_cats(root, "/maildirfolder") || !stralloc_0(root)) return 0 ;
  root->len = len ;
  if (stat(root->s, &st) == 0)
  {
    if (!stralloc_cats(root, "/..")) return 0 ;
  }
  return stralloc_0(root) ? (root->len--, 1) : 0 ;
}
