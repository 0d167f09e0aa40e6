# Every program built has its doc page, and every page index.html links to exists.
. "$TOP/tests/lib.sh"
for p in "$CMD"/* ; do
  n=`basename "$p"`
  check "doc/$n.html exists" test -f "$TOP/doc/$n.html"
done
for l in `sed -n 's/.*href="\([^"#:]*\.html\)".*/\1/p' "$TOP/doc/index.html"` ; do
  check "index.html link $l resolves" test -f "$TOP/doc/$l"
done
done_testing
