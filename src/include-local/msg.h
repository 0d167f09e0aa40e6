/* msg.h: the message being delivered.
 *
 * The message is stored once, unchanged (CRs, a missing final newline and
 * NUL bytes kept).  Small messages live in memory; bigger ones in an
 * unlinked temporary file, or in stdin itself when stdin is seekable.
 * Readers use pread(), so several may be open at once and the fd offset
 * never matters.  The -A header lines are a separate prefix that is read
 * before the stored bytes. */
#ifndef MSG_H
#define MSG_H

#include <stdint.h>
#include <sys/types.h>
#include <skalibs/stralloc.h>

#define MSG_MEMMAX 65536

typedef struct msg_s msg, *msg_ref ;
struct msg_s
{
  stralloc prefix ;   /* the -A lines, each ending in \n */
  stralloc mem ;      /* the bytes, when fd < 0 */
  int fd ;            /* the bytes are in fd from offset base, when fd >= 0 */
  int ownfd ;         /* 1 if fd is ours to close */
  uint64_t base ;
  uint64_t len ;      /* bytes in mem or fd (prefix excluded) */
  uint64_t lines ;    /* '\n' bytes in mem or fd (LINES) */
} ;
#define MSG_ZERO { .prefix = STRALLOC_ZERO, .mem = STRALLOC_ZERO, .fd = -1, .ownfd = 0, .base = 0, .len = 0, .lines = 0 }

/* Read all of fd into m (which must be MSG_ZERO or msg_free()d).
   tmpdir: where to spool a big message (NULL: $TMPDIR or the default).
   Returns 1, or 0 with errno set. */
extern int msg_load (msg *m, int fd, char const *tmpdir) ;

/* Add one -A line (a \n is appended).  An empty line is ignored.  1 / 0. */
extern int msg_addheader (msg *m, char const *s, size_t len) ;

/* SIZE: all bytes, -A lines included */
#define msg_size(m) ((m)->prefix.len + (m)->len)
/* LINES: newlines of the stored message, -A lines excluded */
#define msg_lines(m) ((m)->lines)

/* Replace the message with the bytes of fd (xfilter output): the -A lines
   become part of the message.  Returns 1, or 0 (m unchanged). */
extern int msg_replace (msg *m, int fd, char const *tmpdir) ;

extern void msg_free (msg *m) ;

/* Random access: copy up to n bytes at offset off (of the whole message,
   prefix included) into s.  Returns the count (0 at the end), -1 on error. */
/* An unlinked temporary file, close-on-exec, in dir (NULL: $TMPDIR or
   the compiled-in default); -1 on error. */
extern int msg_tmpfd (char const *dir) ;
extern ssize_t msg_pread (msg const *m, char *s, size_t n, uint64_t off) ;

/* Sequential reader. */
typedef struct msgrd_s msgrd, *msgrd_ref ;
struct msgrd_s
{
  msg const *m ;
  uint64_t pos ;
  size_t bpos ;
  size_t blen ;
  char buf[32768] ;   /* a large message goes by in few reads */
} ;

extern void msgrd_init (msgrd *r, msg const *m) ;
/* The next chunk: *s points to it (valid until the next call).
   Returns its length, 0 at the end, -1 on error. */
extern ssize_t msgrd_chunk (msgrd *r, char const **s) ;
/* Append the next line, \n included when there is one, to sa.
   Returns 1 (a line), 0 (end, nothing appended), -1 (error). */
extern int msgrd_line (msgrd *r, stralloc *sa) ;

/* Write the whole message to fd (raw: no From_ line, no escaping).
   Returns 1, or 0 with errno set. */
extern int msg_writeall (msg const *m, int fd) ;

#endif
