#!/bin/sh
# maildrop-pipewatch notices within the -c interval that its FIFO was
# removed or replaced, and recreates it; SIGHUP reopens it.
. "${TOP:-.}/tests/rts/pipewatch.lib"

isfifo622 () { test -p "$1" && test "`stat -c %a "$1"`" = 622 ; }

umask 077
check "starts with -c 1" pw_start a -c 1 "$T/f"
echo one > "$T/f"
check "reads" waituntil 5 hasline "$T/a.out" one
rm -f "$T/f"
check "removed FIFO recreated within the check interval" waituntil 3 isfifo622 "$T/f"
check "recreation logged" waituntil 2 grep -q "info: recreated $T/f" "$T/a.err"
echo two > "$T/f"
check "reads from the new FIFO" waituntil 5 hasline "$T/a.out" two

# replaced by another FIFO of ours (rm + mkfifo): adopted
rm -f "$T/f" ; mkfifo -m 0600 "$T/f"
adopted () { grep -q "info: reopened $T/f: it was replaced" "$T/a.err" ; }
check "replacement FIFO adopted" waituntil 3 adopted
is "adopted FIFO: mode set back to 0622" "`stat -c %a "$T/f"`" 622
echo three > "$T/f"
check "reads from the adopted FIFO" waituntil 5 hasline "$T/a.out" three

# replaced by a regular file: warned about, left alone, the daemon lives on;
# once the file is gone, the FIFO comes back
rm -f "$T/f" ; echo planted > "$T/f"
check "regular file in its place: warning" waituntil 3 grep -q "warning: unable to use $T/f: it is not a named pipe" "$T/a.err"
check "still alive" alive $pw_pid
is "the planted file is left alone" "`cat "$T/f"`" planted
sleep 1.2
is "warned once, not at every check" "`grep -c 'not a named pipe' "$T/a.err"`" 1
rm -f "$T/f"
check "FIFO recreated once the file is gone" waituntil 3 isfifo622 "$T/f"
echo four > "$T/f"
check "reads again" waituntil 5 hasline "$T/a.out" four

# replaced by a symlink: refused, not followed
rm -f "$T/f" ; mkfifo -m 0622 "$T/elsewhere" ; ln -s elsewhere "$T/f"
check "symlink in its place: warning" waituntil 3 grep -q "warning: unable to use $T/f: it is a symbolic link" "$T/a.err"
check "symlink left alone" test -h "$T/f"
rm -f "$T/f"
check "FIFO recreated after the symlink" waituntil 3 isfifo622 "$T/f"
pw_stop
is "exit 0" "$pw_rc" 0

# without -c the default is 2 seconds
check "starts with the default check interval" pw_start b "$T/g"
rm -f "$T/g"
check "removed FIFO recreated within 2 s (+1)" waituntil 3 isfifo622 "$T/g"

# SIGHUP: reopen, keep reading, nothing lost
echo before > "$T/g"
check "before HUP" waituntil 5 hasline "$T/b.out" before
kill -HUP $pw_pid
check "HUP: reopened" waituntil 3 grep -q "info: reopened $T/g" "$T/b.err"
echo after > "$T/g"
check "after HUP" waituntil 5 hasline "$T/b.out" after
rm -f "$T/g" ; kill -HUP $pw_pid
check "HUP after removal: recreated at once" waituntil 1 isfifo622 "$T/g"
pw_stop
is "exit 0" "$pw_rc" 0
done_testing
