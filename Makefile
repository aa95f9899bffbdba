# SPDX-License-Identifier: GPL-2.0-only
# irqsim: GNU Make + pkg-config.
#   make            build bin/irqsim and lib/libirqsim.a (optimised)
#   make check      build with ASan+UBSan in build-check/ and run every test
#   make demo       run the seed-000 scenario
#   make bench      run the benchmarks under bench/
#   make install PREFIX=/usr/local

PREFIX    ?= /usr/local
CC        ?= cc
PKGS      := hwloc smartcols jansson
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS))
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
BIN       := $(BUILD)/irqsim

.PHONY: all check demo bench install clean conformance unit-tests replay examples-check
all: $(BIN) $(LIBA)
	@mkdir -p bin && ln -sf ../$(BIN) bin/irqsim

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(LIBA): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIBA)
	$(CC) $(LDFLAGS_ALL) -o $@ $(CLI_OBJ) $(LIBA) $(PKG_LIBS) -lm

$(BUILD)/tests/%: tests/unit/%.c $(LIBA) tests/unit/testutil.h tests/unit/topoutil.h tests/unit/simutil.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(CMOCKA_CFLAGS) -Itests/unit $< -o $@ $(LIBA) $(PKG_LIBS) $(CMOCKA_LIBS) -lm

unit-tests: $(TEST_BIN) $(BIN)
	@set -e; for t in $(TEST_BIN); do echo "== $$t"; $$t; done

# Replay every recorded golden through the simulator (no QEMU needed).
replay: $(BIN)
	@tests/conformance/replay --irqsim $(BIN) tests/conformance/golden

examples-check: $(BIN)
	@tests/examples/run --irqsim $(BIN)

check:
	$(MAKE) BUILD=build-check OPT="-O1 -g" SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" unit-tests replay examples-check

demo: all
	$(BIN) run examples/seed-000.scn

$(BUILD)/bench: bench/bench.c $(LIBA)
	$(CC) $(CFLAGS_ALL) $< -o $@ $(LIBA) $(PKG_LIBS) -lm

bench: all $(BUILD)/bench
	bench/run $(BIN)

conformance: all
	tests/conformance/record-all
	tests/conformance/replay --irqsim $(BIN) --table tests/conformance/README.md tests/conformance/golden

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include/irqsim
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/irqsim
	install -m 644 $(LIBA) $(DESTDIR)$(PREFIX)/lib/libirqsim.a
	install -m 644 include/irqsim/irqsim.h $(DESTDIR)$(PREFIX)/include/irqsim/irqsim.h

clean:
	rm -rf build build-check bin

-include $(shell find build build-check -name '*.d' 2>/dev/null)
