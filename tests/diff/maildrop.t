#!/bin/sh
# Differential tests: run every case of tests/diff/maildrop/*.cases with the
# reference maildrop ($ORACLE) and with ours ($CMD/maildrop or $OURS), in the
# same fresh directory, and compare exit code, stdout, stderr and the files
# left in the directory after normalisation.  Prints TAP.  See tests/diff/README.
#
# Environment:
#   TOP        repository root (default: two levels above this script)
#   CMD        directory holding the binaries under test (default $TOP/command)
#   OURS       our maildrop binary (default $CMD/maildrop)
#   ORACLE     reference binary (default /usr/bin/maildrop)
#   DIFF_ONLY  extended regex; only cases whose "file/name" matches are run
#   DIFF_KEEP  if non-empty, keep the work directory and print its path
#   DIFF_VERBOSE  if non-empty, print the full normalised outputs of failures
#   DIFF_SHOW  if non-empty, print the oracle's normalised output of passing cases
#   DIFF_SKIP_TAGS  space-separated tags; cases with "### tag: <tag>" are skipped
#   DIFF_NOISOLATE  if non-empty, do not bind-mount a private /var/mail
#   DIFF_USER  user for delivery-mode cases (default mddiff)
#
# Exit: 0 all passed, 1 some failed, 77 oracle or our binary missing.

LC_ALL=C
export LC_ALL
unset CDPATH
umask 022

here=$(cd "$(dirname "$0")" && pwd) || exit 1
TOP=${TOP:-$(cd "$here/../.." && pwd)}
CMD=${CMD:-$TOP/command}
ORACLE=${ORACLE:-/usr/bin/maildrop}
OURS=${OURS:-$CMD/maildrop}
casedir=$here/maildrop

if [ ! -x "$ORACLE" ]; then
  echo "1..0 # SKIP oracle $ORACLE not found or not executable"
  exit 77
fi
if [ ! -x "$OURS" ]; then
  echo "1..0 # SKIP our binary $OURS not found or not executable"
  exit 77
fi
for tool in awk sed sort find stat cksum timeout diff env od; do
  command -v $tool >/dev/null 2>&1 || {
    echo "1..0 # SKIP required tool $tool missing"
    exit 77
  }
done

ORACLE=$(cd "$(dirname "$ORACLE")" && pwd)/$(basename "$ORACLE")
case $OURS in /*) ;; *) OURS=$(pwd)/$OURS ;; esac

W=$(mktemp -d /tmp/mddiff.XXXXXX) || exit 1
chmod 711 "$W"   # delivery-mode cases run as another user below $W/run
if [ -z "$DIFF_KEEP" ]; then
  trap 'rm -rf "$W"' EXIT
  trap 'exit 130' INT TERM HUP
fi

T=$W/run/t            # the same path for both binaries
SP=$W/run/spool       # bind-mounted on /var/mail for each run, when possible
DUSER=${DIFF_USER:-mddiff}
DHOME=/tmp/$DUSER.home
me=$(id -un 2>/dev/null || echo root)
myuid=$(id -u)
host=$(hostname 2>/dev/null || uname -n)

# ---------------------------------------------------------------------------
# 1. Split the case files into one directory per case: $W/c/NNNN/<field>
# ---------------------------------------------------------------------------
mkdir "$W/c"
n=0
for f in "$casedir"/*.cases; do
  [ -f "$f" ] || continue
  base=$(basename "$f" .cases)
  awk -v out="$W/c" -v file="$base" -v start="$n" -v T="$T" -v DUSER="$DUSER" -v DHOME="$DHOME" '
    function fail(msg) { printf "%s.cases:%d: %s\n", file, NR, msg > "/dev/stderr"; bad = 1 }
    function closeblk() { if (blk != "") { close(cur "/" blk); blk = "" } }
    # placeholders; @T@ stays in expectations, which are compared normalised
    function subst(x, withT) {
      if (withT) gsub(/@T@/, T, x)
      gsub(/@FILTER@/, "filter", x); gsub(/@USER@/, DUSER, x); gsub(/@HOME@/, DHOME, x)
      return x
    }
    BEGIN { n = start; incase = 0; blk = "" }
    /^### / {
      line = substr($0, 5)
      i = index(line, ":")
      if (line == "end") {
        if (!incase) fail("end outside a case")
        closeblk(); incase = 0; next
      }
      if (i == 0) { fail("bad directive: " $0); next }
      key = substr(line, 1, i - 1); val = substr(line, i + 1)
      sub(/^[ \t]+/, "", val); sub(/[ \t]+$/, "", val)
      if (key == "case") {
        if (incase) fail("case " val " starts before end of previous case")
        closeblk()
        n++; cur = sprintf("%s/%04d", out, n); incase = 1
        system("mkdir \"" cur "\"")
        printf "%s/%s\n", file, val > (cur "/name"); close(cur "/name")
        next
      }
      if (!incase) { fail("directive outside a case: " $0); next }
      closeblk()
      if (key ~ /^(filter|message|setup|expect-stdout|expect-stderr|expect-files)$/ && val == "") {
        blk = key; printf "" > (cur "/" blk); next
      }
      if (key ~ /^(args|env|stdin|mask|nocompare|expect-deviation|expect-exit|pipe-stdin|skip-unless|timeout|spool|user|tag|note)$/) {
        if (key ~ /^(args|env|stdin|skip-unless)$/) val = subst(val, 1)
        if (key == "mask" || key == "nocompare" || key == "tag" || key == "note") { print val >> (cur "/" key); close(cur "/" key) }
        else { printf "%s\n", val > (cur "/" key); close(cur "/" key) }
        next
      }
      fail("unknown directive: " key); next
    }
    {
      if (blk != "") { print subst($0, blk !~ /^expect-/) > (cur "/" blk); next }
      if (incase && $0 !~ /^[ \t]*$/) fail("text outside a block: " $0)
    }
    END {
      if (incase) fail("missing ### end")
      print n > (out "/.count")
      exit bad
    }
  ' "$f" || { echo "Bail out! malformed case file $f"; exit 1; }
  n=$(cat "$W/c/.count")
done
rm -f "$W/c/.count"

# The standard message used when a case has no "### message:" block.
cat > "$W/stdmsg" <<'EOF'
Return-Path: <sender@example.org>
From: Alice Example <alice@example.org>
To: bob@example.com
Subject: Hello there
Message-ID: <abc@example.org>

Body line 1
From the start
>From quoted
Body end
EOF

# Delivery-mode cases ("### user:") run as user $DUSER, whose home directory
# is the symlink $DHOME, pointed at the case directory before each run.
haveuser=
if [ "$myuid" = 0 ] && ls "$W"/c/*/user >/dev/null 2>&1; then
  if ! id "$DUSER" >/dev/null 2>&1; then
    useradd -M -d "$DHOME" -s /bin/sh "$DUSER" >/dev/null 2>&1 ||
      echo "# could not create user $DUSER"
  fi
  if [ "$(getent passwd "$DUSER" | cut -d: -f6)" = "$DHOME" ]; then
    haveuser=yes
  else
    echo "# user $DUSER missing or its home is not $DHOME: delivery-mode cases skipped"
  fi
fi

# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

# sed-escape a literal string for use as a regex in s|..|..|
sedlit() { printf '%s\n' "$1" | sed 's/[][\\.*^$|/&]/\\&/g'; }

mkdir "$W/run"

# Private /var/mail: protects the real spool from default deliveries and lets
# cases check them.  Needs root and mount namespaces; DIFF_NOISOLATE disables.
isolate=
if [ -z "$DIFF_NOISOLATE" ] && [ -d /var/mail ] && command -v unshare >/dev/null 2>&1; then
  mkdir "$SP"
  if unshare -m sh -c 'mount --bind "$0" /var/mail && test -w /var/mail' "$SP" 2>/dev/null; then
    isolate=yes
  fi
  rmdir "$SP"
fi
[ -n "$isolate" ] || echo "# no private /var/mail: cases marked 'spool' are skipped"
Tre=$(sedlit "$T")
Ore=$(sedlit "$ORACLE")
Ure=$(sedlit "$OURS")
Hre=$(sedlit "$host")

# Global normalisation (stdin -> stdout). $1 = regex of this binary's path.
# Extra per-case sed -E expressions are in $W/mask.sed (may be empty).
normalise() {
  sed -E \
    -e "s|$Tre|@T@|g" \
    -e "s|$1|@MAILDROP@|g" \
    -e 's/(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9] [0-9]{4}/@DATE@/g' \
    -e 's/[0-9]{9,}\.M[0-9]+P[0-9]+[^,/: 	]*/@UNIQ@/g' \
    -e "s|/[0-9]+\\.[0-9]+\\.$Hre\\.|/@PID@.@N@.@HOST@.|g" \
    -e '/^ERR: authdaemon: /d' \
    -f "$W/mask.sed"
}

# Dump a file's bytes readably: sed 'l' escaping, plus a no-final-newline note.
dumpfile() {
  if [ -s "$1" ]; then
    sed -n 'l 0' "$1"
    [ -z "$(tail -c 1 "$1" 2>/dev/null)" ] || echo '[no final newline]'
  else
    echo '[empty]'
  fi
}

# nocompare PATH: true if PATH (relative to $T) matches a "nocompare" glob
nocompare() {
  [ -s "$W/nocompare" ] || return 1
  while IFS= read -r _g; do
    case $1 in $_g) return 0 ;; esac
  done < "$W/nocompare"
  return 1
}

# snapshot DIR: raw listing of everything under DIR except the runner's own
# input files filter, message and .mailfilter.  Each entry is a block that
# starts with "\001== name type mode" and, for regular files, goes on with the
# dumped content.  sortblocks (below) sorts the blocks after normalisation.
snapshot() {
  (cd "$1" && find . -mindepth 1 ! -path ./filter ! -path ./message ! -path ./.mailfilter \
     -printf '%y %m %P\n') |
  while read -r _y _m _p; do
    case $_y in
      d) printf '\001== %s/ dir %s\n' "$_p" "$_m" ;;
      l) printf '\001== %s symlink -> %s\n' "$_p" "$(readlink "$1/$_p")" ;;
      f) if nocompare "$_p"; then
           printf '\001== %s file %s [contents not compared]\n' "$_p" "$_m"
         else
           printf '\001== %s file %s\n' "$_p" "$_m"
           dumpfile "$1/$_p"
         fi ;;
      *) printf '\001== %s type-%s %s\n' "$_p" "$_y" "$_m" ;;
    esac
  done
}

# Sort the snapshot blocks inside each "--- " section (by normalised header,
# then content); every other line is passed through.
sortblocks() {
  awk '
    function flush(   i, j, t) {
      for (i = 2; i <= nb; i++) {
        t = b[i]
        for (j = i - 1; j >= 1 && b[j] > t; j--) b[j + 1] = b[j]
        b[j + 1] = t
      }
      for (i = 1; i <= nb; i++) { gsub(/\002/, "\n", b[i]); print b[i] }
      nb = 0; inblk = 0
    }
    /^--- / { flush(); print; next }
    /^\001== / { b[++nb] = substr($0, 2); inblk = 1; next }
    inblk { b[nb] = b[nb] "\002" $0; next }
    { print }
    END { flush() }'
}

# runone BIN CASEDIR RESULTDIR
runone() {
  _bin=$1 _c=$2 _r=$3
  rm -rf "$T" "$_r" "$SP"
  mkdir "$T" "$_r"
  mkdir -m 1777 "$SP"
  umask 077
  if [ -f "$_c/filter" ]; then cp "$_c/filter" "$T/filter"; else : > "$T/filter"; fi
  umask 022
  if [ -f "$_c/message" ]; then cp "$_c/message" "$T/message"
  else cp "$W/stdmsg" "$T/message"; fi
  if [ -f "$_c/user" ]; then
    # delivery mode for $DUSER: home is the symlink $DHOME -> $T
    ln -sfn "$T" "$DHOME"
    read -r _u < "$_c/user"
    if [ "$_u" != nofilter ]; then
      cp "$T/filter" "$T/.mailfilter"
      chown "$DUSER" "$T" "$T/.mailfilter"
    else
      chown "$DUSER" "$T"
    fi
  fi
  if [ -f "$_c/setup" ]; then
    (cd "$T" && T=$T DUSER=$DUSER DHOME=$DHOME MAILDROP=$_bin PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=$T \
       sh -e "$W/setup.sh") > "$_r/setup.out" 2>&1 || {
      echo "setup failed:"; cat "$_r/setup.out"; return 1; }
  fi
  _stdin=message _args=filter _env= _to=20
  [ -f "$_c/stdin" ] && read -r _stdin < "$_c/stdin"
  [ -f "$_c/args" ] && read -r _args < "$_c/args"
  [ -f "$_c/env" ] && read -r _env < "$_c/env"
  [ -f "$_c/timeout" ] && read -r _to < "$_c/timeout"
  _iso=
  [ -n "$isolate" ] && _iso='unshare -m sh -c "mount --bind \"\$0\" /var/mail && exec \"\$@\"" "$SP"'
  if [ -f "$_c/pipe-stdin" ]; then
    (cd "$T" && cat "$_stdin" | eval "$_iso timeout -k 2 $_to env -i HOME=\"\$T\" PATH=/usr/bin:/bin TZ=UTC LANG=C $_env \"\$_bin\" $_args" \
      > "$_r/stdout.raw" 2> "$_r/stderr.raw")
  else
    (cd "$T" && eval "$_iso timeout -k 2 $_to env -i HOME=\"\$T\" PATH=/usr/bin:/bin TZ=UTC LANG=C $_env \"\$_bin\" $_args" \
      < "$_stdin" > "$_r/stdout.raw" 2> "$_r/stderr.raw")
  fi
  echo $? > "$_r/exit"
  # the oracle's authlib noise is not behaviour: drop it before dumping, so
  # that a stderr holding only that line compares as empty
  if grep -q '^ERR: authdaemon: ' "$_r/stderr.raw"; then
    grep -v '^ERR: authdaemon: ' "$_r/stderr.raw" > "$_r/stderr.tmp"
    mv "$_r/stderr.tmp" "$_r/stderr.raw"
  fi
  return 0
}

# finish BINRE RESULTDIR: build RESULTDIR/all, the normalised result of a run
finish() {
  _re=$1 _r=$2
  _sp=
  for _f in "$SP"/* "$SP"/.[!.]*; do
    if [ -e "$_f" ] || [ -L "$_f" ]; then _sp=yes; fi
  done
  read -r _x < "$_r/exit"
  { echo "--- exit"; echo "$_x"
    echo "--- stdout"; dumpfile "$_r/stdout.raw"
    echo "--- stderr"; dumpfile "$_r/stderr.raw"
    echo "--- files"; snapshot "$T"
    if [ -n "$_sp" ]; then echo "--- spool (/var/mail)"; snapshot "$SP"; fi
  } | normalise "$_re" | sortblocks > "$_r/all"
}

# parts RESULTDIR: split out normalised stdout, stderr and files (deviation cases)
parts() {
  normalise "$Ure" < "$1/stdout.raw" > "$1/stdout"
  normalise "$Ure" < "$1/stderr.raw" > "$1/stderr"
  sed -n '/^--- files$/,/^--- spool/{/^--- /!p;}' "$1/all" > "$1/files"
}

showdiff() {
  diff -u "$1" "$2" | sed -e '1,2d' -e 's/^/#   /' | head -n "${DIFF_LINES:-40}"
}

# ---------------------------------------------------------------------------
# 2. Run
# ---------------------------------------------------------------------------
echo "1..$n"
failed=0
i=0
while [ $i -lt "$n" ]; do
  i=$((i + 1))
  c=$W/c/$(printf %04d $i)
  read -r name < "$c/name"
  [ -n "$DIFF_TIMING" ] && echo "# time $(date +%s.%N) $name"
  if [ -n "$DIFF_ONLY" ] && ! printf '%s\n' "$name" | grep -Eq -- "$DIFF_ONLY"; then
    echo "ok $i - $name # SKIP not selected by DIFF_ONLY"
    continue
  fi
  if [ -f "$c/tag" ] && [ -n "$DIFF_SKIP_TAGS" ]; then
    _skip=
    for _t in $DIFF_SKIP_TAGS; do grep -qx -- "$_t" "$c/tag" && _skip=$_t; done
    if [ -n "$_skip" ]; then
      echo "ok $i - $name # SKIP tag $_skip in DIFF_SKIP_TAGS"
      continue
    fi
  fi
  if [ -f "$c/spool" ] && [ -z "$isolate" ]; then
    echo "ok $i - $name # SKIP needs a private /var/mail (unshare -m as root)"
    continue
  fi
  if [ -f "$c/user" ] && [ -z "$haveuser" ]; then
    echo "ok $i - $name # SKIP delivery-mode cases need root and user $DUSER"
    continue
  fi
  if [ -f "$c/skip-unless" ] && ! (eval "$(cat "$c/skip-unless")") >/dev/null 2>&1; then
    echo "ok $i - $name # SKIP condition not met: $(cat "$c/skip-unless")"
    continue
  fi
  if [ -f "$c/mask" ]; then cp "$c/mask" "$W/mask.sed"; else : > "$W/mask.sed"; fi
  if [ -f "$c/nocompare" ]; then cp "$c/nocompare" "$W/nocompare"; else : > "$W/nocompare"; fi
  if [ -f "$c/setup" ]; then cp "$c/setup" "$W/setup.sh"; fi

  if [ -f "$c/expect-deviation" ] && [ "$OURS" -ef "$ORACLE" ]; then
    echo "ok $i - $name # SKIP deviation case, and ours is the oracle"
    continue
  fi
  if [ -f "$c/expect-deviation" ]; then
    # Deliberate deviation: run ours only, check against the given expectation.
    if ! runone "$OURS" "$c" "$W/u"; then
      echo "not ok $i - $name (setup failed)"; failed=$((failed + 1)); continue
    fi
    finish "$Ure" "$W/u"
    parts "$W/u"
    : > "$W/exp"; : > "$W/got"
    if [ -f "$c/expect-exit" ]; then
      echo "exit $(cat "$c/expect-exit")" >> "$W/exp"; echo "exit $(head -n 1 "$W/u/exit")" >> "$W/got"
    fi
    if [ -f "$c/expect-stdout" ]; then
      echo "--- stdout" >> "$W/exp"; cat "$c/expect-stdout" >> "$W/exp"
      echo "--- stdout" >> "$W/got"; cat "$W/u/stdout" >> "$W/got"
    fi
    if [ -f "$c/expect-files" ]; then
      echo "--- files" >> "$W/exp"; cat "$c/expect-files" >> "$W/exp"
      echo "--- files" >> "$W/got"; cat "$W/u/files" >> "$W/got"
    fi
    if [ -f "$c/expect-stderr" ]; then
      echo "--- stderr" >> "$W/exp"; cat "$c/expect-stderr" >> "$W/exp"
      echo "--- stderr" >> "$W/got"; cat "$W/u/stderr" >> "$W/got"
    fi
    if cmp -s "$W/exp" "$W/got"; then
      echo "ok $i - $name (deviation: $(cat "$c/expect-deviation"))"
    else
      echo "not ok $i - $name (deviation: $(cat "$c/expect-deviation"))"
      echo "#   --- expected +++ ours"
      showdiff "$W/exp" "$W/got"
      failed=$((failed + 1))
    fi
    continue
  fi

  if ! runone "$ORACLE" "$c" "$W/o"; then
    echo "not ok $i - $name (setup failed for oracle)"; failed=$((failed + 1)); continue
  fi
  finish "$Ore" "$W/o"
  if ! runone "$OURS" "$c" "$W/u"; then
    echo "not ok $i - $name (setup failed for ours)"; failed=$((failed + 1)); continue
  fi
  finish "$Ure" "$W/u"
  if [ ! -f "$c/spool" ] && grep -q '^--- spool' "$W/o/all"; then
    echo "not ok $i - $name (the oracle delivered to the spool /var/mail: end the case with exit, set DEFAULT, or mark it '### spool: yes')"
    failed=$((failed + 1))
  elif cmp -s "$W/o/all" "$W/u/all"; then
    echo "ok $i - $name"
    [ -n "$DIFF_SHOW" ] && sed 's/^/#     /' "$W/o/all"
  else
    echo "not ok $i - $name"
    echo "#   --- oracle +++ ours"
    showdiff "$W/o/all" "$W/u/all"
    if [ -n "$DIFF_VERBOSE" ]; then
      echo "#   oracle:"; sed 's/^/#     /' "$W/o/all"
      echo "#   ours:"; sed 's/^/#     /' "$W/u/all"
    fi
    failed=$((failed + 1))
  fi
done
rm -rf "$T"

[ -n "$DIFF_KEEP" ] && echo "# work directory kept: $W"
if [ $failed -gt 0 ]; then
  echo "# $failed of $n cases failed"
  exit 1
fi
exit 0
