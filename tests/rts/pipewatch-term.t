#!/bin/sh
# maildrop-pipewatch: SIGTERM forwards what the pipe holds and exits 0 (the
# holder goes with it); a failing stdout makes it exit 111.
. "${TOP:-.}/tests/rts/pipewatch.lib"
command -v perl > /dev/null || skip_all "perl not found"

check "starts" pw_start a "$T/f"
check "has a holder child" test -n "$pw_holder"
# stop the reader so that the data waits in the pipe, write, then TERM+CONT
kill -STOP $pw_pid
perl -e 'open(F, ">>", $ARGV[0]) or die ; for (1..1000) { syswrite(F, "last words $_\n") } syswrite(F, "no newline")' "$T/f"
kill -TERM $pw_pid ; kill -CONT $pw_pid
wait $pw_pid ; rc=$?
is "SIGTERM: exit 0" "$rc" 0
is "everything written before TERM is on stdout" "`grep -c '^last words ' "$T/a.out"`" 1000
is "an unfinished last record gets its newline" "`tail -n 1 "$T/a.out"`" "no newline"
check "output ends with a newline" test "`tail -c 1 "$T/a.out" | od -An -c | tr -d ' '`" = '\n'
check "holder gone with it" waituntil 2 dead $pw_holder
check "FIFO left in place" test -p "$T/f"

# stdout failing: /dev/full
rm -f "$T/b.ready"
maildrop-pipewatch -d 3 "$T/f" > /dev/full 2> "$T/b.err" 3> "$T/b.ready" & pid=$!
pw_pids="$pw_pids $pid"
check "starts on /dev/full" waituntil 5 test -s "$T/b.ready"
holder=`cat /proc/$pid/task/$pid/children` ; pw_pids="$pw_pids $holder"
echo data > "$T/f"
wait $pid ; rc=$?
is "stdout error: exit 111" "$rc" 111
check "stdout error: message" grep -q 'fatal: unable to write to stdout: No space left on device' "$T/b.err"
# its holder stays, to keep what writers send for the next instance
check "holder still there after a crash" alive $holder
echo kept > "$T/f"
check "a writer can still open the FIFO and write" test $? = 0
check "next instance starts" pw_start c "$T/f"
check "next instance gets what was written in between" waituntil 5 hasline "$T/c.out" kept
check "old holder leaves once the new reader is in" waituntil 3 dead $holder
pw_stop

# stdout a pipe whose reader is gone: EPIPE, exit 111
rm -f "$T/d.ready"
{ sh -c 'echo $$ > "$1/d.pid" ; exec "$2/maildrop-pipewatch" -d 3 "$1/f" 2> "$1/d.err" 3> "$1/d.ready"' sh "$T" "$CMD" ; echo $? > "$T/d.rc" ; } | { exec 0<&- ; echo > "$T/d.closed" ; } &
check "starts on a closed pipe" waituntil 5 test -s "$T/d.ready" -a -s "$T/d.closed"
pid=`cat "$T/d.pid"` ; holder=`cat /proc/$pid/task/$pid/children` ; pw_pids="$pw_pids $holder"
echo data > "$T/f"
check "closed stdout pipe: exit 111" waituntil 5 grep -qx 111 "$T/d.rc" 2> /dev/null
check "closed stdout pipe: message" grep -q 'fatal: unable to write to stdout: Broken pipe' "$T/d.err"
check "a new reader takes over" pw_start e "$T/f"
check "the crashed reader's holder leaves" waituntil 3 dead $holder
pw_stop
done_testing
