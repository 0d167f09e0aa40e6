# Differential test of the message view (IN-12, IN-13, PAT-04, FN-02,
# FN-03) against Courier maildrop.
#
# For every message of tests/diff/mdview/*.eml the oracle runs a filter
# that prints each header line, each body line and each line of a
# header+body scan (foreach /^.*$/ with :h, :b, :hb), and t-mdview dump
# prints the same three scans from our view.  escape() before echo undoes
# echo's backslash processing, so the oracle's lines come out as seen.
# getaddr.txt holds getaddr() arguments (one a line), hasaddr.txt
# "ADDR MESSAGE" pairs.  Nothing is masked.

. "$TOP/tests/lib.sh"

O=/usr/bin/maildrop
test -x $O || skip_all "no oracle $O"
test "`id -u`" = 0 || skip_all "needs root (maildrop manual mode)"
: "${B:=$TOP/build}"
V=$B/tests/t-mdview
test -x "$V" || skip_all "no $V: run make tests"
C=$TOP/tests/diff/mdview
mktmp

viewfilter "$T/scan"

# oracle FILTER < message > output (the filter never delivers: it exits)
oracle () { ( cd "$T" && HOME=$T $O "$1" ) ; }

for m in "$C"/*.eml ; do
  n=`basename "$m" .eml`
  oracle "$T/scan" < "$m" > "$T/want" 2> "$T/err"
  { "$V" dump h "$m" && "$V" dump b "$m" && "$V" dump hb "$m" ; } > "$T/got" 2>> "$T/err"
  if cmp -s "$T/want" "$T/got" ; then ok "view $n" ; else
    notok "view $n"
    diff "$T/want" "$T/got" | head -n 10 | sed 's/^/#  /'
    sed 's/^/#  err: /' "$T/err"
  fi
done

i=0
while IFS= read -r s ; do
  i=$((i + 1))
  printf "X=escape(getaddr('%s'))\necho \"G[\$X]\"\nexit\n" "$s" > "$T/ga"
  chmod 600 "$T/ga"
  oracle "$T/ga" < /dev/null > "$T/want" 2>&1
  { printf 'G[' ; "$V" getaddr "$s" ; echo ']' ; } > "$T/got"
  if cmp -s "$T/want" "$T/got" ; then ok "getaddr $i [$s]" ; else
    notok "getaddr $i [$s]"
    diff "$T/want" "$T/got" | head -n 10 | sed 's/^/#  /'
  fi
done < "$C/getaddr.txt"

while read -r a m ; do
  printf "if (hasaddr('%s'))\n{\n  echo 1\n}\nelse\n{\n  echo 0\n}\nexit\n" "$a" > "$T/ha"
  chmod 600 "$T/ha"
  want=`oracle "$T/ha" < "$C/$m" 2>&1`
  got=`"$V" hasaddr "$a" "$C/$m" 2>&1`
  is "hasaddr $a in $m" "$got" "$want"
done < "$C/hasaddr.txt"

done_testing
