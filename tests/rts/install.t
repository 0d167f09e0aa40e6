# make install honours DESTDIR and conf-home's prefix, installs nothing
# setuid or setgid, and rewrites the run scripts' #! line from conf-execlineb.
. "$TOP/tests/lib.sh"
case "$CMD" in "$TOP/command") ;; *) skip_all "install is tested once, on the normal build" ;; esac
mktmp
home=`head -n 1 "$TOP/conf-home"`
xb=`head -n 1 "$TOP/conf-compile/conf-execlineb"`
make -s -C "$TOP" install DESTDIR="$T/dest" > "$T/out" 2>&1
is "make install exits 0" "$?" 0
for p in "$TOP"/command/* ; do
  n=`basename "$p"`
  check "$n installed" test -x "$T/dest$home/bin/$n"
  check "$n identical to the build" cmp -s "$p" "$T/dest$home/bin/$n"
done
is "nothing setuid or setgid" "`find "$T/dest" -perm /6000 | wc -l`" 0
is "no temporary files left" "`find "$T/dest" -name '.*.new' | wc -l`" 0
check "doc pages installed" test -f "$T/dest$home/share/doc/maildrop-suite/maildrop.html"
runs=`find "$T/dest$home/share/maildrop-suite/service" -name run -type f | wc -l`
check "service run scripts installed ($runs)" test "$runs" -ge 6
bad=0
for f in `find "$T/dest$home/share/maildrop-suite/service" -name run -type f` ; do
  test "`head -n 1 "$f"`" = "#!$xb -P" || { bad=1 ; echo "# $f: `head -n 1 "$f"`" ; }
  test -x "$f" || { bad=1 ; echo "# $f not executable" ; }
done
is "run scripts start with #!$xb -P and are executable" $bad 0
# another execlineb (slashpackage) reaches every run script
(cd "$TOP" && sh package/makeinstall /opt/mds "$T/sp" /command/execlineb /tmp/x) > "$T/out" 2>&1
is "makeinstall with another prefix exits 0" "$?" 0
check "prefix honoured" test -x "$T/sp/opt/mds/bin/maildrop"
is "every run script names /command/execlineb" "`find "$T/sp" -name run -type f -exec head -n 1 {} \; | sort -u`" "#!/command/execlineb -P"
# a second install over the first replaces in place
make -s -C "$TOP" install DESTDIR="$T/dest" > "$T/out" 2>&1
is "a second make install exits 0" "$?" 0
done_testing
