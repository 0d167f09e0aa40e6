# mailbot against the reference (/usr/bin/mailbot): the reply it prints
# (-n) or gives to the mailer (a fake one capturing its arguments and
# stdin), whether it answers at all, the duplicate database, exit codes.
. "$TOP/tests/lib.sh"
ORACLE=${MAILBOT_ORACLE:-/usr/bin/mailbot}
test -x "$ORACLE" || skip_all "no reference mailbot at $ORACLE"
mktmp
TZ=UTC ; export TZ
unset SENDER SENDMAIL

printf 'Thanks for your mail.\nI am away. \nBack soon.\n' > "$T/reply.txt"
printf 'R\n' > "$T/r1.txt"
printf 'no newline' > "$T/nonl.txt"
printf 'crlf\r\nline\r\n' > "$T/crlf.txt"
: > "$T/empty.txt"
printf 'Content-Type: text/plain; format=flowed; delsp=yes; charset="iso-8859-1"\nContent-Transfer-Encoding: quoted-printable\nX-Extra: 1\n\nMary had\na lamb.\n' > "$T/m.txt"
cat > "$T/fakesm" <<EOF
#!/bin/sh
{ echo "ARGS:" ; for a in "\$@" ; do echo "[\$a]" ; done ; echo "STDIN:" ; cat ; } > "\$CAPTURE"
exit \${FAKESM_EXIT:-0}
EOF
chmod 755 "$T/fakesm"

MSG='From: Joe User <joe@example.com>\nTo: me@here.org\nSubject: Hello there\nMessage-ID: <m1@example.com>\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n\nHi,\nhow are you?\n> quoted\n'

# MIME boundaries and arrival dates are masked
mask ()
{
  sed -e 's/=_[^"]*-[0-9]*-[0-9]*-0001/=_BOUNDARY/g' -e 's/^Arrival-Date: .*/Arrival-Date: DATE/'
}

# t NAME INPUT ARGS... : compares -n output and exit code
t ()
{
  name=$1 ; input=$2 ; shift 2
  printf "$input" > "$T/in"
  ( cd "$T" && "$ORACLE" -n "$@" < "$T/in" > "$T/w.raw" 2>/dev/null ; echo "exit $?" >> "$T/w.raw" )
  ( cd "$T" && "$CMD/mailbot" -n "$@" < "$T/in" > "$T/g.raw" 2>/dev/null ; echo "exit $?" >> "$T/g.raw" )
  mask < "$T/w.raw" > "$T/w.out" ; mask < "$T/g.raw" > "$T/g.out"
  if cmp -s "$T/w.out" "$T/g.out" ; then ok "$name" ; else
    notok "$name" ; diff "$T/w.out" "$T/g.out" | sed 's/^/# /' | head -20
  fi
}

# s NAME INPUT ARGS... : sends through the fake mailer (given as the
# program), compares what it got and the exit code
s ()
{
  name=$1 ; input=$2 ; shift 2
  printf "$input" > "$T/in"
  for who in w g ; do
    rm -f "$T/$who.cap"
    if test $who = w ; then prog=$ORACLE ; else prog=$CMD/mailbot ; fi
    ( cd "$T" && CAPTURE="$T/$who.cap" "$prog" "$@" < "$T/in" > /dev/null 2>&1 ; echo "exit $?" > "$T/$who.rc" )
    { cat "$T/$who.rc" ; test -e "$T/$who.cap" && cat "$T/$who.cap" || echo "not sent" ; } > "$T/$who.all"
  done
  if cmp -s "$T/w.all" "$T/g.all" ; then ok "$name" ; else
    notok "$name" ; diff "$T/w.all" "$T/g.all" | sed 's/^/# /' | head -20
  fi
}

# the reply
t "basic reply" "$MSG" -t reply.txt -A 'From: me@here.org'
t "no quote" "$MSG" -t reply.txt -N
t "several -A" "$MSG" -t r1.txt -A 'From: me@x' -A 'X-Foo: bar' -A 'To: other@x'
t "-s subject" "$MSG" -t r1.txt -s 'My subject'
t "-c charset" "$MSG" -t r1.txt -c iso-8859-1
t "-m MIME text" "$MSG" -m m.txt
t "-m without headers" "$MSG" -m r1.txt
t "reply text without newline" 'From: a@b\n\nb\n' -t nonl.txt -N
t "reply text CRLF" 'From: a@b\n\nb\n' -t crlf.txt -N
t "empty reply text" 'From: a@b\n\nb\n' -t empty.txt -N

# subjects
for subj in '[PATCH] fix' '[list] x' '[a] [b] Re: x' '[a] Re: [b] x' 'Re :x' 'Re [3]: x' '[a]' 'x(fwd)' 'Re: Re: x' 're:x' 'Fwd: x' 'Re[2]: x' 'x (fwd)' '[list] Re: x' 'Re:   spaced' 'AW: x' 'Re: Fwd: Re: x' 'Subject with   spaces  ' ; do
  t "subject '$subj'" "From: a@b\nSubject: $subj\n\nb\n" -t r1.txt -N
done
t "no subject" 'From: a@b\n\nb\n' -t r1.txt -N

# addresses and threading
t "Reply-To wins" 'From: a@b\nReply-To: r@x.org\nSubject: s\n\nb\n' -t r1.txt
t "two From headers" 'From: a@b\nFrom: c@d\n\nb\n' -t r1.txt -N
t "-e Errors-To" 'From: a@b\nErrors-To: err@x\n\nb\n' -t r1.txt -N -e
t "-e last of Return-Path/Errors-To" 'From: a@b\nErrors-To: err@x\nReturn-Path: <rp@x>\n\nb\n' -t r1.txt -N -e
t "-e empty Return-Path" 'From: a@b\nReturn-Path: <>\n\nb\n' -t r1.txt -N -e
t "no From, no reply" 'Subject: s\n\nb\n' -t r1.txt
t "group without address, no reply" 'From: undisclosed-recipients:;\n\nb\n' -t r1.txt
t "References and In-Reply-To" 'From: a@b\nReferences: <r1@x>\n <r2@x>\tjunk <r3@x>\nMessage-ID:   <m@x>  \n\nb\n' -t r1.txt -N
t "Message-ID without brackets" 'From: a@b\nMessage-ID: junk\n\nb\n' -t r1.txt -N
t "replyall" 'From: a@b\nTo: a@b, "T" <t@x>\nCc: c@x\nCc: d@x\n\nb\n' -t r1.txt -N -T replyall
t "unknown -T is reply" "$MSG" -t r1.txt -T bogus

# names in the salutation
for f in 'Joe "Q" P <j@x>' '"Joe" "Q" <j@x>' 'Joe    "Q"   P <j@x>' '"J\\"oe" <j@x>' 'Joe (c1) <joe@x> (c2)' '"=?UTF-8?Q?J=C3=B6e?=" Q <j@x>' 'joe@x.org (Joe)' '<joe@x>' '"Joe Q" <joe@x>' 'Joe <joe@x>, Ann <ann@y>' '=?UTF-8?Q?J=C3=B6e?= <joe@x>' '"=?ISO-8859-1?Q?J=F6e?=" <joe@x>' 'Joe  Smith  <joe@x>' '"" <joe@x>' ; do
  t "salutation name '$f'" "From: $f\n\nb\n" -t r1.txt
done
t "salutation escapes" 'From: "Joe Q" <joe@x>\nSubject: Hi\nMessage-ID: <m1@x>\nNewsgroups: comp.x\nX-Newsgroup: xng\n\nb\n' -t r1.txt -S '%f|%F|%S|%i|%N|%C|%%|%n|end %x %'
t "salutation date" "$MSG" -t r1.txt -S 'On %d, %F wrote:'

# quoting
t "quoting" 'From: a@b\n\nline1\n\nline3 \nflowed \ncont\n>q1\n> q2\n>>q3\nFrom x\n space\n-- \nsig\n' -t r1.txt
t "empty body" 'From: a@b\n\n' -t r1.txt
t "no body separator" 'From: a@b\n' -t r1.txt
t "last line without newline" 'From: a@b\n\nfirst\nno newline' -t r1.txt
t "quoted-printable original" 'From: a@b\nContent-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\nsoft=\nbreak caf=C3=A9\n' -t r1.txt

t "multipart: first text/plain part" 'From: a@b\nMime-Version: 1.0\nContent-Type: multipart/mixed; boundary="XX"\n\npre\n--XX\nContent-Type: text/plain\n\npart one\n--XX\nContent-Type: text/html\n\n<p>x</p>\n--XX--\n' -t r1.txt
t "multipart without Mime-Version is text" 'From: a@b\nContent-Type: multipart/alternative; boundary=B\n\n--B\nContent-Type: text/html\n\n<b>x</b>\n--B\nContent-Type: text/plain\n\nplain\n--B--\n' -t r1.txt
t "multipart/alternative, QP part" 'From: a@b\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=B\n\n--B\nContent-Type: text/html\n\n<b>x</b>\n--B\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\ncaf=C3=A9 =\nsoft\n\n--B--\n' -t r1.txt
t "nested multipart" 'From: a@b\nMime-Version: 1.0\nContent-Type: multipart/mixed; boundary=O\n\n--O\nContent-Type: multipart/alternative; boundary=I\n\n--I\nContent-Type: text/plain\n\ninner plain\n--I--\n--O\n\nsecond\n--O--\n' -t r1.txt
t "multipart without text" 'From: a@b\nMime-Version: 1.0\nContent-Type: multipart/mixed; boundary=O\n\n--O\nContent-Type: image/png\n\nxx\n--O--\n' -t r1.txt
t "multipart CRLF" 'From: a@b\nMime-Version: 1.0\nContent-Type: multipart/mixed; boundary=O\r\n\r\n--O\r\nContent-Type: text/plain\r\n\r\ncrlf part\r\n--O--\r\n' -t r1.txt
t "text/html single part is quoted" 'From: a@b\nContent-Type: text/html\n\n<p>hi</p>\n' -t r1.txt
t "base64 original" 'From: a@b\nContent-Transfer-Encoding: base64\n\naGVsbG8gd29ybGQK\n' -t r1.txt
t "CRLF original" 'From: a@b\r\nSubject: crlf\r\n\r\nline1\r\nline2\r\n' -t r1.txt
t "non-UTF-8 bytes are dropped" 'From: a@b\nContent-Type: text/plain; charset=iso-8859-1\n\ncaf\351s ok\n' -t r1.txt
t "UTF-8 kept" 'From: a@b\n\ncaf\303\251s \351 ok\n' -t r1.txt

LONG1='long aaaaaaaaaa bbbbbbbbbbb ccccccccccc dddddddddd eeeeeeeeee fffffffffff gggggggg hhhhhhhhh iiiiiiiiiii jjjjjjjjj'
LOREM='Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.'
W60=`i=0 ; while test $i -lt 60 ; do printf 'word ' ; i=$((i+1)) ; done`
X110=`i=0 ; while test $i -lt 110 ; do printf x ; i=$((i+1)) ; done`
t "long line re-wrapped" "From: a@b\n\n$LONG1\n" -t r1.txt
t "long paragraph re-wrapped" "From: a@b\n\n$LOREM\nshort\n\n$W60\n" -t r1.txt
t "104 bytes stay whole" "From: a@b\n\n`printf '%0104d' 0`\n" -t r1.txt
X300=`i=0 ; while test $i -lt 300 ; do printf x ; i=$((i+1)) ; done`
A60=`i=0 ; while test $i -lt 60 ; do printf a ; i=$((i+1)) ; done`
t "very long word cut" "From: a@b\n\n$X300\n$A60 $X110$X110\n" -t r1.txt
t "long word cut" "From: a@b\n\naa $X110 cc dd\n$X110\n" -t r1.txt

# other formats
NONL='From: Joe <joe@x>\n\nhello'
CRLFMSG='From: Joe <joe@x>\r\nSubject: s\r\n\r\nhello\r\n'
for m in MSG NONL CRLFMSG ; do
  eval "in=\$$m"
  t "forward $m" "$in" -t r1.txt -T forward -A 'From: me@y'
  t "forwardatt $m" "$in" -t r1.txt -T forwardatt
  t "replydsn $m" "$in" -t r1.txt -T replydsn -M dsn@y
  t "replydsn -a $m" "$in" -t r1.txt -M dsn@y -a -N
done
t "forward -F -s -N" "$MSG" -t r1.txt -T forward -F 'SEP' -s 'S!' -N
t "forwardatt -F" "$MSG" -t r1.txt -T forwardatt -F 'SEP'
t "replydsn without -M is a reply" "$MSG" -t r1.txt -T replydsn
t "forward with -m" "$MSG" -m m.txt -T forward
t "feedback" "$MSG" -t r1.txt -T feedback -A 'From: abuse@y'
t "feedback fields need -R" "$MSG" -t r1.txt -T feedback --feedback-source-ip 1.2.3.4
t "feedback fields in order" "$MSG" -t r1.txt -T feedback -R abuse --feedback-authentication-results ar1 --feedback-reporting-mta 'dns; h' --feedback-original-rcpt-to '<a@b>' --feedback-source-ip 1.2.3.4 --feedback-authentication-results ar2 --feedback-incidents 2 --feedback-original-mail-from m --feedback-original-envelope-id e --feedback-reported-domain d
t "replyfeedback -a" "$MSG" -t r1.txt -T replyfeedback -R virus -a
t "feedback raw subject" 'From: a@b\nSubject: Re:  Fwd: x  y\n\nb\n' -t r1.txt -T feedback -N
t "feedback CRLF" "$CRLFMSG" -t r1.txt -T feedback -R other

# replydraft: the newest message of a maildir is the reply
mkdir -p "$T/md/new" "$T/md/cur" "$T/md/tmp" "$T/empty/new" "$T/empty/cur" "$T/empty/tmp"
printf 'From: me@y\nSubject: Vacation\nContent-Type: text/plain; charset=utf-8\n\nI am on vacation.\n' > "$T/md/cur/1700000000.M1P1.vm:2,S"
printf 'From: me@y\nSubject: Older\nX-Other: 1\nContent-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\nMIME-Version: 1.0\n\nolder=20text\n' > "$T/md/new/1800000000.M1P1.vm"
touch -d '2020-01-01' "$T/md/new/1800000000.M1P1.vm"
t "replydraft" "$MSG" -T replydraft -l md -A 'From: me@y'
t "replydraft ignores -a" "$MSG" -T replydraft -l md -a -N -s Subj
t "replydraft CRLF original" "$CRLFMSG" -T replydraft -l md -T replydraft
touch -d '2030-01-01' "$T/md/new/1800000000.M1P1.vm"
t "replydraft takes the newest" "$MSG" -T replydraft -l md
t "replydraft empty maildir" "$MSG" -T replydraft -l empty
t "replydraft missing maildir" "$MSG" -T replydraft -l nonexistent
t "replydraft needs -l" "$MSG" -T replydraft

# no reply
for h in 'Precedence: junk' 'Precedence: bulk' 'Precedence: list' 'precedence: BULK' 'Precedence: junk-ish' 'Precedence: first-class' 'Precedence:' 'List-ID: <x>' 'List-Unsubscribe: <x>' 'Auto-Submitted: auto-replied' 'Auto-Submitted: no' 'Auto-Submitted: NO' 'Auto-Submitted:  no ' 'Auto-Submitted:' 'Content-Type: multipart/report; report-type=x' 'Content-Type: multipart/report' 'Content-Type:  multipart/report ;x' ; do
  t "header '$h'" "From: a@b\n$h\nSubject: s\n\nb\n" -t r1.txt -N
done
t "-r match in Cc" 'From: a@b\nTo: x@y\nCc: c@d, "Me" <ME@HERE>\n\nb\n' -t r1.txt -N -r 'z@z,me@here'
t "-r no match" 'From: a@b\nTo: x@y\n\nb\n' -t r1.txt -N -r 'z@z,me@here'

# usage and errors
t "no text file is usage" "$MSG"
t "unknown option is usage" "$MSG" -t r1.txt -Z
t "missing text file" "$MSG" -t nosuch.txt
t "attached option values" "$MSG" -tr1.txt -sSubj -A'X-A: 1'
t "-- ends the options" "$MSG" -t r1.txt -- /bin/cat
t "flag with junk" "$MSG" -t r1.txt -Nx
t "trailing option without value" "$MSG" -t r1.txt -D
t "-t without value is usage" "$MSG" -t

# sending
s "sent to the given program" "$MSG" -t reply.txt -A 'From: me@here.org' "$T/fakesm" -oi -f ''
s "program exit code" "$MSG" -t r1.txt sh -c 'cat > /dev/null ; exit 3'
s "no reply runs nothing" 'From: a@b\nPrecedence: bulk\n\nb\n' -t r1.txt "$T/fakesm"
s "-f changes nothing in the reply" "$MSG" -t r1.txt -fother@x "$T/fakesm"

# the default mailer: the reference runs "sendmail -f ''" from PATH, we run
# $SENDMAIL -f ''
mkdir "$T/bin" ; cp "$T/fakesm" "$T/bin/sendmail"
printf "$MSG" > "$T/in"
( cd "$T" && CAPTURE="$T/w.cap" PATH="$T/bin:$PATH" "$ORACLE" -t r1.txt < "$T/in" )
( cd "$T" && CAPTURE="$T/g.cap" SENDMAIL="$T/fakesm" "$CMD/mailbot" -t r1.txt < "$T/in" )
check "default mailer: sendmail -f ''" cmp -s "$T/w.cap" "$T/g.cap"

# the duplicate database
dup ()
{
  name=$1 ; shift
  for who in w g ; do
    rm -f "$T/$who.db.gdbm" "$T/$who.db.lock" "$T/$who.cap"
    if test $who = w ; then prog=$ORACLE ; else prog=$CMD/mailbot ; fi
    res=
    for from in "$@" ; do
      rm -f "$T/$who.cap"
      printf "From: $from\nSubject: s\n\nb\n" | CAPTURE="$T/$who.cap" "$prog" -t "$T/r1.txt" -d "$T/$who.db" $DUPOPTS "$T/fakesm"
      if test -e "$T/$who.cap" ; then res="$res sent" ; else res="$res no" ; fi
    done
    keys=`"$T/dump" "$T/$who.db.gdbm" | sort | tr '\n' ' '`
    eval "${who}res=\"\$res \$keys\""
  done
  is "$name" "$gres" "$wres"
}
cat > "$T/dump.c" <<'EOF'
#include <gdbm.h>
#include <stdio.h>
#include <stdlib.h>
int main (int argc, char **argv)
{
  GDBM_FILE f = gdbm_open(argv[1], 0, GDBM_READER, 0, 0) ;
  if (!f) return 1 ;
  for (datum k = gdbm_firstkey(f) ; k.dptr ; )
  {
    datum n = gdbm_nextkey(f, k) ;
    printf("%.*s\n", k.dsize, k.dptr) ;
    free(k.dptr) ; k = n ;
  }
  return 0 ;
}
EOF
if ${CC:-cc} -o "$T/dump" "$T/dump.c" -lgdbm 2>/dev/null ; then
  DUPOPTS= dup "-d: once per sender" 'joe@x' 'joe@x' 'ann@y' 'JOE@X' 'Ann <ann@y>'
  DUPOPTS='-D 0' dup "-d -D 0" 'joe@x' 'joe@x'
  DUPOPTS='-fSomeOne@W' dup "-d with -f" 'a@b' 'c@d'
  # the reference reads our database and we read its own
  rm -f "$T/x.gdbm" "$T/x.lock"
  printf 'From: joe@x\n\nb\n' | "$CMD/mailbot" -n -t "$T/r1.txt" -d "$T/x" > /dev/null
  printf 'From: joe@x\n\nb\n' | CAPTURE="$T/w.cap" "$ORACLE" -t "$T/r1.txt" -d "$T/x" "$T/fakesm" ; rm -f "$T/g.cap"
  printf 'From: ann@y\n\nb\n' | "$ORACLE" -n -t "$T/r1.txt" -d "$T/x" > /dev/null
  printf 'From: ann@y\n\nb\n' | CAPTURE="$T/g.cap" "$CMD/mailbot" -t "$T/r1.txt" -d "$T/x" "$T/fakesm"
  test -e "$T/w.cap" || test -e "$T/g.cap" && notok "databases shared with the reference" || ok "databases shared with the reference"
else
  for n in 1 2 3 4 ; do skiptest "-d case $n" "cannot build a gdbm reader" ; done
fi
done_testing
