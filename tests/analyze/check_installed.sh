#!/bin/sh
# check_installed.sh SRC BUILD: install into a temporary prefix, then check
# static analysis the ways users get it: the installed bin/rco-analyze
# (which must find the installed headers by itself), rco_analyze() from the
# CMake package, and RCO_CLANG_TIDY_COMMAND as CMAKE_C_CLANG_TIDY.
# Exits 77 (skipped) when there is no clang.
set -u
src=$1 build=$2
if ! "$src/tools/rco-analyze" --print-clang >/dev/null 2>&1; then
    echo "installed static analysis checks skipped: no clang (Debian: apt-get install -y clang)"
    exit 77
fi
prefix=$(mktemp -d "${TMPDIR:-/tmp}/rco-analyze-install.XXXXXX") || exit 2
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null || exit 1
status=0
fail() {
    echo "FAIL $1"
    status=1
}

# The tool, alone: a leaky file and a clean one, no flags at all.
leaky=$src/tests/analyze/new_to_borrowing_call.c
out=$("$prefix/bin/rco-analyze" -q "$leaky")
rc=$?
if [ $rc -eq 1 ] && [ "$(echo "$out" | grep -c ': warning: leak: ')" -eq 2 ]; then
    echo "ok   installed rco-analyze finds the two leaks of $(basename "$leaky")"
else
    fail "installed rco-analyze on $(basename "$leaky"): exit $rc"
    echo "$out"
fi
if "$prefix/bin/rco-analyze" -q "$src/examples/twenty_lines.c"; then
    echo "ok   installed rco-analyze: twenty_lines.c is clean"
else
    fail "installed rco-analyze on twenty_lines.c"
fi

# CMake: one project, a clean program and a leaky one (linked to the debug
# library, so that RCO_DEBUG comes through the target's definitions).
project=$prefix/project
mkdir -p "$project"
cp "$src/examples/twenty_lines.c" "$project/good.c"
cp "$leaky" "$project/leaky.c"
cat >"$project/CMakeLists.txt" <<CM
cmake_minimum_required(VERSION 3.16)
project(outside C)
find_package(rco REQUIRED)
add_executable(good good.c)
target_link_libraries(good PRIVATE rco::rco)
add_library(leaky STATIC leaky.c)
target_link_libraries(leaky PRIVATE rco::rco-debug)
rco_analyze(good leaky)
if(TIDY AND RCO_CLANG_TIDY_COMMAND)
  set_target_properties(good leaky PROPERTIES C_CLANG_TIDY "\${RCO_CLANG_TIDY_COMMAND}")
endif()
CM
cmake -S "$project" -B "$project/build" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null || exit 1
if cmake --build "$project/build" --target good_analyze >/dev/null 2>&1; then
    echo "ok   rco_analyze(): good_analyze passes"
else
    fail "rco_analyze(): good_analyze failed"
fi
out=$(cmake --build "$project/build" --target leaky_analyze --verbose 2>&1)
if [ $? -ne 0 ] && echo "$out" | grep -q 'leaky.c:10:.*warning: leak: '; then
    echo "ok   rco_analyze(): leaky_analyze fails on the leak at leaky.c:10"
else
    fail "rco_analyze(): leaky_analyze"
    echo "$out"
fi
if echo "$out" | grep -q -- '-DRCO_DEBUG'; then
    echo "ok   rco_analyze(): rco::rco-debug passes -DRCO_DEBUG on"
else
    fail "rco_analyze(): no -DRCO_DEBUG for a target linked to rco::rco-debug"
fi

# clang-tidy as CMake runs it while compiling.
if grep -q '^RCO_CLANG_TIDY:FILEPATH=/' "$project/build/CMakeCache.txt"; then
    cmake -S "$project" -B "$project/tidy" -DCMAKE_PREFIX_PATH="$prefix" -DTIDY=ON >/dev/null || exit 1
    if cmake --build "$project/tidy" --target good >/dev/null 2>&1; then
        echo "ok   RCO_CLANG_TIDY_COMMAND: good.c compiles"
    else
        fail "RCO_CLANG_TIDY_COMMAND: good.c"
    fi
    out=$(cmake --build "$project/tidy" --target leaky 2>&1)
    if [ $? -ne 0 ] && echo "$out" | grep -q 'leaky.c:10:.*osx.cocoa.RetainCount'; then
        echo "ok   RCO_CLANG_TIDY_COMMAND: leaky.c fails to build on its leak"
    else
        fail "RCO_CLANG_TIDY_COMMAND: leaky.c"
        echo "$out"
    fi
else
    echo "ok   (no clang-tidy: RCO_CLANG_TIDY_COMMAND not checked)"
fi
exit $status
