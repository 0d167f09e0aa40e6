# maildrop runtime through the filter language: exit codes, variables the
# program sets, -A/-f, programs, xfilter, backticks, the watchdog on a
# loop, -c and -n.  Compared with the oracle where it is installed.
: "${TOP:=`pwd`}"
. "$TOP/tests/rts/maildrop-lib.sh"
mktmp
chmod 755 "$T"
have_lang || skip_all "needs the filter language (lang branch not merged yet)"

cat > "$T/msg" <<'M'
Return-Path: <sender@example.org>
From: Alice Example <alice@example.org>
Subject: Hello there

Body line 1
M
IN=$T/msg

# fcase DESC FILTER [ARGS...]: write the filter, run both, compare
fcase ()
{
  d=$1 ; printf '%s\n' "$2" > "$T/f" ; chmod 600 "$T/f" ; shift 2
  both "$@" "$T/f"
  same "$d"
}
# fcasep: the filter gets positional arguments after the file
fcasep ()
{
  d=$1 ; printf '%s\n' "$2" > "$T/f" ; chmod 600 "$T/f" ; shift 2
  both "$T/f" "$@"
  same "$d"
}

have_oracle || skip_all "no oracle"
fcase "exit with EXITCODE" 'EXITCODE=9
exit'
fcase "EXITCODE -1 -> 255" 'EXITCODE=-1
exit'
fcase "EXITCODE 256 -> 0" 'EXITCODE=256
exit'
fcase "EXITCODE junk -> 0" 'EXITCODE="abc"
exit'
fcase "to a pipe: exit status of the child" 'to "| cat > /dev/null; exit 3"'
fcase "to a pipe killed by a signal: 255" 'to "| cat > /dev/null; kill -9 $$"'
fcase "SIZE LINES FROM" 'system "echo \$SIZE \$LINES \$FROM"
exit'
fcase "-A counts in SIZE, not LINES" 'system "echo \$SIZE \$LINES"
exit' -A "X-A: 1" -A "X-B: 2" -A ""
fcase "-f sets FROM" 'system "echo \$FROM"
exit' -f someone@else
fcase "-f empty is ignored" 'system "echo \$FROM"
exit' -f ""
fcasep "positional arguments" 'system "echo [\$1] [\$2] [\$10]"
exit' a b 3 4 5 6 7 8 9 ten
fcase "MAILFILTER, DEFAULT, SHELL, HOME, LOGNAME" 'system "echo \$MAILFILTER \$DEFAULT \$SHELL \$HOME \$LOGNAME"
exit'
fcase "fixed variables" 'system "echo \$PATH \$SENDMAIL \$LOCKEXT \$LOCKSLEEP \$LOCKTIMEOUT \$LOCKREFRESH \$UMASK [\$MAILDIRQUOTA]"
exit'
fcase "child environment = variable table" 'system "env | grep -v ^_= | grep -v ^PWD= | grep -v ^SHLVL= | grep -v ^MAILFILTER= | sort"
exit'
fcase "system sets RETURNCODE" 'system "exit 4"
system "echo \$RETURNCODE"
exit'
fcase "backticks: value and RETURNCODE" 'A=`echo hi; exit 3`
system "echo [\$A] \$RETURNCODE"
B=`grep -c Hello`
system "echo [\$B] \$RETURNCODE"
exit'
fcase "xfilter replaces the message" 'xfilter "sed s/Hello/Bye/"
system "echo \$SIZE \$LINES"
to "| cat"'
fcase "xfilter failing: 75" 'xfilter "cat > /dev/null; exit 1"
to "| cat"'
fcase "xfilter head -1 on a short message" 'xfilter "head -1"
to "| cat"'
fcase "forward: sendmail -f empty" 'SENDMAIL="cat > /dev/null; echo"
to "!a@b.c d@e.f"'
fcase "empty DEFAULT fails" 'DEFAULT=""'
IN=/dev/null fcase "empty message: nothing delivered" 'to "| echo ran"'
IN=$T/msg

# a big message through xfilter and a pipe
head -c 20000000 /dev/urandom | base64 > "$T/big"
printf 'xfilter "cat"\nto "| cat > %s"\n' "$T/big.out" > "$T/f" ; chmod 600 "$T/f"
"$MD" "$T/f" < "$T/big" ; rc=$?
is "20 MB xfilter + pipe: exit 0" $rc 0
check "20 MB message intact" cmp -s "$T/big" "$T/big.out"
cat "$T/big" | "$MD" "$T/f" ; rc=$?
check "20 MB message from a pipe intact" test $rc = 0 && cmp -s "$T/big" "$T/big.out"
rm -f "$T/big" "$T/big.out"

# the watchdog ends an endless filter (CLI-23)
printf 'while (1)\n{\n  N=1\n}\n' > "$T/f" ; chmod 600 "$T/f"
start=`date +%s`
MAILDROP_WATCHDOG=1 "$MD" "$T/f" < "$T/msg" > /dev/null 2> "$T/err" ; rc=$?
end=`date +%s`
is "endless loop: watchdog exits 75" "$rc:`cat "$T/err"`" "75:maildrop: Timeout quota exceeded."
check "endless loop: within 3 s" test $((end - start)) -le 3

# background children are hung up at exit (CLI-25)
printf 'system "sleep 30 &"\nexit\n' > "$T/f" ; chmod 600 "$T/f"
"$MD" "$T/f" < "$T/msg" ; rc=$?
sleep 0.2
check "background child killed at exit" sh -c "! pgrep -f 'sleep 30' -P 1 >/dev/null"

# -c: check mode
printf 'if (/^Subject/\n{\n' > "$T/bad" ; chmod 600 "$T/bad"
"$MD" -c "$T/bad" < /dev/null > "$T/out" 2>&1 ; rc=$?
is "-c on a bad file: 75" $rc 75
check "-c reports file(line)" grep -q "$T/bad([0-9]*):" "$T/out"
printf 'to "| cat > %s"\n' "$T/nope" > "$T/good" ; chmod 600 "$T/good"
"$MD" -c "$T/good" < "$T/msg" ; rc=$?
is "-c on a good file: 0" $rc 0
check "-c delivers nothing" test ! -e "$T/nope"

# -n: dry run
"$MD" -n "$T/good" < "$T/msg" > "$T/out" 2>&1 ; rc=$?
is "-n: exit 0" $rc 0
is "-n: says what it would do" "`cat "$T/out"`" "maildrop: dry-run: would deliver to | cat > $T/nope"
check "-n: delivers nothing" test ! -e "$T/nope"
done_testing
