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
done_testing
