# maildrop's spool group: a set-gid (or root-started) maildrop keeps the
# spool directory's group only as saved set-group-ID and uses it only for
# the compiled-in spool of the user (MDS_DEFAULTMBOX/<login>): the
# default delivery works in a root:mail 2775 spool, a symbolic or hard
# link there is refused, and every other file is opened without the group.
# The spool directory is compiled in, so a private copy of maildrop is
# built with conf-defaultmbox pointing into the temporary directory.
: "${TOP:=`pwd`}"
. "$TOP/tests/rts/maildrop-lib.sh"
test "`id -u`" = 0 || skip_all "not root"
getent group mail > /dev/null || skip_all "no group mail"
ldd "$MD" 2>/dev/null | grep -q libasan && skip_all "sanitizer build: the private copy is a plain build, run once"
mktmp
have_lang || skip_all "needs the filter language"
chmod 755 "$T"
S=$T/spool H=$T/home
mail=`getent group mail | cut -d: -f3`

# the private copy: only the maildrop binary, same sources and flags
mkdir "$T/tree"
(cd "$TOP" && tar cf - Makefile package conf-home conf-compile src) | (cd "$T/tree" && tar xf -) || die "copy"
echo "$S" > "$T/tree/conf-compile/conf-defaultmbox"
(cd "$T/tree" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -j4 B=build CMD=command EXTRA_CFLAGS= EXTRA_LDFLAGS= command/maildrop) > "$T/build.log" 2>&1 || { cat "$T/build.log" ; die "build" ; }
PLAIN=$T/tree/command/maildrop
SG=$T/md-sgid
cp "$PLAIN" "$SG" && chgrp mail "$SG" && chmod 2755 "$SG" || die "set-gid copy"

mkdir "$S" && chown root:mail "$S" && chmod 2775 "$S" || die "spool"
mkuser mdsspool "$H"
ensure_user mdsspool2
mkdir "$H" && chown mdsspool "$H" && chmod 755 "$H" || die "home"
uid=`id -u mdsspool` ; gid=`id -g mdsspool`
box=$S/mdsspool

mf () { printf '%s\n' "$1" > "$H/.mailfilter" ; chown mdsspool "$H/.mailfilter" ; chmod 600 "$H/.mailfilter" ; }
# deliver SUBJECT [maildrop]: as the user through the set-gid copy
deliver ()
{
  printf 'From: a@b\nSubject: %s\n\nbody\n' "$1" | runuser -u mdsspool -- "${2:-$SG}" -d mdsspool > "$T/out" 2>&1
}
count () { grep -c "^Subject: $1\$" "$box" 2>/dev/null ; }

# 1. the default delivery of an ordinary user, no .mailfilter
deliver one ; rc=$?
is "default delivery through the set-gid copy: exit 0" $rc 0
is "the spool file is the user's, mode 0600, one message" "`stat -c '%u %a' "$box" 2>/dev/null` `count one`" "$uid 600 1"
check "no lock file left" test ! -e "$box.lock"
deliver two ; rc=$?
is "a second delivery appends" "$rc `grep -c '^From ' "$box"`" "0 2"
deliver three "$PLAIN" ; rc=$?
is "the plain copy run by the user cannot lock the spool: 75" $rc 75
printf 'Subject: four\n\nx\n' | "$PLAIN" -d mdsspool ; rc=$?
is "the plain copy run by root: the spool directory's group is used" "$rc `count four`" "0 1"
printf 'Subject: five\n\nx\n' | "$SG" -d mdsspool ; rc=$?
is "the set-gid copy run by root" "$rc `count five`" "0 1"

# 2. while the filter runs the group is only the saved set-group-ID
mf 'cc "$DEFAULT"
system '"'"'grep ^Gid: /proc/$PPID/status > gids'"'"'
to "$DEFAULT"'
deliver six ; rc=$?
is "cc and to \$DEFAULT from the filter: exit 0" "$rc `count six`" "0 2"
is "after cc, during the filter: real, effective, saved, fs gid" "`tr -s ' \t' ' ' < "$H/gids"`" "Gid: $gid $gid $mail $gid"
rm -f "$H/gids"
mf 'system '"'"'grep ^Gid: /proc/$PPID/status > '"$H"'/gids'"'"'
exit'
printf 'Subject: x\n\nx\n' | runuser -u mdsspool -- "$SG" "$H/.mailfilter" > /dev/null 2>&1
is "manual mode: the group is dropped completely" "`tr -s ' \t' ' ' < "$H/gids"`" "Gid: $gid $gid $gid $gid"
rm -f "$H/gids"

# 3. a stale lock of a dead process is broken (unlinking it needs the group)
sh -c 'echo $$' > "$box.lock" ; chmod 644 "$box.lock"
mf ''
deliver seven ; rc=$?
is "a stale spool lock is broken" "$rc `count seven`" "0 1"
check "and removed" test ! -e "$box.lock"

# 4. links in the spool are refused, the other file untouched
victim=$S/mdsspool2
printf 'victim data\n' > "$victim" ; chown mdsspool2:mail "$victim" ; chmod 660 "$victim"
mv "$box" "$T/saved"
ln -s "$victim" "$box"
deliver eight ; rc=$?
is "symbolic link to another user's spool: 75" $rc 75
check "with a clear message" grep -q "mdsspool: not a regular file of the user with one link: delivery refused" "$T/out"
is "the other spool is untouched" "`cat "$victim"`" "victim data"
rm -f "$box" ; ln "$victim" "$box"
deliver nine ; rc=$?
is "hard link to another user's spool: 75, untouched" "$rc:`cat "$victim"`" "75:victim data"
rm -f "$box" ; mv "$T/saved" "$box" ; ln "$box" "$T/second"
deliver ten ; rc=$?
is "the user's own spool with two links: 75, nothing written" "$rc `count ten`" "75 0"
rm -f "$T/second"
rm -f "$box" ; mkdir "$box" ; chown mdsspool "$box"
deliver eleven ; rc=$?
is "a directory in place of the spool: 75" $rc 75
rmdir "$box"

# 5. the group is for that one path only
mf "DEFAULT=\"$victim\""
deliver twelve ; rc=$?
is "DEFAULT naming another spool file: 75, untouched" "$rc:`cat "$victim"`" "75:victim data"
ln -s "$victim" "$H/link"
mf "to \"$H/link\""
deliver twelve ; rc=$?
is "a link in the home to another spool file: 75, untouched" "$rc:`cat "$victim"`" "75:victim data"
mf "DEFAULT=\"$S//mdsspool\""
deliver thirteen ; rc=$?
is "the own spool spelt differently: no group, 75" "$rc `test -e "$box" && echo exists`" "75 "
mf "logfile \"$S/log\""
deliver fourteen ; rc=$?
is "a log file in the spool directory is opened without the group: 75" "$rc `test -e "$S/log" && echo exists`" "75 "
mf "dotlock \"$S/lk\" {
}"
deliver fifteen ; rc=$?
is "a dotlock statement in the spool directory: no group, 75" $rc 75
mf 'LOCKEXT=".x"'
deliver sixteen ; rc=$?
is "LOCKEXT does not move the spool lock (the default one is used)" "$rc `count sixteen` `ls "$S" | grep -c '\.x$'`" "0 1 0"
done_testing
