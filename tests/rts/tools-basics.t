# reformail, makedat and mailbot on their own (no reference needed): the
# main behaviours, fast, so that they also run on the sanitizer build.
. "$TOP/tests/lib.sh"
mktmp
unset SENDER SENDMAIL FILENO

# reformail
out=`printf 'Subject: a\n b\nX: 1\nX: 2\n\nbody\n' | "$CMD/reformail" -c -u X: -a 'Y: 3'`
is "reformail -c -u -a" "$out" "Subject: a b
X: 1
Y: 3

body"
out=`printf 'From a@b  Mon Jan  1 00:00:00 2024\nS: 1\n\nb\n' | "$CMD/reformail" -f0`
is "reformail -f0" "$out" "S: 1
Return-Path: <a@b>

b"
out=`printf 'To: x@y\nSubject: s\n\n' | "$CMD/reformail" -x Subject: -X to:`
is "reformail -x -X" "$out" "To: x@y
s"
out=`printf 'A: 1\nA: 2\nB: 1\n\n' | "$CMD/reformail" -U A: -R B: C:`
is "reformail -U -R" "$out" "C: 1
A: 2"
out=`printf 'S: 1\n\nb\n' | "$CMD/reformail" -d1 | od -An -c | tr -d ' \n'`
is "reformail -d1" "$out" 'S:1\r\n\r\nb\r\n'
printf 'From a\n\nx\n\nFrom b\n\ny\n' | "$CMD/reformail" -s sh -c 'cat > "$0/m.$FILENO"' "$T"
is "reformail -s first" "`cat "$T/m.000"`" "From a
x"
is "reformail -s second" "`cat "$T/m.001"`" "From b

y"
"$CMD/reformail" -Z < /dev/null 2> "$T/err" ; is "reformail bad option exits 1" "$?" 1
is "reformail bad option message" "`cat "$T/err"`" "reformail: Invalid arguments."
printf 'Message-ID: <1@x>\n\n' | "$CMD/reformail" -D 1000 "$T/dc" ; is "reformail -D new" "$?" 1
printf 'Message-ID: <1@x>\n\n' | "$CMD/reformail" -D 1000 "$T/dc" ; is "reformail -D duplicate" "$?" 0

# makedat
printf 'example.com\ndomain.com\tok\n# comment\n\nfoo.domain.com\tbad\n' > "$T/src"
( cd "$T" && "$CMD/makedat" -src=src -tmp=db.tmp -file=db )
is "makedat builds" "$?" 0
check "makedat renames the temporary file" test -f "$T/db" -a ! -e "$T/db.tmp"
printf 'k\tv\nk\tw\n' > "$T/dup"
( cd "$T" && "$CMD/makedat" -src=dup -tmp=db.tmp -file=db 2>/dev/null ) ; is "makedat duplicate key fails" "$?" 1
check "makedat failure keeps the old db and no tmp" test -f "$T/db" -a ! -e "$T/db.tmp"
printf 'a\tb' > "$T/nonl"
( cd "$T" && "$CMD/makedat" -src=nonl -tmp=n.tmp -file=n 2>/dev/null ) ; is "makedat unterminated source fails" "$?" 1
check "makedat unterminated source makes nothing" test ! -e "$T/n" -a ! -e "$T/n.tmp"
printf '10.1.0.0/16\tnet\n' > "$T/cidr"
( cd "$T" && "$CMD/makedat" -cidr -src=cidr -tmp=c.tmp -file=c ) ; is "makedat -cidr" "$?" 0
"$CMD/makedat" -src=x 2>/dev/null ; is "makedat usage exits 1" "$?" 1

# mailbot
printf 'Back soon.\n' > "$T/r.txt"
MSG='From: Joe <joe@x.org>\nSubject: Re: Hi\nMessage-ID: <m@x>\n\nhello\n'
out=`printf "$MSG" | "$CMD/mailbot" -n -t "$T/r.txt" -A 'From: me@y'`
is "mailbot reply" "$out" 'From: me@y
Precedence: junk
Auto-Submitted: auto-replied
To: Joe <joe@x.org>
References: <m@x>
In-Reply-To: <m@x>
Subject: Re: Hi
Mime-Version: 1.0
Content-Type: text/plain; format=flowed; delsp=yes; charset="UTF-8"
Content-Transfer-Encoding: 8bit

Joe writes:

> hello

Back soon.'
out=`printf 'From: a@b\nPrecedence: bulk\n\nx\n' | "$CMD/mailbot" -n -t "$T/r.txt"`
is "mailbot ignores bulk mail" "$out" ""
cat > "$T/sm" <<EOF
#!/bin/sh
echo "\$*" > "$T/args" ; cat > "$T/mail"
EOF
chmod 755 "$T/sm"
printf "$MSG" | SENDMAIL="$T/sm" "$CMD/mailbot" -t "$T/r.txt" -d "$T/db"
is "mailbot default mailer gets -f ''" "`cat "$T/args"`" "-f "
check "mailbot sends the reply" grep -q '^To: Joe <joe@x.org>$' "$T/mail"
rm -f "$T/mail"
printf "$MSG" | SENDMAIL="$T/sm" "$CMD/mailbot" -t "$T/r.txt" -d "$T/db"
check "mailbot -d answers once" test ! -e "$T/mail"
printf "$MSG" | "$CMD/mailbot" -t "$T/r.txt" sh -c 'cat > /dev/null ; exit 3' ; is "mailbot exits with the mailer's code" "$?" 3
"$CMD/mailbot" -n < /dev/null 2>/dev/null ; is "mailbot without -t exits 75" "$?" 75
done_testing
