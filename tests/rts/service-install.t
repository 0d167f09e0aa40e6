# The service directory templates and package/service-install, without
# starting anything: what the templates say, what the helper writes, and
# what it refuses.  The supervisors themselves are in tests/e2e/.
. "$TOP/tests/lib.sh"
mktmp

# the templates as shipped
for sup in daemontools s6 runit ; do
  sd=$TOP/service/$sup/maildrop-logger
  is "$sup: run starts with the execlineb #! line" "`head -n 1 "$sd/run"`" "#!/usr/bin/execlineb -P"
  is "$sup: log/run starts with the execlineb #! line" "`head -n 1 "$sd/log/run"`" "#!/usr/bin/execlineb -P"
  check "$sup: run sends stderr to the log" grep -qx 'fdmove -c 2 1' "$sd/run"
  check "$sup: run ends by running maildrop-pipewatch on \${FIFO}" sh -c "tail -n 1 '$sd/run' | grep -q '^maildrop-pipewatch .*-- \${FIFO}\$'"
  check "$sup: run imports FIFO" grep -qx 'importas -i FIFO FIFO' "$sd/run"
  is "$sup: env/FIFO is the default FIFO" "`cat "$sd/env/FIFO"`" "/tmp/log-maildrop"
  check "$sup: env/PATH lists the execline directory" grep -q /usr/lib/execline/bin "$sd/env/PATH"
done
check "daemontools: envdir ./env" grep -qx 'envdir ./env' "$TOP/service/daemontools/maildrop-logger/run"
check "s6: s6-envdir ./env" grep -qx 's6-envdir ./env' "$TOP/service/s6/maildrop-logger/run"
check "runit: chpst -e ./env" grep -qx 'chpst -e ./env' "$TOP/service/runit/maildrop-logger/run"
is "daemontools: multilog t s1048576 n10 ./main" "`tail -n 1 "$TOP/service/daemontools/maildrop-logger/log/run"`" "multilog t s1048576 n10 ./main"
is "s6: s6-log with t, s1048576, n10" "`tail -n 1 "$TOP/service/s6/maildrop-logger/log/run"`" "s6-log -b -d 3 -- n10 s1048576 t ./main"
is "s6: readiness on fd 3 for the reader" "`cat "$TOP/service/s6/maildrop-logger/notification-fd"`" 3
is "s6: readiness on fd 3 for the logger" "`cat "$TOP/service/s6/maildrop-logger/log/notification-fd"`" 3
check "s6: the reader is told -d 3" grep -q '^maildrop-pipewatch -d 3 ' "$TOP/service/s6/maildrop-logger/run"
is "runit: svlogd -t ./main" "`tail -n 1 "$TOP/service/runit/maildrop-logger/log/run"`" "svlogd -t ./main"
is "runit: main/config says s1048576 n10" "`cat "$TOP/service/runit/maildrop-logger/log/main/config"`" "s1048576
n10"

# a copy of the parts of the tree the helper reads, with a different
# conf-execlineb and conf-logfifo, to see that it uses them
mkdir "$T/top" "$T/top/package" "$T/out" "$T/scan"
cp -R "$TOP/service" "$TOP/conf-compile" "$TOP/conf-home" "$T/top/"
cp "$TOP/package/info" "$TOP/package/service-install" "$T/top/package/"
echo /command/execlineb > "$T/top/conf-compile/conf-execlineb"
echo "$T/default-fifo" > "$T/top/conf-compile/conf-logfifo"
si () { ( cd "$T/top" && sh package/service-install "$@" 2>/dev/null ) ; }

for sup in daemontools s6 runit ; do
  mkdir "$T/out/$sup"
  check "$sup: installs" si -s $sup -b /opt/mds/bin "$T/out/$sup" > /dev/null
  sd=$T/out/$sup/maildrop-logger
  is "$sup: mode 1755" "`stat -c %a "$sd"`" 1755
  is "$sup: #! of run from conf-execlineb" "`head -n 1 "$sd/run"`" "#!/command/execlineb -P"
  is "$sup: #! of log/run from conf-execlineb" "`head -n 1 "$sd/log/run"`" "#!/command/execlineb -P"
  check "$sup: run is executable" test -x "$sd/run"
  check "$sup: log/run is executable" test -x "$sd/log/run"
  is "$sup: env/FIFO from conf-logfifo" "`cat "$sd/env/FIFO"`" "$T/default-fifo"
  check "$sup: env/PATH starts with -b" sh -c "grep -q '^/opt/mds/bin:' '$sd/env/PATH'"
  is "$sup: nothing else in the target dir" "`ls -A "$T/out/$sup"`" maildrop-logger
  is "$sup: the body of run is the template's" "`sed 1d "$sd/run"`" "`sed 1d "$TOP/service/$sup/maildrop-logger/run"`"
done
check "s6: notification-fd files copied" test -f "$T/out/s6/maildrop-logger/notification-fd" -a -f "$T/out/s6/maildrop-logger/log/notification-fd"
is "nothing appeared in the scan directory" "`ls -A "$T/scan"`" ""

# -f, -l
mkdir "$T/out/l"
check "-f and -l" si -s s6 -f "$T/my fifo" -l "$T/scan" "$T/out/l" > /dev/null
is "-f: env/FIFO" "`cat "$T/out/l/maildrop-logger/env/FIFO"`" "$T/my fifo"
is "-l: symlink into the scan directory" "`readlink "$T/scan/maildrop-logger"`" "$T/out/l/maildrop-logger"

# -u: the logger runs as that user and owns log/main
if test "`id -u`" = 0 && id nobody > /dev/null 2>&1 ; then
  for sup in daemontools s6 runit ; do
    mkdir "$T/out/u$sup"
    si -s $sup -u nobody "$T/out/u$sup" > /dev/null
    sd=$T/out/u$sup/maildrop-logger
    case $sup in
      daemontools) drop="setuidgid nobody" ;;
      s6) drop="s6-setuidgid nobody" ;;
      runit) drop="chpst -u nobody" ;;
    esac
    is "-u $sup: line 2 of log/run drops privileges" "`sed -n 2p "$sd/log/run"`" "$drop"
    is "-u $sup: log/main belongs to the user" "`stat -c %U "$sd/log/main"`" nobody
  done
else
  skiptest "-u" "not root or no user nobody"
fi

# refusals
rc () { "$@" > /dev/null 2>&1 ; echo $? ; }
is "existing service directory: 100" "`rc si -s s6 "$T/out/s6"`" 100
is "unknown suite: 100" "`rc si -s systemd "$T/out"`" 100
is "relative FIFO: 100" "`rc si -f log-maildrop "$T/out"`" 100
is "relative bindir: 100" "`rc si -b bin "$T/out"`" 100
is "unknown user: 100" "`rc si -u no-such-user-mds "$T/out"`" 100
is "no dir: 100" "`rc si -s s6`" 100
is "missing dir: 111" "`rc si -s s6 "$T/nonexistent"`" 111
is "outside the tree: 100" "`cd "$T" && rc sh "$TOP/package/service-install" "$T/out"`" 100
is "no half-built directory left behind" "`ls -A "$T/out" | grep -c '^\.'`" 0
done_testing
