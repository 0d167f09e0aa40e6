#!/bin/sh
# tests/bench/mbox.sh: two concurrent workers appending 2 KB messages to one
# mbox, each delivering N messages back to back: the throughput (messages
# per second) against a floor program (open O_APPEND, fcntl lock, write,
# fsync, unlock), and the longest single delivery (a stall: the oracle's
# losers sleep LOCKSLEEP seconds).  Not a test.
# Usage: sh tests/bench/mbox.sh [N]   (default 40; the oracle does N/10)
: "${TOP:=`pwd`}" "${CMD:=$TOP/command}"
MD=$CMD/maildrop ; ORACLE=/usr/bin/maildrop
N=${1:-40}
T=`mktemp -d "${TMPDIR:-/tmp}/mds-mbox.XXXXXX"` || exit 111
trap 'rm -rf "$T"' EXIT
test -x "$MD" || { echo "no $MD: run make first" ; exit 111 ; }

cat > "$T/floor.c" <<'C'
#include <fcntl.h>
#include <unistd.h>
int main (int argc, char **argv)
{
  char buf[65536] ;
  ssize_t r ;
  struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET } ;
  int fd = open(argv[1], O_WRONLY | O_APPEND | O_CREAT, 0600) ;
  if (fd < 0 || fcntl(fd, F_SETLKW, &fl) < 0) return 75 ;
  if (write(fd, "From floor  Sun Nov 22 00:00:00 2026\n", 38) != 38) return 75 ;
  while ((r = read(0, buf, sizeof buf)) > 0) if (write(fd, buf, r) != r) return 75 ;
  if (r < 0 || write(fd, "\n", 1) != 1 || fsync(fd) < 0) return 75 ;
  fl.l_type = F_UNLCK ; fcntl(fd, F_SETLK, &fl) ;
  return close(fd) < 0 ? 75 : 0 ;
}
C
${CC:-cc} -O2 -o "$T/floorbin" "$T/floor.c" || exit 111
cat > "$T/tm.c" <<'C'
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
/* tm MSG PROG ARGS...: the wall time of one run, in ns, and its exit code */
int main (int argc, char **argv)
{
  struct timespec a, b ;
  int fd = open(argv[1], O_RDONLY), st ;
  pid_t pid ;
  if (fd < 0) return 111 ;
  clock_gettime(CLOCK_MONOTONIC, &a) ;
  pid = fork() ;
  if (!pid) { dup2(fd, 0) ; execv(argv[2], argv + 2) ; _exit(127) ; }
  waitpid(pid, &st, 0) ;
  clock_gettime(CLOCK_MONOTONIC, &b) ;
  printf("%lld %d\n", (long long)(b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec), WIFEXITED(st) ? WEXITSTATUS(st) : 255) ;
  return 0 ;
}
C
${CC:-cc} -O2 -o "$T/tm" "$T/tm.c" || exit 111
cat > "$T/now.c" <<'C'
#include <stdio.h>
#include <time.h>
int main (void) { struct timespec a ; clock_gettime(CLOCK_MONOTONIC, &a) ; printf("%lld\n", (long long)a.tv_sec * 1000000000LL + a.tv_nsec) ; return 0 ; }
C
${CC:-cc} -O2 -o "$T/now" "$T/now.c" || exit 111

{
  printf 'From: Alice <alice@example.org>\nTo: bob@example.com\nSubject: mbox bench\n\n'
  yes 'The quick brown fox jumps over the lazy dog; nothing to see in this line at all.' | head -c 2048
} > "$T/msg"
printf 'to "%s/mbox.md"\n' "$T" > "$T/f.md" ; printf 'to "%s/mbox.ref"\n' "$T" > "$T/f.ref"
chmod 600 "$T/f.md" "$T/f.ref"

worker () # NAME ID COUNT
{
  i=0
  while test $i -lt $3 ; do
    case $1 in
      ours) "$T/tm" "$T/msg" "$MD" "$T/f.md" ;;
      oracle) "$T/tm" "$T/msg" "$ORACLE" "$T/f.ref" ;;
      floor) "$T/tm" "$T/msg" "$T/floorbin" "$T/mbox.floor" ;;
    esac >> "$T/w.$1.$2"
    i=$((i + 1))
  done
}

contenders="floor ours"
test -x "$ORACLE" && contenders="$contenders oracle"
printf '%-8s %6s %10s %11s %12s %8s\n' program msgs total_ms msgs_per_s max_stall_ms vs_floor
fl=
for c in $contenders ; do
  n=$N ; test $c = oracle && n=$(( (N + 9) / 10 ))
  : > "$T/w.$c.1" ; : > "$T/w.$c.2"
  a=`"$T/now"`
  worker $c 1 $n & p1=$!
  worker $c 2 $n & p2=$!
  wait $p1 $p2
  b=`"$T/now"`
  bad=`cat "$T/w.$c.1" "$T/w.$c.2" | awk '$2 != 0' | wc -l`
  test "$bad" = 0 || echo "# WARNING: $c failed $bad deliveries"
  case $c in ours) mb=$T/mbox.md ;; oracle) mb=$T/mbox.ref ;; floor) mb=$T/mbox.floor ;; esac
  got=`grep -c '^From ' "$mb"`
  test "$got" = $((2 * n)) || echo "# WARNING: $c: $got messages in the mbox instead of $((2 * n))"
  stall=`cat "$T/w.$c.1" "$T/w.$c.2" | sort -n | tail -n 1 | awk '{ printf "%.1f", $1 / 1e6 }'`
  rate=`awk -v n=$((2 * n)) -v t=$((b - a)) 'BEGIN { printf "%.1f", n / (t / 1e9) }'`
  test $c = floor && fl=$rate
  printf '%-8s %6s %10s %11s %12s %8s\n' $c $((2 * n)) `awk -v t=$((b - a)) 'BEGIN { printf "%.1f", t / 1e6 }'` $rate $stall `awk -v a=$rate -v b=$fl 'BEGIN { printf "%.3f", a / b }'`
done
