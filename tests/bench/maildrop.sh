#!/bin/sh
# tests/bench/maildrop.sh: maildrop-suite's maildrop against Courier
# maildrop (the oracle) and procmail, with a typical ~30-rule filter ending
# in a maildir delivery, on 2 KB, 50 KB, 1 MB and 20 MB messages, plus a
# floor program (read stdin, write one maildir file, fsync, link).
# Paired rounds (the contenders alternate inside each round), medians,
# ratios to the oracle and to the floor (each the median of the per-round
# ratios), and peak RSS (the largest over the rounds), all measured by a
# tiny C runner (fork, exec, wait4) so that no shell or
# date(1) time is counted.  Not a test: it never fails on speed.
# Usage: sh tests/bench/maildrop.sh [rounds-scale]   (default 1)
: "${TOP:=`pwd`}" "${CMD:=$TOP/command}"
MD=$CMD/maildrop ; ORACLE=/usr/bin/maildrop ; PROCMAIL=/usr/bin/procmail
scale=${1:-1}
T=`mktemp -d "${TMPDIR:-/tmp}/mds-bench.XXXXXX"` || exit 111
trap 'rm -rf "$T"' EXIT
test -x "$MD" || { echo "no $MD: run make first" ; exit 111 ; }

for d in md ref pm floor ; do mkdir -p "$T/$d/tmp" "$T/$d/new" "$T/$d/cur" ; done
mkdir -p "$T/nowhere"

# the filter: 30 rules, 26 on headers, 4 on the body, none matching
mkrules () # DEST
{
  for w in viagra casino lottery winner prize bitcoin crypto pharmacy \
           rolex replica mortgage refinance investment inheritance \
           unclaimed diploma dating singles weightloss supplement ; do
    echo "if (/^Subject:.*$w/)"
    echo "{"
    echo "  to \"$T/nowhere/$w\""
    echo "}"
  done
  for l in announce devel users security commits bugs ; do
    echo "if (/^List-Id:.*<$l\\.lists\\.example\\.org>/)"
    echo "{"
    echo "  to \"$T/nowhere/$l\""
    echo "}"
  done
  for b in unsubscribe-now click-here-to-claim wire-transfer-urgent act-now-limited ; do
    echo "if (/$b/:b)"
    echo "{"
    echo "  to \"$T/nowhere/$b\""
    echo "}"
  done
  echo "to \"$1/\""
}
mkrules "$T/md" > "$T/f.md" ; mkrules "$T/ref" > "$T/f.ref"
chmod 600 "$T/f.md" "$T/f.ref"

{
  echo "MAILDIR=$T/nowhere"
  echo "LOGFILE=/dev/null"
  for w in viagra casino lottery winner prize bitcoin crypto pharmacy \
           rolex replica mortgage refinance investment inheritance \
           unclaimed diploma dating singles weightloss supplement ; do
    printf ':0\n* ^Subject:.*%s\n%s\n\n' $w "$T/nowhere/$w"
  done
  for l in announce devel users security commits bugs ; do
    printf ':0\n* ^List-Id:.*<%s\\.lists\\.example\\.org>\n%s\n\n' $l "$T/nowhere/$l"
  done
  for b in unsubscribe-now click-here-to-claim wire-transfer-urgent act-now-limited ; do
    printf ':0 B\n* %s\n%s\n\n' $b "$T/nowhere/$b"
  done
  printf ':0\n%s/\n' "$T/pm"
} > "$T/rc.pm"

cat > "$T/floor.c" <<'C'
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
int main (int argc, char **argv)
{
  char tmp[4096], new[4096], buf[65536] ;
  ssize_t r ;
  int fd ;
  snprintf(tmp, sizeof tmp, "%s/tmp/%d.floor", argv[1], (int)getpid()) ;
  snprintf(new, sizeof new, "%s/new/%d.floor", argv[1], (int)getpid()) ;
  fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600) ;
  if (fd < 0) return 75 ;
  while ((r = read(0, buf, sizeof buf)) > 0) if (write(fd, buf, r) != r) return 75 ;
  if (r < 0 || fsync(fd) < 0 || close(fd) < 0 || link(tmp, new) < 0) return 75 ;
  unlink(tmp) ;
  return 0 ;
}
C
${CC:-cc} -O2 -o "$T/floorbin" "$T/floor.c" || exit 111

# tm MSG PROG ARGS...: run PROG with MSG on stdin; print the wall time in
# ns and the child's peak RSS in KiB (no shell or date(1) in the interval)
cat > "$T/tm.c" <<'C'
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>
int main (int argc, char **argv)
{
  struct timespec a, b ;
  struct rusage ru ;
  int fd = open(argv[1], O_RDONLY), st ;
  pid_t pid ;
  if (fd < 0) return 111 ;
  clock_gettime(CLOCK_MONOTONIC, &a) ;
  pid = fork() ;
  if (!pid) { dup2(fd, 0) ; execv(argv[2], argv + 2) ; _exit(127) ; }
  wait4(pid, &st, 0, &ru) ;
  clock_gettime(CLOCK_MONOTONIC, &b) ;
  printf("%lld %ld %d\n", (long long)(b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec), ru.ru_maxrss, WIFEXITED(st) ? WEXITSTATUS(st) : 255) ;
  return 0 ;
}
C
${CC:-cc} -O2 -o "$T/tm" "$T/tm.c" || exit 111

mkmsg () # BYTES
{
  {
    printf 'Return-Path: <alice@example.org>\nReceived: from mx.example.org by mail.example.com; Sun, 22 Nov 2026 00:00:00 +0000\n'
    printf 'From: Alice Example <alice@example.org>\nTo: bob@example.com\nSubject: quarterly report draft\n'
    printf 'Date: Sun, 22 Nov 2026 00:00:00 +0000\nMessage-ID: <bench@example.org>\nMIME-Version: 1.0\n'
    printf 'Content-Type: text/plain; charset=us-ascii\n\n'
    yes 'The quick brown fox jumps over the lazy dog; nothing to see in this line at all.' | head -c "$1"
  } > "$T/msg"
}

run1 () # NAME -> appends "ns rss rc" to $T/t.NAME
{
  case $1 in
    ours) "$T/tm" "$T/msg" "$MD" "$T/f.md" ;;
    oracle) "$T/tm" "$T/msg" "$ORACLE" "$T/f.ref" ;;
    procmail) "$T/tm" "$T/msg" "$PROCMAIL" -m "$T/rc.pm" ;;
    floor) "$T/tm" "$T/msg" "$T/floorbin" "$T/floor" ;;
  esac >> "$T/t.$1"
}

median () { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2] ; else print int((a[NR / 2] + a[NR / 2 + 1]) / 2) }' ; }
# pratio A B: the median over the rounds of A's time / B's time in the same
# round (pairing cancels the machine's slow drifts better than a ratio of
# medians)
pratio () { paste -d' ' "$T/t.$1" "$T/t.$2" | awk '{ printf "%.6f\n", $1 / $4 }' | sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) m = a[(NR + 1) / 2] ; else m = (a[NR / 2] + a[NR / 2 + 1]) / 2 ; printf "%.3f", m }' ; }
clean () { for d in md ref pm floor ; do rm -f "$T/$d/new/"* "$T/$d/tmp/"* ; done ; }

contenders="ours oracle floor"
test -x "$ORACLE" || contenders="ours floor"
test -x "$PROCMAIL" && contenders="$contenders procmail"

printf '%-6s %-9s %12s %9s %9s %9s\n' size program median_ms vs_oracle vs_floor rss_KiB
for spec in 2048:41 51200:15 1048576:9 20971520:5 ; do
  bytes=${spec%%:*} ; rounds=$(( ${spec#*:} * scale ))
  mkmsg $bytes
  for c in $contenders ; do : > "$T/t.$c" ; done
  r=0
  while test $r -lt $rounds ; do
    # paired: every contender once per round, the order rotating
    set -- $contenders
    k=$((r % $#)) ; while test $k -gt 0 ; do x=$1 ; shift ; set -- "$@" $x ; k=$((k - 1)) ; done
    for c in "$@" ; do run1 $c ; done
    if test $r = 0 ; then
      for c in $contenders ; do
        case $c in ours) d=md ;; oracle) d=ref ;; procmail) d=pm ;; floor) d=floor ;; esac
        n=`ls "$T/$d/new" | wc -l`
        test "$n" = 1 || echo "# WARNING: $c delivered $n messages instead of 1: its figures are meaningless"
      done
    fi
    clean
    r=$((r + 1))
  done
  ref=
  test -x "$ORACLE" && ref=yes
  case $bytes in 2048) label=2KB ;; 51200) label=50KB ;; 1048576) label=1MB ;; *) label=20MB ;; esac
  for c in $contenders ; do
    m=`cut -d' ' -f1 "$T/t.$c" | median`
    rss=`cut -d' ' -f2 "$T/t.$c" | sort -n | tail -n 1`
    bad=`awk '$3 != 0' "$T/t.$c" | wc -l`
    test "$bad" = 0 || echo "# WARNING: $c failed $bad runs"
    if test -n "$ref" ; then ratio=`pratio $c oracle` ; else ratio=- ; fi
    fratio=`pratio $c floor`
    printf '%-6s %-9s %12s %9s %9s %9s\n' $label $c `awk -v a=$m 'BEGIN { printf "%.2f", a / 1e6 }'` $ratio $fratio $rss
  done
done
