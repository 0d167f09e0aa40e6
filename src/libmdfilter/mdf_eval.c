/* ISC license. */

/* The evaluator: runs a program tree.  It reaches the outside only
   through mdvars.h, mdrt.h and mdview.h.  Expression values are appended
   to a caller's stralloc; temporaries come from a stack of scratch
   strallocs that is reused, so a warm run does not allocate. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <skalibs/djbunix.h>
#include <skalibs/stralloc.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/types.h>
#include "mdvars.h"
#include "mdrt.h"
#include "mdview.h"
#include "mdfilter.h"
#include "mdf-internal.h"

#define MAXEVAL 5000
#define MAXINCLUDE 20
#define CHUNK 256
#define NCHUNKS 64

unsigned int mdf_flags = 0 ;
unsigned int mdf_depth = 0 ;
int mdf_embedded = 0 ;

static unsigned int evdepth = 0 ;

#ifdef MDF_FUZZ
/* fuzzing builds only: a step budget, so that endless loops end */
unsigned long mdf_fuzz_steps = 0 ;
#endif

/* ------------------------------------------------------------ scratch */

static stralloc *chunks[NCHUNKS] ;
static size_t scrtop = 0 ;

static stralloc *scr (void)
{
  size_t c = scrtop / CHUNK ;
  stralloc *sa ;
  if (c >= NCHUNKS) return 0 ;
  if (!chunks[c])
  {
    chunks[c] = calloc(CHUNK, sizeof(stralloc)) ;
    if (!chunks[c]) return 0 ;
  }
  sa = chunks[c] + scrtop % CHUNK ;
  sa->len = 0 ;
  scrtop++ ;
  return sa ;
}

/* ------------------------------------------------------------ helpers */

static int verbosevar = -1, exitcodevar = -1, returncodevar = -1 ;

static int specials (void)
{
  if (verbosevar >= 0) return 1 ;
  verbosevar = mdvar_index("VERBOSE", 7) ;
  exitcodevar = mdvar_index("EXITCODE", 8) ;
  returncodevar = mdvar_index("RETURNCODE", 10) ;
  return verbosevar >= 0 && exitcodevar >= 0 && returncodevar >= 0 ;
}

/* CLI-28 */
static long exitcode (void)
{
  size_t len, i = 0 ;
  char const *s = mdvar_iget(exitcodevar, &len) ;
  unsigned long v = 0 ;   /* wraps like the reference's 64-bit value, no UB */
  int neg = 0 ;
  if (!s) return 0 ;
  while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f' || s[i] == '\v')) i++ ;
  if (i < len && s[i] == '-') { neg = 1 ; i++ ; }
  while (i < len && s[i] >= '0' && s[i] <= '9') v = v * 10 + (s[i++] - '0') ;
  return (long)(neg ? -v : v) ;
}

static int bool01 (stralloc *out, int b)
{
  return stralloc_catb(out, b ? "1" : "0", 1) ? RC_OK : mdf_nomem() ;
}

static int cstr (stralloc *sa)
{
  if (!stralloc_0(sa)) return 0 ;
  sa->len-- ;
  return 1 ;
}

/* strcmp semantics on byte strings (stops at a NUL) */
static int scmp (stralloc const *a, stralloc const *b)
{
  size_t la = a->len, lb = b->len, i ;
  for (i = 0 ; i < la && a->s[i] ; i++) ;
  la = i ;
  for (i = 0 ; i < lb && b->s[i] ; i++) ;
  lb = i ;
  {
    int r = la && lb ? memcmp(a->s, b->s, la < lb ? la : lb) : 0 ;
    if (r) return r ;
  }
  return la < lb ? -1 : la > lb ? 1 : 0 ;
}

static uint64_t tou64 (double d)
{
  if (d < 0) return d > -9.2e18 ? (uint64_t)(int64_t)d : (uint64_t)1 << 63 ;
  return (uint64_t)d ;
}

static void setverbose (char const *s, size_t len)
{
  if (mdf_flags & MDF_DELIVERY) return ;
  {
    long v = s ? mdf_atol(s, len) : 0 ;
    mdfilter_verbose = v < 0 ? 0 : (unsigned int)v ;
  }
}

static void flushout (void)
{
}

/* ------------------------------------------------------------ debug (DBG-01) */

static void dbgline (mdf_prog const *p, unsigned int line, char const *a, size_t alen, char const *b, size_t blen, char const *c)
{
  stralloc sa = STRALLOC_ZERO ;
  if (stralloc_catb(&sa, a, alen) && stralloc_catb(&sa, b, blen) && stralloc_cats(&sa, c) && stralloc_0(&sa))
    mdf_lineerr(p->name, line, sa.s) ;
  stralloc_free(&sa) ;
}

static void dbgassign (mdf_prog const *p, mdf_node const *n, uint32_t var, char const *s, size_t len)
{
  size_t nlen ;
  char const *name = mdvar_iname(var, &nlen) ;
  stralloc sa = STRALLOC_ZERO ;
  if (stralloc_catb(&sa, name, nlen) && stralloc_cats(&sa, "=\""))
    dbgline(p, n->line, sa.s, sa.len, s, len, "\"") ;
  stralloc_free(&sa) ;
}

/* -V 1: what runs */
static void announce (char const *a, char const *s, size_t len, char const *b)
{
  stralloc sa = STRALLOC_ZERO ;
  if (stralloc_cats(&sa, a) && stralloc_catb(&sa, s, len) && stralloc_cats(&sa, b) && stralloc_catb(&sa, "\n", 1))
    mdf_errwrite(sa.s, sa.len) ;
  stralloc_free(&sa) ;
}

/* -V 6: "Operation on: a and b - name, result is r" */
static void dbgop (mdf_prog const *p, mdf_node const *n, stralloc const *a, stralloc const *b, char const *name, stralloc const *out, size_t start)
{
  stralloc sa = STRALLOC_ZERO ;
  if (stralloc_cats(&sa, "Operation on: ") && stralloc_catb(&sa, a->s, a->len)
   && (!b || (stralloc_cats(&sa, " and ") && stralloc_catb(&sa, b->s, b->len)))
   && stralloc_cats(&sa, " - ") && stralloc_cats(&sa, name)
   && (!b || (stralloc_cats(&sa, ", result is ") && stralloc_catb(&sa, out->s + start, out->len - start)))
   && (b || stralloc_cats(&sa, "."))
   && stralloc_0(&sa))
    mdf_lineerr(p->name, n->line, sa.s) ;
  if (!b)
  {
    sa.len = 0 ;
    if (stralloc_cats(&sa, "Operation: ") && stralloc_cats(&sa, name) && stralloc_cats(&sa, "=")
     && stralloc_catb(&sa, out->s + start, out->len - start) && stralloc_0(&sa))
      mdf_lineerr(p->name, n->line, sa.s) ;
  }
  stralloc_free(&sa) ;
}

static char const *opname (mdf_node const *n)
{
  switch (n->type)
  {
    case N_ADD : return "add" ;
    case N_SUB : return "subtract" ;
    case N_MUL : return "multiply" ;
    case N_DIV : return "divide" ;
    case N_BOR : return "bitwise or" ;
    case N_BAND : return "bitwise and" ;
    default : break ;
  }
  switch (n->op)
  {
    case T_LT : return "less than" ;
    case T_LE : return "less than or equal" ;
    case T_GT : return "greater than" ;
    case T_GE : return "greater than or equal" ;
    case T_EQEQ : return "equal" ;
    case T_NE : return "not equal" ;
    case T_SLT : return "string less than" ;
    case T_SLE : return "string less than or equal" ;
    case T_SGT : return "string greater than" ;
    case T_SGE : return "string grater than or equal" ;  /* sic */
    case T_SEQ : return "string equal" ;
    default : return "string not equal" ;
  }
}

/* ------------------------------------------------------------ expressions */

static int ev (mdf_prog *p, uint32_t ni, stralloc *out) ;

/* STMT-14: backtick output folding */
static int backtick (char const *cmd, size_t len, stralloc *out)
{
  stralloc *raw = scr() ;
  size_t i = 0, j ;
  char const *rc ;
  size_t rclen ;
  if (!raw) return mdf_nomem() ;
  flushout() ;
  if (mdfilter_verbose >= 1) announce("maildrop: Filtering through `", cmd, len, "`") ;
  mdf_failclear() ;
  if (!mdrt_backtick(cmd, len, raw)) return mdf_failed("Unable to execute command.") ;
  rc = mdvar_iget(returncodevar, &rclen) ;
  if (rc && !(rclen == 1 && rc[0] == '0')) return RC_OK ;
  while (i < raw->len && (raw->s[i] == ' ' || raw->s[i] == '\t' || raw->s[i] == '\n' || raw->s[i] == '\r')) i++ ;
  j = raw->len ;
  while (j > i && (raw->s[j-1] == ' ' || raw->s[j-1] == '\t' || raw->s[j-1] == '\n' || raw->s[j-1] == '\r')) j-- ;
  if (!stralloc_readyplus(out, j - i)) return mdf_nomem() ;
  for (; i < j ; i++)
    out->s[out->len++] = raw->s[i] == '\n' || raw->s[i] == '\r' ? ' ' : raw->s[i] ;
  return RC_OK ;
}

static int evstr (mdf_prog *p, mdf_node const *n, stralloc *out)
{
  uint32_t k ;
  for (k = 0 ; k < n->b ; k++)
  {
    mdf_part const *pa = PART(p, n->a + k) ;
    if (pa->kind == PART_BT)
    {
      size_t mark = scrtop ;
      stralloc *cmd = scr() ;
      int r ;
      if (!cmd) return mdf_nomem() ;
      if (!mdf_expand(p, pa->seg, pa->nseg, n->line, cmd)) return mdf_nomem() ;
      r = backtick(cmd->s, cmd->len, out) ;
      scrtop = mark ;
      if (r) return r ;
    }
    else if (!mdf_expand(p, pa->seg, pa->nseg, n->line, out)) return mdf_nomem() ;
  }
  return RC_OK ;
}

/* both operands of a binary node into two scratch strallocs */
static int two (mdf_prog *p, mdf_node const *n, stralloc **a, stralloc **b)
{
  int r ;
  *a = scr() ; *b = scr() ;
  if (!*a || !*b) return mdf_nomem() ;
  r = ev(p, n->a, *a) ;
  if (r) return r ;
  return ev(p, n->b, *b) ;
}

static int ev1 (mdf_prog *p, uint32_t ni, stralloc *out)
{
  mdf_node const *n = NODE(p, ni) ;
  stralloc *a, *b ;
  int r ;
  switch (n->type)
  {
    case N_STR :
      return evstr(p, n, out) ;

    case N_ASSIGN :
    {
      size_t start = out->len ;
      uint32_t var = n->a ;
      r = ev(p, n->b, out) ;
      if (r) return r ;
      if (mdfilter_verbose >= 4) dbgassign(p, n, var, out->s + start, out->len - start) ;
      if (!mdvar_iset(var, out->s + start, out->len - start)) return mdf_nomem() ;
      if ((int)var == verbosevar) setverbose(out->s + start, out->len - start) ;
      return RC_OK ;
    }

    case N_OROR :
    case N_ANDAND :
    {
      size_t start = out->len ;
      int t ;
      r = ev(p, n->a, out) ;
      if (r) return r ;
      t = mdf_true(out->s + start, out->len - start) ;
      if (mdfilter_verbose >= 6) dbgline(p, n->line, n->type == N_OROR ? "Operation: logical or, left hand side=" : "Operation: logical and, left hand side=", 38 + (n->type == N_ANDAND), out->s + start, out->len - start, "") ;
      if (!(n->type == N_OROR ? t : !t))
      {
        if (mdfilter_verbose >= 6) mdf_lineerr(p->name, n->line, n->type == N_OROR ? "Operation: logical or, evaluating right hand size." : "Operation: logical and, evaluating right hand size.") ;
        out->len = start ;
        r = ev(p, n->b, out) ;
        if (r) return r ;
      }
      if (mdfilter_verbose >= 6) dbgline(p, n->line, n->type == N_OROR ? "Operation: logical or, result=" : "Operation: logical and, result=", 30 + (n->type == N_ANDAND), out->s + start, out->len - start, "") ;
      return RC_OK ;
    }

    case N_CMP :
    {
      double x, y ;
      int c ;
      r = two(p, n, &a, &b) ;
      if (r) return r ;
      x = mdf_atof(a->s, a->len) ;
      y = mdf_atof(b->s, b->len) ;
      switch (n->op)
      {
        case T_SLT : c = scmp(a, b) < 0 ; break ;
        case T_SLE : c = scmp(a, b) <= 0 ; break ;
        case T_SGT : c = scmp(a, b) > 0 ; break ;
        case T_SGE : c = scmp(a, b) >= 0 ; break ;
        case T_SEQ : c = !scmp(a, b) ; break ;
        case T_SNE : c = !!scmp(a, b) ; break ;
        case T_LT : c = x < y ; break ;
        case T_LE : c = x <= y ; break ;
        case T_GT : c = x > y ; break ;
        case T_GE : c = x >= y ; break ;
        case T_EQEQ : c = x == y ; break ;
        default : c = x != y ; break ;
      }
      {
        size_t start = out->len ;
        r = bool01(out, c) ;
        if (!r && mdfilter_verbose >= 6) dbgop(p, n, a, b, opname(n), out, start) ;
        return r ;
      }
    }

    case N_BOR :
    case N_BAND :
    {
      uint64_t x, y ;
      r = two(p, n, &a, &b) ;
      if (r) return r ;
      x = tou64(mdf_atof(a->s, a->len)) ;
      y = tou64(mdf_atof(b->s, b->len)) ;
      {
        size_t start = out->len ;
        if (!mdf_catnum(out, (double)(n->type == N_BOR ? x | y : x & y))) return mdf_nomem() ;
        if (mdfilter_verbose >= 6) dbgop(p, n, a, b, opname(n), out, start) ;
        return RC_OK ;
      }
    }

    case N_ADD :
    case N_SUB :
    case N_MUL :
    case N_DIV :
    {
      double x, y, z ;
      r = two(p, n, &a, &b) ;
      if (r) return r ;
      x = mdf_atof(a->s, a->len) ;
      y = mdf_atof(b->s, b->len) ;
      z = n->type == N_ADD ? x + y : n->type == N_SUB ? x - y : n->type == N_MUL ? x * y : x / y ;
      {
        size_t start = out->len ;
        if (!mdf_catnum(out, z)) return mdf_nomem() ;
        if (mdfilter_verbose >= 6) dbgop(p, n, a, b, opname(n), out, start) ;
        return RC_OK ;
      }
    }

    case N_NOT :
      a = scr() ;
      if (!a) return mdf_nomem() ;
      r = ev(p, n->a, a) ;
      if (r) return r ;
      {
        size_t start = out->len ;
        r = bool01(out, !mdf_true(a->s, a->len)) ;
        if (!r && mdfilter_verbose >= 6) dbgop(p, n, a, 0, "logical not", out, start) ;
        return r ;
      }

    case N_BNOT :
    {
      char buf[LONG_FMT] ;
      a = scr() ;
      if (!a) return mdf_nomem() ;
      r = ev(p, n->a, a) ;
      if (r) return r ;
      {
        size_t start = out->len ;
        if (!stralloc_catb(out, buf, long_fmt(buf, ~mdf_atol(a->s, a->len)))) return mdf_nomem() ;
        if (mdfilter_verbose >= 6) dbgop(p, n, a, 0, "bitwise not", out, start) ;
        return RC_OK ;
      }
    }

    case N_PATMATCH :
      return mdf_pat_eval(p, n->a, 0, 0, 0, out, 0) ;

    case N_STRMATCH :
      a = scr() ;
      if (!a) return mdf_nomem() ;
      r = ev(p, n->a, a) ;
      if (r) return r ;
      return mdf_pat_eval(p, n->b, a->s, a->len, 1, out, 0) ;

    case N_LENGTH :
    case N_GETADDR :
    case N_ESCAPE :
    case N_TOLOWER :
    case N_TOUPPER :
    case N_HASADDR :
      a = scr() ;
      if (!a) return mdf_nomem() ;
      r = ev(p, n->a, a) ;
      if (r) return r ;
      switch (n->type)
      {
        case N_LENGTH :
        {
          char buf[SIZE_FMT] ;
          size_t start = out->len ;
          if (!stralloc_catb(out, buf, size_fmt(buf, a->len))) return mdf_nomem() ;
          if (mdfilter_verbose >= 6) dbgop(p, n, a, 0, "strlength", out, start) ;
          return RC_OK ;
        }
        case N_GETADDR : return mdview_getaddr(a->s, a->len, out) ? RC_OK : mdf_nomem() ;
        case N_ESCAPE : return mdf_escape(a->s, a->len, out) ? RC_OK : mdf_nomem() ;
        case N_TOLOWER : return mdf_case(a->s, a->len, 0, out) ? RC_OK : mdf_nomem() ;
        case N_TOUPPER : return mdf_case(a->s, a->len, 1, out) ? RC_OK : mdf_nomem() ;
        default :
        {
          int h = mdview_hasaddr(mdrt_msg(), a->s, a->len) ;
          if (h < 0) return mdf_fatal("Unable to read message.") ;
          return bool01(out, h) ;
        }
      }

    case N_SUBSTR :
    {
      long start, count = 0 ;
      a = scr() ; b = scr() ;
      if (!a || !b) return mdf_nomem() ;
      r = ev(p, n->a, a) ;
      if (r) return r ;
      r = ev(p, n->b, b) ;
      if (r) return r ;
      start = mdf_atol(b->s, b->len) ;
      if (n->c != NONE)
      {
        b->len = 0 ;
        r = ev(p, n->c, b) ;
        if (r) return r ;
        count = mdf_atol(b->s, b->len) ;
      }
      return mdf_substr(a->s, a->len, start, n->c != NONE, count, out) ? RC_OK : mdf_nomem() ;
    }

    case N_LOOKUP :
    {
      stralloc *c = 0 ;
      int caseful = 0 ;
      r = two(p, n, &a, &b) ;
      if (r) return r ;
      if (n->c != NONE)
      {
        c = scr() ;
        if (!c) return mdf_nomem() ;
        r = ev(p, n->c, c) ;
        if (r) return r ;
        for (size_t i = 0 ; i < c->len ; i++) if (c->s[i] == 'D') caseful = 1 ;
      }
      if (!cstr(b)) return mdf_nomem() ;
      r = mdf_pat_lookup(a->s, a->len, b->s, caseful) ;
      if (r < 0) return RC_FATAL ;
      return bool01(out, r) ;
    }

    case N_TIME :
    {
      char buf[ULONG_FMT] ;
      return stralloc_catb(out, buf, ulong_fmt(buf, (unsigned long)time(0))) ? RC_OK : mdf_nomem() ;
    }

    case N_GDBMOPEN :
      a = scr() ; b = scr() ;
      if (!a || !b) return mdf_nomem() ;
      r = ev(p, n->a, a) ;
      if (r) return r ;
      if (n->b != NONE)
      {
        r = ev(p, n->b, b) ;
        if (r) return r ;
      }
      if (!cstr(a) || !cstr(b)) return mdf_nomem() ;
      return mdf_gdbm_open(p, a->s, b->s, out) ;

    case N_GDBMCLOSE :
      mdf_gdbm_close(p) ;
      return RC_OK ;

    case N_GDBMFETCH :
    {
      size_t start = out->len ;
      a = scr() ; b = scr() ;
      if (!a || !b) return mdf_nomem() ;
      r = ev(p, n->a, a) ;
      if (r) return r ;
      if (n->b != NONE)
      {
        r = ev(p, n->b, b) ;
        if (r) return r ;
      }
      if (!cstr(b)) return mdf_nomem() ;
      r = mdf_gdbm_fetch(p, a->s, a->len, b->s, out) ;
      if (r < 0) return RC_FATAL ;
      if (!r && n->c != NONE)
      {
        out->len = start ;
        return ev(p, n->c, out) ;
      }
      return RC_OK ;
    }

    case N_GDBMSTORE :
      r = two(p, n, &a, &b) ;
      if (r) return r ;
      return mdf_gdbm_store(p, a->s, a->len, b->s, b->len, out) ;

    default :
      return mdf_fatal("Internal error: bad expression node.") ;
  }
}

static int ev (mdf_prog *p, uint32_t ni, stralloc *out)
{
  size_t mark = scrtop ;
  int r ;
#ifdef MDF_FUZZ
  if (!mdf_fuzz_steps) return mdf_fatal("fuzz: step budget exhausted") ;
  mdf_fuzz_steps-- ;
#endif
  if (++evdepth > MAXEVAL) { evdepth-- ; return mdf_fatal("Nesting too deep.") ; }
  r = ev1(p, ni, out) ;
  evdepth-- ;
  scrtop = mark ;
#ifdef MDF_FUZZ
  if (!r && out->len > (1u << 16)) r = mdf_fatal("fuzz: value too big") ;
#endif
  return r ;
}

/* ------------------------------------------------------------ statements */

static int ex (mdf_prog *p, uint32_t ni) ;

/* The condition of an if/elsif/while, with its level-4 traces: *t gets
   its truth.  Returns RC_OK or the error. */
static int cond (mdf_prog *p, mdf_node const *n, char const *before, char const *after, int *t)
{
  size_t mark = scrtop ;
  stralloc *a = scr() ;
  int r ;
  if (!a) return mdf_nomem() ;
  if (mdfilter_verbose >= 4) mdf_lineerr(p->name, n->line, before) ;
  r = ev(p, n->a, a) ;
  if (r) return r ;
  if (mdfilter_verbose >= 4) dbgline(p, n->line, after, strlen(after), a->s, a->len, "") ;
  *t = mdf_true(a->s, a->len) ;
  scrtop = mark ;
  return RC_OK ;
}

/* Included files (STMT-15) are parsed when the include runs, but a file
   included again (in a loop, or from several places) is not parsed
   again: its tree is kept, keyed by path and file identity.  A tree
   being run (recursive include) is not shared: that one gets a copy. */

#define INCMAX 64

typedef struct inc_s inc_t ;
struct inc_s
{
  stralloc path ;
  dev_t dev ;
  ino_t ino ;
  struct timespec mtim ;
  off_t size ;
  int embedded ;
  int busy ;
  mdf_prog prog ;
  stralloc text ;
} ;

static inc_t *incs[INCMAX] ;
static unsigned int nincs = 0 ;

static void inc_free (inc_t *e)
{
  mdf_prog_free(&e->prog) ;
  stralloc_free(&e->text) ;
  stralloc_free(&e->path) ;
  free(e) ;
}

static int include (mdf_prog *p, mdf_node const *n, char const *file, size_t len)
{
  inc_t *e = 0 ;
  struct stat st ;
  int saveemb = mdf_embedded ;
  int fd, r, cached = 0, dup = 0 ;
  unsigned int i ;
  if (mdf_depth >= MAXINCLUDE)
  {
    mdf_lineerr(p->name, n->line, "Too many included files.") ;
    mdf_errmsg.len = 0 ;
    return RC_FATAL ;
  }
  fd = open_readb(file) ;
  if (fd < 0) return mdf_fatal("Unable to open include file.") ;
  if (fstat(fd, &st) < 0) { fd_close(fd) ; return mdf_fatal("Unable to open include file.") ; }
  /* STMT-15: /etc/maildroprcs/ files without a dot are trusted */
  if (!strncmp(file, "/etc/maildroprcs/", 17) && !strchr(file, '.'))
  {
    mdf_embedded = 0 ;
    mdf_resetfixed() ;
  }
  for (i = 0 ; i < nincs ; i++)
  {
    inc_t *c = incs[i] ;
    if (c->path.len != len + 1 || memcmp(c->path.s, file, len)) continue ;
    if (c->busy) { dup = 1 ; continue ; }
    if (c->dev == st.st_dev && c->ino == st.st_ino && c->size == st.st_size && c->embedded == mdf_embedded
     && c->mtim.tv_sec == st.st_mtim.tv_sec && c->mtim.tv_nsec == st.st_mtim.tv_nsec)
    {
      e = c ; cached = 1 ;
    }
    else
    {
      inc_free(c) ;
      incs[i] = incs[--nincs] ;
    }
    break ;
  }
  if (!e)
  {
    e = calloc(1, sizeof(inc_t)) ;
    if (!e) { fd_close(fd) ; mdf_embedded = saveemb ; return mdf_nomem() ; }
    e->prog = (mdf_prog)MDF_PROG_ZERO ;
    e->dev = st.st_dev ; e->ino = st.st_ino ; e->size = st.st_size ; e->mtim = st.st_mtim ;
    e->embedded = mdf_embedded ;
    if (!stralloc_catb(&e->path, file, len) || !stralloc_0(&e->path)) { fd_close(fd) ; inc_free(e) ; mdf_embedded = saveemb ; return mdf_nomem() ; }
    if (!slurp(&e->text, fd)) { fd_close(fd) ; inc_free(e) ; mdf_embedded = saveemb ; return mdf_fatal("Unable to open include file.") ; }
    e->prog.name = e->path.s ;
    r = mdf_parse(&e->prog, e->text.s, e->text.len, mdf_embedded, 0) ;
    if (r)
    {
      fd_close(fd) ;
      inc_free(e) ;
      mdf_embedded = saveemb ;
      if (r < 0) return mdf_nomem() ;
      mdf_errmsg.len = 0 ;
      return RC_FATAL ;
    }
    if (!dup && nincs < INCMAX) { incs[nincs++] = e ; cached = 1 ; }
  }
  fd_close(fd) ;
  e->busy = 1 ;
  mdf_depth++ ;
  r = ex(&e->prog, e->prog.root) ;
  mdf_depth-- ;
  e->busy = 0 ;
  mdf_gdbm_close(&e->prog) ;  /* FN-09: the database lives as long as the run */
  if (!cached) inc_free(e) ;
  mdf_embedded = saveemb ;
  return r ;
}

static int foreach (mdf_prog *p, mdf_node const *n)
{
  stralloc hits = STRALLOC_ZERO ;
  size_t i = 0 ;
  int r ;
  if (n->a == NONE) r = mdf_pat_eval(p, n->b, 0, 0, 0, 0, &hits) ;
  else
  {
    stralloc *a = scr() ;
    if (!a) return mdf_nomem() ;
    r = ev(p, n->a, a) ;
    if (!r) r = mdf_pat_eval(p, n->b, a->s, a->len, 1, 0, &hits) ;
  }
  while (!r && i < hits.len)
  {
    size_t len ;
    memcpy(&len, hits.s + i, sizeof(size_t)) ;
    i += sizeof(size_t) ;
    mdf_pat_setmatch(hits.s + i, len) ;
    i += len ;
    r = ex(p, n->c) ;
  }
  stralloc_free(&hits) ;
  return r ;
}

static int ex1 (mdf_prog *p, uint32_t ni)
{
  mdf_node const *n = NODE(p, ni) ;
  stralloc *a ;
  int r ;
  switch (n->type)
  {
    case N_NOP : return RC_OK ;

    case N_LIST :
      for (ni = n->a ; ni != NONE ; ni = NODE(p, ni)->next)
      {
        r = ex(p, ni) ;
        if (r) return r ;
      }
      return RC_OK ;

    case N_IF :
      for (;;)
      {
        int t ;
        r = cond(p, n, "Evaluating IF condition.", "IF evaluated, result=", &t) ;
        if (r) return r ;
        if (t) return ex(p, n->b) ;
        if (n->c == NONE) return RC_OK ;
        if (NODE(p, n->c)->type != N_IF) return ex(p, n->c) ;
        n = NODE(p, n->c) ;
      }

    case N_WHILE :
      for (;;)
      {
        int t ;
        r = cond(p, n, "Evaluating WHILE condition.", "While condition evaluated, result=", &t) ;
        if (r) return r ;
        if (!t) return RC_OK ;
        r = ex(p, n->b) ;
        if (r) return r ;
      }

    case N_FOREACH :
      return foreach(p, n) ;

    case N_EXIT :
      return RC_EXIT ;

    case N_EXCEPTION :
      r = ex(p, n->a) ;
      if (r == RC_FATAL || r == RC_THROW) { mdf_errmsg.len = 0 ; return RC_OK ; }
      return r ;

    case N_EXPR :
      a = scr() ;
      if (!a) return mdf_nomem() ;
      return ev(p, n->a, a) ;

    default :
      break ;
  }

  /* statements taking one string */
  a = scr() ;
  if (!a) return mdf_nomem() ;
  r = ev(p, n->a, a) ;
  if (r) return r ;
  switch (n->type)
  {
    case N_TO :
    case N_CC :
      flushout() ;
      mdf_failclear() ;
      if (!mdrt_deliver(a->s, a->len)) return mdf_failed("Unable to deliver to mailbox.") ;
      if (n->type == N_CC) return RC_OK ;
      return exitcode() ? RC_THROW : RC_EXIT ;

    case N_ECHO :
    {
      stralloc *o = scr() ;
      if (!o) return mdf_nomem() ;
      if (!mdf_echofmt(a->s, a->len, o)) return mdf_nomem() ;
      allwrite(1, o->s, o->len) ;
      return RC_OK ;
    }

    case N_LOG :
    {
      stralloc *o = scr() ;
      if (!o) return mdf_nomem() ;
      if (!mdf_echofmt(a->s, a->len, o)) return mdf_nomem() ;
      mdrt_log(o->s, o->len) ;
      return RC_OK ;
    }

    case N_LOGFILE :
      mdf_failclear() ;
      if (!mdrt_logfile(a->s, a->len)) return mdf_failed("Unable to create log file.") ;
      return RC_OK ;

    case N_XFILTER :
      flushout() ;
      if (mdfilter_verbose >= 1) announce("maildrop: Filtering through xfilter ", a->s, a->len, "") ;
      mdf_failclear() ;
      r = mdrt_xfilter(a->s, a->len) ;
      mdf_lines_reset() ;
      if (!r) return mdf_failed("Unable to filter message.") ;
      return RC_OK ;

    case N_SYSTEM :
      flushout() ;
      if (mdfilter_verbose >= 1) announce("maildrop: Executing system command ", a->s, a->len, "") ;
      mdrt_system(a->s, a->len) ;
      return RC_OK ;

    case N_INCLUDE :
      if (!cstr(a)) return mdf_nomem() ;
      return include(p, n, a->s, a->len) ;

    case N_IMPORT :
    {
      char const *v ;
      int i ;
      if (!cstr(a)) return mdf_nomem() ;
      v = getenv(a->s) ;
      i = mdvar_index(a->s, a->len) ;
      if (i < 0 || !mdvar_iset(i, v ? v : "", v ? strlen(v) : 0)) return mdf_nomem() ;
      if (i == verbosevar) setverbose(v, v ? strlen(v) : 0) ;
      return RC_OK ;
    }

    case N_UNSET :
    {
      int i = mdvar_index(a->s, a->len) ;
      if (i < 0) return mdf_nomem() ;
      if (mdfilter_verbose >= 4) dbgline(p, n->line, "unset ", 6, a->s, a->len, "") ;
      mdvar_iunset(i) ;
      if (i == verbosevar && !(mdf_flags & MDF_DELIVERY)) mdfilter_verbose = 0 ;
      return RC_OK ;
    }

    case N_DOTLOCK :
    case N_FLOCK :
    {
      int h ;
      mdf_failclear() ;
      h = n->type == N_DOTLOCK ? mdrt_dotlock_acquire(a->s, a->len) : mdrt_flock_acquire(a->s, a->len) ;
      if (h < 0) return mdf_failed(n->type == N_DOTLOCK ? "Unable to create dot-lock." : "Unable to create flock file.") ;
      r = ex(p, n->b) ;
      mdrt_lock_release(h) ;
      return r ;
    }

    default :
      return mdf_fatal("Internal error: bad statement node.") ;
  }
}

static int ex (mdf_prog *p, uint32_t ni)
{
  size_t mark = scrtop ;
  int r ;
#ifdef MDF_FUZZ
  if (!mdf_fuzz_steps) return mdf_fatal("fuzz: step budget exhausted") ;
  mdf_fuzz_steps-- ;
#endif
  if (++evdepth > MAXEVAL) { evdepth-- ; return mdf_fatal("Nesting too deep.") ; }
  r = ex1(p, ni) ;
  evdepth-- ;
  scrtop = mark ;
  return r ;
}

/* give back the big scratch buffers (a large backtick output, ...) */
static void scrtrim (void)
{
  for (size_t c = 0 ; c < NCHUNKS && chunks[c] ; c++)
    for (size_t i = 0 ; i < CHUNK ; i++)
      if (chunks[c][i].a > 65536) stralloc_free(chunks[c] + i) ;
}

int mdf_exec (mdf_prog *p)
{
  int r ;
  if (!specials()) return mdf_nomem() ;
  r = ex(p, p->root) ;
  scrtrim() ;
  return r ;
}
