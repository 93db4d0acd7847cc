# Makefile — socketserver in C.
#
# Everything is found by convention, nothing is listed by hand (README,
# "Adding a chapter"): chapters/NN-slug/*.c is chapter NN's layer,
# chapters/NN-slug/programs/*.c its programs, tests/NN-slug/test_*.c its
# tests, exercises/NN-slug/*.test.c its exercises. The tools are Python
# (tools/sstools/, their tests tools/tests/test_*.py) and need no build.
#
# Layering: chapter NN's sources are compiled with only chapters 1..NN on the
# include path, and its programs and tests are linked with only the objects of
# chapters 1..NN — a forward reference cannot build.
#
# Variants: VARIANT=normal (default), asan (AddressSanitizer + UBSan),
# tsan (ThreadSanitizer). Each builds into build/$(VARIANT)/.

.DEFAULT_GOAL := all
SHELL := /bin/bash
.DELETE_ON_ERROR:

VARIANT ?= normal
B := build/$(VARIANT)

# ---------------------------------------------------------------- flags
CPPFLAGS := -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARNINGS := -Wall -Wextra -Wpedantic
CFLAGS_normal := -O2 -g
CFLAGS_asan := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
CFLAGS_tsan := -O1 -g -fsanitize=thread
CFLAGS := -std=c11 $(WARNINGS) -Werror -fPIC $(CFLAGS_$(VARIANT))
# -z now: every library function is resolved when a program starts. Lazily,
# a forked child resolves each one its handler calls first — again in every
# child, since the parent never calls them: 12% of a ForkingTCPServer
# connection's CPU (chapter 8).
LDFLAGS := -Wl,-z,now $(filter -fsanitize=%,$(CFLAGS_$(VARIANT)))
LDLIBS := -pthread
CMOCKA_CFLAGS = $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

COMPILE = $(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP

# Quiet by default: "  CC target"; `make V=1` shows the whole commands.
ifeq ($(V),1)
Q :=
say := @true
else
Q := @
say = @printf '  %-6s %s\n'
endif

# ---------------------------------------------------------------- chapters
CHAPTERS := $(sort $(patsubst chapters/%/,%,$(wildcard chapters/[0-9][0-9]-*/)))
ALL_CHAPTER_INC := $(foreach c,$(CHAPTERS),-Ichapters/$c)

# The chapter whose subject is the library as a program outside this
# repository takes it. Its exercises build that way: against lib/dist/ alone
# (one public header on the include path, one source file: the whole library,
# as lib/socketserver.h is, chapter 8's layer too), so a chapter header
# cannot even be found. Every other chapter's exercises build with its
# own include paths and objects, as its tests do.
LIBRARY_CHAPTER := 07-library

# 01-accept-loop -> 01 ; -> 1 ; the chapters 01..NN
chapter_nn = $(firstword $(subst -, ,$1))
chapter_n = $(patsubst 0%,%,$(call chapter_nn,$1))
chapters_upto = $(wordlist 1,$(call chapter_n,$1),$(CHAPTERS))

# A test declares the functions it wraps with /*@wrap name name */.
wrap_flags = $(foreach f,$(shell sed -n 's|.*/\*@wrap \(.*\)\*/.*|\1|p' $1),-Wl,--wrap=$f)

SUPPORT_SRC := $(wildcard tests/support/*.c)
SUPPORT_OBJ := $(patsubst tests/support/%.c,$(B)/support/%.o,$(SUPPORT_SRC))

# Variables of one chapter (first pass: every chapter's objects are known
# before any rule links them).
define chapter_vars
$1_TAG := ch$(call chapter_nn,$1)
$1_INC := $(foreach c,$(call chapters_upto,$1),-Ichapters/$c)
$1_OBJ := $(patsubst chapters/$1/%.c,$(B)/obj/$1/%.o,$(wildcard chapters/$1/*.c))
$1_PROGRAMS := $(patsubst chapters/$1/programs/%.c,$(B)/bin/%,$(wildcard chapters/$1/programs/*.c))
$1_TESTS := $(patsubst tests/$1/%.c,$(B)/tests/$1/%,$(wildcard tests/$1/test_*.c))
$1_FULL_TESTS := $(patsubst tests/$1/%.c,$(B)/full/tests/$1/%,$(wildcard tests/$1/test_*.c))
$1_EXERCISES := $(patsubst exercises/$1/%.test.c,%,$(wildcard exercises/$1/*.test.c))
endef
$(foreach c,$(CHAPTERS),$(eval $(call chapter_vars,$c)))

# Rules of one chapter.
define chapter_rules
$1_LINK := $(foreach c,$(call chapters_upto,$1),$($c_OBJ))
$1_PROGRAMS_UPTO := $(foreach c,$(call chapters_upto,$1),$($c_PROGRAMS))

$(B)/obj/$1/%.o: chapters/$1/%.c
	@mkdir -p $$(@D)
	$$(say) CC $$@
	$$(Q)$$(COMPILE) $($1_INC) -c $$< -o $$@

$($1_PROGRAMS): $(B)/bin/%: chapters/$1/programs/%.c $$($1_LINK)
	@mkdir -p $$(@D)
	$$(say) CC $$@
	$$(Q)$$(COMPILE) $($1_INC) $$< $$($1_LINK) $$(LDFLAGS) $$(LDLIBS) -o $$@

$($1_TESTS): $(B)/tests/$1/%: tests/$1/%.c $$($1_LINK) $(SUPPORT_OBJ) | $$($1_PROGRAMS_UPTO)
	@mkdir -p $$(@D)
	$$(say) CC $$@
	$$(Q)$$(COMPILE) $($1_INC) -Itests/support $$(CMOCKA_CFLAGS) -DSS_BIN_DIR='"$(B)/bin"' -DSS_LAST_CHAPTER='"$(call chapter_nn,$1)"' \
	  $$< $$($1_LINK) $(SUPPORT_OBJ) $$(call wrap_flags,$$<) $$(LDFLAGS) $$(CMOCKA_LIBS) $$(LDLIBS) -o $$@

$($1_FULL_TESTS): $(B)/full/tests/$1/%: tests/$1/%.c $(B)/lib/libsocketserver.a $(SUPPORT_OBJ) | programs
	@mkdir -p $$(@D)
	$$(say) CC $$@
	$$(Q)$$(COMPILE) -Ilib $(ALL_CHAPTER_INC) -Itests/support $$(CMOCKA_CFLAGS) -DSS_BIN_DIR='"$(B)/bin"' -DSS_LAST_CHAPTER='"$(call chapter_nn,$(lastword $(CHAPTERS)))"' \
	  $$< $(SUPPORT_OBJ) $$(call wrap_flags,$$<) $(B)/lib/libsocketserver.a $$(LDFLAGS) $$(CMOCKA_LIBS) $$(LDLIBS) -o $$@

# An exercise's test binary, with the learner's file (warnings allowed: work
# in progress), the reference solution (-Werror), or the mistake its hint warns
# about (built like the learner's file; `tools/exercises verify` runs all three).
# SS_EXERCISE_SOURCE names the file under test, for a test that reads it.
$1_EXERCISE_INC := $(if $(filter $1,$(LIBRARY_CHAPTER)),-Ilib/dist,$($1_INC))
$1_EXERCISE_LINK = $(if $(filter $1,$(LIBRARY_CHAPTER)),$(B)/dist/socketserver.o,$$($1_LINK))

$(patsubst %,$(B)/exercises/$1/%.learner,$($1_EXERCISES)): $(B)/exercises/$1/%.learner: exercises/$1/%.c exercises/$1/%.test.c $$($1_EXERCISE_LINK)
	@mkdir -p $$(@D)
	$$(say) CC $$@
	$$(Q)$$(CC) $$(CPPFLAGS) -std=c11 $$(WARNINGS) $$(CFLAGS_$$(VARIANT)) $$($1_EXERCISE_INC) -Iexercises/$1 -Itests/support $$(CMOCKA_CFLAGS) \
	  -DSS_EXERCISE_SOURCE='"$$<"' $$(filter %.c %.o,$$^) $(SUPPORT_SRC) $$(LDFLAGS) $$(CMOCKA_LIBS) $$(LDLIBS) -o $$@

$(patsubst %,$(B)/exercises/$1/%.mistake,$($1_EXERCISES)): $(B)/exercises/$1/%.mistake: exercises/solutions/$1/%.mistake.c exercises/$1/%.test.c $$($1_EXERCISE_LINK)
	@mkdir -p $$(@D)
	$$(say) CC $$@
	$$(Q)$$(CC) $$(CPPFLAGS) -std=c11 $$(WARNINGS) $$(CFLAGS_$$(VARIANT)) $$($1_EXERCISE_INC) -Iexercises/$1 -Itests/support $$(CMOCKA_CFLAGS) \
	  -DSS_EXERCISE_SOURCE='"$$<"' $$(filter %.c %.o,$$^) $(SUPPORT_SRC) $$(LDFLAGS) $$(CMOCKA_LIBS) $$(LDLIBS) -o $$@

$(patsubst %,$(B)/exercises/$1/%.solution,$($1_EXERCISES)): $(B)/exercises/$1/%.solution: exercises/solutions/$1/%.c exercises/$1/%.test.c $$($1_EXERCISE_LINK)
	@mkdir -p $$(@D)
	$$(say) CC $$@
	$$(Q)$$(CC) $$(CPPFLAGS) $$(CFLAGS) $$($1_EXERCISE_INC) -Iexercises/$1 -Itests/support $$(CMOCKA_CFLAGS) \
	  -DSS_EXERCISE_SOURCE='"$$<"' $$(filter %.c %.o,$$^) $(SUPPORT_SRC) $$(LDFLAGS) $$(CMOCKA_LIBS) $$(LDLIBS) -o $$@

.PHONY: $($1_TAG) test-$($1_TAG)
$($1_TAG): $$($1_LINK) $$($1_PROGRAMS_UPTO) $($1_TESTS)
test-$($1_TAG): $($1_TAG)
	@tools/run-tests "$(VARIANT) $($1_TAG)" $($1_TESTS)
endef
$(foreach c,$(CHAPTERS),$(eval $(call chapter_rules,$c)))

ALL_OBJ := $(foreach c,$(CHAPTERS),$($c_OBJ))
ALL_PROGRAMS := $(foreach c,$(CHAPTERS),$($c_PROGRAMS))
ALL_TESTS := $(foreach c,$(CHAPTERS),$($c_TESTS))
ALL_FULL_TESTS := $(foreach c,$(CHAPTERS),$($c_FULL_TESTS))

$(B)/support/%.o: tests/support/%.c
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(COMPILE) -Itests/support -DSS_BIN_DIR='"$(B)/bin"' -c $< -o $@

# ---------------------------------------------------------------- the library
# lib/ assembles the chapters' objects; it holds no copy of their code.
VERSION := 0.4.0
$(B)/lib/libsocketserver.a: $(ALL_OBJ)
	@mkdir -p $(@D)
	$(say) AR $@
	$(Q)rm -f $@ && ar rcs $@ $(filter %.o,$^)
$(B)/lib/libsocketserver.so: $(ALL_OBJ)
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) -shared -Wl,-soname,$(SONAME) $(LDFLAGS) $(filter %.o,$^) $(LDLIBS) -o $@

.PHONY: programs library
programs: $(ALL_PROGRAMS)
library: $(B)/lib/libsocketserver.a $(B)/lib/libsocketserver.so

# The single file (lib/dist/, `make dist`), compiled as a program outside
# compiles it: its own feature-test macros, none of the Makefile's.
$(B)/dist/socketserver.o: lib/dist/socketserver.c lib/dist/socketserver.h
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(CFLAGS) -Ilib/dist -c $< -o $@

# make install PREFIX=... [DESTDIR=...]: the public headers (the ones
# lib/socketserver.h includes, under include/socketserver/), the static
# library, the shared library under its soname, and a pkg-config file.
# make uninstall removes exactly those.
PREFIX ?= /usr/local
SONAME := libsocketserver.so.$(firstword $(subst ., ,$(VERSION)))
PUBLIC_HEADERS := lib/socketserver.h $(foreach h,$(shell sed -n 's/^\#include "\(.*\)"/\1/p' lib/socketserver.h),$(wildcard chapters/*/$h))
INSTALLED := include/socketserver lib/libsocketserver.a lib/libsocketserver.so.$(VERSION) \
             lib/$(SONAME) lib/libsocketserver.so lib/pkgconfig/socketserver.pc
.PHONY: install uninstall
install: library
	install -d $(DESTDIR)$(PREFIX)/include/socketserver $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 644 $(PUBLIC_HEADERS) $(DESTDIR)$(PREFIX)/include/socketserver/
	install -m 644 $(B)/lib/libsocketserver.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(B)/lib/libsocketserver.so $(DESTDIR)$(PREFIX)/lib/libsocketserver.so.$(VERSION)
	ln -sf libsocketserver.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(PREFIX)/lib/libsocketserver.so
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' lib/socketserver.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/socketserver.pc
uninstall:
	rm -rf $(addprefix $(DESTDIR)$(PREFIX)/,$(INSTALLED))

# ---------------------------------------------------------------- tools
# The repository's tools are one Python package (tools/sstools/, standard
# library only), run straight from the sources: tools/diagram, tools/trace,
# tools/book, tools/exercises, tools/amalgamate, tools/pymap, tools/contracts.
# Nothing to build.

# ---------------------------------------------------------------- everything
.PHONY: all
all: deps
	@$(MAKE) --no-print-directory build

.PHONY: build
build: $(ALL_OBJ) $(ALL_PROGRAMS) $(ALL_TESTS) library

# ---------------------------------------------------------------- set-up
.PHONY: deps
deps:
	@tools/ensure-deps

# ---------------------------------------------------------------- tests
# The tests of one variant: every chapter's tests against its own build, all
# of them again against the full library (the tools' own tests: make test-tools).
.PHONY: test-variant
test-variant: $(ALL_TESTS) $(ALL_FULL_TESTS) $(ALL_PROGRAMS)
	@tools/run-tests "$(VARIANT)" $(ALL_TESTS) $(ALL_FULL_TESTS)

# The Python tools' unittests (tools/tests/test_*.py), counted like the rest.
.PHONY: test-tools
test-tools:
	@tools/run-tests "tools" tools/tests

.PHONY: test
test: deps
	@rm -f build/test-summary.txt
	@$(MAKE) --no-print-directory check-layers
	@$(MAKE) --no-print-directory test-tools
	@$(MAKE) --no-print-directory VARIANT=normal build test-variant
	@$(MAKE) --no-print-directory VARIANT=asan test-variant
	@$(MAKE) --no-print-directory VARIANT=tsan test-variant
	@$(MAKE) --no-print-directory check-fresh
	@$(MAKE) --no-print-directory exercises-verify
	@$(MAKE) --no-print-directory bench-smoke
	@tools/run-tests --summary

# Proves, beyond the include paths, that no chapter names a later chapter's header.
.PHONY: check-layers
check-layers:
	@tools/check-layers $(CHAPTERS)

# ---------------------------------------------------------------- the benchmark
# Chapter 8. `make bench` runs the whole matrix (minutes; not a test) and
# writes build/bench/results.md and results.svg, installing gnuplot from
# Debian if it may. BENCH_ARGS passes options, e.g. BENCH_ARGS="--repetitions 1".
# `make bench-smoke` (part of `make test`): a second per server, every reply
# checked, no timing asserted, plus the driver's unit tests.
BENCH := chapters/08-designs/bench/run.py

.PHONY: bench bench-smoke
bench: deps
	@$(MAKE) --no-print-directory VARIANT=normal programs
	@$(BENCH) --bin build/normal/bin --out build/bench --install-plotter $(BENCH_ARGS)

bench-smoke:
	@$(MAKE) --no-print-directory VARIANT=normal programs
	@mkdir -p build
	@$(BENCH) --smoke --bin build/normal/bin --out build/bench --summary build/test-summary.txt

# ---------------------------------------------------------------- book, diagrams
CHAPTER_DIRS := $(foreach c,$(CHAPTERS),chapters/$c)

.PHONY: diagrams
diagrams:
	tools/diagram generate --out diagrams $(CHAPTER_DIRS)
	tools/diagram render diagrams/*.dot

.PHONY: book
book:
	tools/book refresh book.md

# lib/dist/: the whole library as one header and one source (SQLite's
# amalgamation), generated from the chapters and committed.
.PHONY: dist
dist:
	tools/amalgamate lib/dist $(CHAPTER_DIRS)

.PHONY: check-fresh
check-fresh:
	@tools/diagram check --diagrams diagrams $(CHAPTER_DIRS)
	@mkdir -p build
	@tools/book check book.md --out build/book.md
	@tools/amalgamate --check lib/dist $(CHAPTER_DIRS)
	@tools/pymap check book.md $(CHAPTER_DIRS)
	@tools/contracts $(CHAPTER_DIRS)

# ---------------------------------------------------------------- exercises
# tools/exercises builds each exercise through the rules above (chapter NN's
# include paths and objects only) and runs its test. An unfinished exercise is
# the learner's normal state, so `make exercises` accepts the tool's exit
# status 1 (0: all done; 2: the repository is broken, a real error). Scripts
# that want the state call tools/exercises run and read its status.
EXERCISES := tools/exercises --build-dir $(B)
.PHONY: exercises exercises-list exercises-watch exercises-hint exercises-verify
exercises: deps
	+@$(EXERCISES) run || [ $$? -eq 1 ]

exercises-list: deps
	+@$(EXERCISES) list

exercises-watch: deps
	+@$(EXERCISES) watch

exercises-hint: deps
	+@$(EXERCISES) hint

# Every solution passes, every untouched stub and every mistake fails; the
# summary line goes into make test's tally.
exercises-verify:
	@mkdir -p build
	+@$(EXERCISES) verify --summary-to build/test-summary.txt

# ---------------------------------------------------------------- the tour
.PHONY: tour
tour: deps
	@$(MAKE) --no-print-directory VARIANT=normal build
	@tools/tour $(CHAPTERS)

.PHONY: clean
clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
