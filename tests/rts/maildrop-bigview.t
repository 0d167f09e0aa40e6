#!/bin/sh
# maildrop-bigview: a message whose rendered view is bigger than the
# in-memory line cache (it then lives in a temporary file): body patterns
# must see every line, once, in order, including lines that span the
# cache's read blocks, and the literal shortcut must not hide a match.
# (Expected values checked against maildrop 2.9.3: foreach takes one hit
# per line.)
. "$TOP/tests/lib.sh"
mktmp
line='The quick brown fox jumps over the lazy dog; nothing to see here.'
{
  printf 'From: a@example.org\nSubject: big\n\n'
  i=0 ; while test $i -lt 3000 ; do echo "$line" ; i=$((i + 1)) ; done
  echo "first Needle-One here"
  i=0 ; while test $i -lt 3000 ; do echo "$line" ; i=$((i + 1)) ; done
  # a 300 KB line, its literal at the very end
  head -c 300000 /dev/zero | tr '\0' 'x' ; echo "NEEDLE-TWO"
  echo "needle-one again, NEEDLE-one"
  i=0 ; while test $i -lt 2000 ; do echo "$line" ; i=$((i + 1)) ; done
  echo "last needle-three"
} > "$T/msg"
cat > "$T/f" <<'F'
if (/needle-one/:b)
{
  echo "one: $MATCH"
}
if (/Needle-Two/:b)
{
  echo "two"
}
if (/needle-three$/:b)
{
  echo "three"
}
if (/needle-four/:b)
{
  echo "four"
}
N=0
foreach /needle-one/:b
{
  N=$N+1
}
echo "hits: $N"
C=(/lazy dog/:b,1,1)
echo "lines: $C"
EXITCODE=0
exit
F
chmod 600 "$T/f"
out=`"$CMD/maildrop" "$T/f" < "$T/msg" 2>&1`
is "body patterns over a spilled cache" "$out" "one: Needle-One
two
three
hits: 2
lines: 8000"
# the same with the pattern trace on (no shortcut): same verdicts
out=`"$CMD/maildrop" -V 3 "$T/f" < "$T/msg" 2>/dev/null`
is "the same without the literal shortcut" "$out" "one: Needle-One
two
three
hits: 2
lines: 8000"
done_testing
