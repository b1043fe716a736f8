# Thin wrappers around CMake. `make run` and `make test` work on a fresh
# Debian machine: they install what they need (as root) or say what is
# missing.
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
NEED = tools/need.sh

.PHONY: all run test sanitize tsan valgrind bench bench-debug fuzz analyze install clean deps test-deps docs

all: deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

deps:
	@$(NEED) cmake cmake cc gcc make make pkg-config pkg-config /usr/include/elfutils/libdwfl.h libdw-dev

test-deps: deps
	@$(NEED) /usr/include/cmocka.h libcmocka-dev clang clang gdb gdb valgrind valgrind

# The tour of the seeds' points, the collector's replay of seed 004, and
# the leak detective naming the line of seed 000's leak.
run: deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD) -j $(JOBS) --target tour cycles seed000_leaky_append >/dev/null
	@./$(BUILD)/examples/tour
	@./$(BUILD)/examples/cycles
	@./$(BUILD)/examples/seed000_leaky_append

test: test-deps
	cmake -S . -B $(BUILD) -DRCO_BUILD_TESTS=ON $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

sanitize: test-deps
	cmake -S . -B $(BUILD)-sanitize -DRCO_BUILD_TESTS=ON -DCMAKE_BUILD_TYPE=Debug \
	      -DRCO_SANITIZE=address,undefined >/dev/null
	cmake --build $(BUILD)-sanitize -j $(JOBS)
	cd $(BUILD)-sanitize && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j $(JOBS) -E 'install_and_pkg_config|exported_symbols|static_analysis'

# ThreadSanitizer over the tests that run threads (the others have none to
# race), against both libraries built with it; any report fails.
tsan: test-deps
	@$(NEED) /usr/lib/x86_64-linux-gnu/libtsan.so.2 libtsan2
	cmake -S . -B $(BUILD)-tsan -DRCO_BUILD_TESTS=ON -DRCO_BUILD_EXAMPLES=OFF -DCMAKE_BUILD_TYPE=Debug \
	      -DRCO_SANITIZE=thread >/dev/null
	cmake --build $(BUILD)-tsan -j $(JOBS) --target test_threads test_threads_debug
	cd $(BUILD)-tsan && TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
	   ctest --output-on-failure -j $(JOBS) -R '^test_threads(_debug)?$$'

valgrind: test-deps
	@$(NEED) valgrind valgrind
	cmake -S . -B $(BUILD)-valgrind -DRCO_BUILD_TESTS=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
	cmake --build $(BUILD)-valgrind -j $(JOBS)
	cd $(BUILD)-valgrind && RCO_TEST_UNDER_VALGRIND=1 ctest --output-on-failure -j $(JOBS) \
	   -E 'install_and_pkg_config|exported_symbols|static_analysis|tool_memcheck|gdb_extension' -T memcheck

bench: deps
	@$(NEED) python3-config python3-dev /usr/include/jansson.h libjansson-dev /usr/include/json-c/json.h libjson-c-dev
	cmake -S . -B $(BUILD)-bench -DCMAKE_BUILD_TYPE=Release -DRCO_BUILD_TESTS=OFF -DRCO_BUILD_BENCH=ON >/dev/null
	cmake --build $(BUILD)-bench -j $(JOBS) --target bench
	./$(BUILD)-bench/bench/bench $(BENCH_ARGS)

# What the leak detective costs: rco's side of the benchmark, release and
# debug libraries, one after the other.
DEBUG_WORKLOADS ?= int,list_append,tuple3,dict_int,dict_str,str_hash,gc_cycles,gc_full,refcount
bench-debug: deps
	@$(NEED) python3-config python3-dev /usr/include/jansson.h libjansson-dev /usr/include/json-c/json.h libjson-c-dev
	cmake -S . -B $(BUILD)-bench -DCMAKE_BUILD_TYPE=Release -DRCO_BUILD_TESTS=OFF -DRCO_BUILD_BENCH=ON >/dev/null
	cmake --build $(BUILD)-bench -j $(JOBS) --target bench bench_debug
	./$(BUILD)-bench/bench/bench --impl rco --only $(DEBUG_WORKLOADS) $(BENCH_ARGS)
	./$(BUILD)-bench/bench/bench_debug --impl rco --only $(DEBUG_WORKLOADS) $(BENCH_ARGS)

fuzz: deps
	@$(NEED) clang clang /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a libclang-rt-14-dev
	@$(NEED) python3-config python3-dev
	CC=clang cmake -S . -B $(BUILD)-fuzz -DCMAKE_BUILD_TYPE=Debug -DRCO_BUILD_TESTS=OFF -DRCO_BUILD_EXAMPLES=OFF \
	      -DRCO_BUILD_FUZZ=ON -DRCO_SANITIZE=address,undefined >/dev/null
	cmake --build $(BUILD)-fuzz -j $(JOBS)
	fuzz/run.sh $(BUILD)-fuzz $(FUZZ_SECONDS)

# Clang's static analyzer over every path of the project's library-using
# code (examples, fuzz targets, the benchmark's rco side), which must be
# clean; the seed examples, which must show their bugs; and the snippets of
# tests/analyze, which must be flagged at their lines. tools/rco-analyze is
# the same check for any file (docs/static-analysis.md).
analyze:
	@$(NEED) clang clang
	@sh tests/analyze/run.sh

# The manual: HTML from include/rco.h, README.md and docs/ with Doxygen
# (docs/Doxyfile); any warning fails it.
docs:
	@$(NEED) doxygen doxygen
	rm -rf $(BUILD)-docs
	(cat docs/Doxyfile; echo "OUTPUT_DIRECTORY = $(BUILD)-docs") | doxygen -
	@echo "the manual: $(BUILD)-docs/html/index.html"

install: all
	cmake --install $(BUILD) --prefix $(or $(PREFIX),/usr/local)

clean:
	rm -rf $(BUILD) $(BUILD)-sanitize $(BUILD)-valgrind $(BUILD)-bench $(BUILD)-fuzz $(BUILD)-docs
