# deliverquota (TOOL-04): delivery, names, quota (TOOL-05, DLV-11),
# warnings (CLI-08), -c, exit codes 0/73/75/77.
. "$TOP/tests/lib.sh"
mktmp
umask 022
host=`hostname | sed 's#/#\\\\057#g;s#:#\\\\072#g'`
printf 'Subject: hi\n\nbody\n' > $T/msg       # 18 bytes
mkmd () { mkdir -p "$1/tmp" "$1/new" "$1/cur" ; }
count () { ls "$1" | wc -l | tr -d ' ' ; }

deliverquota > $T/out 2> $T/err ; rc=$?
is "no argument: exit 73" "$rc" 73
check "no argument: usage on stderr" grep -q '^Usage: deliverquota' $T/err
deliverquota a b c < $T/msg > /dev/null 2>&1 ; is "three arguments: 73" "$?" 73
deliverquota -w x $T/M < $T/msg > /dev/null 2>&1 ; is "-w not a number: 73" "$?" 73
deliverquota -z $T/M < $T/msg > /dev/null 2>&1 ; is "unknown option: 73" "$?" 73

mkmd $T/M
deliverquota $T/M < $T/msg ; is "delivery: exit 0" "$?" 0
f=`ls $T/M/new`
check "name: <sec>.M<usec>P<pid>V<dev>I<ino>.<host>,S=<size>, no _<n>" \
  sh -c "echo '$f' | grep -Eq '^[0-9]+\.M[0-9]+P[0-9]+V[0-9A-F]{16}I[0-9A-F]{16}\.$host,S=18\$'"
check "content unchanged" cmp -s $T/msg "$T/M/new/$f"
is "tmp/ empty" "`count $T/M/tmp`" 0
is "mode 0666 less the umask" "`stat -c %a "$T/M/new/$f"`" 644
( umask 077 ; deliverquota $T/M < $T/msg )
is "umask 077 gives 0600" "`ls -l $T/M/new | grep -c '^-rw------- '`" 1
printf 'a\r\nb\0c\n' > $T/bin
deliverquota $T/M < $T/bin
check "CR and NUL bytes kept" sh -c "cmp -s $T/bin $T/M/new/*,S=7"

deliverquota $T/none < $T/msg > /dev/null 2> $T/err ; rc=$?
is "missing maildir: 75" "$rc" 75
is "missing maildir: message" "`cat $T/err`" "$T/none: No such file or directory"
mkdir $T/plain
deliverquota $T/plain < $T/msg > /dev/null 2>&1 ; is "directory that is not a maildir: 75" "$?" 75

deliverquota -c $T/deep/er/M < $T/msg ; rc=$?
is "-c: exit 0" "$rc" 0
check "-c: parents, tmp new cur made" test -d $T/deep/er/M/tmp -a -d $T/deep/er/M/cur -a "`count $T/deep/er/M/new`" = 1
deliverquota -c $T/deep/er/M < $T/msg ; is "-c on an existing maildir: 0" "$?" 0

mkmd $T/Q
printf '40S,5C\n           0            0\n' > $T/Q/maildirsize
deliverquota $T/Q < $T/msg ; is "under quota: 0" "$?" 0
is "maildirsize line appended" "`sed -n 3p $T/Q/maildirsize`" "          18            1"
deliverquota $T/Q < $T/msg ; is "36 of 40 bytes: 0" "$?" 0
deliverquota $T/Q < $T/msg > $T/out 2> $T/err ; rc=$?
is "over quota: 77" "$rc" 77
is "over quota: message" "`cat $T/err`" "Mail quota exceeded."
is "over quota: nothing delivered" "`count $T/Q/new``count $T/Q/tmp`" 20
rm $T/Q/new/*
printf '40S,5C\n           0            0\n          18            1\n          18            1\n' > $T/Q/maildirsize
deliverquota $T/Q < $T/msg ; is "messages deleted: recounted, delivered" "$?" 0
is "recounted maildirsize" "`head -2 $T/Q/maildirsize | tail -1`" "           0            0"

mkmd $T/C
printf '1000S,2C\n           0            0\n' > $T/C/maildirsize
deliverquota $T/C < $T/msg ; deliverquota $T/C < $T/msg
deliverquota $T/C < $T/msg 2> /dev/null ; is "count quota: third message 77" "$?" 77

mkmd $T/O
deliverquota $T/O 30S < $T/msg ; is "quota argument: 0" "$?" 0
is "quota argument writes maildirsize" "`head -1 $T/O/maildirsize`" "30S"
deliverquota $T/O 30S < $T/msg 2> /dev/null ; is "quota argument enforced: 77" "$?" 77
deliverquota $T/O 1000S < $T/msg ; is "a new quota argument rewrites maildirsize" "$?`head -1 $T/O/maildirsize`" "01000S"

mkmd $T/P ; mkmd $T/P/.Sub ; : > $T/P/.Sub/maildirfolder
printf '20S\n           0            0\n' > $T/P/maildirsize
deliverquota $T/P/.Sub < $T/msg ; is "folder: delivered" "$?`count $T/P/.Sub/new`" 01
is "folder: counted in the parent's maildirsize" "`sed -n 3p $T/P/maildirsize`" "          18            1"
check "folder: no maildirsize of its own" test ! -e $T/P/.Sub/maildirsize
deliverquota $T/P/.Sub < $T/msg 2> /dev/null ; is "folder: parent's quota enforced" "$?" 77

mkmd $T/W
printf '3000S,50C\n           0            0\n' > $T/W/maildirsize
printf 'Subject: quota\n\nYou are near your quota.\n' > $T/warnmsg
deliverquota -w 10 -W $T/warnmsg $T/W < $T/msg
is "-w 10 at 2%: no warning" "`ls $T/W/new | grep -c _warn`" 0
deliverquota -w 1 -W $T/nowarnfile $T/W < $T/msg
check "-w with a missing message file: no warning, no marker" test "`ls $T/W/new | grep -c _warn`" = 0 -a ! -e $T/W/quotawarn
deliverquota -w 1 -W $T/warnmsg $T/W < $T/msg
w=`ls $T/W/new | grep _warn`
check "-w 1: warning delivered as …_warn.<host>,S=<n>" sh -c "echo '$w' | grep -Eq '_warn\.$host,S=[0-9]+\$'"
check "-w 1: quotawarn marker" test -f $T/W/quotawarn
check "warning has Date and Message-Id first" sh -c "head -1 '$T/W/new/$w' | grep -q '^Date: ' && sed -n 2p '$T/W/new/$w' | grep -Eq '^Message-Id: <[0-9]+\.overquota@'"
check "warning text follows" sh -c "tail -n +3 '$T/W/new/$w' | cmp -s - $T/warnmsg"
deliverquota -w 1 -W $T/warnmsg $T/W < $T/msg
is "one warning a day" "`ls $T/W/new | grep -c _warn`" 1
mkmd $T/NQ
deliverquota -w 1 -W $T/warnmsg $T/NQ < $T/msg
is "-w without a quota: no warning" "`count $T/NQ/new`" 1

if test "`id -u`" = 0 && id nobody > /dev/null 2>&1 ; then
  mkmd $T/R ; chmod 755 $T $T/R $T/R/tmp
  runuser -u nobody -- $CMD/deliverquota $T/R < $T/msg > /dev/null 2> $T/err ; rc=$?
  is "tmp/ not writable: 75" "$rc" 75
  is "tmp/ not writable: message" "`cat $T/err`" "deliverquota: $T/R: Permission denied"
else
  skiptest "tmp/ not writable" "not root" ; skiptest "tmp/ not writable: message" "not root"
fi
done_testing
