# e2e: the runit maildrop-logger service under a private runsvdir.
# See tests/e2e/common.sh for the steps.
SUP=runit
SETUSER="chpst -u"
E2E_LOGUSER=nobody
SIZE_SLACK=16384
command -v runsvdir >/dev/null 2>&1 && command -v svlogd >/dev/null 2>&1 || { echo "runit (runsvdir, svlogd) not installed: skipping" ; exit 77 ; }

scan_start ()
{
  runsvdir -P "$SCAN" > "$T/scan.out" 2>&1 &
  scanpid=$!
}

# sv status says "run: dir: (pid 123) 5s; run: log: (pid 124) 5s"
svc_status ()
{
  sv status "$1" 2>/dev/null | sed -n 's/^run: [^:]*: (pid \([0-9]*\)) \([0-9]*\)s.*$/\1 \2/p'
}

# take the service out of runsvdir's view, tell runsv to stop the reader,
# then the logger, and exit (sv exit); runsvdir reaps runsv, then stop
# runsvdir itself (TERM: exit 0 at once)
runsv_gone () { test -z "`ps -o pid= --ppid "$scanpid"`" ; }
scan_stop ()
{
  rm -f "$SCAN/maildrop-logger"
  sv exit "$S" >/dev/null
  waituntil 15 runsv_gone || return 1
  kill -TERM "$scanpid"
  wait "$scanpid"
}

. "${TOP:=`pwd`}/tests/e2e/common.sh"
e2e_main
