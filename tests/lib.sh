# tests/lib.sh: helpers for the shell tests.  Source it: . "$TOP/tests/lib.sh"
# Every test gets TOP and CMD from tests/run; defaults make a test runnable
# by hand from the top of the tree: sh tests/rts/foo.t

: "${TOP:=`pwd`}" "${CMD:=$TOP/command}"
export TOP CMD
PATH=$CMD:$PATH
export PATH

tap_n=0 ; tap_failed=0
ok () { tap_n=$((tap_n + 1)) ; echo "ok $tap_n - $*" ; }
notok () { tap_n=$((tap_n + 1)) ; tap_failed=1 ; echo "not ok $tap_n - $*" ; }
skiptest () { tap_n=$((tap_n + 1)) ; echo "ok $tap_n - $1 # SKIP $2" ; }
# check DESC CMD...: ok if CMD succeeds
check () { d=$1 ; shift ; if "$@" ; then ok "$d" ; else notok "$d" ; fi ; }
# is DESC GOT WANT
is () { if test "x$2" = "x$3" ; then ok "$1" ; else notok "$1" ; echo "#   got: [$2]" ; echo "#  want: [$3]" ; fi ; }
done_testing () { exit $tap_failed ; }
skip_all () { echo "$*" ; exit 77 ; }
die () { echo "fatal: $*" >&2 ; exit 111 ; }

# mktmp: a private temporary directory, removed on exit
mktmp ()
{
  T=`mktemp -d "${TMPDIR:-/tmp}/mds-test.XXXXXX"` || die "mktemp"
  trap 'rm -rf "$T"' EXIT
  trap 'exit 1' HUP INT TERM
}

# viewfilter FILE: a filter that prints every header line, body line and
# line of a header+body scan of the message, as the view shows them
# (escape() first, so that echo's backslash processing gives them back
# as seen), then exits without delivering
viewfilter ()
{
  cat > "$1" <<'EOF'
foreach /^.*$/:h
{
  X=escape($MATCH)
  echo "H[$X]"
}
foreach /^.*$/:b
{
  X=escape($MATCH)
  echo "B[$X]"
}
foreach /^.*$/:hb
{
  X=escape($MATCH)
  echo "X[$X]"
}
exit
EOF
  chmod 600 "$1"
}

# waituntil SECONDS CMD...: poll CMD every 50 ms until it succeeds
waituntil ()
{
  w_limit=$(($1 * 20)) ; shift
  while ! "$@" ; do
    w_limit=$((w_limit - 1))
    test $w_limit -gt 0 || return 1
    sleep 0.05
  done
}

# mask_tai64n / mask_iso: hide timestamps of multilog t / s6-log T lines
mask_tai64n () { sed 's/^@[0-9a-f]\{24\} /@TAI64N /' ; }
mask_iso () { sed 's/^[0-9-]\{10\} [0-9:.]\{18\}  /ISO /' ; }

# ensure_user NAME: create a system user for tests (root only); 77 otherwise
ensure_user ()
{
  id "$1" >/dev/null 2>&1 && return 0
  test "`id -u`" = 0 || skip_all "not root: cannot create user $1"
  useradd -r -M -d /nonexistent -s /bin/sh "$1" >/dev/null 2>&1 || id "$1" >/dev/null 2>&1 || die "useradd $1"
}
