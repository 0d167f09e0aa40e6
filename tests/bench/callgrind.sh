#!/bin/sh
# tests/bench/callgrind.sh: the cost of filter evaluation in instructions
# (valgrind --tool=callgrind, stable on a noisy machine): a 50 KB message
# run through the typical 30-rule filter of maildrop.sh, minus the same run
# through a filter that only delivers.  Ours, the oracle (a copy without
# its set-gid bit, which valgrind refuses) and procmail (copies
# too: procmail is set-uid).  Not a test.
# Usage: sh tests/bench/callgrind.sh [bytes]   (default 51200)
: "${TOP:=`pwd`}" "${CMD:=$TOP/command}"
MD=$CMD/maildrop ; ORACLE=/usr/bin/maildrop ; PROCMAIL=/usr/bin/procmail
bytes=${1:-51200}
command -v valgrind > /dev/null || { echo "no valgrind: skipped" ; exit 0 ; }
test -x "$MD" || { echo "no $MD: run make first" ; exit 111 ; }
T=`mktemp -d "${TMPDIR:-/tmp}/mds-cg.XXXXXX"` || exit 111
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/nowhere" "$T/md/new" "$T/md/cur" "$T/md/tmp"

words="viagra casino lottery winner prize bitcoin crypto pharmacy rolex replica
 mortgage refinance investment inheritance unclaimed diploma dating singles
 weightloss supplement"
lists="announce devel users security commits bugs"
bodies="unsubscribe-now click-here-to-claim wire-transfer-urgent act-now-limited"
{
  for w in $words ; do printf 'if (/^Subject:.*%s/)\n{\n  to "%s"\n}\n' $w "$T/nowhere/$w" ; done
  for l in $lists ; do printf 'if (/^List-Id:.*<%s\\.lists\\.example\\.org>/)\n{\n  to "%s"\n}\n' $l "$T/nowhere/$l" ; done
  for b in $bodies ; do printf 'if (/%s/:b)\n{\n  to "%s"\n}\n' $b "$T/nowhere/$b" ; done
  printf 'to "%s/"\n' "$T/md"
} > "$T/f.typ"
printf 'to "%s/"\n' "$T/md" > "$T/f.del"
{
  echo "MAILDIR=$T/nowhere" ; echo "LOGFILE=/dev/null"
  for w in $words ; do printf ':0\n* ^Subject:.*%s\n%s\n\n' $w "$T/nowhere/$w" ; done
  for l in $lists ; do printf ':0\n* ^List-Id:.*<%s\\.lists\\.example\\.org>\n%s\n\n' $l "$T/nowhere/$l" ; done
  for b in $bodies ; do printf ':0 B\n* %s\n%s\n\n' $b "$T/nowhere/$b" ; done
  printf ':0\n%s/\n' "$T/md"
} > "$T/rc.typ"
{ echo "MAILDIR=$T/nowhere" ; echo "LOGFILE=/dev/null" ; printf ':0\n%s/\n' "$T/md" ; } > "$T/rc.del"
chmod 600 "$T/f.typ" "$T/f.del" "$T/rc.typ" "$T/rc.del"

{
  printf 'Return-Path: <alice@example.org>\nReceived: from mx.example.org by mail.example.com; Sun, 22 Nov 2026 00:00:00 +0000\n'
  printf 'From: Alice Example <alice@example.org>\nTo: bob@example.com\nSubject: quarterly report draft\n'
  printf 'Date: Sun, 22 Nov 2026 00:00:00 +0000\nMessage-ID: <bench@example.org>\nMIME-Version: 1.0\n'
  printf 'Content-Type: text/plain; charset=us-ascii\n\n'
  yes 'The quick brown fox jumps over the lazy dog; nothing to see in this line at all.' | head -c "$bytes"
} > "$T/msg"

# the oracle is set-gid: valgrind needs a plain copy (run as root, the
# filter file mode 600, it works in manual mode)
ORCOPY= PMCOPY=
if test -x "$ORACLE" ; then cp "$ORACLE" "$T/oracle" && chmod 755 "$T/oracle" && ORCOPY=$T/oracle ; fi
if test -x "$PROCMAIL" ; then cp "$PROCMAIL" "$T/procmail" && chmod 755 "$T/procmail" && PMCOPY=$T/procmail ; fi

# ir PROG ARGS...: the instructions of one run
ir ()
{
  valgrind --tool=callgrind --callgrind-out-file="$T/cg.out" "$@" < "$T/msg" 2> "$T/cg.err" > /dev/null
  n=`ls "$T/md/new" | wc -l` ; rm -f "$T/md/new/"*
  test "$n" = 1 || { echo "# WARNING: $1 delivered $n messages" >&2 ; }
  sed -n 's/^.*Collected : \([0-9]*\).*$/\1/p' "$T/cg.err" | tail -n 1
}

printf '%-9s %14s %14s %14s %9s\n' program typical delivery filter vs_oracle
ref=
for c in oracle ours procmail ; do
  case $c in
    ours) typ=`ir "$MD" "$T/f.typ"` ; del=`ir "$MD" "$T/f.del"` ;;
    oracle) test -n "$ORCOPY" || continue ; typ=`ir "$ORCOPY" "$T/f.typ"` ; del=`ir "$ORCOPY" "$T/f.del"` ;;
    procmail) test -n "$PMCOPY" || continue ; typ=`ir "$PMCOPY" -m "$T/rc.typ"` ; del=`ir "$PMCOPY" -m "$T/rc.del"` ;;
  esac
  test -n "$typ" && test -n "$del" || { echo "# $c: no figures (valgrind failed)" ; continue ; }
  f=$((typ - del))
  test $c = oracle && ref=$f
  if test -n "$ref" ; then ratio=`awk -v a=$f -v b=$ref 'BEGIN { printf "%.3f", a / b }'` ; else ratio=- ; fi
  printf '%-9s %14s %14s %14s %9s\n' $c $typ $del $f $ratio
done
