# e2e: the daemontools maildrop-logger service under a private svscan.
# See tests/e2e/common.sh for the steps.
SUP=daemontools
SETUSER=setuidgid
command -v svscan >/dev/null 2>&1 && command -v multilog >/dev/null 2>&1 || { echo "daemontools (svscan, multilog) not installed: skipping" ; exit 77 ; }

scan_start ()
{
  svscan "$SCAN" > "$T/scan.out" 2>&1 &
  scanpid=$!
}

# svstat says "dir: up (pid 123) 5 seconds"
svc_status ()
{
  svstat "$1" 2>/dev/null | sed -n 's/^[^ ]*: up (pid \([0-9]*\)) \([0-9]*\) seconds.*$/\1 \2/p'
}

# svscan only reaps its children when it rescans, every 5 seconds: take
# the service out of the scan directory, bring both processes down with
# svc -dx, wait until svscan has reaped both supervise processes, then
# stop svscan itself
supervise_gone () { test -z "`ps -o pid= --ppid "$scanpid"`" ; }
scan_stop ()
{
  rm -f "$SCAN/maildrop-logger"
  svc -dx "$S" "$S/log"
  waituntil 15 supervise_gone || return 1
  kill -TERM "$scanpid"
  wait "$scanpid"
  test $? = 143
}

. "${TOP:=`pwd`}/tests/e2e/common.sh"
e2e_main
