# Ravelin - the two commands of README.md, and the steps behind them.
#
#   make run     install what is missing, build, serve on 127.0.0.1:8080
#   make check   install what is missing, build, run every test
#
# Build trees: build/ (the program), build-asan/ (ASan + UBSan),
# build-fuzz/ (clang + libFuzzer).

DATA ?= ./data
LISTEN ?= 127.0.0.1:8080
FUZZ_SECONDS ?= 15
FUZZ_TARGETS = url query form cookie template
NODE_TEST = node --test --test-concurrency=1

.PHONY: run check deps deps-check build build-asan build-fuzz unit po-check \
        cli-test http-test browser-test asan-test fuzz bench clean

run: deps build
	./build/ravelin serve --listen $(LISTEN) --data $(DATA)

check: deps-check build unit po-check cli-test http-test browser-test asan-test fuzz
	@echo "make check: all test suites passed"

deps:
	./scripts/install-deps

deps-check:
	./scripts/install-deps --check

build/build.ninja:
	meson setup build
build: build/build.ninja
	ninja -C build

build-asan/build.ninja:
	meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false
build-asan: build-asan/build.ninja
	ninja -C build-asan

build-fuzz/build.ninja:
	CC=clang meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false
build-fuzz: build-fuzz/build.ninja
	ninja -C build-fuzz

unit: build
	meson test -C build --print-errorlogs --suite unit

po-check:
	python3 scripts/po-check.py

cli-test: build
	$(NODE_TEST) tests/cli/

http-test: build
	$(NODE_TEST) tests/http/

browser-test: build
	$(NODE_TEST) tests/browser/

# The unit, command-line and HTTP tests again, on the sanitizer build.
# fontconfig keeps its configuration for the life of the process (the
# suppression), and GLib's slice allocator would hide pango's leaks.
ASAN_ENV = RAVELIN_BIN=build-asan/ravelin ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/unit/lsan.supp G_SLICE=always-malloc \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
asan-test: build-asan
	$(ASAN_ENV) meson test -C build-asan --print-errorlogs --suite unit
	$(ASAN_ENV) $(NODE_TEST) tests/cli/ tests/http/

# Each parser fuzzed briefly; FUZZ_SECONDS=3600 make fuzz for a long run.
fuzz: build-fuzz
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p build-fuzz/corpus/$$t; \
	  seeds=tests/fuzz/corpus/$$t; [ -d $$seeds ] || seeds=; \
	  echo "fuzz $$t ($(FUZZ_SECONDS) s)"; \
	  ./build-fuzz/tests/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=0 \
	    build-fuzz/corpus/$$t $$seeds 2>build-fuzz/fuzz_$$t.log \
	    || { tail -40 build-fuzz/fuzz_$$t.log; exit 1; }; \
	done
	@echo "fuzz: $(words $(FUZZ_TARGETS)) passed, 0 failed"

bench: build
	./build/bench/bench_risk
	bash bench/startup.sh
	bash bench/dashboard.sh
	bash bench/register.sh

clean:
	rm -rf build build-asan build-fuzz
