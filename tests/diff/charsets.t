# Differential test of charset conversion (IN-12, IN-13): the shipped
# maildrop against Courier maildrop, on messages made here.
#
# For each charset below, glibc's iconv(1) turns a sample text (the words
# of $words that the charset can hold) into that charset; the message
# carries it in its Subject (RFC 2047 B and Q words) and in a base64 text
# part, then a second part holds every byte from 0x20 to 0xff.  Both
# binaries run the view filter (viewfilter, tests/lib.sh); the outputs
# must be equal.
#
# A build whose libc is not glibc converts with that libc's iconv; the
# charsets of $notmusl are not in musl's and are skipped there.

. "$TOP/tests/lib.sh"

O=/usr/bin/maildrop
M=$CMD/maildrop
test -x $O || skip_all "no oracle $O"
test -x "$M" || skip_all "no $M"
test "`id -u`" = 0 || skip_all "needs root (maildrop manual mode)"
command -v iconv > /dev/null || skip_all "no iconv(1)"
mktmp

charsets="utf-8 us-ascii
iso-8859-1 iso-8859-2 iso-8859-3 iso-8859-4 iso-8859-5 iso-8859-6 iso-8859-7
iso-8859-8 iso-8859-9 iso-8859-10 iso-8859-11 iso-8859-13 iso-8859-14
iso-8859-15 iso-8859-16
windows-1250 windows-1251 windows-1252 windows-1253 windows-1254
windows-1255 windows-1256 windows-1257 windows-1258 windows-874
koi8-r koi8-u cp437 cp850 cp866 tis-620
shift_jis cp932 euc-jp iso-2022-jp gb2312 gbk gb18030 big5 euc-kr iso-2022-kr
utf-7 utf7 utf-16 utf-16le utf-16be utf-32 ucs-2
macintosh mac viscii armscii-8 ibm037 ebcdic-us
latin1 latin2 latin5 latin6 latin7 latin8 latin9 latin10 l1 l2 l10
iso-ir-100 iso-ir-101 iso-ir-144 iso-ir-166 iso_8859-1:1987 iso_8859-15:1998
csisolatin1 csisolatin2 csisolatincyrillic 8859_1 cp819 cp912 greek hebrew
cyrillic arabic ms-ee ms-ansi cskoi8r tis620-0 iso-ir-193
ibm437 ibm850 ibm866 us ascii cp367 csascii iso-ir-6 ansi_x3.4-1968
iso646-us iso_646.irv:1991"

# not in musl's iconv (checked with musl 1.2.3): the musl build cannot
# open them, so it stops at the body as for an unknown charset
notmusl="windows-874 cp932 iso-2022-kr macintosh mac viscii armscii-8
ibm037 ebcdic-us"
# in musl's iconv, but converted otherwise than by glibc's (musl 1.2.3):
# tis-620 also maps 0xa0 and 0xdb-0xde, 0xfc-0xff; shift_jis maps 0x5c
# and 0x7e to ASCII and keeps invalid trail bytes; euc-jp drops what
# JIS X 0208 lacks (u-umlaut, e-acute, ...); gb2312 has other rows
# after 0xb0; gbk lacks 0x80 (euro); big5 takes Big5-HKSCS pairs and
# euc-kr CP949 pairs that glibc refuses (the 0x20-0xff part)
# windows-1255 and windows-1258: musl's do not hold a letter back for a
# combining mark, so an invalid byte after one does not drop it; musl
# reads utf-16 without a byte order mark, and ucs-2, as big-endian,
# glibc in the machine's order
othermusl="tis-620 iso-ir-166 tis620-0 shift_jis euc-jp gb2312 gbk big5
euc-kr windows-1255 windows-1258 utf-16 ucs-2"

words="plain Grüße café Œuvre ½ € Žluťoučký łódź ıİğş ħ Ελληνικά Русский
Україна עברית العربية ไทย Tiếng Việt Հայերեն 日本語 中文 한국어 ─│┌ ÿ"

# which libc: glibc's iconv reads GCONV_PATH, a static binary carries it
glibc=0
{ cat "$M" ; ldd "$M" 2> /dev/null ; } | grep -aq -e GCONV_PATH -e 'libc\.so\.6' && glibc=1

viewfilter "$T/scan"

run () { ( cd "$T" && HOME=$T "$1" "$T/scan" ) < "$T/msg" ; }

# allbytes: every byte from 0x20 to 0xff
i=32 ; : > "$T/all"
while test $i -lt 256 ; do printf "\\`printf %o $i`" >> "$T/all" ; i=$((i + 1)) ; done

for cs in $charsets ; do
  : > "$T/text"
  for w in $words ; do
    printf '%s ' "$w" | iconv -f UTF-8 -t "$cs" > "$T/w" 2> /dev/null && cat "$T/w" >> "$T/text"
  done
  b=`base64 -w 0 < "$T/text"`
  q=`od -An -v -tx1 < "$T/text" | tr -d ' \n' | tr a-f A-F | sed 's/../=&/g'`
  {
    printf 'From: a@example.org\nSubject: B =?%s?B?%s?= Q =?%s?Q?%s?= end\n' "$cs" "$b" "$cs" "$q"
    printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="XX"\n\n--XX\n'
    printf 'Content-Type: text/plain; charset="%s"\nContent-Transfer-Encoding: base64\n\n' "$cs"
    base64 < "$T/text"
    printf '%s\n' '--XX' "Content-Type: text/plain; charset=\"$cs\"" 'Content-Transfer-Encoding: base64' ''
    base64 < "$T/all"
    printf '%s\n' '--XX--'
  } > "$T/msg"
  run $O > "$T/want" 2> "$T/err"
  run "$M" > "$T/got" 2>> "$T/err"
  skip=
  if test $glibc = 0 ; then
    for n in $notmusl ; do test "$n" = "$cs" && skip="not in musl's iconv" ; done
    for n in $othermusl ; do test "$n" = "$cs" && skip="musl's iconv converts it otherwise" ; done
  fi
  if cmp -s "$T/want" "$T/got" ; then ok "$cs"
  elif test -n "$skip" ; then skiptest "$cs" "$skip"
  else
    notok "$cs"
    diff "$T/want" "$T/got" | head -n 10 | sed 's/^/#  /'
    sed 's/^/#  err: /' "$T/err"
  fi
done

done_testing
