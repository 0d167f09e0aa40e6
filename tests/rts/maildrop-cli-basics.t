# maildrop answers -v with its version (exit 0) and -h with its usage (exit 75).
. "$TOP/tests/lib.sh"
out=`maildrop -v` ; rc=$?
is "-v exits 0" "$rc" 0
case "$out" in "maildrop "*) ok "-v names maildrop" ;; *) notok "-v names maildrop" ;; esac
maildrop -h > /dev/null ; is "-h exits 75" "$?" 75
done_testing
