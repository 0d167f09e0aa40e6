# reformail -D under concurrent runs: the cache is locked, so no id is lost
# and every id is seen once as new, then as a duplicate.
. "$TOP/tests/lib.sh"
mktmp
n=40
i=0 ; pids=
while test $i -lt $n ; do
  printf 'Message-ID: <id%d@test>\n\nbody\n' $i | "$CMD/reformail" -D 100000 "$T/cache" &
  pids="$pids $!"
  i=$((i + 1))
done
new=0
for p in $pids ; do wait $p ; test $? = 1 && new=$((new + 1)) ; done
is "every concurrent id was new" "$new" $n
count=`tr '\000' '\n' < "$T/cache" | grep -c '^<id[0-9]*@test>$'`
is "every id is in the cache" "$count" $n
i=0 ; dup=0
while test $i -lt $n ; do
  printf 'Message-ID: <id%d@test>\n\nbody\n' $i | "$CMD/reformail" -D 100000 "$T/cache"
  test $? = 0 && dup=$((dup + 1))
  i=$((i + 1))
done
is "every id is then a duplicate" "$dup" $n
printf 'Subject: no id\n\n' | "$CMD/reformail" -D 100 "$T/other" ; is "no Message-ID exits 1" "$?" 1
test -e "$T/other" && notok "no Message-ID creates no cache" || ok "no Message-ID creates no cache"
# the lock is held while the cache is rewritten: a held lock blocks us
if command -v flock >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1 ; then
  python3 -c '
import fcntl, sys, time, os
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.lockf(fd, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
time.sleep(1)
' "$T/locked" "$T/ready" &
  lp=$!
  waituntil 5 test -e "$T/ready"
  start=`date +%s%N`
  printf 'Message-ID: <x>\n\n' | "$CMD/reformail" -D 100 "$T/locked"
  end=`date +%s%N`
  wait $lp
  test $(( (end - start) / 1000000 )) -ge 500 && ok "-D waits for the fcntl lock" || notok "-D waits for the fcntl lock"
else
  skiptest "-D waits for the fcntl lock" "no python3"
fi
done_testing
