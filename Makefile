# bpfkit build. `make` builds the libraries and the CLI; `make check` runs
# the test suite; `make check-asan` runs it again under ASan/UBSan.
# BUILD selects the output directory so several builds can coexist.

VERSION_MAJOR := 1
VERSION_MINOR := 7
VERSION_PATCH := 0
VERSION := $(VERSION_MAJOR).$(VERSION_MINOR).$(VERSION_PATCH)

BUILD ?= build
CC ?= cc
CLANG ?= clang
PREFIX ?= /usr/local
DESTDIR ?=
LIBDIR ?= $(PREFIX)/lib
INCDIR ?= $(PREFIX)/include/bpfkit
BINDIR ?= $(PREFIX)/bin
PKGDIR ?= $(LIBDIR)/pkgconfig

SAN ?=
OPT ?= -O2
WARN := -Wall -Wextra -Werror -Wno-missing-field-initializers -Wno-format-truncation -Wno-unknown-warning-option
BASE_CFLAGS := -std=gnu11 $(OPT) -g $(WARN) -D_GNU_SOURCE -fPIC \
	-fvisibility=hidden -Iinclude -iquote src -I$(BUILD)/include $(SAN)
CFLAGS ?=
LDFLAGS ?=
ALL_CFLAGS := $(BASE_CFLAGS) $(CFLAGS)
DEPFLAGS = -MMD -MP

# multiarch dir of the compiler that builds the BPF objects (clang -dumpmachine
# says x86_64-pc-linux-gnu, which is not a Debian include dir)
ARCH_INC := /usr/include/$(shell $(CLANG) -print-multiarch 2>/dev/null)
BPF_CFLAGS := -O2 -g -target bpf -Wall -Werror -Wno-unused-function \
	-D__TARGET_ARCH_x86 -Iinclude -I$(BUILD)/include -I$(ARCH_INC)

LIB_SRCS := $(sort $(wildcard src/*.c))
LIB_OBJS := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRCS))
CLI_SRCS := $(sort $(wildcard tools/*.c))
CLI_OBJS := $(patsubst tools/%.c,$(BUILD)/tools/%.o,$(CLI_SRCS))
TEST_SRCS := $(sort $(wildcard tests/*.c))
TEST_OBJS := $(patsubst tests/%.c,$(BUILD)/tests/%.o,$(TEST_SRCS))
PROG_SRCS := $(sort $(wildcard tests/progs/*.bpf.c))
PROG_OBJS := $(patsubst tests/progs/%.bpf.c,$(BUILD)/tests/progs/%.bpf.o,$(PROG_SRCS))
PUB_HDRS := $(sort $(wildcard include/bpf/*.h))
HELPER_DEFS := $(BUILD)/include/bpf/bpf_helper_defs.h
UAPI_BPF := $(firstword $(wildcard /usr/include/linux/bpf.h))

STATIC_LIB := $(BUILD)/libbpfkit.a
SHARED_LIB := $(BUILD)/libbpfkit.so.$(VERSION)
SONAME := libbpfkit.so.$(VERSION_MAJOR)
CLI := $(BUILD)/bpfkit
RUNNER := $(BUILD)/tests/runner
REFLOADER := $(BUILD)/tests/ref-loader

.PHONY: all check check-asan install demo clean fuzz bench format
.DEFAULT_GOAL := all

all: $(STATIC_LIB) $(SHARED_LIB) $(CLI) $(HELPER_DEFS)

$(BUILD)/obj/%.o: src/%.c | $(HELPER_DEFS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -DBPFKIT_VERSION='"$(VERSION)"' -c $< -o $@

$(BUILD)/tools/%.o: tools/%.c | $(HELPER_DEFS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(BUILD)/tests/%.o: tests/%.c | $(HELPER_DEFS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -Itests -c $< -o $@

$(STATIC_LIB): $(LIB_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

$(SHARED_LIB): $(LIB_OBJS) src/libbpfkit.map
	$(CC) -shared $(SAN) -Wl,-soname,$(SONAME) \
		-Wl,--version-script=src/libbpfkit.map $(if $(SAN),,-Wl,--no-undefined) \
		$(LIB_OBJS) -o $@ $(LDFLAGS)
	ln -sf $(notdir $@) $(BUILD)/$(SONAME)
	ln -sf $(SONAME) $(BUILD)/libbpfkit.so

$(CLI): $(CLI_OBJS) $(STATIC_LIB)
	$(CC) $(SAN) $(CLI_OBJS) $(STATIC_LIB) -o $@ $(LDFLAGS)

# bpf_helper_defs.h is generated from the installed uapi header's helper
# documentation by our own generator; it is never committed.
$(BUILD)/gen-helper-defs: scripts/gen_helper_defs.c
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -O2 $(WARN) $< -o $@

$(HELPER_DEFS): $(BUILD)/gen-helper-defs $(UAPI_BPF)
	@mkdir -p $(@D)
	$(BUILD)/gen-helper-defs $(UAPI_BPF) > $@.tmp
	mv $@.tmp $@

$(BUILD)/tests/progs/%.bpf.o: tests/progs/%.bpf.c $(PUB_HDRS) $(HELPER_DEFS)
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -Itests/progs -c $< -o $@

$(RUNNER): $(TEST_OBJS) $(STATIC_LIB)
	$(CC) $(SAN) $(TEST_OBJS) $(STATIC_LIB) -o $@ $(LDFLAGS) -lpthread

# Reference loader: a separate binary linked against the system libbpf, used
# by tests to compare against (never linked into bpfkit itself).
$(REFLOADER): tests/ref/ref_loader.c tests/xlated_map.h
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror $< -o $@ -lbpf

# Skeleton test apps (tests/skel/*.c): each includes headers generated at
# build time from tests/progs/skel_*.bpf.o by our CLI, or by bpftool for the
# compatibility checks (a stub saying so when bpftool is not installed).
SKEL_NAMES := $(patsubst tests/progs/%.bpf.c,%,$(filter tests/progs/skel_%,$(PROG_SRCS)))
SKEL_HDRS := $(foreach n,$(SKEL_NAMES),$(addprefix $(BUILD)/tests/skel/$(n),\
	.skel.h .subskel.h .bpftool.skel.h .bpftool.subskel.h))
SKEL_APPS := $(patsubst tests/skel/%.c,$(BUILD)/tests/skel/%,$(wildcard tests/skel/*.c))

$(BUILD)/tests/skel/%.skel.h: $(BUILD)/tests/progs/%.bpf.o $(CLI)
	@mkdir -p $(@D)
	$(CLI) gen skeleton $< > $@.tmp && mv $@.tmp $@

$(BUILD)/tests/skel/%.subskel.h: $(BUILD)/tests/progs/%.bpf.o $(CLI)
	@mkdir -p $(@D)
	$(CLI) gen subskeleton $< > $@.tmp && mv $@.tmp $@

$(BUILD)/tests/skel/%.bpftool.skel.h $(BUILD)/tests/skel/%.bpftool.subskel.h: $(BUILD)/tests/progs/%.bpf.o
	@mkdir -p $(@D)
	if command -v bpftool >/dev/null; then \
		bpftool gen skeleton $< > $(@D)/$*.tmp && \
		mv $(@D)/$*.tmp $(@D)/$*.bpftool.skel.h && \
		bpftool gen subskeleton $< > $(@D)/$*.tmp && \
		mv $(@D)/$*.tmp $(@D)/$*.bpftool.subskel.h; \
	else for f in skel subskel; do \
		echo '#define SKEL_NO_BPFTOOL 1' > $(@D)/$*.bpftool.$$f.h; done; fi

$(SKEL_APPS): $(BUILD)/tests/skel/%: tests/skel/%.c $(wildcard tests/skel/*.h) $(SKEL_HDRS) $(STATIC_LIB)
	$(CC) $(ALL_CFLAGS) -I$(BUILD)/tests/skel -Itests/skel $< $(STATIC_LIB) -o $@ $(LDFLAGS)

TEST_DEPS := $(RUNNER) $(PROG_OBJS) $(CLI) $(SHARED_LIB) $(SKEL_APPS)
ifneq ($(wildcard tests/ref/ref_loader.c),)
TEST_DEPS += $(REFLOADER)
endif

check: $(TEST_DEPS)
	cd $(BUILD)/tests && BPFKIT_ROOT=$(CURDIR) BPFKIT_BUILD=$(abspath $(BUILD)) ./runner $(TESTFLAGS)

check-asan:
	$(MAKE) BUILD=build-asan CC=clang OPT=-O1 \
		SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		check

demo: $(STATIC_LIB) $(SHARED_LIB) $(HELPER_DEFS)
	$(MAKE) -s -C examples BUILD=$(abspath $(BUILD)) run

install: all
	install -d $(DESTDIR)$(INCDIR)/bpf $(DESTDIR)$(LIBDIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(PKGDIR)
	install -m 644 $(PUB_HDRS) $(HELPER_DEFS) $(DESTDIR)$(INCDIR)/bpf/
	install -m 644 $(STATIC_LIB) $(DESTDIR)$(LIBDIR)/
	install -m 755 $(SHARED_LIB) $(DESTDIR)$(LIBDIR)/
	ln -sf $(notdir $(SHARED_LIB)) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libbpfkit.so
	install -m 755 $(CLI) $(DESTDIR)$(BINDIR)/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@INCDIR@|$(INCDIR)|' -e 's|@VERSION@|$(VERSION)|' \
		bpfkit.pc.in > $(DESTDIR)$(PKGDIR)/bpfkit.pc

bench: $(STATIC_LIB) $(CLI)
	$(MAKE) -C bench BUILD=$(abspath $(BUILD))

fuzz: $(PROG_OBJS)
	$(MAKE) -C fuzz BUILD=$(abspath $(BUILD))

format:
	clang-format -i $(LIB_SRCS) $(CLI_SRCS) $(TEST_SRCS) $(PUB_HDRS) src/*.h

clean:
	rm -rf build build-asan

-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d) $(TEST_OBJS:.o=.d)
