#!/bin/sh
# run.sh BUILD_DIR [SECONDS]: run each libFuzzer target in BUILD_DIR/fuzz for
# SECONDS (default 60) from a scratch copy of its corpus (fuzz/corpus/<target>
# is never written to), print its executions and executions per second, and
# exit nonzero if any target crashed, leaked or timed out. The input that
# failed is kept in BUILD_DIR/fuzz-artifacts/, the log in BUILD_DIR/<target>.log.
# fuzz_diff embeds CPython: LeakSanitizer skips CPython's own allocations
# (fuzz/lsan_python.supp), never rco's.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: fuzz/run.sh BUILD_DIR [SECONDS]}
seconds=${2:-60}
[ -n "$seconds" ] || seconds=60
bin="$build/fuzz"
artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"
status=0
for target in fuzz_build fuzz_ops fuzz_diff fuzz_json fuzz_parse; do
    exe="$bin/$target"
    if [ ! -x "$exe" ]; then
        echo "run.sh: $exe is missing (configure with -DRCO_BUILD_FUZZ=ON)" >&2
        status=1
        continue
    fi
    rm -f "$artifacts/$target-"*
    work=$(mktemp -d "${TMPDIR:-/tmp}/rco-$target.XXXXXX")
    cp "$here/corpus/$target"/* "$work/" 2>/dev/null
    log="$build/$target.log"
    lsan=""
    [ "$target" = fuzz_diff ] && lsan="suppressions=$here/lsan_python.supp"
    LSAN_OPTIONS="$lsan${LSAN_OPTIONS:+:$LSAN_OPTIONS}" \
    ASAN_OPTIONS="detect_leaks=1:abort_on_error=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}" \
        "$exe" -max_total_time="$seconds" -max_len=4096 -timeout=25 -rss_limit_mb=4096 \
               -print_final_stats=1 -artifact_prefix="$artifacts/$target-" "$work" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
    if [ "$rc" -eq 0 ]; then
        echo "$target: ${runs:-?} executions in ${seconds}s, ${speed:-?} exec/s, ${cov:-cov: ?}, no crash"
    else
        echo "$target: FAILED (exit $rc) after ${runs:-?} executions; log: $log" >&2
        grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz_|.*runtime error)' "$log" | head -n 5 >&2
        ls "$artifacts/$target-"* 2>/dev/null | head -n 3 >&2
        status=1
    fi
    rm -rf "$work"
done
exit $status
