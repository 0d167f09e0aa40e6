#!/bin/sh
# Fuzz the filter-language parser with libFuzzer for a short while.
# FUZZ_TIME=seconds (default 10) runs longer by hand.
. "$TOP/tests/lib.sh"
command -v clang >/dev/null 2>&1 || skip_all "no clang"
mktmp
srcs="$TOP/tests/fuzz/fuzz-parser.c `ls $TOP/src/libmdfilter/*.c` `ls $TOP/src/libmdrop/mdvar_*.c $TOP/src/libmdrop/msg_*.c $TOP/src/libmdrop/msgrd_*.c`"
inc="-I$TOP/src/include-local -I$TOP/src/libmdfilter -I$TOP/build/include"
if ! clang -g -O1 -fsanitize=fuzzer,address,undefined -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE \
    $inc -o "$T/fuzz" $srcs -lskarnet -lpcre2-8 -lgdbm > "$T/build.log" 2>&1 ; then
  if grep -q 'libclang_rt.fuzzer\|cannot find.*fuzzer\|unsupported option' "$T/build.log" ; then skip_all "no libFuzzer" ; fi
  cat "$T/build.log" ; notok "fuzz target builds" ; done_testing
fi
ok "fuzz target builds"
mkdir "$T/corpus" && cp "$TOP"/tests/fuzz/corpus/* "$T/corpus/"
if "$T/fuzz" -max_total_time="${FUZZ_TIME:-10}" -max_len=4096 -close_fd_mask=2 -timeout=10 -rss_limit_mb=1024 "$T/corpus" > "$T/fuzz.log" 2>&1 ; then
  ok "no crash in ${FUZZ_TIME:-10} s of fuzzing (`grep -c . $T/fuzz.log` log lines)"
else
  tail -40 "$T/fuzz.log" ; notok "fuzzing found a crash"
fi
done_testing
