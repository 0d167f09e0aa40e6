/* ISC license. */

/* -cidr: a line whose key is "addr/len" or "addr-addr" (IPv4 or IPv6),
   followed by white space, becomes one line per prefix at an octet
   boundary (IPv4: "10", "192.168.1"; IPv6: 16-bit groups, "2001:0db8"),
   which is how maildrop's lookups see networks.  This is what the
   reference does through Perl's Net::CIDR (range2cidr, then cidr2octets):
   the range is cut into CIDR blocks, each block is widened to the next
   boundary, and the longer prefixes come first. */

#include <string.h>
#include <arpa/inet.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include <skalibs/types.h>
#include <skalibs/strerr.h>
#include "md-internal.h"

typedef struct entry_s entry, *entry_ref ;
struct entry_s
{
  unsigned char a[16] ;
  unsigned int units ;  /* octets (IPv4) or 16-bit groups (IPv6) */
} ;

static genalloc entries = GENALLOC_ZERO ;  /* entry */

static int isnetchar (char c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.' ;
}

static int isperlspace (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ;
}

static int parseaddr (char const *s, size_t n, unsigned char *a, int v6)
{
  char buf[64] ;
  if (n >= sizeof buf) return 0 ;
  memcpy(buf, s, n) ; buf[n] = 0 ;
  return inet_pton(v6 ? AF_INET6 : AF_INET, buf, a) == 1 ;
}

/* a + 1 (big endian, len bytes); 0 on overflow */
static int incr (unsigned char *a, unsigned int len)
{
  while (len--) if (++a[len]) return 1 ;
  return 0 ;
}

static int cmpaddr (unsigned char const *a, unsigned char const *b, unsigned int len)
{
  return memcmp(a, b, len) ;
}

/* bits of a block: the largest block starting at a that ends <= b */
static unsigned int bitsat (unsigned char const *a, unsigned char const *b, unsigned int len)
{
  unsigned int bits = len * 8 ;
  unsigned int host = 0 ;
  for (;;)
  {
    unsigned char last[16] ;
    unsigned int h = host + 1, i ;
    if (h > bits) break ;
    /* a must have its h low bits clear */
    if (a[len - 1 - (h - 1) / 8] & (1 << ((h - 1) % 8))) break ;
    memcpy(last, a, len) ;
    for (i = 0 ; i < h ; i++) last[len - 1 - i / 8] |= 1 << (i % 8) ;
    if (cmpaddr(last, b, len) > 0) break ;
    host = h ;
  }
  return bits - host ;
}

static void add_block (unsigned char const *a, unsigned int prefix, unsigned int len)
{
  unsigned int unitbits = len == 4 ? 8 : 16 ;
  unsigned int units = (prefix + unitbits - 1) / unitbits ;
  unsigned int ubytes, extra ;
  entry e ;
  if (!units) units = 1 ;
  ubytes = units * unitbits / 8 ;
  extra = units * unitbits - prefix ;  /* free bits inside the last unit */
  memset(&e, 0, sizeof e) ;
  memcpy(e.a, a, ubytes) ;
  e.units = units ;
  for (unsigned long k = 0 ; k < (1UL << extra) ; k++)
  {
    entry x = e ;
    unsigned long v = k ;
    for (unsigned int i = 0 ; i < ubytes && v ; i++, v >>= 8)
      x.a[ubytes - 1 - i] |= v & 0xff ;
    if (!genalloc_append(entry, &entries, &x)) strerr_diefu(111, "allocate memory") ;
  }
}

static void putunit (stralloc *sa, entry const *e, unsigned int i, int v6)
{
  char fmt[UINT_FMT] ;
  if (v6)
  {
    static char const hex[] = "0123456789abcdef" ;
    unsigned int x = (e->a[2*i] << 8) | e->a[2*i + 1] ;
    char h[4] = { hex[x >> 12], hex[(x >> 8) & 15], hex[(x >> 4) & 15], hex[x & 15] } ;
    if (!stralloc_catb(sa, h, 4)) strerr_diefu(111, "allocate memory") ;
  }
  else if (!stralloc_catb(sa, fmt, uint_fmt(fmt, e->a[i]))) strerr_diefu(111, "allocate memory") ;
}

int md_cidr (char const *s, size_t n, char const **err)
{
  static stralloc sa = STRALLOC_ZERO ;
  size_t i = 0, netend, sep, vstart ;
  unsigned char a[16], b[16] ;
  unsigned int len ;
  int v6 ;

  while (i < n && isnetchar(s[i])) i++ ;
  if (!i || i >= n || (s[i] != '-' && s[i] != '/')) goto pass ;
  sep = i++ ;
  while (i < n && isnetchar(s[i])) i++ ;
  if (i == sep + 1 || (i < n && !isperlspace(s[i]))) goto pass ;
  netend = i ;
  while (i < n && isperlspace(s[i])) i++ ;
  vstart = i ;

  v6 = !!memchr(s, ':', netend) ;
  len = v6 ? 16 : 4 ;
  if (!parseaddr(s, sep, a, v6)) { *err = "bad address" ; return 0 ; }
  if (s[sep] == '/')
  {
    unsigned int prefix ;
    char buf[8] ;
    size_t pl = netend - sep - 1 ;
    if (pl >= sizeof buf) { *err = "bad prefix length" ; return 0 ; }
    memcpy(buf, s + sep + 1, pl) ; buf[pl] = 0 ;
    if (!uint0_scan(buf, &prefix) || prefix > len * 8) { *err = "bad prefix length" ; return 0 ; }
    memcpy(b, a, len) ;
    for (unsigned int k = prefix ; k < len * 8 ; k++)
    {
      a[k / 8] &= ~(0x80 >> (k % 8)) ;
      b[k / 8] |= 0x80 >> (k % 8) ;
    }
  }
  else if (!parseaddr(s + sep + 1, netend - sep - 1, b, v6)) { *err = "bad ending address" ; return 0 ; }
  if (cmpaddr(a, b, len) > 0) { *err = "bad ending address" ; return 0 ; }

  genalloc_setlen(entry, &entries, 0) ;
  for (;;)
  {
    unsigned int prefix = bitsat(a, b, len) ;
    unsigned int host = len * 8 - prefix ;
    add_block(a, prefix, len) ;
    /* next block starts after this one */
    for (unsigned int k = 0 ; k < host ; k++) a[len - 1 - k / 8] |= 1 << (k % 8) ;
    if (cmpaddr(a, b, len) >= 0 || !incr(a, len)) break ;
  }

  {
    size_t ne = genalloc_len(entry, &entries) ;
    entry const *e = genalloc_s(entry, &entries) ;
    unsigned int maxunits = v6 ? 8 : 4 ;
    for (unsigned int u = maxunits ; u ; u--)
      for (size_t j = 0 ; j < ne ; j++) if (e[j].units == u)
      {
        sa.len = 0 ;
        for (unsigned int k = 0 ; k < u ; k++)
        {
          if (k && !stralloc_catb(&sa, v6 ? ":" : ".", 1)) strerr_diefu(111, "allocate memory") ;
          putunit(&sa, e + j, k, v6) ;
        }
        if (!stralloc_catb(&sa, "\t", 1) || !stralloc_catb(&sa, s + vstart, n - vstart)) strerr_diefu(111, "allocate memory") ;
        md_load_line(sa.s, sa.len) ;
      }
  }
  return 1 ;

 pass:
  md_load_line(s, n) ;
  return 1 ;
}
