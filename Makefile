# SPDX-License-Identifier: GPL-2.0-only
# irqsim: GNU Make + pkg-config.
#   make            build bin/irqsim and lib/libirqsim.a (optimised)
#   make check      build with ASan+UBSan in build-check/ and run every test
#   make demo       run the seed-000 scenario and write its map
#   make bench      run the benchmarks under bench/
#   make install PREFIX=/usr/local [DESTDIR=...]

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
LIBDIR    ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR    ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
# libirqsim.so.$(SOVERSION) is the soname: bump it when the public ABI breaks
VERSION   := 0.1.0
SOVERSION := 0
CC        ?= cc
PKGS      := smartcols jansson libxml-2.0
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS))
# irqsim and libirqsim.so load libxml2 when a libvirt domain is read, not at
# start (src/scenario/xmldl.h); programs that set its hooks link it (PKG_LIBS)
RUN_LIBS   := $(shell pkg-config --libs smartcols jansson)
CMOCKA_CFLAGS := $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell pkg-config --libs cmocka 2>/dev/null)

WARN      := -Wall -Wextra -Werror -Wno-unused-parameter
BASE_CFLAGS := -std=gnu11 $(WARN) -Isrc -Iinclude $(PKG_CFLAGS)
OPT       ?= -O2 -g
SAN       :=

# BUILD is the output directory; make check re-invokes make with BUILD=build-check
BUILD     ?= build
CFLAGS_ALL = $(BASE_CFLAGS) $(OPT) $(SAN) $(CFLAGS)
LDFLAGS_ALL = $(SAN) $(LDFLAGS)

LIB_SRC   := $(sort $(shell find src -name '*.c' -not -path 'src/cli/*'))
CLI_SRC   := $(sort $(wildcard src/cli/*.c))
TEST_SRC  := $(sort $(wildcard tests/unit/test_*.c))
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ   := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN  := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
LIBA      := $(BUILD)/libirqsim.a
LIBSO     := $(BUILD)/libirqsim.so.$(VERSION)
BIN       := $(BUILD)/irqsim
MANPAGES  := man/irqsim.1 man/irqsim-scenario.5

.PHONY: all check demo bench install clean conformance unit-tests replay examples-check schema-check convert-check doctor-check \
	map-check fuzz fuzz-build fuzz-regress valgrind install-check man-check completion-check cli-check oom-check tsan-check
all: $(BIN) $(LIBA) $(LIBSO)
	@mkdir -p bin && ln -sf ../$(BIN) bin/irqsim

# The library objects are position-independent so one set serves both the
# static and the shared library.
$(LIB_OBJ): CFLAGS_ALL += -fPIC

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(LIBA): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && $(AR) rcs $@ $^

# Only the irqsim_* API is exported (src/libirqsim.map): the model's internal
# names (json_string, cpumask_*, ...) cannot clash with a caller's.
$(LIBSO): $(LIB_OBJ) src/libirqsim.map
	$(CC) -shared $(LDFLAGS_ALL) -Wl,-soname,libirqsim.so.$(SOVERSION) -Wl,--version-script=src/libirqsim.map -Wl,-z,defs \
		-o $@ $(LIB_OBJ) $(RUN_LIBS) -lm

# irqsim --version prints the Makefile's VERSION
$(CLI_OBJ): CFLAGS_ALL += -DIRQSIM_VERSION='"$(VERSION)"'
$(BUILD)/src/cli/main.o: Makefile

$(BIN): $(CLI_OBJ) $(LIBA)
	$(CC) $(LDFLAGS_ALL) -o $@ $(CLI_OBJ) $(LIBA) $(RUN_LIBS) -lm

$(BUILD)/tests/%: tests/unit/%.c $(LIBA) tests/unit/testutil.h tests/unit/topoutil.h tests/unit/simutil.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(CMOCKA_CFLAGS) -Itests/unit $< -o $@ $(LIBA) $(PKG_LIBS) $(CMOCKA_LIBS) -lm

unit-tests: $(TEST_BIN) $(BIN)
	@set -e; for t in $(TEST_BIN); do echo "== $$t"; $$t; done
	@$(MAKE) --no-print-directory BUILD=$(BUILD) layering-check

# The folders of src/ depend only downward, in the README's order: from the
# objects' symbols (nm), after a self-test that an upward call fails.
.PHONY: layering-check
layering-check: $(LIB_OBJ) $(CLI_OBJ)
	@tests/layering/check --self-test
	@tests/layering/check --build $(BUILD)

# Replay every recorded golden through the simulator (no QEMU needed).
replay: $(BIN)
	@tests/conformance/replay --irqsim $(BIN) --self-test tests/conformance/golden
	@tests/conformance/varies-check --irqsim $(BIN)

examples-check: $(BIN)
	@tests/examples/run --irqsim $(BIN)
	@tests/whatif/run --irqsim $(BIN)

# The command line's contract: no lost write (/dev/full, every command and
# view), -O/-o replace FILE only when complete, usage errors, --version,
# run's inputs for every command
cli-check: $(BIN)
	@tests/cli/run --irqsim $(BIN)

# snapshot and doctor: against the model on every example and case, on the
# real kernels' own /proc and /sys (goldens with sysroot/), on this machine
# (root and unprivileged, read-only under strace), on bad input, and from 1 to
# 8192 CPUs against the outputs recorded before the headroom was computed
doctor-check: $(BIN)
	@tests/doctor/check-model --irqsim $(BIN)
	@tests/doctor/check-goldens --irqsim $(BIN)
	@tests/doctor/check-from-snapshot --irqsim $(BIN)
	@tests/doctor/check-live --irqsim $(BIN)
	@tests/doctor/check-bad --irqsim $(BIN)
	@tests/doctor/check-traces --irqsim $(BIN)
	@tests/doctor/check-root --irqsim $(BIN)
	@tests/doctor/check-cpus --irqsim $(BIN)

# Every JSON document of every example against docs/schema/ (python3-jsonschema)
schema-check: $(BIN)
	@tests/schema/run --irqsim $(BIN)

# The map view's pages: structure against the matrix, headless Chromium screenshots, and the
# page driven through chromedriver (step control, ranges, side by side; shots in $(BUILD)/map-artifacts).
map-check: $(BIN)
	@scripts/install-deps --browser || echo "map-check: could not install chromium and chromium-driver"
	@MAP_ARTIFACTS=$(BUILD)/map-artifacts tests/map/run --irqsim $(BIN)

# IRQSIM_CHECK_INVARIANTS=1: every simulation of every test checks the model
# invariants after each step and matrix operation (the doctor's, the
# planner's and the converters' included), not only --check-invariants runs.
check:
	IRQSIM_CHECK_INVARIANTS=1 $(MAKE) BUILD=build-check OPT="-O1 -g" SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" unit-tests replay examples-check cli-check doctor-check map-check convert-check fuzz-regress schema-check oom-check
	$(MAKE) man-check completion-check install-check tsan-check

# Man pages: groff with every warning, and mandoc's lint where installed.
man-check: $(BIN)
	@tests/man/run --irqsim $(BIN) $(MANPAGES)

completion-check: $(BIN)
	@tests/completion/run completion/irqsim $(BIN)

# Install into a scratch prefix, then build examples/libirqsim-example.c
# against the installed pkg-config file, shared and static, and run it.
install-check: all
	@tests/install/run

# QEMU command lines and libvirt domains against the conformance cases
convert-check: $(BIN)
	@tests/convert/run --irqsim $(BIN)

# Allocation failure: tests/oom/oomtest runs the public API (a scenario with
# every view, a JSON snapshot with the doctor, libvirt and QEMU conversions,
# a plan) failing its Nth allocation for N over each run's whole range (every
# N up to OOM_RUNS per phase, an even sample above); then the release CLI
# (build/irqsim, built here: sanitizers cannot run under a small ulimit -v)
# under `ulimit -v` (tests/oom/run).  The wrapped functions are the library's own
# allocation calls; jansson and libxml2 go through their allocator hooks.
OOM_RUNS ?= 400
FAILALLOC_WRAP := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=reallocarray,--wrap=strdup,--wrap=strndup \
	-Wl,--wrap=asprintf,--wrap=vasprintf,--wrap=open_memstream,--wrap=json_loadb
$(BUILD)/tests/oomtest: tests/oom/oomtest.c tests/oom/failalloc.c tests/oom/failalloc.h $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL) tests/oom/oomtest.c tests/oom/failalloc.c -o $@ $(FAILALLOC_WRAP) $(LIBA) \
		$(PKG_LIBS) -lm

oom-check: $(BUILD)/tests/oomtest $(BIN)
	@$(MAKE) -s --no-print-directory BUILD=build OPT="-O2 -g" SAN= build/irqsim
	@tests/oom/run --irqsim $(BIN) --release build/irqsim --oomtest $(BUILD)/tests/oomtest --runs $(OOM_RUNS)

# ThreadSanitizer: the library and tests/tsan/tsan.c (8 threads through the
# public API at once, the libxml2 error handler kept) built with
# -fsanitize=thread in build-tsan/; make check runs it.
TSAN := -fsanitize=thread -fno-omit-frame-pointer
tsan-check: $(BIN)
	@$(MAKE) --no-print-directory BUILD=build-tsan OPT="-O1 -g" SAN="$(TSAN)" build-tsan/libirqsim.a
	$(CC) $(BASE_CFLAGS) -O1 -g $(TSAN) tests/tsan/tsan.c -o build-tsan/tsan build-tsan/libirqsim.a $(PKG_LIBS) -lm
	@$(BIN) run examples/drivers-mix.scn --view snapshot > build-tsan/snap.json
	TSAN_OPTIONS=halt_on_error=1 build-tsan/tsan examples/drivers-mix.scn build-tsan/snap.json \
		tests/convert/libvirt/pc-4cpu-net-6.1.xml

demo: all
	$(BIN) run examples/seed-000.scn
	$(BIN) run examples/seed-000.scn --view map -O $(BUILD)/seed-000-map.html
	@echo "the map: $(BUILD)/seed-000-map.html (open it in a browser)"

$(BUILD)/bench: bench/bench.c $(LIBA)
	$(CC) $(CFLAGS_ALL) $< -o $@ $(LIBA) $(PKG_LIBS) -lm

# the floor (seed 000's matrix operations on plain bitmaps) and a CPU-time meter
$(BUILD)/limit $(BUILD)/cputime: $(BUILD)/%: bench/%.c
	$(CC) $(CFLAGS_ALL) $< -o $@

bench: all $(BUILD)/bench $(BUILD)/limit $(BUILD)/cputime
	bench/run $(BIN)

# libFuzzer (clang): every parser, and the whole model on fuzzed scenarios.
# FUZZ_TIME seconds each, or FUZZ_RUNS executions each (make fuzz FUZZ_RUNS=10000000);
# new inputs go to build-fuzz/corpus/NAME, seeds come from the examples, the
# conformance cases and tests/fuzz/seeds.
FUZZ_TIME ?= 60
FUZZERS   ?= scenario cmdline cpulist run snapshot qemu libvirt trace root oom
FUZZ_SAN  := -fsanitize=address,undefined -fno-sanitize-recover=all
# fuzz_oom fails one allocation of each run: the fault injection of oom-check linked in
FUZZ_OOM_LINK := tests/oom/failalloc.c $(FAILALLOC_WRAP)
# the seeds of the targets that read scenarios (fuzz_oom also reads domains, command lines and snapshots)
FUZZ_SCN_SEEDS := examples tests/conformance/cases
FUZZ_OOM_SEEDS := $(FUZZ_SCN_SEEDS) tests/fuzz/seeds/libvirt tests/fuzz/seeds/qemu tests/fuzz/seeds/snapshot
fuzz-build:
	$(MAKE) BUILD=build-fuzz CC=clang OPT="-O1 -g" SAN="$(FUZZ_SAN) -fsanitize=fuzzer-no-link" build-fuzz/libirqsim.a
	@set -e; for f in $(FUZZERS); do \
		echo "clang tests/fuzz/fuzz_$$f.c -> build-fuzz/fuzz_$$f"; \
		case $$f in oom) extra="$(FUZZ_OOM_LINK)";; *) extra=;; esac; \
		clang $(BASE_CFLAGS) -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer tests/fuzz/fuzz_$$f.c $$extra \
			build-fuzz/libirqsim.a $(PKG_LIBS) -lm -o build-fuzz/fuzz_$$f; done

# make check replays each target's seeds and past findings once, built with
# gcc and the check build's sanitizers (tests/fuzz/replay.c stands in for
# libFuzzer's driver).
FUZZ_REPLAY := $(FUZZERS:%=$(BUILD)/fuzz/fuzz_%)
$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -D_GNU_SOURCE $< tests/fuzz/replay.c -o $@ $(LIBA) $(PKG_LIBS) -lm
$(BUILD)/fuzz/fuzz_oom: tests/fuzz/fuzz_oom.c tests/fuzz/replay.c tests/oom/failalloc.c tests/oom/failalloc.h $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -D_GNU_SOURCE $< tests/fuzz/replay.c -o $@ $(FUZZ_OOM_LINK) $(LIBA) $(PKG_LIBS) -lm

fuzz-regress: $(FUZZ_REPLAY)
	@set -e; for f in $(FUZZERS); do \
		case $$f in scenario|run) in="$(FUZZ_SCN_SEEDS)";; oom) in="$(FUZZ_OOM_SEEDS)";; \
			*) in=tests/fuzz/seeds/$$f;; esac; \
		[ -d tests/fuzz/regress/$$f ] && in="$$in tests/fuzz/regress/$$f"; \
		[ -d tests/fuzz/corpus/$$f ] && in="$$in tests/fuzz/corpus/$$f"; \
		$(BUILD)/fuzz/fuzz_$$f $$in; done

fuzz: fuzz-build
	@set -e; for f in $(FUZZERS); do \
		tests/fuzz/run $$f $(if $(FUZZ_RUNS),runs=$(FUZZ_RUNS),time=$(FUZZ_TIME)); done

# The example suite under valgrind: no errors, no leaks.
valgrind: $(BIN)
	tests/examples/run --irqsim tests/valgrind-irqsim

conformance: all
	tests/conformance/record-all
	tests/conformance/replay --irqsim $(BIN) --table tests/conformance/README.md tests/conformance/golden

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)/irqsim \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(BASHCOMPDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/irqsim
	install -m 644 $(LIBA) $(DESTDIR)$(LIBDIR)/libirqsim.a
	install -m 755 $(LIBSO) $(DESTDIR)$(LIBDIR)/libirqsim.so.$(VERSION)
	ln -sf libirqsim.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libirqsim.so.$(SOVERSION)
	ln -sf libirqsim.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libirqsim.so
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCLUDEDIR@|$(INCLUDEDIR)|' \
		-e 's|@VERSION@|$(VERSION)|; s|@REQUIRES@|$(PKGS)|' libirqsim.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/libirqsim.pc
	chmod 644 $(DESTDIR)$(LIBDIR)/pkgconfig/libirqsim.pc
	install -m 644 include/irqsim/irqsim.h $(DESTDIR)$(INCLUDEDIR)/irqsim/irqsim.h
	install -m 644 man/irqsim.1 $(DESTDIR)$(MANDIR)/man1/irqsim.1
	install -m 644 man/irqsim-scenario.5 $(DESTDIR)$(MANDIR)/man5/irqsim-scenario.5
	install -m 644 completion/irqsim $(DESTDIR)$(BASHCOMPDIR)/irqsim

clean:
	rm -rf build build-check build-tsan bin

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
