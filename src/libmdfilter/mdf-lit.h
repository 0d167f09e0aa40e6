/* mdf-lit.h: a literal that every match of a regex contains, so that
   lines without it need not go to pcre2 (mdf_pat.c). */
#ifndef MDF_LIT_H
#define MDF_LIT_H

#include <stddef.h>
#include "msg.h"
#include "mdview.h"

#define MDF_LITMAX 64

#define MDF_LITMORE 3

typedef struct mdf_litrun_s mdf_litrun ;
struct mdf_litrun_s
{
  unsigned int len ;
  char s[MDF_LITMAX] ;  /* lowercase if caseless */
} ;

typedef struct mdf_lit_s mdf_lit ;
struct mdf_lit_s
{
  unsigned int len ;    /* 0: none, every line goes to pcre2 */
  unsigned int anchor ;  /* the byte looked for first */
  int caseless ;
  char s[MDF_LITMAX] ;  /* lowercase if caseless */
  unsigned int nmore ;  /* other required runs, checked by mdf_lit_may */
  mdf_litrun more[MDF_LITMORE] ;
} ;

/* Find the longest literal run of regex re that every match contains,
   conservatively (gives up on anything not plain), and up to
   MDF_LITMORE other such runs. */
extern void mdf_lit_make (mdf_lit *l, char const *re, size_t n, int caseless) ;

/* 0 if s (ascii: it has no 8-bit byte) cannot hold a match, else 1:
   a match needs every run */
extern int mdf_lit_may (mdf_lit const *l, char const *s, size_t n, int ascii) ;

/* The first occurrence of the literal (ASCII case folding if caseless)
   in s, or NULL.  l->len must not be 0. */
extern char const *mdf_lit_find (mdf_lit const *l, char const *s, size_t n) ;

/* mdf_lines_scan (mdf-internal.h), giving only the lines that hold lit
   (NULL: all of them) */
extern int mdf_lines_scanlit (msg const *m, unsigned int where, mdf_lit const *lit, mdview_func *f, void *aux) ;

#endif
