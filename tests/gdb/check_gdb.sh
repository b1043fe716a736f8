#!/bin/sh
# rco's gdb extension as users get it: installed by `cmake --install` into a
# temporary prefix, auto-loaded by gdb for the library a program runs with,
# and its output compared with what is expected (tests/gdb/*.expected),
# for three libraries: librco with its debug information, librco stripped
# (only the dynamic symbol table left, as a Release package ships it, and
# the program built without -g), and librco-debug; and for librco with
# every object in the system allocator's blocks (RCO_MALLOC=malloc).
#
# Usage: check_gdb.sh SOURCE_DIR BUILD_DIR [SANITIZERS], SANITIZERS as the
# build's RCO_SANITIZE (e.g. address,undefined). Exits 77 (CTest's SKIP) when gdb
# is missing or cannot run a process here.
set -e
src=$1 build=$2 sanitize=${3:-} sanitize_flags=
# A library built with a sanitizer needs its runtime first in the program;
# LeakSanitizer cannot run under ptrace, and the program is killed at a
# breakpoint anyway.
if [ -n "$sanitize" ]; then
    sanitize_flags="-fsanitize=$sanitize"
    ASAN_OPTIONS=detect_leaks=0
    export ASAN_OPTIONS
fi
here=$src/tests/gdb
skip=77

if ! command -v gdb >/dev/null 2>&1; then
    echo "SKIP: gdb is not installed (Debian: apt-get install gdb; make test installs it)"
    exit $skip
fi
if ! gdb -batch -nx -iex 'set startup-with-shell off' -ex run /bin/true >/dev/null 2>&1 </dev/null; then
    echo "SKIP: gdb cannot run a process here (ptrace not permitted?):"
    gdb -batch -nx -iex 'set startup-with-shell off' -ex run /bin/true 2>&1 </dev/null | sed 's/^/  /' | head -5
    exit $skip
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0

# Addresses change from run to run, and the prefix and the source tree
# from machine to machine; the scripts gdb auto-loads for other libraries
# (libstdc++'s, which a sanitizer's runtime pulls in) depend on the machine.
normalize() {
    sed -e "s|$1|PREFIX|g" -e "s|$src/||g" -e 's/0x[0-9a-f][0-9a-f]*/0xADDR/g' \
        -e '/^Yes  *\/.*-gdb\.py *$/d'
}

# Expected lines are exact, except those starting with "~ ", which are
# extended regular expressions for the whole line.
compare() {
    awk -v expected="$1" '
        { got[++n] = $0 }
        END {
            while ((getline line < expected) > 0)
                want[++m] = line
            bad = 0
            for (i = 1; i <= (n > m ? n : m); i++) {
                ok = 0
                if (i <= n && i <= m) {
                    if (substr(want[i], 1, 2) == "~ ")
                        ok = got[i] ~ ("^" substr(want[i], 3) "$")
                    else
                        ok = got[i] == want[i]
                }
                if (!ok) {
                    printf "line %d:\n  expected: %s\n  got:      %s\n", i, (i <= m ? want[i] : "(nothing)"), (i <= n ? got[i] : "(nothing)")
                    bad = 1
                }
            }
            exit bad
        }'
}

# run VARIANT PC_MODULE CFLAGS STRIP [RCO_MALLOC]: the expected output is
# the pools' unless the last says otherwise (the default depends on the
# build and on valgrind, core/alloc.c).
run() {
    variant=$1 module=$2 cflags=$3 strip=$4 RCO_MALLOC=${5:-pool}
    export RCO_MALLOC
    prefix=$work/$variant
    cmake --install "$build" --prefix "$prefix" >/dev/null
    lib=$(ls "$prefix"/lib/lib$module.so.*.*.*)
    if [ "$strip" = strip ]; then
        # As a Release package ships it: no DWARF, no .symtab; the dynamic
        # symbol table, which the extension finds its table through, stays.
        strip --strip-all "$lib"
        if readelf -S "$lib" | grep -q '\.debug_info\|\.symtab'; then
            echo "$variant: $lib still has debug information or a symbol table"
            status=1
        fi
    fi
    PKG_CONFIG_PATH=$prefix/lib/pkgconfig
    export PKG_CONFIG_PATH
    # shellcheck disable=SC2046,SC2086
    cc $cflags $sanitize_flags -o "$work/target-$variant" "$here/gdb_target.c" $(pkg-config --cflags --libs $module) \
        -Wl,-rpath,"$prefix/lib"
    # Some gdb cannot call functions in the process on some CPUs ("Couldn't
    # write extended state status", seen with gdb 13): there the commands
    # that call into the process are left out, with what they print (the
    # next line), saying so.
    expected=$here/$variant.expected
    calls=yes
    if ! gdb -batch -nx -iex 'set startup-with-shell off' -ex 'break gdb_stop_here' -ex run \
            -ex 'print (int)getpid()' "$work/target-$variant" </dev/null 2>&1 | grep -q '^\$1 = [0-9]'; then
        calls=no
        echo "$variant: gdb cannot call a function in the process here: rco-print/call not tested"
    fi
    if [ $calls = no ]; then
        awk '/^>>> rco-print\/call /{skip=2} skip>0{skip--; next} {print}' "$expected" >"$work/expected-$variant"
        expected=$work/expected-$variant
    fi
    # The commands, one a line, each echoed first so that the output says
    # which command printed what.
    while IFS= read -r cmd; do
        case "$cmd" in ''|'#'*) continue ;; esac
        case "$cmd" in rco-print/call*) [ $calls = no ] && continue ;; esac
        printf '%s\n' "-ex" "echo >>> $cmd\\n" "-ex" "$cmd" >>"$work/args-$variant"
    done <"$here/$variant.gdb"
    out=$work/out-$variant
    # set -- so that each command stays one argument, spaces and all.
    set --
    while IFS= read -r a; do set -- "$@" "$a"; done <"$work/args-$variant"
    gdb -batch -nx \
        -iex 'set startup-with-shell off' \
        -iex "add-auto-load-scripts-directory $prefix/share/gdb/auto-load" \
        -iex "add-auto-load-safe-path $prefix" \
        -ex 'break gdb_stop_here' -ex run \
        "$@" "$work/target-$variant" </dev/null >"$out.raw" 2>&1 || true
    sed -n '/^>>> /,$p' "$out.raw" | normalize "$prefix" >"$out"
    if compare "$expected" <"$out"; then
        echo "$variant: as expected ($(grep -c '^>>> ' "$out") commands)"
    else
        echo "$variant: gdb printed (normalized) ------------------------------"
        cat "$out"
        echo "--- raw output ---"
        cat "$out.raw"
        status=1
    fi
}

# In an ASan build freed pool blocks wait in a quarantine instead of their
# pools' free lists, which the pools' expected output shows.
if [ -z "$sanitize" ]; then
    run release rco "-g -O1" keep
    run stripped rco "-O1" strip
else
    echo "release, stripped: left out in a sanitizer build (its pools keep freed blocks apart)"
fi
run system rco "-g -O1" keep malloc
if [ -d "$build" ] && ls "$build"/librco-debug.so.* >/dev/null 2>&1; then
    run debug rco-debug "-g -O1" keep
fi
exit $status
