# tests/rts/maildrop-lib.sh: helpers for the maildrop-*.t tests (sourced).
. "$TOP/tests/lib.sh"
ORACLE=/usr/bin/maildrop
MD=$CMD/maildrop

# have_oracle: 0 if the Courier binary is there
have_oracle () { test -x "$ORACLE" ; }

# have_lang: the filter language has landed (the placeholder refuses all)
have_lang ()
{
  printf 'exit\n' > "$T/.probe" && chmod 600 "$T/.probe"
  echo x | "$MD" "$T/.probe" >/dev/null 2>&1
}

# norm BIN: stderr/stdout normalisation: argv0 -> maildrop, authlib noise out
norm () { sed -e "s|^$1:|maildrop:|" -e '/^ERR: authdaemon/d' ; }

# both OUTFILE ARGS...: run ours and the oracle with the same stdin file
# ($IN, default /dev/null) and arguments, as $AS (a user, or empty for
# the current one).  Sets rc_ours rc_ref and writes $T/ours.{out,err}
# and $T/ref.{out,err}, normalised.
both ()
{
  for w in ours ref ; do
    if test $w = ours ; then b=$MD ; else b=$ORACLE ; fi
    if test -n "$AS" ; then
      (cd "${RUNDIR:-$T}" && runuser -u "$AS" -- "$b" "$@" < "${IN:-/dev/null}" > "$T/$w.out.raw" 2> "$T/$w.err.raw")
    else
      (cd "${RUNDIR:-$T}" && "$b" "$@" < "${IN:-/dev/null}" > "$T/$w.out.raw" 2> "$T/$w.err.raw")
    fi
    eval rc_$w=\$?
    norm "$b" < "$T/$w.out.raw" > "$T/$w.out"
    norm "$b" < "$T/$w.err.raw" > "$T/$w.err"
  done
}

# same DESC: ours and the oracle agree on exit code, stdout and stderr
same ()
{
  if test "$rc_ours" = "$rc_ref" && cmp -s "$T/ours.out" "$T/ref.out" && cmp -s "$T/ours.err" "$T/ref.err" ; then
    ok "$1 (rc $rc_ours)"
  else
    notok "$1"
    echo "#  ours rc=$rc_ours: `cat "$T/ours.err" | head -3`"
    echo "#  ref  rc=$rc_ref: `cat "$T/ref.err" | head -3`"
  fi
}

# mkuser NAME HOME: a test user whose home is HOME (root only)
mkuser ()
{
  test "`id -u`" = 0 || skip_all "not root: cannot create user $1"
  if id "$1" >/dev/null 2>&1 ; then
    usermod -d "$2" "$1" >/dev/null 2>&1 || die "usermod $1"
  else
    useradd -r -M -d "$2" -s /bin/sh "$1" >/dev/null 2>&1 || die "useradd $1"
  fi
}
