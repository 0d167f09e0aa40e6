#!/bin/sh
# maildrop-pipewatch across its own SIGKILL: the holder keeps the pipe
# buffer and the writers alive; the next instance gets every line.
. "${TOP:-.}/tests/rts/pipewatch.lib"
command -v perl > /dev/null || skip_all "perl not found"

# writer.pl FIFO ID N MODE: N lines "ID SEQ", 300 us apart; MODE "keep"
# holds the FIFO open, "each" opens it for every line (as maildrop does)
cat > "$T/writer.pl" <<'PERL'
use strict ; use Fcntl ; use Time::HiRes qw(usleep) ;
my ($fifo, $id, $n, $mode) = @ARGV ;
my $fh ;
sysopen($fh, $fifo, O_WRONLY) or die "open: $!" if $mode eq 'keep' ;
for my $i (0 .. $n - 1) {
  if ($mode eq 'each') { sysopen($fh, $fifo, O_WRONLY) or die "open: $!" }
  my $rec = "$id $i " . ("k" x 40) . "\n" ;
  my $w = syswrite($fh, $rec) ;
  die "write: $!" unless defined $w && $w == length $rec ;
  close $fh if $mode eq 'each' ;
  usleep(300) ;
}
PERL

N=2000
check "first instance starts" pw_start a "$T/f"
old=$pw_pid ; oldholder=$pw_holder
wpids=
for w in 1 2 ; do perl "$T/writer.pl" "$T/f" $w $N keep & wpids="$wpids $!" ; done
for w in 3 4 ; do perl "$T/writer.pl" "$T/f" $w $N each & wpids="$wpids $!" ; done
check "writing" waituntil 5 nlines_ge "$T/a.out" 400
kill -KILL $old ; { wait $old ; } 2> /dev/null
check "writers still writing after the SIGKILL" alive `echo $wpids | cut -d' ' -f1`
sleep 0.3
check "holder still there" alive $oldholder
check "second instance starts" pw_start b "$T/f"
check "old holder leaves" waituntil 3 dead $oldholder
wfail=0 ; for p in $wpids ; do wait $p || wfail=1 ; done
is "no writer failed (no EPIPE, no ENXIO)" "$wfail" 0
# wait for the output to settle (all lines, or all but the read in flight)
waituntil 5 sh -c 'test `cat "$1" "$2" | wc -l` -ge "$3"' x "$T/a.out" "$T/b.out" $((4 * N)) || :
check "lines arrived from both instances" test -s "$T/b.out"
cat "$T/a.out" "$T/b.out" > "$T/all"
lost=`perl -ne '($w, $i) = split ; $seen{$w}{$i}++ ; END { $n = 0 ; for $w (1..4) { for $i (0..'$N'-1) { $n++ unless $seen{$w}{$i} } } print "$n\n" }' "$T/all"`
echo "# lines lost across SIGKILL: $lost of $((4 * N))"
# The killed reader may take one read (at most READSIZE, 64 KiB: 1365 of
# these 48-byte lines) to its grave; the holder keeps everything else.
# Seen here: 0 most runs, 1 under the sanitizer build.
check "at most one read lost (lost $lost)" test "$lost" -le 1365
is "no line torn" "`grep -cvx '[1-4] [0-9]* k*' "$T/all"`" 0
check "each writer in order" perl -ne '($w, $i) = split ; if (exists $l{$w} && $i <= $l{$w}) { print "# $w $i after $l{$w}\n" ; $bad++ } $l{$w} = $i ; END { exit($bad ? 1 : 0) }' "$T/all"
first=$pw_pid ; firstholder=$pw_holder
check "a second reader on the same FIFO starts" pw_start c "$T/f"
check "the second reader warns that another one holds the lock" grep -q "warning: another process holds the lock on $T/f: is another reader running?" "$T/c.err"
pw_stop
check "second reader's holder gone after its clean stop" waituntil 2 dead $pw_holder
pw_pid=$first ; pw_holder=$firstholder
pw_stop
is "exit 0" "$pw_rc" 0

# nobody takes over: the holder gives up (after 30 s); here we only check
# that a clean stop leaves no holder behind
check "holder gone after a clean stop" waituntil 2 dead $pw_holder
done_testing
