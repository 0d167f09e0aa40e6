# The message view on hostile input: a 10 MB line without a newline,
# 100k headers, a header folded 2M times, 10 MB of NUL bytes, multiparts
# nested 20k deep.  Each must finish without a crash, in time linear in
# its size and in bounded memory.  Times and sizes are compared with a
# plain message of the same size scanned the same way (no absolute
# limits): a hostile scan may take at most 10 times as long (+0.5 s of
# slack for timer noise), and use at most 16 MB more memory.

. "$TOP/tests/lib.sh"

: "${B:=$TOP/build}"
V=$B/tests/t-mdview
test -x "$V" || skip_all "no $V: run make tests"
mktmp

# 10 MB: 100000 lines of 100 bytes
awk 'BEGIN { print "Subject: base" ; print "" ; s = "abcdefghi " ; for (i = 0 ; i < 9 ; i++) s = s "abcdefghi " ; for (i = 0 ; i < 100000 ; i++) print s }' < /dev/null > "$T/base"
{ printf 'Subject: x\n\n' ; head -c 10000000 /dev/zero | tr '\0' a ; } > "$T/longline"
{ printf 'Subject: x\n\n' ; head -c 10000000 /dev/zero | tr '\0' a ; printf '\n' ; } > "$T/longnl"
{ awk 'BEGIN { for (i = 0 ; i < 100000 ; i++) printf "X-H%d: value %d\n", i, i ; print "" ; print "b" }' < /dev/null ; } > "$T/headers"
{ printf 'X-F: a\n' ; awk 'BEGIN { for (i = 0 ; i < 2000000 ; i++) print " b" }' < /dev/null ; printf '\nbody\n' ; } > "$T/folded"
{ printf 'Subject: a\0b\n\n' ; head -c 10000000 /dev/zero | awk 'BEGIN { RS = "x" } { for (i = 0 ; i < 100000 ; i++) printf "%s\n", substr($0, 1, 99) }' ; } > "$T/nul"
awk 'BEGIN { print "MIME-Version: 1.0" ; print "Content-Type: multipart/mixed; boundary=b0" ; print "" ; for (i = 0 ; i < 20000 ; i++) { print "--b" i ; print "Content-Type: multipart/mixed; boundary=b" i + 1 ; print "" } for (i = 0 ; i < 100000 ; i++) print "--b0" }' < /dev/null > "$T/nested"

# memory is not measured under the sanitizer (its quarantine keeps what
# is freed)
if test -x /usr/bin/time && test -z "$ASAN_OPTIONS" ; then haverss=1 ; else haverss=0 ; fi

# measure MODE FILE: sets out, ms (elapsed) and kb (max RSS, 0 if unknown)
measure ()
{
  t0=`date +%s%N`
  if test $haverss = 1 ; then
    out=`/usr/bin/time -f %M -o "$T/rss" "$V" count "$1" "$2"` ; rc=$?
    kb=`tail -n 1 "$T/rss"`
  else
    out=`"$V" count "$1" "$2"` ; rc=$? ; kb=0
  fi
  t1=`date +%s%N`
  ms=$(((t1 - t0) / 1000000))
}

for mode in h b hb ; do
  measure $mode "$T/base"
  base_ms=$ms ; base_kb=$kb
  is "base $mode: scan succeeds" "$rc" 0
  for f in longline longnl headers folded nul nested ; do
    measure $mode "$T/$f"
    is "$f $mode: no crash" "$rc" 0
    if test $ms -le $((base_ms * 10 + 500)) ; then ok "$f $mode: time ${ms} ms (base ${base_ms} ms)"
    else notok "$f $mode: time ${ms} ms (base ${base_ms} ms)" ; fi
    if test $haverss = 0 ; then skiptest "$f $mode: memory" "not measured"
    elif test $kb -le $((base_kb + 16384)) ; then ok "$f $mode: memory ${kb} KB (base ${base_kb} KB)"
    else notok "$f $mode: memory ${kb} KB (base ${base_kb} KB)" ; fi
    eval "out_${f}_$mode=\"\$out\""
  done
done

# hasaddr reads the header the same bounded way
{ printf 'To: ' ; head -c 10000000 /dev/zero | tr '\0' a ; printf '@x\n\n' ; } > "$T/longto"
{ printf 'To: a@b,\n' ; awk 'BEGIN { for (i = 0 ; i < 1000000 ; i++) print " x" i "@y," }' < /dev/null ; printf '\n' ; } > "$T/foldto"
for f in longto foldto headers ; do
  t0=`date +%s%N`
  if test $haverss = 1 ; then
    out=`/usr/bin/time -f %M -o "$T/rss" "$V" hasaddr nobody@x "$T/$f"` ; rc=$? ; kb=`tail -n 1 "$T/rss"`
  else
    out=`"$V" hasaddr nobody@x "$T/$f"` ; rc=$? ; kb=0
  fi
  t1=`date +%s%N` ; ms=$(((t1 - t0) / 1000000))
  is "hasaddr $f: no crash, not found" "$rc $out" "0 0"
  if test $ms -le $((base_ms * 10 + 500)) ; then ok "hasaddr $f: time ${ms} ms (base ${base_ms} ms)"
  else notok "hasaddr $f: time ${ms} ms (base ${base_ms} ms)" ; fi
  if test $haverss = 0 ; then skiptest "hasaddr $f: memory" "not measured"
  elif test $kb -le $((base_kb + 16384)) ; then ok "hasaddr $f: memory ${kb} KB (base ${base_kb} KB)"
  else notok "hasaddr $f: memory ${kb} KB (base ${base_kb} KB)" ; fi
done

# what is seen
is "a last line without newline is never seen" "$out_longline_b" "0 0"
is "a 10 MB body line is cut at 1 MiB" "$out_longnl_b" "1 1048576"
is "100k headers are 100k lines" "${out_headers_h%% *}" 100000
set -- $out_folded_h
if test "$1" = 1 && test "$2" -le 1048576 && test "$2" -gt 1000000 ; then ok "a header folded 2M times is one line, cut at 1 MiB" ; else notok "a header folded 2M times is one line, cut at 1 MiB ($out_folded_h)" ; fi
is "NUL bytes end lines" "$out_nul_hb" "100001 10"
done_testing
