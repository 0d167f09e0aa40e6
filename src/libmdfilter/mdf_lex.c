/* ISC license. */

/* The tokenizer (spec LEX-01 .. LEX-12, EMB-01). */

#include <string.h>
#include <skalibs/stralloc.h>
#include "mdfilter.h"
#include "mdf-internal.h"

static char const *const tnames[T_NTYPES] =
{
  "eof", ";", "error",
  "word", "string", "string", "string", "pattern",
  "-", "/",
  "&&", "&", "||", "|", "{", "}", "(", ")",
  "+", "*", "~", "<", "<=", ">", ">=", "==", "=", "=~",
  "!", "!=", ",",
  "if", "else", "elsif", "while", "to", "cc", "exception", "echo", "xfilter",
  "system", "dotlock", "flock", "logfile", "log", "include", "exit",
  "foreach", "getaddr", "lookup", "escape", "tolower", "toupper", "hasaddr",
  "gdbmopen", "gdbmclose", "gdbmfetch", "gdbmstore", "time", "import",
  "unset", "length", "substr", "lt", "le", "gt", "ge", "eq", "ne"
} ;

char const *mdf_tokname (int type)
{
  return type >= 0 && type < T_NTYPES ? tnames[type] : "?" ;
}

static void wclass_init (void) ;

void mdf_lex_init (mdf_lex *l, char const *s, size_t len, int embedded)
{
  wclass_init() ;
  l->s = s ; l->len = len ; l->pos = 0 ; l->line = 1 ;
  l->last = T_SEMI ; l->embedded = embedded ;
  l->type = T_SEMI ; l->tline = 1 ;
  l->text = stralloc_zero ;
  l->optoff = 0 ; l->hasopt = 0 ;
}

void mdf_lex_free (mdf_lex *l)
{
  stralloc_free(&l->text) ;
}

static int cur (mdf_lex const *l)
{
  return l->pos < l->len ? (unsigned char)l->s[l->pos] : -1 ;
}

static int peekc (mdf_lex const *l, size_t k)
{
  return l->pos + k < l->len ? (unsigned char)l->s[l->pos + k] : -1 ;
}

static void adv (mdf_lex *l)
{
  if (l->pos < l->len)
  {
    if (l->s[l->pos] == '\n') l->line++ ;
    l->pos++ ;
  }
}

static int isalpha_ (int c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ;
}

static int isdigit_ (int c)
{
  return c >= '0' && c <= '9' ;
}

/* character classes of words, by table: the lexer's hottest test */
#define W_START 1
#define W_CHAR 2
static unsigned char wclass[256] ;

static void wclass_init (void)
{
  static char const extra[] = "_-@.:/$" ;
  if (wclass['a']) return ;
  for (int c = 'a' ; c <= 'z' ; c++) wclass[c] = wclass[c - 32] = W_START | W_CHAR ;
  for (int c = '0' ; c <= '9' ; c++) wclass[c] = W_START | W_CHAR ;
  for (char const *x = extra ; *x ; x++) wclass[(unsigned char)*x] = W_START | W_CHAR ;
  wclass['{'] = wclass['}'] = W_CHAR ;
}

static int wordstart (int c)
{
  return c >= 0 && (wclass[c] & W_START) ;
}

static void refuse (char const *what, size_t len)
{
  mdf_errwrite("maildrop: '", 11) ;
  mdf_errwrite(what, len) ;
  mdf_errwrite("' disabled in embedded mode.\n", 29) ;
}

/* quoted strings: LEX-04 .. LEX-06.  Returns 1, 0 ENOMEM, -1 syntax */
static int lexstring (mdf_lex *l, int q)
{
  adv(l) ;
  for (;;)
  {
    int c = cur(l) ;
    if (c < 0 || c == '\n' || c == '\r')
    {
      mdf_errwrite("maildrop: Missing ', \", or `.\n", 30) ;
      return -1 ;
    }
    if (c == q) { adv(l) ; return 1 ; }
    if (c == '\\')
    {
      size_t k = 1 ;
      int d ;
      while ((d = peekc(l, k)) == ' ' || d == '\t') k++ ;
      if (d == '\n' || d == '\r' || (d == '#' && k > 1))
      {
        /* continuation: drop to the end of the line, then the next
           line's leading whitespace */
        while ((c = cur(l)) >= 0 && c != '\n') adv(l) ;
        adv(l) ;
        /* the reference skips every kind of whitespace here, newlines too */
        while ((c = cur(l)) == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') adv(l) ;
        continue ;
      }
      d = peekc(l, 1) ;
      if (d == '\\' || d == q)
      {
        if (!stralloc_catb(&l->text, (char const *)&l->s[l->pos + 1], 1)) return 0 ;
        adv(l) ; adv(l) ;
        continue ;
      }
      if (d < 0 || d == '\n' || d == '\r')
      {
        adv(l) ;
        continue ;  /* the next round reports the missing quote */
      }
      if (!stralloc_catb(&l->text, l->s + l->pos, 2)) return 0 ;
      adv(l) ; adv(l) ;
      continue ;
    }
    {
      /* a run of ordinary characters at once */
      size_t j = l->pos + 1 ;
      while (j < l->len && l->s[j] != q && l->s[j] != '\\' && l->s[j] != '\n' && l->s[j] != '\r') j++ ;
      if (!stralloc_catb(&l->text, l->s + l->pos, j - l->pos)) return 0 ;
      l->pos = j ;
    }
  }
}

/* patterns: LEX-10.  Returns 1, 0 ENOMEM, -1 syntax */
static int lexpattern (mdf_lex *l)
{
  adv(l) ;
  for (;;)
  {
    int c = cur(l) ;
    if (c < 0 || c == '\n' || c == '\r') return -1 ;
    if (c == '/') { adv(l) ; break ; }
    if (c == '\\' && peekc(l, 1) >= 0 && peekc(l, 1) != '\n' && peekc(l, 1) != '\r')
    {
      if (!stralloc_catb(&l->text, l->s + l->pos, 2)) return 0 ;
      adv(l) ; adv(l) ;
      continue ;
    }
    {
      /* a run of ordinary characters at once */
      size_t j = l->pos + 1 ;
      while (j < l->len && l->s[j] != '/' && l->s[j] != '\\' && l->s[j] != '\n' && l->s[j] != '\r') j++ ;
      if (!stralloc_catb(&l->text, l->s + l->pos, j - l->pos)) return 0 ;
      l->pos = j ;
    }
  }
  l->optoff = l->text.len ;
  l->hasopt = 0 ;
  if (cur(l) == ':')
  {
    l->hasopt = 1 ;
    adv(l) ;
    for (;;)
    {
      int c = cur(l) ;
      if (!(isalpha_(c) || isdigit_(c) || c == '-' || c == '+' || c == '.' || c == ',')) break ;
      if (!stralloc_catb(&l->text, l->s + l->pos, 1)) return 0 ;
      adv(l) ;
    }
  }
  return 1 ;
}

struct kw_s { char const *s ; int t ; } ;
static struct kw_s const kws[] =
{
  { "cc", T_CC }, { "dotlock", T_DOTLOCK }, { "echo", T_ECHO },
  { "else", T_ELSE }, { "elsif", T_ELSIF }, { "eq", T_SEQ },
  { "escape", T_ESCAPE }, { "exception", T_EXCEPTION }, { "exit", T_EXIT },
  { "flock", T_FLOCK }, { "foreach", T_FOREACH }, { "gdbmclose", T_GDBMCLOSE },
  { "gdbmfetch", T_GDBMFETCH }, { "gdbmopen", T_GDBMOPEN },
  { "gdbmstore", T_GDBMSTORE }, { "ge", T_SGE }, { "getaddr", T_GETADDR },
  { "gt", T_SGT }, { "hasaddr", T_HASADDR }, { "if", T_IF },
  { "import", T_IMPORT }, { "include", T_INCLUDE }, { "le", T_SLE },
  { "length", T_LENGTH }, { "log", T_LOG }, { "logfile", T_LOGFILE },
  { "lookup", T_LOOKUP }, { "lt", T_SLT }, { "ne", T_SNE },
  { "substr", T_SUBSTR }, { "system", T_SYSTEM }, { "time", T_TIME },
  { "to", T_TO }, { "tolower", T_TOLOWER }, { "toupper", T_TOUPPER },
  { "unset", T_UNSET }, { "while", T_WHILE }, { "xfilter", T_XFILTER }
} ;

static int keyword (char const *s, size_t n)
{
  size_t lo = 0, hi = sizeof(kws) / sizeof(kws[0]) ;
  while (lo < hi)
  {
    size_t mid = (lo + hi) / 2 ;
    int r = strncmp(kws[mid].s, s, n) ;
    if (!r && kws[mid].s[n]) r = 1 ;
    if (!r) return kws[mid].t ;
    if (r < 0) lo = mid + 1 ; else hi = mid ;
  }
  return -1 ;
}

static int embrefused (int t)
{
  return t == T_TO || t == T_CC || t == T_XFILTER || t == T_SYSTEM || t == T_DOTLOCK
      || t == T_FLOCK || t == T_LOGFILE || t == T_LOG ;
}

static int lex1 (mdf_lex *l)
{
  int c ;
  l->text.len = 0 ;
  l->hasopt = 0 ;
  for (;;)
  {
    while (l->pos < l->len && (l->s[l->pos] == ' ' || l->s[l->pos] == '\t')) l->pos++ ;
    c = cur(l) ;
    if (c == '\\')
    {
      int d = peekc(l, 1) ;
      if (d == ' ' || d == '\t' || d == '\n' || d == '\r')
      {
        while ((c = cur(l)) >= 0 && c != '\n') adv(l) ;
        adv(l) ;
        continue ;
      }
      adv(l) ;
      return T_ERROR ;
    }
    if (c == '#')
    {
      while ((c = cur(l)) >= 0 && c != '\n' && c != '\r') adv(l) ;
    }
    break ;
  }
  if (c < 0) return l->last == T_SEMI || l->last == T_EOF ? T_EOF : T_SEMI ;
  if (c == '\n' || c == '\r' || c == ';') { adv(l) ; return T_SEMI ; }
  if (c == '"' || c == '\'' || c == '`')
  {
    int r = lexstring(l, c) ;
    if (r <= 0) return r ? T_ERROR : -1 ;
    if (c == '`' && l->embedded)
    {
      stralloc sa = STRALLOC_ZERO ;
      if (stralloc_cats(&sa, "string: `") && stralloc_catb(&sa, l->text.s, l->text.len) && stralloc_cats(&sa, "`"))
        refuse(sa.s, sa.len) ;
      stralloc_free(&sa) ;
      return T_ERROR ;
    }
    return c == '"' ? T_QSTR : c == '\'' ? T_SQSTR : T_BTSTR ;
  }
  if (c == '/' && l->last != T_EQ && l->last != T_TO && l->last != T_CC)
  {
    int d = peekc(l, 1) ;
    int r ;
    if (d < 0 || d == ' ' || d == '\t' || d == '\n' || d == '\r') { adv(l) ; return T_DIVIDE ; }
    r = lexpattern(l) ;
    return r < 0 ? T_ERROR : r ? T_PATTERN : -1 ;
  }
  if (wordstart(c))
  {
    int t ;
    size_t start = l->pos ;
    /* no word character is a newline: no line counting needed */
    while (l->pos < l->len && (wclass[(unsigned char)l->s[l->pos]] & W_CHAR)) l->pos++ ;
    if (!stralloc_catb(&l->text, l->s + start, l->pos - start)) return -1 ;
    while ((c = cur(l)) == ' ' || c == '\t') adv(l) ;
    if (l->text.len == 1 && l->text.s[0] == '-') return T_MINUS ;
    t = keyword(l->text.s, l->text.len) ;
    if (t < 0) return T_WORD ;
    if (l->embedded && embrefused(t))
    {
      refuse(l->text.s, l->text.len) ;
      return T_ERROR ;
    }
    return t ;
  }
  adv(l) ;
  switch (c)
  {
    case '&' : if (cur(l) == '&') { adv(l) ; return T_ANDAND ; } return T_AND ;
    case '|' : if (cur(l) == '|') { adv(l) ; return T_OROR ; } return T_OR ;
    case '{' : return T_LBRACE ;
    case '}' : return T_RBRACE ;
    case '(' : return T_LPAREN ;
    case ')' : return T_RPAREN ;
    case '+' : return T_PLUS ;
    case '*' : return T_MUL ;
    case '~' : return T_TILDE ;
    case ',' : return T_COMMA ;
    case '<' : if (cur(l) == '=') { adv(l) ; return T_LE ; } return T_LT ;
    case '>' : if (cur(l) == '=') { adv(l) ; return T_GE ; } return T_GT ;
    case '=' :
      if (cur(l) == '=') { adv(l) ; return T_EQEQ ; }
      if (cur(l) == '~') { adv(l) ; return T_MATCH ; }
      return T_EQ ;
    case '!' : if (cur(l) == '=') { adv(l) ; return T_NE ; } return T_NOT ;
    default : return T_ERROR ;
  }
}

/* DBG-01, -V 9: every token as the parser gets it */
static void trace (mdf_lex const *l)
{
  stralloc sa = STRALLOC_ZERO ;
  int ok = stralloc_cats(&sa, "Tokenized ") ;
  switch (l->type)
  {
    case T_WORD :
    case T_QSTR :
      ok = ok && stralloc_cats(&sa, "string: \"") && stralloc_catb(&sa, l->text.s, l->text.len) && stralloc_cats(&sa, "\"") ;
      break ;
    case T_SQSTR :
      ok = ok && stralloc_cats(&sa, "string: '") && stralloc_catb(&sa, l->text.s, l->text.len) && stralloc_cats(&sa, "'") ;
      break ;
    case T_BTSTR :
      ok = ok && stralloc_cats(&sa, "string: `") && stralloc_catb(&sa, l->text.s, l->text.len) && stralloc_cats(&sa, "`") ;
      break ;
    case T_PATTERN :
      ok = ok && stralloc_cats(&sa, "regexp: /") && stralloc_catb(&sa, l->text.s, l->optoff) && stralloc_cats(&sa, "/") ;
      if (l->hasopt) ok = ok && stralloc_cats(&sa, ":") && stralloc_catb(&sa, l->text.s + l->optoff, l->text.len - l->optoff) ;
      break ;
    default :
      ok = ok && stralloc_cats(&sa, mdf_tokname(l->type)) ;
      break ;
  }
  if (ok && stralloc_catb(&sa, "\n", 1)) mdf_errwrite(sa.s, sa.len) ;
  stralloc_free(&sa) ;
}

int mdf_lex_next (mdf_lex *l)
{
  int t = lex1(l) ;
  if (t < 0) return 0 ;
  l->type = t ;
  l->last = t ;
  l->tline = l->line ;
  if (mdfilter_verbose >= 9) trace(l) ;
  return 1 ;
}
