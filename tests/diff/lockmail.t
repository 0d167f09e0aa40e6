# lockmail against the Courier oracle: exit codes, output, the locks seen
# by the program it runs, what is left afterwards.  The busy cases take
# 5 s each (the reference's retry step), so both sides run in parallel.
. "$TOP/tests/lib.sh"
ORACLE=/usr/bin/lockmail
test -x $ORACLE || skip_all "no oracle $ORACLE"
mktmp
umask 022
n=0
host=`hostname`

# what the program under lock sees: the dot-lock (pid masked), its mode,
# the C-Client lock /tmp/.<dev>.<ino> (pid masked)
cat > $T/probe <<'EOP'
#!/bin/sh
mb=$1
sed "s/^$PPID\([^0-9]\)/PID\1/;s/^$PPID\$/PID/" "$mb.lock" 2>/dev/null || echo "no dot-lock"
echo
stat -c '%a' "$mb.lock" 2>/dev/null
set -- `stat -c '%d %i' "$mb"`
cc=`printf '/tmp/.%x.%x' $1 $2`
if test -f "$cc" ; then echo "cclient: `sed "s/^$PPID/PID/" $cc | tr -d '\n'`" ; else echo "no cclient" ; fi
EOP
chmod 755 $T/probe

snapshot ()
{
  ( cd "$1" && for f in * ; do test -e "$f" && echo "$f `stat -c '%a %s' "$f"`" ; done )
}

# lcase DESC SETUP ARGS... (the mailbox is "mb" in a fresh directory)
lcase ()
{
  desc=$1 setup=$2 ; shift 2
  n=$((n + 1))
  for side in o m ; do
    d=$T/$side$n ; mkdir -p "$d"
    if test $side = o ; then prog=$ORACLE ; else prog=$CMD/lockmail ; fi
    ( cd "$d" && eval "$setup" && timeout 30 $prog "$@" > ../$side$n.out 2> ../$side$n.err < /dev/null ; echo $? > ../$side$n.rc ) &
  done
  wait
  got="rc=`cat $T/m$n.rc` out=[`cat $T/m$n.out`] err=[`sed "s#$CMD/lockmail#$ORACLE#g" $T/m$n.err`]
`snapshot $T/m$n`"
  want="rc=`cat $T/o$n.rc` out=[`cat $T/o$n.out`] err=[`cat $T/o$n.err`]
`snapshot $T/o$n`"
  is "$desc" "$got" "$want"
}

# a pid that no process has: just below pid_max
dead=$((`cat /proc/sys/kernel/pid_max` - 1))
kill -0 $dead 2> /dev/null && dead=$((dead - 1))
lcase "no arguments: usage" ':'
lcase "mailbox only: usage" ':' mb
lcase "unknown option" ':' -x mb true
lcase "runs the program, exit 0" ':' mb true
lcase "missing mailbox is created 0600" ':' mb true
lcase "existing mailbox kept" 'printf abc > mb' mb true
lcase "exit status passed through" ':' mb sh -c 'exit 3'
lcase "exit 75 passed through" ':' mb sh -c 'exit 75'
lcase "program killed by a signal: 75" ':' mb sh -c 'kill -9 $$'
lcase "program not found" ':' mb /nonexistent/prog
lcase "program found through PATH" ':' mb echo hello
lcase "arguments passed" ':' mb sh -c 'echo "$@"' x a b
lcase "directory missing: 75" ':' nodir/mb true
lcase "the locks while the program runs" ':' mb $T/probe mb
lcase "locks on an existing mailbox" 'printf abc > mb' mb $T/probe mb
lcase "-r: read-only fallback not needed" ':' -r mb $T/probe mb
lcase "-t 0 with a free mailbox" ':' -t 0 mb true
lcase "locks are removed afterwards" ':' mb true
lcase "stdout of the program" ':' mb sh -c 'echo out ; echo err >&2'
lcase "a mailbox path with a directory" 'mkdir d' d/mb true
lcase "busy (live pid): -t 1 gives 75 after 5 s" "printf '1:$host' > mb.lock" -t 1 mb true
lcase "busy with -t junk: one attempt" "printf '1:$host' > mb.lock" -t junk mb true
lcase "dead owner on this host: lock broken" "printf '$dead:$host' > mb.lock" -t 6 mb $T/probe mb
lcase "dead pid on another host: busy" "printf '$dead:other.invalid' > mb.lock" -t 1 mb true
if test "`id -u`" = 0 && id nobody > /dev/null 2>&1 ; then
  chmod 755 $T
  RUNAS=nobody
  lcase "unwritable directory: the dot-lock is skipped" "touch mb && chown nobody mb && chmod 755 ." mb $T/probe mb
  lcase "mailbox not writable, -r: read lock" "touch mb && chmod 644 mb && chmod 755 ." -r mb $T/probe mb
  lcase "mailbox not writable, no -r: 75" "touch mb && chmod 644 mb && chmod 755 ." mb true
  RUNAS=
else
  skiptest "unwritable directory" "not root"
fi
done_testing
