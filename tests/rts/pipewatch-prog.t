#!/bin/sh
# maildrop-pipewatch with a prog: run when data arrives, at most once per
# min_delay (a burst coalesces into one later run), never blocking the
# read loop; prog's output comes out as whole lines.
. "${TOP:-.}/tests/rts/pipewatch.lib"
command -v perl > /dev/null || skip_all "perl not found"

now () { perl -MTime::HiRes=time -e 'printf "%.3f\n", time' ; }
runs () { if test -f "$T/runs" ; then lines "$T/runs" ; else echo 0 ; fi ; }
runs_is () { test "`runs`" = "$1" ; }
cat > "$T/prog" <<EOF2
#!/bin/sh
perl -MTime::HiRes=time -e 'printf "%.3f\n", time' >> "$T/runs"
echo "prog ran"
EOF2
chmod 755 "$T/prog"

check "starts with -t 1" pw_start a -t 1 "$T/f" "$T/prog"
echo first > "$T/f"
check "first data: prog runs at once" waituntil 5 runs_is 1
perl -e 'open(F, ">>", $ARGV[0]) or die ; for (1..300) { syswrite(F, "burst $_\n") }' "$T/f"
check "burst forwarded while prog waits its turn" waituntil 5 nlines_ge "$T/a.out" 301
is "burst inside the window: no second run yet" "`runs`" 1
check "burst coalesced into one later run" waituntil 5 runs_is 2
sleep 1.3
is "no further run without data" "`runs`" 2
gap=`perl -e '@t = map { chomp ; $_ } <STDIN> ; printf "%d\n", ($t[1] - $t[0]) * 1000' < "$T/runs"`
check "runs at least min_delay apart (${gap} ms)" test "$gap" -ge 950
check "prog output forwarded as a whole line" hasline "$T/a.out" "prog ran"
is "data and prog lines all whole" "`grep -cvx -e 'first' -e 'burst [0-9]*' -e 'prog ran' "$T/a.out"`" 0
pw_stop
is "exit 0" "$pw_rc" 0

# a slow prog does not stop the reading: 2000 lines arrive while it sleeps
rm -f "$T/runs"
cat > "$T/slow" <<EOF2
#!/bin/sh
echo x >> "$T/runs"
exec sleep 3
EOF2
chmod 755 "$T/slow"
check "starts with a slow prog, -t 0" pw_start b -t 0 "$T/g" "$T/slow"
echo one > "$T/g"
check "slow prog started" waituntil 5 runs_is 1
perl -e 'open(F, ">>", $ARGV[0]) or die ; for (1..2000) { syswrite(F, "more $_ " . ("y" x 100) . "\n") }' "$T/g"
check "2000 lines (200 KB, more than a pipe buffer) read while prog runs" waituntil 5 nlines_is "$T/b.out" 2001
is "one prog at a time" "`runs`" 1
child=`cat /proc/$pw_pid/task/$pw_pid/children`
pw_pids="$pw_pids $child"
pw_stop
is "exit 0 with prog still running" "$pw_rc" 0

# prog output interleaved with heavy data: never inside a line
cat > "$T/chatty" <<'EOF2'
#!/bin/sh
exec perl -e '$| = 0 ; for (1..500) { print "chatty output $_ ", "z" x 50, "\n" } print "no newline at end"'
EOF2
chmod 755 "$T/chatty"
check "starts with a chatty prog" pw_start c -t 0 "$T/h" "$T/chatty"
perl -e 'open(F, ">>", $ARGV[0]) or die ; for (1..3000) { syswrite(F, "data $_ " . ("d" x 80) . "\n") }' "$T/h"
check "data forwarded" waituntil 5 count_is "$T/c.out" "^data " 3000
check "prog output forwarded" waituntil 5 grep -q '^chatty output 500 ' "$T/c.out"
check "prog's output all there, in order" perl -ne '$n++ if /^chatty output (\d+) z{50}$/ ; if (/^chatty output (\d+)/) { exit 1 if $1 != $l % 500 + 1 ; $l++ } END { exit($n >= 500 ? 0 : 1) }' "$T/c.out"
is "no torn line" "`grep -cvx -e 'data [0-9]* d\{80\}' -e 'chatty output [0-9]* z\{50\}' -e 'no newline at end' "$T/c.out"`" 0
grep -vx -e 'data [0-9]* d\{80\}' -e 'chatty output [0-9]* z\{50\}' -e 'no newline at end' "$T/c.out" | head -n 3 | sed 's/^/# /'

check "prog's unfinished last line closed with a newline" waituntil 5 hasline "$T/c.out" "no newline at end"
pw_stop

# a missing prog: warned about, reading goes on
check "starts with a missing prog" pw_start d -t 0 "$T/i" "$T/nonexistent"
echo z > "$T/i"
check "spawn failure warned" waituntil 5 grep -q "warning: unable to spawn $T/nonexistent: No such file or directory" "$T/d.err"
echo zz > "$T/i"
check "still reading" waituntil 5 hasline "$T/d.out" zz
pw_stop
done_testing
