#!/bin/sh
# Install into a temporary prefix, then build outside programs the ways
# users do: cc with pkg-config (release and debug), and CMake find_package.
set -e
src=$1 build=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
out=$prefix/work
mkdir -p "$out"
cc -Wall -Werror -o "$out/outside" "$src/tests/outside/api_conformance.c" $(pkg-config --cflags --libs rco)
"$out/outside"
if [ -f "$prefix/lib/pkgconfig/rco-debug.pc" ]; then
    cc -Wall -Werror -o "$out/outside-debug" "$src/tests/outside/api_conformance.c" $(pkg-config --cflags --libs rco-debug)
    "$out/outside-debug"
fi
mkdir -p "$out/cmake-project"
cat > "$out/cmake-project/CMakeLists.txt" <<CM
cmake_minimum_required(VERSION 3.16)
project(outside C)
find_package(rco REQUIRED)
add_executable(outside $src/tests/outside/api_conformance.c)
target_link_libraries(outside PRIVATE rco::rco)
CM
cmake -S "$out/cmake-project" -B "$out/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$out/cmake-build" >/dev/null
"$out/cmake-build/outside"
echo "installed rco builds and runs outside programs (pkg-config and find_package)"
