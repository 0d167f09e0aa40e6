# maildrop logging (§5): records byte-identical to the reference's, one
# write each; a FIFO without a reader or with a stuck reader costs the log
# lines, never the delivery; the log is not inherited by children.
: "${TOP:=`pwd`}"
. "$TOP/tests/rts/maildrop-lib.sh"
mktmp
chmod 755 "$T"
have_lang || skip_all "needs the filter language (lang branch not merged yet)"

cat > "$T/msg" <<'M'
Return-Path: <sender@example.org>
From: Alice Example <alice@example.org>
To: bob@example.com
Subject: Hello there
Message-ID: <abc@example.org>

Body line 1
From the start
>From quoted
Body end
M
printf 'Subject: first\r\nFrom: a@b\r\n\r\nSubject: in body\r\nFrom: body-from\r\n' > "$T/crlf"
printf '#!/bin/sh\nexit 0\n' > "$T/sendmail" ; chmod 755 "$T/sendmail"

# filter LOGPATH: the records of pipes, forwards, failures.  The failing
# command reads its input first: one that exits at once races the
# oracle's write of the message (EPIPE then fails its whole delivery with
# 75, now and then), while ours fills the pipe before the command starts.
mkfilter ()
{
  cat > "$T/f" <<F
logfile "$1"
log "custom log line"
SENDMAIL="$T/sendmail"
cc "| cat > /dev/null"
cc "!a@b.c d@e.f"
cc "| cat > /dev/null ; exit 3"
cc "|cat > /dev/null; echo a very long command line that will be cut in the record"
to "| cat > /dev/null"
F
  chmod 600 "$T/f"
}

masklog () { sed 's/^Date: .*/Date: DATE/' "$1" ; }

for m in msg crlf ; do
  rm -f "$T/l.ours" "$T/l.ref"
  mkfilter "$T/l.ours" ; "$MD" "$T/f" < "$T/$m" ; rc1=$?
  if have_oracle ; then
    mkfilter "$T/l.ref" ; "$ORACLE" "$T/f" < "$T/$m" ; rc2=$?
    is "$m: exit codes agree" $rc1 $rc2
    masklog "$T/l.ours" > "$T/l1" ; masklog "$T/l.ref" > "$T/l2"
    if cmp -s "$T/l1" "$T/l2" ; then ok "$m: log file byte-identical to the oracle's" ; else notok "$m: log differs" ; diff "$T/l1" "$T/l2" | sed 's/^/# /' ; fi
  fi
  check "$m: log is mode 600" test "`stat -c %a "$T/l.ours"`" = 600
  cp "$T/l.ours" "$T/l.ours.$m"
done

# a FIFO with a reader: the same records as in the log file above, and
# as the oracle's through the same FIFO
mkfifo "$T/fifo"
for w in ours ref ; do
  if test $w = ours ; then b=$MD ; else have_oracle || continue ; b=$ORACLE ; fi
  cat "$T/fifo" > "$T/fifo.$w" &
  cpid=$!
  # opening a write end waits for the reader: no race with maildrop's
  # non-blocking open, and cat sees EOF once we close it
  exec 9> "$T/fifo"
  mkfilter "$T/fifo" ; "$b" "$T/f" < "$T/msg" 9>&-
  exec 9>&-
  wait $cpid
done
masklog "$T/fifo.ours" > "$T/l1" ; masklog "$T/l.ours.msg" > "$T/l2"
if cmp -s "$T/l1" "$T/l2" ; then ok "FIFO with a reader: the records of the log file" ; else notok "FIFO records differ from the file's" ; diff "$T/l1" "$T/l2" | sed 's/^/# /' ; fi
if have_oracle ; then
  masklog "$T/fifo.ref" > "$T/l2"
  if cmp -s "$T/l1" "$T/l2" ; then ok "FIFO with a reader: records identical to the oracle's" ; else notok "FIFO records differ from the oracle's" ; diff "$T/l1" "$T/l2" | sed 's/^/# /' ; fi
fi

# a FIFO without a reader: delivery goes on at once, one warning
mkfilter "$T/fifo"
start=`date +%s%N`
"$MD" "$T/f" < "$T/msg" 2> "$T/err" ; rc=$?
end=`date +%s%N`
is "FIFO without a reader: exit code of the last pipe" $rc 0
check "FIFO without a reader: done in under a second" test $(( (end - start) / 1000000 )) -lt 1000
is "FIFO without a reader: one warning" "`grep -c warning "$T/err"`" 1

# a reader that never reads: bounded wait, then the records are dropped
cat > "$T/f" <<F
logfile "$T/fifo"
N=0
while (\$N < 600)
{
  log "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789 \$N"
  N=\$N+1
}
to "| cat > $T/delivered"
F
chmod 600 "$T/f"
( exec 8< "$T/fifo" ; sleep 4 ) &
spid=$!
start=`date +%s%N`
"$MD" "$T/f" < "$T/msg" 2> "$T/err" ; rc=$?
end=`date +%s%N`
kill $spid 2>/dev/null ; wait $spid 2>/dev/null
is "stuck reader: delivery succeeds" $rc 0
check "stuck reader: message delivered" cmp -s "$T/msg" "$T/delivered"
check "stuck reader: done within 2 s" test $(( (end - start) / 1000000 )) -lt 2000

# LOG-10 fixed: children do not inherit the log descriptor
cat > "$T/f" <<F
logfile "$T/l.fd"
system "ls -l /proc/self/fd/ > $T/fds"
exit
F
chmod 600 "$T/f"
"$MD" "$T/f" < "$T/msg"
if test -s "$T/fds" ; then
  check "the log is close-on-exec" sh -c "! grep -qF '$T/l.fd' '$T/fds'"
else
  notok "system wrote no fd list"
fi
done_testing
