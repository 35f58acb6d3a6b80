# pl - personalised-learning toolkit.  One non-recursive Makefile.
# `make help` lists the targets.

CC      ?= cc
PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
BIN     ?= bin
OPT     ?= -O3 -g
SAN     ?=
WARN    = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -Ilib
CFLAGS  ?=
# Link-time optimisation with gcc: calls between the table reader, the
# store and the rules are inlined across files (pl-progress 7% faster on
# one thread).  Fat objects, so that a link without it (clang, a script's
# own cc line) still finds plain code.  LTO= turns it off.
ifeq ($(origin LTO),undefined)
LTO     := $(if $(findstring clang,$(shell $(CC) --version 2>/dev/null)),,-flto=auto -ffat-lto-objects)
endif
ALL_CFLAGS = $(WARN) $(OPT) $(LTO) $(SAN) $(CFLAGS) -MMD -MP
LDLIBS  = -lcsv -ljansson -lzip -lsodium -lpthread -lm

VERSION := 0.1.0
CPPFLAGS += -DPL_VERSION='"$(VERSION)"'

LIB_SRC  := $(sort $(wildcard lib/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CMD_SRC  := $(sort $(wildcard cmd/pl-*.c))
PROGS    := $(CMD_SRC:cmd/%.c=$(BIN)/%)
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
UNIT_OBJ := $(UNIT_SRC:%.c=$(BUILD)/%.o)
LIBPL    := $(BUILD)/libpl.a
UNIT     := $(BUILD)/unit-tests
MANS     := $(sort $(wildcard man/*.[157]))

.PHONY: all check check-unit check-cli check-man check-browser check-asan \
	check-tsan check-valgrind \
	demo bench install uninstall clean deps help fuzz

all: $(LIBPL) $(PROGS)

help:
	@echo "make [all]        build $(LIBPL) and $(BIN)/pl-*"
	@echo "make check        install missing dependencies, build, run unit, CLI and man-page tests"
	@echo "make check-asan   the same suite under AddressSanitizer and UBSan"
	@echo "make check-tsan   the CLI cases under ThreadSanitizer"
	@echo "make check-valgrind  the demo pipeline under valgrind"
	@echo "make demo         run the pipeline on the demo class (tests/data/demo)"
	@echo "make bench        benchmarks against peers (scripts/bench)"
	@echo "make fuzz         run the fuzz harnesses (FUZZ_SECONDS=N each)"
	@echo "make install      install binaries and man pages (PREFIX, DESTDIR)"
	@echo "make clean        remove build products"
	@echo "variables: CC, OPT (-O3 -g), LTO (gcc: -flto=auto; LTO= for none), CFLAGS, PREFIX"

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(LIBPL): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

$(BIN)/%: $(BUILD)/cmd/%.o $(LIBPL)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIBPL) $(LDLIBS)

$(UNIT): $(UNIT_OBJ) $(LIBPL)
	$(CC) $(ALL_CFLAGS) -o $@ $(UNIT_OBJ) $(LIBPL) -lcriterion $(LDLIBS)

# Dependencies are installed on demand: a fresh machine needs only make.
deps:
	@scripts/install-deps --check >/dev/null 2>&1 || scripts/install-deps

check: deps
	@$(MAKE) --no-print-directory all $(UNIT)
	@$(MAKE) --no-print-directory check-man
	@$(MAKE) --no-print-directory check-browser
	@$(MAKE) --no-print-directory check-unit
	@$(MAKE) --no-print-directory check-cli

check-unit: $(UNIT)
	$(UNIT) --jobs 2

check-cli: all
	@tests/cli/run $(BIN)

check-man:
	@scripts/check-man

check-browser: all
	@scripts/browser-check $(BIN)

check-asan:
	@CLI_SANITIZED=1 $(MAKE) --no-print-directory BUILD=build/asan BIN=build/asan/bin \
	    OPT="-O1 -g -fno-omit-frame-pointer" LTO= \
	    SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" \
	    check-unit check-cli

# The CLI cases under ThreadSanitizer (pl-progress reads, gathers and
# evaluates on threads, BKT fits too): a data race fails its case.
check-tsan:
	@$(MAKE) --no-print-directory BUILD=build/tsan BIN=build/tsan/bin \
	    OPT="-O1 -g -fno-omit-frame-pointer" LTO= SAN="-fsanitize=thread" all
	@TSAN_OPTIONS="halt_on_error=1 exitcode=66" CLI_SANITIZED=1 \
	    tests/cli/run build/tsan/bin

check-valgrind: all
	@scripts/check-valgrind $(BIN)

demo: deps all
	@scripts/demo $(BIN)

bench: all
	@scripts/bench

fuzz:
	@scripts/fuzz $(FUZZ_SECONDS)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(PREFIX)/share/man/man7
	install -m 755 $(PROGS) $(DESTDIR)$(PREFIX)/bin
	for m in $(MANS); do \
	    s=$${m##*.}; install -m 644 $$m $(DESTDIR)$(PREFIX)/share/man/man$$s; \
	done

uninstall:
	for p in $(PROGS); do rm -f $(DESTDIR)$(PREFIX)/bin/$${p##*/}; done
	for m in $(MANS); do \
	    s=$${m##*.}; rm -f $(DESTDIR)$(PREFIX)/share/man/man$$s/$${m##*/}; \
	done

clean:
	rm -rf build bin

-include $(LIB_OBJ:.o=.d) $(UNIT_OBJ:.o=.d) $(CMD_SRC:%.c=$(BUILD)/%.d)
.SECONDARY:
