/* mdf-internal.h: the filter language's private interfaces.
 *
 * Modules:
 *   mdf_lex.c     file text -> tokens (LEX-*)
 *   mdf_parse.c   tokens -> a program tree, parsed once (STMT-*, EXPR-*)
 *   mdf_eval.c    runs a program tree against the seams (mdvars, mdrt)
 *   mdf_pat.c     pcre2 pattern engine, cache, scoring, MATCH (PAT-*)
 *   mdf_fn.c      built-in functions (FN-*)
 *   mdf_gdbm.c    gdbm* functions (FN-09..12)
 *   mdf_num.c     numbers and truth (EXPR-01, EXPR-02)
 *   mdf_echo.c    echo/log backslash processing (STMT-09)
 *   mdf_lines.c   a cache of the rendered message lines
 *   mdf_split.c   strings split into literal and variable parts
 *   mdf_util.c    error texts, files, $-expansion (VAR-02, VAR-03)
 *   mdfilter_run.c  the entry point (mdfilter.h) */
#ifndef MDF_INTERNAL_H
#define MDF_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include "msg.h"
#include "mdview.h"

/* ---------------------------------------------------------------- lexer */

enum mdf_toktype_e
{
  T_EOF, T_SEMI, T_ERROR,
  T_WORD, T_QSTR, T_SQSTR, T_BTSTR, T_PATTERN,
  T_MINUS, T_DIVIDE,
  T_ANDAND, T_AND, T_OROR, T_OR, T_LBRACE, T_RBRACE, T_LPAREN, T_RPAREN,
  T_PLUS, T_MUL, T_TILDE, T_LT, T_LE, T_GT, T_GE, T_EQEQ, T_EQ, T_MATCH,
  T_NOT, T_NE, T_COMMA,
  /* keywords */
  T_IF, T_ELSE, T_ELSIF, T_WHILE, T_TO, T_CC, T_EXCEPTION, T_ECHO, T_XFILTER,
  T_SYSTEM, T_DOTLOCK, T_FLOCK, T_LOGFILE, T_LOG, T_INCLUDE, T_EXIT,
  T_FOREACH, T_GETADDR, T_LOOKUP, T_ESCAPE, T_TOLOWER, T_TOUPPER, T_HASADDR,
  T_GDBMOPEN, T_GDBMCLOSE, T_GDBMFETCH, T_GDBMSTORE, T_TIME, T_IMPORT,
  T_UNSET, T_LENGTH, T_SUBSTR, T_SLT, T_SLE, T_SGT, T_SGE, T_SEQ, T_SNE,
  T_NTYPES
} ;

typedef struct mdf_lex_s mdf_lex ;
struct mdf_lex_s
{
  char const *s ;        /* the whole file */
  size_t len ;
  size_t pos ;
  unsigned int line ;    /* current line, counted at each LF read */
  int last ;             /* type of the previous token */
  int embedded ;         /* EMB-01 refusals */
  /* the current token */
  int type ;
  unsigned int tline ;   /* line after the token was read (LEX-12) */
  stralloc text ;        /* string/word/pattern text, lexed */
  size_t optoff ;        /* T_PATTERN: options start at text.s + optoff */
  int hasopt ;           /* T_PATTERN: a ':' was present */
} ;

extern void mdf_lex_init (mdf_lex *, char const *s, size_t len, int embedded) ;
extern void mdf_lex_free (mdf_lex *) ;
/* Reads the next token into l.  Returns 1, or 0 on ENOMEM. */
extern int mdf_lex_next (mdf_lex *) ;
extern char const *mdf_tokname (int type) ;

/* ---------------------------------------------------------- the program */

/* a piece of an expandable string */
enum { SEG_LIT, SEG_VAR, SEG_BADBRACE } ;
typedef struct mdf_seg_s mdf_seg ;
struct mdf_seg_s
{
  uint8_t kind ;
  uint32_t off ;    /* SEG_LIT/SEG_BADBRACE: bytes in prog->text */
  uint32_t len ;
  int32_t var ;     /* SEG_VAR: variable index */
} ;

typedef struct mdf_pat_s mdf_pat ;
struct mdf_pat_s
{
  uint32_t seg, nseg ;       /* regex text, expandable */
  unsigned int line ;
  unsigned int where ;       /* MDVIEW_HEADER | MDVIEW_BODY */
  int caseful ;              /* D */
  int weighted ;
  double w1, w2 ;
  void *cached ;             /* mdf_re *, for a constant regex */
} ;

enum mdf_nodetype_e
{
  N_NOP, N_LIST, N_IF, N_WHILE, N_FOREACH, N_TO, N_CC, N_EXIT, N_EXCEPTION,
  N_ECHO, N_XFILTER, N_SYSTEM, N_LOGFILE, N_LOG, N_INCLUDE, N_IMPORT,
  N_UNSET, N_DOTLOCK, N_FLOCK, N_EXPR,
  /* expressions */
  N_STR, N_ASSIGN, N_OROR, N_ANDAND, N_CMP, N_BOR, N_BAND, N_ADD, N_SUB,
  N_MUL, N_DIV, N_NOT, N_BNOT, N_PATMATCH, N_STRMATCH, N_LENGTH, N_GETADDR,
  N_ESCAPE, N_TOLOWER, N_TOUPPER, N_HASADDR, N_SUBSTR, N_LOOKUP, N_TIME,
  N_GDBMOPEN, N_GDBMCLOSE, N_GDBMFETCH, N_GDBMSTORE
} ;

/* string parts (N_STR children) */
enum { PART_EXP, PART_LIT, PART_BT } ;
typedef struct mdf_part_s mdf_part ;
struct mdf_part_s
{
  uint8_t kind ;
  uint32_t seg, nseg ;   /* PART_EXP, PART_BT: segments; PART_LIT: one SEG_LIT */
  uint32_t rawoff, rawlen ;  /* the lexed text in prog->text (assignment names) */
} ;

#define NONE 0xffffffffu

typedef struct mdf_node_s mdf_node ;
struct mdf_node_s
{
  uint8_t type ;
  uint8_t op ;          /* N_CMP: the T_ comparison token */
  unsigned int line ;
  uint32_t a, b, c ;    /* children (node indices), or see the type */
  uint32_t next ;       /* next statement of a list */
} ;
/* N_STR: a = first part, b = number of parts, c = 1 if constant
   N_ASSIGN: a = variable index, b = value
   N_PATMATCH: a = pattern index; N_STRMATCH: a = subject, b = pattern
   N_FOREACH: a = subject or NONE, b = pattern, c = body
   N_LIST: a = first statement (linked by next) */

typedef struct mdf_prog_s mdf_prog ;
struct mdf_prog_s
{
  char const *name ;     /* file name for messages */
  genalloc nodes ;       /* mdf_node */
  genalloc segs ;        /* mdf_seg */
  genalloc parts ;       /* mdf_part */
  genalloc pats ;        /* mdf_pat */
  stralloc text ;        /* literal bytes */
  uint32_t root ;
  void *gdbm ;           /* FN-09: one database per file */
} ;
#define MDF_PROG_ZERO { .name = 0, .nodes = GENALLOC_ZERO, .segs = GENALLOC_ZERO, .parts = GENALLOC_ZERO, .pats = GENALLOC_ZERO, .text = STRALLOC_ZERO, .root = NONE, .gdbm = 0 }

#define NODE(p, i) (genalloc_s(mdf_node, &(p)->nodes) + (i))
#define SEG(p, i) (genalloc_s(mdf_seg, &(p)->segs) + (i))
#define PART(p, i) (genalloc_s(mdf_part, &(p)->parts) + (i))
#define PAT(p, i) (genalloc_s(mdf_pat, &(p)->pats) + (i))

/* Parse s into p.  checkonly: report every error and go on.
   Returns the number of syntax errors (printed), or -1 on ENOMEM. */
extern int mdf_parse (mdf_prog *p, char const *s, size_t len, int embedded, int checkonly) ;
extern void mdf_prog_free (mdf_prog *p) ;

/* Split lexed string text into segments (VAR-02, VAR-03): appended to p.
   Returns 1 / 0 ENOMEM. */
extern int mdf_split (mdf_prog *p, char const *s, size_t len, uint32_t *seg, uint32_t *nseg) ;

/* --------------------------------------------------------- evaluation */

/* results of the evaluator's functions */
#define RC_OK 0
#define RC_FATAL 1   /* a fatal error; the text is in mdf_errmsg */
#define RC_EXIT 2    /* exit or to: leave with EXITCODE */
#define RC_THROW 3   /* to with a non-zero EXITCODE: exception{} catches it */

extern stralloc mdf_errmsg ;
extern int mdf_fatal (char const *s) ;       /* sets mdf_errmsg, returns RC_FATAL */
extern int mdf_nomem (void) ;
extern void mdf_failclear (void) ;            /* before an mdrt_* call */
extern int mdf_failed (char const *generic) ; /* after it failed: RC_FATAL */

extern unsigned int mdf_flags ;     /* MDF_* of the current run */
extern unsigned int mdf_depth ;     /* include depth */

extern int mdf_exec (mdf_prog *p) ;  /* RC_* */
extern void mdf_resetfixed (void) ;  /* STMT-15 */

/* expand segments of p, appended to out; line for the } message */
extern int mdf_expand (mdf_prog const *p, uint32_t seg, uint32_t nseg, unsigned int line, stralloc *out) ;

/* print "name(line): text\n" to stderr (parse errors and notes) */
extern void mdf_lineerr (char const *name, unsigned int line, char const *text) ;
/* print "argv0: text\n" */
extern void mdf_fatalprint (char const *text) ;
extern void mdf_errwrite (char const *s, size_t len) ;

/* ------------------------------------------------------------ numbers */
extern double mdf_atof (char const *s, size_t len) ;
extern long mdf_atol (char const *s, size_t len) ;
extern int mdf_catnum (stralloc *sa, double d) ;       /* %.22g */
extern int mdf_true (char const *s, size_t len) ;

/* ------------------------------------------------------------ built-ins */
extern int mdf_escape (char const *s, size_t len, stralloc *out) ;
extern int mdf_case (char const *s, size_t len, int upper, stralloc *out) ;
extern int mdf_substr (char const *s, size_t len, long start, int hascount, long count, stralloc *out) ;
extern int mdf_embedded ;   /* current embedded state (EMB-*, STMT-15) */

/* ------------------------------------------------------------ echo */
extern int mdf_echofmt (char const *s, size_t len, stralloc *out) ;  /* returns 1 / 0; appends newline unless \c */

/* ------------------------------------------------------------ patterns */
/* Evaluate pattern pi of p against the message (isstring 0) or subj.
   The value is appended to out.  foreach: hits non-NULL collects every
   hit (a size_t length, then the bytes) and appends no value. */
extern int mdf_pat_eval (mdf_prog *p, uint32_t pi, char const *subj, size_t subjlen, int isstring, stralloc *out, stralloc *hits) ;
/* lookup(): 1 found, 0 not, -1 fatal (message set) */
extern int mdf_pat_lookup (char const *subj, size_t len, char const *file, int caseful) ;
extern void mdf_re_release (void *) ;
/* 1 if pcre2 is certain to compile pattern s (mdf_resafe.c) */
extern int mdf_re_safe (char const *s, size_t n) ;
extern void mdf_pat_setmatch (char const *s, size_t len) ;

/* read a whole file (relative to the cwd): 1 / 0 errno */
extern int mdf_slurp (char const *file, stralloc *sa) ;

/* ------------------------------------------------------------ view cache */
extern int mdf_lines_scan (msg const *m, unsigned int where, mdview_func *f, void *aux) ;
extern void mdf_lines_reset (void) ;

/* ------------------------------------------------------------ gdbm */
extern int mdf_gdbm_open (mdf_prog *p, char const *file, char const *mode, stralloc *out) ;
extern int mdf_gdbm_fetch (mdf_prog *p, char const *key, size_t klen, char const *opts, stralloc *out) ;  /* 1 found, 0 not, -1 fatal */
extern int mdf_gdbm_store (mdf_prog *p, char const *key, size_t klen, char const *val, size_t vlen, stralloc *out) ;
extern void mdf_gdbm_close (mdf_prog *p) ;

#endif
