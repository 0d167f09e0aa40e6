# maildirmake against the Courier oracle: each case runs both programs in
# fresh directories and compares exit code, stdout, stderr, the tree made
# (modes, names, file sizes) and the maildirsize/shared-maildirs contents.
. "$TOP/tests/lib.sh"
ORACLE=/usr/bin/maildirmake
test -x $ORACLE || skip_all "no oracle $ORACLE"
mktmp
umask 022
n=0

snapshot () # dir -> a description of the tree
{
  ( cd "$1" && find . -path ./.rc -prune -o -path ./.out -prune -o -path ./.err -prune -o -printf '%M %P' -type f -printf ' %s' -o -printf '' , -printf '\n' | LC_ALL=C sort
    for f in `find . -name maildirsize -o -name shared-maildirs | LC_ALL=C sort` ; do echo "== $f" ; cat "$f" ; done )
}

# dcase DESC SETUP ARGS...: SETUP is shell code run first in the directory
dcase ()
{
  desc=$1 setup=$2 ; shift 2
  n=$((n + 1))
  for side in o m ; do
    d=$T/$side$n ; mkdir -p "$d"
    if test $side = o ; then prog=$ORACLE ; else prog=$CMD/maildirmake ; fi
    ( cd "$d" && eval "$setup" && timeout 5 $prog "$@" > .out 2> .err ; echo $? > .rc )
  done
  got="rc=`cat $T/m$n/.rc` out=[`cat $T/m$n/.out`] err=[`cat $T/m$n/.err`]
`snapshot $T/m$n`"
  want="rc=`cat $T/o$n/.rc` out=[`cat $T/o$n/.out`] err=[`cat $T/o$n/.err`]
`snapshot $T/o$n`"
  is "$desc" "$got" "$want"
}

md='mkdir -p M/tmp M/new M/cur'
msgs="$md"' && mkdir -p M/.Trash/cur M/.Trash/new M/.Trash/tmp M/.G/new M/.G/cur M/.G/tmp && touch M/.G/maildirfolder && printf 12345 > M/.Trash/cur/1.a,S=5:2,S && printf 1234567 > M/cur/2.b:2,T && printf 123 > M/new/3.c && printf 1234 > M/.G/new/4.d,S=40 && printf x > M/cur/.hidden'

dcase "no argument: usage" ':'
dcase "plain maildir" ':' M
dcase "existing directory" "$md" M
dcase "two arguments: usage" ':' M N
dcase "-f folder" "$md" -f Drafts M
dcase "-f existing folder" "$md && mkdir M/.Drafts" -f Drafts M
dcase "-f .x refused" "$md" -f .x M
dcase "-f .. refused" "$md" -f .. M
dcase "-f a..b accepted" "$md" -f a..b M
dcase "-f nested Drafts.Sub" "$md" -f Drafts.Sub M
dcase "-f with a slash" "$md" -f a/b M
dcase "-f on a missing maildir" ':' -f X B
dcase "-f empty name" "$md" -f '' M
dcase "-f a&b kept as is" "$md" -f 'a&b' M
dcase "-F a&b encoded" "$md" -F 'a&b' M
dcase "-F UTF-8 to modified UTF-7" "$md" -F 'Café' M
dcase "-F astral plane refused" "$md" -F 'x😀y' M
dcase "-F invalid UTF-8 refused" "$md" -F "`printf 'a\377b'`" M
dcase "-S sharable maildir" ':' -S M
dcase "-S -f sharable folder" "$md" -S -f sh M
dcase "-s read" "$md" -s read -f ro M
dcase "-s write" "$md" -s write -f w M
dcase "-s read,group" "$md" -s read,group -f rg M
dcase "-s write,group" "$md" -s write,group -f wg M
dcase "-s unknown word" "$md" -s bogus -f b M
dcase "-s without -f: usage" "$md" -s write M
dcase "-q S and C" "$md" -q 300S,5C M
dcase "-q C only" "$md" -q 5C M
dcase "-q zero count dropped" "$md" -q 10S,0C M
dcase "-q unparseable" "$md" -q 100X M
dcase "-q replaces an old quota" "$md && printf '1S\n 1 1\n' > M/maildirsize" -q 50S M
dcase "-q recounts messages (Trash, T flag, dot files, S=)" "$msgs" -q 1000S,10C M
dcase "-q -f: quota on the parent" "$msgs" -q 77S -f G M
dcase "-q on a folder path: parent" "$msgs" -q 10S,3C M/.G
dcase "-h: usage" ':' -h
dcase "unknown option: usage" ':' -x M
dcase "--bogus: usage" ':' --bogus M
dcase "-q without value: usage" ':' -q
mkdir -p $T/S2
dcase "--add" "$md" --add foo=$T/S2 M
dcase "--add a second one" "$md && printf 'bar\t/x\n' > M/shared-maildirs" --add foo=$T/S2 M
dcase "--add twice" "$md && printf 'foo\t$T/S2\n' > M/shared-maildirs" --add foo=$T/S2 M
dcase "--add missing path" "$md" --add foo=$T/nonexist M
dcase "--add relative path: usage" "$md && mkdir S3" --add foo=S3 M
dcase "--add without =: usage" "$md" --add foo M
dcase "--del" "$md && printf 'foo\tS2\nbar\tS3\n' > M/shared-maildirs" --del foo M
dcase "--del unknown" "$md && printf 'bar\tS3\n' > M/shared-maildirs" --del foo M
dcase "--del without file" "$md" --del foo M
done_testing
