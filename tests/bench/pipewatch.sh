#!/bin/sh
# tests/bench/pipewatch.sh: throughput of maildrop-pipewatch against cat,
# both reading the same FIFO fed by one writer, paired rounds (the order
# alternates), medians and the ratio.  Not a test: it only prints figures.
# Settings: ROUNDS (default 7), MB per run (default 256).
: "${TOP:=`pwd`}" "${CMD:=$TOP/command}"
ROUNDS=${ROUNDS:-7} ; MB=${MB:-256}
T=`mktemp -d "${TMPDIR:-/tmp}/mds-bench.XXXXXX"` || exit 111
pids=
trap 'for p in $pids ; do kill $p 2> /dev/null ; done ; wait ; rm -rf "$T"' EXIT
trap 'exit 1' HUP INT TERM

# 64 MiB of 100-byte log-like lines, written MB/64 times per run
perl -e 'my $l = sprintf("%-99s\n", "maildrop: Date: Sun Nov 22 00:00:00 2026 From: someone\@example.org Subj: benchmark File: ./Maildir") ; print $l x (64 * 1048576 / 100)' > "$T/data"
size=`wc -c < "$T/data"` ; reps=$((MB / 64)) ; total=$((size * reps))
feed () { i=0 ; while test $i -lt $reps ; do cat "$T/data" ; i=$((i + 1)) ; done ; }
ms () { date +%s%N | cut -c1-13 ; }

# run READER: print the milliseconds to move $total bytes through the FIFO
run ()
{
  rm -f "$T/f" "$T/ready" "$T/done" "$T/pid"
  if test "$1" = cat ; then
    mkfifo -m 0622 "$T/f"
    { cat "$T/f" | head -c $total > /dev/null ; echo > "$T/done" ; } &
  else
    sh -c 'echo $$ > "$1/pid" ; exec "$2/maildrop-pipewatch" -d 3 "$1/f" 3> "$1/ready"' sh "$T" "$CMD" | { head -c $total > /dev/null ; echo > "$T/done" ; } &
    while ! test -s "$T/ready" ; do sleep 0.01 ; done
  fi
  t0=`ms`
  feed > "$T/f"
  while ! test -f "$T/done" ; do sleep 0.001 ; done
  t1=`ms`
  echo $((t1 - t0))
  test "$1" = cat || kill `cat "$T/pid"`
  wait 2> /dev/null
}

median () { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }' ; }
mbps () { awk -v b=$total -v t="$1" 'BEGIN { printf "%.0f", b / 1048576 / (t / 1000) }' ; }

echo "# $ROUNDS paired rounds, $((total / 1048576)) MiB of 100-byte lines per run, one writer"
echo "# round  cat_ms  pipewatch_ms"
r=1
while test $r -le $ROUNDS ; do
  if test $((r % 2)) = 1 ; then c=`run cat` ; p=`run pw` ; else p=`run pw` ; c=`run cat` ; fi
  echo "$c" >> "$T/cat.ms" ; echo "$p" >> "$T/pw.ms"
  echo "  $r  $c  $p"
  r=$((r + 1))
done
mc=`median < "$T/cat.ms"` ; mp=`median < "$T/pw.ms"`
echo "cat:                median ${mc} ms, `mbps $mc` MB/s"
echo "maildrop-pipewatch: median ${mp} ms, `mbps $mp` MB/s"
awk -v c=$mc -v p=$mp 'BEGIN { printf "ratio pipewatch/cat throughput: %.2f\n", c / p }'
