# maildrop privileges: delivery mode becomes the user completely (ids and
# groups); a set-gid installation keeps no extra group; a symbolic link
# never lets a filter write where the user could not.
: "${TOP:=`pwd`}"
. "$TOP/tests/rts/maildrop-lib.sh"
mktmp
have_lang || skip_all "needs the filter language"
test "`id -u`" = 0 || skip_all "not root"
chmod 755 "$T"
H=$T/home
mkuser mdsrtpriv "$H"
mkdir "$H" ; chown mdsrtpriv "$H" ; chmod 755 "$H"
uid=`id -u mdsrtpriv` ; gid=`id -g mdsrtpriv` ; groups=`id -G mdsrtpriv`

mf () { printf '%s\n' "$1" > "$H/.mailfilter" ; chown mdsrtpriv "$H/.mailfilter" ; chmod 600 "$H/.mailfilter" ; }

mf "system \"id -u > $H/ids; id -g >> $H/ids; id -G >> $H/ids\"
exit"
echo "Subject: x" | "$MD" -d mdsrtpriv ; rc=$?
is "delivery mode: exit 0" $rc 0
is "delivery mode: uid, gid and groups are the user's" "`cat "$H/ids" 2>/dev/null | tr '\n' ' '`" "$uid $gid $groups "

# a link to a file only root may write: the delivery fails, the file is intact
echo "root data" > "$T/rootonly" ; chmod 644 "$T/rootonly"
ln -s "$T/rootonly" "$H/link"
mf 'to "link"'
echo "Subject: x" | "$MD" -d mdsrtpriv > /dev/null 2>&1 ; rc=$?
is "to a link to a root file: 75" $rc 75
is "the root file is intact" "`cat "$T/rootonly"`" "root data"
mf 'logfile "link"
exit'
echo "Subject: x" | "$MD" -d mdsrtpriv > /dev/null 2>&1 ; rc=$?
is "logfile through a link to a root file: 75" $rc 75
is "the root file is still intact" "`cat "$T/rootonly"`" "root data"

# a set-gid copy: manual mode as the user keeps no trace of the group
# (not with the sanitizer build: LeakSanitizer cannot run set-gid)
if ldd "$MD" 2>/dev/null | grep -q libasan ; then
  skiptest "set-gid copy" "sanitizer build"
else
  cp "$MD" "$T/md-sgid" ; chgrp mail "$T/md-sgid" ; chmod 2755 "$T/md-sgid"
  printf 'system "id -g ; id -G"\nexit\n' > "$T/f" ; chown mdsrtpriv "$T/f" ; chmod 600 "$T/f"
  out=`echo "Subject: x" | runuser -u mdsrtpriv -- "$T/md-sgid" "$T/f" | tr '\n' ' '`
  is "set-gid copy, manual mode: no mail group" "$out" "$gid $groups "
  echo "mail data" > "$T/mailonly" ; chgrp mail "$T/mailonly" ; chmod 660 "$T/mailonly"
  printf 'to "%s"\n' "$T/mailonly" > "$T/f"
  echo "Subject: x" | runuser -u mdsrtpriv -- "$T/md-sgid" "$T/f" > /dev/null 2>&1 ; rc=$?
  is "set-gid copy: a mail-group file is not writable" "$rc:`cat "$T/mailonly"`" "75:mail data"
  mf 'exit'
  echo "Subject: x" | runuser -u mdsrtpriv -- "$T/md-sgid" -d mdsrtpriv ; rc=$?
  is "set-gid copy, delivery mode for oneself: exit 0" $rc 0
fi

# -c in delivery mode: /etc/maildroprc and .mailfilter are checked, no
# message is read (stdin is a FIFO nobody writes to)
mkfifo "$T/nowriter" ; chmod 644 "$T/nowriter"
mf 'if (/x/)
{
  to "y"'
timeout 5 "$MD" -c -d mdsrtpriv < /dev/null > "$T/out" 2>&1 ; rc=$?
is "-c -d: syntax error gives 75" $rc 75
check "-c -d: reported as .mailfilter(line)" grep -q '^.mailfilter([0-9]*): ' "$T/out"
mf 'exit'
( exec 3> "$T/nowriter" ; sleep 10 ) &
wpid=$!
timeout 5 "$MD" -c -d mdsrtpriv < "$T/nowriter" ; rc=$?
kill $wpid 2>/dev/null
is "-c -d: clean files give 0 (and no message read)" $rc 0
done_testing
