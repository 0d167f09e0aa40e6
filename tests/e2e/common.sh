# tests/e2e/common.sh: the part of the e2e tests every supervision suite
# shares.  A test sets SUP (daemontools, s6 or runit), defines
#   scan_start      start the scanner on $SCAN as a child, set scanpid
#   svc_status DIR  print "pid seconds" when DIR's process is up, else nothing
#   scan_stop       bring the service and its logger down, stop the scanner
# then sources this file and calls e2e_main.
#
# Everything runs under one time limit (E2E_LIMIT seconds, default 120):
# the test re-executes itself under timeout(1).  Only processes this test
# started are stopped, by pid, and waited for: PID 1 here does not reap.

: "${E2E_LIMIT:=120}"
if test -z "$MDS_E2E_TIMED" ; then
  MDS_E2E_TIMED=1 ; export MDS_E2E_TIMED
  exec timeout -k 5 "$E2E_LIMIT" sh "$0" "$@"
fi

. "$TOP/tests/lib.sh"

test -x "$CMD/maildrop-pipewatch" || skip_all "no $CMD/maildrop-pipewatch yet (the pipewatch branch is not merged): skipping"
test "`id -u`" = 0 || skip_all "not root: the supervisors need to run as root here"

T=`mktemp -d "${TMPDIR:-/tmp}/mds-e2e-$SUP.XXXXXX"` || die mktemp
SCAN=$T/scan
S=$T/sv/maildrop-logger
FIFO=$T/fifo
CUR=$S/log/main/current
scanpid=
bgpids=   # writers: killed on the way out if still there (blocked in open)
t_start=`date +%s`

# seconds since the test started, for the timing notes
elapsed () { echo $((`date +%s` - t_start)) ; }

cleanup ()
{
  for p in $bgpids ; do kill -KILL $p 2>/dev/null && wait $p 2>/dev/null ; done
  if test -n "$scanpid" && kill -0 "$scanpid" 2>/dev/null ; then
    echo "# cleanup: stopping the scanner (pid $scanpid)"
    scan_stop >/dev/null 2>&1 || :
    kill -KILL "$scanpid" 2>/dev/null || :
    wait "$scanpid" 2>/dev/null || :
  fi
  test -n "$E2E_KEEP" && echo "# kept $T" || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# pid_of DIR: the pid of DIR's process, empty when down
pid_of () { svc_status "$1" | cut -d' ' -f1 ; }

# both_up_for N: true when the reader and the logger have both been up
# for at least N seconds
both_up_for ()
{
  a=`svc_status "$S"` ; b=`svc_status "$S/log"`
  test -n "$a" && test -n "$b" && test "${a#* }" -ge "$1" && test "${b#* }" -ge "$1"
}

# count PATTERN: lines of the log (current and archives) matching PATTERN,
# timestamps removed
logged () { cat "$S"/log/main/@* "$CUR" 2>/dev/null | sed 's/^@[0-9a-f]\{24\} //' ; }
count () { logged | grep -c "$1" ; }

# atleast N PATTERN: at least N logged lines match PATTERN
atleast () { test "`count "$2"`" -ge "$1" ; }
# holds_fifo PID: PID has the FIFO open
holds_fifo () { for fd in /proc/$1/fd/* ; do test "`readlink "$fd"`" = "$FIFO" && return 0 ; done ; return 1 ; }

# waitcount N PATTERN: wait until N logged lines match PATTERN, or their
# number has not moved for 3 seconds (something was lost: fail fast)
waitcount ()
{
  wc_last=-1 ; wc_still=0
  while : ; do
    wc_n=`count "$2"`
    test "$wc_n" -ge "$1" && return 0
    if test "$wc_n" = "$wc_last" ; then
      wc_still=$((wc_still + 1)) ; test $wc_still -lt 30 || return 1
    else
      wc_still=0 ; wc_last=$wc_n
    fi
    sleep 0.1
  done
}
# restarted: the reader is up with a pid other than $rpid
restarted () { p=`pid_of "$S"` ; test -n "$p" && test "$p" != "$rpid" ; }
# in_order PATTERN: the numbers in field 2 of matching lines increase
in_order () { logged | grep "$1" | cut -d' ' -f2 | sort -n -c ; }
# consecutive PATTERN: the numbers in field 2 of matching lines have no gap
consecutive ()
{
  logged | grep "$1" | awk 'NR > 1 && $2 + 0 != prev + 1 { if (bad++ < 5) printf "#   gap: %d then %d (%s)\n", prev, $2, substr($0, 1, 40) } { prev = $2 + 0 } END { exit bad > 0 }'
}

# writers TAG NW NL: NW concurrent writers, NL lines each, every line by its
# own open/write/close of the FIFO, as each maildrop delivery does
writers ()
{
  w=1 ; wpids=
  while test $w -le $2 ; do
    (
      i=1
      while test $i -le $3 ; do
        echo "$1 w$w line $i of $3 ........................................" > "$FIFO" || exit 1
        i=$((i + 1))
      done
    ) &
    wpids="$wpids $!" ; bgpids="$bgpids $!"
    w=$((w + 1))
  done
  wfail=0
  for p in $wpids ; do wait $p || wfail=1 ; done
  return $wfail
}

# expected TAG NW NL: the lines writers TAG NW NL must produce, sorted
expected ()
{
  awk -v t="$1" -v nw="$2" -v nl="$3" 'BEGIN { for (w = 1; w <= nw; w++) for (i = 1; i <= nl; i++) printf "%s w%d line %d of %d ........................................\n", t, w, i, nl }' | sort
}

# exactly_once TAG NW NL: every line of writers TAG NW NL is logged once
exactly_once ()
{
  logged | grep "^$1 " | sort > "$T/got.$1"
  expected "$1" "$2" "$3" > "$T/want.$1"
  cmp -s "$T/got.$1" "$T/want.$1"
}

e2e_main ()
{
  # 1. install the template with the helper, into the temporary tree
  mkdir "$SCAN" "$T/sv" || die mkdir
  # E2E_LOGUSER: the account the logger runs as (service-install -u)
  chmod 0755 "$T"
  if test -n "$E2E_LOGUSER" ; then
    ensure_user "$E2E_LOGUSER"
    check "service-install -s $SUP -u $E2E_LOGUSER" sh "$TOP/package/service-install" -s "$SUP" -u "$E2E_LOGUSER" -f "$FIFO" -b "$CMD" "$T/sv"
  else
    check "service-install -s $SUP" sh "$TOP/package/service-install" -s "$SUP" -f "$FIFO" -b "$CMD" "$T/sv"
  fi
  is "service directory is sticky (1755)" "`stat -c %a "$S"`" 1755
  is "env/FIFO names the temporary FIFO" "`cat "$S/env/FIFO"`" "$FIFO"
  is "#! line comes from conf-execlineb" "`head -n 1 "$S/run"`" "#!`head -n 1 "$TOP/conf-compile/conf-execlineb"` -P"
  ln -s "$S" "$SCAN/maildrop-logger" || die "ln -s"

  # 2. start the scanner, wait for both processes, make sure they stay up
  scan_start
  echo "# scanner pid $scanpid"
  if waituntil 15 both_up_for 0 ; then ok "reader and logger are up (`elapsed`s)" ; else notok "reader and logger are up" ; svc_status "$S" ; svc_status "$S/log" ; cat "$T/scan.out" ; exit 1 ; fi
  rpid=`pid_of "$S"` ; lpid=`pid_of "$S/log"`
  check "both up for more than a second" waituntil 10 both_up_for 2
  is "reader was not restarted meanwhile" "`pid_of "$S"`" "$rpid"
  is "logger was not restarted meanwhile" "`pid_of "$S/log"`" "$lpid"
  is "the FIFO was created with mode 0622" "`stat -c '%F %a' "$FIFO" 2>&1`" "fifo 622"
  is "the reader runs as root" "`stat -c %U /proc/$rpid`" root
  # run execs into the reader: the supervised pid is the one on the FIFO
  is "the supervised pid is maildrop-pipewatch itself" "`readlink /proc/$rpid/exe`" "`readlink -f "$CMD/maildrop-pipewatch"`"
  check "the supervised pid holds the FIFO open" holds_fifo "$rpid"
  is "the logger runs as ${E2E_LOGUSER:-root}" "`stat -c %U /proc/$lpid`" "${E2E_LOGUSER:-root}"
  # an ordinary user can write into the FIFO ($SETUSER: this suite's tool)
  if id nobody >/dev/null 2>&1 ; then
    $SETUSER nobody sh -c "echo 'written by nobody' > '$FIFO'"
    check "an ordinary user (nobody) writes into the FIFO" waituntil 5 grep -q '^@[0-9a-f]* written by nobody$' "$CUR"
  else
    skiptest "an ordinary user writes into the FIFO" "no user nobody"
  fi

  # 3. 1000 lines from 8 concurrent writers, each exactly once
  t0=`date +%s`
  check "8 writers x 125 lines written" writers c 8 125
  waitcount 1000 '^c w' || :
  check "1000 concurrent lines all logged exactly once" exactly_once c 8 125
  echo "# 1000 lines: $((`date +%s` - t0))s"
  is "reader was not restarted by the writers" "`pid_of "$S"`" "$rpid"

  # 4. SIGKILL the reader while a writer keeps writing; the supervisor
  # restarts it; count what the kill window loses
  (
    trap '' PIPE
    i=0 ; f=0 ; ik= ; ir=
    while test ! -f "$T/kstop" ; do
      i=$((i + 1))
      # note where the kill and the restart fell in the sequence
      test -n "$ik" || ! test -f "$T/kkilled" || ik=$i
      test -n "$ir" || ! test -f "$T/krestarted" || ir=$i
      echo "k $i" > "$FIFO" 2>/dev/null || f=$((f + 1))
    done
    echo "$i $f ${ik:-0} ${ir:-0}" > "$T/k.done"
  ) &
  kpid=$! ; bgpids="$bgpids $kpid"
  waituntil 10 atleast 200 '^k [0-9]*$' || notok "the kill writer is writing"
  kill -KILL "$rpid"
  touch "$T/kkilled"
  tk=`date +%s`
  if waituntil 10 restarted ; then
    touch "$T/krestarted"
    rpid2=`pid_of "$S"`
    ok "supervisor restarted the reader after SIGKILL (pid $rpid -> $rpid2, $((`date +%s` - tk))s)"
  else
    notok "supervisor restarted the reader after SIGKILL"
    kill -KILL $kpid
    exit 1
  fi
  # let the writer go on behind the new reader for a while, then stop it
  n0=`count '^k [0-9]*$'`
  check "lines flow again after the restart" waituntil 10 atleast $((n0 + 200)) '^k [0-9]*$'
  touch "$T/kstop"
  wait $kpid
  read kwritten kfailed kik kir < "$T/k.done"
  waitcount $((kwritten - kfailed)) '^k [0-9]*$' || :
  klogged=`logged | grep '^k [0-9]*$' | sort -u | wc -l`
  kdup=`logged | grep '^k [0-9]*$' | sort | uniq -d | wc -l`
  klost=$((kwritten - kfailed - klogged))
  # lines written between the kill and the restart being seen
  kwin=$((kir - kik))
  kwinlogged=`logged | grep '^k [0-9]*$' | sort -u | awk -v a="$kik" -v b="$kir" '$2 + 0 >= a && $2 + 0 < b' | wc -l`
  echo "# kill test: $kwritten lines written, $kfailed refused (EPIPE), $klogged logged, $klost lost"
  echo "# between SIGKILL and restart: lines $kik..$((kir - 1)) ($kwin lines) written, $((kwin - kwinlogged)) of them lost"
  is "no line logged twice across the kill" "$kdup" 0
  is "no torn line across the kill" "`logged | grep '^k' | grep -vc '^k [0-9]*$'`" 0
  check "lines of one writer stay in order across the kill" in_order '^k [0-9]*$'
  check "at most one pipe buffer of lines lost in the kill window" test "$klost" -ge 0 -a "$klost" -le 16384
  t0=`date +%s`
  check "after the restart: 8 writers x 125 lines written" writers r 8 125
  waitcount 1000 '^r w' || :
  check "after the restart: all 1000 lines logged exactly once" exactly_once r 8 125
  echo "# 1000 lines after the restart: $((`date +%s` - t0))s"

  # 5. rotation: push 13 MiB through the template's s1048576 n10
  t0=`date +%s`
  # Each write is whole lines (40 of 99 bytes: under PIPE_BUF), as from
  # real log writers: maildrop-pipewatch ends a record at the end of a
  # write, so a line cut across two writes would be logged as two lines.
  awk 'BEGIN { for (i = 0; i < 130000; i++) { printf "bulk %08d ....................................................................................\n", i ; if (i % 40 == 39) fflush() } }' > "$FIFO"
  if waituntil 20 grep -q '^@[0-9a-f]* bulk 00129999 ' "$CUR" ; then ok "13 MiB pushed through ($((`date +%s` - t0))s)" ; else notok "13 MiB pushed through" ; fi
  narch=`ls "$S/log/main" | grep -c '^@.*\.s$'`
  echo "# archives kept: $narch"
  check "rotation happened: at least 8 archived @*.s files" test "$narch" -ge 8
  check "at most 10 archives kept (n10)" test "$narch" -le 10
  # multilog cuts at s exactly; s6-log and svlogd finish the buffer they
  # are writing, so they may go a few KiB over
  is "no log file is bigger than 1048576 bytes (s1048576) + ${SIZE_SLACK:=0}" "`find "$S/log/main" -name '[@c]*' -size +$((1048576 + SIZE_SLACK))c | wc -l`" 0
  check "the bulk lines kept are consecutive, none lost" consecutive '^bulk '
  is "reader survived the flood" "`pid_of "$S"`" "$rpid2"
  check "the restarted reader holds the FIFO open" holds_fifo "$rpid2"

  # 6. clean stop
  p_reader=`pid_of "$S"` ; p_logger=`pid_of "$S/log"`
  t0=`date +%s`
  scan_stop
  st=$?
  is "scanner stopped cleanly (`expr \`date +%s\` - $t0`s)" "$st" 0
  scanpid=
  check "reader process is gone" sh -c "! kill -0 $p_reader 2>/dev/null"
  check "logger process is gone" sh -c "! kill -0 $p_logger 2>/dev/null"
  is "the FIFO stays in place" "`stat -c %F "$FIFO"`" fifo
  echo "# total: `elapsed`s"
  done_testing
}
