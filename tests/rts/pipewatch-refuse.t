#!/bin/sh
# maildrop-pipewatch refuses a path that is a symlink, not a FIFO, or a
# FIFO that belongs to someone else, and never follows a symlink.
. "${TOP:-.}/tests/rts/pipewatch.lib"

mkfifo -m 0622 "$T/target"
ln -s target "$T/link"
maildrop-pipewatch "$T/link" > /dev/null 2> "$T/err" ; rc=$?
is "symlink to a FIFO: exit 100" "$rc" 100
is "symlink: message" "`cat "$T/err"`" "maildrop-pipewatch: fatal: unable to use $T/link: it is a symbolic link"
check "symlink: still a symlink" test -h "$T/link"

ln -s nowhere "$T/dangling"
maildrop-pipewatch "$T/dangling" 2> "$T/err" ; rc=$?
is "dangling symlink: exit 100" "$rc" 100
check "dangling symlink: nothing created through it" test ! -e "$T/nowhere"

echo data > "$T/file"
maildrop-pipewatch "$T/file" 2> "$T/err" ; rc=$?
is "regular file: exit 100" "$rc" 100
is "regular file: message" "`cat "$T/err"`" "maildrop-pipewatch: fatal: unable to use $T/file: it is not a named pipe"
is "regular file: untouched" "`cat "$T/file"`" data

mkdir "$T/dir"
maildrop-pipewatch "$T/dir" 2> "$T/err" ; rc=$?
is "directory: exit 100" "$rc" 100

if test "`id -u`" = 0 ; then
  ensure_user mdspwtest
  mkfifo -m 0622 "$T/theirs"
  chown mdspwtest "$T/theirs"
  maildrop-pipewatch "$T/theirs" 2> "$T/err" ; rc=$?
  is "FIFO owned by another user: exit 100" "$rc" 100
  is "foreign FIFO: message" "`cat "$T/err"`" "maildrop-pipewatch: fatal: unable to use $T/theirs: the named pipe belongs to uid `id -u mdspwtest`"
  is "foreign FIFO: mode untouched" "`stat -c %a "$T/theirs"`" 622
  # the same, seen by an unprivileged reader: root's FIFO is not ours
  mkfifo -m 0622 "$T/roots"
  setpriv --reuid=mdspwtest --regid=`id -g mdspwtest` --clear-groups "$CMD/maildrop-pipewatch" "$T/roots" 2> "$T/err" ; rc=$?
  is "unprivileged reader, root's FIFO: exit 100" "$rc" 100
  check "unprivileged reader: message" grep -q 'the named pipe belongs to uid 0$' "$T/err"
else
  skiptest "foreign owner" "not root"
fi
done_testing
