# package/configure picks the static programs' compiler from
# conf-compile/conf-staticcc: musl-gcc when installed (the archives of
# conf-ldlibs then named by full path), cc and glibc when it is missing
# (with a warning) or when line 1 is empty (silently).  package/
# static-include gives musl-gcc the library headers, and only those.
# And the shipped maildrop is what config.mak says it is.
. "$TOP/tests/lib.sh"
case "$CMD" in "$TOP/command") ;; *) skip_all "configure is tested once, on the normal build" ;; esac
mktmp
mkdir "$T/top"
cp -R "$TOP/package" "$TOP/conf-compile" "$TOP/conf-home" "$T/top/"
conf () { ( cd "$T/top" && sh package/configure ) > "$T/mak" 2> "$T/err" ; }
var () { sed -n "s/^$1 :=[ ]*//p" "$T/mak" ; }
cc=`head -n 1 "$TOP/conf-compile/conf-cc"`

{ echo no-such-musl-gcc ; tail -n +2 "$TOP/conf-compile/conf-staticcc" ; } > "$T/top/conf-compile/conf-staticcc"
conf
is "missing compiler: configure exits 0" $? 0
is "missing compiler: glibc" "`var STATICLIBC`" glibc
is "missing compiler: conf-cc instead" "`var STATICCC`" "$cc"
is "missing compiler: conf-ldlibs as they are" "`var STATICLDLIBS`" "`head -n 1 "$TOP/conf-compile/conf-ldlibs"`"
check "missing compiler: a warning naming it" grep -q 'no no-such-musl-gcc' "$T/err"

{ echo ; tail -n +2 "$TOP/conf-compile/conf-staticcc" ; } > "$T/top/conf-compile/conf-staticcc"
conf
is "empty line 1: glibc" "`var STATICLIBC`" glibc
is "empty line 1: no warning" "`cat "$T/err"`" ""

if command -v musl-gcc > /dev/null 2>&1 ; then
  echo musl-gcc > "$T/top/conf-compile/conf-staticcc"
  conf
  is "musl-gcc: musl" "`var STATICLIBC`" musl
  bad=0
  for f in `var STATICLDLIBS` ; do
    case "$f" in /*.a) test -f "$f" || bad=1 ;; *) bad=1 ;; esac
  done
  is "musl-gcc: every archive by an existing full path" $bad 0
  sh "$TOP/package/static-include" "$cc" "$T/inc" > "$T/out" 2>&1
  is "static-include exits 0" $? 0
  check "skalibs headers reachable" test -f "$T/inc/skalibs/stralloc.h"
  check "pcre2.h reachable" test -f "$T/inc/pcre2.h"
  check "gdbm.h reachable" test -f "$T/inc/gdbm.h"
  is "nothing else there (glibc's headers would shadow musl's)" "`ls "$T/inc" | sort | tr '\n' ' '`" "gdbm.h pcre2.h skalibs "
else
  skiptest "musl-gcc" "not installed"
fi

# the shipped maildrop matches build/config.mak
lib=`sed -n 's/^STATICLIBC :=[ ]*//p' "$TOP/build/config.mak"`
if grep -aq -e GCONV_PATH "$CMD/maildrop" ; then got=glibc ; else got=musl ; fi
is "command/maildrop is linked against $lib" "$got" "$lib"
check "command/maildrop is static" sh -c "! ldd '$CMD/maildrop' > /dev/null 2>&1"
done_testing
