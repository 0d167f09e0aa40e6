#!/bin/sh
# Fuzz the filter-language parser, then the evaluator, with libFuzzer for
# a short while each.  FUZZ_TIME=seconds (default 5 each) runs longer by
# hand.
. "$TOP/tests/lib.sh"
command -v clang >/dev/null 2>&1 || skip_all "no clang"
mktmp
libs="`ls $TOP/src/libmdfilter/*.c` `ls $TOP/src/libmdrop/mdvar_*.c $TOP/src/libmdrop/msg_*.c $TOP/src/libmdrop/msgrd_*.c`"
inc="-I$TOP/src/include-local -I$TOP/src/libmdfilter -I$TOP/build/include"
flags="-g -O1 -fsanitize=fuzzer,address,undefined -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE"
# both targets build at once
clang $flags $inc -o "$T/fuzz" "$TOP/tests/fuzz/fuzz-parser.c" $libs -lskarnet -lpcre2-8 -lgdbm > "$T/build.log" 2>&1 &
p1=$!
clang $flags -DMDF_FUZZ -DFAKERT_NOSPAWN $inc -o "$T/fuzz-eval" "$TOP/tests/fuzz/fuzz-eval.c" $libs -lskarnet -lpcre2-8 -lgdbm > "$T/build2.log" 2>&1 &
p2=$!
wait $p1 ; r1=$?
wait $p2 ; r2=$?
if test $r1 != 0 ; then
  if grep -q 'libclang_rt.fuzzer\|cannot find.*fuzzer\|unsupported option' "$T/build.log" ; then skip_all "no libFuzzer" ; fi
  cat "$T/build.log" ; notok "parser fuzz target builds" ; done_testing
fi
ok "parser fuzz target builds"
if test $r2 = 0 ; then ok "evaluator fuzz target builds" ; else cat "$T/build2.log" ; notok "evaluator fuzz target builds" ; fi
for f in fuzz fuzz-eval ; do
  test -x "$T/$f" || continue
  rm -rf "$T/corpus" ; mkdir "$T/corpus" && cp "$TOP"/tests/fuzz/corpus/* "$T/corpus/"
  if (cd "$T" && ./$f -max_total_time="${FUZZ_TIME:-5}" -max_len=4096 -close_fd_mask=3 -timeout=10 -rss_limit_mb=1024 "$T/corpus" > "$T/$f.log" 2>&1) ; then
    ok "$f: no crash in ${FUZZ_TIME:-5} s (`grep -o 'Done [0-9]* runs' $T/$f.log`)"
  else
    tail -40 "$T/$f.log" ; notok "$f: fuzzing found a crash"
  fi
done
done_testing
