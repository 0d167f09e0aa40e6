/* Unit test of the UTF-7 decoder: it must give what the system's iconv
   (glibc, the reference's) gives through the same mdv_conv_put loop, on
   edge cases and on random input fed in random pieces. */

#include <string.h>
#include <stdio.h>
#include <stdint.h>
#include <iconv.h>
#include <skalibs/stralloc.h>
#include "../../src/libmdview/mdview-internal.h"
#include "tap.h"

static uint32_t seed = 2152 ;
static uint32_t rnd (void)
{
  seed ^= seed << 13 ; seed ^= seed >> 17 ; seed ^= seed << 5 ;
  return seed ;
}

static iconv_t ref ;

/* s through both converters, in pieces of random sizes (1 to maxpiece,
   0 for the whole); 1 if the outputs are equal */
static int same (char const *s, size_t n, size_t maxpiece, stralloc *a, stralloc *b)
{
  mdv_conv ours, theirs ;
  size_t i = 0 ;
  a->len = b->len = 0 ;
  if (!mdv_conv_open(&ours, "UTF-7") || ours.kind != MDV_CUTF7) return 0 ;
  iconv(ref, 0, 0, 0, 0) ;
  theirs.kind = MDV_CICONV ; theirs.cd = ref ; theirs.ncarry = 0 ; theirs.unit = 1 ;
  while (i < n)
  {
    size_t k = maxpiece ? 1 + rnd() % maxpiece : n ;
    if (k > n - i) k = n - i ;
    if (!mdv_conv_put(&ours, s + i, k, a) || !mdv_conv_put(&theirs, s + i, k, b)) return 0 ;
    i += k ;
  }
  mdv_conv_close(&ours) ;
  return a->len == b->len && !memcmp(a->s, b->s, a->len) ;
}

static char const b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/" ;

/* a base64 run of random UTF-16 units, surrogates often, then maybe
   stray bits */
static void run64 (stralloc *sa)
{
  uint32_t acc = 0 ;
  unsigned int nb = 0, units = rnd() % 6, j ;
  stralloc_catb(sa, "+", 1) ;
  for (j = 0 ; j < units ; j++)
  {
    uint32_t u, r = rnd() % 8 ;
    u = r < 2 ? 0xd800 + rnd() % 0x400 : r < 4 ? 0xdc00 + rnd() % 0x400 : r < 5 ? rnd() % 0x80 : rnd() & 0xffff ;
    acc = acc << 16 | u ; nb += 16 ;
    while (nb >= 6) { nb -= 6 ; stralloc_catb(sa, b64 + (acc >> nb & 0x3f), 1) ; }
  }
  if (nb) stralloc_catb(sa, b64 + ((acc << (6 - nb) | (rnd() % 4 ? 0 : rnd() % (1u << (6 - nb)))) & 0x3f), 1) ;
  if (!(rnd() % 5)) stralloc_catb(sa, b64 + rnd() % 64, 1) ;
  switch (rnd() % 5)
  {
    case 0 : case 1 : stralloc_catb(sa, "-", 1) ; break ;
    case 2 : stralloc_catb(sa, ".", 1) ; break ;
    case 3 : stralloc_catb(sa, "\\", 1) ; break ;
    default : break ;
  }
}

static void gen (stralloc *sa)
{
  static char const alpha[] = "+-+-AZaz09/.\\~ \n\r\t\200\377x3d2D" ;
  unsigned int len = rnd() % 40, j ;
  sa->len = 0 ;
  for (j = 0 ; j < len ; j++)
  {
    uint32_t r = rnd() % 10 ;
    if (r < 3) run64(sa) ;
    else if (r < 8) stralloc_catb(sa, alpha + rnd() % (sizeof alpha - 1), 1) ;
    else { char c = (char)(rnd() & 0xff) ; stralloc_catb(sa, &c, 1) ; }
  }
}

static char const *const edges[] =
{
  "a+-b", "a+AGE-b", "a+AGEb", "a+AGE.b", "+AGE", "+AG-x", "+AGF-x", "+AGEA-x",
  "+2D3cAA-x", "+2D0-x", "+3AA-x", "a+3AA-x", "+2D3YPQ-abc", "a\\b~c", "+", "a+",
  "++", "+!", "+AGE!-", "+ZeVnLIqe-", "+AGE+AGE-", "+AGE-+3AA-x", "x+AGE.+3AA-y",
  "+AGEAYdwA-x", "+AGEAYdg9A", "+AGEAYdg93AA-", "+AGHcAA-x", "+AGE\\x", "+2D0AYQ-x",
  "+AAAA-x", "+AGEAYQBi3AA-", "+2D3cAAAAAA3A-", "Hi Mom -+Jjo--!", "+ZeVnLIqe-.",
  0
} ;

int main (void)
{
  stralloc in = STRALLOC_ZERO, a = STRALLOC_ZERO, b = STRALLOC_ZERO ;
  unsigned int i, bad = 0, first = 0 ;
  ref = iconv_open("UTF-8", "UTF-7") ;
  if (ref == (iconv_t)-1) { printf("1..0 # SKIP no UTF-7 in this iconv\n") ; return 0 ; }
  for (i = 0 ; edges[i] ; i++)
  {
    char desc[80] ;
    snprintf(desc, sizeof desc, "edge [%s]", edges[i]) ;
    TAP_OK(same(edges[i], strlen(edges[i]), 0, &a, &b), desc) ;
  }
  for (i = 0 ; i < 4000 ; i++)
  {
    unsigned int p ;
    gen(&in) ;
    for (p = 0 ; p < 3 ; p++)
      if (!same(in.s, in.len, p ? 1 + (p - 1) * 7 : 0, &a, &b))
      {
        if (!bad++) first = i ;
        if (bad <= 5)
        {
          size_t k ;
          printf("# differs (pieces %u): ", p) ;
          for (k = 0 ; k < in.len ; k++) printf((unsigned char)in.s[k] >= 0x20 && (unsigned char)in.s[k] < 0x7f ? "%c" : "\\x%02x", (unsigned char)in.s[k]) ;
          printf("\n") ;
        }
        break ;
      }
  }
  if (bad) printf("# %u of 4000 random inputs differ, first #%u\n", bad, first) ;
  TAP_OK(!bad, "4000 random inputs, whole and in pieces of 1 and 1-8 bytes") ;
  iconv_close(ref) ;
  stralloc_free(&in) ; stralloc_free(&a) ; stralloc_free(&b) ;
  TAP_DONE() ;
}
