/* msg-internal.h: shared by the msg_* files only. */
#ifndef MSG_INTERNAL_H
#define MSG_INTERNAL_H

#include "msg.h"

/* Open an unlinked read-write temporary file in dir (O_TMPFILE, or a
   random name unlinked at once).  Returns the fd, or -1. */
extern int msg_tmpfd (char const *dir) ;

/* Count '\n' in s. */
extern uint64_t msg_countnl (char const *s, size_t len) ;

#endif
