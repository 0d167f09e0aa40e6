#!/bin/sh
# tests/bench/equiv.sh: filter equivalence on a generated corpus.  A few
# thousand varied messages (deterministic: awk srand) go through the
# typical 30-rule filter of maildrop.sh with ours and the oracle, and
# through the equivalent procmailrc with procmail; every message must land
# in the same folder with all three.  Prints the counts per folder and the
# disagreements.  Not a test (a benchmark companion): it exits 0 anyway.
# Usage: sh tests/bench/equiv.sh [count]   (default 2000)
: "${TOP:=`pwd`}" "${CMD:=$TOP/command}"
MD=$CMD/maildrop ; ORACLE=/usr/bin/maildrop ; PROCMAIL=/usr/bin/procmail
count=${1:-2000}
test -x "$MD" || { echo "no $MD: run make first" ; exit 111 ; }
T=`mktemp -d "${TMPDIR:-/tmp}/mds-equiv.XXXXXX"` || exit 111
trap 'rm -rf "$T"' EXIT

words="viagra casino lottery winner prize bitcoin crypto pharmacy rolex replica
 mortgage refinance investment inheritance unclaimed diploma dating singles
 weightloss supplement"
lists="announce devel users security commits bugs"
bodies="unsubscribe-now click-here-to-claim wire-transfer-urgent act-now-limited"

mkfilter () # DIR
{
  for w in $words ; do printf 'if (/^Subject:.*%s/)\n{\n  to "%s/%s/"\n}\n' $w "$1" $w ; done
  for l in $lists ; do printf 'if (/^List-Id:.*<%s\\.lists\\.example\\.org>/)\n{\n  to "%s/%s/"\n}\n' $l "$1" $l ; done
  for b in $bodies ; do printf 'if (/%s/:b)\n{\n  to "%s/%s/"\n}\n' $b "$1" $b ; done
  printf 'to "%s/inbox/"\n' "$1"
}
# every folder is a maildir (procmail sleeps up to a second after an mbox
# delivery, so that the mailbox looks new)
mkmaildirs () # DIR
{
  for f in $words $lists $bodies inbox ; do mkdir -p "$1/$f/tmp" "$1/$f/new" "$1/$f/cur" ; done
}
contenders=ours
mkmaildirs "$T/ours" ; mkfilter "$T/ours" > "$T/f.ours" ; chmod 600 "$T/f.ours"
if test -x "$ORACLE" ; then
  contenders="$contenders oracle"
  mkmaildirs "$T/oracle" ; mkfilter "$T/oracle" > "$T/f.oracle" ; chmod 600 "$T/f.oracle"
fi
if test -x "$PROCMAIL" ; then
  contenders="$contenders procmail"
  mkmaildirs "$T/procmail"
  {
    echo "MAILDIR=$T/procmail" ; echo "LOGFILE=/dev/null"
    for w in $words ; do printf ':0\n* ^Subject:.*%s\n%s/\n\n' $w "$T/procmail/$w" ; done
    for l in $lists ; do printf ':0\n* ^List-Id:.*<%s\\.lists\\.example\\.org>\n%s/\n\n' $l "$T/procmail/$l" ; done
    for b in $bodies ; do printf ':0 B\n* %s\n%s/\n\n' $b "$T/procmail/$b" ; done
    printf ':0\n%s/inbox/\n' "$T/procmail"
  } > "$T/rc" ; chmod 600 "$T/rc"
fi

# the corpus: one file per message, each with a unique Message-ID; spam
# words, list ids and body phrases appear with random case, in the right
# and in the wrong places (X-Subject:, From:, a Subject: line in the body,
# a list id without its angle brackets, a phrase cut by a line break)
mkdir -p "$T/corpus"
awk -v n="$count" -v dir="$T/corpus" -v words="$words" -v lists="$lists" -v bodies="$bodies" '
function pick(a, k) { return a[int(rand() * k) + 1] }
function rcase(s,   i, c, o) {
  if (rand() < 0.5) return s
  o = "" ; for (i = 1 ; i <= length(s) ; i++) { c = substr(s, i, 1) ; o = o (rand() < 0.5 ? toupper(c) : c) } ; return o
}
BEGIN {
  srand(20261122)
  nw = split(words, W, " ") ; nl = split(lists, L, " ") ; nb = split(bodies, B, " ")
  nf = split("report meeting lunch invoice draft update holiday notes review plan", F, " ")
  for (m = 1 ; m <= n ; m++) {
    f = sprintf("%s/%05d", dir, m)
    print "Return-Path: <sender" m "@example.org>" > f
    r = rand()
    if (r < 0.1) print "From: " rcase(pick(W, nw)) " fan <x@example.org>" > f
    else print "From: Sender " m " <sender" m "@example.org>" > f
    print "To: bob@example.com" > f
    s = pick(F, nf) " " pick(F, nf)
    r = rand()
    if (r < 0.25) s = s " " rcase(pick(W, nw)) " " pick(F, nf)
    else if (r < 0.3) s = rcase(pick(W, nw)) substr("xyz", 1, int(rand() * 3))
    if (rand() < 0.1) print "X-Subject: " rcase(pick(W, nw)) > f
    print "Subject: " s > f
    r = rand()
    if (r < 0.25) print "List-Id: Some list <" rcase(pick(L, nl)) ".lists.example.org>" > f
    else if (r < 0.3) print "List-Id: " pick(L, nl) ".lists.example.org" > f
    else if (r < 0.35) print "List-Id: <" pick(L, nl) ".lists.example.com>" > f
    print "Message-ID: <m" m "@example.org>" > f
    print "Date: Sun, 22 Nov 2026 00:00:00 +0000" > f
    print "" > f
    k = int(rand() * 40) + 1
    for (i = 1 ; i <= k ; i++) {
      r = rand()
      if (r < 0.01) print "Subject: " pick(W, nw) > f
      else if (r < 0.02) { b = pick(B, nb) ; h = int(length(b) / 2) ; print "text " substr(b, 1, h) > f ; print substr(b, h + 1) " text" > f }
      else if (r < 0.03) print "please " rcase(pick(B, nb)) " today" > f
      else print "The quick brown fox " m " jumps over the lazy dog, line " i "." > f
    }
    close(f)
  }
}'

for c in $contenders ; do
  for m in "$T/corpus/"* ; do
    case $c in
      ours) "$MD" "$T/f.ours" < "$m" ;;
      oracle) "$ORACLE" "$T/f.oracle" < "$m" ;;
      procmail) "$PROCMAIL" -m "$T/rc" < "$m" ;;
    esac > /dev/null 2>&1 || echo "# $c failed on $m"
  done
  # message -> folder
  for d in "$T/$c/"* ; do
    cat "$d/new/"* 2> /dev/null | grep '^Message-ID: <m' | sed "s|^Message-ID: <m\\([0-9]*\\)@.*|\\1 ${d##*/}|"
  done | sort -n > "$T/class.$c"
done

echo "corpus: $count messages"
printf '%-22s' folder ; for c in $contenders ; do printf ' %9s' $c ; done ; echo
for f in `cat "$T"/class.* | awk '{ print $2 }' | sort -u` ; do
  printf '%-22s' $f
  for c in $contenders ; do printf ' %9s' `awk -v f=$f '$2 == f' "$T/class.$c" | wc -l` ; done
  echo
done
for c in $contenders ; do
  test $c = ours && continue
  n=`diff "$T/class.ours" "$T/class.$c" | grep -c '^<'`
  echo "ours vs $c: $n of $count messages classified differently"
  test "$n" = 0 || diff "$T/class.ours" "$T/class.$c" | head -n 10 | sed 's/^/#   /'
done
