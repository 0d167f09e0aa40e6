/* ISC license. */

/* The pattern engine (PAT-01 .. PAT-12): pcre2, UTF-8, caseless unless D.
   A regex is compiled once per expanded text: constant patterns keep
   their code in the program, others go through a small cache.  One match
   data block is reused for every match.  Match, depth and JIT stack
   limits turn a catastrophic regex into a clear fatal error.
   A regex that is certain to compile and has a required literal is
   compiled only when a line holds that literal: a typical filter's
   rules mostly never get that far, and pcre2_compile was most of the
   cost of a small delivery. */

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include <skalibs/types.h>
#include "mdvars.h"
#include "mdrt.h"
#include "mdview.h"
#include "mdfilter.h"
#include "mdf-internal.h"
#include "mdf-lit.h"

#define MATCHLIMIT 5000000
#define DEPTHLIMIT 100000
#define CACHESIZE 512
#define JITUSES 3
#define JITBODY (64 * 1024)

typedef struct mdf_re_s mdf_re ;
struct mdf_re_s
{
  pcre2_code *code ;   /* NULL: invalid, see err/erroff, or lazy */
  int lazy ;           /* not compiled yet: see need() */
  int err ;
  size_t erroff ;
  unsigned int uses ;
  int jit ;            /* 0 not tried, 1 done, -1 unavailable */
  int caseful ;
  mdf_lit lit ;        /* lines without it cannot match */
  size_t klen ;
  char key[] ;
} ;

static pcre2_match_data *md = 0 ;
static pcre2_match_context *mctx = 0 ;
static pcre2_jit_stack *jstack = 0 ;
static mdf_re *cache[CACHESIZE] ;
static unsigned int ncached = 0 ;
static stralloc rtext = STRALLOC_ZERO ;   /* expanded regex text */

static int init (void)
{
  if (md) return 1 ;
  mctx = pcre2_match_context_create(0) ;
  if (!mctx) return 0 ;
  pcre2_set_match_limit(mctx, MATCHLIMIT) ;
  pcre2_set_depth_limit(mctx, DEPTHLIMIT) ;
  jstack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, 0) ;
  if (jstack) pcre2_jit_stack_assign(mctx, 0, jstack) ;
  md = pcre2_match_data_create(256, 0) ;
  return !!md ;
}

static mdf_re *compile (char const *s, size_t len, int caseful)
{
  mdf_re *re = malloc(sizeof(mdf_re) + len + 1) ;
  int e ;
  PCRE2_SIZE off ;
  if (!re) return 0 ;
  re->uses = 0 ; re->jit = 0 ; re->caseful = caseful ;
  re->klen = len ;
  memcpy(re->key, s, len) ; re->key[len] = 0 ;
  mdf_lit_make(&re->lit, s, len, !caseful) ;
  re->err = 0 ; re->erroff = 0 ; re->code = 0 ;
  /* traces show every line going to pcre2: no laziness there */
  re->lazy = re->lit.len && mdfilter_verbose < 3 && mdf_re_safe(s, len) ;
  if (!re->lazy)
  {
    re->code = pcre2_compile((PCRE2_SPTR)s, len, PCRE2_UTF | (caseful ? 0 : PCRE2_CASELESS), &e, &off, 0) ;
    re->err = e ; re->erroff = off ;
  }
  return re ;
}

/* compile a lazy regex now: 1 ready, 0 failed (mdf_re_safe was wrong) */
static int need (mdf_re *re)
{
  int e ;
  PCRE2_SIZE off ;
  if (!re->lazy) return !!re->code ;
  re->lazy = 0 ;
  re->code = pcre2_compile((PCRE2_SPTR)re->key, re->klen, PCRE2_UTF | (re->caseful ? 0 : PCRE2_CASELESS), &e, &off, 0) ;
  re->err = e ; re->erroff = off ;
  return !!re->code ;
}

void mdf_re_release (void *p)
{
  mdf_re *re = p ;
  if (!re) return ;
  if (re->code) pcre2_code_free(re->code) ;
  free(re) ;
}

static uint32_t hashof (char const *s, size_t n, int caseful)
{
  uint32_t h = 2166136261u ^ (uint32_t)caseful ;
  while (n--) { h ^= (unsigned char)*s++ ; h *= 16777619u ; }
  return h ;
}

/* the compiled regex for s (cached), NULL on ENOMEM */
static mdf_re *lookupre (char const *s, size_t len, int caseful)
{
  uint32_t h = hashof(s, len, caseful) % CACHESIZE ;
  unsigned int i ;
  for (i = 0 ; i < CACHESIZE ; i++)
  {
    mdf_re *re = cache[(h + i) % CACHESIZE] ;
    if (!re) break ;
    if (re->caseful == caseful && re->klen == len && !memcmp(re->key, s, len)) return re ;
  }
  if (ncached >= CACHESIZE / 2)
  {
    for (i = 0 ; i < CACHESIZE ; i++) { mdf_re_release(cache[i]) ; cache[i] = 0 ; }
    ncached = 0 ;
  }
  {
    mdf_re *re = compile(s, len, caseful) ;
    if (!re) return 0 ;
    while (cache[h]) h = (h + 1) % CACHESIZE ;
    cache[h] = re ;
    ncached++ ;
    return re ;
  }
}

static void prepare (mdf_re *re, int big)
{
  if (!re->code || re->jit) return ;
  if (big || ++re->uses >= JITUSES)
    re->jit = pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE) ? -1 : 1 ;
}

/* The reference uses pcre1: its texts for the common errors */
static char const *pcre1text (mdf_re const *re)
{
  switch (re->err)
  {
    case PCRE2_ERROR_MISSING_CLOSING_PARENTHESIS :
      if (re->klen >= 2 && re->key[re->klen - 1] == '?' && re->key[re->klen - 2] == '(')
        return "unrecognized character after (? or (?-" ;
      return "missing )" ;
    case PCRE2_ERROR_UNMATCHED_CLOSING_PARENTHESIS : return "unmatched parentheses" ;
    case PCRE2_ERROR_QUANTIFIER_INVALID : return "nothing to repeat" ;
    case PCRE2_ERROR_MISSING_NAME_TERMINATOR : return "syntax error in subpattern name (missing terminator)" ;
    case PCRE2_ERROR_DUPLICATE_SUBPATTERN_NAME : return "two named subpatterns have the same name" ;
    case PCRE2_ERROR_MISSING_COMMENT_CLOSING : return "missing ) after comment" ;
    case PCRE2_ERROR_UNKNOWN_UNICODE_PROPERTY : return "unknown property name after \\P or \\p" ;
    case PCRE2_ERROR_CODE_POINT_TOO_BIG : return "character value in \\x{} or \\o{} is too large" ;
    case PCRE2_ERROR_MISSING_CONDITION_CLOSING : return "malformed number or name after (?(" ;
    default :
      if (re->err >= PCRE2_ERROR_UTF8_ERR21 && re->err <= PCRE2_ERROR_UTF8_ERR1) return "invalid UTF-8 string" ;
      return 0 ;
  }
}

/* PAT-10 */
static void badre (mdf_re const *re, char const *name, unsigned int line)
{
  char buf[256] ;
  char num[SIZE_FMT] ;
  char const *t = pcre1text(re) ;
  int n = t ? (int)strlen(t) : pcre2_get_error_message(re->err, (PCRE2_UCHAR *)buf, sizeof(buf)) ;
  if (t) memcpy(buf, t, n) ;
  else if (n < 0) { buf[0] = '?' ; n = 1 ; }
  mdf_errwrite("Invalid regular expression, offset ", 35) ;
  mdf_errwrite(num, size_fmt(num, re->erroff)) ;
  mdf_errwrite(" of: ", 5) ;
  mdf_errwrite(re->key, re->klen) ;
  mdf_errwrite(": ", 2) ;
  mdf_errwrite(buf, n) ;
  mdf_errwrite("\n", 1) ;
  if (name)
  {
    mdf_lineerr(name, line, "Syntax error in /pattern/.") ;
    mdf_errwrite("\n", 1) ;
  }
}

static int limiterr (void)
{
  return mdf_fatal("Pattern too complex: match limit exceeded.") ;
}

/* 1 if s is plain ASCII: pcre2 then needs no UTF-8 validity check,
   which otherwise costs as much as the match itself on long bodies */
static int isascii_ (char const *s, size_t len)
{
  uint64_t acc = 0 ;
  size_t i = 0 ;
  for (; i + 8 <= len ; i += 8)
  {
    uint64_t w ;
    memcpy(&w, s + i, 8) ;
    acc |= w ;
  }
  for (; i < len ; i++) acc |= (unsigned char)s[i] ;
  return !(acc & 0x8080808080808080ULL) ;
}

/* run one match; 1 match, 0 no match, -1 limit, -2 out of memory.
   The match context and data are made on the first match: with lazy
   regexes, a typical delivery never gets there. */
static int lastrc = 0 ;   /* pcre2's count: 1 + the highest group set */

static int match1 (mdf_re *re, char const *s, size_t len, size_t start, uint32_t opts)
{
  int rc ;
  if (!need(re)) { badre(re, 0, 0) ; return 0 ; }
  if (!init()) return -2 ;
  rc = re->jit > 0 && (opts & PCRE2_NO_UTF_CHECK)
    ? pcre2_jit_match(re->code, (PCRE2_SPTR)s, len, start, 0, md, mctx)
    : pcre2_match(re->code, (PCRE2_SPTR)s, len, start, opts, md, mctx) ;
  if (rc >= 0) { lastrc = rc ; return 1 ; }
  if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT || rc == PCRE2_ERROR_NOMEMORY) return -1 ;
  return 0 ;
}

/* MATCH, MATCH1 ... */
static int *mvars = 0 ;
static unsigned int nmvars = 0 ;

static int matchvar (unsigned int n)
{
  if (n >= nmvars)
  {
    unsigned int m = n + 16 ;
    int *t = realloc(mvars, m * sizeof(int)) ;
    if (!t) return -1 ;
    for (unsigned int i = nmvars ; i < m ; i++) t[i] = -1 ;
    mvars = t ; nmvars = m ;
  }
  if (mvars[n] < 0)
  {
    char name[5 + UINT_FMT] = "MATCH" ;
    size_t l = 5 ;
    if (n) l += uint_fmt(name + 5, n) ;
    mvars[n] = mdvar_index(name, l) ;
  }
  return mvars[n] ;
}

static int setvar (unsigned int n, char const *s, size_t len)
{
  int v = matchvar(n) ;
  return v >= 0 && mdvar_iset(v, s, len) ;
}

/* PAT-07: the groups (and MATCH too if whole).  As pcre1 reports them
   to the reference: groups up to the highest one that took part are set
   (empty when unset); higher ones are left alone. */
static int setgroups (mdf_re const *re, char const *s, int whole)
{
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md) ;
  uint32_t n, top = lastrc ? (uint32_t)lastrc : pcre2_get_ovector_count(md) ;
  (void)re ;
  if (whole && !setvar(0, s + ov[0], ov[1] - ov[0])) return 0 ;
  for (n = 1 ; n < top ; n++)
  {
    if (ov[2*n] != PCRE2_UNSET)
    {
      if (!setvar(n, s + ov[2*n], ov[2*n+1] - ov[2*n])) return 0 ;
    }
    else if (!setvar(n, "", 0)) return 0 ;
  }
  return 1 ;
}

void mdf_pat_setmatch (char const *s, size_t len)
{
  setvar(0, s, len) ;
}

/* DBG-01: the -V 3 pattern trace and the -V 4 score, written to stderr
   once per pattern evaluation */
static stralloc dbg = STRALLOC_ZERO ;

static void dbgmatching (mdf_re const *re, char const *s, size_t len)
{
  stralloc_cats(&dbg, "Matching /") ;
  stralloc_catb(&dbg, re->key, re->klen) ;
  stralloc_cats(&dbg, "/ against ") ;
  stralloc_catb(&dbg, s, len) ;
}

static void dbgflush (void)
{
  if (dbg.len) mdf_errwrite(dbg.s, dbg.len) ;
  dbg.len = 0 ;
}

static void dbgsearch (mdf_prog const *p, mdf_pat const *pt, mdf_re const *re, char const *val, size_t vlen)
{
  if (mdfilter_verbose >= 4)
  {
    stralloc sa = STRALLOC_ZERO ;
    if (stralloc_cats(&sa, "Search of ") && stralloc_catb(&sa, re->key, re->klen)
     && stralloc_cats(&sa, " = ") && stralloc_catb(&sa, val, vlen) && stralloc_0(&sa))
      mdf_lineerr(p->name, pt->line, sa.s) ;
    stralloc_free(&sa) ;
  }
}

typedef struct scan_s scan_t ;
struct scan_s
{
  mdf_re *re ;
  int weighted ;
  double w, w2, score ;
  int found ;
  int fatal ;
  stralloc *hits ;     /* foreach: hit texts, each preceded by a size_t length */
} ;

static int addhit (stralloc *hits, char const *s, size_t len)
{
  return stralloc_catb(hits, (char const *)&len, sizeof(size_t)) && stralloc_catb(hits, s, len) ;
}

static int scanline (char const *line, size_t len, unsigned int where, void *aux)
{
  scan_t *sc = aux ;
  int ascii = isascii_(line, len) ;
  int r = mdf_lit_may(&sc->re->lit, line, len, ascii) ? match1(sc->re, line, len, 0, ascii ? PCRE2_NO_UTF_CHECK : 0) : 0 ;
  (void)where ;
  if (mdfilter_verbose >= 3)
  {
    dbgmatching(sc->re, line, len) ;
    stralloc_cats(&dbg, r ? "\n" : "\nNot matched.\n") ;
    /* the reference tests the first matching line a second time */
    if (r > 0 && !sc->hits && !sc->weighted) dbgmatching(sc->re, line, len) ;
  }
  if (!r) return 0 ;
  if (r < 0) { sc->fatal = r == -2 ? mdf_nomem() : limiterr() ; return -1 ; }
  if (sc->hits)
  {
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md) ;
    if (!addhit(sc->hits, line + ov[0], ov[1] - ov[0]) || !setgroups(sc->re, line, 0)) { sc->fatal = mdf_nomem() ; return -1 ; }
    return 0 ;
  }
  if (sc->weighted)
  {
    sc->score += sc->w ;
    sc->w *= sc->w2 ;
    return 0 ;
  }
  sc->found = 1 ;
  if (!setgroups(sc->re, line, 1)) { sc->fatal = mdf_nomem() ; return -1 ; }
  return 1 ;
}

/* the next start after a match ending at end; past an empty match, one
   UTF-8 character further (the reference loops forever there: D15) */
static size_t advance (char const *s, size_t len, size_t start, size_t end)
{
  if (end > start) return end ;
  end++ ;
  while (end < len && ((unsigned char)s[end] & 0xc0) == 0x80) end++ ;
  return end ;
}

int mdf_pat_eval (mdf_prog *p, uint32_t pi, char const *subj, size_t subjlen, int isstring, stralloc *out, stralloc *hits)
{
  mdf_pat *pt = PAT(p, pi) ;
  mdf_re *re ;
  scan_t sc = { .re = 0, .weighted = pt->weighted, .w = pt->w1, .w2 = pt->w2, .score = 0, .found = 0, .fatal = 0, .hits = hits } ;
  if (pt->cached) re = pt->cached ;
  else
  {
    int constant = 1 ;
    for (uint32_t k = 0 ; k < pt->nseg ; k++) if (SEG(p, pt->seg + k)->kind != SEG_LIT) constant = 0 ;
    rtext.len = 0 ;
    if (!mdf_expand(p, pt->seg, pt->nseg, pt->line, &rtext)) return mdf_nomem() ;
    if (constant)
    {
      re = compile(rtext.s ? rtext.s : "", rtext.len, pt->caseful) ;
      if (!re) return mdf_nomem() ;
      pt->cached = re ;
    }
    else
    {
      re = lookupre(rtext.s ? rtext.s : "", rtext.len, pt->caseful) ;
      if (!re) return mdf_nomem() ;
    }
  }
  if (!re->code && !re->lazy)
  {
    badre(re, p->name, pt->line) ;
    return hits || stralloc_catb(out, "0", 1) ? RC_OK : mdf_nomem() ;
  }
  sc.re = re ;
  if (isstring)
  {
    size_t start = 0 ;
    int ascii = isascii_(subj, subjlen) ;
    uint32_t opts = ascii ? PCRE2_NO_UTF_CHECK : 0 ;
    size_t nhits = 0, start0 = out ? out->len : 0 ;
    /* without the required literal, no match: not even a start */
    if (!mdf_lit_may(&re->lit, subj, subjlen, ascii)) start = subjlen + 1 ;
    prepare(re, 0) ;
    if (mdfilter_verbose >= 3)
    {
      dbgmatching(re, subj, subjlen) ;
      stralloc_cats(&dbg, "\n") ;
      dbgflush() ;
    }
    while (start <= subjlen)
    {
      PCRE2_SIZE *ov ;
      int r = match1(re, subj, subjlen, start, opts) ;
      opts |= PCRE2_NO_UTF_CHECK ;  /* checked once */
      if (r < 0) return r == -2 ? mdf_nomem() : limiterr() ;
      if (!r) break ;
      ov = pcre2_get_ovector_pointer(md) ;
      if (hits)
      {
        if (!addhit(hits, subj + ov[0], ov[1] - ov[0]) || !setgroups(re, subj, 0)) return mdf_nomem() ;
        nhits++ ;
      }
      else if (sc.weighted)
      {
        sc.score += sc.w ;
        sc.w *= sc.w2 ;
      }
      else
      {
        if (!setgroups(re, subj, 1)) return mdf_nomem() ;
        sc.found = 1 ;
        break ;
      }
      start = advance(subj, subjlen, ov[0], ov[1]) ;
    }
    if (hits)
    {
      if (mdfilter_verbose >= 4)
      {
        char num[SIZE_FMT] ;
        dbgsearch(p, pt, re, num, size_fmt(num, nhits)) ;
      }
      return RC_OK ;
    }
    if (sc.weighted ? !mdf_catnum(out, sc.score) : !stralloc_catb(out, sc.found ? "1" : "0", 1)) return mdf_nomem() ;
    dbgsearch(p, pt, re, out->s + start0, out->len - start0) ;
    return RC_OK ;
  }
  /* JIT-compiling costs more (time, and the compiler's pages) than it
     saves on a small body, or when a required literal keeps most lines
     away from pcre2 */
  prepare(re, (pt->where & MDVIEW_BODY) && !re->lit.len && msg_size(mdrt_msg()) >= JITBODY) ;
  {
    size_t h0 = hits ? hits->len : 0 ;
    size_t start0 = out ? out->len : 0 ;
    /* the lines that cannot match are skipped, unless traced */
    int r = mdf_lines_scanlit(mdrt_msg(), pt->where, mdfilter_verbose >= 3 ? 0 : &re->lit, &scanline, &sc) ;
    dbgflush() ;
    if (r < 0) return sc.fatal ? sc.fatal : mdf_fatal("Unable to read message.") ;
    if (hits)
    {
      if (mdfilter_verbose >= 4)
      {
        size_t n = 0, i = h0 ;
        char num[SIZE_FMT] ;
        while (i < hits->len) { size_t l ; memcpy(&l, hits->s + i, sizeof(size_t)) ; i += sizeof(size_t) + l ; n++ ; }
        dbgsearch(p, pt, re, num, size_fmt(num, n)) ;
      }
      return RC_OK ;
    }
    /* PAT-05: the reference counts the first matching line twice */
    if (sc.weighted ? !mdf_catnum(out, sc.score) : !stralloc_catb(out, sc.found ? "2" : "0", 1)) return mdf_nomem() ;
    dbgsearch(p, pt, re, out->s + start0, out->len - start0) ;
  }
  return RC_OK ;
}

/* FN-08 */
int mdf_pat_lookup (char const *subj, size_t subjlen, char const *file, int caseful)
{
  stralloc sa = STRALLOC_ZERO ;
  size_t i = 0 ;
  int found = 0 ;
  if (!init()) { mdf_nomem() ; return -1 ; }
  if (!mdf_slurp(file, &sa))
  {
    stralloc_free(&sa) ;
    mdf_errmsg.len = 0 ;
    if (!stralloc_cats(&mdf_errmsg, "Unable to open ") || !stralloc_cats(&mdf_errmsg, file) || !stralloc_cats(&mdf_errmsg, ".\n")) mdf_nomem() ;
    return -1 ;
  }
  while (i < sa.len && !found)
  {
    size_t j = i, k ;
    while (j < sa.len && sa.s[j] != '\n' && sa.s[j] != '\r') j++ ;
    k = i ;
    while (k < j && (sa.s[k] == ' ' || sa.s[k] == '\t')) k++ ;
    if (k < j && sa.s[k] != '#')
    {
      mdf_re *re = lookupre(sa.s + k, j - k, caseful) ;
      if (!re) { stralloc_free(&sa) ; mdf_nomem() ; return -1 ; }
      if (!need(re))
      {
        badre(re, 0, 0) ;
        mdf_errmsg.len = 0 ;
        if (!stralloc_cats(&mdf_errmsg, "Bad pattern in ") || !stralloc_cats(&mdf_errmsg, file) || !stralloc_cats(&mdf_errmsg, ": ")
         || !stralloc_catb(&mdf_errmsg, sa.s + k, j - k) || !stralloc_cats(&mdf_errmsg, "\n")) mdf_nomem() ;
        stralloc_free(&sa) ;
        return -1 ;
      }
      {
        int r = match1(re, subj, subjlen, 0, 0) ;
        if (r < 0) { stralloc_free(&sa) ; if (r == -2) mdf_nomem() ; else limiterr() ; return -1 ; }
        if (r) found = 1 ;
      }
    }
    i = j + 1 ;
  }
  stralloc_free(&sa) ;
  return found ;
}
