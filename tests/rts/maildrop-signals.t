# maildrop: the watchdog (CLI-23, MAILDROP_WATCHDOG) and signals (CLI-26).
: "${TOP:=`pwd`}"
. "$TOP/tests/rts/maildrop-lib.sh"
mktmp
printf 'exit\n' > "$T/f" ; chmod 600 "$T/f"

# a message that never ends: the watchdog must end the run
mkfifo "$T/in"
start=`date +%s`
MAILDROP_WATCHDOG=1 "$MD" "$T/f" < "$T/in" > "$T/out" 2> "$T/err" &
pid=$!
exec 7> "$T/in"
wait $pid ; rc=$?
exec 7>&-
end=`date +%s`
is "watchdog: exit 75" $rc 75
is "watchdog: message" "`cat "$T/err"`" "maildrop: Timeout quota exceeded."
check "watchdog: MAILDROP_WATCHDOG=1 fired within 3 s" test $((end - start)) -le 3

# MAILDROP_WATCHDOG cannot raise the limit, junk is ignored
MAILDROP_WATCHDOG=100000 "$MD" "$T/f" < "$T/in" > /dev/null 2>&1 &
pid=$!
exec 7> "$T/in"
sleep 0.2
kill -0 $pid 2>/dev/null ; is "watchdog not fired early with a big value" $? 0
kill -TERM $pid ; wait $pid ; rc=$?
exec 7>&-
is "SIGTERM: exit 75" $rc 75

for b in "$MD" "$ORACLE" ; do
  test -x "$b" || continue
  "$b" "$T/f" < "$T/in" > /dev/null 2> "$T/err.sig" &
  pid=$!
  exec 7> "$T/in"
  sleep 0.2
  kill -TERM $pid ; wait $pid ; rc=$?
  exec 7>&-
  is "SIGTERM while reading ($b)" "$rc:`cat "$T/err.sig"`" "75:maildrop: signal 0x0F"
  "$b" "$T/f" < "$T/in" > /dev/null 2> "$T/err.sig" &
  pid=$!
  exec 7> "$T/in"
  sleep 0.2
  kill -PIPE $pid ; kill -WINCH $pid ; sleep 0.1
  kill -0 $pid 2>/dev/null ; is "SIGPIPE and SIGWINCH ignored ($b)" $? 0
  kill -USR1 $pid ; wait $pid ; rc=$?
  exec 7>&-
  is "SIGUSR1 ($b)" "$rc:`cat "$T/err.sig"`" "75:maildrop: signal 0x0A"
done
done_testing
