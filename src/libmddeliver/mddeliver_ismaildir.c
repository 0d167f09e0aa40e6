/* ISC license. */

#include <string.h>
#include <sys/stat.h>
#include "mddeliver.h"

int mddeliver_ismaildir (char const *path)
{
  static char const *const sub[3] = { "tmp", "new", "cur" } ;
  size_t len = strlen(path) ;
  if (len > 1 && path[len-1] == '/') len-- ;
  if (!len) return 0 ;
  for (unsigned int i = 0 ; i < 3 ; i++)
  {
    char fn[len + 5] ;
    struct stat st ;
    memcpy(fn, path, len) ;
    fn[len] = '/' ;
    memcpy(fn + len + 1, sub[i], 4) ;
    if (stat(fn, &st) < 0 || !S_ISDIR(st.st_mode)) return 0 ;
  }
  return 1 ;
}
