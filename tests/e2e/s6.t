# e2e: the s6 maildrop-logger service under a private s6-svscan.
# See tests/e2e/common.sh for the steps.
SUP=s6
SETUSER=s6-setuidgid
E2E_LOGUSER=nobody
SIZE_SLACK=16384
command -v s6-svscan >/dev/null 2>&1 && command -v s6-log >/dev/null 2>&1 || { echo "s6 (s6-svscan, s6-log) not installed: skipping" ; exit 77 ; }

scan_start ()
{
  s6-svscan "$SCAN" > "$T/scan.out" 2>&1 &
  scanpid=$!
}

# s6-svstat -o up,pid,updownfor,ready prints "true 123 5 true"; the
# service counts as up only once it is ready: both run scripts use
# notification-fd 3, so this also checks readiness notification
svc_status ()
{
  s6-svstat -o up,pid,updownfor,ready "$1" 2>/dev/null | sed -n 's/^true \([0-9]*\) \([0-9]*\) true$/\1 \2/p'
}

# s6-svscanctl -t: s6-svscan brings every service down, reaps its
# s6-supervise children and exits 0
scan_stop ()
{
  s6-svscanctl -t "$SCAN" || return 1
  wait "$scanpid"
}

. "${TOP:=`pwd`}/tests/e2e/common.sh"
e2e_main
