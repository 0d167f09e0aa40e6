# maildrop: concurrent deliveries into one mbox (60) and one maildir (200)
# all land intact: no lost, torn or interleaved message.
: "${TOP:=`pwd`}"
. "$TOP/tests/rts/maildrop-lib.sh"
mktmp
have_lang || skip_all "needs the filter language (lang branch not merged yet)"
printf 'to "%s"\n' "$T/probe" > "$T/f" ; chmod 600 "$T/f"
echo "Subject: probe" | "$MD" "$T/f" 2>/dev/null || skip_all "needs the delivery engines (deliver branch not merged yet)"
rm -f "$T/probe"

mkmsg () # N
{
  printf 'From: sender%s@example.org\nSubject: message %s\n\n' $1 $1
  i=0 ; while test $i -lt 40 ; do echo "line $i of message $1 From here on" ; i=$((i + 1)) ; done
}

printf 'LOCKSLEEP=1\nto "%s"\n' "$T/mbox" > "$T/f" ; chmod 600 "$T/f"
n=0 ; pids=
while test $n -lt 60 ; do
  mkmsg $n > "$T/m$n"
  "$MD" "$T/f" < "$T/m$n" & pids="$pids $!"
  n=$((n + 1))
done
bad=0 ; for p in $pids ; do wait $p || bad=$((bad + 1)) ; done
is "mbox: 60 deliveries exit 0" $bad 0
is "mbox: 60 From_ lines" "`grep -c '^From ' "$T/mbox"`" 60
is "mbox: 60 distinct subjects" "`grep '^Subject: message' "$T/mbox" | sort -u | wc -l`" 60
# every message is contiguous: its 40 lines follow its Subject
torn=`awk '/^Subject: message/ { cur=$3 ; next } /^line / { if ($5 != cur) t++ } END { print t+0 }' "$T/mbox"`
is "mbox: no interleaving" "$torn" 0

mkdir -p "$T/Maildir/tmp" "$T/Maildir/new" "$T/Maildir/cur"
printf 'to "%s"\n' "$T/Maildir" > "$T/f"
n=0 ; pids=
while test $n -lt 200 ; do
  mkmsg $n | "$MD" "$T/f" & pids="$pids $!"
  n=$((n + 1))
done
bad=0 ; for p in $pids ; do wait $p || bad=$((bad + 1)) ; done
is "maildir: 200 deliveries exit 0" $bad 0
is "maildir: 200 files in new/" "`ls "$T/Maildir/new" | wc -l`" 200
is "maildir: tmp/ is empty" "`ls "$T/Maildir/tmp" | wc -l`" 0
is "maildir: 200 distinct messages" "`cat "$T"/Maildir/new/* | grep '^Subject' | sort -u | wc -l`" 200
intact=0
for f in "$T"/Maildir/new/* ; do
  k=`sed -n 's/^Subject: message //p' "$f"`
  mkmsg $k | cmp -s - "$f" && intact=$((intact + 1))
done
is "maildir: every message byte-identical" $intact 200
done_testing
