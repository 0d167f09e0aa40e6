/* mdview-internal.h: shared by the mdview / mdv_* files only. */
#ifndef MDVIEW_INTERNAL_H
#define MDVIEW_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <iconv.h>
#include <skalibs/stralloc.h>
#include "msg.h"

/* stralloc_readyplus without the call when there is room already: it is
   asked for once per line */
#define mdv_room(sa, n) (((sa)->s && (sa)->a - (sa)->len >= (n)) || stralloc_readyplus((sa), (n)))

/* Longest line (raw or rendered) kept; the rest of a longer line is
   dropped, so memory stays bounded whatever the input. */
#define MDV_LINEMAX (1024 * 1024)

/* Raw lines of a message, without their \n, each cut at MDV_LINEMAX.
   Zero-copy when a line lies in one chunk. */
typedef struct mdv_lr_s mdv_lr ;
struct mdv_lr_s
{
  msgrd r ;
  char const *chunk ;
  size_t clen, cpos ;
  stralloc lbuf ;       /* a line spanning chunks */
  int tail ;
} ;
/* tail: also return a last line without a newline */
extern void mdv_lr_init (mdv_lr *lr, msg const *m, int tail) ;
/* 1 and the line in *s, *n (valid until the next call); 0 at the end;
   -1 on error. */
extern int mdv_lr_next (mdv_lr *lr, char const **s, size_t *n) ;
extern void mdv_lr_free (mdv_lr *lr) ;

/* UTF-8 clean-up: append the valid sequences of s to out, drop each byte
   that does not start one.  An incomplete sequence at the end is left
   unconsumed unless final.  Returns the bytes consumed, or (size_t)-1 on
   ENOMEM. */
extern size_t mdv_utf8_put (char const *s, size_t n, int final, stralloc *out) ;

/* 1 if s is valid UTF-8 (code points up to U+10FFFF), else 0 */
extern int mdv_utf8_check (char const *s, size_t n) ;

/* Base64 as the reference decodes it: '=' is an ordinary member of a
   quartet (value MDV_B64PAD) that only suppresses the second byte (in
   third place) or the third byte (in fourth place); other characters
   are skipped.  mdv_b64val: the value, or -1 to skip.  mdv_b64quad:
   writes the bytes of a quartet to s, returns their count. */
#define MDV_B64PAD 99
extern int mdv_b64val (char c) ;
extern unsigned int mdv_b64quad (unsigned char const *q, char *s) ;

/* UTF-7 decoding state (mdv_utf7.c) */
typedef struct mdv_utf7_s mdv_utf7 ;
struct mdv_utf7_s
{
  uint32_t bits ;       /* the first nbits bits of the next UTF-16 unit */
  uint16_t high ;       /* a pending high surrogate, or 0 */
  unsigned char nbits ;
  unsigned char b64 ;   /* in a base64 run */
} ;
/* Decode s into out as the reference does (see mdv_utf7.c).  Returns the
   bytes consumed (all but a final '+'), or (size_t)-1 on ENOMEM. */
extern size_t mdv_utf7_put (mdv_utf7 *st, char const *s, size_t n, stralloc *out) ;

/* The name under which iconv_open should look a charset up: glibc's
   aliases that other libcs lack give the canonical name. */
extern char const *mdv_alias (char const *charset) ;

/* Charset conversion to UTF-8, streaming: at an invalid sequence the
   converter starts afresh, and what is invalid from a fresh start is
   dropped a unit at a time; an incomplete sequence is carried to the
   next call. */
typedef struct mdv_conv_s mdv_conv ;
#define MDV_CUTF8 0
#define MDV_CASCII 1
#define MDV_CLATIN1 2
#define MDV_CICONV 3
#define MDV_CUTF7 4
struct mdv_conv_s
{
  unsigned int kind ;  /* MDV_C*: the common charsets are built in */
  iconv_t cd ;     /* for MDV_CICONV */
  unsigned int unit ;  /* bytes dropped at an invalid sequence */
  mdv_utf7 u7 ;    /* for MDV_CUTF7 */
  size_t ncarry ;
  char carry[16] ;
} ;
/* 1, or 0 if the charset is unknown.  "" is US-ASCII. */
extern int mdv_conv_open (mdv_conv *c, char const *charset) ;
/* 1, or 0 ENOMEM */
extern int mdv_conv_put (mdv_conv *c, char const *s, size_t n, stralloc *out) ;
/* what the converter still holds (a character that a combining one might
   have followed): the end of a part.  1, or 0 ENOMEM */
extern int mdv_conv_flush (mdv_conv *c, stralloc *out) ;
extern void mdv_conv_close (mdv_conv *c) ;

/* RFC 2047: decode the encoded words of s into out (whitespace between
   two encoded words dropped; the other text copied, cut down to valid
   UTF-8 if clean).  1 / 0 ENOMEM. */
extern int mdv_2047 (char const *s, size_t n, int clean, stralloc *out) ;

/* RFC 822 address lists */
#define MDV_TATOM 'a'
#define MDV_TQUOTE '"'
#define MDV_TCOMMENT '('
#define MDV_TLITERAL '['
typedef struct mdv_tok_s mdv_tok ;
struct mdv_tok_s  /* offsets fit: values are cut at MDV_LINEMAX */
{
  uint32_t start ;   /* raw extent in the value, delimiters included */
  uint32_t end ;
  char type ;        /* MDV_T* or the special character itself */
} ;

#define MDV_EADDR 0
#define MDV_EGROUP 1   /* "name:" */
#define MDV_EEND 2     /* ";" */
typedef struct mdv_entry_s mdv_entry ;
struct mdv_entry_s
{
  unsigned int kind ;
  unsigned int angle : 1 ;  /* name <addr> form */
  unsigned int noaddr : 1 ; /* "name <" at the end: the name alone */
  uint32_t name0, name1 ;   /* token range of the name (angle form, group) */
  uint32_t addr0, addr1 ;   /* token range of the address */
  uint32_t comment ;        /* token index + 1 of the last comment, 0 none */
} ;

/* Tokenize s and split it into entries.  toks and ents are reset.
   1 / 0 ENOMEM. */
extern int mdv_addr_parse (char const *s, size_t n, stralloc *toks, stralloc *ents) ;
/* Append the bare address of an entry (tokens joined). */
extern int mdv_addr_cat (char const *s, mdv_tok const *t, mdv_entry const *e, stralloc *out) ;
/* The reformatted address list (IN-12) appended to out. */
extern int mdv_addr_render (char const *s, size_t n, stralloc *out) ;

/* Header rendering: h is the raw header (continuation lines joined with
   \n, CRs before \n removed).  Appends "Name: value\n" to out. */
extern int mdv_hdr_render (char const *h, size_t n, stralloc *out, stralloc *tmp) ;
/* 1 if the header named by h..(colon) is an address header */
extern int mdv_hdr_isaddr (char const *name, size_t len) ;

/* Case-insensitive compare of a header name h (up to its colon) with
   name; returns the offset of the value (after the colon), or 0. */
extern size_t mdv_hdr_is (char const *h, size_t n, char const *name) ;

/* Parameter value of a Content-Type style value ("" if absent): copies a
   lowercased (if lower) value into out, 1 if found. */
extern int mdv_param (char const *v, size_t n, char const *name, int lower, stralloc *out) ;

#endif
