#!/bin/sh
# bench_instructions.sh BENCH_A BENCH_B [WORKLOAD...]: instructions per
# operation of rco's side of each workload, for two builds of the
# benchmark (say, a baseline commit and the working tree), counted by
# callgrind. Instruction counts do not depend on what else the machine is
# doing, so small differences between builds show even on a busy machine;
# they are not times (cache misses and branch mispredictions are not in
# them): confirm a real difference with `make bench` on a quiet machine.
set -eu
a=${1:?usage: bench_instructions.sh BENCH_A BENCH_B [WORKLOAD...]}
b=${2:?usage: bench_instructions.sh BENCH_A BENCH_B [WORKLOAD...]}
shift 2
[ $# -gt 0 ] || set -- int list_append tuple3 tuple3_pack dict_int dict_str str_hash gc_cycles gc_full refcount
n=${N:-200000}
count() {
    out=$(mktemp)
    RCO_MALLOC=pool valgrind --tool=callgrind --callgrind-out-file="$out" --toggle-collect="bench_rco_$2" \
        "$1" --impl rco --only "$2" --n "$n" --rounds 1 --warmup 0 >/dev/null 2>&1
    ir=$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1; exit}')
    rm -f "$out"
    echo "${ir:-0}"
}
printf '%-14s %12s %12s %8s\n' workload "A ins/op" "B ins/op" "B/A"
for w in "$@"; do
    ia=$(count "$a" "$w")
    ib=$(count "$b" "$w")
    awk -v w="$w" -v a="$ia" -v b="$ib" -v n="$n" \
        'BEGIN { printf "%-14s %12.1f %12.1f %8.3f\n", w, a / n, b / n, (a > 0 ? b / a : 0) }'
done
