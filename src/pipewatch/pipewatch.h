/* ISC license. */

#ifndef PIPEWATCH_H
#define PIPEWATCH_H

#include <sys/types.h>

 /* The FIFO as the daemon holds it: a read fd, a spare write fd (so that
    read() never returns EOF when the last writer closes), and the identity
    of the inode, to notice when the path stops naming it. */

typedef struct pwfifo_s pwfifo, *pwfifo_ref ;
struct pwfifo_s
{
  int rfd ;
  int wfd ;
  dev_t dev ;
  ino_t ino ;
} ;
#define PWFIFO_ZERO { .rfd = -1, .wfd = -1, .dev = 0, .ino = 0 }

 /* pw_fifo_open results: 0 ok, else one of these */
#define PWF_SYS 1       /* system error, see errno */
#define PWF_SYMLINK 2   /* the path is a symbolic link */
#define PWF_NOTFIFO 3   /* the path exists and is not a FIFO */
#define PWF_OWNER 4     /* the FIFO is owned by someone else */

typedef struct pwfifoopts_s pwfifoopts, *pwfifoopts_ref ;
struct pwfifoopts_s
{
  unsigned int mode ;
  uid_t uid ;           /* owner to give it, if hasuid */
  gid_t gid ;           /* group to give it, if hasgid */
  unsigned int hasuid : 1 ;
  unsigned int hasgid : 1 ;
} ;

extern int pw_fifo_open (pwfifo *, char const *, pwfifoopts const *, uid_t *) ;
extern void pw_fifo_close (pwfifo *) ;
extern int pw_fifo_lock (pwfifo const *) ;

extern pid_t pw_holder_start (int, unsigned int, int *) ;

extern pid_t pw_spawn (char const *const *, int, int) ;

#endif
