#!/bin/sh
# maildrop-lockwait: a delivery waiting for an mbox dot-lock held by a live
# process polls quickly (1 ms doubling, at most 250 ms): once the lock goes
# away the delivery follows within a fraction of a second, not LOCKSLEEP
# (5) seconds later.
. "$TOP/tests/lib.sh"
mktmp
printf 'From: a@example.org\nSubject: wait\n\nhello\n' > "$T/msg"
printf 'to "%s/mbox"\n' "$T" > "$T/f" ; chmod 600 "$T/f"
sleep 30 & holder=$!
echo $holder > "$T/mbox.lock"
now () { date +%s%N ; }
a=`now`
"$CMD/maildrop" "$T/f" < "$T/msg" & md=$!
sleep 0.4
check "the delivery waits while the lock is held" test ! -s "$T/mbox"
rm -f "$T/mbox.lock"
released=`now`
wait $md ; rc=$?
b=`now`
kill $holder 2> /dev/null
is "it then delivers" "$rc `grep -c '^Subject: wait' "$T/mbox"`" "0 1"
ms=$(( (b - released) / 1000000 ))
check "within 600 ms of the release (took $ms ms)" test $ms -lt 600
done_testing
