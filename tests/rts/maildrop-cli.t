# maildrop command line, modes and the checks made before any filter runs
: "${TOP:=`pwd`}"
# (CLI-01..CLI-18), compared with the Courier binary when it is installed.
. "$TOP/tests/rts/maildrop-lib.sh"
mktmp
have_oracle || skip_all "no oracle $ORACLE"
chmod 755 "$T"

# -h, -v, bad arguments (CLI-01, CLI-10, CLI-11)
both -h ; same "-h: usage on stdout, 75"
both -x ; same "unknown option"
both - ; same "lone -"
both -D 1/1 ; same "-D is not compiled in"
both -t sock ; same "-t is not compiled in"
both -M "" ; same "-M '': usage, 75"
both -x -v ; same "bad option before -v"
out=`"$MD" -v` ; rc=$?
is "-v exits 0" $rc 0
case $out in maildrop*) ok "-v first line starts with maildrop" ;; *) notok "-v text" ;; esac
"$MD" -v -x > /dev/null 2>&1 ; is "-v acts at once" $? 0

# manual mode file checks (CLI-18)
both "$T/nonexistent" ; same "missing filter file: errno=2"
mkdir "$T/dir" ; both "$T/dir" ; same "filter is a directory"
printf 'exit\n' > "$T/ww" ; chmod 602 "$T/ww"
both "$T/ww" ; same "world-writable filter refused"

if test "`id -u`" = 0 ; then
  ensure_user mdsrtcli
  printf 'exit\n' > "$T/rootfile" ; chmod 644 "$T/rootfile"
  AS=mdsrtcli both "$T/rootfile" ; same "filter owned by another user"
  printf 'exit\n' > "$T/unread" ; chown mdsrtcli "$T/unread" ; chmod 000 "$T/unread"
  AS=mdsrtcli both "$T/unread" ; same "unreadable filter: errno=13"
  AS=mdsrtcli both -d root ; same "unprivileged -d root: cannot set ids"
  both -d mds-no-such-user ; same "unknown -d user: 67"
  AS=mdsrtcli both -d mds-no-such-user ; same "unknown -d user as a user: 67"

  # delivery mode home checks (CLI-16, CLI-17)
  H=$T/home
  mkuser mdsrtcli "$H"
  both -d mdsrtcli ; same "home missing"
  mkdir "$H" ; chown mdsrtcli "$H" ; chmod 757 "$H"
  both -d mdsrtcli ; same "home world-writable"
  chmod 755 "$H" ; chown root "$H"
  both -d mdsrtcli ; same "home owned by wrong user"
  chown mdsrtcli "$H" ; chmod 1755 "$H"
  both -d mdsrtcli ; same "sticky home: 75, silent"
  is "sticky home: no output at all" "`cat "$T/ours.err"`" ""
  chmod 755 "$H"
  if have_lang ; then
    printf 'exit\n' > "$H/.mailfilter" ; chown mdsrtcli "$H/.mailfilter" ; chmod 602 "$H/.mailfilter"
    both -d mdsrtcli ; same ".mailfilter world-writable"
    chmod 600 "$H/.mailfilter" ; chown root "$H/.mailfilter"
    both -d mdsrtcli ; same ".mailfilter owned by root"
    chown mdsrtcli "$H/.mailfilter" ; chmod 640 "$H/.mailfilter"
    (cd "$T" && "$MD" -d mdsrtcli < /dev/null > "$T/o" 2>&1) ; rc=$?
    is "stricter rule: group-readable .mailfilter refused" "$rc:`cat "$T/o"`" "75:$MD: Invalid permissions on the filter file - group or world access."
    rm -f "$H/.mailfilter"
  else
    skiptest ".mailfilter checks" "needs the filter language (/etc/maildroprc runs first)"
  fi

  # -M (CLI-04)
  mkdir "$H/.mailfilters" ; chown mdsrtcli "$H/.mailfilters" ; chmod 757 "$H/.mailfilters"
  both -d mdsrtcli -M foo ; same ".mailfilters world-writable"
  chmod 700 "$H/.mailfilters" ; chown root "$H/.mailfilters"
  both -d mdsrtcli -M foo ; same ".mailfilters owned by root"
  rmdir "$H/.mailfilters" ; touch "$H/.mailfilters"
  both -d mdsrtcli -M foo ; same ".mailfilters not a directory"
  rm "$H/.mailfilters" ; mkdir "$H/.mailfilters" ; chown mdsrtcli "$H/.mailfilters" ; chmod 700 "$H/.mailfilters"
  both -d mdsrtcli -M a-b-c ; same "-M with no filter file: exit 0 silently"
  is "-M with no filter: nothing printed" "`cat "$T/ours.err" "$T/ours.out"`" ""
  printf 'exit\n' > "$H/.mailfilters/x" ; chown mdsrtcli "$H/.mailfilters/x" ; chmod 602 "$H/.mailfilters/x"
  both -d mdsrtcli -M x ; same "-M file world-writable"
  rm "$H/.mailfilters/x"
  printf 'exit\n' > "$H/.mailfilters/a-default" ; chown mdsrtcli "$H/.mailfilters/a-default" ; chmod 602 "$H/.mailfilters/a-default"
  both -d mdsrtcli -M a-b-c ; same "-M a-b-c finds a-default"
  rm "$H/.mailfilters/a-default"
  printf 'exit\n' > "$H/.mailfilters/:::x" ; chown mdsrtcli "$H/.mailfilters/:::x" ; chmod 602 "$H/.mailfilters/:::x"
  both -d mdsrtcli -M ../x ; same "-M ../x is mangled to :::x"
  rm "$H/.mailfilters/:::x"
else
  skiptest "user and delivery-mode checks" "not root"
fi
done_testing
