#!/bin/sh
# maildrop-pipewatch: FIFO creation, exact mode whatever the umask,
# owner and group, readiness, usage errors.
. "${TOP:-.}/tests/rts/pipewatch.lib"

umask 077
check "starts and signals readiness on -d (umask 077)" pw_start a "$T/f"
is "readiness fd got one newline" "`od -An -c "$T/a.ready" | tr -d ' '`" '\n'
check "creates a FIFO" test -p "$T/f"
is "default mode 0622 under umask 077" "`stat -c %a "$T/f"`" 622
is "owned by us" "`stat -c %u "$T/f"`" "`id -u`"
echo hello > "$T/f"
check "a write reaches stdout" waituntil 5 hasline "$T/a.out" hello
pw_stop
is "SIGTERM: exit 0" "$pw_rc" 0

umask 0
pw_start b -m 600 "$T/g"
is "-m 600 under umask 0" "`stat -c %a "$T/g"`" 600
pw_stop
umask 022
chmod 0666 "$T/g"
pw_start c -m 0620 "$T/g"
is "existing FIFO: mode set to -m 0620" "`stat -c %a "$T/g"`" 620
pw_stop

maildrop-pipewatch > /dev/null 2> "$T/err" ; rc=$?
is "no fifo: exit 100" "$rc" 100
check "no fifo: usage message" grep -q '^maildrop-pipewatch: usage: maildrop-pipewatch \[ -d notif \]' "$T/err"
usage=`sed -n 's/^maildrop-pipewatch: usage: //p' "$T/err"`
check "the doc page's synopsis is the usage string" grep -qxF "     $usage" "$TOP/doc/maildrop-pipewatch.html"
maildrop-pipewatch -m 0999 "$T/h" 2> /dev/null ; is "bad -m: exit 100" "$?" 100
maildrop-pipewatch -m 0222 "$T/h" 2> "$T/err" ; is "-m without owner rw: exit 100" "$?" 100
check "-m without owner rw: message" grep -q 'mode must let the owner read and write' "$T/err"
maildrop-pipewatch -t x "$T/h" 2> /dev/null ; is "bad -t: exit 100" "$?" 100
maildrop-pipewatch -d 1 "$T/h" 2> /dev/null ; is "-d 1: exit 100" "$?" 100
maildrop-pipewatch -d 9 "$T/h" 9>&- 2> /dev/null ; is "-d on a closed fd: exit 100" "$?" 100
maildrop-pipewatch -u no-such-user-mds "$T/h" 2> "$T/err" ; is "unknown user: exit 100" "$?" 100
maildrop-pipewatch "$T/nodir/f" 2> "$T/err" ; is "missing directory: exit 111" "$?" 111
check "missing directory: message" grep -q "fatal: unable to open $T/nodir/f: No such file or directory" "$T/err"
check "nothing created on usage errors" test ! -e "$T/h"

if test "`id -u`" = 0 ; then
  ensure_user mdspwtest
  u=`id -u mdspwtest` ; g=`id -g mdspwtest`
  pw_start d -u mdspwtest -g "$g" -m 0620 "$T/o"
  is "-u user: owner" "`stat -c %u "$T/o"`" "$u"
  is "-g gid: group" "`stat -c %g "$T/o"`" "$g"
  is "-u/-g: mode kept" "`stat -c %a "$T/o"`" 620
  echo owned > "$T/o"
  check "-u: still reads" waituntil 5 hasline "$T/d.out" owned
  pw_stop
  pw_start e -u mdspwtest "$T/o"
  is "restart on a FIFO owned by the -u user is accepted, mode back to 622" "`stat -c %a "$T/o"`" 622
  pw_stop
  pw_start f -u "$u" -g 0 "$T/o2"
  is "-u uid -g 0 numeric" "`stat -c %u:%g "$T/o2"`" "$u:0"
  pw_stop
else
  skiptest "-u/-g" "not root"
fi
done_testing
