# The filter language through the real maildrop binary, where the
# reference cannot be the judge: check-only mode, the deliberate
# differences (spec 8: D14, D15, deep nesting, runaway regexes) and the
# message-line cache across xfilter.
: "${TOP:=`pwd`}"
. "$TOP/tests/rts/maildrop-lib.sh"
mktmp
chmod 755 "$T"
have_lang || skip_all "needs the filter language"

cat > "$T/msg" <<'M'
From: Alice Example <alice@example.org>
Subject: Hello there

Body line 1
aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab
M

# run FILTER [ARGS...]: ours on $T/msg; sets rc, out, err
run ()
{
  printf '%s\n' "$1" > "$T/f" ; chmod 600 "$T/f" ; shift
  (cd "$T" && "$MD" "$@" f < "$T/msg" > "$T/out" 2> "$T/err") ; rc=$?
  out=`cat "$T/out"` ; err=`cat "$T/err"`
}

run 'A=(
B=1
if 1
C=)' -c
is "-c: exit 75 on errors" "$rc" 75
is "-c: every error reported" "$err" "f(2): Syntax error.
f(3): Syntax error after if
f(4): Syntax error."
run 'A=1
echo never' -c
is "-c: a good file runs nothing" "$rc/$out/$err" "0//"

run 'echo substr("hello", 1, -2)
A=substr("hello", 3, -1)
echo "[$A]"
exit'
is "D14: negative substr count gives nothing" "$rc/$out" "0/
[]"

run 'A="xxx" =~ /x*/:1,1
echo $A
foreach "ab" =~ /x*/
  echo "<$MATCH>"
exit'
is "D15: empty matches move on" "$rc/$out" "0/2
<>
<>
<>"

p=`awk 'BEGIN { for (i = 0 ; i < 3000 ; i++) printf "(" ; printf "1" ; for (i = 0 ; i < 3000 ; i++) printf ")" }'`
run "A=$p
exit"
is "deep parentheses: exit 75" "$rc" 75
case "$err" in *"Nesting too deep."*) ok "deep parentheses: clear error" ;; *) notok "deep parentheses: clear error" ; echo "# $err" ;; esac

run 'if (/^(a+)+$/:b)
  echo matched
exit'
is "runaway regex: exit 75" "$rc" 75
case "$err" in *"match limit"*) ok "runaway regex: clear error" ;; *) notok "runaway regex: clear error" ; echo "# $err" ;; esac

run 'exception {
  if (/^(a+)+$/:b)
    echo matched
}
echo caught
exit'
is "runaway regex: exception catches it" "$rc/$out" "0/caught"

run 'if (/^Subject: Hello/)
  echo before
xfilter "sed s/Hello/Bye/"
if (/^Subject: Bye/)
  echo after
if (/^Subject: Hello/)
  echo stale
exit'
is "patterns see the message xfilter made" "$rc/$out" "0/before
after"

run 'N=0
while ($N < 20000)
  N=$N + 1
echo $N
exit'
is "a long loop" "$rc/$out" "0/20000"
# huge backtick output: a clear, catchable error, bounded memory
run 'A=`head -c 40000000 /dev/zero | tr "\\0" x`
exit'
is "huge backtick output: exit 75" "$rc" 75
case "$err" in *"Command output too large."*) ok "huge backtick output: clear error" ;; *) notok "huge backtick output: clear error" ; echo "# $err" ;; esac
run 'exception {
A=`head -c 40000000 /dev/zero | tr "\\0" x`
}
L=length($A)
echo "after $L"
exit'
is "huge backtick output: caught by exception" "$rc/$out" "0/after 0"
run 'A=`head -c 3000000 /dev/zero | tr "\\0" x`
L=length($A)
echo "$L"
exit'
is "a 3 MB backtick output is fine" "$rc/$out" "0/3000000"
done_testing
