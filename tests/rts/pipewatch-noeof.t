#!/bin/sh
# maildrop-pipewatch never sees EOF: after many open/write/close cycles
# (and touch) it uses no CPU while idle.
. "${TOP:-.}/tests/rts/pipewatch.lib"

ticks () { awk '{ print $14 + $15 }' "/proc/$1/stat" ; }

check "starts" pw_start a "$T/f"
i=0
while test $i -lt 500 ; do
  echo "cycle $i" > "$T/f"
  i=$((i + 1))
done
touch "$T/f" ; touch "$T/f"
check "all 500 lines forwarded" waituntil 10 nlines_is "$T/a.out" 500
is "in order" "`sed -n '1p;250p;500p' "$T/a.out" | tr '\n' ' '`" "cycle 0 cycle 249 cycle 499 "
t0=`ticks $pw_pid`
sleep 2
t1=`ticks $pw_pid`
echo "# idle CPU over 2 s after 500 cycles: $((t1 - t0)) ticks"
check "idle CPU about 0 (at most 1 tick in 2 s)" test $((t1 - t0)) -le 1
check "still alive" alive $pw_pid
if test -n "$pw_holder" ; then
  h0=`ticks $pw_holder` ; sleep 1 ; h1=`ticks $pw_holder`
  check "holder idle too" test $((h1 - h0)) -le 1
fi
echo after > "$T/f"
check "still reading" waituntil 5 hasline "$T/a.out" after
pw_stop
is "exit 0" "$pw_rc" 0

# idle with a stdout whose reader is gone (poll reports POLLERR there):
# still no CPU until there is something to write
{ sh -c 'echo $$ > "$1/b.pid" ; exec "$2/maildrop-pipewatch" -d 3 "$1/g" 2> "$1/b.err" 3> "$1/b.ready"' sh "$T" "$CMD" ; echo $? > "$T/b.rc" ; } | { exec 0<&- ; echo > "$T/b.closed" ; } &
check "starts on a dead stdout pipe" waituntil 5 test -s "$T/b.ready" -a -s "$T/b.closed"
pid=`cat "$T/b.pid"` ; holder=`cat /proc/$pid/task/$pid/children` ; pw_pids="$pw_pids $pid $holder"
t0=`ticks $pid` ; sleep 1 ; t1=`ticks $pid`
echo "# idle CPU over 1 s with a dead stdout: $((t1 - t0)) ticks"
check "no spin on a dead stdout" test $((t1 - t0)) -le 1
kill $pid
check "SIGTERM: exit 0" waituntil 3 grep -qx 0 "$T/b.rc" 2> /dev/null
done_testing
