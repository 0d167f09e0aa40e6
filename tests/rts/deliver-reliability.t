# Reliability of the delivery engines: concurrent deliveries lose nothing;
# a delivery killed (SIGKILL) at any point never leaves a partial message
# visible; a full disk fails cleanly with the mbox cut back byte-identical.
# A small LD_PRELOAD shim, built here, stops the deliverer at exact points
# (after N bytes, after the link into new/, before the dot-lock removal)
# or makes write() fail with ENOSPC after N bytes.
. "$TOP/tests/lib.sh"
: "${B:=$TOP/build}"
DRV=$B/tests/t-mbox
test -x "$DRV" || skip_all "no $DRV (make tests)"
command -v cc > /dev/null 2>&1 || skip_all "no C compiler for the shim"
mktmp
# the sanitizer runtime wants to be first; the shim only wraps libc calls
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" ; export ASAN_OPTIONS

cat > $T/shim.c <<'EOC'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
static long long done = 0 ;
static int targeted (int fd)
{
  char const *want = getenv("SHIM_FILE") ;
  char p[64], buf[4096] ;
  ssize_t n ;
  if (!want || fd < 3) return 0 ;
  snprintf(p, sizeof p, "/proc/self/fd/%d", fd) ;
  n = readlink(p, buf, sizeof buf - 1) ;
  if (n < 0) return 0 ;
  buf[n] = 0 ;
  return !strncmp(buf, want, strlen(want)) ;
}
ssize_t write (int fd, void const *s, size_t n)
{
  static ssize_t (*real) (int, void const *, size_t) ;
  if (!real) real = (ssize_t (*)(int, void const *, size_t))dlsym(RTLD_NEXT, "write") ;
  if (targeted(fd))
  {
    char const *e = getenv("SHIM_ENOSPC_AFTER"), *st = getenv("SHIM_STOP_AFTER") ;
    ssize_t r ;
    if (e)
    {
      long long lim = atoll(e) ;
      if (done >= lim) { errno = ENOSPC ; return -1 ; }
      if (done + (long long)n > lim) n = lim - done ;
    }
    if (st && done + (long long)n > atoll(st))
    {
      long long k = atoll(st) - done ;
      if (k > 0) { r = real(fd, s, k) ; if (r > 0) done += r ; }
      kill(getpid(), SIGSTOP) ;
      for (;;) pause() ;
    }
    r = real(fd, s, n) ;
    if (r > 0) done += r ;
    return r ;
  }
  return real(fd, s, n) ;
}
int link (char const *a, char const *b)
{
  static int (*real) (char const *, char const *) ;
  int r ;
  if (!real) real = (int (*)(char const *, char const *))dlsym(RTLD_NEXT, "link") ;
  r = real(a, b) ;
  if (getenv("SHIM_STOP_LINK") && strstr(b, getenv("SHIM_STOP_LINK"))) { kill(getpid(), SIGSTOP) ; for (;;) pause() ; }
  return r ;
}
int unlink (char const *p)
{
  static int (*real) (char const *) ;
  size_t n = strlen(p) ;
  if (!real) real = (int (*)(char const *))dlsym(RTLD_NEXT, "unlink") ;
  if (getenv("SHIM_STOP_UNLINK") && n > 5 && !strcmp(p + n - 5, ".lock")) { kill(getpid(), SIGSTOP) ; for (;;) pause() ; }
  return real(p) ;
}
EOC
cc -shared -fPIC -o $T/shim.so $T/shim.c -ldl || skip_all "cannot build the shim"
SHIM=$T/shim.so

# stopped PID: wait until the process is in state T (stopped by the shim)
stopped () { case `ps -o stat= -p $1 2> /dev/null` in T*) return 0 ;; esac ; return 1 ; }
# killat PID: wait for the stop, then SIGKILL; fails if it never stopped
killat ()
{
  waituntil 20 stopped $1 || { kill -9 $1 2> /dev/null ; wait $1 2> /dev/null ; return 1 ; }
  kill -9 $1 ; wait $1 2> /dev/null
  return 0
}

mkmsg () # N LINES: a message whose lines all name N
{
  echo "Subject: message $1" ; echo
  j=0 ; while test $j -lt $2 ; do echo "line $1 $j of $2" ; j=$((j + 1)) ; done
}

# ---- 60 concurrent mbox deliveries -------------------------------------
i=0 ; while test $i -lt 60 ; do mkmsg $i 40 > $T/m.$i ; i=$((i + 1)) ; done
i=0 ; while test $i -lt 60 ; do LOCKSLEEP=1 $DRV deliver mbox $T/cmb < $T/m.$i & i=$((i + 1)) ; done
wait
is "60 concurrent mbox deliveries: 60 From_ lines" "`grep -c '^From sender@example.org ' $T/cmb`" 60
# every message whole and unmixed: From_, Subject, blank, 40 own lines, blank
bad=`awk '
  /^From sender@example.org / { if (n) check() ; n = 1 ; id = "" ; cnt = 0 ; next }
  /^Subject: message / { id = $3 ; next }
  /^line / { if ($2 != id) mixed++ ; cnt++ ; next }
  { next }
  function check () { if (cnt != 40 || id == "") broken++ ; seen[id]++ }
  END { check() ; for (k in seen) if (seen[k] != 1) dup++ ; print mixed + broken + dup + 0 ; }' $T/cmb`
is "60 concurrent mbox deliveries: every message whole, none mixed, none twice" "$bad" 0
check "60 concurrent mbox deliveries: no lock left" test ! -e $T/cmb.lock

# ---- 200 concurrent maildir deliveries ---------------------------------
mkdir -p $T/CM/tmp $T/CM/new $T/CM/cur
printf '100000000S\n           0            0\n' > $T/CM/maildirsize
i=0 ; while test $i -lt 200 ; do mkmsg $i 20 > $T/d.$i ; i=$((i + 1)) ; done
i=0 ; while test $i -lt 200 ; do deliverquota $T/CM < $T/d.$i & i=$((i + 1)) ; done
wait
is "200 concurrent maildir deliveries: 200 files" "`ls $T/CM/new | wc -l | tr -d ' '`" 200
bad=0
for f in $T/CM/new/* ; do
  n=`sed -n 's/^Subject: message //p' "$f"`
  cmp -s "$f" $T/d.$n || bad=$((bad + 1))
done
is "200 concurrent maildir deliveries: each file is its message" "$bad" 0
is "200 concurrent maildir deliveries: distinct messages" "`cat $T/CM/new/* | grep -c '^Subject: '`/`cat $T/CM/new/* | grep '^Subject: ' | sort -u | wc -l | tr -d ' '`" "200/200"
is "200 concurrent maildir deliveries: tmp/ empty" "`ls $T/CM/tmp | wc -l | tr -d ' '`" 0
maildirmake -q 100000000S $T/CM
is "200 concurrent maildir deliveries: a recount finds 200 messages" "`sed -n 2p $T/CM/maildirsize | awk '{print $2}'`" 200

# ---- SIGKILL during a 50 MB maildir delivery ---------------------------
{ echo "Subject: big" ; echo ; head -c 49300000 /dev/zero | tr '\0' 'x' | fold -w 75 ; echo ; } > $T/big
size=`wc -c < $T/big | tr -d ' '`
for point in 1 1000000 25000000 49000000 link ; do
  rm -rf $T/KM ; mkdir -p $T/KM/tmp $T/KM/new $T/KM/cur
  if test $point = link ; then
    env LD_PRELOAD=$SHIM SHIM_STOP_LINK=/new/ deliverquota $T/KM < $T/big & pid=$!
  else
    env LD_PRELOAD=$SHIM SHIM_FILE=$T/KM/tmp/ SHIM_STOP_AFTER=$point deliverquota $T/KM < $T/big & pid=$!
  fi
  if killat $pid ; then
    n=`ls $T/KM/new | wc -l | tr -d ' '`
    if test $point = link ; then
      check "maildir killed after the link: the message is whole in new/" sh -c "test $n = 1 && cmp -s $T/big $T/KM/new/*"
    else
      is "maildir killed after $point bytes: nothing in new/ or cur/" "$n`ls $T/KM/cur | wc -l | tr -d ' '`" 00
    fi
  else
    notok "maildir kill point $point was never reached"
  fi
done

# ---- SIGKILL during a 50 MB mbox delivery into a non-empty mbox --------
rm -f $T/old
mkmsg a 3 | $DRV deliver mbox $T/old ; mkmsg b 3 | $DRV deliver mbox $T/old
oldsize=`wc -c < $T/old | tr -d ' '`
mkmsg small 2 > $T/small
for point in 1 100 1000000 25000000 49000000 unlink ; do
  cp $T/old $T/kmb
  if test $point = unlink ; then
    env LD_PRELOAD=$SHIM SHIM_STOP_UNLINK=1 $DRV deliver mbox $T/kmb < $T/big & pid=$!
  else
    env LD_PRELOAD=$SHIM SHIM_FILE=$T/kmb SHIM_STOP_AFTER=$point $DRV deliver mbox $T/kmb < $T/big & pid=$!
  fi
  if killat $pid ; then
    check "mbox killed at $point: the stale lock is left" test -e $T/kmb.lock
    LOCKSLEEP=1 $DRV deliver mbox $T/kmb < $T/small
    # after the next delivery: old messages, then the small one only
    # (the killed delivery never reported success, so cutting a whole
    # copy is right: the MTA will retry it)
    check "mbox killed at $point: next delivery cut the partial message" \
      sh -c "head -c $oldsize $T/kmb | cmp -s - $T/old && test \"\`tail -c +\$(($oldsize + 1)) $T/kmb | grep -c '^From '\`\" = 1 && tail -n 4 $T/kmb | head -n 3 | grep -q 'line small 1 of 2'"
  else
    notok "mbox kill point $point was never reached"
  fi
done
# lockmail, too, repairs when it breaks the dead writer's lock
cp $T/old $T/kmb
env LD_PRELOAD=$SHIM SHIM_FILE=$T/kmb SHIM_STOP_AFTER=25000000 $DRV deliver mbox $T/kmb < $T/big & pid=$!
if killat $pid ; then
  got=`lockmail $T/kmb sh -c "wc -c < $T/kmb" | tr -d ' '`
  is "lockmail after a killed writer: the mbox is cut back to its old size" "$got" "$oldsize"
  check "lockmail after a killed writer: byte-identical" cmp -s $T/kmb $T/old
else
  notok "lockmail kill point never reached"
fi

# ---- SIGTERM (the watchdog's way) mid-delivery: cleanup at once --------
cp $T/old $T/tmb
env LD_PRELOAD=$SHIM SHIM_FILE=$T/tmb SHIM_STOP_AFTER=25000000 $DRV deliver mbox $T/tmb < $T/big & pid=$!
if waituntil 20 stopped $pid ; then
  kill -TERM $pid ; kill -CONT $pid ; wait $pid ; rc=$?
  is "mbox TERM mid-append: exit 75" "$rc" 75
  check "mbox TERM mid-append: cut back byte-identical, lock removed" sh -c "cmp -s $T/tmb $T/old && test ! -e $T/tmb.lock"
else
  notok "mbox TERM point never reached" ; kill -9 $pid
fi
rm -rf $T/TM ; mkdir -p $T/TM/tmp $T/TM/new $T/TM/cur
env LD_PRELOAD=$SHIM SHIM_FILE=$T/TM/tmp/ SHIM_STOP_AFTER=25000000 deliverquota $T/TM < $T/big & pid=$!
if waituntil 20 stopped $pid ; then
  kill -TERM $pid ; kill -CONT $pid ; wait $pid ; rc=$?
  is "maildir TERM mid-write: exit 75" "$rc" 75
  is "maildir TERM mid-write: tmp/ and new/ empty" "`ls $T/TM/tmp $T/TM/new | grep -vc ':$' | tr -d ' '`" 1
else
  notok "maildir TERM point never reached" ; kill -9 $pid
fi

# ---- disk full ----------------------------------------------------------
for n in 0 10 100000 49900000 ; do
  cp $T/old $T/fmb
  env LD_PRELOAD=$SHIM SHIM_FILE=$T/fmb SHIM_ENOSPC_AFTER=$n $DRV deliver mbox $T/fmb < $T/big 2> $T/err ; rc=$?
  is "mbox ENOSPC after $n bytes: failure (75)" "$rc" 75
  check "mbox ENOSPC after $n bytes: truncated back byte-identical, lock gone" sh -c "cmp -s $T/fmb $T/old && test ! -e $T/fmb.lock"
done
is "mbox ENOSPC: the reference's note" "`cat $T/err`" "maildrop: error writing to mailbox."
rm -rf $T/FM ; mkdir -p $T/FM/tmp $T/FM/new $T/FM/cur
env LD_PRELOAD=$SHIM SHIM_FILE=$T/FM/tmp/ SHIM_ENOSPC_AFTER=1000000 deliverquota $T/FM < $T/big 2> /dev/null ; rc=$?
is "maildir ENOSPC: 75" "$rc" 75
is "maildir ENOSPC: nothing in new/ nor tmp/" "`ls $T/FM/new $T/FM/tmp | grep -vc ':$' | tr -d ' '`" 1
done_testing
