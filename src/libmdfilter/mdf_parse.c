/* ISC license. */

/* The parser: tokens -> program tree, once per file (STMT-*, EXPR-03).
   Recursive descent; every recursion goes through stmt() or primary(),
   which count the depth, so hostile nesting is an error, not a crash. */

#include <stdlib.h>
#include <string.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include "mdview.h"
#include "mdvars.h"
#include "mdf-internal.h"

#define MAXDEPTH 1000

typedef struct ps_s ps_t ;
struct ps_s
{
  mdf_lex l ;
  mdf_prog *p ;
  int checkonly ;
  int nerr ;
  int failed ;     /* an error was reported in the current statement */
  int nomem ;
  unsigned int depth ;
} ;

static int next (ps_t *ps)
{
  if (!mdf_lex_next(&ps->l)) { ps->nomem = 1 ; return 0 ; }
  return 1 ;
}

#define TOK (ps->l.type)

static uint32_t err (ps_t *ps, char const *msg)
{
  if (!ps->failed)
  {
    mdf_lineerr(ps->p->name, ps->l.tline, msg) ;
    ps->nerr++ ;
    ps->failed = 1 ;
  }
  return NONE ;
}

static uint32_t nomem (ps_t *ps)
{
  ps->nomem = 1 ;
  ps->failed = 1 ;
  return NONE ;
}

static uint32_t newnode (ps_t *ps, int type, uint32_t a, uint32_t b, uint32_t c)
{
  mdf_node n = { .type = type, .op = 0, .line = ps->l.tline, .a = a, .b = b, .c = c, .next = NONE } ;
  if (!genalloc_append(mdf_node, &ps->p->nodes, &n)) return nomem(ps) ;
  return genalloc_len(mdf_node, &ps->p->nodes) - 1 ;
}

static uint32_t expr (ps_t *) ;
static uint32_t primary (ps_t *) ;
static uint32_t stmt (ps_t *) ;

/* PAT-03.  Letters anywhere select; the first number starts weight1;
   the first comma after it gives weight2 if a number follows (else 1). */
static int numchar (char c)
{
  return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' ;
}

static void patopts (mdf_pat *pt, char const *s, size_t n)
{
  size_t i = 0 ;
  int h = 0, b = 0, w = 0, w2 = 0 ;
  while (i < n)
  {
    char c = s[i] ;
    if (c == 'h') h = 1 ;
    else if (c == 'b') b = 1 ;
    else if (c == 'w') w = 1 ;
    else if (c == 'D') pt->caseful = 1 ;
    else if (numchar(c) && !pt->weighted)
    {
      pt->weighted = 1 ;
      pt->w1 = mdf_atof(s + i, n - i) ;
      pt->w2 = 1 ;
      while (i < n && numchar(s[i])) i++ ;
      continue ;
    }
    else if (c == ',' && pt->weighted && !w2)
    {
      w2 = 1 ;
      if (i + 1 < n && numchar(s[i+1]))
      {
        pt->w2 = mdf_atof(s + i + 1, n - i - 1) ;
        i++ ;
        while (i < n && numchar(s[i])) i++ ;
        continue ;
      }
    }
    i++ ;
  }
  pt->where = h || b ? (h ? MDVIEW_HEADER : 0) | (b ? MDVIEW_BODY : 0)
                     : w ? MDVIEW_HEADER | MDVIEW_BODY : MDVIEW_HEADER ;
}

static uint32_t pattern (ps_t *ps)
{
  mdf_pat pt = { .seg = 0, .nseg = 0, .line = ps->l.tline, .where = MDVIEW_HEADER, .caseful = 0, .weighted = 0, .w1 = 0, .w2 = 1, .cached = 0 } ;
  if (!mdf_split(ps->p, ps->l.text.s, ps->l.optoff, &pt.seg, &pt.nseg)) return nomem(ps) ;
  patopts(&pt, ps->l.text.s + ps->l.optoff, ps->l.text.len - ps->l.optoff) ;
  if (!genalloc_append(mdf_pat, &ps->p->pats, &pt)) return nomem(ps) ;
  return genalloc_len(mdf_pat, &ps->p->pats) - 1 ;
}

static int isstrtok (int t)
{
  return t == T_WORD || t == T_QSTR || t == T_SQSTR || t == T_BTSTR ;
}

/* LEX-07: adjacent strings join into one N_STR */
static uint32_t strings (ps_t *ps)
{
  mdf_prog *p = ps->p ;
  uint32_t first = genalloc_len(mdf_part, &p->parts) ;
  uint32_t n = 0 ;
  int single = TOK ;
  int constant = 1 ;
  uint32_t node ;
  unsigned int line = ps->l.tline ;
  while (isstrtok(TOK))
  {
    mdf_part pa = { .kind = PART_EXP, .seg = 0, .nseg = 0, .rawoff = p->text.len, .rawlen = ps->l.text.len } ;
    if (!stralloc_catb(&p->text, ps->l.text.s, ps->l.text.len)) return nomem(ps) ;
    if (TOK == T_SQSTR)
    {
      mdf_seg g = { .kind = SEG_LIT, .off = pa.rawoff, .len = pa.rawlen, .var = -1 } ;
      pa.kind = PART_LIT ;
      pa.seg = genalloc_len(mdf_seg, &p->segs) ;
      pa.nseg = 1 ;
      if (!genalloc_append(mdf_seg, &p->segs, &g)) return nomem(ps) ;
    }
    else
    {
      uint32_t k ;
      if (!mdf_split(p, ps->l.text.s, ps->l.text.len, &pa.seg, &pa.nseg)) return nomem(ps) ;
      if (TOK == T_BTSTR) { pa.kind = PART_BT ; constant = 0 ; }
      for (k = 0 ; k < pa.nseg ; k++) if (SEG(p, pa.seg + k)->kind != SEG_LIT) constant = 0 ;
    }
    if (!genalloc_append(mdf_part, &p->parts, &pa)) return nomem(ps) ;
    n++ ;
    if (!next(ps)) return nomem(ps) ;
  }
  node = newnode(ps, N_STR, first, n, constant) ;
  if (node != NONE) { NODE(p, node)->op = n == 1 ? single : 0 ; NODE(p, node)->line = line ; }
  return node ;
}

static uint32_t args (ps_t *ps, int type, unsigned int min, unsigned int max)
{
  uint32_t a[3] = { NONE, NONE, NONE } ;
  unsigned int i ;
  if (!next(ps)) return nomem(ps) ;
  if (TOK != T_LPAREN) return err(ps, "Missing (") ;
  if (!next(ps)) return nomem(ps) ;
  for (i = 0 ; i < max ; i++)
  {
    if (i)
    {
      if (TOK != T_COMMA)
      {
        if (i >= min) break ;
        return err(ps, "Missing ,") ;
      }
      if (!next(ps)) return nomem(ps) ;
    }
    a[i] = expr(ps) ;
    if (a[i] == NONE) return NONE ;
  }
  if (TOK != T_RPAREN) return err(ps, "Missing )") ;
  if (!next(ps)) return nomem(ps) ;
  return newnode(ps, type, a[0], a[1], a[2]) ;
}

static uint32_t primary1 (ps_t *ps)
{
  uint32_t a ;
  int type ;
  switch (TOK)
  {
    case T_PATTERN :
      a = pattern(ps) ;
      if (a == NONE) return NONE ;
      type = newnode(ps, N_PATMATCH, a, NONE, NONE) ;
      if (!next(ps)) return nomem(ps) ;
      return type ;
    case T_LPAREN :
      if (!next(ps)) return nomem(ps) ;
      a = expr(ps) ;
      if (a == NONE) return NONE ;
      if (TOK != T_RPAREN) return err(ps, "Missing )") ;
      if (!next(ps)) return nomem(ps) ;
      return a ;
    case T_NOT : type = N_NOT ; goto unary ;
    case T_TILDE : type = N_BNOT ; goto unary ;
    case T_LENGTH : type = N_LENGTH ; goto unary ;
    case T_GETADDR : type = N_GETADDR ; goto unary ;
    case T_ESCAPE : type = N_ESCAPE ; goto unary ;
    case T_TOLOWER : type = N_TOLOWER ; goto unary ;
    case T_TOUPPER : type = N_TOUPPER ; goto unary ;
    case T_HASADDR : type = N_HASADDR ; goto unary ;
    case T_SUBSTR : return args(ps, N_SUBSTR, 2, 3) ;
    case T_LOOKUP : return args(ps, N_LOOKUP, 2, 3) ;
    case T_GDBMOPEN : return args(ps, N_GDBMOPEN, 1, 2) ;
    case T_GDBMFETCH : return args(ps, N_GDBMFETCH, 1, 3) ;
    case T_GDBMSTORE : return args(ps, N_GDBMSTORE, 2, 2) ;
    case T_TIME :
      a = newnode(ps, N_TIME, NONE, NONE, NONE) ;
      if (!next(ps)) return nomem(ps) ;
      return a ;
    case T_GDBMCLOSE :
      a = newnode(ps, N_GDBMCLOSE, NONE, NONE, NONE) ;
      if (!next(ps)) return nomem(ps) ;
      return a ;
    default :
      if (isstrtok(TOK)) return strings(ps) ;
      return err(ps, "Syntax error.") ;
  }
 unary:
  {
    unsigned int line = ps->l.tline ;
    uint32_t n ;
    if (!next(ps)) return nomem(ps) ;
    a = primary(ps) ;
    if (a == NONE) return NONE ;
    n = newnode(ps, type, a, NONE, NONE) ;
    if (n != NONE) NODE(ps->p, n)->line = line ;
    return n ;
  }
}

static uint32_t primary (ps_t *ps)
{
  uint32_t r ;
  if (++ps->depth > MAXDEPTH) { ps->depth-- ; return err(ps, "Nesting too deep.") ; }
  r = primary1(ps) ;
  ps->depth-- ;
  return r ;
}

/* a binary node carries the line of its operator (for -V 6) */
static uint32_t binnode (ps_t *ps, int type, uint32_t l, uint32_t r, unsigned int line)
{
  uint32_t n = newnode(ps, type, l, r, NONE) ;
  if (n != NONE) NODE(ps->p, n)->line = line ;
  return n ;
}

/* expr =~ /pattern/ */
static uint32_t matchexpr (ps_t *ps)
{
  uint32_t l = primary(ps), pt ;
  if (l == NONE || TOK != T_MATCH) return l ;
  if (!next(ps)) return nomem(ps) ;
  if (TOK != T_PATTERN) return err(ps, "Syntax error after =~") ;
  pt = pattern(ps) ;
  if (pt == NONE) return NONE ;
  l = newnode(ps, N_STRMATCH, l, pt, NONE) ;
  if (!next(ps)) return nomem(ps) ;
  return l ;
}

static uint32_t mulexpr (ps_t *ps)
{
  uint32_t l = matchexpr(ps) ;
  while (l != NONE && (TOK == T_MUL || TOK == T_DIVIDE))
  {
    int type = TOK == T_MUL ? N_MUL : N_DIV ;
    uint32_t r ;
    unsigned int line = ps->l.tline ;
    if (!next(ps)) return nomem(ps) ;
    r = primary(ps) ;
    if (r == NONE) return NONE ;
    l = binnode(ps, type, l, r, line) ;
  }
  return l ;
}

static uint32_t addexpr (ps_t *ps)
{
  uint32_t l = mulexpr(ps) ;
  while (l != NONE && (TOK == T_PLUS || TOK == T_MINUS))
  {
    int type = TOK == T_PLUS ? N_ADD : N_SUB ;
    uint32_t r ;
    unsigned int line = ps->l.tline ;
    if (!next(ps)) return nomem(ps) ;
    r = mulexpr(ps) ;
    if (r == NONE) return NONE ;
    l = binnode(ps, type, l, r, line) ;
  }
  return l ;
}

/* One left-associative level: sub (op sub)*, op being tok, into type nodes. */
static uint32_t leftassoc (ps_t *ps, uint32_t (*sub)(ps_t *), int tok, int type)
{
  uint32_t l = (*sub)(ps) ;
  while (l != NONE && TOK == tok)
  {
    uint32_t r ;
    unsigned int line = ps->l.tline ;
    if (!next(ps)) return nomem(ps) ;
    r = (*sub)(ps) ;
    if (r == NONE) return NONE ;
    l = binnode(ps, type, l, r, line) ;
  }
  return l ;
}

static uint32_t bandexpr (ps_t *ps)
{
  return leftassoc(ps, &addexpr, T_AND, N_BAND) ;
}

static uint32_t borexpr (ps_t *ps)
{
  return leftassoc(ps, &bandexpr, T_OR, N_BOR) ;
}

static int iscmp (int t)
{
  return t == T_LT || t == T_LE || t == T_GT || t == T_GE || t == T_EQEQ || t == T_NE
      || t == T_SLT || t == T_SLE || t == T_SGT || t == T_SGE || t == T_SEQ || t == T_SNE ;
}

static uint32_t cmpexpr (ps_t *ps)
{
  uint32_t l = borexpr(ps), r ;
  int op = TOK ;
  unsigned int line = ps->l.tline ;
  if (l == NONE || !iscmp(op)) return l ;
  if (!next(ps)) return nomem(ps) ;
  r = borexpr(ps) ;
  if (r == NONE) return NONE ;
  l = binnode(ps, N_CMP, l, r, line) ;
  if (l != NONE) NODE(ps->p, l)->op = op ;
  return l ;
}

static uint32_t andexpr (ps_t *ps)
{
  return leftassoc(ps, &cmpexpr, T_ANDAND, N_ANDAND) ;
}

static uint32_t orexpr (ps_t *ps)
{
  return leftassoc(ps, &andexpr, T_OROR, N_OROR) ;
}

/* VAR-05, EXPR-04 */
static uint32_t expr (ps_t *ps)
{
  mdf_prog *p = ps->p ;
  uint32_t l = orexpr(ps), r ;
  mdf_node *n ;
  mdf_part *pa ;
  int v ;
  if (l == NONE || TOK != T_EQ) return l ;
  /* the reference reads the token after = before it checks the name */
  if (!next(ps)) return nomem(ps) ;
  n = NODE(p, l) ;
  if (n->type != N_STR || (n->op != T_WORD && n->op != T_QSTR)) return err(ps, "Syntax error before =") ;
  pa = PART(p, n->a) ;
  v = mdvar_index(p->text.s + pa->rawoff, pa->rawlen) ;
  if (v < 0) return nomem(ps) ;
  r = orexpr(ps) ;
  if (r == NONE) return NONE ;
  if (TOK == T_EQ)
  {
    if (!next(ps)) return nomem(ps) ;
    return err(ps, "Syntax error before =") ;
  }
  {
    unsigned int line = NODE(p, l)->line ;
    uint32_t a = newnode(ps, N_ASSIGN, (uint32_t)v, r, NONE) ;
    if (a != NONE) NODE(p, a)->line = line ;
    return a ;
  }
}

static int endstmt (ps_t *ps, char const *msg)
{
  if (TOK != T_SEMI) { err(ps, msg) ; return 0 ; }
  if (!next(ps)) { nomem(ps) ; return 0 ; }
  return 1 ;
}

static uint32_t list (ps_t *ps, int end) ;

/* { statements } NL */
static uint32_t block (ps_t *ps)
{
  uint32_t b ;
  if (!next(ps)) return nomem(ps) ;
  b = list(ps, T_RBRACE) ;
  if (b == NONE) return NONE ;
  if (TOK != T_RBRACE) return err(ps, "Missing }") ;
  if (!next(ps)) return nomem(ps) ;
  if (!endstmt(ps, "Syntax error after }")) return NONE ;
  return b ;
}

/* The body of if/elsif/else/while/foreach: the statement after the NL.
   The reference takes a blank or comment line there as an empty body, so
   a block after it runs unconditionally.  A reader expects the block to
   belong to its if: we bind a block that follows blank or comment lines
   (spec section 8).  Anything else after them keeps the reference's
   reading: the body is empty and the statement runs on its own. */
static uint32_t body (ps_t *ps)
{
  if (TOK != T_SEMI) return stmt(ps) ;
  while (TOK == T_SEMI)
    if (!next(ps)) return nomem(ps) ;
  if (TOK == T_LBRACE) return stmt(ps) ;
  return newnode(ps, N_NOP, NONE, NONE, NONE) ;
}

static uint32_t ifstmt (ps_t *ps)
{
  uint32_t c, t, e = NONE, n ;
  unsigned int line = ps->l.tline ;
  if (!next(ps)) return nomem(ps) ;
  if (TOK != T_LPAREN) return err(ps, "Syntax error after if") ;
  if (!next(ps)) return nomem(ps) ;
  c = expr(ps) ;
  if (c == NONE) return NONE ;
  if (TOK != T_RPAREN) return err(ps, "Missing )") ;
  if (!next(ps)) return nomem(ps) ;
  if (!endstmt(ps, "Syntax error after )")) return NONE ;
  t = body(ps) ;
  if (t == NONE) return NONE ;
  if (TOK == T_ELSE)
  {
    if (!next(ps)) return nomem(ps) ;
    if (!endstmt(ps, "Syntax error after else")) return NONE ;
    e = body(ps) ;
    if (e == NONE) return NONE ;
  }
  else if (TOK == T_ELSIF)
  {
    e = ifstmt(ps) ;
    if (e == NONE) return NONE ;
  }
  n = newnode(ps, N_IF, c, t, e) ;
  if (n != NONE) NODE(ps->p, n)->line = line ;
  return n ;
}

static uint32_t whilestmt (ps_t *ps)
{
  uint32_t c, b, n ;
  unsigned int line = ps->l.tline ;
  if (!next(ps)) return nomem(ps) ;
  if (TOK != T_LPAREN) return err(ps, "Syntax error after while") ;
  if (!next(ps)) return nomem(ps) ;
  c = expr(ps) ;
  if (c == NONE) return NONE ;
  if (TOK != T_RPAREN) return err(ps, "Missing )") ;
  if (!next(ps)) return nomem(ps) ;
  if (!endstmt(ps, "Syntax error after else")) return NONE ;
  b = body(ps) ;
  if (b == NONE) return NONE ;
  n = newnode(ps, N_WHILE, c, b, NONE) ;
  if (n != NONE) NODE(ps->p, n)->line = line ;
  return n ;
}

/* STMT-04 */
static uint32_t foreachstmt (ps_t *ps)
{
  uint32_t e, b, n ;
  mdf_node *en ;
  unsigned int line = ps->l.tline ;
  if (!next(ps)) return nomem(ps) ;
  e = expr(ps) ;
  if (e == NONE) return NONE ;
  en = NODE(ps->p, e) ;
  if (en->type != N_PATMATCH && en->type != N_STRMATCH) return err(ps, "Syntax error.") ;
  if (!endstmt(ps, "Syntax error.")) return NONE ;
  b = body(ps) ;
  if (b == NONE) return NONE ;
  en = NODE(ps->p, e) ;
  n = en->type == N_PATMATCH ? newnode(ps, N_FOREACH, NONE, en->a, b) : newnode(ps, N_FOREACH, en->a, en->b, b) ;
  if (n != NONE) NODE(ps->p, n)->line = line ;
  return n ;
}

static uint32_t stmt1 (ps_t *ps)
{
  uint32_t a, n ;
  int type ;
  unsigned int line = ps->l.tline ;
  switch (TOK)
  {
    case T_SEMI :
      if (!next(ps)) return nomem(ps) ;
      return newnode(ps, N_NOP, NONE, NONE, NONE) ;
    case T_LBRACE : return block(ps) ;
    case T_IF : return ifstmt(ps) ;
    case T_WHILE : return whilestmt(ps) ;
    case T_FOREACH : return foreachstmt(ps) ;
    case T_TO : type = N_TO ; goto withexpr ;
    case T_CC : type = N_CC ; goto withexpr ;
    case T_ECHO : type = N_ECHO ; goto withexpr ;
    case T_XFILTER : type = N_XFILTER ; goto withexpr ;
    case T_SYSTEM : type = N_SYSTEM ; goto withexpr ;
    case T_LOGFILE : type = N_LOGFILE ; goto withexpr ;
    case T_LOG : type = N_LOG ; goto withexpr ;
    case T_INCLUDE : type = N_INCLUDE ; goto withexpr ;
    case T_IMPORT : type = N_IMPORT ; goto withexpr ;
    case T_UNSET : type = N_UNSET ; goto withexpr ;
    case T_EXIT :
      if (!next(ps)) return nomem(ps) ;
      if (!endstmt(ps, "Syntax error.")) return NONE ;
      n = newnode(ps, N_EXIT, NONE, NONE, NONE) ;
      if (n != NONE) NODE(ps->p, n)->line = line ;
      return n ;
    case T_EXCEPTION :
      if (!next(ps)) return nomem(ps) ;
      if (TOK != T_LBRACE) return err(ps, "Syntax error.") ;
      a = block(ps) ;
      if (a == NONE) return NONE ;
      n = newnode(ps, N_EXCEPTION, a, NONE, NONE) ;
      if (n != NONE) NODE(ps->p, n)->line = line ;
      return n ;
    case T_DOTLOCK :
    case T_FLOCK :
    {
      uint32_t b ;
      type = TOK == T_DOTLOCK ? N_DOTLOCK : N_FLOCK ;
      if (!next(ps)) return nomem(ps) ;
      a = expr(ps) ;
      if (a == NONE) return NONE ;
      if (TOK != T_LBRACE) return err(ps, "Syntax error.") ;
      b = block(ps) ;
      if (b == NONE) return NONE ;
      n = newnode(ps, type, a, b, NONE) ;
      if (n != NONE) NODE(ps->p, n)->line = line ;
      return n ;
    }
    default :
      a = expr(ps) ;
      if (a == NONE) return NONE ;
      if (!endstmt(ps, "Syntax error.")) return NONE ;
      n = newnode(ps, N_EXPR, a, NONE, NONE) ;
      if (n != NONE) NODE(ps->p, n)->line = line ;
      return n ;
  }
 withexpr:
  if (!next(ps)) return nomem(ps) ;
  a = expr(ps) ;
  if (a == NONE) return NONE ;
  n = newnode(ps, type, a, NONE, NONE) ;
  if (!endstmt(ps, "Syntax error.")) return NONE ;
  if (n != NONE) NODE(ps->p, n)->line = line ;
  return n ;
}

static uint32_t stmt (ps_t *ps)
{
  uint32_t r ;
  if (++ps->depth > MAXDEPTH) { ps->depth-- ; return err(ps, "Nesting too deep.") ; }
  r = stmt1(ps) ;
  ps->depth-- ;
  return r ;
}

/* a statement list, as an N_LIST node; stops before end or T_EOF */
static uint32_t list (ps_t *ps, int end)
{
  uint32_t head = newnode(ps, N_LIST, NONE, NONE, NONE) ;
  uint32_t last = NONE ;
  if (head == NONE) return NONE ;
  while (TOK != end && TOK != T_EOF)
  {
    uint32_t s = stmt(ps) ;
    if (s == NONE)
    {
      if (ps->nomem || !ps->checkonly) return NONE ;
      /* CHECKONLY: resynchronise at the next terminator and go on */
      while (TOK != T_SEMI && TOK != T_EOF)
        if (!next(ps)) return nomem(ps) ;
      if (TOK == T_SEMI && !next(ps)) return nomem(ps) ;
      ps->failed = 0 ;
      continue ;
    }
    if (NODE(ps->p, s)->type == N_NOP) continue ;
    if (last == NONE) NODE(ps->p, head)->a = s ;
    else NODE(ps->p, last)->next = s ;
    last = s ;
  }
  return head ;
}

int mdf_parse (mdf_prog *p, char const *s, size_t len, int embedded, int checkonly)
{
  ps_t ps = { .p = p, .checkonly = checkonly, .nerr = 0, .failed = 0, .nomem = 0, .depth = 0 } ;
  /* room from the text size (a typical filter needs about one node per
     8 bytes): one allocation each instead of a dozen growths, whose
     freed copies the heap never gets back */
  if (!genalloc_readyplus(mdf_node, &p->nodes, len / 8 + 16)
   || !genalloc_readyplus(mdf_seg, &p->segs, len / 32 + 8)
   || !genalloc_readyplus(mdf_part, &p->parts, len / 32 + 8)
   || !genalloc_readyplus(mdf_pat, &p->pats, len / 64 + 4)) return -1 ;
  mdf_lex_init(&ps.l, s, len, embedded) ;
  if (!next(&ps)) goto nomem ;
  for (;;)
  {
    p->root = list(&ps, T_EOF) ;
    if (ps.nomem) goto nomem ;
    if (p->root == NONE) break ;
    if (ps.l.type == T_EOF) break ;
  }
  mdf_lex_free(&ps.l) ;
  return ps.nerr ;
 nomem:
  mdf_lex_free(&ps.l) ;
  return -1 ;
}

void mdf_prog_free (mdf_prog *p)
{
  size_t i, n = genalloc_len(mdf_pat, &p->pats) ;
  for (i = 0 ; i < n ; i++) if (PAT(p, i)->cached) mdf_re_release(PAT(p, i)->cached) ;
  mdf_gdbm_close(p) ;
  genalloc_free(mdf_node, &p->nodes) ;
  genalloc_free(mdf_seg, &p->segs) ;
  genalloc_free(mdf_part, &p->parts) ;
  genalloc_free(mdf_pat, &p->pats) ;
  stralloc_free(&p->text) ;
}
