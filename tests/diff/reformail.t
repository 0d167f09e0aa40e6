# reformail against the reference (/usr/bin/reformail): same stdout bytes,
# same stderr, same exit code, for each case.  Dates of generated From_
# lines and generated Message-IDs are masked.
. "$TOP/tests/lib.sh"
ORACLE=${REFORMAIL_ORACLE:-/usr/bin/reformail}
test -x "$ORACLE" || skip_all "no reference reformail at $ORACLE"
mktmp

mask ()
{
  sed -e 's/^From \([^ ]*\) [A-Z][a-z][a-z] [A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]\{8\} [0-9]\{4\}/From \1 DATE/' \
      -e 's/<[0-9A-F]\{16\}\.[0-9A-F]\{16\}\.reformail@[^>]*>/<MSGID>/g'
}

# t NAME INPUT ARGS... : INPUT is a printf format
t ()
{
  name=$1 ; input=$2 ; shift 2
  printf "$input" > "$T/in"
  "$ORACLE" "$@" < "$T/in" > "$T/w.raw" 2> "$T/w.err" ; wrc=$?
  "$CMD/reformail" "$@" < "$T/in" > "$T/g.raw" 2> "$T/g.err" ; grc=$?
  mask < "$T/w.raw" > "$T/w.out" ; mask < "$T/g.raw" > "$T/g.out"
  if cmp -s "$T/w.out" "$T/g.out" && cmp -s "$T/w.err" "$T/g.err" && test "$wrc" = "$grc" ; then
    ok "$name"
  else
    notok "$name"
    echo "#   args: $*   exit: want $wrc got $grc"
    od -c "$T/w.out" | sed 's/^/#  want /' | head -20
    od -c "$T/g.out" | sed 's/^/#   got /' | head -20
    sed 's/^/#  want err: /' "$T/w.err" ; sed 's/^/#   got err: /' "$T/g.err"
  fi
}

# ts NAME INPUT ARGS... : mbox splitting; every message is captured with
# its FILENO and compared
SPLIT='cat > "$OUT/msg.$FILENO" ; echo "$FILENO" >> "$OUT/list"'
ts ()
{
  name=$1 ; input=$2 ; shift 2
  printf "$input" > "$T/in"
  for who in w g ; do
    rm -rf "$T/$who.d" ; mkdir "$T/$who.d" ; : > "$T/$who.d/list"
    if test $who = w ; then prog=$ORACLE ; else prog=$CMD/reformail ; fi
    OUT=$T/$who.d "$prog" "$@" -s sh -c "$SPLIT" < "$T/in" > "$T/$who.stdout" 2>&1
    echo "exit $?" >> "$T/$who.stdout"
    while read f ; do echo "== $f" ; od -c "$T/$who.d/msg.$f" ; done < "$T/$who.d/list" >> "$T/$who.stdout"
  done
  if cmp -s "$T/w.stdout" "$T/g.stdout" ; then ok "$name" ; else
    notok "$name"
    diff "$T/w.stdout" "$T/g.stdout" | sed 's/^/# /' | head -30
  fi
}
export OUT

M1='From a@b  Mon Jan  1 00:00:00 2024\nReturn-Path: <x@y>\nSubject: hi\n there\nTo: a@b\nX-A: 1\nX-A: 2\n\nbody\nFrom nowhere\n'
M2='A: 1\nB: 1\nA: 2\nB: 2\nC: 1\nA: 3\nC: 2\n\nbody 1\n\nbody 2\n'
FOLD='Subject:   a\n\t  b  \n  c\nX: 1\n\nbody\n'
BAD='bad line\nbad line\nbad line: x\nS: 1\nS: 2\nS :3\n\nb\n'
CRLF='From a@b x\r\nSubject: hi\r\n there\r\nTo: a@b\r\n\r\nbody\r\n\r\nlast\r\n'
EIGHT='Subject: caf\351 \303\251t\303\251\nX-Bin: \001\002\177\200\377\n\nbody \351\377\n'

# plain copies and line endings
t "plain copy" "$M1"
t "empty input" ''
t "blank lines only" '\n\n\n'
t "leading blank lines dropped" '\n\nS: 1\n\nbody\n'
t "header only, no blank line" 'S: 1\n'
t "header only, no final newline" 'S: 1'
t "body without final newline" 'S: 1\n\nbody'
t "no header at all" '\n\nbody\n'
t "line without colon" 'just text\nmore text\n'
t "CRLF input" "$CRLF"
t "CRLF input -d1" "$CRLF" -d1
t "LF input -d1" "$M1" -d1
t "-d alone means CRLF" "$M1" -d
t "-d2 means CRLF" "$M1" -d2
t "-d0 after -d1" "$M1" -d1 -d0
t "-d 0 stops options" "$M1" -d 0
t "stray CRs" 'A: 1\r\r\nB: x\rz\nC: 3\n\nb\r\r\nq\rr\r'
t "stray CRs -d1" 'A: 1\r\r\nB: x\rz\nC: 3\n\nb\r\r\nq\rr\r' -d1
t "8-bit header and body" "$EIGHT"
t "8-bit -c -d1" "$EIGHT" -c -d1
# NUL bytes: the reference truncates and loses lines; we pass them through
printf 'S: a\000b\n\nbo\000dy\n' | "$CMD/reformail" | od -c > "$T/nul.got"
printf 'S: a\000b\n\nbo\000dy\n' | od -c > "$T/nul.want"
check "NUL bytes pass through (deliberate difference)" cmp -s "$T/nul.got" "$T/nul.want"
t "long header line" "S: `printf '%05000d' 7`\n\nb\n" -c

# folding
t "-c joins folded headers" "$FOLD" -c
t "-c with From_ continuation" 'From a\n\tX: 1\n Y\nZ: 2\n\nb\n' -c
t "-c -d1" "$M1" -c -d1
t "folded header kept -d1" "$M1" -d1
t "whitespace-only continuation" 'S: a\n   \n b\n\n' -c
t "continuation as first line" ' cont first\nS: 1\n\n' -c

# extraction
t "-x value" "$M1" -x Subject:
t "-X whole header" "$M1" -X subject:
t "-x folded value" "$FOLD" -x Subject:
t "-X folded" "$FOLD" -X Subject:
t "-x needs the colon" "$M1" -x To
t "-x repeated header" "$M1" -x X-A:
t "-x and -X mixed, message order" "$M1" -x x-a: -X To:
t "-x beats -X" "$M1" -X X-A: -x x-a:
t "-x value after the name" "$BAD" -x 'S: h'
t "-x colonless header" "$BAD" -x 'bad line'
t "-x name with colon vs colonless" "$BAD" -x 'bad line:'
t "-x space before colon" "$BAD" -x 'S :'
t "-x trailing white space kept" 'S:\t1 \t\n\n' -x S:
t "-x empty folded value" 'Subject:\n b\n\n' -x Subject:
t "-x sees renamed headers" "$M1" -R X-A: X-B: -x X-B:
t "-x sees appended headers" "$M2" -a 'Z: 1' -x Z:
t "-x with -d1" "$M1" -d1 -x X-A:
t "-x with -U" "$M2" -U A: -x A:
t "-x no match" "$M1" -x Nothing:
t "-x attached value" "$M1" -xTo: -XSubject:

# adding headers
t "-a new header" "$M1" -a 'X-New: v'
t "-a existing header" "$M1" -a 'X-A: 3'
t "-a empty value" "$M1" -a 'X-B:'
t "-a without colon" "$M1" -a 'NoColon'
t "-a twice same new name" "$M1" -a 'X-N: 1' -a 'X-N: 2'
t "-a Message-ID generated" 'S: 1\n\n' -a 'Message-ID:'
t "-a Message-ID with a space is kept" 'S: 1\n\n' -a 'Message-ID: '
t "-a Message-ID exists" 'Message-ID: <a>\n\n' -a 'Message-ID:'
t "-A Message-ID twice" 'S: 1\n\n' -A 'Message-ID:' -A 'Message-ID:'
t "-A Resent-Message-ID not generated" 'S: 1\n\n' -A 'Resent-Message-ID:'
t "-A always" "$M1" -A 'X-A: 3'
t "-a then -A order" "$M2" -A 'Q: 1' -a 'Q: 2'
t "-i renames to Old-" "$M1" -i 'X-A: 3'
t "-i empty value" "$M1" -i 'X-A:'
t "-i with a space value" 'S: 1\n\n' -i 'X-A: '
t "-I replaces" "$M1" -I 'X-A: 3'
t "-I empty removes" "$M1" -I 'X-A:'
t "-I twice" "$M1" -I 'X-A: a' -I 'X-A: b'
t "-I without colon matches nothing" "$BAD" -I 'bad line'
t "-I with colon matches colonless" "$BAD" -I 'bad line:'
t "-I value after name" "$BAD" -I 'S: q'
t "append order a A i I f0" "$M1" -I 'X-1: i' -a 'X-2: a' -A 'X-3: A' -i 'X-4: i' -f0 -a 'X-5: a'
t "extra arguments ignored" "$M1" -a 'X-C: 3' extra -c

# -u -U -R
t "-u first" "$M1" -u X-A:
t "-U last, moved to the end" "$M2" -U A:
t "-U two names" "$M2" -U B: -U A:
t "-u beats -U" "$M2" -U A: -u a:
t "-U after appended headers" "$M2" -U A: -a 'X: 1' -A 'Y: 1' -i 'Z: 1' -I 'W: 1'
t "-u option values" "$M2" -u 'A: 1' -u 'a: 2'
t "-u without colon" "$M2" -u A
t "-U and -a" "$M2" -a 'A: n' -U A:
t "-u and -a" "$M2" -a 'A: n' -u A:
t "-R rename" "$M1" -R X-A: X-B:
t "-R attached" "$M1" -RX-A: X-B:
t "-R is not chained" "$M1" -R X-A: X-B: -R X-B: X-C:
t "-R first wins" "$M2" -R A: B: -R A: C:
t "-R new name without colon" 'S: x\n\n' -R S: T
t "-R empty new name" 'S: x\n\n' -R S: ''
t "-R with a value in the old name" "$BAD" -R 'S: 1' 'T:'
t "-R colonless" "$BAD" -R 'bad line:' 'x:'
t "-R beats -U" "$M2" -U A: -R A: Q:
t "-R and -a" "$M2" -a 'A: n' -R A: Q:
t "-R and -a on new name" "$M2" -a 'Q: n' -R A: Q:
t "-i beats -I" "$M2" -I A: -i 'A: x'
t "-i then -I on Old-" "$M2" -i 'A: x' -I 'Old-A:'
t "-i then -R on Old-" "$M2" -i 'A: x' -R 'Old-A:' 'Z:'
t "-I beats -R" "$M2" -R A: Q: -I 'A:'
t "-U on the From_ line" "From z\n$M2" -U 'From z'
t "-R on the From_ line" "From z\n$M2" -R 'From z' 'Q'

# From_ lines
t "-f0 From_ to Return-Path" "$M1" -f0
t "-f bare last means -f0" "$M1" -f
t "-f takes next argument" "$M1" -f -c
t "-f 0 separate" "$M1" -f 0 -c
t "-fx means -f1" "$M1" -fx
t "-f0 then -f1" "$M1" -f0 -f1
t "-f1 then -f0" "$M1" -f1 -f0
t "-f0 angle address" 'From <a@b> Mon\nS: 1\n\nb\n' -f0
t "-f0 empty address" 'From \nS: 1\n\nb\n' -f0
t "-f0 spaces" 'From  a@b  x\nS: 1\n\nb\n' -f0
t "-f0 tab in address" 'From a\tb\nS: 1\n\nb\n' -f0
t "-f0 needs From space" 'From\ta b\nS: 1\n\nb\n' -f0
t "-f0 quoted local part" 'From "a b"@c d\nS: 1\n\nb\n' -f0
t "-f0 removes all Return-Path" 'From a\nReturn-Path: x\nReturn-path: y\n Z\nS: 1\n\nb\n' -f0
t "-f0 -i keeps old Return-Path" 'From a\nReturn-Path: x\n\n' -f0 -i 'Return-Path: q'
t "-f0 without From_" 'Return-Path: x\n\nb\n' -f0
t "-f0 From_ alone" 'From a\n' -f0
t "-f0 From_ then blank" 'From a\n\n' -f0
t "-f0 From_ blank body loses a line" 'From a\n\nb\nc\n' -f0
t "-f0 From_ blank folded loss" 'From a\n\n\tb\nc\nd\ne\n' -f0
t "-f0 From_ blank blank" 'From a\n\n\n\nb\n' -f0
t "-f0 From_ continuation" 'From a\n S: 1\n\nb\n' -f0
t "-f0 whitespace line" 'From a\n  \nb\n' -f0
t "-f0 -x Return-Path" 'From a\nS: 1\n\nb\n' -x 'Return-Path:' -f0
t "-f0 -d1 CRLF" 'From a\r\n\r\nb\r\nc\r\n' -f0 -d1
t "From_ kept by default" 'From a\n\n\n\nx\n'
t "From_ alone" 'From a\n'
t "-f1 keeps From_" "$M1" -f1
t "-f1 from Return-Path" 'From: Joe <joe@x.org>\nErrors-To: err@x\nReturn-Path: <rp@x>\n\nb\n' -f1
t "-f1 last of Errors-To/Return-Path" 'Return-Path: <rp@x>\nErrors-To: err@x\nFrom: f\n\nb\n' -f1
t "-f1 From is weak" 'Errors-To: e\nFrom: f\n\nb\n' -f1
t "-f1 from From" 'From: "A B" <a@b>, c@d\n\nb\n' -f1
t "-f1 comment address" 'From: joe@x.org (Joe)\n\nb\n' -f1
t "-f1 group" 'From: Group: a@b, c@d;\n\nb\n' -f1
t "-f1 route" 'From: @route:a@b\n\nb\n' -f1
t "-f1 first word" 'From: a b c\n\nb\n' -f1
t "-f1 empty Return-Path gives root" 'Return-Path: <>\nFrom: f\n\nb\n' -f1
t "-f1 no address gives root" 'X: 1\n\nb\n' -f1
t "-f1 uses original headers" 'Errors-To: e\nS: 1\n\n' -f1 -I 'Errors-To:'
t "-f1 -d1" 'S: 1\n\nb\n' -f1 -d1
t "-f1 empty input" '' -f1

# option parsing
t "invalid option" "$M1" -Z
t "invalid after valid" "$M1" -c -Z
t "-h is invalid" "$M1" -h
t "missing -a value" "$M1" -a
t "empty -a value" "$M1" -a ''
t "empty -x value" "$M1" -x ''
t "missing -R new name" "$M1" -R X-A:
t "empty -R old name" "$M1" -R '' x
t "missing -D file" "$M1" -D 100
t "-s without a program" "$M1" -s
t "-c with attached junk" "$M1" -c5
t "-cf0 is only -c" "$M1" -cf0
t "- ends options" "$M1" - -c
t "-- ends options" "$M1" -- -c
t "non-option ends options" "$M1" foo -c
t "empty argument ends options" "$M1" '' -c
t "-D then invalid" "$M1" -D 100 "$T/nocache" -Z

# more combinations
t "body From_ lines untouched" 'S: 1\n\nFrom me\n>From you\nFrom\n' -f0
t "-c and -x" "$FOLD" -c -x Subject:
t "-x with -f1 From_ line" 'S: 1\n\n' -f1 -x S:
t "-u with folded header" 'A: 1\n cont\nA: 2\n\n' -u A:
t "-U with folded header -c" 'A: 1\n cont\nB: x\nA: 2\n more\n\n' -U A: -c
t "-I then -a same name" "$M2" -I 'A: new' -a 'A: other'
t "-i on Old- header" 'Old-A: 0\nA: 1\n\n' -i 'A: n'
t "-R to an existing name then -u" "$M2" -R B: A: -u A:
t "-a with 8-bit value" 'S: 1\n\n' -a 'X-8: caf\351'
t "header with CR inside" 'S: a\rb\nT: 1\n\n' -c
t "header name with spaces" 'X Y: 1\nX Y: 2\n\n' -u 'X Y:'
t "colon only header" ':\n:x\n\n' -x ':'
t "tab folded From_ -f1" 'From a\n\tb\n\nbody\n' -f1
t "many options at once" "$M1" -c -d1 -f0 -a 'X-New: 1' -A 'X-All: 2' -i 'To: n@x' -I 'Subject: s' -R X-A: X-Z: -u Return-Path: -U X-Z:
t "CRLF -x -d1" "$CRLF" -x Subject: -d1
t "empty header value -x" 'S:\n\n' -x S:
t "-X colonless" "$BAD" -X 'bad line'
ts "split -f0 on later From_" 'From a\nS: 1\n\nx\nFrom b\nT: 2\n\ny\n' -f0
ts "split -x is invalid" 'From a\nS: 1\n\nx\n\nFrom b\nS: 2\n\ny\n' -x S:
t "-x with -D is invalid" 'Message-ID: <z>\n\n' -x S: -D 10 "$T/cz"
t "-D with -X is invalid" 'Message-ID: <z>\n\n' -D 10 "$T/cz" -X S:
ts "split -D is invalid" 'Message-ID: <z>\n\n' -D 10 "$T/cz"
ts "split -c" 'From a\nS: 1\n 2\n\nx\n' -c
ts "split big message" "From a\n\n`i=0 ; while test $i -lt 3000 ; do printf 'line %d\\n' $i ; i=$((i+1)) ; done`From b\n\nend\n"

# mbox splitting
ts "split basic" 'From a@b Mon\nS: 1\n\nbody1\n>From x\n\nFrom c@d Tue\r\nS: 2\r\n\r\nbody2\r\nFrom e@f\n\nFrom g\nX: 3\n\nlast'
ts "split one message" 'From a\nS: 1\n\nx\n\n'
ts "split no From_" 'S: 1\n\nx\nFrom b\nFrom c\n'
ts "split leading blanks" '\n\nS: 1\n\nx\n'
ts "split blank after first line" 'From a\n\n\n\nx\n\n\nFrom b'
ts "split empty input" ''
ts "split blank input" '\n'
ts "split -d1 CRLF" 'From a\r\nS: 1\r\n\r\nx\r\n\r\nFrom b\r\nT: 2\r\n\r\ny\r\n' -d1
ts "split with -a" 'From a\nS: 1\n\nx\n\nFrom b\nT: 2\n\ny\n' -a 'X: 1'
ts "split header-only messages" 'a\nb\nFrom c\n'
ts "split body From" 'a\nb\n\nc\nFrom d\n'
for f in 7 0099 9 abc -3 '' ; do
  FILENO=$f ; export FILENO
  ts "split FILENO='$f'" 'From a\n\nx\n\nFrom b\n\ny\n\nFrom c\n\nz\n'
done
unset FILENO
ts "split attached -s value is ignored" 'From a\n\nx\n'
# the reference forks and its exec failure races with its writes; ours
# reports the failure and goes on with the next message
printf 'From a\n\nx\n\nFrom b\n' | "$CMD/reformail" -s "$T/nonexistent" 2> "$T/err" ; rc=$?
is "split exec failure exit" "$rc" 0
is "split exec failure message" "`cat "$T/err"`" "reformail: exec() failed.
reformail: exec() failed."
{ printf 'From a\n\n' ; i=0 ; while test $i -lt 2000 ; do echo "body line $i of a long message to fill the pipe" ; i=$((i+1)) ; done ; } > "$T/big"
"$ORACLE" -s true < "$T/big" 2> "$T/w.err" ; w=$?
"$CMD/reformail" -s true < "$T/big" 2> "$T/g.err" ; g=$?
if test "$w" = "$g" && cmp -s "$T/w.err" "$T/g.err" ; then ok "split child that does not read" ; else notok "split child that does not read" ; echo "# want $w got $g" ; fi

# duplicate cache: a sequence of runs on one cache per implementation
dseq ()
{
  name=$1 ; len=$2 ; shift 2
  rm -f "$T/cw" "$T/cg" ; w= ; g=
  for id in "$@" ; do
    printf 'Message-ID: %s\n\nbody\n' "$id" | "$ORACLE" -D "$len" "$T/cw" ; w="$w $?"
    printf 'Message-ID: %s\n\nbody\n' "$id" | "$CMD/reformail" -D "$len" "$T/cg" ; g="$g $?"
  done
  if test "$w" = "$g" && cmp -s "$T/cw" "$T/cg" ; then ok "$name" ; else
    notok "$name" ; echo "#  want$w got$g"
    od -c "$T/cw" | sed 's/^/#  want /' ; od -c "$T/cg" | sed 's/^/#   got /'
  fi
}
dseq "-D new and duplicate" 100 '<a@b>' '<a@b>' '  <a@b>  ' '<c@d>'
dseq "-D trims the oldest" 20 '<a1>' '<b2>' '<c3>' '<d4>' '<e5>' '<b2>' '<C3>' '<c3>'
dseq "-D shrink leaves old bytes" 20 '<a1>' '<b2>' '<c3>' '<f6>'
dseq "-D small sizes" 10 '<1>' '<2>' '<3>' '<4>'
dseq "-D 13" 13 '<1>' '<2>' '<3>' '<4>'
dseq "-D 17" 17 '<1>' '<2>' '<3>' '<4>'
dseq "-D id longer than len" 10 '<1>' '<2222222222>' '<3>' '<4>'
dseq "-D duplicate moves to the end" 100 '<1>' '<2>' '<3>' '<1>'
dseq "-D duplicate then trim" 8 '<1>' '<2>' '<3>' '<2>'
dseq "-D zero length" 0 '<ab>' '<ab>' '<cd>'
dseq "-D non-numeric length" abc '<ab>' '<cd>' '<ab>'
rm -f "$T/cw" "$T/cg"
t "-D no Message-ID, no file" 'S: 1\n\n' -D 10 "$T/cw"
test -e "$T/cw" && notok "-D without id created the cache" || ok "-D without id creates nothing"
for c in "$T/cw" "$T/cg" ; do printf 'a\000b' > "$c" ; done
dseq "-D unterminated cache" 100 'c'
# dcase NAME INPUT ARGS... : one run each on a copy of $T/cinit, with -D
dcase ()
{
  name=$1 ; input=$2 ; shift 2
  cp "$T/cinit" "$T/cw" ; cp "$T/cinit" "$T/cg"
  printf "$input" | "$ORACLE" "$@" -D 100 "$T/cw" ; w=$?
  printf "$input" | "$CMD/reformail" "$@" -D 100 "$T/cg" ; g=$?
  if test "$w" = "$g" && cmp -s "$T/cw" "$T/cg" ; then ok "$name" ; else
    notok "$name" ; echo "#  want $w got $g"
  fi
}
printf 'x\000\000' > "$T/cinit"
dcase "-D folded Message-ID" 'Message-Id:\n <c@b>\n\n'
dcase "-D with -I Message-ID" 'Message-ID: <o>\n\n' -I 'Message-ID: <n>'
dcase "-D renamed Message-ID" 'Message-ID: <o>\n\n' -R 'Message-ID:' 'X:'
dcase "-D first Message-ID" 'Message-ID: <1>\nMessage-ID: <2>\n\n'
dcase "-D empty Message-ID" 'Message-ID:  \n\n'
printf '<1>\000<2>\000\000' > "$T/cinit"
dcase "-D known id" 'Message-ID: <2>\n\n'
# the reference and we share one cache concurrently: same lock, no loss
rm -f "$T/shared" ; i=0 ; pids=
while test $i -lt 30 ; do
  if test $((i % 2)) = 0 ; then prog=$ORACLE ; else prog=$CMD/reformail ; fi
  printf 'Message-ID: <s%d>\n\n' $i | "$prog" -D 100000 "$T/shared" &
  pids="$pids $!" ; i=$((i + 1))
done
for p in $pids ; do wait $p ; done
is "shared cache under concurrency keeps every id" "`tr '\000' '\n' < "$T/shared" | grep -c '^<s[0-9]*>$'`" 30
done_testing
