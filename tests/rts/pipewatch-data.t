#!/bin/sh
# maildrop-pipewatch -D: prog gets on its stdin exactly the data received
# since its last run; -l cuts over-long lines.
. "${TOP:-.}/tests/rts/pipewatch.lib"
command -v perl > /dev/null || skip_all "perl not found"

cat > "$T/prog" <<EOF2
#!/bin/sh
n=\`ls "$T" | grep -c '^got\.'\`
cat > "$T/got.\$n.tmp" && mv "$T/got.\$n.tmp" "$T/got.\$n"
EOF2
chmod 755 "$T/prog"
gots () { ls "$T" | grep -c '^got\.[0-9]*$' ; }
gots_is () { test "`gots`" = "$1" ; }

check "starts with -D -t 1" pw_start a -D -t 1 "$T/f" "$T/prog"
printf 'alpha\nbeta\n' > "$T/f"
check "first run" waituntil 5 gots_is 1
is "first run got the first data" "`cat "$T/got.0"`" "alpha
beta"
perl -e 'open(F, ">>", $ARGV[0]) or die ; for (1..500) { syswrite(F, "rec $_\n") }' "$T/f"
check "second run after min_delay" waituntil 5 gots_is 2
perl -e 'for (1..500) { print "rec $_\n" }' > "$T/want"
check "second run got exactly the 500 records since the first run" cmp -s "$T/got.1" "$T/want"
is "stdout got everything too" "`lines "$T/a.out"`" 502
sleep 1.2
is "no run without new data" "`gots`" 2
pw_stop
is "exit 0" "$pw_rc" 0

# more than the bound (1 MiB) between two runs: prog gets at most the bound
rm -f "$T"/got.*
check "starts again" pw_start b -D -t 1 "$T/f" "$T/prog"
echo start > "$T/f"
check "first run" waituntil 5 gots_is 1
perl -e 'open(F, ">>", $ARGV[0]) or die ; for (1..15000) { syswrite(F, sprintf("%05d %s\n", $_, "q" x 94)) }' "$T/f"
check "second run" waituntil 5 gots_is 2
size=`wc -c < "$T/got.1"`
check "bounded data: at most 1 MiB ($size bytes)" test "$size" -le 1048576 -a "$size" -ge 900000
check "bounded data: whole records only" perl -ne 'exit 1 unless /^\d{5} q{94}$/' "$T/got.1"
check "bound exceeded: warned" grep -q 'bytes not given to it' "$T/b.err"
is "stdout got everything" "`lines "$T/b.out"`" 15001
pw_stop

# -l: lines longer than linelimit are cut every linelimit bytes
check "starts with -l 100" pw_start c -l 100 "$T/g"
perl -e 'open(F, ">>", $ARGV[0]) or die ; syswrite(F, ("a" x 250) . "\n" . ("b" x 100) . "\n" . ("c" x 101) . "\n")' "$T/g"
check "cut lines" waituntil 5 nlines_is "$T/c.out" 6
is "line lengths" "`awk '{ print length }' "$T/c.out" | tr '\n' ' '`" "100 100 50 100 100 1 "
pw_stop

# big writes from one writer (more than a pipe buffer each, not atomic):
# never cut when they fit in linelimit
check "starts with -l 1048576" pw_start d -l 1048576 "$T/h"
for i in 1 2 3 ; do perl -e 'syswrite(STDOUT, ($ARGV[0] x 500000) . "\n")' $i > "$T/h" ; done
check "three 500 KB lines" waituntil 5 nlines_is "$T/d.out" 3
is "each whole" "`awk '{ print length }' "$T/d.out" | tr '\n' ' '`" "500000 500000 500000 "
# an unterminated record alone is closed with a newline
printf 'no newline' > "$T/h"
check "unterminated record closed" waituntil 3 hasline "$T/d.out" "no newline"
pw_stop
done_testing
