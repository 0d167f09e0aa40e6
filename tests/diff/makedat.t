# makedat against the reference (/usr/bin/makedat, a script around
# makedatprog): same exit code, same database contents (read back with
# libgdbm), same leftovers; and the reference maildrop reads our files.
. "$TOP/tests/lib.sh"
ORACLE=${MAKEDAT_ORACLE:-/usr/bin/makedat}
test -x "$ORACLE" && test -x /usr/bin/makedatprog || skip_all "no reference makedat"
mktmp

# a GDBM dumper: key|value per line, bytes outside printable ASCII in octal
cat > "$T/dump.c" <<'EOF'
#include <gdbm.h>
#include <stdio.h>
#include <stdlib.h>
static void q (datum d)
{
  for (int i = 0 ; i < d.dsize ; i++)
  {
    unsigned char c = d.dptr[i] ;
    if (c < 32 || c > 126 || c == '\\' || c == '|') printf("\\%03o", c) ; else putchar(c) ;
  }
}
int main (int argc, char **argv)
{
  GDBM_FILE f = gdbm_open(argv[1], 0, GDBM_READER, 0, 0) ;
  if (!f) { printf("cannot open\n") ; return 1 ; }
  for (datum k = gdbm_firstkey(f) ; k.dptr ; )
  {
    datum v = gdbm_fetch(f, k), n ;
    q(k) ; putchar('|') ; q(v) ; putchar('\n') ;
    n = gdbm_nextkey(f, k) ;
    free(k.dptr) ; free(v.dptr) ; k = n ;
  }
  gdbm_close(f) ;
  return 0 ;
}
EOF
${CC:-cc} -o "$T/dump" "$T/dump.c" -lgdbm 2>/dev/null || skip_all "cannot build a gdbm reader"

# state DIR: exit code, then the db's contents, then the files left
state ()
{
  echo "exit $1"
  if test -e "$2/db" ; then "$T/dump" "$2/db" | sort ; else echo "no db" ; fi
  ( cd "$2" && ls -a | grep -v '^\.\.\?$' | grep -v '^src' | sort )
}

# t NAME SRC-SETUP ARGS... : SRC-SETUP is run in each work directory;
# ARGS may use the names src, tmp, db (relative, in the work directory)
t ()
{
  name=$1 ; setup=$2 ; shift 2
  for who in w g ; do
    rm -rf "$T/$who" ; mkdir "$T/$who"
    ( cd "$T/$who" && eval "$setup" )
    if test $who = w ; then prog=$ORACLE ; else prog=$CMD/makedat ; fi
    ( cd "$T/$who" && "$prog" "$@" < "$T/$who/stdin" > /dev/null 2>&1 ) ; rc=$?
    state $rc "$T/$who" > "$T/$who.state"
  done
  if cmp -s "$T/w.state" "$T/g.state" ; then ok "$name" ; else
    notok "$name" ; diff "$T/w.state" "$T/g.state" | sed 's/^/# /' | head -20
  fi
}

STD='-src=src -tmp=tmp -file=db'
t "basic" 'printf "example.com\ndomain.com\tok\nfoo.domain.com\tbad\n" > src ; : > stdin' $STD
t "comments and blank lines" 'printf "# c\n\na\tb\n #x\tv\n#\n" > src ; : > stdin' $STD
t "only the first tab splits" 'printf "k\tv with\ttab\nm\t\tdouble\n" > src ; : > stdin' $STD
t "empty value is 1" 'printf "trail\t\nbare\n" > src ; : > stdin' $STD
t "empty key skipped" 'printf "\tvalue\n\t\nk\tv\n" > src ; : > stdin' $STD
t "spaces kept" 'printf "  spaced key\tv \nkey with space\tx\n  \n" > src ; : > stdin' $STD
t "CR kept" 'printf "crlf\tval\r\ncrkey\r\n" > src ; : > stdin' $STD
t "8-bit keys and values" 'printf "caf\351\t\303\251t\303\251\n\377\t\001\n" > src ; : > stdin' $STD
t "a dot line ends the input" 'printf "a\tb\n.\nafter\tdot\n" > src ; : > stdin' $STD
t "no final newline fails" 'printf "a\tb" > src ; : > stdin' $STD
t "duplicate key fails" 'printf "k\tv\nk\tw\n" > src ; : > stdin' $STD
t "duplicate key keeps the old db" 'printf "k\tv\nk\tw\n" > src ; printf "old\n.\n" | /usr/bin/makedatprog - t0 db ; : > stdin' $STD
t "replaces an existing db" 'printf "new\tv\n" > src ; printf "old\n.\n" | /usr/bin/makedatprog - t0 db ; : > stdin' $STD
t "source from stdin" 'printf "a\tb\nc\n" > stdin' -src=- -tmp=tmp -file=db
t "empty source" ': > src ; : > stdin' $STD
t "long lines" 'awk "BEGIN { for (i = 0 ; i < 3000 ; i++) printf \"k\" ; printf \"\tv\n\" ; printf \"short\t\" ; for (i = 0 ; i < 5000 ; i++) printf \"v\" ; printf \"\n\" }" > src ; : > stdin' $STD
t "directory source" 'mkdir src ; printf "a\t1\n" > src/one ; printf "b\t2\n" > src/two ; printf "c\t3\n" > src/two~ ; printf "d\t4\n" > src/x.dpkg-old ; printf "e\t5\n" > src/.hidden ; mkdir src/sub ; printf "f\t6\n" > src/sub/f ; : > stdin' $STD
t "directory with a symlink" 'mkdir src o ; printf "a\t1\n" > o/f ; ln -s ../o/f src/link ; ln -s nowhere src/dangling ; : > stdin' $STD
t "missing source" ': > stdin' -src=nosuch -tmp=tmp -file=db
t "tmp in a missing directory" 'printf "a\n" > src ; : > stdin' -src=src -tmp=no/tmp -file=db
t "db in a missing directory" 'printf "a\n" > src ; : > stdin' -src=src -tmp=tmp -file=no/db
t "options in any order, last wins" 'printf "a\n" > src ; : > stdin' -file=x -tmp=tmp -file=db -src=src
t "usage: nothing" ': > stdin'
t "usage: no -tmp" 'printf "a\n" > src ; : > stdin' -src=src -file=db
t "usage: empty -src" 'printf "a\n" > src ; : > stdin' -src= -tmp=tmp -file=db
t "usage: unknown option" 'printf "a\n" > src ; : > stdin' $STD -bogus
t "usage: -src without =" 'printf "a\n" > src ; : > stdin' -src src -tmp=tmp -file=db
t "-hup file missing" 'printf "a\n" > src ; : > stdin' $STD -hup=nofile
t "-hup empty value" 'printf "a\n" > src ; : > stdin' $STD -hup=
t "-hup empty file" 'printf "a\n" > src ; : > hupf ; : > stdin' $STD -hup=hupf
t "-hup dead pid" 'printf "a\n" > src ; echo 999999 > hupf ; : > stdin' $STD -hup=hupf

# -hup really sends SIGHUP
for who in w g ; do
  rm -rf "$T/$who" ; mkdir "$T/$who"
  printf 'a\n' > "$T/$who/src"
  sh -c 'trap "echo hup > '"$T/$who"'/got ; exit 0" HUP ; echo $$ > '"$T/$who"'/hupf ; while : ; do sleep 0.05 ; done' &
  sp=$!
  waituntil 5 test -s "$T/$who/hupf"
  if test $who = w ; then prog=$ORACLE ; else prog=$CMD/makedat ; fi
  ( cd "$T/$who" && "$prog" $STD -hup=hupf ) ; eval "${who}rc=$?"
  waituntil 5 test -e "$T/$who/got"
  kill $sp 2>/dev/null ; wait $sp
done
is "-hup signals the pid (exit)" "$grc" "$wrc"
check "-hup signals the pid" test -e "$T/g/got"

# file mode: 0664 less the umask, as the reference
for who in w g ; do
  rm -rf "$T/$who" ; mkdir "$T/$who" ; printf 'a\n' > "$T/$who/src"
  if test $who = w ; then prog=$ORACLE ; else prog=$CMD/makedat ; fi
  ( cd "$T/$who" && umask 002 && "$prog" $STD )
done
is "db mode" "`stat -c %a "$T/g/db"`" "`stat -c %a "$T/w/db"`"

# -cidr needs Perl's Net::CIDR in the reference (without it, the reference
# copies the lines unchanged)
if perl -MNet::CIDR -e 1 2>/dev/null ; then
  t "-cidr IPv4 blocks" 'printf "192.168.0.0/16\tA\n10.0.0.0/8\tB\n172.16.1.0/23\tC\n1.2.3.4/32\tD\n5.6.7.0/30\tE\n" > src ; : > stdin' $STD -cidr
  t "-cidr IPv4 ranges" 'printf "1.2.3.0-1.2.3.255\tE\n1.2.4.0-1.2.5.127\tF\n10.0.0.0-10.1.255.255\tG\n" > src ; : > stdin' $STD -cidr
  t "-cidr host bits and odd lengths" 'printf "1.2.3.4/24\tA\n10.1.2.3/30\tB\n1.1.0.0/15\tC\n3.0.0.0/9 x\n" > src ; : > stdin' $STD -cidr
  t "-cidr whole space" 'printf "0.0.0.0/0\tall\n" > src ; : > stdin' $STD -cidr
  t "-cidr IPv6" 'printf "2001:db8::/32\tJ\n2001:db9:1::/48 K\nfe80::-fe80::3\tL\n2001:db8::1/128\tM\n2002::/31\tN\n" > src ; : > stdin' $STD -cidr
  t "-cidr passes other lines" 'printf "5.6.7.8\tG\nexample.com\tx\n1.2.3.0 - 1.2.3.5\tR\n1.2.4.0/24\n1.2.5.0/24 \n" > src ; : > stdin' $STD -cidr
  t "-cidr value spacing" 'printf "1.2.5.0/24\tA B\t C\r\n" > src ; : > stdin' $STD -cidr
  t "-cidr bad range fails" 'printf "3.3.3.3-3.3.3.1\tO\n" > src ; : > stdin' $STD -cidr
  t "-cidr bad prefix fails" 'printf "9.9.9.9/33\tM\n" > src ; : > stdin' $STD -cidr
  t "-cidr overlap is a duplicate" 'printf "5.6.7.8\tG\n5.6.7.0/29\tH\n" > src ; : > stdin' $STD -cidr
else
  for n in 1 2 3 4 5 6 7 8 9 10 ; do skiptest "-cidr case $n" "Perl Net::CIDR missing" ; done
fi

# the reference maildrop reads our database
if test -x /usr/bin/maildrop && test "`id -u`" = 0 ; then
  rm -rf "$T/m" ; mkdir "$T/m"
  printf 'example.com\ndomain.com\tok\nfoo.domain.com\tbad\n' > "$T/m/src"
  ( cd "$T/m" && "$CMD/makedat" $STD )
  cat > "$T/m/filter" <<EOF
gdbmopen("$T/m/db", "R")
A=gdbmfetch("example.com")
B=gdbmfetch("foo.domain.com")
C=gdbmfetch("bar.foo.domain.com", "D")
D=gdbmfetch("nope", "", "DEF")
echo "A=\$A B=\$B C=\$C D=\$D"
gdbmclose
EOF
  chmod 600 "$T/m/filter"
  out=`printf 'Subject: x\n\nb\n' | /usr/bin/maildrop "$T/m/filter" 2>&1`
  is "maildrop's gdbmfetch reads our db" "$out" "A=1 B=bad C=bad D=DEF"
else
  skiptest "maildrop's gdbmfetch reads our db" "needs root and /usr/bin/maildrop"
fi
done_testing
