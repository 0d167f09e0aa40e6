#!/bin/sh
# maildrop-pipewatch: 8 concurrent writers, records from 1 to PIPE_BUF
# bytes, each written with one write(): every record comes out whole, on
# its own line, in each writer's order; as root and as an ordinary user.
. "${TOP:-.}/tests/rts/pipewatch.lib"
command -v perl > /dev/null || skip_all "perl not found"

# writer.pl FIFO ID N: N records "ID SEQ LEN xxx...x" of varying length
# (up to 4096 bytes with the newline), each in a single syswrite
cat > "$T/writer.pl" <<'PERL'
use strict ;
use Fcntl ;
my ($fifo, $id, $n) = @ARGV ;
sysopen(my $fh, $fifo, O_WRONLY) or die "open: $!" ;  # no O_CREAT
for my $i (0 .. $n - 1) {
  my $len = ($i * 7919 + $id * 131) % 4000 + 20 ;
  $len = 4096 if $i % 97 == 0 ;
  my $head = "$id $i $len " ;
  my $rec = $head . ("x" x ($len - length($head) - 1)) . "\n" ;
  my $w = syswrite($fh, $rec) ;
  die "short write" unless defined $w && $w == length $rec ;
}
PERL
# verify.pl N WRITERS < output: every line well formed, every writer's
# records complete and in order
cat > "$T/verify.pl" <<'PERL'
use strict ;
my ($n, $writers) = @ARGV ;
my %next ; my $bad = 0 ; my $other = 0 ;
while (my $l = <STDIN>) {
  chomp $l ;
  if ($l =~ /^(\d+) (\d+) (\d+) (x*)$/ && length($l) + 1 == $3) {
    if ($2 != ($next{$1} // 0)) { print "# out of order: $1 $2\n" ; $bad++ }
    $next{$1} = $2 + 1 ;
  } else { $other++ ; print "# torn: ", substr($l, 0, 60), "\n" if $other < 5 }
}
for my $w (1 .. $writers) { if (($next{$w} // 0) != $n) { print "# writer $w: ", ($next{$w} // 0), " of $n\n" ; $bad++ } }
exit($bad || $other ? 1 : 0) ;
PERL

N=1000
runwriters () # fifo prefix-command...
{
  fifo=$1 ; shift
  w=1 ; wpids=
  while test $w -le 8 ; do
    "$@" perl "$T/writer.pl" "$fifo" $w $N & wpids="$wpids $!"
    w=$((w + 1))
  done
  wfail=0
  for p in $wpids ; do wait $p || wfail=1 ; done
  return $wfail
}

check "starts" pw_start a "$T/f"
check "8 writers as root" runwriters "$T/f" env
check "all records arrived" waituntil 10 nlines_is "$T/a.out" $((8 * N))
check "root: no torn or merged line, each writer in order" perl "$T/verify.pl" $N 8 < "$T/a.out"
pw_stop
is "exit 0" "$pw_rc" 0

if test "`id -u`" = 0 ; then
  ensure_user mdspwtest
  rm -f "$T/f"
  check "starts again" pw_start b "$T/f"
  check "8 writers as an ordinary user (setpriv)" runwriters "$T/f" setpriv --reuid=mdspwtest --regid="`id -g mdspwtest`" --clear-groups
  check "all records arrived" waituntil 10 nlines_is "$T/b.out" $((8 * N))
  check "user: no torn or merged line, each writer in order" perl "$T/verify.pl" $N 8 < "$T/b.out"
  pw_stop
  # an ordinary user running the reader itself, writers as root
  mkdir "$T/u" && chown mdspwtest "$T/u"
  pw_wrap="setpriv --reuid=mdspwtest --regid=`id -g mdspwtest` --clear-groups"
  check "unprivileged reader starts" pw_start c "$T/u/f"
  is "unprivileged reader owns its FIFO" "`stat -c %U "$T/u/f"`" mdspwtest
  pw_wrap=
  check "8 writers into an unprivileged reader" runwriters "$T/u/f" env
  check "all records arrived" waituntil 10 nlines_is "$T/c.out" $((8 * N))
  check "unprivileged reader: no torn line" perl "$T/verify.pl" $N 8 < "$T/c.out"
  pw_stop
  pw_wrap=
else
  skiptest "writers as an ordinary user" "not root"
fi
done_testing
